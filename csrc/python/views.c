/* Python values -> fc_view (views.h). */
#include "views.h"

#include <math.h>
#include <stdalign.h>
#include <string.h>

#include "forge_catalog/fc_bytes.h"
#include "walk.h"

struct fcpy_views_block {
    fcpy_views_block *prev;
    max_align_t data[];
};

#define BLOCK_MIN 65536

/* bytes from the current block, or a new one; NULL with MemoryError. */
static void *views_alloc(fcpy_views *v, size_t count, size_t size)
{
    if (count > PY_SSIZE_T_MAX / 2 / (size ? size : 1))
        return PyErr_NoMemory();
    size_t align = alignof(max_align_t);
    size_t bytes = (count * size + align - 1) / align * align;
    if (bytes == 0)
        bytes = align;
    if (bytes > v->left) {
        size_t block = bytes > BLOCK_MIN ? bytes : BLOCK_MIN;
        fcpy_views_block *b = PyMem_Malloc(sizeof(*b) + block);
        if (b == NULL)
            return PyErr_NoMemory();
        b->prev = v->blocks;
        v->blocks = b;
        v->next = (char *)b->data;
        v->left = block;
    }
    void *out = v->next;
    v->next += bytes;
    v->left -= bytes;
    return out;
}

/* Keeps obj (a new reference, stolen) alive until the views are released. */
static int views_keep(fcpy_views *v, PyObject *obj)
{
    if (obj == NULL)
        return -1;
    if (v->owned == NULL && (v->owned = PyList_New(0)) == NULL) {
        Py_DECREF(obj);
        return -1;
    }
    int rc = PyList_Append(v->owned, obj);
    Py_DECREF(obj);
    return rc;
}

/* A reference of the views' own to obj (borrowed), when they hold. */
static int views_hold(fcpy_views *v, PyObject *obj)
{
    if (!v->hold)
        return 0;
    if (v->held_count == v->held_size) {
        size_t size = v->held_size ? 2 * v->held_size : 1024;
        PyObject **held = PyMem_Realloc(v->held, size * sizeof(*held));
        if (held == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        v->held = held;
        v->held_size = size;
    }
    v->held[v->held_count++] = Py_NewRef(obj);
    return 0;
}

static int view_value(walk *w, fcpy_views *v, PyObject *value, fc_view *out);
static int view_list(walk *w, fcpy_views *v, PyObject *sequence, fc_view *out);

/* A str's UTF-8 without a call for the usual compact ASCII one (its
 * characters are its UTF-8 bytes, stored right after the object). */
static const char *utf8_of(PyObject *text, Py_ssize_t *size)
{
    if (PyUnicode_IS_COMPACT_ASCII(text)) {
        *size = PyUnicode_GET_LENGTH(text);
        return (const char *)(((PyASCIIObject *)text) + 1);
    }
    return PyUnicode_AsUTF8AndSize(text, size);
}

static int view_string(walk *w, fcpy_views *v, PyObject *value, fc_view *out)
{
    if (views_hold(v, value) < 0)
        return -1;
    Py_ssize_t size;
    const char *utf8 = utf8_of(value, &size);
    if (utf8 == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError))
            return -1;
        PyErr_Clear();
        fcpy_walk_fail(w, "string is not encodable as UTF-8 (lone surrogate)");
        return -1;
    }
    out->kind = FC_VIEW_STRING;
    out->as.text = utf8;
    out->len = (size_t)size;
    return 0;
}

/* An int beyond 64 bits crosses as its decimal text; the core compares it
 * exactly, as AWX's Python does. */
static int view_big_integer(walk *w, fcpy_views *v, PyObject *value, fc_view *out)
{
    /* Formats the int's value itself: no __str__ of a subclass runs. */
    PyObject *text = PyNumber_ToBase(value, 10);
    if (text == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_ValueError))
            return -1;
        PyErr_Clear(); /* beyond sys.get_int_max_str_digits() */
        fcpy_walk_fail(w, "integer has too many digits for its decimal form");
        return -1;
    }
    Py_ssize_t size;
    const char *digits = PyUnicode_AsUTF8AndSize(text, &size);
    if (digits == NULL || views_keep(v, text) < 0) {
        if (digits == NULL)
            Py_DECREF(text);
        return -1;
    }
    out->kind = FC_VIEW_BIGINT;
    out->as.text = digits;
    out->len = (size_t)size;
    return 0;
}

