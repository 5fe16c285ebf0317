/* What one caller may do with one request now (docs/approvals.md "Visible
 * progress"): authority (fc_authz.h) and the state machine (fc_status.h)
 * combined, so the API hands the portal can_approve & co. and the portal
 * never copies a rule. Pure functions; no allocation. */
#ifndef FORGE_CATALOG_FC_APPROVAL_H
#define FORGE_CATALOG_FC_APPROVAL_H

#include "fc_authz.h"
#include "fc_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The request actions a caller may be offered, in output order. */
#define FC_REQUEST_ACTION_LIST(X)                                                                  \
    X(APPROVE, "can_approve")                                                                      \
    X(REJECT, "can_reject")                                                                        \
    X(REQUEST_INFO, "can_request_info")                                                            \
    X(ANSWER, "can_answer")                                                                        \
    X(CANCEL, "can_cancel")                                                                        \
    X(DELETE, "can_delete")

/* An X-macro expansion is not a statement: keep the enum as written. */
/* clang-format off */
typedef enum fc_request_action {
#define FC_REQUEST_ACTION_ENUM_(name, text) FC_REQUEST_ACTION_##name,
    FC_REQUEST_ACTION_LIST(FC_REQUEST_ACTION_ENUM_)
#undef FC_REQUEST_ACTION_ENUM_
    FC_REQUEST_ACTION__COUNT
} fc_request_action;
/* clang-format on */

const char *fc_request_action_name(fc_request_action action);

/* out[i] is 1 when action i would be allowed now: the caller may do it
 * (fc_authz_decide) and the request's state allows it (fc_status_transition
 * with the facts a well-formed call carries; already_voted: the caller
 * approved the waiting step before). Returns 0, or FC_EINVAL for a NULL
 * argument or an unknown state. */
int fc_approval_actions(int out[FC_REQUEST_ACTION__COUNT], fc_state state,
                        const fc_authz_facts *facts, int already_voted);

#ifdef __cplusplus
}
#endif
#endif
