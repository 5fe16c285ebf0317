/* Who may do what: facts in, decision out (DESIGN.md "Authority and
 * visibility"; awx-facts.md "Roles", "Approvals in AWX").
 *
 * Roles derived from the facts (nobody has any role unless authenticated):
 *   admin    = superuser or admin of the item's organization
 *   reader   = admin or read on the item's organization
 *   member   = admin, member of the item's organization, or member of the
 *              item's audience team when it has one (awx-facts.md "Roles":
 *              read_role also holds system and org auditors, who are
 *              read-only by definition, so reading never suffices to launch;
 *              AWX teams may hold "Organization Audit" but not "Organization
 *              Member", so a team reaches submit through the audience team)
 *   approver = admin, or member of the waiting step's team when it names
 *              one (the item's approver team for the one-step shorthand;
 *              org admins are also the fallback when no team is set; a
 *              "team member" fact without a team counts for nothing)
 *   party    = requester, approver, or member of another step's team:
 *              those who may see a request (docs/approvals.md)
 *   auditor  = system auditor, or auditor of the item's organization (AWX's
 *              access.py: a system auditor's querysets are every row, an
 *              org auditor reads its organization's jobs); reads requests,
 *              decides none
 *
 * action             allowed when                       refused: visible, reason
 * ------------------ ---------------------------------- ---------------------------------------
 * any                authenticated                      0 anonymous
 * see_item           reader, and enabled unless admin   0 not_org_reader | item_disabled
 * submit             see_item, item enabled, member     see_item's refusal; 1 item_disabled
 *                    (nobody submits a disabled item)     (an admin sees it, cannot submit);
 *                                                       1 not_member (an auditor sees it)
 * manage_item        admin                              see_item's refusal when it cannot be
 * list_item_requests admin                                seen (404), else 1 not_org_admin (403)
 * see_request        party or auditor                   0 not_visible
 * approve            approver, not the requester unless 0 not_visible (not a party);
 *                    allow_self_approval, and no vote   1 not_approver (a party who is no
 *                    on another step of the request       approver of the waiting step);
 *                    (separation of duties)             1 self_approval (requester + approver);
 *                                                       1 approved_other_step
 *                                                       (an auditor: 1 not_approver)
 * reject /           as approve, without the other-step the same refusals but
 * request_info       rule (refusing or asking is never    approved_other_step
 *                    a second approval)
 * answer             requester                          0 not_visible; 1 not_requester
 * cancel /           requester or admin                 0 not_visible (not a party);
 * delete_request     (the state rule is separate:       1 not_requester (an approver who is
 *                    fc_state_is_deletable)               neither requester nor admin)
 *
 * A refusal names the first rule that failed, visibility before authority,
 * so "visible 0" always means: answer 404, the object must not leak. The
 * self-approval rule binds superusers too: DESIGN.md says "the requester",
 * not "the requester unless superuser". Request actions do not look at
 * item_enabled: disabling an item hides it from the catalog but must not
 * strand requests already made through it. */
#include <string.h>

#include "forge_catalog/fc_authz.h"

static const char *const action_names[FC_ACTION__COUNT] = {
#define FC_ACTION_TEXT_(name, text) [FC_ACTION_##name] = text,
    FC_ACTION_LIST(FC_ACTION_TEXT_)
#undef FC_ACTION_TEXT_
};

static const char *const reason_names[FC_REASON__COUNT] = {
#define FC_REASON_TEXT_(name, text) [FC_REASON_##name] = text,
    FC_REASON_LIST(FC_REASON_TEXT_)
#undef FC_REASON_TEXT_
};

const char *fc_action_name(fc_action action)
{
    return (unsigned)action < FC_ACTION__COUNT ? action_names[action] : NULL;
}

const char *fc_reason_name(fc_reason reason)
{
    return (unsigned)reason < FC_REASON__COUNT ? reason_names[reason] : NULL;
}

int fc_action_parse(fc_action *out, const char *name)
{
    if (out == NULL || name == NULL)
        return FC_EINVAL;
    for (int i = 0; i < FC_ACTION__COUNT; i++) {
        if (strcmp(action_names[i], name) == 0) {
            *out = (fc_action)i;
            return 0;
        }
    }
    return FC_EINVAL;
}

static fc_decision allow(void)
{
    return (fc_decision){1, 1, FC_REASON_ALLOWED};
}

static fc_decision refuse(int visible, fc_reason reason)
{
    return (fc_decision){0, visible, reason};
}

