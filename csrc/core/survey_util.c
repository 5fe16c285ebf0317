/* Small helpers shared by the survey files: depth, UTF-8 length, paths,
 * variable lookup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey_internal.h"

/* Recursion stops at limit + 1 levels, so a hostile value (even a cyclic
 * one built through the C API) costs bounded stack. */
static int too_deep(const json_t *value, int depth_left)
{
    if (fc_bigint_text(value, NULL, NULL))
        return 0; /* a number, whatever its jansson form */
    if (json_is_object(value) || json_is_array(value)) {
        if (depth_left == 0)
            return 1;
    }
    if (json_is_object(value)) {
        const char *key;
        json_t *member;
        json_object_foreach((json_t *)value, key, member) {
            if (too_deep(member, depth_left - 1))
                return 1;
        }
    } else if (json_is_array(value)) {
        size_t i;
        json_t *member;
        json_array_foreach(value, i, member) {
            if (too_deep(member, depth_left - 1))
                return 1;
        }
    }
    return 0;
}

int fc_json_too_deep(const json_t *value, int limit)
{
    return too_deep(value, limit);
}

/* Adds a lower bound of value's compact JSON size to *total, stopping once
 * it passes limit. Called after the depth check, so recursion is bounded. */
static int larger_than(const json_t *value, size_t limit, size_t *total)
{
    if (json_is_string(value)) {
        *total += json_string_length(value) + 2;
    } else if (json_is_object(value)) {
        const char *key;
        size_t key_len;
        json_t *member;
        *total += 1 + json_object_size(value); /* braces, one ':' or ',' per member */
        json_object_keylen_foreach((json_t *)value, key, key_len, member) {
            *total += key_len + 3; /* quotes and the ':' */
            if (larger_than(member, limit, total))
                return 1;
        }
    } else if (json_is_array(value)) {
        size_t i;
        json_t *member;
        *total += 1 + (json_array_size(value) ? json_array_size(value) : 1);
        json_array_foreach(value, i, member) {
            if (larger_than(member, limit, total))
                return 1;
        }
    } else {
        *total += 1; /* a number, true, false, null: at least one byte */
    }
    return *total > limit;
}

int fc_json_larger_than(const json_t *value, size_t limit)
{
    size_t total = 0;
    return larger_than(value, limit, &total);
}

int fc_name_shown(const char *name, size_t len, size_t max)
{
    if (len <= max)
        return (int)len;
    return (int)fc_utf8_clip(name, max);
}

/* The same bounded walk, looking at every string and object key. */
static int has_nul(const json_t *value, int depth_left)
{
    if (json_is_string(value))
        return fc_has_nul(json_string_value(value), json_string_length(value));
    if (depth_left < 0)
        return 0; /* callers check fc_json_too_deep first */
    if (json_is_object(value)) {
        const char *key;
        size_t key_len;
        json_t *member;
        json_object_keylen_foreach((json_t *)value, key, key_len, member) {
            if (fc_has_nul(key, key_len) || has_nul(member, depth_left - 1))
                return 1;
        }
    } else if (json_is_array(value)) {
        size_t i;
        json_t *member;
        json_array_foreach(value, i, member) {
            if (has_nul(member, depth_left - 1))
                return 1;
        }
    }
    return 0;
}

int fc_json_has_nul(const json_t *value, int limit)
{
    return has_nul(value, limit);
}

void fc_path_join(char *buf, size_t size, const char *prefix, const char *name, size_t name_len)
{
    int limit = name_len > FC_LIMIT_MAX_PATH ? FC_LIMIT_MAX_PATH : (int)name_len;
    if (prefix == NULL || prefix[0] == '\0')
        snprintf(buf, size, "%.*s", limit, name);
    else
        snprintf(buf, size, "%s.%.*s", prefix, limit, name);
}

static int compare_name(const char *a, size_t a_len, const char *b, size_t b_len)
{
    int c = memcmp(a, b, a_len < b_len ? a_len : b_len);
    if (c != 0)
        return c;
    return a_len < b_len ? -1 : (a_len > b_len ? 1 : 0);
}

const fc_question *fc_survey_find(const fc_survey *survey, const char *name, size_t len)
{
    size_t lo = 0, hi = survey->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const fc_question *q = survey->by_variable[mid];
        int c = compare_name(name, len, q->variable, q->variable_len);
        if (c == 0)
            return q;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

void fc_where_fill(const fc_where *where, const fc_question *q, char *path, size_t path_size,
                   char *subject, size_t subject_size)
{
    if (where->is_default) {
        snprintf(path, path_size, "%s.default", where->prefix);
        snprintf(subject, subject_size, "the default of '%.*s'",
                 fc_name_shown(q->variable, q->variable_len, FC_NAME_SHOWN_MAX), q->variable);
    } else {
        fc_path_join(path, path_size, where->prefix, q->variable, q->variable_len);
        snprintf(subject, subject_size, "'%.*s'",
                 fc_name_shown(q->variable, q->variable_len, FC_NAME_SHOWN_MAX), q->variable);
    }
}
