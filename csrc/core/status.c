/* Request lifecycle: names, predicates and the transition table
 * (DESIGN.md "Request lifecycle"; awx-facts.md "Statuses"). */
#include <string.h>

#include "errors_internal.h"
#include "forge_catalog/fc_status.h"

/* Name tables come from the same X-macro lists as the enums. */
static const char *const state_names[FC_STATE__COUNT] = {
#define FC_STATE_TEXT_(name, text) [FC_STATE_##name] = text,
    FC_STATE_LIST(FC_STATE_TEXT_)
#undef FC_STATE_TEXT_
};

static const char *const event_names[FC_EVENT__COUNT] = {
#define FC_EVENT_TEXT_(name, text) [FC_EVENT_##name] = text,
    FC_EVENT_LIST(FC_EVENT_TEXT_)
#undef FC_EVENT_TEXT_
};

static const char *const job_status_names[FC_JOB__COUNT] = {
#define FC_JOB_TEXT_(name, text) [FC_JOB_##name] = text,
    FC_JOB_STATUS_LIST(FC_JOB_TEXT_)
#undef FC_JOB_TEXT_
};

static const char *const effect_names[FC_EFFECT__COUNT] = {
#define FC_EFFECT_TEXT_(name, text) [FC_EFFECT_##name] = text,
    FC_EFFECT_LIST(FC_EFFECT_TEXT_)
#undef FC_EFFECT_TEXT_
};

static const char *const expiry_names[FC_EXPIRY__COUNT] = {
#define FC_EXPIRY_TEXT_(name, text) [FC_EXPIRY_##name] = text,
    FC_EXPIRY_OUTCOME_LIST(FC_EXPIRY_TEXT_)
#undef FC_EXPIRY_TEXT_
};

/* The casts to unsigned make negative (out-of-range) enum values fail the
 * bound check too. */
const char *fc_state_name(fc_state state)
{
    return (unsigned)state < FC_STATE__COUNT ? state_names[state] : NULL;
}

const char *fc_event_name(fc_event event)
{
    return (unsigned)event < FC_EVENT__COUNT ? event_names[event] : NULL;
}

const char *fc_job_status_name(fc_job_status status)
{
    return (unsigned)status < FC_JOB__COUNT ? job_status_names[status] : NULL;
}

const char *fc_effect_name(fc_effect effect)
{
    return (unsigned)effect < FC_EFFECT__COUNT ? effect_names[effect] : NULL;
}

const char *fc_expiry_outcome_name(fc_expiry_outcome outcome)
{
    return (unsigned)outcome < FC_EXPIRY__COUNT ? expiry_names[outcome] : NULL;
}

/* Linear search: the tables have at most 10 entries. */
static int parse_name(int *out, const char *const *names, int count, const char *name)
{
    if (name == NULL)
        return FC_EINVAL;
    for (int i = 0; i < count; i++) {
        if (strcmp(names[i], name) == 0) {
            *out = i;
            return 0;
        }
    }
    return FC_EINVAL;
}

int fc_state_parse(fc_state *out, const char *name)
{
    int value = 0;
    int rc = out == NULL ? FC_EINVAL : parse_name(&value, state_names, FC_STATE__COUNT, name);
    if (rc == 0)
        *out = (fc_state)value;
    return rc;
}

int fc_event_parse(fc_event *out, const char *name)
{
    int value = 0;
    int rc = out == NULL ? FC_EINVAL : parse_name(&value, event_names, FC_EVENT__COUNT, name);
    if (rc == 0)
        *out = (fc_event)value;
    return rc;
}

int fc_job_status_parse(fc_job_status *out, const char *name)
{
    int value = 0;
    int rc = out == NULL ? FC_EINVAL : parse_name(&value, job_status_names, FC_JOB__COUNT, name);
    if (rc == 0)
        *out = (fc_job_status)value;
    return rc;
}

int fc_expiry_outcome_parse(fc_expiry_outcome *out, const char *name)
{
    int value = 0;
    int rc = out == NULL ? FC_EINVAL : parse_name(&value, expiry_names, FC_EXPIRY__COUNT, name);
    if (rc == 0)
        *out = (fc_expiry_outcome)value;
    return rc;
}

/* DESIGN.md: "Terminal: rejected, successful, failed, canceled"; expired
 * ends a request as a rejection does (docs/approvals.md). */
