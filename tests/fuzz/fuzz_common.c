/* Input framing, parsing and error-list invariants (see fuzz_common.h). */
#include "fuzz_common.h"

#include "bigint_json.h"

json_t *fuzz_parse(const uint8_t *data, size_t size)
{
    json_error_t error;
    if (size == 0)
        return NULL;
    /* {"__bigint__": "<decimal>"} becomes a big integer, so mutations reach
     * the exact comparisons (tests/fixtures/README.md). */
    return fc_test_bigints(
        json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, &error));
}

int fuzz_split(fuzz_input *in, const uint8_t *data, size_t size)
{
    memset(in, 0, sizeof(*in));
    if (size == 0)
        return -1;
    in->flags = data[0];
    data++;
    size--;
    for (int i = 0; i < FUZZ_MAX_DOCS && size > 0; i++) {
        const uint8_t *nul = memchr(data, 0, size);
        size_t len = nul == NULL ? size : (size_t)(nul - data);
        if (len > 0) {
            in->docs[i] = fuzz_parse(data, len);
            if (in->docs[i] == NULL)
                in->parse_failed = 1;
        }
        if (nul == NULL)
            break;
        data += len + 1;
        size -= len + 1;
    }
    return 0;
}

void fuzz_input_free(fuzz_input *in)
{
    for (int i = 0; i < FUZZ_MAX_DOCS; i++)
        json_decref(in->docs[i]);
}

int fuzz_is_known_rc(int rc)
{
    return rc == FC_OK || rc == FC_EINVAL || rc == FC_ENOMEM || rc == FC_EVALIDATION ||
           rc == FC_EILLEGAL || rc == FC_ELIMIT;
}

int fuzz_is_known_code(const char *code)
{
    if (code == NULL)
        return 0;
    for (int i = 0; i < FC_CHECK__COUNT; i++)
        if (strcmp(code, fc_check_name((fc_check)i)) == 0)
            return 1;
    return 0;
}

void fuzz_check_errors(const fc_errors *errors, int rc)
{
    size_t count = fc_errors_count(errors);
    FUZZ_CHECK(fuzz_is_known_rc(rc));
    FUZZ_CHECK(count <= FC_LIMIT_MAX_ERRORS);
    if (rc == FC_EVALIDATION)
        FUZZ_CHECK(count > 0);
    if (rc == FC_OK)
        FUZZ_CHECK(count == 0);
    for (size_t i = 0; i < count; i++) {
        const char *path = fc_errors_path(errors, i);
        const char *message = fc_errors_message(errors, i);
        FUZZ_CHECK(path != NULL && message != NULL);
        FUZZ_CHECK(strlen(path) <= FC_LIMIT_MAX_PATH);
        FUZZ_CHECK(message[0] != '\0');
        FUZZ_CHECK(fuzz_is_known_code(fc_errors_code(errors, i)));
    }
    FUZZ_CHECK(fc_errors_path(errors, count) == NULL);
}

int fuzz_messages_contain(const fc_errors *errors, const char *needle)
{
    for (size_t i = 0; i < fc_errors_count(errors); i++)
        if (strstr(fc_errors_message(errors, i), needle) != NULL)
            return 1;
    return 0;
}

int fuzz_input_contains(const uint8_t *data, size_t size, const char *needle)
{
    size_t len = strlen(needle);
    for (size_t i = 0; i + len <= size; i++)
        if (memcmp(data + i, needle, len) == 0)
            return 1;
    return 0;
}

