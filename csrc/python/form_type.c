/* Form: a catalog item's overlay compiled against a Survey (fc_form.h,
 * docs/forms.md). Roughly:
 *
 *   class Form:
 *       def __init__(self, survey, overlay, *, path="overlay"):
 *           self._c = fc_form_compile(survey, overlay, path)  # ValidationError: every problem
 *       survey, order, needs_now, choices_from  # properties
 *       def display(self): return fc_form_display(...)
 *       def validate(self, answers, *, choices=None, now=None, path="extra_vars",
 *                    launch=False, template_extra_vars=None):
 *           return FormVerdict(visible, errors, accepted)  # fc_form_check: dry run == submit
 *           # launch: accepted = template_extra_vars < defaults (hidden too) < answers
 *       def extra_vars(self, template_extra_vars, answers, *, choices=None, now=None, path=...):
 *           return fc_form_extra_vars(...)  # ValidationError like Survey.extra_vars
 *
 * The instance keeps its Survey alive (the compiled form borrows it); a
 * Survey holds no Python object, so no cycle can form and no GC support is
 * needed. */
#include "form_type.h"

#include "binding.h"
#include "convert.h"
#include "errors.h"
#include "survey_type.h"
#include "views.h"

typedef struct form_object {
    PyObject_HEAD fc_form *form; /* never NULL once tp_new returned it */
    PyObject *survey;            /* the Survey the form borrows */
    /* The last visible tuple made and the spec indices it names (PyMem),
     * or NULL: calls mostly see the same questions, and a tuple of str is
     * immutable, so it is handed out again. Holds no container: no cycle. */
    PyObject *visible;
    size_t *visible_index;
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
    FORM(self)->visible = NULL;
    FORM(self)->visible_index = NULL;
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
    Py_XDECREF(FORM(self)->visible);
    PyMem_Free(FORM(self)->visible_index);
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

/* One call of validate or extra_vars, as parsed. */
typedef struct form_call {
    PyObject *answers, *choices, *now, *template_vars; /* borrowed; Py_None when not given */
    int launch;                                        /* accepted is the launch's extra_vars */
    const char *path;
} form_call;

/* Keyword arguments by hand (the generic parser costs more than checking a
 * small form): choices, now, path, and with allow_launch launch and
 * template_extra_vars. 0, or -1 with TypeError. */
static int parse_keywords(form_call *call, PyObject *const *values, PyObject *kwnames,
                          int allow_launch, const char *what)
{
    Py_ssize_t nkw = kwnames == NULL ? 0 : PyTuple_GET_SIZE(kwnames);
    for (Py_ssize_t k = 0; k < nkw; k++) {
        PyObject *name = PyTuple_GET_ITEM(kwnames, k), *value = values[k];
        if (FCPY_NAME_IS(name, "choices")) {
            call->choices = value;
        } else if (FCPY_NAME_IS(name, "now")) {
            call->now = value;
        } else if (FCPY_NAME_IS(name, "path")) {
            if ((call->path = fcpy_name_arg(value, "path")) == NULL)
                return -1;
        } else if (allow_launch && FCPY_NAME_IS(name, "launch")) {
            int truth = PyObject_IsTrue(value);
            if (truth < 0)
                return -1;
            call->launch = truth;
        } else if (allow_launch && FCPY_NAME_IS(name, "template_extra_vars")) {
            call->template_vars = value;
        } else {
            PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument %R", what, name);
            return -1;
        }
    }
    if (call->template_vars != Py_None && !call->launch) {
        PyErr_Format(PyExc_TypeError, "%s(): template_extra_vars needs launch=True", what);
        return -1;
    }
    return 0;
}

/* FormVerdict(visible, errors, accepted), made as tuple.__new__ makes a
 * tuple subclass (the namedtuple's Python __new__ costs more than the check);
 * steals the three references. */
static PyObject *make_verdict(fcpy_state *st, PyObject *visible, PyObject *errors,
                              PyObject *accepted)
{
    PyTypeObject *type = (PyTypeObject *)st->FormVerdictType;
    PyObject *verdict = type->tp_alloc(type, 3);
    if (verdict == NULL) {
        Py_DECREF(visible);
        Py_DECREF(errors);
        Py_DECREF(accepted);
        return NULL;
    }
    PyTuple_SET_ITEM(verdict, 0, visible);
    PyTuple_SET_ITEM(verdict, 1, errors);
    PyTuple_SET_ITEM(verdict, 2, accepted);
    return verdict;
}

/* Remembers tuple as the last visible one (best effort: without memory it
 * is simply not remembered). Installed at the end, after every allocation,
 * so a re-entrant call in between leaves nothing half-made. */
static void remember_visible(form_object *self, PyObject *tuple, const size_t *visible,
                             size_t count)
{
    size_t *index = PyMem_Malloc(count ? count * sizeof(*index) : 1);
    if (index == NULL)
        return;
    if (count > 0)
        memcpy(index, visible, count * sizeof(*index));
    PyObject *old = self->visible;
    size_t *old_index = self->visible_index;
    self->visible = Py_NewRef(tuple);
    self->visible_index = index;
    Py_XDECREF(old); /* a tuple of str: no code runs */
    PyMem_Free(old_index);
}

static PyObject *visible_tuple(form_object *self, const size_t *visible, size_t count)
{
    PyObject *last = self->visible;
    if (last != NULL && (size_t)PyTuple_GET_SIZE(last) == count &&
        (count == 0 || memcmp(self->visible_index, visible, count * sizeof(*visible)) == 0))
        return Py_NewRef(last);
    PyObject *tuple = PyTuple_New((Py_ssize_t)count);
    for (size_t i = 0; tuple != NULL && i < count; i++) {
        PyObject *name = fcpy_survey_variable(self->survey, visible[i]);
        if (name == NULL) {
            Py_CLEAR(tuple);
            break;
        }
        PyTuple_SET_ITEM(tuple, (Py_ssize_t)i, Py_NewRef(name));
    }
    if (tuple != NULL)
        remember_visible(self, tuple, visible, count);
    return tuple;
}

/* validate and extra_vars: the answers, choice sets (and template
 * extra_vars) as views, the core's verdict, the result from the caller's
 * objects. verdict: return a FormVerdict, else the accepted dict or the
 * ValidationError. */
static PyObject *check(form_object *self, fcpy_state *st, const form_call *call, int verdict,
                       const char *what)
{
    const fc_form *form = self->form;
    fcpy_views answers, choices, template_vars;
    fc_accepted stack_entries[FCPY_STACK_ENTRIES], *entries = stack_entries;
    size_t stack_visible[FCPY_STACK_ENTRIES], *visible = stack_visible;
    size_t count = 0, visible_count = 0;
    fc_errors *errors = NULL;
    PyObject *result = NULL;
    int64_t now = 0;
    int has_now, rc;

    fcpy_views_init(&answers);
    fcpy_views_init(&choices);
    fcpy_views_init(&template_vars);
    if (read_now(call->now, &now, &has_now) != 0)
        goto error;
    int have_answers = call->answers != Py_None, have_choices = call->choices != Py_None;
    int have_template = call->template_vars != Py_None;
    if (have_template &&
        fcpy_views_of(st, &template_vars, call->template_vars, "template_extra_vars", 0) < 0)
        goto error;
    if (have_answers && fcpy_views_of(st, &answers, call->answers, call->path, 0) < 0)
        goto error;
    if (have_choices && fcpy_views_of(st, &choices, call->choices, "choices", 0) < 0)
        goto error;
    const fc_view *tv = have_template ? &template_vars.root : NULL;
    const fc_view *av = have_answers ? &answers.root : NULL;
    const fc_view *cv = have_choices ? &choices.root : NULL;
    size_t capacity = fc_form_check_capacity(form, tv, av);
    size_t questions = fc_form_question_count(form);
    if (capacity > FCPY_STACK_ENTRIES &&
        (entries = PyMem_Malloc(capacity * sizeof(*entries))) == NULL)
        goto nomem;
    if (questions > FCPY_STACK_ENTRIES &&
        (visible = PyMem_Malloc(questions * sizeof(*visible))) == NULL)
        goto nomem;
    /* The verdict first, without a list: most answer sets are valid. */
    rc = fc_form_check(entries, &count, capacity, visible, &visible_count, NULL, form, av, cv,
                       has_now ? &now : NULL, call->launch, tv, call->path);
    if (rc == FC_EVALIDATION) {
        if ((errors = fcpy_errors_new()) == NULL)
            goto error;
        rc = fc_form_check(entries, &count, capacity, visible, &visible_count, errors, form, av, cv,
                           has_now ? &now : NULL, call->launch, tv, call->path);
    }
    if (rc == FC_EINVAL && fc_form_needs_now(form) && !has_now) {
        PyErr_SetString(PyExc_ValueError, "this form has date bounds: pass now");
        goto error;
    }
    if (rc != 0 && (rc != FC_EVALIDATION || !verdict)) {
        fcpy_raise(st, rc, errors, what);
        goto error;
    }
    PyObject *accepted = rc != 0 ? Py_NewRef(Py_None)
                                 : fcpy_survey_result(st, self->survey, entries, count,
                                                      have_template ? &template_vars : NULL,
                                                      have_answers ? &answers : NULL);
    if (!verdict || accepted == NULL) {
        result = accepted;
        goto error;
    }
    PyObject *visible_obj = visible_tuple(self, visible, visible_count);
    PyObject *errors_obj = visible_obj != NULL ? fcpy_error_list(st, errors) : NULL;
    if (errors_obj == NULL) {
        Py_XDECREF(visible_obj);
        Py_DECREF(accepted);
        goto error;
    }
    result = make_verdict(st, visible_obj, errors_obj, accepted);
    goto error;

nomem:
    PyErr_NoMemory();
error: /* also the normal exit */
    if (entries != stack_entries)
        PyMem_Free(entries);
    if (visible != stack_visible)
        PyMem_Free(visible);
    fc_errors_free(errors);
    fcpy_views_release(&choices);
    fcpy_views_release(&answers);
    fcpy_views_release(&template_vars);
    return result;
}

static PyObject *form_validate(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                               PyObject *kwnames)
{
    fcpy_state *st = fcpy_state_from_object(self);
    form_call call = {NULL, Py_None, Py_None, Py_None, 0, "extra_vars"};
    if (st == NULL)
        return NULL;
    if (nargs != 1) {
        PyErr_Format(PyExc_TypeError, "validate() takes 1 positional argument (%zd given)", nargs);
        return NULL;
    }
    call.answers = args[0];
    if (parse_keywords(&call, args + nargs, kwnames, 1, "validate") < 0)
        return NULL;
    return check(FORM(self), st, &call, 1, "Form.validate");
}

static PyObject *form_extra_vars(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                                 PyObject *kwnames)
{
    fcpy_state *st = fcpy_state_from_object(self);
    form_call call = {NULL, Py_None, Py_None, Py_None, 1, "extra_vars"};
    if (st == NULL)
        return NULL;
    if (nargs != 2) {
        PyErr_Format(PyExc_TypeError, "extra_vars() takes 2 positional arguments (%zd given)",
                     nargs);
        return NULL;
    }
    if (parse_keywords(&call, args + nargs, kwnames, 0, "extra_vars") < 0)
        return NULL;
    call.template_vars = args[0];
    call.answers = args[1];
    return check(FORM(self), st, &call, 0, "Form.extra_vars");
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
    {"validate", (PyCFunction)(void (*)(void))form_validate, METH_FASTCALL | METH_KEYWORDS,
     PyDoc_STR("validate($self, answers, /, *, choices=None, now=None, path='extra_vars',\n"
               "         launch=False, template_extra_vars=None)\n--\n\n"
               "FormVerdict(visible, errors, accepted): the one decision of dry run, submit\n"
               "and launch. With launch, accepted is the launch's extra_vars: template_extra_vars\n"
               "< survey defaults (hidden questions' too) < accepted answers.")},
    {"extra_vars", (PyCFunction)(void (*)(void))form_extra_vars, METH_FASTCALL | METH_KEYWORDS,
     PyDoc_STR("extra_vars($self, template_extra_vars, answers, /, *, choices=None, now=None,\n"
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
