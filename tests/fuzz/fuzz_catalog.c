/* libFuzzer: fc_catalog_validate on arbitrary bytes parsed as JSON (the
 * whole input is the item). The verdict must not depend on whether the
 * caller collects the details. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *item = fuzz_parse(data, size);
    fc_errors *errors = NULL;

    if (item == NULL || fc_errors_new(&errors) != FC_OK) {
        json_decref(item);
        return 0;
    }
    int rc = fc_catalog_validate(errors, item);
    fuzz_check_errors(errors, rc);
    FUZZ_CHECK(fc_catalog_validate(NULL, item) == rc);
    fc_errors_free(errors);
    json_decref(item);
    return 0;
}
