/* Launch data and workflow-node answers (fc_survey.h) for Python.
 *
 *   launch_data(template_survey, *, is_workflow, nodes=()) -> dict
 *   validate_node_survey_data(nodes, node_survey_data) -> {identifier: answers}
 *
 * nodes is a sequence of (node_id, identifier, Survey | None).
 */
#include "binding.h"
#include "convert.h"
#include "errors.h"
#include "survey_type.h"

/* The nodes as the core wants them. keep owns a tuple of the item tuples,
 * so every identifier buffer and Survey stays alive for the whole call,
 * even with the GIL released and the caller's list mutated meanwhile. */
typedef struct node_array {
    PyObject *keep;
    fc_launch_node *nodes;
    size_t count;
    size_t questions; /* total, to decide whether dropping the GIL pays */
} node_array;

static void node_array_release(node_array *array)
{
    PyMem_Free(array->nodes);
    Py_CLEAR(array->keep);
}

static int node_from_item(fcpy_state *st, PyObject *item, fc_launch_node *node, Py_ssize_t i)
{
    char what[64];

    if (PyTuple_GET_SIZE(item) != 3) {
        PyErr_Format(PyExc_TypeError,
                     "nodes[%zd] must be (node_id, identifier, survey), got %zd items", i,
                     PyTuple_GET_SIZE(item));
        return -1;
    }
    PyObject *node_id = PyTuple_GET_ITEM(item, 0), *identifier = PyTuple_GET_ITEM(item, 1);
    PyObject *survey = PyTuple_GET_ITEM(item, 2);
    if (!PyLong_Check(node_id) || PyBool_Check(node_id)) {
        PyErr_Format(PyExc_TypeError, "nodes[%zd][0] (node_id) must be int, not %.80s", i,
                     Py_TYPE(node_id)->tp_name);
        return -1;
    }
    int overflow = 0;
    node->node_id = PyLong_AsLongLongAndOverflow(node_id, &overflow);
    if (overflow != 0) {
        PyErr_Format(st->ConversionError, "nodes[%zd][0]: integer out of range (64-bit)", i);
        return -1;
    }
    if (node->node_id == -1 && PyErr_Occurred())
        return -1;
    PyOS_snprintf(what, sizeof(what), "nodes[%zd][1] (identifier)", i);
    node->identifier = fcpy_name_arg(identifier, what);
    if (node->identifier == NULL)
        return -1;
    node->survey = NULL;
    if (survey != Py_None) {
        PyOS_snprintf(what, sizeof(what), "nodes[%zd][2]", i);
        node->survey = fcpy_survey_of(st, survey, what);
        if (node->survey == NULL)
            return -1;
    }
    return 0;
}

static int node_array_init(fcpy_state *st, PyObject *sequence, node_array *array)
{
    PyObject *items = NULL;

    array->keep = NULL;
    array->nodes = NULL;
    array->count = 0;
    array->questions = 0;
    if (PyUnicode_Check(sequence) || PyDict_Check(sequence)) {
        PyErr_SetString(PyExc_TypeError,
                        "nodes must be a sequence of (node_id, identifier, survey)");
        return -1;
    }
    items = PySequence_Tuple(sequence);
    if (items == NULL)
        return -1;
    Py_ssize_t count = PyTuple_GET_SIZE(items);
    /* Replace each item by a tuple of its own (a list item could change). */
    array->keep = PyTuple_New(count);
    if (array->keep == NULL)
        goto error;
    array->nodes = PyMem_Calloc(count > 0 ? (size_t)count : 1, sizeof(*array->nodes));
    if (array->nodes == NULL) {
        PyErr_NoMemory();
        goto error;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *item = PyTuple_GET_ITEM(items, i);
        if (PyUnicode_Check(item) || PyDict_Check(item) || !PySequence_Check(item)) {
            PyErr_Format(PyExc_TypeError,
                         "nodes[%zd] must be (node_id, identifier, survey), not %.80s", i,
                         Py_TYPE(item)->tp_name);
            goto error;
        }
        PyObject *fixed = PySequence_Tuple(item);
        if (fixed == NULL)
            goto error;
        PyTuple_SET_ITEM(array->keep, i, fixed); /* steals fixed */
        if (node_from_item(st, fixed, &array->nodes[i], i) < 0)
            goto error;
        if (array->nodes[i].survey != NULL)
            array->questions += fc_survey_question_count(array->nodes[i].survey);
    }
    array->count = (size_t)count;
    Py_DECREF(items);
    return 0;

error:
    Py_DECREF(items);
    node_array_release(array);
    return -1;
}

PyObject *fcpy_launch_data(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"template_survey", "is_workflow", "nodes", NULL};
    fcpy_state *st = fcpy_state_from_module(module);
    PyObject *survey_obj, *nodes_obj = NULL, *result = NULL;
    int is_workflow = -1;
    node_array nodes = {0};
    json_t *data = NULL;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$pO:launch_data", keywords, &survey_obj,
                                     &is_workflow, &nodes_obj))
        return NULL;
    if (is_workflow < 0) {
        PyErr_SetString(PyExc_TypeError,
                        "launch_data() missing required keyword-only argument: 'is_workflow'");
        return NULL;
    }
    const fc_survey *survey = fcpy_survey_of(st, survey_obj, "template_survey");
    if (survey == NULL)
        return NULL;
    if (nodes_obj != NULL && node_array_init(st, nodes_obj, &nodes) < 0)
        return NULL;
    int rc = fc_launch_data(&data, survey, is_workflow, nodes.nodes, nodes.count);
    if (rc != 0) {
        fcpy_raise(st, rc, NULL, "launch_data");
        goto error;
    }
    result = fcpy_from_json(data);

error: /* also the normal exit */
    json_decref(data);
    node_array_release(&nodes);
    return result;
}

PyObject *fcpy_validate_node_survey_data(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"nodes", "node_survey_data", NULL};
    fcpy_state *st = fcpy_state_from_module(module);
    PyObject *nodes_obj, *data_obj, *result = NULL;
    node_array nodes = {0};
    json_t *data = NULL, *accepted = NULL;
    fc_errors *errors = NULL;
    int rc;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO:validate_node_survey_data", keywords,
                                     &nodes_obj, &data_obj))
        return NULL;
    if (node_array_init(st, nodes_obj, &nodes) < 0)
        return NULL;
    if (data_obj != Py_None) {
        data = fcpy_to_json(st, data_obj, "node_survey_data");
        if (data == NULL)
            goto error;
    }
    errors = fcpy_errors_new();
    if (errors == NULL)
        goto error;
    /* Surveys are immutable and kept alive by nodes.keep; data is ours. */
    if (nodes.questions >= FCPY_NOGIL_MIN_ITEMS) {
        Py_BEGIN_ALLOW_THREADS rc =
            fc_node_survey_data_validate(&accepted, errors, nodes.nodes, nodes.count, data);
        Py_END_ALLOW_THREADS
    } else {
        rc = fc_node_survey_data_validate(&accepted, errors, nodes.nodes, nodes.count, data);
    }
    if (rc != 0) {
        fcpy_raise(st, rc, errors, "validate_node_survey_data");
        goto error;
    }
    result = fcpy_from_json(accepted);

error: /* also the normal exit */
    json_decref(accepted);
    fc_errors_free(errors);
    json_decref(data);
    node_array_release(&nodes);
    return result;
}
