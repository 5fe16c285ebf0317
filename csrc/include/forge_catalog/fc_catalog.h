/* Catalog item validation (DESIGN.md "Models", issue 2 "catalog"). */
#ifndef FORGE_CATALOG_FC_CATALOG_H
#define FORGE_CATALOG_FC_CATALOG_H

#include <jansson.h>

#include "fc_errors.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Validate a catalog item given as a JSON object with the keys
 *   name, description, icon, category, tags, job_template,
 *   workflow_job_template, requires_approval, approvals_required, enabled,
 *   organization, job_template_organization,
 *   workflow_job_template_organization, approver_team,
 *   approver_team_organization, audience_team, audience_team_organization,
 *   contact (who to ask about the item: text, at most 512 characters),
 *   justification_required (bool: submit needs a non-blank justification)
 *   approval_steps (null or a list of at most FC_LIMIT_MAX_STEPS objects
 *   {title, approver_team, approver_team_organization, quorum}; errors at
 *   approval_steps[i].<key>; docs/approvals.md)
 * (template/team keys hold ids or null; *_organization the id of the
 * organization that object belongs to). Missing optional keys take the
 * model's defaults. Reports every problem (path = the field name, tags[i]
 * for one tag) and returns FC_EVALIDATION if there was any, 0 otherwise. */
int fc_catalog_validate(fc_errors *errors, const json_t *item);

#ifdef __cplusplus
}
#endif
#endif
