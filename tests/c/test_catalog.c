/* Catalog item validation (csrc/core/catalog.c, fc_catalog.h) and the JSON
 * helpers it uses (csrc/core/json_util.c). Each case asserts the verdict and
 * the {path, code, message} a client would be shown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "json_util.h"

/* A valid item: every test starts from it and changes one thing. */
static json_t *base_item(void)
{
    json_error_t error;
    json_t *item = json_loads("{\"organization\": 1, \"name\": \"Restart nginx\","
                              " \"description\": \"Restarts nginx on one host\","
                              " \"icon\": \"server-cog\", \"category\": \"Web\","
                              " \"tags\": [\"nginx\", \"web\"], \"job_template\": 5,"
                              " \"job_template_organization\": 1, \"workflow_job_template\": null,"
                              " \"requires_approval\": true, \"approvals_required\": 1,"
                              " \"approver_team\": 9, \"approver_team_organization\": 1,"
                              " \"enabled\": true}",
                              0, &error);
    assert_non_null(item);
    return item;
}

static json_t *parse(const char *text)
{
    json_error_t error;
    json_t *value = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &error);
    if (value == NULL)
        fail_msg("bad test JSON %s: %s", text, error.text);
    return value;
}

typedef struct fixture {
    fc_errors *errors;
    json_t *item;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    if (fx == NULL || fc_errors_new(&fx->errors) != 0)
        return -1;
    fx->item = base_item();
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    json_decref(fx->item);
    fc_errors_free(fx->errors);
    free(fx);
    return 0;
}

/* Set key to the JSON text value (or remove it when value is NULL). */
static void set(fixture *fx, const char *key, const char *value)
{
    if (value == NULL)
        json_object_del(fx->item, key);
    else
        assert_int_equal(json_object_set_new(fx->item, key, parse(value)), 0);
}

static int validate(fixture *fx)
{
    fc_errors_clear(fx->errors);
    int rc = fc_catalog_validate(fx->errors, fx->item);
    /* The verdict never depends on whether the caller wants the details. */
    assert_int_equal(fc_catalog_validate(NULL, fx->item), rc);
    return rc;
}

/* The item has exactly one problem: at path, with code and message. */
static void assert_one(fixture *fx, const char *path, const char *code, const char *message)
{
    assert_int_equal(validate(fx), FC_EVALIDATION);
    assert_int_equal(fc_errors_count(fx->errors), 1);
    assert_error_at(fx->errors, 0, path, code);
    if (message != NULL)
        assert_message_at(fx->errors, 0, message);
}

static void assert_valid(fixture *fx)
{
    int rc = validate(fx);
    if (rc != 0) {
        fail_msg("expected valid, got %d; first error %s: %s", rc, fc_errors_path(fx->errors, 0),
                 fc_errors_message(fx->errors, 0));
    }
    assert_int_equal(fc_errors_count(fx->errors), 0);
}

/* JSON text of a string made of count copies of unit. */
static char *repeated(const char *unit, size_t count)
{
    size_t len = strlen(unit);
    char *text = malloc(len * count + 3);
    assert_non_null(text);
    text[0] = '"';
    for (size_t i = 0; i < count; i++)
        memcpy(text + 1 + i * len, unit, len);
    text[1 + len * count] = '"';
    text[2 + len * count] = '\0';
    return text;
}

static void set_repeated(fixture *fx, const char *key, const char *unit, size_t count)
{
    char *text = repeated(unit, count);
    set(fx, key, text);
    free(text);
}

static void valid_items(void **state)
{
    fixture *fx = *state;
    assert_valid(fx);
    /* Minimal: only what has no default. */
    json_decref(fx->item);
    fx->item = parse("{\"organization\": 3, \"name\": \"x\", \"workflow_job_template\": 4,"
                     " \"workflow_job_template_organization\": 3}");
    assert_valid(fx);
    /* Unknown keys are ignored. */
    set(fx, "colour", "\"blue\"");
    set(fx, "id", "[1, 2]");
    assert_valid(fx);
}

