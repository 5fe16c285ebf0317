/* Survey: a compiled survey spec, immutable and safe to share between
 * threads (the core only reads it). Roughly:
 *
 *   class Survey:
 *       def __init__(self, survey_spec, *, enabled=True, ask_variables_on_launch=False):
 *           self._c = fc_survey_compile(survey_spec, enabled, ask_variables_on_launch)
 *       enabled, ask_variables_on_launch, question_count, secret_variables,
 *       problems  # properties; problems: fc_survey_problems as ({path, code, message}, ...)
 *       def validate(self, answers, *, path="extra_vars"): return fc_survey_validate(...)
 *       def extra_vars(self, template_extra_vars, answers, *, path="extra_vars"): ...
 *       def redact(self, values): ...
 *       def display_spec(self): ...
 *
 * validate and extra_vars read the answers as borrowed views (views.h)
 * and build the result from the core's list of accepted values: the
 * caller's own key and value objects, and the survey's defaults, converted
 * once on first use. The instance holds only str, int, float, bool and
 * lists of those (copied on the way out, never shown), so no reference
 * cycle can pass through it and it needs no GC support. */
#include "survey_type.h"

#include "binding.h"
#include "convert.h"
#include "errors.h"
#include "forge_catalog/fc_answers.h"
#include "views.h"

typedef struct survey_object {
    PyObject_HEAD fc_survey *survey; /* never NULL once tp_new returned it */
    /* Per question, its variable (str) and default (NULL: none), made on
     * first use; NULL until then. */
    PyObject **default_keys;
    PyObject **default_values;
} survey_object;

#define SURVEY(op) ((survey_object *)(op))

const fc_survey *fcpy_survey_of(fcpy_state *state, PyObject *obj, const char *what)
{
    if (!PyObject_TypeCheck(obj, state->SurveyType)) {
        PyErr_Format(PyExc_TypeError, "%s must be a Survey or None, not %.80s", what,
                     Py_TYPE(obj)->tp_name);
        return NULL;
    }
    return SURVEY(obj)->survey;
}

/* A rough size of the work, to decide whether dropping the GIL pays. */
static size_t json_items(const json_t *value)
{
    if (json_is_object(value))
        return json_object_size(value);
    return json_is_array(value) ? json_array_size(value) : 0;
}

static PyObject *survey_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"survey_spec", "enabled", "ask_variables_on_launch", NULL};
    fcpy_state *st = fcpy_state_from_type(type);
    PyObject *spec_obj, *self = NULL;
    int enabled = 1, asks = 0, rc;
    json_t *spec = NULL;
    fc_errors *errors = NULL;
    fc_survey *survey = NULL;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$pp:Survey", keywords, &spec_obj, &enabled,
                                     &asks))
        return NULL;
    if (spec_obj != Py_None) {
        spec = fcpy_to_json(st, spec_obj, "survey_spec");
        if (spec == NULL)
            goto error;
    }
    errors = fcpy_errors_new();
    if (errors == NULL)
        goto error;
    /* spec is ours alone and the core touches no Python object. */
    if (json_items(json_object_get(spec, "spec")) >= FCPY_NOGIL_MIN_ITEMS) {
        Py_BEGIN_ALLOW_THREADS rc = fc_survey_compile(&survey, errors, spec, enabled, asks);
        Py_END_ALLOW_THREADS
    } else {
        rc = fc_survey_compile(&survey, errors, spec, enabled, asks);
    }
    if (rc != 0) {
        fcpy_raise(st, rc, errors, "Survey");
        goto error;
    }
    self = type->tp_alloc(type, 0);
    if (self == NULL)
        goto error;
    SURVEY(self)->survey = survey;
    SURVEY(self)->default_keys = SURVEY(self)->default_values = NULL;
    survey = NULL; /* owned by self now */

error: /* also the normal exit */
    fc_survey_free(survey);
    fc_errors_free(errors);
    json_decref(spec);
    return self;
}

/* dealloc: free the compiled survey, then the object, then drop the
 * instance's reference to its heap type. */
static void free_defaults(PyObject **keys, PyObject **values, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (keys != NULL)
            Py_XDECREF(keys[i]);
        if (values != NULL)
            Py_XDECREF(values[i]);
    }
    PyMem_Free(keys);
    PyMem_Free(values);
}

