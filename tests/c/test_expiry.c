/* Expiry and reminders (csrc/core/expiry.c): the golden cases of
 * $FC_FIXTURES/expiry/decide.json (also swept by tests/core/test_expiry.py,
 * so C and Python agree), policy checks, and bad arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "harness.h"

static const char *fixtures_dir(void)
{
    const char *dir = getenv("FC_FIXTURES");
    return dir != NULL && dir[0] != '\0' ? dir : "tests/fixtures";
}

static long long number(const json_t *object, const char *key)
{
    const json_t *value = json_object_get(object, key);
    if (!json_is_integer(value))
        fail_msg("golden case: %s is not an integer", key);
    return (long long)json_integer_value(value);
}

static fc_expiry_policy read_policy(const json_t *p)
{
    fc_expiry_policy policy = {0};
    policy.expire_after = number(p, "expire_after");
    policy.remind_every = number(p, "remind_every");
    return policy;
}

static fc_expiry_clock read_clock(const json_t *c)
{
    fc_expiry_clock clock = {0};
    clock.now = number(c, "now");
    clock.step_entered_at = number(c, "step_entered_at");
    clock.last_reminded_at = number(c, "last_reminded_at");
    return clock;
}

static void golden_cases(void **state)
{
    (void)state;
    char path[4096];
    json_error_t error;
    snprintf(path, sizeof(path), "%s/expiry/decide.json", fixtures_dir());
    json_t *root = json_load_file(path, 0, &error);
    if (root == NULL)
        fail_msg("%s: %s", path, error.text);
    const json_t *cases = json_object_get(root, "cases");
    assert_true(json_array_size(cases) >= 15);
    size_t i;
    const json_t *c;
    json_array_foreach(cases, i, c) {
        const char *name = json_string_value(json_object_get(c, "name"));
        fc_expiry_policy policy = read_policy(json_object_get(c, "policy"));
        fc_expiry_clock clock = read_clock(json_object_get(c, "clock"));
        const json_t *want = json_object_get(c, "want");
        fc_expiry_decision d;
        int rc = fc_expiry_decide(&d, &policy, &clock);
        if (rc != 0)
            fail_msg("%s: rc %d", name, rc);
        const char *action = json_string_value(json_object_get(want, "action"));
        if (strcmp(fc_tick_action_name(d.action), action) != 0)
            fail_msg("%s: action %s, want %s", name, fc_tick_action_name(d.action), action);
        if (d.expired != json_is_true(json_object_get(want, "expired")))
            fail_msg("%s: expired %d", name, d.expired);
        if (d.expires_at != number(want, "expires_at"))
            fail_msg("%s: expires_at %lld", name, d.expires_at);
        if (d.next_remind_at != number(want, "next_remind_at"))
            fail_msg("%s: next_remind_at %lld", name, d.next_remind_at);
    }
    json_decref(root);
}

/* Deciding again with the tick's own record written (the reminder's time)
 * finds nothing more to do: the tick is idempotent by construction. */
static void remind_then_nothing(void **state)
{
    (void)state;
    fc_expiry_policy policy = {.expire_after = 0, .outcome = FC_EXPIRY_REJECT, .remind_every = 600};
    fc_expiry_clock clock = {.now = 5000, .step_entered_at = 1000, .last_reminded_at = -1};
    fc_expiry_decision d;
    assert_int_equal(fc_expiry_decide(&d, &policy, &clock), 0);
    assert_int_equal(d.action, FC_TICK_REMIND);
    clock.last_reminded_at = clock.now;
    assert_int_equal(fc_expiry_decide(&d, &policy, &clock), 0);
    assert_int_equal(d.action, FC_TICK_NONE);
    assert_int_equal(d.next_remind_at, 5600);
}

