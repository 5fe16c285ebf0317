/* Views (fc_view.h) as the survey checks read them: numbers, depth, NUL,
 * and jansson values seen as views. */
#include <stdlib.h>
#include <string.h>

#include "survey_internal.h"

static const char INT64_MAX_DIGITS[] = "9223372036854775807";
static const char INT64_MIN_DIGITS[] = "9223372036854775808";

int fc_num_read_view(fc_num *out, const fc_view *value)
{
    memset(out, 0, sizeof(*out));
    switch (value->kind) {
    case FC_VIEW_INT:
        out->kind = FC_NUM_INT;
        out->integer = (json_int_t)value->as.integer;
        return 1;
    case FC_VIEW_REAL:
        out->kind = FC_NUM_REAL;
        out->real = value->as.real;
        return 1;
    case FC_VIEW_BIGINT:
        break;
    default:
        return 0;
    }
    const char *text = value->as.text;
    size_t len = value->len, start = 0;
    int negative = 0;
    if (text == NULL)
        return -1;
    if (len > 0 && text[0] == '-') {
        negative = 1;
        start = 1;
    }
    if (start == len)
        return -1;
    for (size_t i = start; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return -1;
    }
    while (start + 1 < len && text[start] == '0')
        start++;
    const char *digits = text + start;
    size_t digits_len = len - start;
    if (digits_len == 1 && digits[0] == '0')
        negative = 0;
    const char *limit = negative ? INT64_MIN_DIGITS : INT64_MAX_DIGITS;
    size_t limit_len = sizeof(INT64_MAX_DIGITS) - 1;
    if (digits_len < limit_len ||
        (digits_len == limit_len && memcmp(digits, limit, digits_len) <= 0)) {
        json_int_t number = 0;
        /* Accumulate towards the sign so INT64_MIN does not overflow. */
        for (size_t i = 0; i < digits_len; i++)
            number = number * 10 + (negative ? -(digits[i] - '0') : (digits[i] - '0'));
        out->kind = FC_NUM_INT;
        out->integer = number;
        return 1;
    }
    out->kind = FC_NUM_BIG;
    out->text = NULL;
    out->negative = negative;
    out->digits = digits;
    out->len = digits_len;
    return 1;
}

/* Recursion stops at limit + 1 levels, as fc_json_too_deep. */
int fc_view_too_deep(const fc_view *value, int limit)
{
    if (value->kind == FC_VIEW_LIST || value->kind == FC_VIEW_OBJECT) {
        if (limit == 0)
            return 1;
    }
    if (value->kind == FC_VIEW_LIST) {
        for (size_t i = 0; i < value->len; i++) {
            if (fc_view_too_deep(&value->as.items[i], limit - 1))
                return 1;
        }
    } else if (value->kind == FC_VIEW_OBJECT) {
        for (size_t i = 0; i < value->len; i++) {
            if (fc_view_too_deep(&value->as.members[i].value, limit - 1))
                return 1;
        }
    }
    return 0;
}

int fc_view_has_nul(const fc_view *value, int limit)
{
    if (value->kind == FC_VIEW_STRING)
        return fc_has_nul(value->as.text, value->len);
    if (limit < 0)
        return 0; /* callers check fc_view_too_deep first */
    if (value->kind == FC_VIEW_LIST) {
        for (size_t i = 0; i < value->len; i++) {
            if (fc_view_has_nul(&value->as.items[i], limit - 1))
                return 1;
        }
    } else if (value->kind == FC_VIEW_OBJECT) {
        for (size_t i = 0; i < value->len; i++) {
            const fc_view_member *m = &value->as.members[i];
            if (fc_has_nul(m->key, m->key_len) || fc_view_has_nul(&m->value, limit - 1))
                return 1;
        }
    }
    return 0;
}

const char *fc_view_type_name(const fc_view *value)
{
    switch (value->kind) {
    case FC_VIEW_NULL:
        return "null";
    case FC_VIEW_BOOL:
        return "boolean";
    case FC_VIEW_INT:
    case FC_VIEW_BIGINT:
        return "integer";
    case FC_VIEW_REAL:
        return "real";
    case FC_VIEW_STRING:
        return "string";
    case FC_VIEW_LIST:
        return "array";
    case FC_VIEW_OBJECT:
        return "object";
    }
    return "unknown";
}

/* --- jansson values seen as views ---------------------------------------- */

