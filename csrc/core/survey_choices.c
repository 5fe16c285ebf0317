/* Choices of multiplechoice/multiselect questions: reading, indexing, lookup.
 *
 * awx-facts.md "Answer validation": string choices are split on newlines,
 * blank lines dropped, entries NOT trimmed; matching is exact. Lines end at
 * "\n", "\r\n" or "\r" (what Python's splitlines does for text a browser
 * sends); a line of only ASCII whitespace is blank (AWX drops lines whose
 * strip() is empty). A list may hold strings and numbers (AWX compares with
 * Python's `in`, so [1, 2] works there); a number matches a number of equal
 * value, never a string. The sorted index keeps lookups O(log n). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey_internal.h"

static int is_blank(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (strchr(" \t\n\r\v\f", line[i]) == NULL || line[i] == '\0')
            return 0;
    }
    return 1;
}

/* Calls visit(line, len, ctx) for each non-blank line; stops early when
 * visit returns non-zero and passes that on. */
static int each_line(const char *text, size_t len, int (*visit)(const char *, size_t, void *),
                     void *ctx)
{
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && text[i] != '\n' && text[i] != '\r')
            continue;
        if (!is_blank(text + start, i - start)) {
            int rc = visit(text + start, i - start, ctx);
            if (rc != 0)
                return rc;
        }
        if (i + 1 < len && text[i] == '\r' && text[i + 1] == '\n')
            i++;
        start = i + 1;
    }
    return 0;
}

static int count_line(const char *line, size_t len, void *ctx)
{
    (void)line;
    (void)len;
    /* Counting stops past the limit so huge inputs cost no more. */
    return ++*(size_t *)ctx > FC_LIMIT_MAX_CHOICES ? 1 : 0;
}

typedef struct line_sink {
    fc_question *q;
    size_t too_long;
} line_sink;

static int store_line(const char *line, size_t len, void *ctx)
{
    line_sink *sink = ctx;
    if (len > FC_LIMIT_MAX_CHOICE_LEN)
        sink->too_long++;
    sink->q->choices[sink->q->choice_count++] = (fc_choice){0, line, len, 0.0};
    return 0;
}

static int compare_choice(const fc_choice *a, const fc_choice *b)
{
    if (a->is_number != b->is_number)
        return a->is_number ? -1 : 1;
    if (a->is_number)
        return a->number < b->number ? -1 : (a->number > b->number ? 1 : 0);
    int c = memcmp(a->text, b->text, a->len < b->len ? a->len : b->len);
    if (c != 0)
        return c;
    return a->len < b->len ? -1 : (a->len > b->len ? 1 : 0);
}

static int compare_choice_qsort(const void *a, const void *b)
{
    return compare_choice(a, b);
}

/* Sort and drop repeated choices (AWX accepts them; they mean nothing). */
static void build_index(fc_question *q)
{
    if (q->choice_count == 0)
        return;
    qsort(q->choices, q->choice_count, sizeof(*q->choices), compare_choice_qsort);
    size_t kept = 1;
    for (size_t i = 1; i < q->choice_count; i++) {
        if (compare_choice(&q->choices[kept - 1], &q->choices[i]) != 0)
            q->choices[kept++] = q->choices[i];
    }
    q->choice_count = kept;
}

static int read_string_choices(fc_question *q, fc_errors *errors, const json_t *choices,
                               const char *path, int *bad)
{
    const char *text = json_string_value(choices);
    size_t len = json_string_length(choices);
    size_t count = 0;

    /* Choices become answers, stored where NUL cannot be (PostgreSQL). */
    if (fc_has_nul(text, len)) {
        *bad = 1;
        return fc_errors_add(errors, path, FC_CHECK_INVALID,
                             "choices must not contain NUL characters");
    }
    if (each_line(text, len, count_line, &count) != 0) {
        *bad = 1;
        return fc_errors_add(errors, path, FC_CHECK_LIMIT, "at most %d choices are allowed",
                             FC_LIMIT_MAX_CHOICES);
    }
    if (count == 0) {
        *bad = 1;
        return fc_errors_add(errors, path, FC_CHECK_REQUIRED,
                             "a choice question needs at least one choice");
    }
    /* Choices point into a private copy of the text. */
    q->choice_text = malloc(len + 1);
    q->choices = calloc(count, sizeof(*q->choices));
    if (q->choice_text == NULL || q->choices == NULL)
        return FC_ENOMEM;
    memcpy(q->choice_text, text, len);
    q->choice_text[len] = '\0';
    line_sink sink = {q, 0};
    each_line(q->choice_text, len, store_line, &sink);
    if (sink.too_long > 0) {
        *bad = 1;
        return fc_errors_add(errors, path, FC_CHECK_LIMIT, "a choice may be at most %d bytes",
                             FC_LIMIT_MAX_CHOICE_LEN);
    }
    build_index(q);
    return 0;
}

