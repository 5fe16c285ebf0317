/* Catalog item validation (DESIGN.md "Models", "Authority and visibility";
 * issue 2 "catalog"). Every problem is reported; the first allocation
 * failure stops the walk with FC_ENOMEM.
 *
 * Choices the header leaves open:
 * - icon may be missing or "": the portal then shows its default icon. A
 *   non-empty icon must be a lucide-style name: ^[a-z0-9]+(-[a-z0-9]+)*$.
 * - requires_approval defaults to false and approvals_required to 1; with
 *   requires_approval false, approvals_required above 1 is an error (it
 *   would silently mean nothing).
 * - approvals_required is capped at CATALOG_MAX_APPROVALS: a policy no team
 *   could satisfy is a mistake, and the count feeds an unsigned field.
 * - A template or team whose *_organization fact is missing or null belongs
 *   to no organization, which is "another organization" too: forgetting the
 *   fact must not open the cross-organization hole DESIGN.md closes.
 * - Text fields must not contain NUL: PostgreSQL text cannot store it.
 * - Tags are compared exactly (case-sensitive) for duplicates.
 * - approval_steps (docs/approvals.md): null or [] is the one-step
 *   shorthand of the seed's fields; a non-empty list needs
 *   requires_approval true (steps that never run would silently mean
 *   nothing), and each step's team obeys the same-organization rule. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "errors_internal.h"
#include "forge_catalog/fc_catalog.h"
#include "forge_catalog/fc_limits.h"
#include "json_util.h"

#define CATALOG_MAX_NAME_CHARS 512
#define CATALOG_MAX_SHORT_CHARS 64 /* icon, category, one tag */
#define CATALOG_MAX_TAGS 32
#define CATALOG_MAX_APPROVALS 100
#define CATALOG_MAX_CONTACT_CHARS 512 /* who to ask: a name, an address, a chat channel */

typedef struct check_ctx {
    fc_errors *errors;
    int problems;
} check_ctx;

static int report(check_ctx *ctx, const char *path, fc_check check, const char *format, ...)
    FC_PRINTF(4, 5);

static int report(check_ctx *ctx, const char *path, fc_check check, const char *format, ...)
{
    char message[512];
    va_list args;

    va_start(args, format);
    int len = vsnprintf(message, sizeof(message), format, args);
    va_end(args);
    if (len >= (int)sizeof(message))
        message[fc_utf8_clip(message, sizeof(message) - 1)] = '\0';
    ctx->problems++;
    return fc_errors_add(ctx->errors, path, check, "%s", message);
}

/* One string field. Reports type, NUL, blank (when required), and length:
 * max_chars counts characters (0: no character limit), max_bytes bytes.
 * *ok is 1 when the value is a usable string. */
typedef struct text_rule {
    const char *path;
    int required;
    size_t max_chars;
    size_t max_bytes;
} text_rule;

static int check_text(check_ctx *ctx, const json_t *value, const text_rule *rule, int *ok)
{
    *ok = 0;
    if (value == NULL) {
        if (rule->required)
            return report(ctx, rule->path, FC_CHECK_REQUIRED, "%s is required", rule->path);
        return 0;
    }
    if (!json_is_string(value))
        return report(ctx, rule->path, FC_CHECK_TYPE, "%s must be a string, not %s", rule->path,
                      fc_json_type_name(value));

    const char *text = json_string_value(value);
    size_t bytes = json_string_length(value);
    if (fc_has_nul(text, bytes))
        return report(ctx, rule->path, FC_CHECK_INVALID, "%s must not contain NUL characters",
                      rule->path);
    if (rule->required && fc_utf8_is_blank(text, bytes))
        return report(ctx, rule->path, FC_CHECK_REQUIRED, "%s must not be blank", rule->path);
    /* A byte bound is one of fc_limits.h's hard limits (docs/limits.md):
     * code "limit", as the survey reports it; character bounds are the
     * field's own rule: "too_long". */
    if (rule->max_bytes > 0 && bytes > rule->max_bytes)
        return report(ctx, rule->path, FC_CHECK_LIMIT, "%s must be at most %zu bytes (it has %zu)",
                      rule->path, rule->max_bytes, bytes);
    size_t chars = fc_utf8_chars(text, bytes);
    if (rule->max_chars > 0 && chars > rule->max_chars)
        return report(ctx, rule->path, FC_CHECK_TOO_LONG,
                      "%s must be at most %zu characters (it has %zu)", rule->path, rule->max_chars,
                      chars);
    *ok = 1;
    return 0;
}

/* Lucide names: lowercase ASCII words of letters and digits joined by
 * single hyphens ("server", "arrow-up-1-0"). */