static void non_object_is_one_error_at_the_root(void **state)
{
    fixture *fx = *state;
    static const char *const values[] = {"[]", "\"item\"", "null", "3", "true"};
    static const char *const messages[] = {
        "a catalog item must be a JSON object, not array",
        "a catalog item must be a JSON object, not string",
        "a catalog item must be a JSON object, not null",
        "a catalog item must be a JSON object, not integer",
        "a catalog item must be a JSON object, not boolean",
    };
    for (size_t i = 0; i < 5; i++) {
        json_decref(fx->item);
        fx->item = parse(values[i]);
        assert_one(fx, "", "type", messages[i]);
    }
    assert_int_equal(fc_catalog_validate(fx->errors, NULL), FC_EINVAL);
}

static void name_rules(void **state)
{
    fixture *fx = *state;
    set(fx, "name", NULL);
    assert_one(fx, "name", "required", "name is required");
    set(fx, "name", "\"\"");
    assert_one(fx, "name", "required", "name must not be blank");
    set(fx, "name", "\" \\t\\n \"");
    assert_one(fx, "name", "required", "name must not be blank");
    /* Unicode spaces are blank too (U+3000, U+00A0), as for str.strip(). */
    set(fx, "name", "\"\\u3000\\u00a0\"");
    assert_one(fx, "name", "required", "name must not be blank");
    set(fx, "name", "42");
    assert_one(fx, "name", "type", "name must be a string, not integer");
    set(fx, "name", "null");
    assert_one(fx, "name", "type", "name must be a string, not null");
    set(fx, "name", "\"a\\u0000b\"");
    assert_one(fx, "name", "invalid", "name must not contain NUL characters");
    /* 512 characters is the limit, counted in characters, not bytes. */
    set_repeated(fx, "name", "\xc3\xa9", 512);
    assert_valid(fx);
    set_repeated(fx, "name", "\xf0\x9f\x9a\x80", 512);
    assert_valid(fx);
    set_repeated(fx, "name", "n", 513);
    assert_one(fx, "name", "too_long", "name must be at most 512 characters (it has 513)");
    set_repeated(fx, "name", "\xc3\xa9", 513);
    assert_one(fx, "name", "too_long", "name must be at most 512 characters (it has 513)");
}

static void description_rules(void **state)
{
    fixture *fx = *state;
    set(fx, "description", NULL);
    assert_valid(fx);
    set(fx, "description", "\"\"");
    assert_valid(fx);
    set_repeated(fx, "description", "d", FC_LIMIT_MAX_TEXT_LEN);
    assert_valid(fx);
    set_repeated(fx, "description", "d", FC_LIMIT_MAX_TEXT_LEN + 1);
    assert_one(fx, "description", "limit",
               "description must be at most 65536 bytes (it has 65537)");
    set(fx, "description", "null");
    assert_one(fx, "description", "type", "description must be a string, not null");
}

static void icon_rules(void **state)
{
    fixture *fx = *state;
    static const char *const good[] = {"\"server\"", "\"server-cog\"", "\"arrow-up-1-0\"",
                                       "\"x\"",      "\"3d\"",         "\"\""};
    static const char *const bad[] = {"\"Server\"",     "\"server--cog\"", "\"-server\"",
                                      "\"server-\"",    "\"server cog\"",  "\"s\\u00e9rver\"",
                                      "\"server_cog\"", "\"-\"",           "\" \""};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        set(fx, "icon", good[i]);
        assert_valid(fx);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        set(fx, "icon", bad[i]);
        assert_one(fx, "icon", "format",
                   "icon must be a lucide icon name in kebab-case, like \"server-cog\"");
    }
    set(fx, "icon", NULL);
    assert_valid(fx);
    set_repeated(fx, "icon", "a", 64);
    assert_valid(fx);
    set_repeated(fx, "icon", "a", 65);
    assert_one(fx, "icon", "too_long", "icon must be at most 64 characters (it has 65)");
    set(fx, "icon", "7");
    assert_one(fx, "icon", "type", "icon must be a string, not integer");
}

static void category_rules(void **state)
{
    fixture *fx = *state;
    set(fx, "category", "\"\"");
    assert_valid(fx);
    set_repeated(fx, "category", "\xe2\x82\xac", 64);
    assert_valid(fx);
    set_repeated(fx, "category", "c", 65);
    assert_one(fx, "category", "too_long", "category must be at most 64 characters (it has 65)");
    set(fx, "category", "[\"Web\"]");
    assert_one(fx, "category", "type", "category must be a string, not array");
}

