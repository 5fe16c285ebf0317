/* Python <-> json_t conversion (see convert.h for the mapping). */
#include "convert.h"

#include <math.h>
#include <string.h>

#include "forge_catalog/fc_bigint.h"
#include "forge_catalog/fc_limits.h"
#include "walk.h"

static json_t *walk_value(walk *w, PyObject *value);

static json_t *walk_string(walk *w, PyObject *value)
{
    Py_ssize_t size;
    const char *utf8 = PyUnicode_AsUTF8AndSize(value, &size);
    if (utf8 == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError))
            return NULL;
        PyErr_Clear();
        return fcpy_walk_fail(w, "string is not encodable as UTF-8 (lone surrogate)");
    }
    /* Python already guarantees valid UTF-8 here. */
    json_t *out = json_stringn_nocheck(utf8, (size_t)size);
    return out != NULL ? out : (json_t *)PyErr_NoMemory();
}

/* An int beyond 64 bits crosses as its decimal text (fc_bigint.h); the
 * core compares it exactly, as AWX's Python does. */
static json_t *walk_big_integer(walk *w, PyObject *value)
{
    /* Formats the int's value itself: no __str__/__repr__ of a subclass
     * (an IntEnum member) runs. */
    PyObject *text = PyNumber_ToBase(value, 10);
    if (text == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_ValueError))
            return NULL;
        PyErr_Clear(); /* beyond sys.get_int_max_str_digits() */
        return fcpy_walk_fail(w, "integer has too many digits for its decimal form");
    }
    Py_ssize_t size;
    const char *digits = PyUnicode_AsUTF8AndSize(text, &size);
    json_t *out = digits == NULL ? NULL : fc_bigint_new(digits, (size_t)size);
    Py_DECREF(text);
    if (out == NULL && !PyErr_Occurred())
        PyErr_NoMemory();
    return out;
}

static json_t *walk_integer(walk *w, PyObject *value)
{
    int overflow = 0;
    long long number = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (overflow != 0)
        return walk_big_integer(w, value);
    if (number == -1 && PyErr_Occurred())
        return NULL;
    json_t *out = json_integer((json_int_t)number);
    return out != NULL ? out : (json_t *)PyErr_NoMemory();
}

static json_t *walk_real(walk *w, PyObject *value)
{
    double number = PyFloat_AsDouble(value);
    if (number == -1.0 && PyErr_Occurred())
        return NULL;
    if (!isfinite(number))
        return fcpy_walk_fail(w, "NaN and infinity have no JSON form");
    json_t *out = json_real(number);
    return out != NULL ? out : (json_t *)PyErr_NoMemory();
}

static json_t *walk_object(walk *w, PyObject *dict)
{
    json_t *out = NULL;
    PyObject *key, *item;
    Py_ssize_t pos = 0;

    if (fcpy_walk_enter(w) < 0)
        return NULL;
    out = json_object();
    if (out == NULL) {
        PyErr_NoMemory();
        goto error;
    }
    while (PyDict_Next(dict, &pos, &key, &item)) {
        if (!PyUnicode_Check(key)) {
            char detail[160];
            PyOS_snprintf(detail, sizeof(detail), "dict keys must be str, not %.80s",
                          Py_TYPE(key)->tp_name);
            fcpy_walk_fail_container(w, detail);
            goto error;
        }
        Py_ssize_t size;
        const char *utf8 = PyUnicode_AsUTF8AndSize(key, &size);
        if (utf8 == NULL) {
            if (PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) {
                PyErr_Clear();
                fcpy_walk_fail_container(w,
                                         "a dict key is not encodable as UTF-8 (lone surrogate)");
            }
            goto error;
        }
        /* jansson copies objects by C-string key, which would cut it short. */
        if (strlen(utf8) != (size_t)size) {
            fcpy_walk_fail_container(w, "dict keys must not contain NUL characters");
            goto error;
        }
        w->key[w->depth - 1] = key;
        json_t *child = walk_value(w, item);
        if (child == NULL)
            goto error;
        if (json_object_setn_new_nocheck(out, utf8, (size_t)size, child) != 0) {
            PyErr_NoMemory();
            goto error;
        }
    }
    w->depth--;
    return out;

error:
    json_decref(out);
    w->depth--;
    return NULL;
}

static json_t *walk_array(walk *w, PyObject *sequence)
{
    json_t *out = NULL;

    if (fcpy_walk_enter(w) < 0)
        return NULL;
    out = json_array();
    if (out == NULL) {
        PyErr_NoMemory();
        goto error;
    }
    /* Lists are re-read each step: the size cannot change under us (no
     * Python code runs), but reading it each time costs nothing. */
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(sequence); i++) {
        w->index[w->depth - 1] = i;
        json_t *child = walk_value(w, PySequence_Fast_GET_ITEM(sequence, i));
        if (child == NULL)
            goto error;
        if (json_array_append_new(out, child) != 0) {
            PyErr_NoMemory();
            goto error;
        }
    }
    w->depth--;
    return out;