static int is_kebab_name(const char *text, size_t len)
{
    if (len == 0 || text[0] == '-' || text[len - 1] == '-')
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '-') {
            if (text[i + 1] == '-')
                return 0;
        } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            return 0;
        }
    }
    return 1;
}

static int check_icon(check_ctx *ctx, const json_t *value)
{
    const text_rule rule = {"icon", 0, CATALOG_MAX_SHORT_CHARS, 0};
    int ok = 0;

    TRY(check_text(ctx, value, &rule, &ok));
    if (!ok)
        return 0;
    const char *text = json_string_value(value);
    size_t len = json_string_length(value);
    if (len > 0 && !is_kebab_name(text, len))
        return report(ctx, "icon", FC_CHECK_FORMAT,
                      "icon must be a lucide icon name in kebab-case, like \"server-cog\"");
    return 0;
}

static int check_tags(check_ctx *ctx, const json_t *tags)
{
    char path[32];

    if (tags == NULL)
        return 0;
    if (!json_is_array(tags))
        return report(ctx, "tags", FC_CHECK_TYPE, "tags must be a list of strings, not %s",
                      fc_json_type_name(tags));
    size_t count = json_array_size(tags);
    if (count > CATALOG_MAX_TAGS)
        return report(ctx, "tags", FC_CHECK_TOO_LONG,
                      "tags must have at most %d entries (it has %zu)", CATALOG_MAX_TAGS, count);

    for (size_t i = 0; i < count; i++) {
        const json_t *tag = json_array_get(tags, i);
        snprintf(path, sizeof(path), "tags[%zu]", i);
        if (!json_is_string(tag)) {
            TRY(report(ctx, path, FC_CHECK_TYPE, "a tag must be a string, not %s",
                       fc_json_type_name(tag)));
            continue;
        }
        const char *text = json_string_value(tag);
        size_t len = json_string_length(tag);
        if (fc_has_nul(text, len)) {
            TRY(report(ctx, path, FC_CHECK_INVALID, "a tag must not contain NUL characters"));
        } else if (fc_utf8_is_blank(text, len)) {
            TRY(report(ctx, path, FC_CHECK_REQUIRED, "a tag must not be blank"));
        } else if (fc_utf8_chars(text, len) > CATALOG_MAX_SHORT_CHARS) {
            TRY(report(ctx, path, FC_CHECK_TOO_LONG, "a tag must be at most %d characters",
                       CATALOG_MAX_SHORT_CHARS));
        } else {
            /* At most 32 tags: the quadratic scan costs nothing. */
            for (size_t j = 0; j < i; j++) {
                const json_t *earlier = json_array_get(tags, j);
                if (json_is_string(earlier) && json_string_length(earlier) == len &&
                    memcmp(json_string_value(earlier), text, len) == 0) {
                    TRY(report(ctx, path, FC_CHECK_DUPLICATE,
                               "tag \"%s\" is repeated (first at tags[%zu])", text, j));
                    break;
                }
            }
        }
    }
    return 0;
}

/* An id field: missing or null is "not set" (when optional), an integer
 * >= 1 is set. *state: -1 malformed, 0 not set, 1 set (id in *id). */
static int check_id(check_ctx *ctx, const json_t *value, const char *path, int required, int *state,
                    json_int_t *id)
{
    *state = -1;
    if (value == NULL || json_is_null(value)) {
        if (required)
            return report(ctx, path, FC_CHECK_REQUIRED, "%s is required", path);
        *state = 0;
        return 0;
    }
    if (!json_is_integer(value))
        return report(ctx, path, FC_CHECK_TYPE, "%s must be an id (an integer), not %s", path,
                      fc_json_type_name(value));
    if (json_integer_value(value) < 1)
        return report(ctx, path, FC_CHECK_INVALID, "%s must be a positive id", path);
    *id = json_integer_value(value);
    *state = 1;
    return 0;
}

static int check_bool(check_ctx *ctx, const json_t *value, const char *path, int fallback, int *out)
{
    *out = fallback;
    if (value == NULL)
        return 0;
    if (!json_is_boolean(value)) {
        *out = -1;
        return report(ctx, path, FC_CHECK_TYPE, "%s must be true or false, not %s", path,
                      fc_json_type_name(value));
    }
    *out = json_is_true(value);
    return 0;
}

/* DESIGN.md: "The wrapped template and the approver team must belong to the
 * same organization as the item (else any org admin could expose another
 * org's automation)." what names the object in the message. */