static void tags_rules(void **state)
{
    fixture *fx = *state;
    set(fx, "tags", "[]");
    assert_valid(fx);
    set(fx, "tags", NULL);
    assert_valid(fx);
    set(fx, "tags", "\"nginx,web\"");
    assert_one(fx, "tags", "type", "tags must be a list of strings, not string");
    set(fx, "tags", "null");
    assert_one(fx, "tags", "type", "tags must be a list of strings, not null");

    /* 32 tags fit, 33 do not (one error, the entries are not read). */
    json_t *tags = json_array();
    char tag[16];
    for (int i = 0; i < 33; i++) {
        snprintf(tag, sizeof(tag), "t%d", i);
        json_array_append_new(tags, json_string(tag));
        if (i == 31) {
            json_object_set(fx->item, "tags", tags);
            assert_valid(fx);
        }
    }
    json_object_set_new(fx->item, "tags", tags);
    assert_one(fx, "tags", "too_long", "tags must have at most 32 entries (it has 33)");

    /* Every bad entry is reported at its index. */
    char *long_tag = repeated("x", 65);
    char text[256];
    snprintf(text, sizeof(text), "[\"a\", 1, \"\", \" \", \"a\", %s, \"b\", \"A\", \"b\"]",
             long_tag);
    free(long_tag);
    set(fx, "tags", text);
    assert_int_equal(validate(fx), FC_EVALIDATION);
    assert_int_equal(fc_errors_count(fx->errors), 6);
    assert_error_at(fx->errors, 0, "tags[1]", "type");
    assert_message_at(fx->errors, 0, "a tag must be a string, not integer");
    assert_error_at(fx->errors, 1, "tags[2]", "required");
    assert_message_at(fx->errors, 1, "a tag must not be blank");
    assert_error_at(fx->errors, 2, "tags[3]", "required");
    assert_error_at(fx->errors, 3, "tags[4]", "duplicate");
    assert_message_at(fx->errors, 3, "tag \"a\" is repeated (first at tags[0])");
    assert_error_at(fx->errors, 4, "tags[5]", "too_long");
    assert_message_at(fx->errors, 4, "a tag must be at most 64 characters");
    /* "A" differs from "a": duplicates are exact. */
    assert_error_at(fx->errors, 5, "tags[8]", "duplicate");
    assert_message_at(fx->errors, 5, "tag \"b\" is repeated (first at tags[6])");
}

static void exactly_one_template(void **state)
{
    fixture *fx = *state;
    set(fx, "job_template", "null");
    assert_one(fx, "job_template", "exclusive",
               "exactly one of job_template and workflow_job_template must be set; neither is");
    set(fx, "job_template", NULL);
    set(fx, "workflow_job_template", NULL);
    assert_one(fx, "job_template", "exclusive", NULL);

    set(fx, "job_template", "5");
    set(fx, "workflow_job_template", "6");
    set(fx, "workflow_job_template_organization", "1");
    assert_int_equal(validate(fx), FC_EVALIDATION);
    assert_int_equal(fc_errors_count(fx->errors), 2);
    assert_error_at(fx->errors, 0, "job_template", "exclusive");
    assert_message_at(
        fx->errors, 0,
        "exactly one of job_template and workflow_job_template must be set, not both");
    assert_error_at(fx->errors, 1, "workflow_job_template", "exclusive");

    set(fx, "job_template", "null");
    assert_valid(fx);

    /* A malformed id is a type problem, not also an exclusivity one. */
    set(fx, "job_template", "\"5\"");
    set(fx, "workflow_job_template", "null");
    assert_one(fx, "job_template", "type", "job_template must be an id (an integer), not string");
    set(fx, "job_template", "0");
    assert_one(fx, "job_template", "invalid", "job_template must be a positive id");
    set(fx, "job_template", "5.0");
    assert_one(fx, "job_template", "type", "job_template must be an id (an integer), not real");
}

