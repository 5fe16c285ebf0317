/* Authority (fc_authz.h) for Python.
 *
 *   decide(action, *, is_authenticated=True, ..., allow_self_approval=False)
 *       -> Decision(allowed, visible, reason)
 */
#include "binding.h"
#include "errors.h"
#include "forge_catalog/fc_authz.h"

PyObject *fcpy_decide(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"action",
                               "is_authenticated",
                               "is_superuser",
                               "is_org_admin",
                               "is_org_reader",
                               "is_approver_team_member",
                               "is_requester",
                               "item_enabled",
                               "item_has_approver_team",
                               "allow_self_approval",
                               "is_org_member",
                               "is_audience_team_member",
                               "item_has_audience_team",
                               "is_other_step_team_member",
                               "approved_other_step",
                               NULL};
    fcpy_state *st = fcpy_state_from_module(module);
    PyObject *action_obj, *reason = NULL;
    /* Defaults as in _core.pyi. */
    fc_authz_facts facts = {.is_authenticated = 1, .item_enabled = 1};
    fc_decision decision;
    fc_action action;

    if (!PyArg_ParseTupleAndKeywords(
            args, kwargs, "O|$pppppppppppppp:decide", keywords, &action_obj,
            &facts.is_authenticated, &facts.is_superuser, &facts.is_org_admin, &facts.is_org_reader,
            &facts.is_approver_team_member, &facts.is_requester, &facts.item_enabled,
            &facts.item_has_approver_team, &facts.allow_self_approval, &facts.is_org_member,
            &facts.is_audience_team_member, &facts.item_has_audience_team,
            &facts.is_other_step_team_member, &facts.approved_other_step))
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
