/* Request lifecycle (csrc/core/status.c) against DESIGN.md "Request
 * lifecycle": every state x event pair, each legal row, the job-status
 * mapping and the name tables. */
#include <stdio.h>
#include <string.h>

#include "harness.h"

/* The legal (state, event) pairs of DESIGN.md's table, written out as data
 * so the test does not share code with the implementation. */
static const int legal[FC_STATE__COUNT][FC_EVENT__COUNT] = {
    [FC_STATE_CREATED] = {[FC_EVENT_SUBMIT] = 1},
    [FC_STATE_PENDING_APPROVAL] = {[FC_EVENT_APPROVE] = 1,
                                   [FC_EVENT_REJECT] = 1,
                                   [FC_EVENT_CANCEL] = 1,
                                   [FC_EVENT_REQUEST_INFO] = 1,
                                   [FC_EVENT_EXPIRE] = 1},
    [FC_STATE_NEEDS_INFO] = {[FC_EVENT_RESUBMIT] = 1, [FC_EVENT_CANCEL] = 1, [FC_EVENT_EXPIRE] = 1},
    [FC_STATE_APPROVED] = {[FC_EVENT_LAUNCHED] = 1, [FC_EVENT_LAUNCH_FAILED] = 1},
    [FC_STATE_RUNNING] = {[FC_EVENT_JOB_STATUS] = 1, [FC_EVENT_CANCEL] = 1},
};

/* Facts that make every legal pair succeed. */
static fc_transition_facts good_facts(void)
{
    fc_transition_facts facts = {0};
    facts.approvals = 1;
    facts.approvals_required = 1;
    facts.has_reason = 1;
    facts.has_question = 1;
    facts.job_status = FC_JOB_SUCCESSFUL;
    return facts;
}

typedef struct outcome {
    int rc;
    fc_state state;
    fc_effect effect;
} outcome;

static outcome run(fc_errors *errors, fc_state from, fc_event event,
                   const fc_transition_facts *facts)
{
    /* Sentinels show whether the outputs were written. */
    outcome out = {0, FC_STATE__COUNT, FC_EFFECT__COUNT};
    fc_errors_clear(errors);
    out.rc = fc_status_transition(&out.state, &out.effect, errors, from, event, facts);
    return out;
}

static void assert_moves(fc_state from, fc_event event, const fc_transition_facts *facts,
                         fc_state to, fc_effect effect)
{
    fc_errors *errors = NULL;
    assert_int_equal(fc_errors_new(&errors), 0);
    outcome out = run(errors, from, event, facts);
    assert_int_equal(out.rc, 0);
    assert_string_equal(fc_state_name(out.state), fc_state_name(to));
    assert_string_equal(fc_effect_name(out.effect), fc_effect_name(effect));
    assert_int_equal(fc_errors_count(errors), 0);
    fc_errors_free(errors);
}

static void every_illegal_pair_is_refused_with_one_status_error(void **state)
{
    (void)state;
    fc_errors *errors = NULL;
    char expected[128];
    /* Illegal whatever the facts: try the permissive and the empty ones. */
    fc_transition_facts variants[2] = {good_facts(), {0}};
    variants[0].requires_approval = 1;
    int illegal_count = 0;

    assert_int_equal(fc_errors_new(&errors), 0);
    for (int s = 0; s < FC_STATE__COUNT; s++) {
        for (int e = 0; e < FC_EVENT__COUNT; e++) {
            if (legal[s][e])
                continue;
            illegal_count++;
            for (size_t v = 0; v < 2; v++) {
                outcome out = run(errors, (fc_state)s, (fc_event)e, &variants[v]);
                assert_int_equal(out.rc, FC_EILLEGAL);
                /* Nothing changes: the outputs are not written. */
                assert_int_equal(out.state, FC_STATE__COUNT);
                assert_int_equal(out.effect, FC_EFFECT__COUNT);
                assert_int_equal(fc_errors_count(errors), 1);
                assert_error_at(errors, 0, "status", "state");
                snprintf(expected, sizeof(expected), "cannot %s a request that is %s",
                         fc_event_name((fc_event)e), fc_state_name((fc_state)s));
                assert_message_at(errors, 0, expected);
            }
        }
    }
    /* 10 states x 10 events, 13 legal pairs. */
    assert_int_equal(FC_STATE__COUNT * FC_EVENT__COUNT, 100);
    assert_int_equal(illegal_count, FC_STATE__COUNT * FC_EVENT__COUNT - 13);
    fc_errors_free(errors);
}