int fc_state_is_terminal(fc_state state)
{
    return state == FC_STATE_REJECTED || state == FC_STATE_SUCCESSFUL || state == FC_STATE_FAILED ||
           state == FC_STATE_CANCELED || state == FC_STATE_EXPIRED;
}

/* DESIGN.md "Authority and visibility": delete "only in pending_approval or
 * rejected"; needs_info and expired are their counterparts (nothing was
 * launched). */
int fc_state_is_deletable(fc_state state)
{
    return state == FC_STATE_PENDING_APPROVAL || state == FC_STATE_REJECTED ||
           state == FC_STATE_NEEDS_INFO || state == FC_STATE_EXPIRED;
}

/* awx-facts.md "Statuses": successful -> successful, failed and error ->
 * failed, canceled -> canceled, other statuses leave it running. An
 * out-of-range value maps to running too: it never ends a request. */
fc_state fc_job_status_to_state(fc_job_status status)
{
    switch (status) {
    case FC_JOB_SUCCESSFUL:
        return FC_STATE_SUCCESSFUL;
    case FC_JOB_FAILED:
    case FC_JOB_ERROR:
        return FC_STATE_FAILED;
    case FC_JOB_CANCELED:
        return FC_STATE_CANCELED;
    default:
        return FC_STATE_RUNNING;
    }
}

int fc_job_status_is_terminal(fc_job_status status)
{
    return status == FC_JOB_SUCCESSFUL || status == FC_JOB_FAILED || status == FC_JOB_ERROR ||
           status == FC_JOB_CANCELED;
}

/* The one FC_EILLEGAL entry the header promises: path "status", code state. */
static int illegal(fc_errors *errors, fc_state from, fc_event event)
{
    int rc = fc_errors_add(errors, "status", FC_CHECK_STATE, "cannot %s a request that is %s",
                           fc_event_name(event), fc_state_name(from));
    return rc != 0 ? rc : FC_EILLEGAL;
}

static void step_done(fc_state *next, fc_effect *effect, const fc_transition_facts *facts);

static int decide_approve(fc_state *next, fc_effect *effect, fc_errors *errors,
                          const fc_transition_facts *facts)
{
    /* approvals counts distinct approvals including this one, so 0 is a
     * caller bug, as is a policy asking for no approval at all. */
    if (facts->approvals_required < 1 || facts->approvals < 1)
        return FC_EINVAL;
    /* DESIGN.md: "Each approver counts once." */
    if (facts->already_voted) {
        int rc = fc_errors_add(errors, "status", FC_CHECK_STATE,
                               "already approved by this user: each approver counts once");
        return rc != 0 ? rc : FC_EILLEGAL;
    }
    if (facts->approvals < facts->approvals_required) {
        *next = FC_STATE_PENDING_APPROVAL;
        *effect = FC_EFFECT_RECORD_APPROVAL;
    } else {
        step_done(next, effect, facts);
    }
    return 0;
}

/* The waiting step has its quorum: the next step waits, or the request is
 * approved and launched after the last one. */
static void step_done(fc_state *next, fc_effect *effect, const fc_transition_facts *facts)
{
    if (facts->has_next_step) {
        *next = FC_STATE_PENDING_APPROVAL;
        *effect = FC_EFFECT_NEXT_STEP;
    } else {
        *next = FC_STATE_APPROVED;
        *effect = FC_EFFECT_LAUNCH;
    }
}

/* docs/approvals.md "Expiry": reject by default; escalate once to the org
 * admins; approve only where the item explicitly permits it (otherwise the
 * safe outcome, reject). */
static int decide_expire(fc_state *next, fc_effect *effect, const fc_transition_facts *facts)
{
    if ((unsigned)facts->expiry_outcome >= FC_EXPIRY__COUNT)
        return FC_EINVAL;
    switch (facts->expiry_outcome) {
    case FC_EXPIRY_ESCALATE:
        if (!facts->escalated) {
            *next = FC_STATE_PENDING_APPROVAL;
            *effect = FC_EFFECT_ESCALATE;
            return 0;
        }
        break;
    case FC_EXPIRY_APPROVE:
        if (facts->auto_approve_allowed) {
            step_done(next, effect, facts);
            return 0;
        }
        break;
    default:
        break;
    }
    *next = FC_STATE_EXPIRED;
    *effect = FC_EFFECT_NONE;
    return 0;
}

/* The table of DESIGN.md "Request lifecycle", one case per row. Rows that
 * are legal return 0; falling out of the switch means "anything else is
 * illegal" (HTTP 409). The state is checked before the event's facts, so an
 * illegal move is reported as such whatever facts came with it. */
