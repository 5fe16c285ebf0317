/* Request lifecycle: states, events, the transition table and the mapping
 * from controller job statuses (DESIGN.md "Request lifecycle",
 * awx-facts.md "Statuses"). Pure functions; no allocation. */
#ifndef FORGE_CATALOG_FC_STATUS_H
#define FORGE_CATALOG_FC_STATUS_H

#include "fc_errors.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FC_STATE_LIST(X)                                                                           \
    X(CREATED, "created")                                                                          \
    X(PENDING_APPROVAL, "pending_approval")                                                        \
    X(APPROVED, "approved")                                                                        \
    X(RUNNING, "running")                                                                          \
    X(SUCCESSFUL, "successful")                                                                    \
    X(FAILED, "failed")                                                                            \
    X(CANCELED, "canceled")                                                                        \
    X(REJECTED, "rejected")                                                                        \
    X(NEEDS_INFO, "needs_info") /* sent back with a question; the requester answers */             \
    X(EXPIRED, "expired")       /* a pending step ran out of time with outcome "reject" */

/* An X-macro expansion is not a statement: keep the enum as written. */
/* clang-format off */
typedef enum fc_state {
#define FC_STATE_ENUM_(name, text) FC_STATE_##name,
    FC_STATE_LIST(FC_STATE_ENUM_)
#undef FC_STATE_ENUM_
    FC_STATE__COUNT
} fc_state;
/* clang-format on */

#define FC_EVENT_LIST(X)                                                                           \
    X(SUBMIT, "submit")                                                                            \
    X(APPROVE, "approve")                                                                          \
    X(REJECT, "reject")                                                                            \
    X(CANCEL, "cancel")                                                                            \
    X(LAUNCHED, "launched")                                                                        \
    X(LAUNCH_FAILED, "launch_failed")                                                              \
    X(JOB_STATUS, "job_status")                                                                    \
    X(REQUEST_INFO, "request_info") /* an approver asks a question (text required) */              \
    X(RESUBMIT, "resubmit")         /* the requester answers: back to the same step */             \
    X(EXPIRE, "expire")             /* the waiting step's time ran out (the tick) */

/* An X-macro expansion is not a statement: keep the enum as written. */
/* clang-format off */
typedef enum fc_event {
#define FC_EVENT_ENUM_(name, text) FC_EVENT_##name,
    FC_EVENT_LIST(FC_EVENT_ENUM_)
#undef FC_EVENT_ENUM_
    FC_EVENT__COUNT
} fc_event;
/* clang-format on */

/* The controller's UnifiedJob.status values (awx/main/models/unified_jobs.py). */
#define FC_JOB_STATUS_LIST(X)                                                                      \
    X(NEW, "new")                                                                                  \
    X(PENDING, "pending")                                                                          \
    X(WAITING, "waiting")                                                                          \
    X(RUNNING, "running")                                                                          \
    X(SUCCESSFUL, "successful")                                                                    \
    X(FAILED, "failed")                                                                            \
    X(ERROR, "error")                                                                              \
    X(CANCELED, "canceled")

/* An X-macro expansion is not a statement: keep the enum as written. */
/* clang-format off */
typedef enum fc_job_status {
#define FC_JOB_STATUS_ENUM_(name, text) FC_JOB_##name,
    FC_JOB_STATUS_LIST(FC_JOB_STATUS_ENUM_)
#undef FC_JOB_STATUS_ENUM_
    FC_JOB__COUNT
} fc_job_status;
/* clang-format on */

/* What the caller must do after a legal transition, beyond saving the state. */
#define FC_EFFECT_LIST(X)                                                                          \
    X(NONE, "none")                                                                                \
    X(LAUNCH, "launch")                   /* reached approved: launch the job */                   \
    X(RECORD_APPROVAL, "record_approval") /* vote counted, still pending */                        \
    X(CANCEL_JOB, "cancel_job")           /* ask the job to cancel; state follows by sync */       \
    X(NEXT_STEP, "next_step")             /* step quorum reached, more steps: enter the next */    \
    X(ESCALATE, "escalate") /* expired with outcome escalate: the org admins decide the step */    \
    X(WITHDRAW_VOTES, "withdraw_votes") /* resubmitted with changed answers: the step votes anew */

/* An X-macro expansion is not a statement: keep the enum as written. */
/* clang-format off */
typedef enum fc_effect {
#define FC_EFFECT_ENUM_(name, text) FC_EFFECT_##name,
    FC_EFFECT_LIST(FC_EFFECT_ENUM_)
#undef FC_EFFECT_ENUM_
    FC_EFFECT__COUNT
} fc_effect;
/* clang-format on */