static void every_legal_pair_succeeds_with_good_facts(void **state)
{
    (void)state;
    fc_transition_facts facts = good_facts();
    int legal_count = 0;
    for (int s = 0; s < FC_STATE__COUNT; s++) {
        for (int e = 0; e < FC_EVENT__COUNT; e++) {
            if (!legal[s][e])
                continue;
            legal_count++;
            outcome out = run(NULL, (fc_state)s, (fc_event)e, &facts);
            assert_int_equal(out.rc, 0);
            assert_true((unsigned)out.state < FC_STATE__COUNT);
        }
    }
    assert_int_equal(legal_count, 13);
}

static void illegal_message_example(void **state)
{
    (void)state;
    fc_errors *errors = NULL;
    fc_transition_facts facts = good_facts();
    assert_int_equal(fc_errors_new(&errors), 0);
    outcome out = run(errors, FC_STATE_REJECTED, FC_EVENT_APPROVE, &facts);
    assert_int_equal(out.rc, FC_EILLEGAL);
    assert_message_at(errors, 0, "cannot approve a request that is rejected");
    out = run(errors, FC_STATE_SUCCESSFUL, FC_EVENT_CANCEL, &facts);
    assert_int_equal(out.rc, FC_EILLEGAL);
    assert_message_at(errors, 0, "cannot cancel a request that is successful");
    fc_errors_free(errors);
}

static void submit_with_approval_waits(void **state)
{
    (void)state;
    fc_transition_facts facts = {0};
    facts.requires_approval = 1;
    assert_moves(FC_STATE_CREATED, FC_EVENT_SUBMIT, &facts, FC_STATE_PENDING_APPROVAL,
                 FC_EFFECT_NONE);
}

static void submit_without_approval_launches(void **state)
{
    (void)state;
    fc_transition_facts facts = {0};
    assert_moves(FC_STATE_CREATED, FC_EVENT_SUBMIT, &facts, FC_STATE_APPROVED, FC_EFFECT_LAUNCH);
}

static void approve_counts_distinct_votes(void **state)
{
    (void)state;
    fc_transition_facts facts = {0};
    facts.approvals_required = 3;
    facts.approvals = 1;
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_APPROVE, &facts, FC_STATE_PENDING_APPROVAL,
                 FC_EFFECT_RECORD_APPROVAL);
    facts.approvals = 2;
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_APPROVE, &facts, FC_STATE_PENDING_APPROVAL,
                 FC_EFFECT_RECORD_APPROVAL);
    facts.approvals = 3;
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_APPROVE, &facts, FC_STATE_APPROVED,
                 FC_EFFECT_LAUNCH);
    /* More votes than needed (policy lowered meanwhile) still approves. */
    facts.approvals = 5;
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_APPROVE, &facts, FC_STATE_APPROVED,
                 FC_EFFECT_LAUNCH);
}

static void single_approval_launches(void **state)
{
    (void)state;
    fc_transition_facts facts = {0};
    facts.approvals = 1;
    facts.approvals_required = 1;
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_APPROVE, &facts, FC_STATE_APPROVED,
                 FC_EFFECT_LAUNCH);
}