int fc_status_transition(fc_state *out_state, fc_effect *out_effect, fc_errors *errors,
                         fc_state from, fc_event event, const fc_transition_facts *facts)
{
    fc_state next = from;
    fc_effect effect = FC_EFFECT_NONE;
    int rc = 0;

    if (out_state == NULL || out_effect == NULL || facts == NULL ||
        (unsigned)from >= FC_STATE__COUNT || (unsigned)event >= FC_EVENT__COUNT)
        return FC_EINVAL;

    switch (from) {
    case FC_STATE_CREATED:
        if (event != FC_EVENT_SUBMIT)
            return illegal(errors, from, event);
        /* created --submit--> pending_approval, or approved and launched at
         * once when the item needs no approval. An item may require a
         * justification (issue 10): without one nothing moves. */
        if (facts->justification_required && !facts->has_justification) {
            rc = fc_errors_add(errors, "justification", FC_CHECK_REQUIRED,
                               "a justification is required for this item");
            return rc != 0 ? rc : FC_EVALIDATION;
        }
        if (facts->requires_approval) {
            next = FC_STATE_PENDING_APPROVAL;
        } else {
            next = FC_STATE_APPROVED;
            effect = FC_EFFECT_LAUNCH;
        }
        break;
    case FC_STATE_PENDING_APPROVAL:
        if (event == FC_EVENT_APPROVE) {
            rc = decide_approve(&next, &effect, errors, facts);
        } else if (event == FC_EVENT_REJECT) {
            if (!facts->has_reason) {
                rc = fc_errors_add(errors, "reason", FC_CHECK_REQUIRED,
                                   "a reason is required to reject a request");
                return rc != 0 ? rc : FC_EVALIDATION;
            }
            next = FC_STATE_REJECTED;
        } else if (event == FC_EVENT_CANCEL) {
            next = FC_STATE_CANCELED;
        } else if (event == FC_EVENT_REQUEST_INFO) {
            if (!facts->has_question) {
                rc = fc_errors_add(errors, "question", FC_CHECK_REQUIRED,
                                   "a question is required to ask the requester for information");
                return rc != 0 ? rc : FC_EVALIDATION;
            }
            next = FC_STATE_NEEDS_INFO;
        } else if (event == FC_EVENT_EXPIRE) {
            rc = decide_expire(&next, &effect, facts);
        } else {
            return illegal(errors, from, event);
        }
        break;
    case FC_STATE_NEEDS_INFO:
        /* Waiting for the requester: nobody approves or rejects what was
         * not answered (awx#13465: no buttons on what cannot be decided). */
        if (event == FC_EVENT_RESUBMIT) {
            /* docs/approvals.md "Needs information": votes stand unless an
             * answer changed; nobody's approval counts for values they
             * never saw. */
            next = FC_STATE_PENDING_APPROVAL;
            if (facts->answers_changed)
                effect = FC_EFFECT_WITHDRAW_VOTES;
        } else if (event == FC_EVENT_CANCEL) {
            next = FC_STATE_CANCELED;
        } else if (event == FC_EVENT_EXPIRE) {
            next = FC_STATE_EXPIRED;
        } else {
            return illegal(errors, from, event);
        }
        break;
    case FC_STATE_APPROVED:
        if (event == FC_EVENT_LAUNCHED)
            next = FC_STATE_RUNNING;
        else if (event == FC_EVENT_LAUNCH_FAILED)
            next = FC_STATE_FAILED;
        else
            return illegal(errors, from, event);
        break;
    case FC_STATE_RUNNING:
        if (event == FC_EVENT_JOB_STATUS) {
            if ((unsigned)facts->job_status >= FC_JOB__COUNT)
                return FC_EINVAL;
            /* Non-terminal statuses leave it running: no change, no effect. */
            next = fc_job_status_to_state(facts->job_status);
        } else if (event == FC_EVENT_CANCEL) {
            /* The job is asked to cancel; its status arrives by sync. */
            effect = FC_EFFECT_CANCEL_JOB;
        } else {
            return illegal(errors, from, event);
        }
        break;
    default:
        /* successful, failed, canceled, rejected, expired: terminal, nothing moves. */
        return illegal(errors, from, event);
    }

    if (rc != 0)
        return rc;
    *out_state = next;
    *out_effect = effect;
    return 0;
}