static void survey_dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    free_defaults(SURVEY(self)->default_keys, SURVEY(self)->default_values,
                  fc_survey_question_count(SURVEY(self)->survey));
    fc_survey_free(SURVEY(self)->survey);
    freefunc tp_free = (freefunc)PyType_GetSlot(type, Py_tp_free);
    tp_free(self);
    Py_DECREF(type);
}

static PyObject *survey_repr(PyObject *self)
{
    const fc_survey *survey = SURVEY(self)->survey;
    return PyUnicode_FromFormat("<Survey enabled=%s questions=%zu ask_variables_on_launch=%s>",
                                fc_survey_enabled(survey) ? "True" : "False",
                                fc_survey_question_count(survey),
                                fc_survey_asks_variables(survey) ? "True" : "False");
}

static PyObject *get_enabled(PyObject *self, void *closure)
{
    (void)closure;
    return PyBool_FromLong(fc_survey_enabled(SURVEY(self)->survey));
}

static PyObject *get_asks(PyObject *self, void *closure)
{
    (void)closure;
    return PyBool_FromLong(fc_survey_asks_variables(SURVEY(self)->survey));
}

static PyObject *get_question_count(PyObject *self, void *closure)
{
    (void)closure;
    return PyLong_FromSize_t(fc_survey_question_count(SURVEY(self)->survey));
}

static PyObject *get_secret_variables(PyObject *self, void *closure)
{
    fcpy_state *st = fcpy_state_from_object(self);
    json_t *names = NULL;
    (void)closure;
    if (st == NULL)
        return NULL;
    int rc = fc_survey_secret_variables(&names, SURVEY(self)->survey);
    if (rc != 0)
        return fcpy_raise(st, rc, NULL, "Survey.secret_variables");
    PyObject *result = fcpy_tuple_from_json_array(names);
    json_decref(names);
    return result;
}

/* The defaults as Python objects, made once. Built aside and installed at
 * the end, so a re-entrant call (a finaliser run by an allocation) sees
 * either none or all of them. 0, or -1 with an exception set. */
static int ensure_defaults(survey_object *self)
{
    size_t count = fc_survey_question_count(self->survey);
    if (self->default_keys != NULL)
        return 0;
    PyObject **keys = PyMem_Calloc(count ? count : 1, sizeof(*keys));
    PyObject **values = PyMem_Calloc(count ? count : 1, sizeof(*values));
    if (keys == NULL || values == NULL)
        goto nomem;
    for (size_t i = 0; i < count; i++) {
        const char *variable;
        size_t len;
        const json_t *value;
        if (fc_survey_default(&variable, &len, &value, self->survey, i) != 0) {
            PyErr_SetString(PyExc_SystemError, "forge_catalog._core: no such question");
            goto error;
        }
        keys[i] = PyUnicode_DecodeUTF8(variable, (Py_ssize_t)len, "surrogateescape");
        if (keys[i] == NULL)
            goto error;
        PyUnicode_InternInPlace(&keys[i]);
        if (value != NULL && (values[i] = fcpy_from_json(value)) == NULL)
            goto error;
    }
    if (self->default_keys != NULL) { /* made meanwhile by a re-entrant call */
        free_defaults(keys, values, count);
        return 0;
    }
    self->default_keys = keys;
    self->default_values = values;
    return 0;

nomem:
    PyErr_NoMemory();
error:
    free_defaults(keys, values, keys != NULL && values != NULL ? count : 0);
    return -1;
}

/* A default as handed out: containers are copied (the caller may change
 * its result; the survey's copy must stay as compiled). Defaults are
 * scalars or lists of scalars, so one level is enough. */
static PyObject *default_value(PyObject *value)
{
    if (PyList_CheckExact(value))
        return PyList_GetSlice(value, 0, PyList_GET_SIZE(value));
    if (PyDict_CheckExact(value))
        return PyDict_Copy(value);
    return Py_NewRef(value);
}

/* The caller's value itself when it is plain JSON, else its plain copy. */
static PyObject *given_value(fcpy_state *st, const fcpy_views *views, size_t index)
{
    PyObject *value = views->values[index];
    if (views->plain[index])
        return Py_NewRef(value);
    json_t *copy = fcpy_to_json(st, value, "value"); /* it converted before: only memory can fail */
    if (copy == NULL)
        return NULL;
    PyObject *out = fcpy_from_json(copy);
    json_decref(copy);
    return out;
}

/* 1 if entries[0..) name every member of views in order, so the result may
 * take the caller's whole dict at once (same keys, values and order). */
