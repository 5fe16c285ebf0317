/* Request lifecycle (fc_status.h) for Python.
 *
 *   is_terminal(state) -> bool          job_status_to_state(status) -> str
 *   is_deletable(state) -> bool         is_terminal_job_status(status) -> bool
 *   transition(state, event, *, facts...) -> Transition(state, effect)
 */
#include "binding.h"
#include "errors.h"
#include "forge_catalog/fc_bytes.h"
#include "forge_catalog/fc_status.h"

#include <limits.h>
#include <string.h>

const char *fcpy_name_arg(PyObject *arg, const char *what)
{
    Py_ssize_t size;
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "%s must be str, not %.80s", what, Py_TYPE(arg)->tp_name);
        return NULL;
    }
    const char *utf8;
    if (PyUnicode_IS_COMPACT_ASCII(arg)) { /* its bytes, right after the object */
        size = PyUnicode_GET_LENGTH(arg);
        utf8 = (const char *)(((PyASCIIObject *)arg) + 1);
    } else if ((utf8 = PyUnicode_AsUTF8AndSize(arg, &size)) == NULL) {
        return NULL;
    }
    if (fc_bytes_have_nul(utf8, (size_t)size)) {
        PyErr_Format(PyExc_ValueError, "%s must not contain NUL characters", what);
        return NULL;
    }
    return utf8;
}

/* Name -> enum through the core's parser; ValueError for unknown names. */
#define FCPY_PARSER(fname, ctype, parse, what)                                                     \
    static int fname(PyObject *arg, ctype *out)                                                    \
    {                                                                                              \
        const char *name = fcpy_name_arg(arg, what);                                               \
        if (name == NULL)                                                                          \
            return -1;                                                                             \
        if (parse(out, name) != 0) {                                                               \
            PyErr_Format(PyExc_ValueError, "unknown " what " %R", arg);                            \
            return -1;                                                                             \
        }                                                                                          \
        return 0;                                                                                  \
    }
FCPY_PARSER(state_arg, fc_state, fc_state_parse, "state")
FCPY_PARSER(event_arg, fc_event, fc_event_parse, "event")
FCPY_PARSER(job_status_arg, fc_job_status, fc_job_status_parse, "job status")
FCPY_PARSER(expiry_outcome_arg, fc_expiry_outcome, fc_expiry_outcome_parse, "expiry outcome")
#undef FCPY_PARSER

PyObject *fcpy_is_terminal(PyObject *module, PyObject *arg)
{
    fc_state state;
    (void)module;
    if (state_arg(arg, &state) < 0)
        return NULL;
    return PyBool_FromLong(fc_state_is_terminal(state));
}

PyObject *fcpy_is_deletable(PyObject *module, PyObject *arg)
{
    fc_state state;
    (void)module;
    if (state_arg(arg, &state) < 0)
        return NULL;
    return PyBool_FromLong(fc_state_is_deletable(state));
}

PyObject *fcpy_job_status_to_state(PyObject *module, PyObject *arg)
{
    fc_job_status status;
    (void)module;
    if (job_status_arg(arg, &status) < 0)
        return NULL;
    const char *name = fc_state_name(fc_job_status_to_state(status));
    if (name == NULL) {
        PyErr_SetString(PyExc_SystemError, "job_status_to_state: core returned no state");
        return NULL;
    }
    return PyUnicode_FromString(name);
}

PyObject *fcpy_is_terminal_job_status(PyObject *module, PyObject *arg)
{
    fc_job_status status;
    (void)module;
    if (job_status_arg(arg, &status) < 0)
        return NULL;
    return PyBool_FromLong(fc_job_status_is_terminal(status));
}

static int unsigned_arg(PyObject *arg, unsigned *out, const char *what)
{
    unsigned long value = PyLong_AsUnsignedLong(arg);
    if (value == (unsigned long)-1 && PyErr_Occurred()) {
        if (PyErr_ExceptionMatches(PyExc_OverflowError) ||
            PyErr_ExceptionMatches(PyExc_TypeError)) {
            PyErr_Clear();
            PyErr_Format(PyExc_ValueError, "%s must be an int in 0..%u", what, UINT_MAX);
        }
        return -1;
    }
    if (value > UINT_MAX) {
        PyErr_Format(PyExc_ValueError, "%s must be an int in 0..%u", what, UINT_MAX);
        return -1;
    }
    *out = (unsigned)value;
    return 0;
}

