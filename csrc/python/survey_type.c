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
 * The instance holds no Python objects, so it needs no GC support. */
#include "survey_type.h"

#include "convert.h"
#include "errors.h"

typedef struct survey_object {
    PyObject_HEAD fc_survey *survey; /* never NULL once tp_new returned it */
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
    survey = NULL; /* owned by self now */

error: /* also the normal exit */
    fc_survey_free(survey);
    fc_errors_free(errors);
    json_decref(spec);
    return self;
}

/* dealloc: free the compiled survey, then the object, then drop the
 * instance's reference to its heap type. */
static void survey_dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
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

/* Drop the GIL for big answer sets: the survey is immutable, the json_t
 * values are private to this call, and jansson's refcounts are atomic. */
static int worth_releasing(const fc_survey *survey, const json_t *answers)
{
    return fc_survey_question_count(survey) >= FCPY_NOGIL_MIN_ITEMS ||
           json_items(answers) >= FCPY_NOGIL_MIN_ITEMS;
}

static PyObject *survey_validate(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"answers", "path", NULL};
    const fc_survey *survey = SURVEY(self)->survey;
    fcpy_state *st = fcpy_state_from_object(self);
    PyObject *answers_obj, *result = NULL;
    const char *path = "extra_vars";
    json_t *answers = NULL, *accepted = NULL;
    fc_errors *errors = NULL;
    int rc;

    if (st == NULL)
        return NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$s:validate", keywords, &answers_obj, &path))
        return NULL;
    if (answers_obj != Py_None) {
        answers = fcpy_to_json(st, answers_obj, path);
        if (answers == NULL)
            goto error;
    }
    errors = fcpy_errors_new();
    if (errors == NULL)
        goto error;
    if (worth_releasing(survey, answers)) {
        Py_BEGIN_ALLOW_THREADS rc = fc_survey_validate(&accepted, errors, survey, answers, path);
        Py_END_ALLOW_THREADS
    } else {
        rc = fc_survey_validate(&accepted, errors, survey, answers, path);
    }
    if (rc != 0) {
        fcpy_raise(st, rc, errors, "Survey.validate");
        goto error;
    }
    result = fcpy_from_json(accepted);

error: /* also the normal exit */
    json_decref(accepted);
    fc_errors_free(errors);
    json_decref(answers);
    return result;
}

static PyObject *survey_extra_vars(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"template_extra_vars", "answers", "path", NULL};
    const fc_survey *survey = SURVEY(self)->survey;
    fcpy_state *st = fcpy_state_from_object(self);
    PyObject *template_obj, *answers_obj, *result = NULL;
    const char *path = "extra_vars";
    json_t *template_vars = NULL, *answers = NULL, *extra_vars = NULL;
    fc_errors *errors = NULL;
    int rc;

    if (st == NULL)
        return NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO|$s:extra_vars", keywords, &template_obj,
                                     &answers_obj, &path))
        return NULL;
    if (template_obj != Py_None) {
        template_vars = fcpy_to_json(st, template_obj, "template_extra_vars");
        if (template_vars == NULL)
            goto error;
    }
    if (answers_obj != Py_None) {
        answers = fcpy_to_json(st, answers_obj, path);
        if (answers == NULL)
            goto error;
    }
    errors = fcpy_errors_new();
    if (errors == NULL)
        goto error;
    if (worth_releasing(survey, answers)) {
        Py_BEGIN_ALLOW_THREADS rc =
            fc_survey_extra_vars(&extra_vars, errors, survey, template_vars, answers, path);
        Py_END_ALLOW_THREADS
    } else {
        rc = fc_survey_extra_vars(&extra_vars, errors, survey, template_vars, answers, path);
    }
    if (rc != 0) {
        fcpy_raise(st, rc, errors, "Survey.extra_vars");
        goto error;
    }
    result = fcpy_from_json(extra_vars);

error: /* also the normal exit */
    json_decref(extra_vars);
    fc_errors_free(errors);
    json_decref(answers);
    json_decref(template_vars);
    return result;
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
    {"validate", (PyCFunction)(void (*)(void))survey_validate, METH_VARARGS | METH_KEYWORDS,
     PyDoc_STR("validate($self, /, answers, *, path='extra_vars')\n--\n\n"
               "Accepted answers: defaults applied, $encrypted$ resolved.")},
    {"extra_vars", (PyCFunction)(void (*)(void))survey_extra_vars, METH_VARARGS | METH_KEYWORDS,
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