static int view_integer(walk *w, fcpy_views *v, PyObject *value, fc_view *out)
{
    int overflow = 0;
    long long number = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (overflow != 0)
        return view_big_integer(w, v, value, out);
    if (number == -1 && PyErr_Occurred())
        return -1;
    out->kind = FC_VIEW_INT;
    out->as.integer = number;
    return 0;
}

static int view_real(walk *w, PyObject *value, fc_view *out)
{
    double number = PyFloat_AS_DOUBLE(value);
    if (!isfinite(number)) {
        fcpy_walk_fail(w, "NaN and infinity have no JSON form");
        return -1;
    }
    out->kind = FC_VIEW_REAL;
    out->as.real = number;
    return 0;
}

/* A dict key: a str that encodes as UTF-8 without NUL (what a jansson key
 * and a jsonb key can hold). */
static int view_key(walk *w, PyObject *key, fc_view_member *member)
{
    if (!PyUnicode_Check(key)) {
        char detail[160];
        PyOS_snprintf(detail, sizeof(detail), "dict keys must be str, not %.80s",
                      Py_TYPE(key)->tp_name);
        fcpy_walk_fail_container(w, detail);
        return -1;
    }
    Py_ssize_t size;
    const char *utf8 = utf8_of(key, &size);
    if (utf8 == NULL) {
        if (PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) {
            PyErr_Clear();
            fcpy_walk_fail_container(w, "a dict key is not encodable as UTF-8 (lone surrogate)");
        }
        return -1;
    }
    if (fc_bytes_have_nul(utf8, (size_t)size)) {
        fcpy_walk_fail_container(w, "dict keys must not contain NUL characters");
        return -1;
    }
    member->key = utf8;
    member->key_len = (size_t)size;
    return 0;
}

/* The usual answer, an exact compact-ASCII str, an exact int in 64 bits or
 * an exact finite float, seen without the general walk (the same view
 * view_value gives): 1; 0 when value is anything else (nothing set then);
 * -1 with an exception. */
static int view_plain_scalar(PyObject *value, fc_view *out)
{
    if (PyUnicode_CheckExact(value) && PyUnicode_IS_COMPACT_ASCII(value)) {
        out->kind = FC_VIEW_STRING;
        out->len = (size_t)PyUnicode_GET_LENGTH(value);
        out->as.text = (const char *)(((PyASCIIObject *)value) + 1);
        return 1;
    }
    if (PyLong_CheckExact(value)) {
        int overflow = 0;
        long long number = PyLong_AsLongLongAndOverflow(value, &overflow);
        if (overflow != 0)
            return 0; /* the big-int path */
        if (number == -1 && PyErr_Occurred())
            return -1;
        out->kind = FC_VIEW_INT;
        out->len = 0;
        out->as.integer = number;
        return 1;
    }
    if (PyFloat_CheckExact(value) && isfinite(PyFloat_AS_DOUBLE(value))) {
        out->kind = FC_VIEW_REAL;
        out->len = 0;
        out->as.real = PyFloat_AS_DOUBLE(value);
        return 1;
    }
    return 0;
}

/* A member's value: the usual scalar inline, else the general walk (with
 * the key as the place its errors name); *plain whether it is plain JSON
 * all the way down. 1 for the usual scalar, 0 otherwise, -1 with an
 * exception. */
static int view_member(walk *w, fcpy_views *v, PyObject *key, PyObject *item, fc_view *out,
                       int *plain)
{
    int scalar = view_plain_scalar(item, out);
    if (scalar != 0) {
        *plain = 1; /* exact str, int or float */
        return scalar;
    }
    int outer = v->impure;
    v->impure = 0;
    w->key[w->depth - 1] = key;
    /* An exact list (a multiselect answer) without view_value's type tests. */
    if ((PyList_CheckExact(item) ? view_list(w, v, item, out) : view_value(w, v, item, out)) < 0)
        return -1;
    *plain = !v->impure;
    v->impure |= outer;
    return 0;
}