static void second_vote_of_same_approver_is_illegal(void **state)
{
    (void)state;
    fc_errors *errors = NULL;
    fc_transition_facts facts = {0};
    facts.approvals = 1;
    facts.approvals_required = 2;
    facts.already_voted = 1;
    assert_int_equal(fc_errors_new(&errors), 0);
    outcome out = run(errors, FC_STATE_PENDING_APPROVAL, FC_EVENT_APPROVE, &facts);
    assert_int_equal(out.rc, FC_EILLEGAL);
    assert_int_equal(out.state, FC_STATE__COUNT);
    assert_int_equal(fc_errors_count(errors), 1);
    assert_error_at(errors, 0, "status", "state");
    assert_message_at(errors, 0, "already approved by this user: each approver counts once");
    fc_errors_free(errors);
}

static void approve_with_bad_counts_is_einval(void **state)
{
    (void)state;
    fc_transition_facts facts = {0};
    facts.approvals = 1;
    facts.approvals_required = 0;
    assert_int_equal(run(NULL, FC_STATE_PENDING_APPROVAL, FC_EVENT_APPROVE, &facts).rc, FC_EINVAL);
    facts.approvals = 0;
    facts.approvals_required = 1;
    assert_int_equal(run(NULL, FC_STATE_PENDING_APPROVAL, FC_EVENT_APPROVE, &facts).rc, FC_EINVAL);
    /* The state is judged first: approving a rejected request is illegal
     * whatever the counts. */
    assert_int_equal(run(NULL, FC_STATE_REJECTED, FC_EVENT_APPROVE, &facts).rc, FC_EILLEGAL);
}

static void reject_needs_a_reason(void **state)
{
    (void)state;
    fc_errors *errors = NULL;
    fc_transition_facts facts = {0};
    assert_int_equal(fc_errors_new(&errors), 0);
    outcome out = run(errors, FC_STATE_PENDING_APPROVAL, FC_EVENT_REJECT, &facts);
    assert_int_equal(out.rc, FC_EVALIDATION);
    assert_int_equal(out.state, FC_STATE__COUNT);
    assert_int_equal(fc_errors_count(errors), 1);
    assert_error_at(errors, 0, "reason", "required");
    assert_message_at(errors, 0, "a reason is required to reject a request");
    /* Without errors list the verdict is the same. */
    assert_int_equal(run(NULL, FC_STATE_PENDING_APPROVAL, FC_EVENT_REJECT, &facts).rc,
                     FC_EVALIDATION);
    /* A decided request: the state problem wins over the missing reason. */
    out = run(errors, FC_STATE_REJECTED, FC_EVENT_REJECT, &facts);
    assert_int_equal(out.rc, FC_EILLEGAL);
    assert_error_at(errors, 0, "status", "state");
    fc_errors_free(errors);
}

static void submit_needs_a_justification_when_the_item_asks(void **state)
{
    (void)state;
    fc_errors *errors = NULL;
    fc_transition_facts facts = {0};
    assert_int_equal(fc_errors_new(&errors), 0);
    facts.justification_required = 1;
    facts.requires_approval = 1;
    outcome out = run(errors, FC_STATE_CREATED, FC_EVENT_SUBMIT, &facts);
    assert_int_equal(out.rc, FC_EVALIDATION);
    assert_int_equal(out.state, FC_STATE__COUNT);
    assert_int_equal(fc_errors_count(errors), 1);
    assert_error_at(errors, 0, "justification", "required");
    assert_message_at(errors, 0, "a justification is required for this item");
    assert_int_equal(run(NULL, FC_STATE_CREATED, FC_EVENT_SUBMIT, &facts).rc, FC_EVALIDATION);
    fc_errors_free(errors);
    facts.has_justification = 1;
    assert_moves(FC_STATE_CREATED, FC_EVENT_SUBMIT, &facts, FC_STATE_PENDING_APPROVAL,
                 FC_EFFECT_NONE);
    /* Not asked for: none needed. */
    facts.justification_required = 0;
    facts.has_justification = 0;
    facts.requires_approval = 0;
    assert_moves(FC_STATE_CREATED, FC_EVENT_SUBMIT, &facts, FC_STATE_APPROVED, FC_EFFECT_LAUNCH);
}

