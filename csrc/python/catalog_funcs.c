/* Checks of one JSON value (fc_catalog.h, fc_notify.h) for Python.
 *
 *   validate_catalog_item(item) -> None, or ValidationError listing every problem
 *   check_notification_templates(facts) -> None, or ValidationError (other_organization)
 */
#include "binding.h"
#include "convert.h"
#include "errors.h"
#include "forge_catalog/fc_catalog.h"
#include "forge_catalog/fc_notify.h"

typedef int (*json_check)(fc_errors *errors, const json_t *value);

static PyObject *run_check(PyObject *module, PyObject *value, json_check check, const char *what,
                           const char *func)
{
    fcpy_state *st = fcpy_state_from_module(module);
    PyObject *result = NULL;
    fc_errors *errors = NULL;
    json_t *json = fcpy_to_json(st, value, what);

    if (json == NULL)
        return NULL;
    errors = fcpy_errors_new();
    if (errors == NULL)
        goto error;
    int rc = check(errors, json);
    if (rc != 0) {
        fcpy_raise(st, rc, errors, func);
        goto error;
    }
    result = Py_NewRef(Py_None);

error: /* also the normal exit */
    fc_errors_free(errors);
    json_decref(json);
    return result;
}

PyObject *fcpy_validate_catalog_item(PyObject *module, PyObject *item)
{
    return run_check(module, item, fc_catalog_validate, "item", "validate_catalog_item");
}

PyObject *fcpy_check_notification_templates(PyObject *module, PyObject *facts)
{
    return run_check(module, facts, fc_notify_check_templates, "facts",
                     "check_notification_templates");
}
