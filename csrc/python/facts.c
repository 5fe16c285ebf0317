/* Keyword arguments -> fc_authz_facts (facts.h). One table names every
 * fact, so decide() and request_actions() cannot drift apart. */
#include <stddef.h>
#include <string.h>

#include "facts.h"

typedef struct fact_field {
    const char *name;
    size_t offset; /* of the int in fc_authz_facts */
} fact_field;

#define FACT_(field)                                                                               \
    {                                                                                              \
#field, offsetof(fc_authz_facts, field)                                                    \
    }
static const fact_field fact_fields[] = {
    FACT_(is_authenticated),
    FACT_(is_superuser),
    FACT_(is_org_admin),
    FACT_(is_org_reader),
    FACT_(is_org_member),
    FACT_(is_audience_team_member),
    FACT_(is_approver_team_member),
    FACT_(is_requester),
    FACT_(item_enabled),
    FACT_(item_has_approver_team),
    FACT_(is_other_step_team_member),
    FACT_(approved_other_step),
    FACT_(item_has_audience_team),
    FACT_(allow_self_approval),
};
#undef FACT_

static int *fact_slot(fc_authz_facts *facts, const char *name)
{
    for (size_t i = 0; i < sizeof(fact_fields) / sizeof(fact_fields[0]); i++) {
        if (strcmp(fact_fields[i].name, name) == 0)
            return (int *)((char *)facts + fact_fields[i].offset);
    }
    return NULL;
}

/* One keyword: the subject, the flag or a fact; 0, or -1 with TypeError. */
static int take_keyword(const fcpy_fact_call *call, PyObject *key, PyObject *value,
                        PyObject **subject, int *flag, fc_authz_facts *facts)
{
    if (!PyUnicode_Check(key)) {
        PyErr_Format(PyExc_TypeError, "%s() keywords must be strings", call->func);
        return -1;
    }
    const char *name = PyUnicode_AsUTF8(key);
    if (name == NULL)
        return -1;
    if (strcmp(name, call->subject) == 0) {
        if (*subject != NULL) {
            PyErr_Format(PyExc_TypeError, "argument for %s() given by name ('%s') and position (1)",
                         call->func, call->subject);
            return -1;
        }
        *subject = value;
        return 0;
    }
    int *slot = call->flag != NULL && strcmp(name, call->flag) == 0 ? flag : fact_slot(facts, name);
    if (slot == NULL) {
        PyErr_Format(PyExc_TypeError, "'%U' is an invalid keyword argument for %s()", key,
                     call->func);
        return -1;
    }
    int truth = PyObject_IsTrue(value);
    if (truth < 0)
        return -1;
    *slot = truth;
    return 0;
}

int fcpy_parse_facts(const fcpy_fact_call *call, PyObject *args, PyObject *kwargs,
                     PyObject **subject, int *flag, fc_authz_facts *facts)
{
    Py_ssize_t npos = PyTuple_GET_SIZE(args);

    *facts = (fc_authz_facts){.is_authenticated = 1, .item_enabled = 1};
    if (flag != NULL)
        *flag = 0;
    *subject = NULL;
    if (npos > 1) {
        PyErr_Format(PyExc_TypeError, "%s() takes at most 1 positional argument (%zd given)",
                     call->func, npos);
        return -1;
    }
    if (npos == 1)
        *subject = PyTuple_GET_ITEM(args, 0);
    if (kwargs != NULL) {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(kwargs, &pos, &key, &value)) {
            if (take_keyword(call, key, value, subject, flag, facts) < 0)
                return -1;
        }
    }
    if (*subject == NULL) {
        PyErr_Format(PyExc_TypeError, "%s() missing required argument '%s' (pos 1)", call->func,
                     call->subject);
        return -1;
    }
    return 0;
}