/* keys/values (for the root only) get each member's objects. */
static int view_object(walk *w, fcpy_views *v, PyObject *dict, fc_view *out, PyObject **keys,
                       PyObject **values, unsigned char *plain)
{
    PyObject *key, *item;
    Py_ssize_t pos = 0;
    size_t i = 0;
    /* Locals: the stores below (plain[] is bytes) could change *v for all
     * the compiler knows. */
    const int hold = v->hold;
    int root_plain = 1;

    if (fcpy_walk_enter(w) < 0)
        return -1;
    size_t count = (size_t)PyDict_GET_SIZE(dict);
    fc_view_member *members = views_alloc(v, count, sizeof(*members));
    if (members == NULL)
        goto error;
    /* No Python code runs during the walk, so the dict keeps its size. */
    while (i < count && PyDict_Next(dict, &pos, &key, &item)) {
        int member_plain, scalar;
        if (view_key(w, key, &members[i]) < 0 || (hold && views_hold(v, key) < 0) ||
            (scalar = view_member(w, v, key, item, &members[i].value, &member_plain)) < 0)
            goto error;
        if (keys != NULL) {
            /* A root member is held (its key above): the result may hand it back. */
            if (hold && views_hold(v, item) < 0)
                goto error;
            keys[i] = key;
            values[i] = item;
            plain[i] = (unsigned char)member_plain;
            root_plain &= member_plain && PyUnicode_CheckExact(key);
        } else if (hold && scalar && members[i].value.kind == FC_VIEW_STRING &&
                   views_hold(v, item) < 0) {
            goto error; /* a nested string seen inline: its bytes are viewed */
        }
        i++;
    }
    if (keys != NULL)
        v->root_plain &= root_plain;
    out->kind = FC_VIEW_OBJECT;
    out->as.members = members;
    out->len = i;
    w->depth--;
    return 0;

error:
    w->depth--;
    return -1;
}

static int view_list(walk *w, fcpy_views *v, PyObject *sequence, fc_view *out)
{
    if (fcpy_walk_enter(w) < 0)
        return -1;
    size_t count = (size_t)PySequence_Fast_GET_SIZE(sequence);
    fc_view *items = views_alloc(v, count, sizeof(*items));
    if (items == NULL)
        goto error;
    for (size_t i = 0; i < count; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(sequence, (Py_ssize_t)i);
        w->index[w->depth - 1] = (Py_ssize_t)i;
        int scalar = view_plain_scalar(item, &items[i]);
        if (scalar < 0 || (scalar == 0 && view_value(w, v, item, &items[i]) < 0))
            goto error;
        if (scalar && items[i].kind == FC_VIEW_STRING && views_hold(v, item) < 0)
            goto error;
    }
    out->kind = FC_VIEW_LIST;
    out->as.items = items;
    out->len = count;
    w->depth--;
    return 0;

error:
    w->depth--;
    return -1;
}

static int view_value(walk *w, fcpy_views *v, PyObject *value, fc_view *out)
{
    *out = (fc_view){FC_VIEW_NULL, 0, {0}};
    /* The usual answers first: exact str and int. */
    if (PyUnicode_CheckExact(value))
        return view_string(w, v, value, out);
    if (PyLong_CheckExact(value))
        return view_integer(w, v, value, out);
    if (PyList_CheckExact(value)) /* a multiselect answer */
        return view_list(w, v, value, out);
    /* bool is a subclass of int: test it before int subclasses. */
    if (value == Py_None) {
        out->kind = FC_VIEW_NULL;
        return 0;
    }
    if (value == Py_True || value == Py_False) {
        out->kind = FC_VIEW_BOOL;
        out->as.boolean = value == Py_True;
        return 0;
    }
    if (PyUnicode_Check(value)) {
        v->impure |= !PyUnicode_CheckExact(value);
        return view_string(w, v, value, out);
    }
    if (PyLong_Check(value)) {
        v->impure |= !PyLong_CheckExact(value);
        return view_integer(w, v, value, out);
    }
    if (PyFloat_Check(value)) {
        v->impure |= !PyFloat_CheckExact(value);
        return view_real(w, value, out);
    }
    if (PyDict_Check(value)) {
        v->impure |= !PyDict_CheckExact(value);
        return view_object(w, v, value, out, NULL, NULL, NULL);
    }
    if (PyList_Check(value) || PyTuple_Check(value)) {
        v->impure |= !PyList_CheckExact(value);
        return view_list(w, v, value, out);
    }
    char detail[160];
    PyOS_snprintf(detail, sizeof(detail), "%.80s has no JSON form", Py_TYPE(value)->tp_name);
    fcpy_walk_fail(w, detail);
    return -1;
}

