/* Helpers for reading JSON input. */
#include <string.h>

#include "json_util.h"

const char *fc_json_type_name(const json_t *value)
{
    if (value == NULL)
        return "null";
    switch (json_typeof(value)) {
    case JSON_OBJECT:
        return "object";
    case JSON_ARRAY:
        return "array";
    case JSON_STRING:
        return "string";
    case JSON_INTEGER:
        return "integer";
    case JSON_REAL:
        return "real";
    case JSON_TRUE:
    case JSON_FALSE:
        return "boolean";
    default:
        return "null";
    }
}

size_t fc_utf8_chars(const char *text, size_t len)
{
    size_t count = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            count++;
    }
    return count;
}

/* Decode one UTF-8 sequence at text[*pos]; on a malformed or truncated
 * sequence return 0xFFFD (never blank) and step one byte. */
static unsigned long next_code_point(const char *text, size_t len, size_t *pos)
{
    const unsigned char *s = (const unsigned char *)text + *pos;
    size_t left = len - *pos;
    size_t need;
    unsigned long cp;

    if (s[0] < 0x80) {
        *pos += 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0) {
        need = 2;
        cp = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        need = 3;
        cp = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        need = 4;
        cp = s[0] & 0x07;
    } else {
        *pos += 1;
        return 0xFFFD;
    }
    if (left < need) {
        *pos += 1;
        return 0xFFFD;
    }
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *pos += 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *pos += need;
    return cp;
}

static int is_space(unsigned long cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F) || cp == 0x85 ||
           cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

int fc_utf8_is_blank(const char *text, size_t len)
{
    size_t pos = 0;
    while (pos < len) {
        if (!is_space(next_code_point(text, len, &pos)))
            return 0;
    }
    return 1;
}

size_t fc_utf8_clip(const char *text, size_t len)
{
    size_t start = len;
    /* Step back over at most 3 continuation bytes to the sequence's lead. */
    while (start > 0 && len - start < 3 && ((unsigned char)text[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return len;
    unsigned char lead = (unsigned char)text[start - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    size_t have = len - (start - 1);
    return have < need ? start - 1 : len;
}
