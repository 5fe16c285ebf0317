/* Authority and visibility (csrc/core/authz.c) against DESIGN.md
 * "Authority and visibility" and docs/approvals.md: every action over all
 * 65536 combinations of
 * the facts, checked against rules restated here from the design text, plus
 * the named people of the app's fixtures (rando, reader, org admin...). */
#include <string.h>

#include "authz_bits.h"
#include "harness.h"

static fc_decision decide(fc_action action, const fc_authz_facts *f)
{
    fc_decision d = {-1, -1, FC_REASON__COUNT};
    assert_int_equal(fc_authz_decide(&d, action, f), 0);
    return d;
}

/* The design's sentences, one predicate each. */
static int admin(const fc_authz_facts *f)
{
    return f->is_superuser || f->is_org_admin;
}

/* awx-facts.md "Roles": "browsing needs read; submitting needs membership"
 * (of the organization, or of the team the item names as its audience). */
static int member(const fc_authz_facts *f)
{
    return admin(f) || f->is_org_member ||
           (f->item_has_audience_team && f->is_audience_team_member);
}

/* "member of the item's approver_team, or admin of its organization (also
 * the fallback when no team is set), or superuser" */
static int approver(const fc_authz_facts *f)
{
    return admin(f) || (f->item_has_approver_team && f->is_approver_team_member);
}

static void decision_invariants_hold_everywhere(void **state)
{
    (void)state;
    for (int a = 0; a < FC_ACTION__COUNT; a++) {
        for (unsigned bits = 0; bits < (1u << FC_TEST_FACT_COUNT); bits++) {
            fc_authz_facts f = fc_test_facts_from_bits(bits);
            fc_decision d = decide((fc_action)a, &f);
            assert_true(d.allowed == 0 || d.allowed == 1);
            assert_true(d.visible == 0 || d.visible == 1);
            /* Allowed means visible and reason "allowed"; refused names why. */
            if (d.allowed) {
                assert_int_equal(d.visible, 1);
                assert_int_equal(d.reason, FC_REASON_ALLOWED);
            } else {
                assert_int_not_equal(d.reason, FC_REASON_ALLOWED);
                assert_non_null(fc_reason_name(d.reason));
            }
            /* Anonymous: nothing, and nothing leaks. */
            if (!f.is_authenticated) {
                assert_int_equal(d.allowed, 0);
                assert_int_equal(d.visible, 0);
                assert_int_equal(d.reason, FC_REASON_ANONYMOUS);
            }
            /* A team-member fact without a team grants nothing. */
            if ((f.is_approver_team_member && !f.item_has_approver_team) ||
                (f.is_audience_team_member && !f.item_has_audience_team)) {
                fc_authz_facts g = f;
                if (!f.item_has_approver_team)
                    g.is_approver_team_member = 0;
                if (!f.item_has_audience_team)
                    g.is_audience_team_member = 0;
                fc_decision e = decide((fc_action)a, &g);
                assert_int_equal(e.allowed, d.allowed);
                assert_int_equal(e.visible, d.visible);
                assert_int_equal(e.reason, d.reason);
            }
        }
    }
}

static void item_rules_over_all_facts(void **state)
{
    (void)state;
    for (unsigned bits = 0; bits < (1u << FC_TEST_FACT_COUNT); bits++) {
        fc_authz_facts f = fc_test_facts_from_bits(bits);
        if (!f.is_authenticated)
            continue;
        /* "read on its organization, item enabled (admins also see disabled
         * items)" */
        int may_see = (admin(&f) || f.is_org_reader) && (f.item_enabled || admin(&f));
        fc_decision see = decide(FC_ACTION_SEE_ITEM, &f);
        assert_int_equal(see.allowed, may_see);
        assert_int_equal(see.visible, may_see);

        /* Nobody submits a disabled item, admins included; readers who are
         * not members (auditors) see it and may not submit (403). */
        fc_decision submit = decide(FC_ACTION_SUBMIT, &f);
        assert_int_equal(submit.allowed, may_see && f.item_enabled && member(&f));
        assert_int_equal(submit.visible, may_see);
        if (may_see && !f.item_enabled)
            assert_int_equal(submit.reason, FC_REASON_ITEM_DISABLED);
        if (may_see && f.item_enabled && !member(&f))
            assert_int_equal(submit.reason, FC_REASON_NOT_MEMBER);

        /* "Manage catalog items: admin of the item's organization, or
         * superuser"; a reader who sees the item gets 403, others 404. */
        for (int a = FC_ACTION_MANAGE_ITEM; a <= FC_ACTION_LIST_ITEM_REQUESTS; a++) {
            fc_decision d = decide((fc_action)a, &f);
            assert_int_equal(d.allowed, admin(&f));
            assert_int_equal(d.visible, admin(&f) || may_see);
            if (may_see && !admin(&f))
                assert_int_equal(d.reason, FC_REASON_NOT_ORG_ADMIN);
            if (!may_see)
                assert_int_equal(d.reason, see.reason);
        }
    }
}