error:
    json_decref(out);
    w->depth--;
    return NULL;
}

static json_t *walk_value(walk *w, PyObject *value)
{
    json_t *out;

    /* bool is a subclass of int: test it first. */
    if (value == Py_None)
        out = json_null();
    else if (value == Py_True)
        out = json_true();
    else if (value == Py_False)
        out = json_false();
    else if (PyUnicode_Check(value))
        return walk_string(w, value);
    else if (PyLong_Check(value))
        return walk_integer(w, value);
    else if (PyFloat_Check(value))
        return walk_real(w, value);
    else if (PyDict_Check(value))
        return walk_object(w, value);
    else if (PyList_Check(value) || PyTuple_Check(value))
        return walk_array(w, value);
    else {
        char detail[160];
        PyOS_snprintf(detail, sizeof(detail), "%.80s has no JSON form", Py_TYPE(value)->tp_name);
        return fcpy_walk_fail(w, detail);
    }
    return out != NULL ? out : (json_t *)PyErr_NoMemory();
}

json_t *fcpy_to_json(fcpy_state *state, PyObject *value, const char *root)
{
    walk w;
    fcpy_walk_init(&w, state, root);
    return walk_value(&w, value);
}

/* --- json_t -> Python ------------------------------------------------- */

static PyObject *object_from_json(const json_t *value)
{
    PyObject *out = PyDict_New();
    PyObject *item = NULL;
    json_t *object = (json_t *)value; /* jansson's iterators take non-const; we only read */

    if (out == NULL)
        return NULL;
    for (void *iter = json_object_iter(object); iter != NULL;
         iter = json_object_iter_next(object, iter)) {
        const char *key = json_object_iter_key(iter);
        size_t key_len = json_object_iter_key_len(iter);
        item = fcpy_from_json(json_object_iter_value(iter));
        if (item == NULL)
            goto error;
        PyObject *name = PyUnicode_DecodeUTF8(key, (Py_ssize_t)key_len, "surrogateescape");
        if (name == NULL)
            goto error;
        int rc = PyDict_SetItem(out, name, item);
        Py_DECREF(name);
        Py_CLEAR(item);
        if (rc < 0)
            goto error;
    }
    return out;

error:
    Py_XDECREF(item);
    Py_DECREF(out);
    return NULL;
}

static PyObject *array_from_json(const json_t *value)
{
    size_t size = json_array_size(value);
    PyObject *out = PyList_New((Py_ssize_t)size);
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < size; i++) {
        PyObject *item = fcpy_from_json(json_array_get(value, i));
        if (item == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, (Py_ssize_t)i, item); /* steals item */
    }
    return out;
}

PyObject *fcpy_from_json(const json_t *value)
{
    PyObject *out = NULL;

    if (value == NULL) {
        PyErr_SetString(PyExc_SystemError, "forge_catalog._core: core returned no value");
        return NULL;
    }
    const char *big;
    size_t big_len;
    if (fc_bigint_text(value, &big, &big_len)) {
        (void)big_len;
        return PyLong_FromString(big, NULL, 10);
    }
    switch (json_typeof(value)) {
    case JSON_OBJECT:
    case JSON_ARRAY:
        /* The core only returns what it built from bounded input; the guard
         * keeps a surprise from overflowing the C stack anyway. */
        if (Py_EnterRecursiveCall(" converting a JSON value"))
            return NULL;
        out = json_is_object(value) ? object_from_json(value) : array_from_json(value);
        Py_LeaveRecursiveCall();
        return out;
    case JSON_STRING:
        return PyUnicode_DecodeUTF8(json_string_value(value), (Py_ssize_t)json_string_length(value),
                                    "surrogateescape");
    case JSON_INTEGER:
        return PyLong_FromLongLong((long long)json_integer_value(value));
    case JSON_REAL:
        return PyFloat_FromDouble(json_real_value(value));
    case JSON_TRUE:
        Py_RETURN_TRUE;
    case JSON_FALSE:
        Py_RETURN_FALSE;
    case JSON_NULL:
        Py_RETURN_NONE;
    }
    PyErr_SetString(PyExc_SystemError, "forge_catalog._core: unknown JSON type");
    return NULL;
}

PyObject *fcpy_tuple_from_json_array(const json_t *array)
{
    PyObject *list = fcpy_from_json(array);
    if (list == NULL)
        return NULL;
    if (!PyList_Check(list)) {
        Py_DECREF(list);
        PyErr_SetString(PyExc_SystemError, "forge_catalog._core: core returned a non-array");
        return NULL;
    }
    PyObject *tuple = PyList_AsTuple(list);
    Py_DECREF(list);
    return tuple;
}