static void same_organization_rule(void **state)
{
    fixture *fx = *state;
    set(fx, "job_template_organization", "2");
    assert_one(fx, "job_template", "other_organization",
               "the job template must belong to the catalog item's organization");
    /* A template in no organization, or a caller that forgot the fact. */
    set(fx, "job_template_organization", "null");
    assert_one(fx, "job_template", "other_organization", NULL);
    set(fx, "job_template_organization", NULL);
    assert_one(fx, "job_template", "other_organization", NULL);
    set(fx, "job_template_organization", "\"1\"");
    assert_one(fx, "job_template_organization", "type",
               "job_template_organization must be an id (an integer), not string");
    set(fx, "job_template_organization", "1");

    set(fx, "approver_team_organization", "7");
    assert_one(fx, "approver_team", "other_organization",
               "the approver team must belong to the catalog item's organization");
    set(fx, "approver_team", "null");
    assert_valid(fx);

    set(fx, "audience_team", "11");
    set(fx, "audience_team_organization", "1");
    assert_valid(fx);
    set(fx, "audience_team_organization", "7");
    assert_one(fx, "audience_team", "other_organization",
               "the audience team must belong to the catalog item's organization");
    set(fx, "audience_team", "\"11\"");
    assert_one(fx, "audience_team", "type", NULL);
    set(fx, "audience_team", "null");
    assert_valid(fx);

    set(fx, "job_template", "null");
    set(fx, "workflow_job_template", "8");
    set(fx, "workflow_job_template_organization", "2");
    assert_one(fx, "workflow_job_template", "other_organization",
               "the workflow job template must belong to the catalog item's organization");
}

static void organization_rules(void **state)
{
    fixture *fx = *state;
    /* Without a usable organization the same-organization checks are
     * skipped: the one problem is the organization itself. */
    set(fx, "organization", NULL);
    assert_one(fx, "organization", "required", "organization is required");
    set(fx, "organization", "null");
    assert_one(fx, "organization", "required", "organization is required");
    set(fx, "organization", "\"1\"");
    assert_one(fx, "organization", "type", "organization must be an id (an integer), not string");
    set(fx, "organization", "-1");
    assert_one(fx, "organization", "invalid", "organization must be a positive id");
}

static void boolean_fields(void **state)
{
    fixture *fx = *state;
    set(fx, "enabled", "1");
    assert_one(fx, "enabled", "type", "enabled must be true or false, not integer");
    set(fx, "enabled", "null");
    assert_one(fx, "enabled", "type", "enabled must be true or false, not null");
    set(fx, "enabled", "false");
    assert_valid(fx);
    set(fx, "requires_approval", "\"yes\"");
    assert_one(fx, "requires_approval", "type",
               "requires_approval must be true or false, not string");
    set(fx, "requires_approval", "false");
    assert_valid(fx);
}

static void contact_and_justification_fields(void **state)
{
    fixture *fx = *state;
    set(fx, "contact", "\"#platform-help on chat\"");
    assert_valid(fx);
    set_repeated(fx, "contact", "c", 512);
    assert_valid(fx);
    set_repeated(fx, "contact", "c", 513);
    assert_one(fx, "contact", "too_long", "contact must be at most 512 characters (it has 513)");
    set(fx, "contact", "3");
    assert_one(fx, "contact", "type", "contact must be a string, not integer");
    set(fx, "contact", NULL);
    set(fx, "justification_required", "true");
    assert_valid(fx);
    set(fx, "justification_required", "\"yes\"");
    assert_one(fx, "justification_required", "type",
               "justification_required must be true or false, not string");
}

static void approvals_required_rules(void **state)
{
    fixture *fx = *state;
    set(fx, "approvals_required", "0");
    assert_one(fx, "approvals_required", "too_small", "approvals_required must be at least 1");
    set(fx, "approvals_required", "-3");
    assert_one(fx, "approvals_required", "too_small", NULL);
    set(fx, "approvals_required", "101");
    assert_one(fx, "approvals_required", "too_large", "approvals_required must be at most 100");
    set(fx, "approvals_required", "100");
    assert_valid(fx);
    set(fx, "approvals_required", "2.0");
    assert_one(fx, "approvals_required", "type", "approvals_required must be an integer, not real");
    set(fx, "approvals_required", "\"2\"");
    assert_one(fx, "approvals_required", "type", NULL);
    set(fx, "approvals_required", "true");
    assert_one(fx, "approvals_required", "type",
               "approvals_required must be an integer, not boolean");
    /* Only meaningful when approval is required. */
    set(fx, "approvals_required", "2");
    set(fx, "requires_approval", "false");
    assert_one(fx, "approvals_required", "invalid",
               "approvals_required must be 1 when requires_approval is false");
    set(fx, "requires_approval", NULL); /* default false */
    assert_one(fx, "approvals_required", "invalid", NULL);
    set(fx, "approvals_required", "1");
    assert_valid(fx);
    set(fx, "approvals_required", NULL); /* default 1 */
    assert_valid(fx);
}

