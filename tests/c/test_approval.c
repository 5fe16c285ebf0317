/* What a caller is offered for a request (csrc/core/approval.c): every
 * offered action is one the endpoint allows, checked over every state and
 * all combinations of the facts against fc_authz_decide and
 * fc_status_transition themselves, plus the cases docs/approvals.md names. */
#include <string.h>

#include "authz_bits.h"
#include "harness.h"

static int allowed(fc_action action, const fc_authz_facts *f)
{
    fc_decision d;
    assert_int_equal(fc_authz_decide(&d, action, f), 0);
    return d.allowed;
}

static int legal(fc_state state, fc_event event, const fc_transition_facts *facts)
{
    fc_state next;
    fc_effect effect;
    return fc_status_transition(&next, &effect, NULL, state, event, facts) == 0;
}

static void offers_agree_with_the_endpoints_decisions(void **state)
{
    (void)state;
    fc_transition_facts body = {0};
    body.approvals = 1;
    body.approvals_required = 1;
    body.has_reason = 1;
    body.has_question = 1;
    int out[FC_REQUEST_ACTION__COUNT];
    for (int s = 0; s < FC_STATE__COUNT; s++) {
        for (int voted = 0; voted < 2; voted++) {
            body.already_voted = voted;
            for (unsigned bits = 0; bits < (1u << FC_TEST_FACT_COUNT); bits++) {
                fc_authz_facts f = fc_test_facts_from_bits(bits);
                fc_state st = (fc_state)s;
                assert_int_equal(fc_approval_actions(out, st, &f, voted), 0);
                assert_int_equal(out[FC_REQUEST_ACTION_APPROVE],
                                 allowed(FC_ACTION_APPROVE, &f) &&
                                     legal(st, FC_EVENT_APPROVE, &body));
                assert_int_equal(out[FC_REQUEST_ACTION_REJECT],
                                 allowed(FC_ACTION_REJECT, &f) &&
                                     legal(st, FC_EVENT_REJECT, &body));
                assert_int_equal(out[FC_REQUEST_ACTION_REQUEST_INFO],
                                 allowed(FC_ACTION_REQUEST_INFO, &f) &&
                                     legal(st, FC_EVENT_REQUEST_INFO, &body));
                assert_int_equal(out[FC_REQUEST_ACTION_ANSWER],
                                 allowed(FC_ACTION_ANSWER, &f) &&
                                     legal(st, FC_EVENT_RESUBMIT, &body));
                assert_int_equal(out[FC_REQUEST_ACTION_CANCEL],
                                 allowed(FC_ACTION_CANCEL, &f) &&
                                     legal(st, FC_EVENT_CANCEL, &body));
                assert_int_equal(out[FC_REQUEST_ACTION_DELETE],
                                 allowed(FC_ACTION_DELETE_REQUEST, &f) &&
                                     fc_state_is_deletable(st));
            }
        }
    }
}

static fc_authz_facts approver(void)
{
    fc_authz_facts f = {0};
    f.is_authenticated = 1;
    f.item_enabled = 1;
    f.item_has_approver_team = 1;
    f.is_approver_team_member = 1;
    return f;
}

/* awx#13465: nothing that cannot be decided shows a decision button. */
static void needs_info_and_expired_offer_no_decision(void **state)
{
    (void)state;
    int out[FC_REQUEST_ACTION__COUNT];
    fc_authz_facts f = approver();
    f.is_org_admin = 1;
    static const fc_state undecidable[] = {FC_STATE_NEEDS_INFO, FC_STATE_EXPIRED, FC_STATE_REJECTED,
                                           FC_STATE_APPROVED};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(fc_approval_actions(out, undecidable[i], &f, 0), 0);
        assert_false(out[FC_REQUEST_ACTION_APPROVE]);
        assert_false(out[FC_REQUEST_ACTION_REJECT]);
        assert_false(out[FC_REQUEST_ACTION_REQUEST_INFO]);
    }
    assert_int_equal(fc_approval_actions(out, FC_STATE_PENDING_APPROVAL, &f, 0), 0);
    assert_true(out[FC_REQUEST_ACTION_APPROVE]);
    assert_true(out[FC_REQUEST_ACTION_REJECT]);
    assert_true(out[FC_REQUEST_ACTION_REQUEST_INFO]);
    assert_false(out[FC_REQUEST_ACTION_ANSWER]);
}

static void requester_answers_only_needs_info(void **state)
{
    (void)state;
    int out[FC_REQUEST_ACTION__COUNT];
    fc_authz_facts f = {0};
    f.is_authenticated = 1;
    f.item_enabled = 1;
    f.is_requester = 1;
    assert_int_equal(fc_approval_actions(out, FC_STATE_NEEDS_INFO, &f, 0), 0);
    assert_true(out[FC_REQUEST_ACTION_ANSWER]);
    assert_true(out[FC_REQUEST_ACTION_CANCEL]);
    assert_true(out[FC_REQUEST_ACTION_DELETE]);
    assert_false(out[FC_REQUEST_ACTION_APPROVE]);
    assert_int_equal(fc_approval_actions(out, FC_STATE_PENDING_APPROVAL, &f, 0), 0);
    assert_false(out[FC_REQUEST_ACTION_ANSWER]);
}

static void voted_or_other_step_approver_cannot_approve_again(void **state)
{
    (void)state;
    int out[FC_REQUEST_ACTION__COUNT];
    fc_authz_facts f = approver();
    assert_int_equal(fc_approval_actions(out, FC_STATE_PENDING_APPROVAL, &f, 1), 0);
    assert_false(out[FC_REQUEST_ACTION_APPROVE]);
    assert_true(out[FC_REQUEST_ACTION_REJECT]);
    f.approved_other_step = 1;
    assert_int_equal(fc_approval_actions(out, FC_STATE_PENDING_APPROVAL, &f, 0), 0);
    assert_false(out[FC_REQUEST_ACTION_APPROVE]);
    assert_true(out[FC_REQUEST_ACTION_REJECT]);
}

static void bad_arguments_and_names(void **state)
{
    (void)state;
    int out[FC_REQUEST_ACTION__COUNT];
    fc_authz_facts f = approver();
    assert_int_equal(fc_approval_actions(NULL, FC_STATE_CREATED, &f, 0), FC_EINVAL);
    assert_int_equal(fc_approval_actions(out, FC_STATE_CREATED, NULL, 0), FC_EINVAL);
    assert_int_equal(fc_approval_actions(out, (fc_state)FC_STATE__COUNT, &f, 0), FC_EINVAL);
    assert_int_equal(fc_approval_actions(out, (fc_state)-1, &f, 0), FC_EINVAL);
    static const char *const names[] = {"can_approve", "can_reject", "can_request_info",
                                        "can_answer",  "can_cancel", "can_delete"};
    assert_int_equal(FC_REQUEST_ACTION__COUNT, 6);
    for (int i = 0; i < FC_REQUEST_ACTION__COUNT; i++)
        assert_string_equal(fc_request_action_name((fc_request_action)i), names[i]);
    assert_null(fc_request_action_name((fc_request_action)FC_REQUEST_ACTION__COUNT));
}

static const struct CMUnitTest approval_tests[] = {
    cmocka_unit_test(offers_agree_with_the_endpoints_decisions),
    cmocka_unit_test(needs_info_and_expired_offer_no_decision),
    cmocka_unit_test(requester_answers_only_needs_info),
    cmocka_unit_test(voted_or_other_step_approver_cannot_approve_again),
    cmocka_unit_test(bad_arguments_and_names),
};

FC_TEST_MAIN(approval_tests)