static int is_admin(const fc_authz_facts *f)
{
    return f->is_superuser || f->is_org_admin;
}

static int is_approver(const fc_authz_facts *f)
{
    return is_admin(f) || (f->item_has_approver_team && f->is_approver_team_member);
}

static int is_member(const fc_authz_facts *f)
{
    return is_admin(f) || f->is_org_member ||
           (f->item_has_audience_team && f->is_audience_team_member);
}

static fc_decision see_item(const fc_authz_facts *f)
{
    if (!is_admin(f) && !f->is_org_reader)
        return refuse(0, FC_REASON_NOT_ORG_READER);
    if (!f->item_enabled && !is_admin(f))
        return refuse(0, FC_REASON_ITEM_DISABLED);
    return allow();
}

static fc_decision submit(const fc_authz_facts *f)
{
    fc_decision seen = see_item(f);
    if (!seen.allowed)
        return seen;
    if (!f->item_enabled)
        return refuse(1, FC_REASON_ITEM_DISABLED);
    if (!is_member(f))
        return refuse(1, FC_REASON_NOT_MEMBER);
    return allow();
}

/* manage_item and list_item_requests: admins only; others learn nothing
 * they could not already see. */
static fc_decision admin_only(const fc_authz_facts *f)
{
    if (is_admin(f))
        return allow();
    fc_decision seen = see_item(f);
    if (!seen.allowed)
        return seen;
    return refuse(1, FC_REASON_NOT_ORG_ADMIN);
}

static int is_auditor(const fc_authz_facts *f)
{
    return f->is_system_auditor || f->is_org_auditor;
}

static fc_decision see_request(const fc_authz_facts *f)
{
    if (f->is_requester || is_approver(f) || f->is_other_step_team_member || is_auditor(f))
        return allow();
    return refuse(0, FC_REASON_NOT_VISIBLE);
}

static fc_decision decide_vote(const fc_authz_facts *f)
{
    fc_decision seen = see_request(f);
    if (!seen.allowed)
        return seen;
    if (!is_approver(f))
        return refuse(1, FC_REASON_NOT_APPROVER);
    if (f->is_requester && !f->allow_self_approval)
        return refuse(1, FC_REASON_SELF_APPROVAL);
    return allow();
}

/* Issue 12: "nobody approves two steps of one request". */
static fc_decision approve(const fc_authz_facts *f)
{
    fc_decision vote = decide_vote(f);
    if (vote.allowed && f->approved_other_step)
        return refuse(1, FC_REASON_APPROVED_OTHER_STEP);
    return vote;
}

static fc_decision requester_only(const fc_authz_facts *f)
{
    fc_decision seen = see_request(f);
    if (!seen.allowed)
        return seen;
    if (f->is_requester)
        return allow();
    return refuse(1, FC_REASON_NOT_REQUESTER);
}

static fc_decision requester_or_admin(const fc_authz_facts *f)
{
    fc_decision seen = see_request(f);
    if (!seen.allowed)
        return seen;
    if (f->is_requester || is_admin(f))
        return allow();
    return refuse(1, FC_REASON_NOT_REQUESTER);
}

int fc_authz_decide(fc_decision *out, fc_action action, const fc_authz_facts *facts)
{
    if (out == NULL || facts == NULL || (unsigned)action >= FC_ACTION__COUNT)
        return FC_EINVAL;
    if (!facts->is_authenticated) {
        *out = refuse(0, FC_REASON_ANONYMOUS);
        return 0;
    }
    switch (action) {
    case FC_ACTION_SEE_ITEM:
        *out = see_item(facts);
        break;
    case FC_ACTION_SUBMIT:
        *out = submit(facts);
        break;
    case FC_ACTION_MANAGE_ITEM:
    case FC_ACTION_LIST_ITEM_REQUESTS:
        *out = admin_only(facts);
        break;
    case FC_ACTION_SEE_REQUEST:
        *out = see_request(facts);
        break;
    case FC_ACTION_APPROVE:
        *out = approve(facts);
        break;
    case FC_ACTION_REJECT:
    case FC_ACTION_REQUEST_INFO:
        *out = decide_vote(facts);
        break;
    case FC_ACTION_ANSWER:
        *out = requester_only(facts);
        break;
    case FC_ACTION_CANCEL:
    case FC_ACTION_DELETE_REQUEST:
        *out = requester_or_admin(facts);
        break;
    default:
        return FC_EINVAL;
    }
    return 0;
}