static void reject_with_reason(void **state)
{
    (void)state;
    fc_transition_facts facts = {0};
    facts.has_reason = 1;
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_REJECT, &facts, FC_STATE_REJECTED,
                 FC_EFFECT_NONE);
}

static void cancel_pending_and_running(void **state)
{
    (void)state;
    fc_transition_facts facts = {0};
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_CANCEL, &facts, FC_STATE_CANCELED,
                 FC_EFFECT_NONE);
    assert_moves(FC_STATE_RUNNING, FC_EVENT_CANCEL, &facts, FC_STATE_RUNNING, FC_EFFECT_CANCEL_JOB);
}

/* docs/approvals.md "Steps": a quorum moves to the next step, the last
 * step's quorum approves and launches. */
static void step_quorum_moves_to_next_step_or_launches(void **state)
{
    (void)state;
    fc_transition_facts facts = {0};
    facts.approvals_required = 2;
    facts.approvals = 1;
    facts.has_next_step = 1;
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_APPROVE, &facts, FC_STATE_PENDING_APPROVAL,
                 FC_EFFECT_RECORD_APPROVAL);
    facts.approvals = 2;
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_APPROVE, &facts, FC_STATE_PENDING_APPROVAL,
                 FC_EFFECT_NEXT_STEP);
    facts.has_next_step = 0;
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_APPROVE, &facts, FC_STATE_APPROVED,
                 FC_EFFECT_LAUNCH);
}

static void request_info_needs_a_question(void **state)
{
    (void)state;
    fc_errors *errors = NULL;
    fc_transition_facts facts = {0};
    assert_int_equal(fc_errors_new(&errors), 0);
    outcome out = run(errors, FC_STATE_PENDING_APPROVAL, FC_EVENT_REQUEST_INFO, &facts);
    assert_int_equal(out.rc, FC_EVALIDATION);
    assert_int_equal(out.state, FC_STATE__COUNT);
    assert_int_equal(fc_errors_count(errors), 1);
    assert_error_at(errors, 0, "question", "required");
    assert_message_at(errors, 0, "a question is required to ask the requester for information");
    facts.has_question = 1;
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_REQUEST_INFO, &facts, FC_STATE_NEEDS_INFO,
                 FC_EFFECT_NONE);
    /* Asked once: a second question waits for the answer first. */
    out = run(errors, FC_STATE_NEEDS_INFO, FC_EVENT_REQUEST_INFO, &facts);
    assert_int_equal(out.rc, FC_EILLEGAL);
    assert_message_at(errors, 0, "cannot request_info a request that is needs_info");
    fc_errors_free(errors);
}

/* needs_info is never approvable or rejectable (awx#13465). */
static void needs_info_resubmits_and_is_never_decided(void **state)
{
    (void)state;
    fc_errors *errors = NULL;
    fc_transition_facts facts = good_facts();
    assert_int_equal(fc_errors_new(&errors), 0);
    assert_moves(FC_STATE_NEEDS_INFO, FC_EVENT_RESUBMIT, &facts, FC_STATE_PENDING_APPROVAL,
                 FC_EFFECT_NONE);
    /* Changed answers: the waiting step's votes are withdrawn. */
    facts.answers_changed = 1;
    assert_moves(FC_STATE_NEEDS_INFO, FC_EVENT_RESUBMIT, &facts, FC_STATE_PENDING_APPROVAL,
                 FC_EFFECT_WITHDRAW_VOTES);
    facts.answers_changed = 0;
    assert_moves(FC_STATE_NEEDS_INFO, FC_EVENT_CANCEL, &facts, FC_STATE_CANCELED, FC_EFFECT_NONE);
    outcome out = run(errors, FC_STATE_NEEDS_INFO, FC_EVENT_APPROVE, &facts);
    assert_int_equal(out.rc, FC_EILLEGAL);
    assert_message_at(errors, 0, "cannot approve a request that is needs_info");
    out = run(errors, FC_STATE_NEEDS_INFO, FC_EVENT_REJECT, &facts);
    assert_int_equal(out.rc, FC_EILLEGAL);
    out = run(errors, FC_STATE_PENDING_APPROVAL, FC_EVENT_RESUBMIT, &facts);
    assert_int_equal(out.rc, FC_EILLEGAL);
    assert_message_at(errors, 0, "cannot resubmit a request that is pending_approval");
    fc_errors_free(errors);
}