static void bad_arguments(void **state)
{
    (void)state;
    fc_expiry_policy policy = {.expire_after = 60, .outcome = FC_EXPIRY_REJECT};
    fc_expiry_clock clock = {.now = 10, .step_entered_at = 0, .last_reminded_at = -1};
    fc_expiry_decision d = {FC_TICK_EXPIRE, 7, 7, 7};
    assert_int_equal(fc_expiry_decide(NULL, &policy, &clock), FC_EINVAL);
    assert_int_equal(fc_expiry_decide(&d, NULL, &clock), FC_EINVAL);
    assert_int_equal(fc_expiry_decide(&d, &policy, NULL), FC_EINVAL);
    policy.expire_after = -1;
    assert_int_equal(fc_expiry_decide(&d, &policy, &clock), FC_EINVAL);
    policy.expire_after = 60;
    policy.remind_every = -5;
    assert_int_equal(fc_expiry_decide(&d, &policy, &clock), FC_EINVAL);
    policy.remind_every = 0;
    clock.now = -1;
    assert_int_equal(fc_expiry_decide(&d, &policy, &clock), FC_EINVAL);
    clock.now = 10;
    clock.step_entered_at = -3;
    assert_int_equal(fc_expiry_decide(&d, &policy, &clock), FC_EINVAL);
    /* *out untouched by every refusal. */
    assert_int_equal(d.action, FC_TICK_EXPIRE);
    assert_int_equal(d.expired, 7);
}

static void policy_checks(void **state)
{
    (void)state;
    fc_errors *errors = NULL;
    assert_int_equal(fc_errors_new(&errors), 0);
    fc_expiry_policy ok = {
        .expire_after = 86400, .outcome = FC_EXPIRY_ESCALATE, .remind_every = 3600};
    assert_int_equal(fc_expiry_check_policy(errors, &ok), 0);
    ok.expire_after = 0;
    ok.remind_every = 0;
    assert_int_equal(fc_expiry_check_policy(errors, &ok), 0);
    ok.outcome = FC_EXPIRY_APPROVE;
    ok.auto_approve_allowed = 1;
    assert_int_equal(fc_expiry_check_policy(errors, &ok), 0);
    assert_int_equal(fc_errors_count(errors), 0);

    fc_expiry_policy bad = {.expire_after = FC_EXPIRY_MAX_SECONDS + 1,
                            .outcome = FC_EXPIRY_APPROVE,
                            .remind_every = 59};
    assert_int_equal(fc_expiry_check_policy(errors, &bad), FC_EVALIDATION);
    assert_int_equal(fc_errors_count(errors), 3);
    assert_error_at(errors, 0, "expire_after", "too_large");
    assert_error_at(errors, 1, "remind_every", "too_small");
    assert_error_at(errors, 2, "expiry_outcome", "forbidden");
    /* The verdict alone, without a list. */
    assert_int_equal(fc_expiry_check_policy(NULL, &bad), FC_EVALIDATION);
    bad = (fc_expiry_policy){.expire_after = -1, .outcome = FC_EXPIRY_REJECT};
    assert_int_equal(fc_expiry_check_policy(NULL, &bad), FC_EVALIDATION);
    bad.outcome = FC_EXPIRY__COUNT;
    assert_int_equal(fc_expiry_check_policy(NULL, &bad), FC_EINVAL);
    assert_int_equal(fc_expiry_check_policy(NULL, NULL), FC_EINVAL);
    fc_errors_free(errors);
}

static void names(void **state)
{
    (void)state;
    assert_string_equal(fc_tick_action_name(FC_TICK_NONE), "none");
    assert_string_equal(fc_tick_action_name(FC_TICK_REMIND), "remind");
    assert_string_equal(fc_tick_action_name(FC_TICK_EXPIRE), "expire");
    assert_null(fc_tick_action_name(FC_TICK__COUNT));
    assert_null(fc_tick_action_name((fc_tick_action)-1));
}

static const struct CMUnitTest expiry_tests[] = {
    cmocka_unit_test(golden_cases),  cmocka_unit_test(remind_then_nothing),
    cmocka_unit_test(bad_arguments), cmocka_unit_test(policy_checks),
    cmocka_unit_test(names),
};

FC_TEST_MAIN(expiry_tests)
