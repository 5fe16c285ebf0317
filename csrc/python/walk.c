/* The converters' shared walk (walk.h). */
#include "walk.h"

void fcpy_walk_init(walk *w, fcpy_state *state, const char *root)
{
    w->state = state;
    w->root = root;
    w->depth = 0;
}

/* "root['a'][3]" for the first `levels` open containers. Keys are quoted
 * with str's own repr even for a str subclass: its __repr__ could run Python
 * code that frees the keys still to be read. */
static PyObject *walk_place(const walk *w, int levels)
{
    PyObject *place = PyUnicode_FromString(w->root);
    for (int i = 0; place != NULL && i < levels; i++) {
        PyObject *next = NULL;
        if (w->key[i] != NULL) {
            PyObject *quoted = PyUnicode_Type.tp_repr(w->key[i]);
            if (quoted != NULL)
                next = PyUnicode_FromFormat("%U[%U]", place, quoted);
            Py_XDECREF(quoted);
        } else {
            next = PyUnicode_FromFormat("%U[%zd]", place, w->index[i]);
        }
        Py_SETREF(place, next);
    }
    return place;
}

void *fcpy_walk_fail(const walk *w, const char *detail)
{
    PyObject *place = walk_place(w, w->depth);
    if (place != NULL) {
        PyErr_Format(w->state->ConversionError, "%U: %s", place, detail);
        Py_DECREF(place);
    }
    return NULL;
}

void fcpy_walk_fail_container(walk *w, const char *detail)
{
    w->depth--;
    fcpy_walk_fail(w, detail);
    w->depth++;
}
