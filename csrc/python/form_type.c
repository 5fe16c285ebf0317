/* Form: a catalog item's overlay compiled against a Survey (fc_form.h,
 * docs/forms.md). Roughly:
 *
 *   class Form:
 *       def __init__(self, survey, overlay, *, path="overlay"):
 *           self._c = fc_form_compile(survey, overlay, path)  # ValidationError: every problem
 *       survey, order, needs_now, choices_from  # properties
 *       def display(self): return fc_form_display(...)
 *       def validate(self, answers, *, choices=None, now=None, path="extra_vars"):
 *           return FormVerdict(visible, errors, accepted)  # fc_form_validate: dry run == submit
 *       def extra_vars(self, template_extra_vars, answers, *, choices=None, now=None, path=...):
 *           return fc_form_extra_vars(...)  # ValidationError like Survey.extra_vars
 *
 * The instance keeps its Survey alive (the compiled form borrows it); a
 * Survey holds no Python object, so no cycle can form and no GC support is
 * needed. */
#include "form_type.h"

#include "convert.h"
#include "errors.h"
#include "survey_type.h"

typedef struct form_object {
    PyObject_HEAD fc_form *form; /* never NULL once tp_new returned it */
    PyObject *survey;            /* the Survey the form borrows */
} form_object;

#define FORM(op) ((form_object *)(op))

static PyObject *form_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"survey", "overlay", "path", NULL};
    fcpy_state *st = fcpy_state_from_type(type);
    PyObject *survey_obj, *overlay_obj, *self = NULL;
    const char *path = "overlay";
    json_t *overlay = NULL;
    fc_errors *problems = NULL;
    fc_form *form = NULL;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO|$s:Form", keywords, &survey_obj,
                                     &overlay_obj, &path))
        return NULL;
    const fc_survey *survey = fcpy_survey_of(st, survey_obj, "survey");
    if (survey == NULL)
        return NULL;
    if (overlay_obj != Py_None) {
        overlay = fcpy_to_json(st, overlay_obj, path);
        if (overlay == NULL)
            goto error;
    }
    problems = fcpy_errors_new();
    if (problems == NULL)
        goto error;
    int rc = fc_form_compile(&form, problems, survey, overlay, path);
    if (rc != 0) {
        fcpy_raise(st, rc, problems, "Form");
        goto error;
    }
    self = type->tp_alloc(type, 0);
    if (self == NULL)
        goto error;
    FORM(self)->form = form;
    FORM(self)->survey = Py_NewRef(survey_obj);
    form = NULL; /* owned by self now */

error: /* also the normal exit */
    fc_form_free(form);
    fc_errors_free(problems);
    json_decref(overlay);
    return self;
}

/* dealloc: the form before the survey it borrows, then the object, then
 * the instance's reference to its heap type. */
static void form_dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    fc_form_free(FORM(self)->form);
    Py_XDECREF(FORM(self)->survey);
    freefunc tp_free = (freefunc)PyType_GetSlot(type, Py_tp_free);
    tp_free(self);
    Py_DECREF(type);
}

static PyObject *get_survey(PyObject *self, void *closure)
{
    (void)closure;
    return Py_NewRef(FORM(self)->survey);
}

static PyObject *get_needs_now(PyObject *self, void *closure)
{
    (void)closure;
    return PyBool_FromLong(fc_form_needs_now(FORM(self)->form));
}

static PyObject *get_order(PyObject *self, void *closure)
{
    const fc_form *form = FORM(self)->form;
    size_t count = fc_form_question_count(form);
    (void)closure;
    PyObject *tuple = PyTuple_New((Py_ssize_t)count);
    for (size_t i = 0; tuple != NULL && i < count; i++) {
        PyObject *name = PyUnicode_FromString(fc_form_variable(form, i));
        if (name == NULL) {
            Py_CLEAR(tuple);
            break;
        }
        PyTuple_SET_ITEM(tuple, (Py_ssize_t)i, name);
    }
    return tuple;
}