static void request_rules_over_all_facts(void **state)
{
    (void)state;
    for (unsigned bits = 0; bits < (1u << FC_TEST_FACT_COUNT); bits++) {
        fc_authz_facts f = fc_test_facts_from_bits(bits);
        if (!f.is_authenticated)
            continue;
        /* "See a request: its requester, those who may approve it, org
         * admins, superusers. Anyone else gets 404." With steps: the
         * approvers of every step (docs/approvals.md). */
        int party = f.is_requester || approver(&f) || f.is_other_step_team_member;
        /* AWX's system auditor reads everything, an org auditor its
         * organization's: they see every request, and decide none. */
        party = party || f.is_system_auditor || f.is_org_auditor;
        fc_decision see = decide(FC_ACTION_SEE_REQUEST, &f);
        assert_int_equal(see.allowed, party);
        assert_int_equal(see.visible, party);
        if (!party)
            assert_int_equal(see.reason, FC_REASON_NOT_VISIBLE);

        /* Approve / reject: approver, and not one's own request unless
         * ALLOW_SELF_APPROVAL. Request actions ignore item_enabled. */
        int may_vote = approver(&f) && (!f.is_requester || f.allow_self_approval);
        static const fc_action votes[] = {FC_ACTION_APPROVE, FC_ACTION_REJECT,
                                          FC_ACTION_REQUEST_INFO};
        for (size_t v = 0; v < 3; v++) {
            fc_action a = votes[v];
            fc_decision d = decide(a, &f);
            /* "nobody approves two steps of one request"; rejecting or
             * asking a question is no second approval. */
            int sod = a == FC_ACTION_APPROVE && f.approved_other_step;
            assert_int_equal(d.allowed, may_vote && !sod);
            if (may_vote && sod)
                assert_int_equal(d.reason, FC_REASON_APPROVED_OTHER_STEP);
            assert_int_equal(d.visible, party);
            if (party && !approver(&f))
                assert_int_equal(d.reason, FC_REASON_NOT_APPROVER);
            if (approver(&f) && f.is_requester && !f.allow_self_approval)
                assert_int_equal(d.reason, FC_REASON_SELF_APPROVAL);
        }

        /* Cancel and delete: requester or org admin (or superuser). */
        for (int a = FC_ACTION_CANCEL; a <= FC_ACTION_DELETE_REQUEST; a++) {
            fc_decision d = decide((fc_action)a, &f);
            assert_int_equal(d.allowed, f.is_requester || admin(&f));
            assert_int_equal(d.visible, party);
            if (party && !d.allowed)
                assert_int_equal(d.reason, FC_REASON_NOT_REQUESTER);
        }

        /* Answer a question: the requester only (admins cannot speak for
         * the requester). */
        fc_decision answer = decide(FC_ACTION_ANSWER, &f);
        assert_int_equal(answer.allowed, f.is_requester);
        assert_int_equal(answer.visible, party);
        if (party && !f.is_requester)
            assert_int_equal(answer.reason, FC_REASON_NOT_REQUESTER);
    }
}

/* The people of a typical fixture, on an enabled item with a team. */
static fc_authz_facts person(void)
{
    fc_authz_facts f = {0};
    f.is_authenticated = 1;
    f.item_enabled = 1;
    f.item_has_approver_team = 1;
    return f;
}

static void assert_decision(fc_action action, const fc_authz_facts *f, int allowed, int visible,
                            const char *reason)
{
    fc_decision d = decide(action, f);
    assert_int_equal(d.allowed, allowed);
    assert_int_equal(d.visible, visible);
    assert_string_equal(fc_reason_name(d.reason), reason);
}

