/* Catalog item validation (fc_catalog.h) for Python.
 *
 *   validate_catalog_item(item) -> None, or ValidationError listing every problem
 */
#include "binding.h"
#include "convert.h"
#include "errors.h"
#include "forge_catalog/fc_catalog.h"

PyObject *fcpy_validate_catalog_item(PyObject *module, PyObject *item)
{
    fcpy_state *st = fcpy_state_from_module(module);
    PyObject *result = NULL;
    fc_errors *errors = NULL;
    json_t *json = fcpy_to_json(st, item, "item");

    if (json == NULL)
        return NULL;
    errors = fcpy_errors_new();
    if (errors == NULL)
        goto error;
    int rc = fc_catalog_validate(errors, json);
    if (rc != 0) {
        fcpy_raise(st, rc, errors, "validate_catalog_item");
        goto error;
    }
    result = Py_NewRef(Py_None);

error: /* also the normal exit */
    fc_errors_free(errors);
    json_decref(json);
    return result;
}