/* Result keys must be exact str: a subclass's __hash__ or __eq__ would run
 * Python code inside the result dict. */
static int exact_keys(fcpy_views *v)
{
    for (size_t i = 0; i < v->root.len; i++) {
        if (PyUnicode_CheckExact(v->keys[i]))
            continue;
        PyObject *exact = PyUnicode_FromObject(v->keys[i]);
        if (exact == NULL)
            return -1;
        v->keys[i] = exact;
        if (views_keep(v, exact) < 0) /* owned holds it; keys[] borrows */
            return -1;
    }
    return 0;
}

void fcpy_views_init(fcpy_views *views)
{
    memset(&views->root, 0, sizeof(views->root));
    views->keys = views->values = NULL;
    views->plain = NULL;
    views->impure = 0;
    views->root_plain = 0;
    views->dict = NULL;
    views->hold = 0;
    views->held = NULL;
    views->held_count = views->held_size = 0;
    views->owned = NULL;
    views->blocks = NULL;
    views->next = views->inline_buffer;
    views->left = sizeof(views->inline_buffer);
}

int fcpy_views_of(fcpy_state *state, fcpy_views *views, PyObject *value, const char *root, int hold)
{
    walk w;

    fcpy_views_init(views);
    views->hold = hold;
    fcpy_walk_init(&w, state, root);
    if (!PyDict_Check(value))
        return view_value(&w, views, value, &views->root);
    size_t count = (size_t)PyDict_GET_SIZE(value);
    if (count == 0 && PyDict_CheckExact(value)) {
        /* {} (a template's usual extra_vars): what the walk gives, without it. */
        views->root = (fc_view){FC_VIEW_OBJECT, 0, {.members = NULL}};
        views->root_plain = 1;
        views->dict = value;
        return 0;
    }
    if (hold && count > 0) {
        /* Each member's key and value, and one more per member for what
         * lists hold: the usual answers never grow (copy) the list. */
        size_t size = 3 * count;
        views->held = PyMem_Malloc(size * sizeof(*views->held));
        if (views->held == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        views->held_size = size;
    }
    /* keys, values and plain flags in one piece. */
    PyObject **objects = views_alloc(views, count, 2 * sizeof(PyObject *) + 1);
    if (objects == NULL)
        return -1;
    views->keys = objects;
    views->values = objects + count;
    views->plain = (unsigned char *)(objects + 2 * count);
    views->root_plain = 1;
    if (view_object(&w, views, value, &views->root, views->keys, views->values, views->plain) < 0)
        return -1;
    views->dict = PyDict_CheckExact(value) && views->root_plain ? value : NULL;
    return views->root_plain ? 0 : exact_keys(views);
}

void fcpy_views_release(fcpy_views *views)
{
    if (views->blocks == NULL && views->owned == NULL && views->held == NULL)
        return; /* the usual views: all in the inline buffer, nothing held */
    while (views->blocks != NULL) {
        fcpy_views_block *prev = views->blocks->prev;
        PyMem_Free(views->blocks);
        views->blocks = prev;
    }
    Py_CLEAR(views->owned);
    for (size_t i = 0; i < views->held_count; i++)
        Py_DECREF(views->held[i]);
    PyMem_Free(views->held);
    views->held = NULL;
    views->held_count = 0;
}