static void expiry_outcomes(void **state)
{
    (void)state;
    fc_transition_facts facts = {0};
    /* reject (the default) */
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_EXPIRE, &facts, FC_STATE_EXPIRED,
                 FC_EFFECT_NONE);
    /* escalate once, then an escalated step that expires ends expired */
    facts.expiry_outcome = FC_EXPIRY_ESCALATE;
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_EXPIRE, &facts, FC_STATE_PENDING_APPROVAL,
                 FC_EFFECT_ESCALATE);
    facts.escalated = 1;
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_EXPIRE, &facts, FC_STATE_EXPIRED,
                 FC_EFFECT_NONE);
    /* approve: only where permitted, else the safe outcome */
    facts.expiry_outcome = FC_EXPIRY_APPROVE;
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_EXPIRE, &facts, FC_STATE_EXPIRED,
                 FC_EFFECT_NONE);
    facts.auto_approve_allowed = 1;
    facts.has_next_step = 1;
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_EXPIRE, &facts, FC_STATE_PENDING_APPROVAL,
                 FC_EFFECT_NEXT_STEP);
    facts.has_next_step = 0;
    assert_moves(FC_STATE_PENDING_APPROVAL, FC_EVENT_EXPIRE, &facts, FC_STATE_APPROVED,
                 FC_EFFECT_LAUNCH);
    /* needs_info expires whatever the outcome: nothing to approve */
    assert_moves(FC_STATE_NEEDS_INFO, FC_EVENT_EXPIRE, &facts, FC_STATE_EXPIRED, FC_EFFECT_NONE);
    facts.expiry_outcome = (fc_expiry_outcome)FC_EXPIRY__COUNT;
    assert_int_equal(run(NULL, FC_STATE_PENDING_APPROVAL, FC_EVENT_EXPIRE, &facts).rc, FC_EINVAL);
}

static void expiry_outcome_names_round_trip(void **state)
{
    (void)state;
    fc_expiry_outcome parsed;
    for (int o = 0; o < FC_EXPIRY__COUNT; o++) {
        assert_int_equal(
            fc_expiry_outcome_parse(&parsed, fc_expiry_outcome_name((fc_expiry_outcome)o)), 0);
        assert_int_equal(parsed, o);
    }
    assert_string_equal(fc_expiry_outcome_name(FC_EXPIRY_REJECT), "reject");
    assert_null(fc_expiry_outcome_name((fc_expiry_outcome)FC_EXPIRY__COUNT));
    assert_int_equal(fc_expiry_outcome_parse(&parsed, "later"), FC_EINVAL);
    assert_int_equal(fc_expiry_outcome_parse(&parsed, NULL), FC_EINVAL);
    assert_int_equal(fc_expiry_outcome_parse(NULL, "reject"), FC_EINVAL);
}

static void launch_outcomes(void **state)
{
    (void)state;
    fc_transition_facts facts = {0};
    assert_moves(FC_STATE_APPROVED, FC_EVENT_LAUNCHED, &facts, FC_STATE_RUNNING, FC_EFFECT_NONE);
    assert_moves(FC_STATE_APPROVED, FC_EVENT_LAUNCH_FAILED, &facts, FC_STATE_FAILED,
                 FC_EFFECT_NONE);
}