static int whole_dict(const fc_accepted *entries, size_t count, fc_accepted_source source,
                      const fcpy_views *views)
{
    if (views == NULL || views->dict == NULL || views->root.len == 0 || views->root.len > count)
        return 0;
    for (size_t i = 0; i < views->root.len; i++) {
        if (entries[i].source != source || entries[i].index != i)
            return 0;
    }
    return 1;
}

/* result[key] = value for one entry. */
static int set_entry(survey_object *self, fcpy_state *st, PyObject *result,
                     const fc_accepted *entry, const fcpy_views *template_vars,
                     const fcpy_views *answers)
{
    size_t index = entry->index;
    PyObject *key, *value;
    switch (entry->source) {
    case FC_ACCEPT_TEMPLATE:
        key = template_vars->keys[index];
        value = given_value(st, template_vars, index);
        break;
    case FC_ACCEPT_ANSWER:
        key = answers->keys[index];
        value = given_value(st, answers, index);
        break;
    default:
        if (ensure_defaults(self) < 0)
            return -1;
        key = self->default_keys[index];
        value = default_value(self->default_values[index]);
        break;
    }
    if (value == NULL)
        return -1;
    int rc = PyDict_SetItem(result, key, value);
    Py_DECREF(value);
    return rc;
}

/* result[key] = value for each accepted entry, in order (fc_answers.h). A
 * run of entries naming a whole plain dict of the caller's in order is one
 * dict copy or update instead: the same keys, values and order, without
 * inserting each key again. */
static PyObject *build_result(survey_object *self, fcpy_state *st, const fc_accepted *entries,
                              size_t count, const fcpy_views *template_vars,
                              const fcpy_views *answers)
{
    PyObject *result = NULL;
    size_t i = 0;

    if (whole_dict(entries, count, FC_ACCEPT_TEMPLATE, template_vars)) {
        result = PyDict_Copy(template_vars->dict);
        i = template_vars->root.len;
    } else if (whole_dict(entries, count, FC_ACCEPT_ANSWER, answers)) {
        result = PyDict_Copy(answers->dict);
        i = answers->root.len;
    } else {
        result = PyDict_New();
    }
    if (result == NULL)
        return NULL;
    while (i < count) {
        if (whole_dict(entries + i, count - i, FC_ACCEPT_ANSWER, answers)) {
            if (PyDict_Update(result, answers->dict) < 0)
                goto error;
            i += answers->root.len;
            continue;
        }
        if (set_entry(self, st, result, &entries[i], template_vars, answers) < 0)
            goto error;
        i++;
    }
    return result;

error:
    Py_DECREF(result);
    return NULL;
}

PyObject *fcpy_survey_result(fcpy_state *state, PyObject *survey, const fc_accepted *entries,
                             size_t count, const fcpy_views *template_vars,
                             const fcpy_views *answers)
{
    return build_result(SURVEY(survey), state, entries, count, template_vars, answers);
}

PyObject *fcpy_survey_variable(PyObject *survey, size_t index)
{
    if (ensure_defaults(SURVEY(survey)) < 0)
        return NULL;
    if (index >= fc_survey_question_count(SURVEY(survey)->survey)) {
        PyErr_SetString(PyExc_SystemError, "forge_catalog._core: no such question");
        return NULL;
    }
    return SURVEY(survey)->default_keys[index];
}

/* Whether dropping the GIL around the core pays (big surveys or answer
 * sets); the views then hold what they point into (views.h). */
static int worth_releasing(const fc_survey *survey, PyObject *answers)
{
    return fc_survey_question_count(survey) >= FCPY_NOGIL_MIN_ANSWERS ||
           (PyDict_Check(answers) && PyDict_GET_SIZE(answers) >= FCPY_NOGIL_MIN_ANSWERS);
}

/* The core's verdict on the views, with or without the GIL. */
static int run_check(fc_accepted *entries, size_t *count, size_t capacity, fc_errors *errors,
                     const fc_survey *survey, const fc_view *tv, const fc_view *av,
                     const char *path, int release)
{
    int rc;
    if (!release)
        return fc_survey_check(entries, count, capacity, errors, survey, tv, av, path);
    Py_BEGIN_ALLOW_THREADS rc =
        fc_survey_check(entries, count, capacity, errors, survey, tv, av, path);
    Py_END_ALLOW_THREADS return rc;
}

/* validate and extra_vars: the answers (and template_extra_vars) as views,
 * the core's verdict, the result from the caller's objects. */