static void rando_sees_nothing(void **state)
{
    (void)state;
    fc_authz_facts rando = person();
    assert_decision(FC_ACTION_SEE_ITEM, &rando, 0, 0, "not_org_reader");
    assert_decision(FC_ACTION_SUBMIT, &rando, 0, 0, "not_org_reader");
    assert_decision(FC_ACTION_MANAGE_ITEM, &rando, 0, 0, "not_org_reader");
    assert_decision(FC_ACTION_SEE_REQUEST, &rando, 0, 0, "not_visible");
    assert_decision(FC_ACTION_APPROVE, &rando, 0, 0, "not_visible");
    assert_decision(FC_ACTION_DELETE_REQUEST, &rando, 0, 0, "not_visible");
}

static void reader_uses_but_does_not_manage(void **state)
{
    (void)state;
    fc_authz_facts reader = person();
    reader.is_org_reader = 1;
    reader.is_org_member = 1;
    assert_decision(FC_ACTION_SEE_ITEM, &reader, 1, 1, "allowed");
    assert_decision(FC_ACTION_SUBMIT, &reader, 1, 1, "allowed");
    /* 403, not 404: the reader can see the item. */
    assert_decision(FC_ACTION_MANAGE_ITEM, &reader, 0, 1, "not_org_admin");
    assert_decision(FC_ACTION_LIST_ITEM_REQUESTS, &reader, 0, 1, "not_org_admin");
    /* Someone else's request: 404. */
    assert_decision(FC_ACTION_SEE_REQUEST, &reader, 0, 0, "not_visible");
    /* A disabled item is hidden from readers. */
    reader.item_enabled = 0;
    assert_decision(FC_ACTION_SEE_ITEM, &reader, 0, 0, "item_disabled");
    assert_decision(FC_ACTION_SUBMIT, &reader, 0, 0, "item_disabled");
    assert_decision(FC_ACTION_MANAGE_ITEM, &reader, 0, 0, "item_disabled");
}

static void auditors_browse_but_never_submit(void **state)
{
    (void)state;
    /* A system or org auditor: read on the organization, no membership. */
    fc_authz_facts auditor = person();
    auditor.is_org_reader = 1;
    assert_decision(FC_ACTION_SEE_ITEM, &auditor, 1, 1, "allowed");
    assert_decision(FC_ACTION_SUBMIT, &auditor, 0, 1, "not_member");
    /* Membership of a team the item does not name counts for nothing... */
    auditor.is_audience_team_member = 1;
    assert_decision(FC_ACTION_SUBMIT, &auditor, 0, 1, "not_member");
    /* ...membership of its audience team does (a team holding
     * "Organization Audit" reaches submit this way). */
    auditor.item_has_audience_team = 1;
    assert_decision(FC_ACTION_SUBMIT, &auditor, 1, 1, "allowed");
    /* The audience team grants no sight: visibility stays read's. */
    fc_authz_facts outsider = person();
    outsider.item_has_audience_team = 1;
    outsider.is_audience_team_member = 1;
    assert_decision(FC_ACTION_SUBMIT, &outsider, 0, 0, "not_org_reader");
}

static void auditors_read_requests_and_decide_none(void **state)
{
    (void)state;
    fc_authz_facts org_auditor = person();
    org_auditor.is_org_reader = 1;
    org_auditor.is_org_auditor = 1;
    fc_authz_facts system_auditor = person();
    system_auditor.is_system_auditor = 1; /* even without read: e.g. an orphaned request */
    const fc_authz_facts *auditors[] = {&org_auditor, &system_auditor};
    for (size_t i = 0; i < 2; i++) {
        const fc_authz_facts *a = auditors[i];
        assert_decision(FC_ACTION_SEE_REQUEST, a, 1, 1, "allowed");
        assert_decision(FC_ACTION_APPROVE, a, 0, 1, "not_approver");
        assert_decision(FC_ACTION_REJECT, a, 0, 1, "not_approver");
        assert_decision(FC_ACTION_REQUEST_INFO, a, 0, 1, "not_approver");
        assert_decision(FC_ACTION_ANSWER, a, 0, 1, "not_requester");
        assert_decision(FC_ACTION_CANCEL, a, 0, 1, "not_requester");
        assert_decision(FC_ACTION_DELETE_REQUEST, a, 0, 1, "not_requester");
        /* Item administration stays the admins'. */
        assert_decision(FC_ACTION_MANAGE_ITEM, a, 0, a->is_org_reader,
                        i == 0 ? "not_org_admin" : "not_org_reader");
    }
    /* Auditing another organization shows nothing here. */
    fc_authz_facts elsewhere = person();
    elsewhere.is_org_reader = 1;
    assert_decision(FC_ACTION_SEE_REQUEST, &elsewhere, 0, 0, "not_visible");
}

