/* Return-code names and the fc_errors list (csrc/core/errors.c). */
#include <string.h>

#include "errors_internal.h"
#include "harness.h"

static void err_text_names_every_code(void **state)
{
    (void)state;
    assert_string_equal(fc_err_text(FC_OK), "ok");
    assert_string_equal(fc_err_text(FC_EINVAL), "invalid argument");
    assert_string_equal(fc_err_text(FC_ENOMEM), "out of memory");
    assert_string_equal(fc_err_text(FC_EVALIDATION), "validation failed");
    assert_string_equal(fc_err_text(FC_EILLEGAL), "illegal transition");
    assert_string_equal(fc_err_text(FC_ELIMIT), "limit exceeded");
    assert_string_equal(fc_err_text(-99), "unknown error");
    assert_string_equal(fc_err_text(1), "unknown error");
}

static void check_names_are_the_contract(void **state)
{
    (void)state;
    /* The API returns these strings to clients: they must not drift. */
    static const char *const expected[] = {
        "invalid",   "required",           "type",      "too_short", "too_long",  "too_small",
        "too_large", "not_a_choice",       "duplicate", "unknown",   "reserved",  "format",
        "exclusive", "other_organization", "limit",     "state",     "forbidden", "hidden",
    };
    assert_int_equal(FC_CHECK__COUNT, sizeof(expected) / sizeof(expected[0]));
    for (int i = 0; i < FC_CHECK__COUNT; i++)
        assert_string_equal(fc_check_name((fc_check)i), expected[i]);
    assert_null(fc_check_name((fc_check)FC_CHECK__COUNT));
    assert_null(fc_check_name((fc_check)-1));
}

static void list_keeps_entries_in_order(void **state)
{
    (void)state;
    fc_errors *errors = NULL;
    assert_int_equal(fc_errors_new(&errors), 0);
    assert_int_equal(fc_errors_count(errors), 0);
    assert_int_equal(fc_errors_add(errors, "extra_vars.hostname", FC_CHECK_REQUIRED,
                                   "%s is required", "hostname"),
                     0);
    assert_int_equal(fc_errors_add(errors, "spec[3].default", FC_CHECK_NOT_A_CHOICE,
                                   "default %d is not a choice", 7),
                     0);
    assert_int_equal(fc_errors_add(errors, NULL, FC_CHECK_TYPE, "no path"), 0);
    assert_int_equal(fc_errors_count(errors), 3);
    assert_error_at(errors, 0, "extra_vars.hostname", "required");
    assert_message_at(errors, 0, "hostname is required");
    assert_error_at(errors, 1, "spec[3].default", "not_a_choice");
    assert_message_at(errors, 1, "default 7 is not a choice");
    /* A NULL path is stored as "" (the whole value). */
    assert_error_at(errors, 2, "", "type");
    assert_null(fc_errors_path(errors, 3));
    assert_null(fc_errors_code(errors, 3));
    assert_null(fc_errors_message(errors, 3));
    assert_int_equal(fc_errors_truncated(errors), 0);

    fc_errors_clear(errors);
    assert_int_equal(fc_errors_count(errors), 0);
    assert_null(fc_errors_path(errors, 0));
    /* Usable again after clear. */
    assert_int_equal(fc_errors_add(errors, "a", FC_CHECK_INVALID, "again"), 0);
    assert_error_at(errors, 0, "a", "invalid");
    fc_errors_free(errors);
}

static void list_truncates_at_the_limit(void **state)
{
    (void)state;
    fc_errors *errors = NULL;
    assert_int_equal(fc_errors_new(&errors), 0);
    for (int i = 0; i < FC_LIMIT_MAX_ERRORS + 10; i++)
        assert_int_equal(fc_errors_add(errors, "x", FC_CHECK_INVALID, "problem %d", i), 0);
    assert_int_equal(fc_errors_count(errors), FC_LIMIT_MAX_ERRORS);
    assert_int_equal(fc_errors_truncated(errors), 1);
    assert_message_at(errors, FC_LIMIT_MAX_ERRORS - 1, "problem 255");
    fc_errors_clear(errors);
    assert_int_equal(fc_errors_truncated(errors), 0);
    fc_errors_free(errors);
}

static void long_path_and_message_are_bounded(void **state)
{
    (void)state;
    fc_errors *errors = NULL;
    char path[FC_LIMIT_MAX_PATH + 100];
    char text[2000];
    memset(path, 'p', sizeof(path) - 1);
    path[sizeof(path) - 1] = '\0';
    memset(text, 'm', sizeof(text) - 1);
    text[sizeof(text) - 1] = '\0';
    assert_int_equal(fc_errors_new(&errors), 0);
    assert_int_equal(fc_errors_add(errors, path, FC_CHECK_INVALID, "%s", text), 0);
    assert_int_equal(strlen(fc_errors_path(errors, 0)), FC_LIMIT_MAX_PATH);
    assert_true(strlen(fc_errors_message(errors, 0)) < 512);
    fc_errors_free(errors);
}

static void null_list_is_accepted_everywhere(void **state)
{
    (void)state;
    assert_int_equal(fc_errors_new(NULL), FC_EINVAL);
    assert_int_equal(fc_errors_add(NULL, "x", FC_CHECK_INVALID, "dropped"), 0);
    assert_int_equal(fc_errors_count(NULL), 0);
    assert_int_equal(fc_errors_truncated(NULL), 0);
    assert_null(fc_errors_path(NULL, 0));
    assert_null(fc_errors_code(NULL, 0));
    assert_null(fc_errors_message(NULL, 0));
    fc_errors_clear(NULL);
    fc_errors_free(NULL);
}

static const struct CMUnitTest errors_tests[] = {
    cmocka_unit_test(err_text_names_every_code),
    cmocka_unit_test(check_names_are_the_contract),
    cmocka_unit_test(list_keeps_entries_in_order),
    cmocka_unit_test(list_truncates_at_the_limit),
    cmocka_unit_test(long_path_and_message_are_bounded),
    cmocka_unit_test(null_list_is_accepted_everywhere),
};

FC_TEST_MAIN(errors_tests)
