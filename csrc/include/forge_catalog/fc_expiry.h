/* The clock of a waiting approval step (issue 12 item 2): is a reminder
 * due, has the step expired, and when do both fall. What an expiry then
 * does to the request (reject, escalate, approve) is the transition
 * table's "expire" event (fc_status.h); this header only says when.
 * Pure functions; no allocation, no clock of their own (the caller passes
 * "now"). Times are whole seconds since the epoch, durations seconds. */
#ifndef FORGE_CATALOG_FC_EXPIRY_H
#define FORGE_CATALOG_FC_EXPIRY_H

#include "fc_errors.h"
#include "fc_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What one tick must do to a waiting request. */
#define FC_TICK_ACTION_LIST(X)                                                                     \
    X(NONE, "none")     /* nothing is due */                                                       \
    X(REMIND, "remind") /* remind the step's approvers, record when */                             \
    X(EXPIRE, "expire") /* the step's time ran out: the "expire" event */

/* An X-macro expansion is not a statement: keep the enum as written. */
/* clang-format off */
typedef enum fc_tick_action {
#define FC_TICK_ACTION_ENUM_(name, text) FC_TICK_##name,
    FC_TICK_ACTION_LIST(FC_TICK_ACTION_ENUM_)
#undef FC_TICK_ACTION_ENUM_
    FC_TICK__COUNT
} fc_tick_action;
/* clang-format on */

/* The longest expiry or reminder interval a policy may name: 366 days. */
#define FC_EXPIRY_MAX_SECONDS (366LL * 24 * 3600)
/* The shortest reminder interval: 60 s (reminders are messages to people). */
#define FC_EXPIRY_MIN_REMIND_SECONDS 60LL

/* An item's policy. The outcome and its permission matter only to
 * fc_expiry_check_policy (what an admin may save). */
typedef struct fc_expiry_policy {
    long long expire_after;    /* 0: the step never expires */
    long long remind_every;    /* 0: no reminders */
    fc_expiry_outcome outcome; /* fc_status.h */
    int auto_approve_allowed;  /* the item permits outcome approve */
} fc_expiry_policy;

typedef struct fc_expiry_clock {
    long long now;
    long long step_entered_at;  /* the waiting step began (or was escalated) */
    long long last_reminded_at; /* < step_entered_at (e.g. -1): none in this step */
} fc_expiry_clock;

typedef struct fc_expiry_decision {
    fc_tick_action action;
    int expired;              /* now >= expires_at: approve/reject refused */
    long long expires_at;     /* < 0: never */
    long long next_remind_at; /* < 0: no reminder will come */
} fc_expiry_decision;

const char *fc_tick_action_name(fc_tick_action action);

/* A policy an admin may save: expire_after 0 or within
 * [1, FC_EXPIRY_MAX_SECONDS], remind_every 0 or within
 * [FC_EXPIRY_MIN_REMIND_SECONDS, FC_EXPIRY_MAX_SECONDS], outcome approve
 * only with auto_approve_allowed. Every problem goes into errors (paths
 * "expire_after", "remind_every", "expiry_outcome"); returns FC_EVALIDATION
 * then, FC_EINVAL for a NULL policy or an out-of-range outcome, FC_ENOMEM. */
int fc_expiry_check_policy(fc_errors *errors, const fc_expiry_policy *policy);

/* Decide one tick for a request waiting at a step. The step expires at
 * step_entered_at + expire_after (sums saturate, never wrap). Reminders
 * fall due every remind_every after the step began or after its last
 * reminder, one per tick however late it runs, and stop once the next
 * would fall at or after the expiry (the expiry is the news then). A clock
 * that went backwards (now before step_entered_at) counts as no time
 * passed. Returns FC_EINVAL for NULL arguments and negative durations or
 * times; *out is written only on success. */
int fc_expiry_decide(fc_expiry_decision *out, const fc_expiry_policy *policy,
                     const fc_expiry_clock *clock);

#ifdef __cplusplus
}
#endif
#endif