static void org_admin_sees_disabled_items_but_cannot_submit(void **state)
{
    (void)state;
    fc_authz_facts org_admin = person();
    org_admin.is_org_admin = 1;
    org_admin.item_enabled = 0;
    assert_decision(FC_ACTION_SEE_ITEM, &org_admin, 1, 1, "allowed");
    assert_decision(FC_ACTION_SUBMIT, &org_admin, 0, 1, "item_disabled");
    assert_decision(FC_ACTION_MANAGE_ITEM, &org_admin, 1, 1, "allowed");
    fc_authz_facts superuser = person();
    superuser.is_superuser = 1;
    superuser.item_enabled = 0;
    assert_decision(FC_ACTION_SUBMIT, &superuser, 0, 1, "item_disabled");
}

static void requester_follows_own_request(void **state)
{
    (void)state;
    fc_authz_facts requester = person();
    requester.is_org_reader = 1;
    requester.is_requester = 1;
    assert_decision(FC_ACTION_SEE_REQUEST, &requester, 1, 1, "allowed");
    assert_decision(FC_ACTION_CANCEL, &requester, 1, 1, "allowed");
    assert_decision(FC_ACTION_DELETE_REQUEST, &requester, 1, 1, "allowed");
    /* 403: the requester sees the request but has no say in it. */
    assert_decision(FC_ACTION_APPROVE, &requester, 0, 1, "not_approver");
    assert_decision(FC_ACTION_REJECT, &requester, 0, 1, "not_approver");
}

static void self_approval_is_refused_unless_allowed(void **state)
{
    (void)state;
    fc_authz_facts member = person();
    member.is_approver_team_member = 1;
    member.is_requester = 1;
    assert_decision(FC_ACTION_APPROVE, &member, 0, 1, "self_approval");
    assert_decision(FC_ACTION_REJECT, &member, 0, 1, "self_approval");
    /* It binds superusers and org admins as well. */
    fc_authz_facts superuser = person();
    superuser.is_superuser = 1;
    superuser.is_requester = 1;
    assert_decision(FC_ACTION_APPROVE, &superuser, 0, 1, "self_approval");
    fc_authz_facts org_admin = person();
    org_admin.is_org_admin = 1;
    org_admin.is_requester = 1;
    assert_decision(FC_ACTION_APPROVE, &org_admin, 0, 1, "self_approval");
    /* ALLOW_SELF_APPROVAL on. */
    member.allow_self_approval = 1;
    assert_decision(FC_ACTION_APPROVE, &member, 1, 1, "allowed");
}