static void running_follows_every_job_status(void **state)
{
    (void)state;
    /* awx-facts.md "Statuses", written out per status. */
    static const fc_state expected[FC_JOB__COUNT] = {
        [FC_JOB_NEW] = FC_STATE_RUNNING,           [FC_JOB_PENDING] = FC_STATE_RUNNING,
        [FC_JOB_WAITING] = FC_STATE_RUNNING,       [FC_JOB_RUNNING] = FC_STATE_RUNNING,
        [FC_JOB_SUCCESSFUL] = FC_STATE_SUCCESSFUL, [FC_JOB_FAILED] = FC_STATE_FAILED,
        [FC_JOB_ERROR] = FC_STATE_FAILED,          [FC_JOB_CANCELED] = FC_STATE_CANCELED,
    };
    fc_transition_facts facts = {0};
    for (int j = 0; j < FC_JOB__COUNT; j++) {
        facts.job_status = (fc_job_status)j;
        assert_moves(FC_STATE_RUNNING, FC_EVENT_JOB_STATUS, &facts, expected[j], FC_EFFECT_NONE);
        assert_int_equal(fc_job_status_to_state((fc_job_status)j), expected[j]);
        assert_int_equal(fc_job_status_is_terminal((fc_job_status)j),
                         expected[j] != FC_STATE_RUNNING);
    }
    facts.job_status = (fc_job_status)FC_JOB__COUNT;
    assert_int_equal(run(NULL, FC_STATE_RUNNING, FC_EVENT_JOB_STATUS, &facts).rc, FC_EINVAL);
    facts.job_status = (fc_job_status)-1;
    assert_int_equal(run(NULL, FC_STATE_RUNNING, FC_EVENT_JOB_STATUS, &facts).rc, FC_EINVAL);
}

static void bad_arguments_are_einval(void **state)
{
    (void)state;
    fc_state next;
    fc_effect effect;
    fc_transition_facts facts = good_facts();
    assert_int_equal(
        fc_status_transition(NULL, &effect, NULL, FC_STATE_CREATED, FC_EVENT_SUBMIT, &facts),
        FC_EINVAL);
    assert_int_equal(
        fc_status_transition(&next, NULL, NULL, FC_STATE_CREATED, FC_EVENT_SUBMIT, &facts),
        FC_EINVAL);
    assert_int_equal(
        fc_status_transition(&next, &effect, NULL, FC_STATE_CREATED, FC_EVENT_SUBMIT, NULL),
        FC_EINVAL);
    assert_int_equal(fc_status_transition(&next, &effect, NULL, (fc_state)FC_STATE__COUNT,
                                          FC_EVENT_SUBMIT, &facts),
                     FC_EINVAL);
    assert_int_equal(
        fc_status_transition(&next, &effect, NULL, FC_STATE_CREATED, (fc_event)-1, &facts),
        FC_EINVAL);
}

static void terminal_and_deletable_states(void **state)
{
    (void)state;
    static const char *const terminal[] = {"rejected", "successful", "failed", "canceled",
                                           "expired"};
    static const char *const deletable[] = {"pending_approval", "rejected", "needs_info",
                                            "expired"};
    for (int s = 0; s < FC_STATE__COUNT; s++) {
        const char *name = fc_state_name((fc_state)s);
        int is_terminal = 0, is_deletable = 0;
        for (size_t i = 0; i < 5; i++)
            is_terminal |= strcmp(name, terminal[i]) == 0;
        for (size_t i = 0; i < 4; i++)
            is_deletable |= strcmp(name, deletable[i]) == 0;
        assert_int_equal(fc_state_is_terminal((fc_state)s), is_terminal);
        assert_int_equal(fc_state_is_deletable((fc_state)s), is_deletable);
        /* A terminal state has no way out (DESIGN.md table). */
        if (is_terminal) {
            for (int e = 0; e < FC_EVENT__COUNT; e++)
                assert_int_equal(legal[s][e], 0);
        }
    }
}