/* Name <-> value. *_name returns NULL for out-of-range values;
 * *_parse returns FC_EINVAL for unknown names. */
const char *fc_state_name(fc_state state);
const char *fc_event_name(fc_event event);
const char *fc_job_status_name(fc_job_status status);
const char *fc_effect_name(fc_effect effect);
int fc_state_parse(fc_state *out, const char *name);
int fc_event_parse(fc_event *out, const char *name);
int fc_job_status_parse(fc_job_status *out, const char *name);

/* What a step's expiry does (docs/approvals.md "Expiry"). */
#define FC_EXPIRY_OUTCOME_LIST(X)                                                                  \
    X(REJECT, "reject")     /* the request ends expired (the default) */                           \
    X(ESCALATE, "escalate") /* the step passes to the organization admins */                       \
    X(APPROVE, "approve")   /* counts as the step's quorum, only where the item permits it */

/* An X-macro expansion is not a statement: keep the enum as written. */
/* clang-format off */
typedef enum fc_expiry_outcome {
#define FC_EXPIRY_ENUM_(name, text) FC_EXPIRY_##name,
    FC_EXPIRY_OUTCOME_LIST(FC_EXPIRY_ENUM_)
#undef FC_EXPIRY_ENUM_
    FC_EXPIRY__COUNT
} fc_expiry_outcome;
/* clang-format on */

const char *fc_expiry_outcome_name(fc_expiry_outcome outcome);
int fc_expiry_outcome_parse(fc_expiry_outcome *out, const char *name);

/* rejected, successful, failed, canceled, expired */
int fc_state_is_terminal(fc_state state);
/* A request may be deleted only while nothing was launched for it:
 * pending_approval, needs_info, rejected, expired. */
int fc_state_is_deletable(fc_state state);

/* Job status -> request state: successful->successful, failed/error->failed,
 * canceled->canceled; non-terminal statuses give FC_STATE_RUNNING. */
fc_state fc_job_status_to_state(fc_job_status status);
int fc_job_status_is_terminal(fc_job_status status);

/* Facts an event carries. Unused fields are ignored for other events. */
typedef struct fc_transition_facts {
    int requires_approval;      /* SUBMIT */
    int justification_required; /* SUBMIT: the item asks for a justification */
    int has_justification;      /* SUBMIT: a non-blank justification was given */
    unsigned approvals;         /* APPROVE: distinct approvals of the waiting step incl. this one */
    unsigned approvals_required;      /* APPROVE: the waiting step's quorum, >= 1 */
    int already_voted;                /* APPROVE: this approver approved this step before */
    int has_next_step;                /* APPROVE, EXPIRE(approve): a step follows the waiting one */
    int has_reason;                   /* REJECT: a non-blank reason was given */
    int has_question;                 /* REQUEST_INFO: a non-blank question was asked */
    fc_job_status job_status;         /* JOB_STATUS */
    fc_expiry_outcome expiry_outcome; /* EXPIRE */
    int auto_approve_allowed;         /* EXPIRE: the item explicitly permits outcome approve */
    int escalated;                    /* EXPIRE: the step was already escalated to the org admins */
    int answers_changed;              /* RESUBMIT: a survey answer differs from the stored one */
} fc_transition_facts;

/* Decide a transition. On success *out_state is the next state and
 * *out_effect what the caller must do. Returns FC_EILLEGAL (with one
 * FC_CHECK_STATE entry at path "status" in errors) for a transition the
 * table does not allow, FC_EVALIDATION for a missing reject reason
 * (path "reason", FC_CHECK_REQUIRED), a missing question (path
 * "question") or a missing justification the item requires (path
 * "justification"), FC_EINVAL for bad arguments.
 *
 * Steps (docs/approvals.md): an approval that reaches the waiting step's
 * quorum gives next_step (state stays pending_approval) when
 * has_next_step, else approved + launch. An expiry ends the request expired
 * (outcome reject, and always from needs_info: nobody approves what was not
 * answered), escalates once (pending_approval + escalate; an escalated step
 * that expires again is rejected), or counts as the quorum (approve, only
 * with auto_approve_allowed, else it is treated as reject). */
int fc_status_transition(fc_state *out_state, fc_effect *out_effect, fc_errors *errors,
                         fc_state from, fc_event event, const fc_transition_facts *facts);

#ifdef __cplusplus
}
#endif
#endif
