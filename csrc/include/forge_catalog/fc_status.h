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
    X(REJECTED, "rejected")

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
    X(JOB_STATUS, "job_status")

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
    X(CANCEL_JOB, "cancel_job")           /* ask the job to cancel; state follows by sync */

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

/* rejected, successful, failed, canceled */
int fc_state_is_terminal(fc_state state);
/* A request may be deleted only in pending_approval or rejected. */
int fc_state_is_deletable(fc_state state);

/* Job status -> request state: successful->successful, failed/error->failed,
 * canceled->canceled; non-terminal statuses give FC_STATE_RUNNING. */
fc_state fc_job_status_to_state(fc_job_status status);
int fc_job_status_is_terminal(fc_job_status status);

/* Facts an event carries. Unused fields are ignored for other events. */
typedef struct fc_transition_facts {
    int requires_approval;       /* SUBMIT */
    unsigned approvals;          /* APPROVE: distinct approvals incl. this one */
    unsigned approvals_required; /* APPROVE: >= 1 */
    int already_voted;           /* APPROVE: this approver approved before */
    int has_reason;              /* REJECT: a non-blank reason was given */
    fc_job_status job_status;    /* JOB_STATUS */
} fc_transition_facts;

/* Decide a transition. On success *out_state is the next state and
 * *out_effect what the caller must do. Returns FC_EILLEGAL (with one
 * FC_CHECK_STATE entry at path "status" in errors) for a transition the
 * table does not allow, FC_EVALIDATION for a missing reject reason
 * (path "reason", FC_CHECK_REQUIRED), FC_EINVAL for bad arguments. */
int fc_status_transition(fc_state *out_state, fc_effect *out_effect, fc_errors *errors,
                         fc_state from, fc_event event, const fc_transition_facts *facts);

#ifdef __cplusplus
}
#endif
#endif