static int read_list_choices(fc_question *q, fc_errors *errors, const json_t *choices,
                             const char *path, int *bad)
{
    size_t count = json_array_size(choices);
    char item_path[FC_LIMIT_MAX_PATH + 1];
    int rc;

    if (count > FC_LIMIT_MAX_CHOICES) {
        *bad = 1;
        return fc_errors_add(errors, path, FC_CHECK_LIMIT, "at most %d choices are allowed",
                             FC_LIMIT_MAX_CHOICES);
    }
    if (count == 0) {
        *bad = 1;
        return fc_errors_add(errors, path, FC_CHECK_REQUIRED,
                             "a choice question needs at least one choice");
    }
    q->choices = calloc(count, sizeof(*q->choices));
    if (q->choices == NULL)
        return FC_ENOMEM;
    for (size_t i = 0; i < count; i++) {
        const json_t *item = json_array_get(choices, i);
        snprintf(item_path, sizeof(item_path), "%s[%zu]", path, i);
        if (json_is_string(item)) {
            size_t len = json_string_length(item);
            if (len > FC_LIMIT_MAX_CHOICE_LEN) {
                *bad = 1;
                rc = fc_errors_add(errors, item_path, FC_CHECK_LIMIT,
                                   "a choice may be at most %d bytes", FC_LIMIT_MAX_CHOICE_LEN);
                if (rc != 0)
                    return rc;
                continue;
            }
            if (fc_has_nul(json_string_value(item), len)) {
                *bad = 1;
                rc = fc_errors_add(errors, item_path, FC_CHECK_INVALID,
                                   "a choice must not contain NUL characters");
                if (rc != 0)
                    return rc;
                continue;
            }
            q->choices[q->choice_count++] = (fc_choice){0, json_string_value(item), len, 0.0};
        } else if (json_is_number(item)) {
            q->choices[q->choice_count++] = (fc_choice){1, NULL, 0, json_number_value(item)};
        } else {
            *bad = 1;
            rc = fc_errors_add(errors, item_path, FC_CHECK_TYPE,
                               "a choice must be a string or a number");
            if (rc != 0)
                return rc;
        }
    }
    build_index(q);
    return 0;
}

int fc_choices_read(fc_question *q, fc_errors *errors, const json_t *choices, const char *path,
                    int *bad)
{
    if (choices == NULL || json_is_null(choices)) {
        *bad = 1;
        return fc_errors_add(errors, path, FC_CHECK_REQUIRED, "a choice question needs 'choices'");
    }
    if (json_is_string(choices))
        return read_string_choices(q, errors, choices, path, bad);
    if (json_is_array(choices))
        return read_list_choices(q, errors, choices, path, bad);
    *bad = 1;
    return fc_errors_add(errors, path, FC_CHECK_TYPE,
                         "'choices' must be a newline-separated string or a list");
}

int fc_choices_find(const fc_question *q, const json_t *value, size_t *slot)
{
    fc_choice key;
    if (q->choice_count == 0)
        return 0;
    if (json_is_string(value))
        key = (fc_choice){0, json_string_value(value), json_string_length(value), 0.0};
    else if (json_is_number(value))
        key = (fc_choice){1, NULL, 0, json_number_value(value)};
    else
        return 0;
    const fc_choice *found =
        bsearch(&key, q->choices, q->choice_count, sizeof(*q->choices), compare_choice_qsort);
    if (found != NULL && slot != NULL)
        *slot = (size_t)(found - q->choices);
    return found != NULL;
}

static int append_line(const char *line, size_t len, void *ctx)
{
    json_t *item = json_stringn(line, len);
    if (item == NULL || json_array_append_new(ctx, item) != 0)
        return FC_ENOMEM;
    return 0;
}

json_t *fc_choices_split_lines(const char *text, size_t len)
{
    json_t *list = json_array();
    if (list == NULL)
        return NULL;
    if (each_line(text, len, append_line, list) != 0) {
        json_decref(list);
        return NULL;
    }
    return list;
}
