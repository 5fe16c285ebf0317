/* The module's functions, one file per area of the core; module.c lists
 * them in its function table. Each parses arguments, converts, calls the
 * core and converts the answer back: the core decides. */
#ifndef FCPY_BINDING_H
#define FCPY_BINDING_H

#include <string.h>

#include "state.h"

/* status_funcs.c */
PyObject *fcpy_is_terminal(PyObject *module, PyObject *state);
PyObject *fcpy_is_deletable(PyObject *module, PyObject *state);
PyObject *fcpy_job_status_to_state(PyObject *module, PyObject *job_status);
PyObject *fcpy_is_terminal_job_status(PyObject *module, PyObject *job_status);
PyObject *fcpy_transition(PyObject *module, PyObject *args, PyObject *kwargs);

/* authz_funcs.c */
PyObject *fcpy_decide(PyObject *module, PyObject *args, PyObject *kwargs);

/* approval_funcs.c */
PyObject *fcpy_request_actions(PyObject *module, PyObject *args, PyObject *kwargs);

/* catalog_funcs.c */
PyObject *fcpy_validate_catalog_item(PyObject *module, PyObject *item);
PyObject *fcpy_check_notification_templates(PyObject *module, PyObject *facts);

/* launch_funcs.c */
PyObject *fcpy_launch_data(PyObject *module, PyObject *args, PyObject *kwargs);
PyObject *fcpy_validate_node_survey_data(PyObject *module, PyObject *args, PyObject *kwargs);

/* expiry_funcs.c */
PyObject *fcpy_expiry_decide(PyObject *module, PyObject *args, PyObject *kwargs);
PyObject *fcpy_check_expiry_policy(PyObject *module, PyObject *args, PyObject *kwargs);

/* Shared argument helper (status_funcs.c): the UTF-8 of a str argument
 * without embedded NULs, or NULL with TypeError/ValueError set. */
const char *fcpy_name_arg(PyObject *arg, const char *what);

/* 1 if the keyword name (a str) is the ASCII text ascii: kwnames are
 * compact ASCII, so their bytes are compared without a call. */
static inline int fcpy_name_is(PyObject *name, const char *ascii, size_t len)
{
    if (PyUnicode_IS_COMPACT_ASCII(name))
        return (size_t)PyUnicode_GET_LENGTH(name) == len &&
               memcmp(((PyASCIIObject *)name) + 1, ascii, len) == 0;
    return PyUnicode_CompareWithASCIIString(name, ascii) == 0;
}
#define FCPY_NAME_IS(name, literal) fcpy_name_is((name), (literal), sizeof(literal) - 1)

#endif
