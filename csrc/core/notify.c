/* The same-organization rule for notification templates (fc_notify.h;
 * DESIGN.md "Authority and visibility" binds an item's template and teams
 * the same way, csrc/core/catalog.c). The caller looked the templates up;
 * the core says which may be used. */
#include <stdio.h>
#include <string.h>

#include "errors_internal.h"
#include "forge_catalog/fc_bigint.h"
#include "forge_catalog/fc_notify.h"

/* A template id as the caller gave it: a JSON integer, or one beyond 64
 * bits (fc_bigint.h), which the message shows exactly. */
static int id_text(const json_t *id, char *buffer, size_t size)
{
    const char *digits;
    size_t len;

    if (json_is_integer(id)) {
        snprintf(buffer, size, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
        return 0;
    }
    if (fc_bigint_text(id, &digits, &len) && len < size) {
        memcpy(buffer, digits, len + 1);
        return 0;
    }
    return FC_EINVAL;
}

/* The entry's verdict: 1 usable, 0 refused, or FC_EINVAL for a bad shape;
 * id_out gets the id's text. organization: the item's (NULL: none). */
static int usable(const json_t *entry, const json_t *organization, char *id_out, size_t size)
{
    if (!json_is_object(entry) || !json_is_string(json_object_get(entry, "path")))
        return FC_EINVAL;
    if (id_text(json_object_get(entry, "id"), id_out, size) != 0)
        return FC_EINVAL;
    const json_t *owner = json_object_get(entry, "organization");
    return json_is_integer(organization) && json_is_integer(owner) &&
           json_integer_value(owner) == json_integer_value(organization);
}

int fc_notify_check_templates(fc_errors *errors, const json_t *facts)
{
    const json_t *organization = json_object_get(facts, "organization");
    const json_t *templates = json_object_get(facts, "templates");
    int refused = 0;
    char id[64];

    if (!json_is_object(facts) || !json_is_array(templates) ||
        !(json_is_integer(organization) || json_is_null(organization)))
        return FC_EINVAL;
    /* Shape first, so a bad call reports nothing at all. */
    for (size_t i = 0; i < json_array_size(templates); i++) {
        if (usable(json_array_get(templates, i), NULL, id, sizeof(id)) < 0)
            return FC_EINVAL;
    }
    for (size_t i = 0; i < json_array_size(templates); i++) {
        const json_t *entry = json_array_get(templates, i);
        if (usable(entry, organization, id, sizeof(id)))
            continue;
        refused++;
        int rc = fc_errors_add(
            errors, json_string_value(json_object_get(entry, "path")), FC_CHECK_OTHER_ORGANIZATION,
            "notification template %s does not exist in the item's organization", id);
        if (rc != 0)
            return rc;
    }
    return refused > 0 ? FC_EVALIDATION : 0;
}