static void approvers_of_a_request(void **state)
{
    (void)state;
    fc_authz_facts member = person();
    member.is_approver_team_member = 1;
    assert_decision(FC_ACTION_SEE_REQUEST, &member, 1, 1, "allowed");
    assert_decision(FC_ACTION_APPROVE, &member, 1, 1, "allowed");
    assert_decision(FC_ACTION_REJECT, &member, 1, 1, "allowed");
    /* An approver may not cancel or delete someone else's request. */
    assert_decision(FC_ACTION_CANCEL, &member, 0, 1, "not_requester");
    assert_decision(FC_ACTION_DELETE_REQUEST, &member, 0, 1, "not_requester");
    /* Org admins approve with or without a team (the fallback). */
    fc_authz_facts org_admin = person();
    org_admin.is_org_admin = 1;
    assert_decision(FC_ACTION_APPROVE, &org_admin, 1, 1, "allowed");
    assert_decision(FC_ACTION_CANCEL, &org_admin, 1, 1, "allowed");
    org_admin.item_has_approver_team = 0;
    assert_decision(FC_ACTION_APPROVE, &org_admin, 1, 1, "allowed");
    /* Separation of duties: one who approved step 1 does not approve step
     * 2, but may still reject it or ask a question. */
    fc_authz_facts earlier = member;
    earlier.approved_other_step = 1;
    assert_decision(FC_ACTION_APPROVE, &earlier, 0, 1, "approved_other_step");
    assert_decision(FC_ACTION_REJECT, &earlier, 1, 1, "allowed");
    assert_decision(FC_ACTION_REQUEST_INFO, &earlier, 1, 1, "allowed");
    /* A member of another step's team sees the request, decides nothing now. */
    fc_authz_facts later = person();
    later.is_other_step_team_member = 1;
    assert_decision(FC_ACTION_SEE_REQUEST, &later, 1, 1, "allowed");
    assert_decision(FC_ACTION_APPROVE, &later, 0, 1, "not_approver");
    assert_decision(FC_ACTION_ANSWER, &later, 0, 1, "not_requester");
    /* A disabled item does not strand its pending requests. */
    org_admin.item_enabled = 0;
    assert_decision(FC_ACTION_APPROVE, &org_admin, 1, 1, "allowed");
}

static void bad_arguments(void **state)
{
    (void)state;
    fc_decision d;
    fc_authz_facts f = person();
    assert_int_equal(fc_authz_decide(NULL, FC_ACTION_SEE_ITEM, &f), FC_EINVAL);
    assert_int_equal(fc_authz_decide(&d, FC_ACTION_SEE_ITEM, NULL), FC_EINVAL);
    assert_int_equal(fc_authz_decide(&d, (fc_action)FC_ACTION__COUNT, &f), FC_EINVAL);
    assert_int_equal(fc_authz_decide(&d, (fc_action)-1, &f), FC_EINVAL);
}

static void action_and_reason_names(void **state)
{
    (void)state;
    static const char *const actions[] = {
        "see_item", "submit", "manage_item",    "list_item_requests", "see_request", "approve",
        "reject",   "cancel", "delete_request", "request_info",       "answer"};
    static const char *const reasons[] = {"allowed",       "anonymous",          "not_org_reader",
                                          "item_disabled", "not_org_admin",      "not_approver",
                                          "self_approval", "not_requester",      "not_visible",
                                          "not_member",    "approved_other_step"};
    fc_action action;
    assert_int_equal(FC_ACTION__COUNT, 11);
    assert_int_equal(FC_REASON__COUNT, 11);
    for (int i = 0; i < FC_ACTION__COUNT; i++) {
        assert_string_equal(fc_action_name((fc_action)i), actions[i]);
        assert_int_equal(fc_action_parse(&action, actions[i]), 0);
        assert_int_equal(action, i);
    }
    for (int i = 0; i < FC_REASON__COUNT; i++)
        assert_string_equal(fc_reason_name((fc_reason)i), reasons[i]);
    assert_null(fc_action_name((fc_action)FC_ACTION__COUNT));
    assert_null(fc_reason_name((fc_reason)FC_REASON__COUNT));
    assert_int_equal(fc_action_parse(&action, "Approve"), FC_EINVAL);
    assert_int_equal(fc_action_parse(&action, NULL), FC_EINVAL);
    assert_int_equal(fc_action_parse(NULL, "approve"), FC_EINVAL);
}

static const struct CMUnitTest authz_tests[] = {
    cmocka_unit_test(decision_invariants_hold_everywhere),
    cmocka_unit_test(item_rules_over_all_facts),
    cmocka_unit_test(request_rules_over_all_facts),
    cmocka_unit_test(rando_sees_nothing),
    cmocka_unit_test(reader_uses_but_does_not_manage),
    cmocka_unit_test(auditors_browse_but_never_submit),
    cmocka_unit_test(auditors_read_requests_and_decide_none),
    cmocka_unit_test(org_admin_sees_disabled_items_but_cannot_submit),
    cmocka_unit_test(requester_follows_own_request),
    cmocka_unit_test(self_approval_is_refused_unless_allowed),
    cmocka_unit_test(approvers_of_a_request),
    cmocka_unit_test(bad_arguments),
    cmocka_unit_test(action_and_reason_names),
};

FC_TEST_MAIN(authz_tests)