/* docs/approvals.md "The policy model". */
static void approval_steps_rules(void **state)
{
    fixture *fx = *state;
    set(fx, "approval_steps", "null");
    assert_valid(fx);
    set(fx, "approval_steps", "[]");
    assert_valid(fx);
    set(fx, "approval_steps",
        "[{\"title\": \"Security\", \"approver_team\": 9, \"approver_team_organization\": 1,"
        " \"quorum\": 2}, {\"approver_team\": null, \"quorum\": 1}]");
    assert_valid(fx);
    /* The same-organization rule binds every step's team. */
    set(fx, "approval_steps",
        "[{\"approver_team\": 9, \"approver_team_organization\": 1, \"quorum\": 1},"
        " {\"approver_team\": 12, \"approver_team_organization\": 2, \"quorum\": 1}]");
    assert_one(fx, "approval_steps[1].approver_team", "other_organization",
               "the step's approver team must belong to the catalog item's organization");
    set(fx, "approval_steps", "[{\"approver_team\": 12, \"quorum\": 1}]");
    assert_one(fx, "approval_steps[0].approver_team", "other_organization", NULL);
    /* Quorum: required, an integer, 1..100. */
    set(fx, "approval_steps", "[{\"quorum\": 0}]");
    assert_one(fx, "approval_steps[0].quorum", "too_small",
               "approval_steps[0].quorum must be at least 1");
    set(fx, "approval_steps", "[{\"quorum\": 1}, {\"quorum\": 101}]");
    assert_one(fx, "approval_steps[1].quorum", "too_large",
               "approval_steps[1].quorum must be at most 100");
    set(fx, "approval_steps", "[{}]");
    assert_one(fx, "approval_steps[0].quorum", "required", "approval_steps[0].quorum is required");
    set(fx, "approval_steps", "[{\"quorum\": \"2\"}]");
    assert_one(fx, "approval_steps[0].quorum", "type", NULL);
    /* Shapes and the title. */
    set(fx, "approval_steps", "{\"quorum\": 1}");
    assert_one(fx, "approval_steps", "type", "approval_steps must be a list, not object");
    set(fx, "approval_steps", "[3]");
    assert_one(fx, "approval_steps[0]", "type", "approval_steps[0] must be an object, not integer");
    set(fx, "approval_steps", "[{\"title\": 5, \"quorum\": 1}]");
    assert_one(fx, "approval_steps[0].title", "type", NULL);
    set(fx, "approval_steps", "[{\"approver_team\": \"sec\", \"quorum\": 1}]");
    assert_one(fx, "approval_steps[0].approver_team", "type", NULL);
    /* At most FC_LIMIT_MAX_STEPS steps. */
    char many[32 * (FC_LIMIT_MAX_STEPS + 1) + 8] = "[";
    for (int i = 0; i <= FC_LIMIT_MAX_STEPS; i++)
        strcat(many, i == 0 ? "{\"quorum\": 1}" : ", {\"quorum\": 1}");
    strcat(many, "]");
    set(fx, "approval_steps", many);
    assert_one(fx, "approval_steps", "too_large", "approval_steps may have at most 20 steps");
    /* Steps that never run are a mistake. */
    set(fx, "approval_steps", "[{\"quorum\": 1}]");
    set(fx, "requires_approval", "false");
    assert_one(fx, "approval_steps", "invalid",
               "approval_steps must be empty when requires_approval is false");
    set(fx, "requires_approval", NULL);
    assert_one(fx, "approval_steps", "invalid", NULL);
    set(fx, "approval_steps", "[]");
    assert_valid(fx);
}

