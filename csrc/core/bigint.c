/* Big integers as jansson values (fc_bigint.h). */
#include <stdlib.h>
#include <string.h>

#include "forge_catalog/fc_bigint.h"

/* Not valid UTF-8 (0xFF never is), so neither jansson's parser nor the
 * binding (which encodes str keys) can produce this key. */
#define BIGINT_KEY                                                                                 \
    "\xff"                                                                                         \
    "bigint"
#define BIGINT_KEY_LEN (sizeof(BIGINT_KEY) - 1)

static const char INT64_MAX_DIGITS[] = "9223372036854775807";
static const char INT64_MIN_DIGITS[] = "9223372036854775808";

/* 1 if the magnitude (no leading zeros) fits json_int_t with that sign. */
static int fits_int64(const char *digits, size_t len, int negative)
{
    const char *limit = negative ? INT64_MIN_DIGITS : INT64_MAX_DIGITS;
    size_t limit_len = sizeof(INT64_MAX_DIGITS) - 1;
    if (len != limit_len)
        return len < limit_len;
    return memcmp(digits, limit, len) <= 0;
}

json_t *fc_bigint_new(const char *decimal, size_t len)
{
    size_t start = 0;
    int negative = 0;

    if (decimal == NULL)
        return NULL;
    if (len > 0 && decimal[0] == '-') {
        negative = 1;
        start = 1;
    }
    if (start == len)
        return NULL;
    for (size_t i = start; i < len; i++) {
        if (decimal[i] < '0' || decimal[i] > '9')
            return NULL;
    }
    while (start + 1 < len && decimal[start] == '0')
        start++;
    const char *digits = decimal + start;
    size_t digits_len = len - start;
    if (digits_len == 1 && digits[0] == '0')
        negative = 0;
    if (fits_int64(digits, digits_len, negative)) {
        json_int_t value = 0;
        /* Accumulate towards the sign so INT64_MIN does not overflow. */
        for (size_t i = 0; i < digits_len; i++)
            value = value * 10 + (negative ? -(digits[i] - '0') : (digits[i] - '0'));
        return json_integer(value);
    }
    char *text = malloc(digits_len + 2);
    if (text == NULL)
        return NULL;
    size_t used = 0;
    if (negative)
        text[used++] = '-';
    memcpy(text + used, digits, digits_len);
    used += digits_len;
    json_t *string = json_stringn_nocheck(text, used);
    free(text);
    json_t *object = json_object();
    if (string == NULL || object == NULL ||
        json_object_setn_new_nocheck(object, BIGINT_KEY, BIGINT_KEY_LEN, string) != 0) {
        /* setn_new consumed string when it was called; otherwise drop it. */
        if (object == NULL)
            json_decref(string);
        json_decref(object);
        return NULL;
    }
    return object;
}

int fc_bigint_text(const json_t *value, const char **decimal, size_t *len)
{
    if (!json_is_object(value) || json_object_size(value) != 1)
        return 0;
    const json_t *text = json_object_getn(value, BIGINT_KEY, BIGINT_KEY_LEN);
    if (!json_is_string(text))
        return 0;
    if (decimal != NULL)
        *decimal = json_string_value(text);
    if (len != NULL)
        *len = json_string_length(text);
    return 1;
}
