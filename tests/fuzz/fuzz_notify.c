/* libFuzzer: fc_notify_check_templates on arbitrary bytes parsed as JSON
 * (the whole input is the facts). The verdict must not depend on whether
 * the caller collects the details. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *facts = fuzz_parse(data, size);
    fc_errors *errors = NULL;

    if (facts == NULL || fc_errors_new(&errors) != FC_OK) {
        json_decref(facts);
        return 0;
    }
    int rc = fc_notify_check_templates(errors, facts);
    fuzz_check_errors(errors, rc);
    FUZZ_CHECK(fc_notify_check_templates(NULL, facts) == rc);
    fc_errors_free(errors);
    json_decref(facts);
    return 0;
}