static PyObject *check(survey_object *self, fcpy_state *st, PyObject *template_obj,
                       PyObject *answers_obj, const char *path, const char *what)
{
    fcpy_views template_vars, answers;
    fc_accepted stack_entries[FCPY_STACK_ENTRIES];
    fc_accepted *entries = stack_entries;
    fc_errors *errors = NULL;
    PyObject *result = NULL;
    size_t count = 0;
    int have_template = template_obj != Py_None, have_answers = answers_obj != Py_None;
    int release = worth_releasing(self->survey, answers_obj);
    int rc;

    fcpy_views_init(&template_vars);
    fcpy_views_init(&answers);
    if (have_template &&
        fcpy_views_of(st, &template_vars, template_obj, "template_extra_vars", release) < 0)
        goto error;
    if (have_answers && fcpy_views_of(st, &answers, answers_obj, path, release) < 0)
        goto error;
    const fc_view *tv = have_template ? &template_vars.root : NULL;
    const fc_view *av = have_answers ? &answers.root : NULL;
    size_t capacity = fc_survey_check_capacity(self->survey, tv, av);
    if (capacity > FCPY_STACK_ENTRIES) {
        entries = PyMem_Malloc(capacity * sizeof(*entries));
        if (entries == NULL) {
            PyErr_NoMemory();
            goto error;
        }
    }
    /* The verdict first, without a list: most answer sets are valid. */
    rc = run_check(entries, &count, capacity, NULL, self->survey, tv, av, path, release);
    if (rc == FC_EVALIDATION) {
        errors = fcpy_errors_new();
        if (errors == NULL)
            goto error;
        rc = run_check(entries, &count, capacity, errors, self->survey, tv, av, path, release);
    }
    if (rc != 0) {
        fcpy_raise(st, rc, errors, what);
        goto error;
    }
    result = build_result(self, st, entries, count, have_template ? &template_vars : NULL,
                          have_answers ? &answers : NULL);

error: /* also the normal exit */
    if (entries != stack_entries)
        PyMem_Free(entries);
    fc_errors_free(errors);
    fcpy_views_release(&answers);
    fcpy_views_release(&template_vars);
    return result;
}

/* (positional..., *, path="extra_vars") parsed by hand, positionals also
 * by name: the generic parser costs more than validating a small survey.
 * out[] gets the positionals (borrowed). */
static int parse_args(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                      const char *const *names, Py_ssize_t positional, const char *what,
                      PyObject **out, const char **path)
{
    Py_ssize_t nkw = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames);
    if (nargs > positional) {
        PyErr_Format(PyExc_TypeError, "%s() takes %zd positional argument%s (%zd given)", what,
                     positional, positional == 1 ? "" : "s", nargs);
        return -1;
    }
    for (Py_ssize_t i = 0; i < positional; i++)
        out[i] = i < nargs ? args[i] : NULL;
    for (Py_ssize_t k = 0; k < nkw; k++) {
        PyObject *name = PyTuple_GET_ITEM(kwnames, k), *value = args[nargs + k];
        Py_ssize_t i = 0;
        if (FCPY_NAME_IS(name, "path")) {
            *path = fcpy_name_arg(value, "path");
            if (*path == NULL)
                return -1;
            continue;
        }
        while (i < positional && PyUnicode_CompareWithASCIIString(name, names[i]) != 0)
            i++;
        if (i == positional || out[i] != NULL) {
            PyErr_Format(PyExc_TypeError, "%s() got %s keyword argument %R", what,
                         i == positional ? "an unexpected" : "a repeated", name);
            return -1;
        }
        out[i] = value;
    }
    for (Py_ssize_t i = 0; i < positional; i++) {
        if (out[i] == NULL) {
            PyErr_Format(PyExc_TypeError, "%s() missing required argument '%s'", what, names[i]);
            return -1;
        }
    }
    return 0;
}

static PyObject *survey_validate(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                 PyObject *kwnames)
{
    static const char *const names[] = {"answers"};
    fcpy_state *st = fcpy_state_from_object(self);
    const char *path = "extra_vars";
    PyObject *given[1];
    if (st == NULL || parse_args(args, nargs, kwnames, names, 1, "validate", given, &path) < 0)
        return NULL;
    return check(SURVEY(self), st, Py_None, given[0], path, "Survey.validate");
}

static PyObject *survey_extra_vars(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                   PyObject *kwnames)
{
    static const char *const names[] = {"template_extra_vars", "answers"};
    fcpy_state *st = fcpy_state_from_object(self);
    const char *path = "extra_vars";
    PyObject *given[2];
    if (st == NULL || parse_args(args, nargs, kwnames, names, 2, "extra_vars", given, &path) < 0)
        return NULL;
    return check(SURVEY(self), st, given[0], given[1], path, "Survey.extra_vars");
}