/* A core call that builds one JSON value, returned as Python. */
static PyObject *json_result(PyObject *self, int (*call)(json_t **, const fc_form *),
                             const char *what)
{
    fcpy_state *st = fcpy_state_from_object(self);
    json_t *value = NULL;
    if (st == NULL)
        return NULL;
    int rc = call(&value, FORM(self)->form);
    if (rc != 0)
        return fcpy_raise(st, rc, NULL, what);
    PyObject *result = fcpy_from_json(value);
    json_decref(value);
    return result;
}

static PyObject *get_choices_from(PyObject *self, void *closure)
{
    (void)closure;
    return json_result(self, fc_form_choices_from, "Form.choices_from");
}

static PyObject *form_display(PyObject *self, PyObject *unused)
{
    (void)unused;
    return json_result(self, fc_form_display, "Form.display");
}

/* now: None or an int (Unix seconds); 0 with *given set, or -1 with TypeError. */
static int read_now(PyObject *now_obj, int64_t *now, int *given)
{
    *given = now_obj != Py_None;
    if (!*given)
        return 0;
    if (!PyLong_Check(now_obj) || PyBool_Check(now_obj)) {
        PyErr_SetString(PyExc_TypeError, "now must be an int (Unix seconds, UTC) or None");
        return -1;
    }
    long long seconds = PyLong_AsLongLong(now_obj);
    if (seconds == -1 && PyErr_Occurred())
        return -1;
    *now = (int64_t)seconds;
    return 0;
}

static PyObject *form_extra_vars(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"template_extra_vars", "answers", "choices", "now", "path", NULL};
    fcpy_state *st = fcpy_state_from_object(self);
    PyObject *template_obj, *answers_obj, *choices_obj = Py_None, *now_obj = Py_None;
    PyObject *result = NULL;
    const char *path = "extra_vars";
    json_t *template_vars = NULL, *answers = NULL, *choices = NULL, *extra_vars = NULL;
    fc_errors *errors = NULL;
    int64_t now = 0;
    int has_now;

    if (st == NULL)
        return NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO|$OOs:extra_vars", keywords, &template_obj,
                                     &answers_obj, &choices_obj, &now_obj, &path))
        return NULL;
    if (read_now(now_obj, &now, &has_now) != 0)
        return NULL;
    if (template_obj != Py_None &&
        (template_vars = fcpy_to_json(st, template_obj, "template_extra_vars")) == NULL)
        goto error;
    if (answers_obj != Py_None && (answers = fcpy_to_json(st, answers_obj, path)) == NULL)
        goto error;
    if (choices_obj != Py_None && (choices = fcpy_to_json(st, choices_obj, "choices")) == NULL)
        goto error;
    errors = fcpy_errors_new();
    if (errors == NULL)
        goto error;
    int rc = fc_form_extra_vars(&extra_vars, errors, FORM(self)->form, template_vars, answers,
                                choices, has_now ? &now : NULL, path);
    if (rc == FC_EINVAL && fc_form_needs_now(FORM(self)->form) && !has_now) {
        PyErr_SetString(PyExc_ValueError, "this form has date bounds: pass now");
        goto error;
    }
    if (rc != 0) {
        fcpy_raise(st, rc, errors, "Form.extra_vars");
        goto error;
    }
    result = fcpy_from_json(extra_vars);

error: /* also the normal exit */
    json_decref(extra_vars);
    fc_errors_free(errors);
    json_decref(choices);
    json_decref(answers);
    json_decref(template_vars);
    return result;
}

