/* The same-organization rule for the controller notification templates a
 * catalog item, a step or an organization's defaults name
 * (docs/notifications.md): every template must belong to the item's
 * organization (else an org admin could make another organization's
 * channels carry their messages), and one of another organization reads
 * exactly like one that does not exist (no existence leak). */
#ifndef FORGE_CATALOG_FC_NOTIFY_H
#define FORGE_CATALOG_FC_NOTIFY_H

#include <jansson.h>

#include "fc_errors.h"

#ifdef __cplusplus
extern "C" {
#endif

/* facts: {"organization": the item's organization id (null: an item of no
 *                          organization, which may name no template),
 *         "templates": [{"path": where the caller named it, e.g.
 *                        "notification_templates.approval_needed[0]",
 *                        "id": the template id named there,
 *                        "organization": the template's organization id, or
 *                        null when the controller has no such template}, ...]}
 * Reports an other_organization problem at the path of each template that
 * is not the item's organization's (a missing or null organization is
 * never it), in the order given. Returns FC_EVALIDATION if there was any,
 * 0 if none, FC_EINVAL when facts is NULL or not of this shape, FC_ENOMEM.
 * errors may be NULL (the verdict alone). */
int fc_notify_check_templates(fc_errors *errors, const json_t *facts);

#ifdef __cplusplus
}
#endif
#endif