/* Views below value (list items, object members) within depth_left levels. */
static void count_children(const json_t *value, int depth_left, size_t *views, size_t *members)
{
    if (depth_left <= 0 || fc_bigint_text(value, NULL, NULL))
        return;
    if (json_is_array(value)) {
        *views += json_array_size(value);
        for (size_t i = 0; i < json_array_size(value); i++)
            count_children(json_array_get(value, i), depth_left - 1, views, members);
    } else if (json_is_object(value)) {
        const char *key;
        json_t *member;
        *members += json_object_size(value);
        json_object_foreach((json_t *)value, key, member) {
            count_children(member, depth_left - 1, views, members);
        }
    }
}

typedef struct filler {
    fc_view *views;
    fc_view_member *members;
} filler;

static void fill(filler *f, fc_view *out, const json_t *value, int depth_left)
{
    const char *text;
    size_t len;

    memset(out, 0, sizeof(*out));
    if (fc_bigint_text(value, &text, &len)) {
        out->kind = FC_VIEW_BIGINT;
        out->as.text = text;
        out->len = len;
        return;
    }
    switch (json_typeof(value)) {
    case JSON_NULL:
        out->kind = FC_VIEW_NULL;
        return;
    case JSON_TRUE:
    case JSON_FALSE:
        out->kind = FC_VIEW_BOOL;
        out->as.boolean = json_is_true(value);
        return;
    case JSON_INTEGER:
        out->kind = FC_VIEW_INT;
        out->as.integer = (long long)json_integer_value(value);
        return;
    case JSON_REAL:
        out->kind = FC_VIEW_REAL;
        out->as.real = json_real_value(value);
        return;
    case JSON_STRING:
        out->kind = FC_VIEW_STRING;
        out->as.text = json_string_value(value);
        out->len = json_string_length(value);
        return;
    case JSON_ARRAY: {
        out->kind = FC_VIEW_LIST;
        /* too deep: reported without looking inside; empty: no slots (the
         * slot array may be NULL, and NULL + 0 is undefined) */
        if (depth_left <= 0 || json_array_size(value) == 0)
            return;
        fc_view *items = f->views;
        out->len = json_array_size(value);
        out->as.items = items;
        f->views += out->len;
        for (size_t i = 0; i < out->len; i++)
            fill(f, &items[i], json_array_get(value, i), depth_left - 1);
        return;
    }
    case JSON_OBJECT: {
        out->kind = FC_VIEW_OBJECT;
        if (depth_left <= 0 || json_object_size(value) == 0)
            return;
        fc_view_member *members = f->members;
        const char *key;
        size_t key_len, i = 0;
        json_t *member;
        out->len = json_object_size(value);
        out->as.members = members;
        f->members += out->len;
        json_object_keylen_foreach((json_t *)value, key, key_len, member) {
            members[i].key = key;
            members[i].key_len = key_len;
            fill(f, &members[i].value, member, depth_left - 1);
            i++;
        }
        return;
    }
    }
}

int fc_json_view_init(fc_json_view *out, const json_t *value)
{
    size_t views = 0, members = 0;
    /* The root's members are at FC_LIMIT_MAX_DEPTH levels from the limit. */
    const int depth = FC_LIMIT_MAX_DEPTH + 1;

    memset(out, 0, sizeof(*out));
    out->root.kind = FC_VIEW_NULL;
    if (value == NULL)
        return 0;
    count_children(value, depth, &views, &members);
    /* A scalar (most defaults) needs no memory at all. */
    out->views = views ? malloc(views * sizeof(*out->views)) : NULL;
    out->members = members ? malloc(members * sizeof(*out->members)) : NULL;
    if ((views && out->views == NULL) || (members && out->members == NULL))
        goto nomem;
    if (json_is_object(value) && !fc_bigint_text(value, NULL, NULL) &&
        json_object_size(value) > 0) {
        size_t n = json_object_size(value), i = 0;
        const char *key;
        json_t *member;
        out->json = malloc(n * sizeof(*out->json));
        if (out->json == NULL)
            goto nomem;
        json_object_foreach((json_t *)value, key, member) {
            out->json[i++] = member;
        }
    }
    filler f = {out->views, out->members};
    fill(&f, &out->root, value, depth);
    return 0;

nomem:
    fc_json_view_release(out);
    return FC_ENOMEM;
}

void fc_json_view_release(fc_json_view *view)
{
    free(view->views);
    free(view->members);
    free((void *)view->json);
    memset(view, 0, sizeof(*view));
}
