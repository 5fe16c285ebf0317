/* Keyword arguments -> fc_authz_facts (facts.h). One table names every
 * fact, so decide() and request_actions() cannot drift apart. */
#include <stddef.h>
#include <string.h>

#include "facts.h"

typedef struct fact_field {
    const char *name;
    size_t offset; /* of the int in fc_authz_facts */
    int value;     /* when the call does not name it */
} fact_field;

#define FCPY_BOOL_True 1
#define FCPY_BOOL_False 0
#define FACT_(field, value) {#field, offsetof(fc_authz_facts, field), FCPY_BOOL_##value},
static const fact_field fact_fields[] = {FCPY_FACT_LIST(FACT_)};
#undef FACT_
#define FACT_COUNT (sizeof(fact_fields) / sizeof(fact_fields[0]))
/* Every fact has its keyword: a field added to the struct but not to the
 * list would silently stay 0. */
_Static_assert(sizeof(fc_authz_facts) == FACT_COUNT * sizeof(int),
               "fc_authz_facts has a fact FCPY_FACT_LIST does not name");

static int *fact_slot(fc_authz_facts *facts, const char *name)
{
    for (size_t i = 0; i < FACT_COUNT; i++) {
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

    for (size_t i = 0; i < FACT_COUNT; i++)
        *(int *)((char *)facts + fact_fields[i].offset) = fact_fields[i].value;
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
