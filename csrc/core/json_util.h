/* Small helpers for reading JSON input, shared by the core's validators.
 * For core modules only. */
#ifndef FC_JSON_UTIL_H
#define FC_JSON_UTIL_H

#include <stddef.h>

#include <jansson.h>

#include "forge_catalog/fc_bytes.h"

/* "object", "array", "string", "integer", "real", "boolean", "null": the
 * word a message uses for what was given ("must be a string, not integer"). */
const char *fc_json_type_name(const json_t *value);

/* Characters (code points) in UTF-8 text of len bytes. jansson strings are
 * valid UTF-8, so counting the bytes that do not continue a sequence is
 * exact; on other input it still never reads past len. */
size_t fc_utf8_chars(const char *text, size_t len);

/* 1 if the text is empty or only whitespace: what Python's str.strip()
 * removes (ASCII space, U+0009..U+000D, U+001C..U+001F, U+0085, U+00A0, U+1680,
 * U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), so the core and a
 * DRF serializer that trims agree on what "blank" means. */
int fc_utf8_is_blank(const char *text, size_t len);

/* The longest prefix of text[0..len) that does not end inside a UTF-8
 * sequence: where to cut a message that snprintf truncated, so it stays
 * valid UTF-8 for the binding. */
size_t fc_utf8_clip(const char *text, size_t len);

/* 1 if the len bytes contain a NUL: PostgreSQL text cannot store one.
 * Inline: the answer path asks it of every string (fc_bytes.h). */
static inline int fc_has_nul(const char *text, size_t len)
{
    return fc_bytes_have_nul(text, len);
}

#endif