static int check_same_org(check_ctx *ctx, const json_t *item, const char *path, const char *org_key,
                          const char *what, json_int_t item_org)
{
    const json_t *org = json_object_get(item, org_key);

    if (org != NULL && !json_is_null(org) && !json_is_integer(org))
        return report(ctx, org_key, FC_CHECK_TYPE, "%s must be an id (an integer), not %s", org_key,
                      fc_json_type_name(org));
    if (json_is_integer(org) && json_integer_value(org) == item_org)
        return 0;
    return report(ctx, path, FC_CHECK_OTHER_ORGANIZATION,
                  "the %s must belong to the catalog item's organization", what);
}

static int check_templates(check_ctx *ctx, const json_t *item, int org_state, json_int_t org)
{
    int jt_state, wfjt_state;
    json_int_t jt = 0, wfjt = 0;

    TRY(check_id(ctx, json_object_get(item, "job_template"), "job_template", 0, &jt_state, &jt));
    TRY(check_id(ctx, json_object_get(item, "workflow_job_template"), "workflow_job_template", 0,
                 &wfjt_state, &wfjt));

    /* Exactly one, judged only on well-formed values so a type error is not
     * reported twice. */
    if (jt_state == 0 && wfjt_state == 0)
        TRY(report(
            ctx, "job_template", FC_CHECK_EXCLUSIVE,
            "exactly one of job_template and workflow_job_template must be set; neither is"));
    if (jt_state == 1 && wfjt_state == 1) {
        TRY(report(ctx, "job_template", FC_CHECK_EXCLUSIVE,
                   "exactly one of job_template and workflow_job_template must be set, not both"));
        TRY(report(ctx, "workflow_job_template", FC_CHECK_EXCLUSIVE,
                   "exactly one of job_template and workflow_job_template must be set, not both"));
    }
    if (org_state != 1)
        return 0;
    if (jt_state == 1)
        TRY(check_same_org(ctx, item, "job_template", "job_template_organization", "job template",
                           org));
    if (wfjt_state == 1)
        TRY(check_same_org(ctx, item, "workflow_job_template", "workflow_job_template_organization",
                           "workflow job template", org));
    return 0;
}

static int check_approval(check_ctx *ctx, const json_t *item, int org_state, json_int_t org)
{
    int requires_approval, team_state;
    json_int_t team = 0;
    const json_t *count = json_object_get(item, "approvals_required");

    TRY(check_bool(ctx, json_object_get(item, "requires_approval"), "requires_approval", 0,
                   &requires_approval));
    TRY(check_id(ctx, json_object_get(item, "approver_team"), "approver_team", 0, &team_state,
                 &team));
    if (team_state == 1 && org_state == 1)
        TRY(check_same_org(ctx, item, "approver_team", "approver_team_organization",
                           "approver team", org));

    if (count == NULL)
        return 0;
    if (!json_is_integer(count))
        return report(ctx, "approvals_required", FC_CHECK_TYPE,
                      "approvals_required must be an integer, not %s", fc_json_type_name(count));
    json_int_t n = json_integer_value(count);
    if (n < 1)
        return report(ctx, "approvals_required", FC_CHECK_TOO_SMALL,
                      "approvals_required must be at least 1");
    if (n > CATALOG_MAX_APPROVALS)
        return report(ctx, "approvals_required", FC_CHECK_TOO_LARGE,
                      "approvals_required must be at most %d", CATALOG_MAX_APPROVALS);
    if (n > 1 && requires_approval == 0)
        return report(ctx, "approvals_required", FC_CHECK_INVALID,
                      "approvals_required must be 1 when requires_approval is false");
    return 0;
}

static int check_quorum(check_ctx *ctx, const json_t *count, const char *path)
{
    if (count == NULL)
        return report(ctx, path, FC_CHECK_REQUIRED, "%s is required", path);
    if (!json_is_integer(count))
        return report(ctx, path, FC_CHECK_TYPE, "%s must be an integer, not %s", path,
                      fc_json_type_name(count));
    if (json_integer_value(count) < 1)
        return report(ctx, path, FC_CHECK_TOO_SMALL, "%s must be at least 1", path);
    if (json_integer_value(count) > CATALOG_MAX_APPROVALS)
        return report(ctx, path, FC_CHECK_TOO_LARGE, "%s must be at most %d", path,
                      CATALOG_MAX_APPROVALS);
    return 0;
}