static PyObject *form_validate(PyObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"answers", "choices", "now", "path", NULL};
    fcpy_state *st = fcpy_state_from_object(self);
    PyObject *answers_obj, *choices_obj = Py_None, *now_obj = Py_None, *result = NULL;
    PyObject *visible_obj = NULL, *errors_obj = NULL, *accepted_obj = NULL;
    const char *path = "extra_vars";
    json_t *answers = NULL, *choices = NULL, *visible = NULL, *accepted = NULL;
    fc_errors *errors = NULL;
    int64_t now = 0;

    if (st == NULL)
        return NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$OOs:validate", keywords, &answers_obj,
                                     &choices_obj, &now_obj, &path))
        return NULL;
    int has_now;
    if (read_now(now_obj, &now, &has_now) != 0)
        return NULL;
    if (answers_obj != Py_None && (answers = fcpy_to_json(st, answers_obj, path)) == NULL)
        goto error;
    if (choices_obj != Py_None && (choices = fcpy_to_json(st, choices_obj, "choices")) == NULL)
        goto error;
    errors = fcpy_errors_new();
    if (errors == NULL)
        goto error;
    int rc = fc_form_validate(&visible, &accepted, errors, FORM(self)->form, answers, choices,
                              now_obj == Py_None ? NULL : &now, path);
    if (rc == FC_EINVAL && fc_form_needs_now(FORM(self)->form) && now_obj == Py_None) {
        PyErr_SetString(PyExc_ValueError, "this form has date bounds: pass now");
        goto error;
    }
    if (rc != 0 && rc != FC_EVALIDATION) {
        fcpy_raise(st, rc, errors, "Form.validate");
        goto error;
    }
    visible_obj = fcpy_tuple_from_json_array(visible);
    errors_obj = fcpy_error_list(st, errors);
    accepted_obj = accepted == NULL ? Py_NewRef(Py_None) : fcpy_from_json(accepted);
    if (visible_obj == NULL || errors_obj == NULL || accepted_obj == NULL)
        goto error;
    result = PyObject_CallFunctionObjArgs(st->FormVerdictType, visible_obj, errors_obj,
                                          accepted_obj, NULL);

error: /* also the normal exit */
    Py_XDECREF(visible_obj);
    Py_XDECREF(errors_obj);
    Py_XDECREF(accepted_obj);
    json_decref(visible);
    json_decref(accepted);
    fc_errors_free(errors);
    json_decref(choices);
    json_decref(answers);
    return result;
}

static PyObject *form_repr(PyObject *self)
{
    return PyUnicode_FromFormat("<Form questions=%zu>", fc_form_question_count(FORM(self)->form));
}

static PyGetSetDef form_getset[] = {
    {"survey", get_survey, NULL, PyDoc_STR("The Survey the overlay was compiled against."), NULL},
    {"order", get_order, NULL, PyDoc_STR("Variables in form order."), NULL},
    {"needs_now", get_needs_now, NULL,
     PyDoc_STR("True when a question has date bounds: validate() then needs now."), NULL},
    {"choices_from", get_choices_from, NULL,
     PyDoc_STR("{variable: {inventory, kind, filter, limit}} for the sets validate() needs."),
     NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMethodDef form_methods[] = {
    {"validate", (PyCFunction)(void (*)(void))form_validate, METH_VARARGS | METH_KEYWORDS,
     PyDoc_STR("validate($self, /, answers, *, choices=None, now=None, path='extra_vars')\n--\n\n"
               "FormVerdict(visible, errors, accepted): the one decision of dry run and submit.")},
    {"extra_vars", (PyCFunction)(void (*)(void))form_extra_vars, METH_VARARGS | METH_KEYWORDS,
     PyDoc_STR("extra_vars($self, /, template_extra_vars, answers, *, choices=None, now=None,\n"
               "           path='extra_vars')\n--\n\n"
               "Final extra_vars for launch: template < survey defaults < accepted answers.")},
    {"display", form_display, METH_NOARGS,
     PyDoc_STR("display($self, /)\n--\n\n"
               "The normalised overlay in form order, one dict per question.")},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot form_slots[] = {
    {Py_tp_doc, (void *)PyDoc_STR("Form(survey, overlay, *, path='overlay')\n--\n\n"
                                  "A survey with its overlay compiled (immutable). "
                                  "ValidationError lists every problem of the overlay.")},
    {Py_tp_new, form_new},
    {Py_tp_dealloc, form_dealloc},
    {Py_tp_repr, form_repr},
    {Py_tp_getset, form_getset},
    {Py_tp_methods, form_methods},
    {0, NULL},
};

PyType_Spec fcpy_form_spec = {
    .name = "forge_catalog._core.Form",
    .basicsize = sizeof(form_object),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = form_slots,
};
