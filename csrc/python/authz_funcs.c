/* Authority (fc_authz.h) for Python.
 *
 *   decide(action, *, is_authenticated=True, ..., allow_self_approval=False)
 *       -> Decision(allowed, visible, reason)
 */
#include "binding.h"
#include "errors.h"
#include "facts.h"
#include "forge_catalog/fc_authz.h"

PyObject *fcpy_decide(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static const fcpy_fact_call call = {"decide", "action", NULL};
    fcpy_state *st = fcpy_state_from_module(module);
    PyObject *action_obj, *reason = NULL;
    fc_authz_facts facts;
    fc_decision decision;
    fc_action action;

    if (fcpy_parse_facts(&call, args, kwargs, &action_obj, NULL, &facts) < 0)
        return NULL;
    const char *name = fcpy_name_arg(action_obj, "action");
    if (name == NULL)
        return NULL;
    if (fc_action_parse(&action, name) != 0) {
        PyErr_Format(PyExc_ValueError, "unknown action %R", action_obj);
        return NULL;
    }
    int rc = fc_authz_decide(&decision, action, &facts);
    if (rc != 0)
        return fcpy_raise(st, rc, NULL, "decide");
    const char *reason_name = fc_reason_name(decision.reason);
    if (reason_name == NULL) {
        PyErr_SetString(PyExc_SystemError, "decide: core returned an unnamed reason");
        return NULL;
    }
    reason = PyUnicode_FromString(reason_name);
    if (reason == NULL)
        return NULL;
    PyObject *result =
        PyObject_CallFunctionObjArgs(st->DecisionType, decision.allowed ? Py_True : Py_False,
                                     decision.visible ? Py_True : Py_False, reason, NULL);
    Py_DECREF(reason);
    return result;
}
