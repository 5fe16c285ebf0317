/* Who may do what (DESIGN.md "Authority and visibility"). The caller gathers
 * facts about the actor and the object through the controller's role API;
 * the core turns them into a decision. Pure functions; no allocation. */
#ifndef FORGE_CATALOG_FC_AUTHZ_H
#define FORGE_CATALOG_FC_AUTHZ_H

#include "fc_errors.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FC_ACTION_LIST(X)                                                                          \
    X(SEE_ITEM, "see_item")                                                                        \
    X(SUBMIT, "submit")                                                                            \
    X(MANAGE_ITEM, "manage_item") /* create / update / delete an item */                           \
    X(LIST_ITEM_REQUESTS, "list_item_requests")                                                    \
    X(SEE_REQUEST, "see_request")                                                                  \
    X(APPROVE, "approve")                                                                          \
    X(REJECT, "reject")                                                                            \
    X(CANCEL, "cancel")                                                                            \
    X(DELETE_REQUEST, "delete_request")                                                            \
    X(REQUEST_INFO, "request_info") /* send back to the requester with a question */               \
    X(ANSWER, "answer")             /* the requester answers and resubmits */

/* An X-macro expansion is not a statement: keep the enum as written. */
/* clang-format off */
typedef enum fc_action {
#define FC_ACTION_ENUM_(name, text) FC_ACTION_##name,
    FC_ACTION_LIST(FC_ACTION_ENUM_)
#undef FC_ACTION_ENUM_
    FC_ACTION__COUNT
} fc_action;
/* clang-format on */

/* Why an action was refused; ALLOWED when it was not. */
#define FC_REASON_LIST(X)                                                                          \
    X(ALLOWED, "allowed")                                                                          \
    X(ANONYMOUS, "anonymous")                                                                      \
    X(NOT_ORG_READER, "not_org_reader")                                                            \
    X(ITEM_DISABLED, "item_disabled")                                                              \
    X(NOT_ORG_ADMIN, "not_org_admin")                                                              \
    X(NOT_APPROVER, "not_approver")                                                                \
    X(SELF_APPROVAL, "self_approval")                                                              \
    X(NOT_REQUESTER, "not_requester")                                                              \
    X(NOT_VISIBLE, "not_visible")                                                                  \
    X(NOT_MEMBER, "not_member")                                                                    \
    X(APPROVED_OTHER_STEP, "approved_other_step") /* separation of duties across steps */

/* An X-macro expansion is not a statement: keep the enum as written. */
/* clang-format off */
typedef enum fc_reason {
#define FC_REASON_ENUM_(name, text) FC_REASON_##name,
    FC_REASON_LIST(FC_REASON_ENUM_)
#undef FC_REASON_ENUM_
    FC_REASON__COUNT
} fc_reason;
/* clang-format on */

const char *fc_action_name(fc_action action);
const char *fc_reason_name(fc_reason reason);
int fc_action_parse(fc_action *out, const char *name);

/* Facts about one actor and one object (item, or request and its item). */
typedef struct fc_authz_facts {
    int is_authenticated;
    int is_superuser;
    int is_org_admin;            /* admin of the item's organization */
    int is_org_reader;           /* read on the item's organization */
    int is_org_member;           /* member_role on the item's organization (AWX: not auditors) */
    int is_audience_team_member; /* member of the item's audience_team */
    int is_approver_team_member; /* member of the waiting step's team (item: approver_team) */
    int is_requester;            /* the request's requested_by */
    int item_enabled;
    int item_has_approver_team;    /* the waiting step names a team (else: the org admins) */
    int is_other_step_team_member; /* member of another step's team: may see the request */
    int approved_other_step;       /* approved another step of this request */
    int item_has_audience_team;
    int allow_self_approval; /* setting ALLOW_SELF_APPROVAL */
    int is_system_auditor;   /* AWX's system auditor: reads everything, changes nothing */
    int is_org_auditor;      /* auditor_role on the item's organization (read-only) */
} fc_authz_facts;

typedef struct fc_decision {
    int allowed;      /* 1: go ahead */
    int visible;      /* 0: answer 404, the object's existence must not leak */
    fc_reason reason; /* FC_REASON_ALLOWED when allowed */
} fc_decision;

/* Returns 0 and fills *out, or FC_EINVAL for a bad action or NULL argument. */
int fc_authz_decide(fc_decision *out, fc_action action, const fc_authz_facts *facts);

#ifdef __cplusplus
}
#endif
#endif
