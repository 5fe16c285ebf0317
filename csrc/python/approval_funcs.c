/* What a caller may do with a request now (fc_approval.h) for Python.
 *
 *   request_actions(state, *, already_voted=False, <decide()'s facts>)
 *       -> {"can_approve": bool, "can_reject": ..., "can_delete": ...}
 */
#include "binding.h"
#include "errors.h"
#include "facts.h"
#include "forge_catalog/fc_approval.h"

PyObject *fcpy_request_actions(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static const fcpy_fact_call call = {"request_actions", "state", "already_voted"};
    fcpy_state *st = fcpy_state_from_module(module);
    PyObject *state_obj, *result = NULL;
    fc_authz_facts facts;
    int already_voted, out[FC_REQUEST_ACTION__COUNT];
    fc_state state;

    if (fcpy_parse_facts(&call, args, kwargs, &state_obj, &already_voted, &facts) < 0)
        return NULL;
    const char *name = fcpy_name_arg(state_obj, "state");
    if (name == NULL)
        return NULL;
    if (fc_state_parse(&state, name) != 0) {
        PyErr_Format(PyExc_ValueError, "unknown state %R", state_obj);
        return NULL;
    }
    int rc = fc_approval_actions(out, state, &facts, already_voted);
    if (rc != 0)
        return fcpy_raise(st, rc, NULL, "request_actions");
    result = PyDict_New();
    if (result == NULL)
        return NULL;
    for (int i = 0; i < FC_REQUEST_ACTION__COUNT; i++) {
        if (PyDict_SetItemString(result, fc_request_action_name((fc_request_action)i),
                                 out[i] ? Py_True : Py_False) < 0) {
            Py_DECREF(result);
            return NULL;
        }
    }
    return result;
}
