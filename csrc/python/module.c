/* forge_catalog._core: libforgecatalog's decisions for Python. It decides
 * nothing itself. The module roughly corresponds to (see _core.pyi):
 *
 *   STATES, TERMINAL_STATES, EVENTS, JOB_STATUSES, ACTIONS, EXPIRY_OUTCOMES  # the core's lists
 *   ENCRYPTED = "$encrypted$";  LIMITS = {"max_spec_bytes": 16777216, ...}
 *
 *   class Error(Exception): ...
 *   class ValidationError(Error, ValueError): errors, truncated
 *   class TransitionError(Error): errors, truncated
 *   class ConversionError(Error, TypeError): ...
 *   Transition = namedtuple("Transition", "state effect")
 *   Decision = namedtuple("Decision", "allowed visible reason")
 *
 *   def is_terminal(state): return fc_state_is_terminal(parse(state))
 *   ... one thin wrapper per core function (binding.h), and class Survey
 *   (survey_type.c).
 *
 * Multi-phase init (PEP 489): every object lives in the module state
 * (state.h), so each interpreter and each module object gets its own. */
#include "binding.h"
#include "facts.h"
#include "forge_catalog/forge_catalog.h"
#include "form_type.h"
#include "survey_type.h"

/* Adds value (stolen; NULL means its creation failed) as module.name. */
static int add_stolen(PyObject *module, const char *name, PyObject *value)
{
    if (value == NULL)
        return -1;
    int rc = PyModule_AddObjectRef(module, name, value);
    Py_DECREF(value);
    return rc;
}

/* --- constants -------------------------------------------------------- */

/* A tuple of the names of 0..count-1 for which keep() holds (NULL: all). */
static PyObject *name_tuple(int count, const char *(*name)(int), int (*keep)(int))
{
    PyObject *list = PyList_New(0), *tuple = NULL;
    if (list == NULL)
        return NULL;
    for (int i = 0; i < count; i++) {
        if (keep != NULL && !keep(i))
            continue;
        const char *text = name(i);
        PyObject *item = text != NULL ? PyUnicode_InternFromString(text) : NULL;
        if (item == NULL) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_SystemError, "the core has no name for value %d", i);
            goto error;
        }
        int rc = PyList_Append(list, item);
        Py_DECREF(item);
        if (rc < 0)
            goto error;
    }
    tuple = PyList_AsTuple(list);
error: /* also the normal exit */
    Py_DECREF(list);
    return tuple;
}

/* int-typed adapters so one name_tuple serves every enum. */
static const char *state_name(int value)
{
    return fc_state_name((fc_state)value);
}
static const char *event_name(int value)
{
    return fc_event_name((fc_event)value);
}
static const char *job_status_name(int value)
{
    return fc_job_status_name((fc_job_status)value);
}
static const char *action_name(int value)
{
    return fc_action_name((fc_action)value);
}
static const char *expiry_outcome_name(int value)
{
    return fc_expiry_outcome_name((fc_expiry_outcome)value);
}
static int state_is_terminal(int value)
{
    return fc_state_is_terminal((fc_state)value);
}

/* fc_limits.h, keyed by the macro name without FC_LIMIT_, lower case. */
#define FCPY_LIMIT_LIST(X)                                                                         \
    X(MAX_ERRORS, "max_errors")                                                                    \
    X(MAX_PATH, "max_path")                                                                        \
    X(MAX_SPEC_BYTES, "max_spec_bytes")                                                            \
    X(MAX_TEXT_LEN, "max_text_len")                                                                \
    X(MAX_NODES, "max_nodes")                                                                      \
    X(MAX_IDENTIFIER_LEN, "max_identifier_len")                                                    \
    X(MAX_DEPTH, "max_depth")                                                                      \
    X(MAX_EXTRA_VARS, "max_extra_vars")                                                            \
    X(MAX_EXPR_LEN, "max_expr_len")                                                                \
    X(MAX_EXPR_DEPTH, "max_expr_depth")                                                            \
    X(MAX_PATTERN_LEN, "max_pattern_len")                                                          \
    X(PATTERN_MATCH, "pattern_match")                                                              \
    X(PATTERN_DEPTH, "pattern_depth")                                                              \
    X(PATTERN_HEAP_KIB, "pattern_heap_kib")                                                        \
    X(PATTERN_PARENS, "pattern_parens")                                                            \
    X(MAX_OVERLAY_TEXT, "max_overlay_text")                                                        \
    X(MAX_CHOICES_LIMIT, "max_choices_limit")                                                      \
    X(MAX_CHOICE_SET, "max_choice_set")                                                            \
    X(MAX_DATE_DAYS, "max_date_days")                                                              \
    X(MAX_STEPS, "max_steps")