static void names_round_trip(void **state)
{
    (void)state;
    fc_state st;
    fc_event ev;
    fc_job_status js;
    for (int s = 0; s < FC_STATE__COUNT; s++) {
        assert_int_equal(fc_state_parse(&st, fc_state_name((fc_state)s)), 0);
        assert_int_equal(st, s);
    }
    for (int e = 0; e < FC_EVENT__COUNT; e++) {
        assert_int_equal(fc_event_parse(&ev, fc_event_name((fc_event)e)), 0);
        assert_int_equal(ev, e);
    }
    for (int j = 0; j < FC_JOB__COUNT; j++) {
        assert_int_equal(fc_job_status_parse(&js, fc_job_status_name((fc_job_status)j)), 0);
        assert_int_equal(js, j);
    }
    assert_string_equal(fc_state_name(FC_STATE_PENDING_APPROVAL), "pending_approval");
    assert_string_equal(fc_event_name(FC_EVENT_LAUNCH_FAILED), "launch_failed");
    assert_string_equal(fc_job_status_name(FC_JOB_ERROR), "error");
    assert_string_equal(fc_effect_name(FC_EFFECT_RECORD_APPROVAL), "record_approval");
    assert_string_equal(fc_effect_name(FC_EFFECT_CANCEL_JOB), "cancel_job");
}

static void unknown_names_are_refused(void **state)
{
    (void)state;
    fc_state st = FC_STATE_CREATED;
    fc_event ev;
    fc_job_status js;
    assert_int_equal(fc_state_parse(&st, "Pending_Approval"), FC_EINVAL);
    assert_int_equal(fc_state_parse(&st, ""), FC_EINVAL);
    assert_int_equal(fc_state_parse(&st, NULL), FC_EINVAL);
    assert_int_equal(fc_state_parse(NULL, "created"), FC_EINVAL);
    assert_int_equal(st, FC_STATE_CREATED);
    assert_int_equal(fc_event_parse(&ev, "approved"), FC_EINVAL);
    assert_int_equal(fc_job_status_parse(&js, "succeeded"), FC_EINVAL);
    assert_null(fc_state_name((fc_state)FC_STATE__COUNT));
    assert_null(fc_state_name((fc_state)-1));
    assert_null(fc_event_name((fc_event)FC_EVENT__COUNT));
    assert_null(fc_job_status_name((fc_job_status)FC_JOB__COUNT));
    assert_null(fc_effect_name((fc_effect)FC_EFFECT__COUNT));
}

static const struct CMUnitTest status_tests[] = {
    cmocka_unit_test(every_illegal_pair_is_refused_with_one_status_error),
    cmocka_unit_test(every_legal_pair_succeeds_with_good_facts),
    cmocka_unit_test(illegal_message_example),
    cmocka_unit_test(submit_with_approval_waits),
    cmocka_unit_test(submit_without_approval_launches),
    cmocka_unit_test(approve_counts_distinct_votes),
    cmocka_unit_test(single_approval_launches),
    cmocka_unit_test(second_vote_of_same_approver_is_illegal),
    cmocka_unit_test(approve_with_bad_counts_is_einval),
    cmocka_unit_test(reject_needs_a_reason),
    cmocka_unit_test(reject_with_reason),
    cmocka_unit_test(submit_needs_a_justification_when_the_item_asks),
    cmocka_unit_test(cancel_pending_and_running),
    cmocka_unit_test(step_quorum_moves_to_next_step_or_launches),
    cmocka_unit_test(request_info_needs_a_question),
    cmocka_unit_test(needs_info_resubmits_and_is_never_decided),
    cmocka_unit_test(expiry_outcomes),
    cmocka_unit_test(expiry_outcome_names_round_trip),
    cmocka_unit_test(launch_outcomes),
    cmocka_unit_test(running_follows_every_job_status),
    cmocka_unit_test(bad_arguments_are_einval),
    cmocka_unit_test(terminal_and_deletable_states),
    cmocka_unit_test(names_round_trip),
    cmocka_unit_test(unknown_names_are_refused),
};

FC_TEST_MAIN(status_tests)