static int check_step(check_ctx *ctx, const json_t *step, size_t index, int org_state,
                      json_int_t org)
{
    char path[64], field[96];
    int ok, team_state;
    json_int_t team = 0;

    snprintf(path, sizeof(path), "approval_steps[%zu]", index);
    if (!json_is_object(step))
        return report(ctx, path, FC_CHECK_TYPE, "%s must be an object, not %s", path,
                      fc_json_type_name(step));
    snprintf(field, sizeof(field), "%s.title", path);
    text_rule title_rule = {field, 0, CATALOG_MAX_NAME_CHARS, 0};
    TRY(check_text(ctx, json_object_get(step, "title"), &title_rule, &ok));
    snprintf(field, sizeof(field), "%s.approver_team", path);
    TRY(check_id(ctx, json_object_get(step, "approver_team"), field, 0, &team_state, &team));
    if (team_state == 1 && org_state == 1)
        TRY(check_same_org(ctx, step, field, "approver_team_organization", "step's approver team",
                           org));
    snprintf(field, sizeof(field), "%s.quorum", path);
    return check_quorum(ctx, json_object_get(step, "quorum"), field);
}

static int check_steps(check_ctx *ctx, const json_t *item, int org_state, json_int_t org)
{
    const json_t *steps = json_object_get(item, "approval_steps");
    const json_t *requires = json_object_get(item, "requires_approval");

    if (steps == NULL || json_is_null(steps))
        return 0;
    if (!json_is_array(steps))
        return report(ctx, "approval_steps", FC_CHECK_TYPE, "approval_steps must be a list, not %s",
                      fc_json_type_name(steps));
    if (json_array_size(steps) > FC_LIMIT_MAX_STEPS)
        return report(ctx, "approval_steps", FC_CHECK_TOO_LARGE,
                      "approval_steps may have at most %d steps", FC_LIMIT_MAX_STEPS);
    if (json_array_size(steps) > 0 && (requires == NULL || json_is_false(requires)))
        TRY(report(ctx, "approval_steps", FC_CHECK_INVALID,
                   "approval_steps must be empty when requires_approval is false"));
    for (size_t i = 0; i < json_array_size(steps); i++)
        TRY(check_step(ctx, json_array_get(steps, i), i, org_state, org));
    return 0;
}

/* The team whose members may submit besides the organization's members
 * (awx-facts.md "Roles"): the same-organization rule binds it too, or an
 * org admin could open an item to another organization's team. */
static int check_audience(check_ctx *ctx, const json_t *item, int org_state, json_int_t org)
{
    int team_state;
    json_int_t team = 0;

    TRY(check_id(ctx, json_object_get(item, "audience_team"), "audience_team", 0, &team_state,
                 &team));
    if (team_state == 1 && org_state == 1)
        TRY(check_same_org(ctx, item, "audience_team", "audience_team_organization",
                           "audience team", org));
    return 0;
}

static int check_item(check_ctx *ctx, const json_t *item)
{
    static const text_rule name_rule = {"name", 1, CATALOG_MAX_NAME_CHARS, 0};
    static const text_rule description_rule = {"description", 0, 0, FC_LIMIT_MAX_TEXT_LEN};
    static const text_rule category_rule = {"category", 0, CATALOG_MAX_SHORT_CHARS, 0};
    static const text_rule contact_rule = {"contact", 0, CATALOG_MAX_CONTACT_CHARS, 0};
    int ok, org_state, enabled, justification_required;
    json_int_t org = 0;

    TRY(check_id(ctx, json_object_get(item, "organization"), "organization", 1, &org_state, &org));
    TRY(check_text(ctx, json_object_get(item, "name"), &name_rule, &ok));
    TRY(check_text(ctx, json_object_get(item, "description"), &description_rule, &ok));
    TRY(check_icon(ctx, json_object_get(item, "icon")));
    TRY(check_text(ctx, json_object_get(item, "category"), &category_rule, &ok));
    TRY(check_tags(ctx, json_object_get(item, "tags")));
    TRY(check_templates(ctx, item, org_state, org));
    TRY(check_approval(ctx, item, org_state, org));
    TRY(check_steps(ctx, item, org_state, org));
    TRY(check_audience(ctx, item, org_state, org));
    TRY(check_bool(ctx, json_object_get(item, "enabled"), "enabled", 1, &enabled));
    TRY(check_text(ctx, json_object_get(item, "contact"), &contact_rule, &ok));
    TRY(check_bool(ctx, json_object_get(item, "justification_required"), "justification_required",
                   0, &justification_required));
    return 0;
}

int fc_catalog_validate(fc_errors *errors, const json_t *item)
{
    check_ctx ctx = {errors, 0};
    int rc;

    if (item == NULL)
        return FC_EINVAL;
    if (!json_is_object(item))
        rc = report(&ctx, "", FC_CHECK_TYPE, "a catalog item must be a JSON object, not %s",
                    fc_json_type_name(item));
    else
        rc = check_item(&ctx, item);
    if (rc != 0)
        return rc;
    return ctx.problems > 0 ? FC_EVALIDATION : 0;
}