PyObject *fcpy_transition(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"state",
                               "event",
                               "requires_approval",
                               "approvals",
                               "approvals_required",
                               "already_voted",
                               "has_reason",
                               "job_status",
                               "has_next_step",
                               "has_question",
                               "expiry_outcome",
                               "auto_approve_allowed",
                               "escalated",
                               "justification_required",
                               "has_justification",
                               "answers_changed",
                               NULL};
    fcpy_state *st = fcpy_state_from_module(module);
    PyObject *state_obj, *event_obj, *approvals_obj = NULL, *required_obj = NULL;
    PyObject *job_status_obj = Py_None, *outcome_obj = Py_None;
    PyObject *next = NULL, *effect = NULL, *result = NULL;
    int requires_approval = 0, already_voted = 0, has_reason = 0;
    int has_next_step = 0, has_question = 0, auto_approve_allowed = 0, escalated = 0;
    int justification_required = 0, has_justification = 0;
    int answers_changed = 0;
    fc_transition_facts facts = {0};
    fc_state from, to;
    fc_event event;
    fc_effect what;
    fc_errors *errors = NULL;

    if (!PyArg_ParseTupleAndKeywords(
            args, kwargs, "OO|$pOOppOppOppppp:transition", keywords, &state_obj, &event_obj,
            &requires_approval, &approvals_obj, &required_obj, &already_voted, &has_reason,
            &job_status_obj, &has_next_step, &has_question, &outcome_obj, &auto_approve_allowed,
            &escalated, &justification_required, &has_justification, &answers_changed))
        return NULL;
    if (state_arg(state_obj, &from) < 0 || event_arg(event_obj, &event) < 0)
        return NULL;
    facts.requires_approval = requires_approval;
    facts.already_voted = already_voted;
    facts.has_reason = has_reason;
    facts.has_next_step = has_next_step;
    facts.has_question = has_question;
    facts.auto_approve_allowed = auto_approve_allowed;
    facts.escalated = escalated;
    facts.justification_required = justification_required;
    facts.has_justification = has_justification;
    facts.answers_changed = answers_changed;
    facts.approvals = 0;
    facts.approvals_required = 1;
    if (approvals_obj != NULL && unsigned_arg(approvals_obj, &facts.approvals, "approvals") < 0)
        return NULL;
    if (required_obj != NULL &&
        unsigned_arg(required_obj, &facts.approvals_required, "approvals_required") < 0)
        return NULL;
    /* None has no enum value: an out-of-range one lets the core say
     * FC_EINVAL if the event needs it (ValueError), and ignore it otherwise. */
    facts.job_status = FC_JOB__COUNT;
    if (job_status_obj != Py_None && job_status_arg(job_status_obj, &facts.job_status) < 0)
        return NULL;

    /* None: the default outcome, reject. */
    facts.expiry_outcome = FC_EXPIRY_REJECT;
    if (outcome_obj != Py_None && expiry_outcome_arg(outcome_obj, &facts.expiry_outcome) < 0)
        return NULL;

    errors = fcpy_errors_new();
    if (errors == NULL)
        return NULL;
    int rc = fc_status_transition(&to, &what, errors, from, event, &facts);
    if (rc != 0) {
        fcpy_raise(st, rc, errors, "transition");
        goto error;
    }
    const char *to_name = fc_state_name(to), *effect_name = fc_effect_name(what);
    if (to_name == NULL || effect_name == NULL) {
        PyErr_SetString(PyExc_SystemError, "transition: core returned an unnamed state or effect");
        goto error;
    }
    next = PyUnicode_FromString(to_name);
    if (next == NULL)
        goto error;
    effect = PyUnicode_FromString(effect_name);
    if (effect == NULL)
        goto error;
    result = PyObject_CallFunctionObjArgs(st->TransitionType, next, effect, NULL);

error: /* also the normal exit */
    Py_XDECREF(next);
    Py_XDECREF(effect);
    fc_errors_free(errors);
    return result;
}