static PyObject *survey_redact(PyObject *self, PyObject *values_obj)
{
    fcpy_state *st = fcpy_state_from_object(self);
    PyObject *result = NULL;
    json_t *values = NULL, *redacted = NULL;

    if (st == NULL)
        return NULL;
    values = fcpy_to_json(st, values_obj, "values");
    if (values == NULL)
        return NULL;
    int rc = fc_survey_redact(&redacted, SURVEY(self)->survey, values);
    if (rc != 0) {
        fcpy_raise(st, rc, NULL, "Survey.redact");
        goto error;
    }
    result = fcpy_from_json(redacted);

error: /* also the normal exit */
    json_decref(redacted);
    json_decref(values);
    return result;
}

static PyObject *survey_display_spec(PyObject *self, PyObject *unused)
{
    fcpy_state *st = fcpy_state_from_object(self);
    json_t *spec = NULL;
    (void)unused;
    if (st == NULL)
        return NULL;
    int rc = fc_survey_display_spec(&spec, SURVEY(self)->survey);
    if (rc != 0)
        return fcpy_raise(st, rc, NULL, "Survey.display_spec");
    PyObject *result = fcpy_from_json(spec);
    json_decref(spec);
    return result;
}

/* A new tuple each time: the survey itself stays free of Python objects. */
static PyObject *get_problems(PyObject *self, void *closure)
{
    fcpy_state *st = fcpy_state_from_object(self);
    (void)closure;
    if (st == NULL)
        return NULL;
    PyObject *list = fcpy_error_list(st, fc_survey_problems(SURVEY(self)->survey));
    if (list == NULL)
        return NULL;
    PyObject *tuple = PyList_AsTuple(list);
    Py_DECREF(list);
    return tuple;
}

static PyGetSetDef survey_getset[] = {
    {"problems", get_problems, NULL,
     PyDoc_STR("What of the spec can never work: ({path, code, message}, ...)."), NULL},
    {"enabled", get_enabled, NULL, PyDoc_STR("The template's survey_enabled."), NULL},
    {"ask_variables_on_launch", get_asks, NULL,
     PyDoc_STR("Variables outside the survey pass through."), NULL},
    {"question_count", get_question_count, NULL, PyDoc_STR("Questions in the survey."), NULL},
    {"secret_variables", get_secret_variables, NULL,
     PyDoc_STR("Names of the password questions, in spec order."), NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMethodDef survey_methods[] = {
    {"validate", (PyCFunction)(void (*)(void))survey_validate, METH_FASTCALL | METH_KEYWORDS,
     PyDoc_STR("validate($self, /, answers, *, path='extra_vars')\n--\n\n"
               "Accepted answers: defaults applied, $encrypted$ resolved.")},
    {"extra_vars", (PyCFunction)(void (*)(void))survey_extra_vars, METH_FASTCALL | METH_KEYWORDS,
     PyDoc_STR("extra_vars($self, /, template_extra_vars, answers, *, path='extra_vars')\n--\n\n"
               "Final extra_vars for launch: template < survey defaults < answers.")},
    {"redact", survey_redact, METH_O,
     PyDoc_STR("redact($self, values, /)\n--\n\n"
               "Copy of values with every secret variable shown as $encrypted$.")},
    {"display_spec", survey_display_spec, METH_NOARGS,
     PyDoc_STR("display_spec($self, /)\n--\n\n"
               "The survey_spec as a client may see it (password defaults hidden).")},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot survey_slots[] = {
    {Py_tp_doc,
     (void *)PyDoc_STR(
         "Survey(survey_spec, *, enabled=True, ask_variables_on_launch=False)\n--\n\n"
         "A compiled survey (immutable, thread-safe to read). ValidationError for a bad spec.")},
    {Py_tp_new, survey_new},
    {Py_tp_dealloc, survey_dealloc},
    {Py_tp_repr, survey_repr},
    {Py_tp_getset, survey_getset},
    {Py_tp_methods, survey_methods},
    {0, NULL},
};

PyType_Spec fcpy_survey_spec = {
    .name = "forge_catalog._core.Survey",
    .basicsize = sizeof(survey_object),
    /* Immutable and final: a subclass could not add state the core sees. */
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = survey_slots,
};
