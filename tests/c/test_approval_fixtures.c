/* The golden approval cases of $FC_FIXTURES/approval/steps.json (also swept
 * by tests/core/test_approval_fixtures.py, so C and Python agree): the
 * transitions of serial steps and the needs-info round, and the actions a
 * caller is offered (docs/approvals.md). */
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

static json_t *load(void)
{
    char path[1024];
    json_error_t error;
    snprintf(path, sizeof(path), "%s/approval/steps.json", fixtures_dir());
    json_t *root = json_load_file(path, 0, &error);
    if (root == NULL)
        fail_msg("%s: %s", path, error.text);
    return root;
}

static int flag(const json_t *facts, const char *key)
{
    return json_is_true(json_object_get(facts, key));
}

static unsigned count(const json_t *facts, const char *key, unsigned fallback)
{
    const json_t *value = json_object_get(facts, key);
    return json_is_integer(value) ? (unsigned)json_integer_value(value) : fallback;
}

static fc_transition_facts read_facts(const json_t *f)
{
    fc_transition_facts facts = {0};
    facts.approvals = count(f, "approvals", 0);
    facts.approvals_required = count(f, "approvals_required", 1);
    facts.already_voted = flag(f, "already_voted");
    facts.has_next_step = flag(f, "has_next_step");
    facts.has_reason = flag(f, "has_reason");
    facts.has_question = flag(f, "has_question");
    facts.answers_changed = flag(f, "answers_changed");
    facts.auto_approve_allowed = flag(f, "auto_approve_allowed");
    facts.escalated = flag(f, "escalated");
    facts.job_status = FC_JOB__COUNT;
    const char *outcome = json_string_value(json_object_get(f, "expiry_outcome"));
    if (outcome != NULL)
        assert_int_equal(fc_expiry_outcome_parse(&facts.expiry_outcome, outcome), 0);
    return facts;
}

static const char *text(const json_t *object, const char *key)
{
    const char *value = json_string_value(json_object_get(object, key));
    if (value == NULL)
        fail_msg("golden case: %s is not a string", key);
    return value;
}

static void transitions(void **state)
{
    (void)state;
    json_t *root = load();
    const json_t *cases = json_object_get(root, "transitions");
    size_t i;
    const json_t *c;
    fc_errors *errors = NULL;
    assert_int_equal(fc_errors_new(&errors), 0);
    assert_true(json_array_size(cases) > 10);
    json_array_foreach(cases, i, c) {
        fc_state from, next = FC_STATE__COUNT;
        fc_event event;
        fc_effect effect = FC_EFFECT__COUNT;
        const json_t *want = json_object_get(c, "want");
        assert_int_equal(fc_state_parse(&from, text(c, "state")), 0);
        assert_int_equal(fc_event_parse(&event, text(c, "event")), 0);
        fc_transition_facts facts = read_facts(json_object_get(c, "facts"));
        fc_errors_clear(errors);
        int rc = fc_status_transition(&next, &effect, errors, from, event, &facts);
        const char *error = json_string_value(json_object_get(want, "error"));
        if (error == NULL) {
            if (rc != 0)
                fail_msg("%s: rc %d", text(c, "name"), rc);
            assert_string_equal(fc_state_name(next), text(want, "state"));
            assert_string_equal(fc_effect_name(effect), text(want, "effect"));
        } else {
            assert_int_equal(rc, strcmp(error, "illegal") == 0 ? FC_EILLEGAL : FC_EVALIDATION);
            assert_int_equal(fc_errors_count(errors), 1);
            assert_string_equal(fc_errors_path(errors, 0), text(want, "path"));
            assert_string_equal(fc_errors_message(errors, 0), text(want, "message"));
        }
    }
    fc_errors_free(errors);
    json_decref(root);
}

static fc_authz_facts read_authz(const json_t *f)
{
    fc_authz_facts facts = {0};
    facts.is_authenticated = flag(f, "is_authenticated");
    facts.is_superuser = flag(f, "is_superuser");
    facts.is_org_admin = flag(f, "is_org_admin");
    facts.is_org_reader = flag(f, "is_org_reader");
    facts.is_org_member = flag(f, "is_org_member");
    facts.is_approver_team_member = flag(f, "is_approver_team_member");
    facts.is_requester = flag(f, "is_requester");
    facts.item_enabled = flag(f, "item_enabled");
    facts.item_has_approver_team = flag(f, "item_has_approver_team");
    facts.allow_self_approval = flag(f, "allow_self_approval");
    facts.is_other_step_team_member = flag(f, "is_other_step_team_member");
    facts.approved_other_step = flag(f, "approved_other_step");
    return facts;
}

static void actions(void **state)
{
    (void)state;
    json_t *root = load();
    const json_t *cases = json_object_get(root, "actions");
    size_t i;
    const json_t *c;
    assert_true(json_array_size(cases) > 5);
    json_array_foreach(cases, i, c) {
        fc_state st;
        int out[FC_REQUEST_ACTION__COUNT];
        assert_int_equal(fc_state_parse(&st, text(c, "state")), 0);
        fc_authz_facts facts = read_authz(json_object_get(c, "facts"));
        assert_int_equal(fc_approval_actions(out, st, &facts, flag(c, "already_voted")), 0);
        const json_t *want = json_object_get(c, "want");
        for (int a = 0; a < FC_REQUEST_ACTION__COUNT; a++) {
            const char *name = fc_request_action_name((fc_request_action)a);
            if (out[a] != flag(want, name))
                fail_msg("%s: %s is %d", text(c, "name"), name, out[a]);
        }
    }
    json_decref(root);
}

static const struct CMUnitTest approval_fixture_tests[] = {
    cmocka_unit_test(transitions),
    cmocka_unit_test(actions),
};

FC_TEST_MAIN(approval_fixture_tests)
