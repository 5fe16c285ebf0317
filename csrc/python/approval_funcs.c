/* What a caller may do with a request now (fc_approval.h) for Python.
 *
 *   request_actions(state, *, already_voted=False, <decide()'s facts>)
 *       -> {"can_approve": bool, "can_reject": ..., "can_delete": ...}
 */
#include "binding.h"
#include "errors.h"
#include "forge_catalog/fc_approval.h"

PyObject *fcpy_request_actions(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"state",
                               "already_voted",
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
    PyObject *state_obj, *result = NULL;
    /* Defaults as in decide(). */
    fc_authz_facts facts = {.is_authenticated = 1, .item_enabled = 1};
    int already_voted = 0, out[FC_REQUEST_ACTION__COUNT];
    fc_state state;

    if (!PyArg_ParseTupleAndKeywords(
            args, kwargs, "O|$ppppppppppppppp:request_actions", keywords, &state_obj,
            &already_voted, &facts.is_authenticated, &facts.is_superuser, &facts.is_org_admin,
            &facts.is_org_reader, &facts.is_approver_team_member, &facts.is_requester,
            &facts.item_enabled, &facts.item_has_approver_team, &facts.allow_self_approval,
            &facts.is_org_member, &facts.is_audience_team_member, &facts.item_has_audience_team,
            &facts.is_other_step_team_member, &facts.approved_other_step))
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
