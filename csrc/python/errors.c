/* Building ValidationError / TransitionError with the structured list. */
#include "errors.h"

fc_errors *fcpy_errors_new(void)
{
    fc_errors *errors = NULL;
    if (fc_errors_new(&errors) != 0) {
        PyErr_NoMemory();
        return NULL;
    }
    return errors;
}

/* Core strings are UTF-8, but a path cut at FC_LIMIT_MAX_PATH bytes may end
 * inside a character: replace rather than fail. */
static PyObject *text(const char *value)
{
    if (value == NULL)
        value = "";
    return PyUnicode_DecodeUTF8(value, (Py_ssize_t)strlen(value), "replace");
}

/* [{"path", "code", "message"}, ...] in report order. */
PyObject *fcpy_error_list(fcpy_state *state, const fc_errors *errors)
{
    size_t count = fc_errors_count(errors);
    PyObject *list = PyList_New((Py_ssize_t)count);
    PyObject *entry = NULL, *value = NULL;

    if (list == NULL)
        return NULL;
    for (size_t i = 0; i < count; i++) {
        entry = PyDict_New();
        if (entry == NULL)
            goto error;
        const char *fields[3] = {fc_errors_path(errors, i), fc_errors_code(errors, i),
                                 fc_errors_message(errors, i)};
        PyObject *keys[3] = {state->str_path, state->str_code, state->str_message};
        for (int f = 0; f < 3; f++) {
            value = text(fields[f]);
            if (value == NULL || PyDict_SetItem(entry, keys[f], value) < 0)
                goto error;
            Py_CLEAR(value);
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, entry); /* steals entry */
        entry = NULL;
    }
    return list;

error:
    Py_XDECREF(value);
    Py_XDECREF(entry);
    Py_DECREF(list);
    return NULL;
}

/* "what: first path: first message (and N more)" for str(exc). */
static PyObject *summary(const char *what, int rc, const fc_errors *errors)
{
    size_t count = fc_errors_count(errors);
    if (count == 0)
        return PyUnicode_FromFormat("%s: %s", what, fc_err_text(rc));
    PyObject *path = text(fc_errors_path(errors, 0));
    PyObject *message = text(fc_errors_message(errors, 0));
    PyObject *out = NULL;
    if (path != NULL && message != NULL) {
        if (count == 1 && !fc_errors_truncated(errors))
            out = PyUnicode_FromFormat("%s: %U: %U", what, path, message);
        else
            out =
                PyUnicode_FromFormat("%s: %U: %U (and %zu more%s)", what, path, message, count - 1,
                                     fc_errors_truncated(errors) ? ", list truncated" : "");
    }
    Py_XDECREF(path);
    Py_XDECREF(message);
    return out;
}

/* Raise type(summary) with .errors and .truncated set on the instance. */
static void raise_with_list(fcpy_state *state, PyObject *type, int rc, const fc_errors *errors,
                            const char *what)
{
    PyObject *message = NULL, *exc = NULL, *list = NULL;

    message = summary(what, rc, errors);
    if (message == NULL)
        goto error;
    exc = PyObject_CallOneArg(type, message);
    if (exc == NULL)
        goto error;
    list = fcpy_error_list(state, errors);
    if (list == NULL)
        goto error;
    if (PyObject_SetAttr(exc, state->str_errors, list) < 0)
        goto error;
    if (PyObject_SetAttr(exc, state->str_truncated,
                         fc_errors_truncated(errors) ? Py_True : Py_False) < 0)
        goto error;
    PyErr_SetObject(type, exc);

error: /* also the normal exit: the exception, if any, holds what it needs */
    Py_XDECREF(list);
    Py_XDECREF(exc);
    Py_XDECREF(message);
}

PyObject *fcpy_raise(fcpy_state *state, int rc, const fc_errors *errors, const char *what)
{
    switch (rc) {
    case FC_EVALIDATION:
    case FC_ELIMIT:
        raise_with_list(state, state->ValidationError, rc, errors, what);
        break;
    case FC_EILLEGAL:
        raise_with_list(state, state->TransitionError, rc, errors, what);
        break;
    case FC_ENOMEM:
        PyErr_NoMemory();
        break;
    default: {
        PyObject *message = summary(what, rc, errors);
        if (message != NULL) {
            PyErr_SetObject(PyExc_ValueError, message);
            Py_DECREF(message);
        }
        break;
    }
    }
    assert(PyErr_Occurred());
    return NULL;
}