static PyObject *limits_dict(void)
{
    PyObject *limits = PyDict_New(), *value = NULL;
    if (limits == NULL)
        return NULL;
#define FCPY_LIMIT_ITEM_(macro, key)                                                               \
    value = PyLong_FromLong(FC_LIMIT_##macro);                                                     \
    if (value == NULL || PyDict_SetItemString(limits, key, value) < 0)                             \
        goto error;                                                                                \
    Py_CLEAR(value);
    FCPY_LIMIT_LIST(FCPY_LIMIT_ITEM_)
#undef FCPY_LIMIT_ITEM_
    return limits;
error:
    Py_XDECREF(value);
    Py_DECREF(limits);
    return NULL;
}

static int add_constants(PyObject *module)
{
    if (add_stolen(module, "STATES", name_tuple(FC_STATE__COUNT, state_name, NULL)) < 0 ||
        add_stolen(module, "TERMINAL_STATES",
                   name_tuple(FC_STATE__COUNT, state_name, state_is_terminal)) < 0 ||
        add_stolen(module, "EVENTS", name_tuple(FC_EVENT__COUNT, event_name, NULL)) < 0 ||
        add_stolen(module, "JOB_STATUSES", name_tuple(FC_JOB__COUNT, job_status_name, NULL)) < 0 ||
        add_stolen(module, "ACTIONS", name_tuple(FC_ACTION__COUNT, action_name, NULL)) < 0 ||
        add_stolen(module, "EXPIRY_OUTCOMES",
                   name_tuple(FC_EXPIRY__COUNT, expiry_outcome_name, NULL)) < 0 ||
        add_stolen(module, "ENCRYPTED", PyUnicode_FromString(FC_ENCRYPTED)) < 0 ||
        add_stolen(module, "LIMITS", limits_dict()) < 0)
        return -1;
    return 0;
}

/* --- exceptions and types --------------------------------------------- */

/* A new exception class module.name(bases...), stored in *slot and added. */
static int add_exception(PyObject *module, PyObject **slot, const char *name, const char *doc,
                         PyObject *bases)
{
    char qualified[96];
    PyOS_snprintf(qualified, sizeof(qualified), "forge_catalog._core.%s", name);
    *slot = PyErr_NewExceptionWithDoc(qualified, doc, bases, NULL);
    if (*slot == NULL)
        return -1;
    return PyModule_AddObjectRef(module, name, *slot);
}

static int add_exceptions(PyObject *module, fcpy_state *st)
{
    PyObject *bases = NULL;
    int rc = -1;

    if (add_exception(module, &st->Error, "Error", "Base of forge_catalog._core's errors.", NULL) <
        0)
        goto error;
    bases = PyTuple_Pack(2, st->Error, PyExc_ValueError);
    if (bases == NULL ||
        add_exception(module, &st->ValidationError, "ValidationError",
                      "Invalid input: .errors lists {path, code, message} in report order;\n"
                      ".truncated is True when more problems existed than LIMITS['max_errors'].",
                      bases) < 0)
        goto error;
    Py_CLEAR(bases);
    if (add_exception(module, &st->TransitionError, "TransitionError",
                      "Illegal state change (answer 409); .errors as in ValidationError.",
                      st->Error) < 0)
        goto error;
    bases = PyTuple_Pack(2, st->Error, PyExc_TypeError);
    if (bases == NULL ||
        add_exception(module, &st->ConversionError, "ConversionError",
                      "A Python value with no JSON form; the message names its place.", bases) < 0)
        goto error;
    rc = 0;
error: /* also the normal exit */
    Py_XDECREF(bases);
    return rc;
}

/* collections.namedtuple(name, fields, module="forge_catalog._core") */
static PyObject *make_namedtuple(const char *name, const char *fields)
{
    PyObject *collections = NULL, *factory = NULL, *args = NULL, *kwargs = NULL, *type = NULL;

    collections = PyImport_ImportModule("collections");
    if (collections == NULL)
        goto error;
    factory = PyObject_GetAttrString(collections, "namedtuple");
    if (factory == NULL)
        goto error;
    args = Py_BuildValue("(ss)", name, fields);
    kwargs = Py_BuildValue("{ss}", "module", "forge_catalog._core");
    if (args == NULL || kwargs == NULL)
        goto error;
    type = PyObject_Call(factory, args, kwargs);
error: /* also the normal exit */
    Py_XDECREF(kwargs);
    Py_XDECREF(args);
    Py_XDECREF(factory);
    Py_XDECREF(collections);
    return type;
}

static int intern_strings(fcpy_state *st)
{
    return (st->str_path = PyUnicode_InternFromString("path")) == NULL ||
                   (st->str_code = PyUnicode_InternFromString("code")) == NULL ||
                   (st->str_message = PyUnicode_InternFromString("message")) == NULL ||
                   (st->str_errors = PyUnicode_InternFromString("errors")) == NULL ||
                   (st->str_truncated = PyUnicode_InternFromString("truncated")) == NULL
               ? -1
               : 0;
}

/* Py_mod_exec: fill the state and the module's attributes. On failure the
 * partly filled state is released by module_free. */
static int module_exec(PyObject *module)
{
    fcpy_state *st = fcpy_state_from_module(module);

    if (intern_strings(st) < 0 || add_exceptions(module, st) < 0)
        return -1;
    st->SurveyType = (PyTypeObject *)PyType_FromModuleAndSpec(module, &fcpy_survey_spec, NULL);
    if (st->SurveyType == NULL || PyModule_AddType(module, st->SurveyType) < 0)
        return -1;
    st->FormType = (PyTypeObject *)PyType_FromModuleAndSpec(module, &fcpy_form_spec, NULL);
    if (st->FormType == NULL || PyModule_AddType(module, st->FormType) < 0)
        return -1;
    st->FormVerdictType = make_namedtuple("FormVerdict", "visible errors accepted");
    if (st->FormVerdictType == NULL ||
        PyModule_AddObjectRef(module, "FormVerdict", st->FormVerdictType) < 0)
        return -1;
    st->TransitionType = make_namedtuple("Transition", "state effect");
    if (st->TransitionType == NULL ||
        PyModule_AddObjectRef(module, "Transition", st->TransitionType) < 0)
        return -1;
    st->DecisionType = make_namedtuple("Decision", "allowed visible reason");
    if (st->DecisionType == NULL || PyModule_AddObjectRef(module, "Decision", st->DecisionType) < 0)
        return -1;
    return add_constants(module);
}

/* --- function table ----------------------------------------------------- */

#define FCPY_KW(fn) ((PyCFunction)(void (*)(void))(fn))

/* Each docstring opens with a text signature ("name(...)\n--\n\n"), so
 * inspect.signature() works and tests/core/test_contract.py can hold the
 * runtime to _core.pyi. */
static PyMethodDef module_functions[] = {
    {"is_terminal", fcpy_is_terminal, METH_O,
     PyDoc_STR("is_terminal($module, state, /)\n--\n\n"
               "True for rejected, successful, failed, canceled.")},
    {"is_deletable", fcpy_is_deletable, METH_O,
     PyDoc_STR("is_deletable($module, state, /)\n--\n\n"
               "True when a request in this state may be deleted.")},
    {"job_status_to_state", fcpy_job_status_to_state, METH_O,
     PyDoc_STR("job_status_to_state($module, job_status, /)\n--\n\n"
               "The request state a running request takes for this job status.")},
    {"is_terminal_job_status", fcpy_is_terminal_job_status, METH_O,
     PyDoc_STR("is_terminal_job_status($module, job_status, /)\n--\n\n"
               "True for the controller's terminal job statuses.")},
    {"transition", FCPY_KW(fcpy_transition), METH_VARARGS | METH_KEYWORDS,
     PyDoc_STR(
         "transition($module, /, state, event, *, requires_approval=False, approvals=0,\n"
         "           approvals_required=1, already_voted=False, has_reason=False,\n"
         "           job_status=None, has_next_step=False, has_question=False,\n"
         "           expiry_outcome=None, auto_approve_allowed=False, escalated=False,\n"
         "           justification_required=False, has_justification=False,\n"
         "           answers_changed=False)\n--\n\n"
         "The next state and the effect the caller must carry out: Transition(state, effect).")},
    {"decide", FCPY_KW(fcpy_decide), METH_VARARGS | METH_KEYWORDS,
     PyDoc_STR("decide($module, /, action, *" FCPY_FACTS_SIGNATURE ")\n--\n\n"
               "Decision(allowed, visible, reason) for one actor, action and object.")},
    {"request_actions", FCPY_KW(fcpy_request_actions), METH_VARARGS | METH_KEYWORDS,
     PyDoc_STR("request_actions($module, /, state, *, already_voted=False" FCPY_FACTS_SIGNATURE
               ")\n--\n\n"
               "{can_approve, can_reject, can_request_info, can_answer, can_cancel, can_delete}.")},
    {"validate_catalog_item", fcpy_validate_catalog_item, METH_O,
     PyDoc_STR("validate_catalog_item($module, item, /)\n--\n\n"
               "None, or ValidationError listing every problem of the item.")},
    {"check_notification_templates", fcpy_check_notification_templates, METH_O,
     PyDoc_STR("check_notification_templates($module, facts, /)\n--\n\n"
               "None, or ValidationError: the templates not of the item's organization.")},
    {"launch_data", FCPY_KW(fcpy_launch_data), METH_VARARGS | METH_KEYWORDS,
     PyDoc_STR("launch_data($module, /, template_survey, *, is_workflow, nodes=())\n--\n\n"
               "The seed's launch_data without \"catalog_item\".")},
    {"validate_node_survey_data", FCPY_KW(fcpy_validate_node_survey_data),
     METH_VARARGS | METH_KEYWORDS,
     PyDoc_STR("validate_node_survey_data($module, /, nodes, node_survey_data)\n--\n\n"
               "Accepted answers per node identifier, or ValidationError.")},
    {"expiry_decide", FCPY_KW(fcpy_expiry_decide), METH_VARARGS | METH_KEYWORDS,
     PyDoc_STR("expiry_decide($module, /, *, now, step_entered_at, expire_after=0,\n"
               "              remind_every=0, last_reminded_at=-1)\n--\n\n"
               "What one tick does to a waiting step: {action, expired, expires_at,\n"
               "next_remind_at} (times in epoch seconds, None for never).")},
    {"check_expiry_policy", FCPY_KW(fcpy_check_expiry_policy), METH_VARARGS | METH_KEYWORDS,
     PyDoc_STR("check_expiry_policy($module, /, *, expire_after=0, remind_every=0,\n"
               "                    outcome='reject', auto_approve_allowed=False)\n--\n\n"
               "None, or ValidationError listing every problem of an expiry policy.")},
    {NULL, NULL, 0, NULL},
};

/* --- module definition ---------------------------------------------------- */

/* traverse: report every object the state owns to the cycle collector. */
static int module_traverse(PyObject *module, visitproc visit, void *arg)
{
    fcpy_state *st = fcpy_state_from_module(module);
#define FCPY_VISIT_(type, name) Py_VISIT(st->name);
    FCPY_STATE_OBJECTS(FCPY_VISIT_)
#undef FCPY_VISIT_
    return 0;
}

/* clear: drop every owned reference, breaking cycles through the module. */
static int module_clear(PyObject *module)
{
    fcpy_state *st = fcpy_state_from_module(module);
#define FCPY_CLEAR_(type, name) Py_CLEAR(st->name);
    FCPY_STATE_OBJECTS(FCPY_CLEAR_)
#undef FCPY_CLEAR_
    return 0;
}

/* free: the module is going away (also after a failed exec): clear it. */
static void module_free(void *module)
{
    (void)module_clear((PyObject *)module);
}

static PyModuleDef_Slot module_slots[] = {
    {Py_mod_exec, module_exec},
#if PY_VERSION_HEX >= 0x030C0000
    /* 3.12+: no C globals here or in libforgecatalog (jansson's only global,
     * its hash seed, is set once atomically), so each interpreter may have
     * its own GIL. 3.11 has no such slot; multi-phase init suffices there. */
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
#if PY_VERSION_HEX >= 0x030D0000
    /* 3.13+ free-threaded builds: the converter walks the caller's dicts and
     * lists with borrowed references, which is only safe while the GIL keeps
     * other threads from mutating them, so keep the GIL. */
    {Py_mod_gil, Py_MOD_GIL_USED},
#endif
    {0, NULL},
};

PyModuleDef fcpy_module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "forge_catalog._core",
    .m_doc = PyDoc_STR("The C core's decisions for Python; see _core.pyi."),
    .m_size = sizeof(fcpy_state),
    .m_methods = module_functions,
    .m_slots = module_slots,
    .m_traverse = module_traverse,
    .m_clear = module_clear,
    .m_free = module_free,
};

PyMODINIT_FUNC PyInit__core(void)
{
    return PyModuleDef_Init(&fcpy_module_def);
}
