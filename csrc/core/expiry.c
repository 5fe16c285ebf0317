/* The clock of a waiting approval step (fc_expiry.h). */
#include <limits.h>

#include "errors_internal.h"
#include "forge_catalog/fc_expiry.h"

static const char *const action_names[FC_TICK__COUNT] = {
#define FC_TICK_ACTION_TEXT_(name, text) [FC_TICK_##name] = text,
    FC_TICK_ACTION_LIST(FC_TICK_ACTION_TEXT_)
#undef FC_TICK_ACTION_TEXT_
};

const char *fc_tick_action_name(fc_tick_action action)
{
    return (unsigned)action < FC_TICK__COUNT ? action_names[action] : NULL;
}

/* One duration: 0 (never) or within [min, FC_EXPIRY_MAX_SECONDS]. Counts a
 * problem in *problems (errors may be NULL when the caller wants only the
 * verdict). */
static int check_duration(fc_errors *errors, int *problems, const char *path, long long value,
                          long long min)
{
    if (value == 0)
        return 0;
    if (value < min) {
        ++*problems;
        return fc_errors_add(errors, path, FC_CHECK_TOO_SMALL,
                             "must be 0 (never) or at least %lld seconds", min);
    }
    if (value > FC_EXPIRY_MAX_SECONDS) {
        ++*problems;
        return fc_errors_add(errors, path, FC_CHECK_TOO_LARGE, "must be at most %lld seconds",
                             FC_EXPIRY_MAX_SECONDS);
    }
    return 0;
}

int fc_expiry_check_policy(fc_errors *errors, const fc_expiry_policy *policy)
{
    if (policy == NULL || (unsigned)policy->outcome >= FC_EXPIRY__COUNT)
        return FC_EINVAL;
    int problems = 0;
    TRY(check_duration(errors, &problems, "expire_after", policy->expire_after, 1));
    TRY(check_duration(errors, &problems, "remind_every", policy->remind_every,
                       FC_EXPIRY_MIN_REMIND_SECONDS));
    if (policy->outcome == FC_EXPIRY_APPROVE && !policy->auto_approve_allowed) {
        problems++;
        TRY(fc_errors_add(errors, "expiry_outcome", FC_CHECK_FORBIDDEN,
                          "approve on expiry needs the item to permit auto-approval"));
    }
    return problems > 0 ? FC_EVALIDATION : 0;
}

/* a + b, or LLONG_MAX when it would overflow (both are >= 0 here). */
static long long add_saturating(long long a, long long b)
{
    return a > LLONG_MAX - b ? LLONG_MAX : a + b;
}

int fc_expiry_decide(fc_expiry_decision *out, const fc_expiry_policy *policy,
                     const fc_expiry_clock *clock)
{
    if (out == NULL || policy == NULL || clock == NULL || policy->expire_after < 0 ||
        policy->remind_every < 0 || clock->now < 0 || clock->step_entered_at < 0)
        return FC_EINVAL;

    fc_expiry_decision d = {FC_TICK_NONE, 0, -1, -1};
    /* A clock behind the step's start: no time has passed. */
    long long now = clock->now > clock->step_entered_at ? clock->now : clock->step_entered_at;

    if (policy->expire_after > 0) {
        d.expires_at = add_saturating(clock->step_entered_at, policy->expire_after);
        if (now >= d.expires_at) {
            d.expired = 1;
            d.action = FC_TICK_EXPIRE;
            *out = d;
            return 0;
        }
    }
    if (policy->remind_every > 0) {
        long long since = clock->last_reminded_at >= clock->step_entered_at
                              ? clock->last_reminded_at
                              : clock->step_entered_at;
        long long due = add_saturating(since, policy->remind_every);
        if (now >= due) {
            d.action = FC_TICK_REMIND;
            due = add_saturating(now, policy->remind_every);
        }
        d.next_remind_at = d.expires_at >= 0 && due >= d.expires_at ? -1 : due;
    }
    *out = d;
    return 0;
}
