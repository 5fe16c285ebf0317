/* The module's state: everything the binding keeps lives here, one copy per
 * module object (so per interpreter), never in a C global. Reach it from the
 * module, from a type created by the module, or from an instance of one
 * (multidict's _multilib/state.h does the same). */
#ifndef FCPY_STATE_H
#define FCPY_STATE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Every object the state owns, once: the struct, traverse and clear are all
 * generated from this list, so none of them can forget a member. */
#define FCPY_STATE_OBJECTS(X)                                                                      \
    X(PyObject, Error)           /* base of the module's exceptions */                             \
    X(PyObject, ValidationError) /* carries .errors and .truncated */                              \
    X(PyObject, TransitionError) /* illegal state change (409) */                                  \
    X(PyObject, ConversionError) /* Python value with no JSON form */                              \
    X(PyTypeObject, SurveyType)  /* heap type Survey */                                            \
    X(PyTypeObject, FormType)    /* heap type Form */                                              \
    X(PyObject, FormVerdictType) /* namedtuple FormVerdict(visible, errors, accepted) */           \
    X(PyObject, TransitionType)  /* namedtuple Transition(state, effect) */                        \
    X(PyObject, DecisionType)    /* namedtuple Decision(allowed, ...) */                           \
    X(PyObject, str_path)        /* interned keys of one error entry */                            \
    X(PyObject, str_code)                                                                          \
    X(PyObject, str_message)                                                                       \
    X(PyObject, str_errors) /* exception attribute names */                                        \
    X(PyObject, str_truncated)

typedef struct fcpy_state {
#define FCPY_STATE_MEMBER_(type, name) type *name;
    FCPY_STATE_OBJECTS(FCPY_STATE_MEMBER_)
#undef FCPY_STATE_MEMBER_
} fcpy_state;

/* Defined in module.c; types find their module through it. */
extern PyModuleDef fcpy_module_def;

static inline fcpy_state *fcpy_state_from_module(PyObject *module)
{
    fcpy_state *state = (fcpy_state *)PyModule_GetState(module);
    assert(state != NULL);
    return state;
}

/* For a type made by PyType_FromModuleAndSpec (tp_new, METH_METHOD). */
static inline fcpy_state *fcpy_state_from_type(PyTypeObject *type)
{
    fcpy_state *state = (fcpy_state *)PyType_GetModuleState(type);
    assert(state != NULL);
    return state;
}

/* For an instance of one of our types; NULL with TypeError if it is not. */
static inline fcpy_state *fcpy_state_from_object(PyObject *self)
{
    PyObject *module = PyType_GetModuleByDef(Py_TYPE(self), &fcpy_module_def);
    if (module == NULL)
        return NULL;
    return fcpy_state_from_module(module);
}

#endif
