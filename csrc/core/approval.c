/* What a caller may do with a request now: each offered action is the
 * conjunction of the two decisions the endpoint itself will ask for, so an
 * offered button never answers 403 or 409 and a hidden one would
 * (docs/approvals.md "Visible progress"; awx#13465: expired approvals still
 * show buttons). */
#include "forge_catalog/fc_approval.h"

static const char *const action_names[FC_REQUEST_ACTION__COUNT] = {
#define FC_REQUEST_ACTION_TEXT_(name, text) [FC_REQUEST_ACTION_##name] = text,
    FC_REQUEST_ACTION_LIST(FC_REQUEST_ACTION_TEXT_)
#undef FC_REQUEST_ACTION_TEXT_
};

const char *fc_request_action_name(fc_request_action action)
{
    return (unsigned)action < FC_REQUEST_ACTION__COUNT ? action_names[action] : NULL;
}

static int allowed(fc_action action, const fc_authz_facts *facts)
{
    fc_decision decision;
    return fc_authz_decide(&decision, action, facts) == 0 && decision.allowed;
}

/* Legal from this state with the facts of a well-formed request body (a
 * reason, a question; one approval toward a quorum of one). */
static int legal(fc_state state, fc_event event, int already_voted)
{
    fc_transition_facts facts = {0};
    fc_state next;
    fc_effect effect;
    facts.approvals = 1;
    facts.approvals_required = 1;
    facts.already_voted = already_voted;
    facts.has_reason = 1;
    facts.has_question = 1;
    return fc_status_transition(&next, &effect, NULL, state, event, &facts) == 0;
}

int fc_approval_actions(int out[FC_REQUEST_ACTION__COUNT], fc_state state,
                        const fc_authz_facts *facts, int already_voted)
{
    if (out == NULL || facts == NULL || (unsigned)state >= FC_STATE__COUNT)
        return FC_EINVAL;
    out[FC_REQUEST_ACTION_APPROVE] =
        allowed(FC_ACTION_APPROVE, facts) && legal(state, FC_EVENT_APPROVE, already_voted);
    out[FC_REQUEST_ACTION_REJECT] =
        allowed(FC_ACTION_REJECT, facts) && legal(state, FC_EVENT_REJECT, 0);
    out[FC_REQUEST_ACTION_REQUEST_INFO] =
        allowed(FC_ACTION_REQUEST_INFO, facts) && legal(state, FC_EVENT_REQUEST_INFO, 0);
    out[FC_REQUEST_ACTION_ANSWER] =
        allowed(FC_ACTION_ANSWER, facts) && legal(state, FC_EVENT_RESUBMIT, 0);
    out[FC_REQUEST_ACTION_CANCEL] =
        allowed(FC_ACTION_CANCEL, facts) && legal(state, FC_EVENT_CANCEL, 0);
    out[FC_REQUEST_ACTION_DELETE] =
        allowed(FC_ACTION_DELETE_REQUEST, facts) && fc_state_is_deletable(state);
    return 0;
}
