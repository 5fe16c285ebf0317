/* The clock of a waiting approval step (fc_expiry.h) for Python.
 *
 *   expiry_decide(*, now, step_entered_at, expire_after=0, remind_every=0,
 *                 last_reminded_at=-1)
 *       -> {"action", "expired", "expires_at", "next_remind_at"}  (None: never)
 *   check_expiry_policy(*, expire_after=0, remind_every=0, outcome="reject",
 *                       auto_approve_allowed=False)
 *       -> None, or ValidationError
 */
#include <limits.h>

#include "binding.h"
#include "errors.h"
#include "forge_catalog/fc_expiry.h"

/* A time or -1 ("never") as an int or None. */
static PyObject *time_or_none(long long value)
{
    return value < 0 ? Py_NewRef(Py_None) : PyLong_FromLongLong(value);
}

PyObject *fcpy_expiry_decide(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"now",          "step_entered_at",  "expire_after",
                               "remind_every", "last_reminded_at", NULL};
    fcpy_state *st = fcpy_state_from_module(module);
    fc_expiry_policy policy = {0};
    /* now and step_entered_at are required: "$" arguments are optional to
     * PyArg_Parse*, so a sentinel tells a missing one. */
    fc_expiry_clock clock = {
        .now = LLONG_MIN, .step_entered_at = LLONG_MIN, .last_reminded_at = -1};
    fc_expiry_decision d;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|$LLLLL:expiry_decide", keywords, &clock.now,
                                     &clock.step_entered_at, &policy.expire_after,
                                     &policy.remind_every, &clock.last_reminded_at))
        return NULL;
    if (clock.now == LLONG_MIN || clock.step_entered_at == LLONG_MIN) {
        PyErr_SetString(PyExc_TypeError, "expiry_decide: now and step_entered_at are required");
        return NULL;
    }
    int rc = fc_expiry_decide(&d, &policy, &clock);
    if (rc != 0)
        return fcpy_raise(st, rc, NULL, "expiry_decide");
    PyObject *expires_at = time_or_none(d.expires_at);
    PyObject *next_remind_at = time_or_none(d.next_remind_at);
    PyObject *result = NULL;
    if (expires_at != NULL && next_remind_at != NULL)
        result = Py_BuildValue("{s:s,s:O,s:O,s:O}", "action", fc_tick_action_name(d.action),
                               "expired", d.expired ? Py_True : Py_False, "expires_at", expires_at,
                               "next_remind_at", next_remind_at);
    Py_XDECREF(expires_at);
    Py_XDECREF(next_remind_at);
    return result;
}

PyObject *fcpy_check_expiry_policy(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"expire_after", "remind_every", "outcome", "auto_approve_allowed",
                               NULL};
    fcpy_state *st = fcpy_state_from_module(module);
    fc_expiry_policy policy = {.outcome = FC_EXPIRY_REJECT};
    PyObject *outcome = NULL;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|$LLOp:check_expiry_policy", keywords,
                                     &policy.expire_after, &policy.remind_every, &outcome,
                                     &policy.auto_approve_allowed))
        return NULL;
    if (outcome != NULL) {
        const char *name = fcpy_name_arg(outcome, "outcome");
        if (name == NULL)
            return NULL;
        if (fc_expiry_outcome_parse(&policy.outcome, name) != 0) {
            PyErr_Format(PyExc_ValueError, "unknown expiry outcome %R", outcome);
            return NULL;
        }
    }
    fc_errors *errors = fcpy_errors_new();
    if (errors == NULL)
        return NULL;
    int rc = fc_expiry_check_policy(errors, &policy);
    PyObject *result =
        rc == 0 ? Py_NewRef(Py_None) : fcpy_raise(st, rc, errors, "check_expiry_policy");
    fc_errors_free(errors);
    return result;
}