static void all_problems_reported_together(void **state)
{
    fixture *fx = *state;
    json_decref(fx->item);
    fx->item = parse("{\"organization\": 1, \"name\": \" \", \"description\": 3,"
                     " \"icon\": \"Bad Icon\", \"category\": false, \"tags\": [\"\"],"
                     " \"job_template\": 5, \"job_template_organization\": 2,"
                     " \"approver_team\": 4, \"approver_team_organization\": 3,"
                     " \"requires_approval\": false, \"approvals_required\": 3,"
                     " \"enabled\": \"no\"}");
    static const char *const expected[][2] = {
        {"name", "required"},
        {"description", "type"},
        {"icon", "format"},
        {"category", "type"},
        {"tags[0]", "required"},
        {"job_template", "other_organization"},
        {"approver_team", "other_organization"},
        {"approvals_required", "invalid"},
        {"enabled", "type"},
    };
    size_t n = sizeof(expected) / sizeof(expected[0]);
    assert_int_equal(validate(fx), FC_EVALIDATION);
    assert_int_equal(fc_errors_count(fx->errors), n);
    for (size_t i = 0; i < n; i++)
        assert_error_at(fx->errors, i, expected[i][0], expected[i][1]);
}

static void messages_stay_valid_utf8_when_cut(void **state)
{
    (void)state;
    /* "é" is 2 bytes: a cut after the first byte must drop it. */
    assert_int_equal(fc_utf8_clip("ab\xc3\xa9", 3), 2);
    assert_int_equal(fc_utf8_clip("ab\xc3\xa9", 4), 4);
    /* 4-byte sequence cut after 1, 2 or 3 bytes. */
    assert_int_equal(fc_utf8_clip("a\xf0\x9f\x9a\x80", 2), 1);
    assert_int_equal(fc_utf8_clip("a\xf0\x9f\x9a\x80", 3), 1);
    assert_int_equal(fc_utf8_clip("a\xf0\x9f\x9a\x80", 4), 1);
    assert_int_equal(fc_utf8_clip("a\xf0\x9f\x9a\x80", 5), 5);
    assert_int_equal(fc_utf8_clip("abc", 3), 3);
    assert_int_equal(fc_utf8_clip("", 0), 0);
}

static void json_helpers(void **state)
{
    (void)state;
    assert_int_equal(fc_utf8_chars("h\xc3\xa9llo \xf0\x9f\x9a\x80", 11), 7);
    assert_int_equal(fc_utf8_is_blank("", 0), 1);
    assert_int_equal(fc_utf8_is_blank(" \t\r\n\v\f", 6), 1);
    assert_int_equal(fc_utf8_is_blank("\xe2\x80\x83", 3), 1); /* U+2003 em space */
    assert_int_equal(fc_utf8_is_blank("\xe2\x80\x8b", 3), 0); /* U+200B is not space */
    assert_int_equal(fc_utf8_is_blank(" x ", 3), 0);
    assert_int_equal(fc_utf8_is_blank("\xe2\x80", 2), 0); /* truncated: not blank */
    assert_int_equal(fc_has_nul("a\0b", 3), 1);
    assert_int_equal(fc_has_nul("ab", 2), 0);
    json_t *values = parse("[{}, [], \"\", 1, 1.5, true, false, null]");
    static const char *const names[] = {"object", "array",   "string",  "integer",
                                        "real",   "boolean", "boolean", "null"};
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(fc_json_type_name(json_array_get(values, i)), names[i]);
    json_decref(values);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
static const struct CMUnitTest catalog_tests[] = {
    T(valid_items),
    T(non_object_is_one_error_at_the_root),
    T(name_rules),
    T(description_rules),
    T(icon_rules),
    T(category_rules),
    T(tags_rules),
    T(exactly_one_template),
    T(same_organization_rule),
    T(organization_rules),
    T(boolean_fields),
    T(contact_and_justification_fields),
    T(approvals_required_rules),
    T(approval_steps_rules),
    T(all_problems_reported_together),
    cmocka_unit_test(messages_stay_valid_utf8_when_cut),
    cmocka_unit_test(json_helpers),
};

FC_TEST_MAIN(catalog_tests)
