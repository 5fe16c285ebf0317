/* The same-organization rule for notification templates
 * (csrc/core/notify.c, fc_notify.h; docs/notifications.md): each case
 * asserts the verdict and the {path, code, message} the API shows. */
#include <string.h>

#include "harness.h"

static json_t *parse(const char *text)
{
    json_error_t error;
    json_t *value = json_loads(text, JSON_DECODE_ANY, &error);
    if (value == NULL)
        fail_msg("bad test JSON %s: %s", text, error.text);
    return value;
}

/* The verdict for facts given as JSON text; *errors gets the details. */
static int check(fc_errors **errors, const char *facts_text)
{
    json_t *facts = parse(facts_text);
    assert_int_equal(fc_errors_new(errors), 0);
    int rc = fc_notify_check_templates(*errors, facts);
    /* The verdict does not depend on whether details are collected. */
    assert_int_equal(fc_notify_check_templates(NULL, facts), rc);
    json_decref(facts);
    return rc;
}

static void templates_of_the_item_s_organization_pass(void **state)
{
    (void)state;
    fc_errors *errors;
    assert_int_equal(check(&errors, "{\"organization\": 1, \"templates\": ["
                                    "{\"path\": \"notification_templates.approved[0]\","
                                    " \"id\": 4, \"organization\": 1},"
                                    "{\"path\": \"notification_templates.failed[0]\","
                                    " \"id\": 5, \"organization\": 1}]}"),
                     0);
    assert_int_equal(fc_errors_count(errors), 0);
    fc_errors_free(errors);
    /* Naming none is no problem. */
    assert_int_equal(check(&errors, "{\"organization\": 1, \"templates\": []}"), 0);
    fc_errors_free(errors);
}

static void another_organization_s_reads_like_a_missing_one(void **state)
{
    (void)state;
    fc_errors *errors;
    assert_int_equal(check(&errors,
                           "{\"organization\": 1, \"templates\": ["
                           "{\"path\": \"t.approved[0]\", \"id\": 4, \"organization\": 2},"
                           "{\"path\": \"t.approved[1]\", \"id\": 5, \"organization\": 1},"
                           "{\"path\": \"t.failed[0]\", \"id\": 6, \"organization\": null},"
                           "{\"path\": \"t.failed[1]\", \"id\": 7}]}"),
                     FC_EVALIDATION);
    assert_int_equal(fc_errors_count(errors), 3);
    assert_error_at(errors, 0, "t.approved[0]", "other_organization");
    assert_message_at(errors, 0,
                      "notification template 4 does not exist in the item's organization");
    /* No such template (null or no organization): the same words. */
    assert_error_at(errors, 1, "t.failed[0]", "other_organization");
    assert_message_at(errors, 1,
                      "notification template 6 does not exist in the item's organization");
    assert_error_at(errors, 2, "t.failed[1]", "other_organization");
    fc_errors_free(errors);
}

static void an_item_of_no_organization_may_name_none(void **state)
{
    (void)state;
    fc_errors *errors;
    assert_int_equal(check(&errors, "{\"organization\": null, \"templates\": ["
                                    "{\"path\": \"p\", \"id\": 4, \"organization\": null},"
                                    "{\"path\": \"q\", \"id\": 5, \"organization\": 1}]}"),
                     FC_EVALIDATION);
    assert_int_equal(fc_errors_count(errors), 2);
    fc_errors_free(errors);
}

static void a_big_id_is_shown_exactly(void **state)
{
    (void)state;
    fc_errors *errors;
    json_t *facts = parse("{\"organization\": 1, \"templates\": [{\"path\": \"p\","
                          " \"organization\": 1}]}");
    const char *digits = "1180591620717411303424"; /* 2**70 */
    json_object_set_new(json_array_get(json_object_get(facts, "templates"), 0), "id",
                        fc_bigint_new(digits, strlen(digits)));
    json_object_set_new(json_array_get(json_object_get(facts, "templates"), 0), "organization",
                        json_integer(2));
    assert_int_equal(fc_errors_new(&errors), 0);
    assert_int_equal(fc_notify_check_templates(errors, facts), FC_EVALIDATION);
    assert_message_at(errors, 0,
                      "notification template 1180591620717411303424 does not exist in the "
                      "item's organization");
    fc_errors_free(errors);
    json_decref(facts);
}

static void a_malformed_call_is_einval_and_reports_nothing(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "[]",
        "{\"templates\": []}",
        "{\"organization\": \"1\", \"templates\": []}",
        "{\"organization\": 1}",
        "{\"organization\": 1, \"templates\": {}}",
        "{\"organization\": 1, \"templates\": [3]}",
        "{\"organization\": 1, \"templates\": [{\"id\": 4, \"organization\": 2}]}",
        "{\"organization\": 1, \"templates\": [{\"path\": 7, \"id\": 4}]}",
        "{\"organization\": 1, \"templates\": [{\"path\": \"p\", \"id\": \"4\"}]}",
        /* A good entry, then a bad one: still nothing reported. */
        "{\"organization\": 1, \"templates\": [{\"path\": \"p\", \"id\": 4, \"organization\": 2},"
        " {\"path\": \"q\"}]}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        fc_errors *errors;
        assert_int_equal(check(&errors, bad[i]), FC_EINVAL);
        assert_int_equal(fc_errors_count(errors), 0);
        fc_errors_free(errors);
    }
    assert_int_equal(fc_notify_check_templates(NULL, NULL), FC_EINVAL);
}

static const struct CMUnitTest notify_tests[] = {
    cmocka_unit_test(templates_of_the_item_s_organization_pass),
    cmocka_unit_test(another_organization_s_reads_like_a_missing_one),
    cmocka_unit_test(an_item_of_no_organization_may_name_none),
    cmocka_unit_test(a_big_id_is_shown_exactly),
    cmocka_unit_test(a_malformed_call_is_einval_and_reports_nothing),
};

FC_TEST_MAIN(notify_tests)
