/* Choices of multiplechoice/multiselect questions: reading, indexing, lookup.
 *
 * awx-facts.md "Answer validation": string choices are split on line
 * breaks, blank lines dropped, entries NOT trimmed; matching is exact. AWX
 * splits with Python's str.splitlines() and drops a line when its strip()
 * is empty, so a line ends at "\n", "\r\n", "\r", "\v", "\f", "\x1c",
 * "\x1d", "\x1e", U+0085, U+2028 or U+2029, and a line of only Unicode
 * whitespace (str.isspace, fc_utf8_is_blank) is blank. A list may hold
 * strings and numbers (AWX compares with Python's `in`, so [1, 2] works
 * there); a number matches a number of equal value, never a string. An
 * object's keys are its choices (Python's `in` on a dict). What can never be
 * chosen is reported as a survey problem and left out; the question keeps
 * working with the rest. The sorted index keeps lookups O(log n). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forge_catalog/fc_bytes.h"
#include "survey_internal.h"

/* Bytes of the line break starting at text[i], or 0 (str.splitlines). */
static size_t line_break(const char *text, size_t len, size_t i)
{
    unsigned char c = (unsigned char)text[i];
    if (c == '\r')
        return i + 1 < len && text[i + 1] == '\n' ? 2 : 1;
    if (c == '\n' || c == '\v' || c == '\f' || c == 0x1c || c == 0x1d || c == 0x1e)
        return 1;
    if (c == 0xc2 && i + 1 < len && (unsigned char)text[i + 1] == 0x85)
        return 2; /* U+0085 NEXT LINE */
    if (c == 0xe2 && i + 2 < len && (unsigned char)text[i + 1] == 0x80 &&
        ((unsigned char)text[i + 2] == 0xa8 || (unsigned char)text[i + 2] == 0xa9))
        return 3; /* U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR */
    return 0;
}

/* Calls visit(line, len, ctx) for each non-blank line; stops early when
 * visit returns non-zero and passes that on. */
static int each_line(const char *text, size_t len, int (*visit)(const char *, size_t, void *),
                     void *ctx)
{
    size_t start = 0, i = 0;
    while (i <= len) {
        size_t brk = i < len ? line_break(text, len, i) : 1;
        if (brk == 0) {
            i++;
            continue;
        }
        if (!fc_utf8_is_blank(text + start, i - start)) {
            int rc = visit(text + start, i - start, ctx);
            if (rc != 0)
                return rc;
        }
        i += brk;
        start = i;
    }
    return 0;
}

static int count_line(const char *line, size_t len, void *ctx)
{
    (void)line;
    (void)len;
    ++*(size_t *)ctx;
    return 0;
}

static fc_choice string_choice(const char *text, size_t len)
{
    return (fc_choice){0, text, len, {0}, fc_bytes_prefix(text, len)};
}

static int store_line(const char *line, size_t len, void *ctx)
{
    fc_question *q = ctx;
    q->choices[q->choice_count++] = string_choice(line, len);
    return 0;
}

/* Strings order by their first 8 bytes as a number (one integer compare
 * settles most steps of a lookup), then by the bytes after them, then by
 * length: a total order that holds two strings equal only when their bytes
 * are (zero padding can tie "ab" with "ab\0", the length tells them apart). */
static int compare_choice(const fc_choice *a, const fc_choice *b)
{
    if (a->is_number != b->is_number)
        return a->is_number ? -1 : 1;
    if (a->is_number)
        return fc_num_compare(&a->number, &b->number);
    if (a->prefix != b->prefix)
        return a->prefix < b->prefix ? -1 : 1;
    size_t shorter = a->len < b->len ? a->len : b->len;
    if (shorter > 8) {
        int c = memcmp(a->text + 8, b->text + 8, shorter - 8);
        if (c != 0)
            return c;
    }
    return a->len < b->len ? -1 : (a->len > b->len ? 1 : 0);
}

/* A string choice holds these bytes (prefix: fc_bytes_prefix of them). */
static int same_text(uint64_t prefix, const char *text, size_t len, const fc_choice *c)
{
    return c->prefix == prefix && c->len == len &&
           (len <= 8 || fc_bytes_equal(text + 8, c->text + 8, len - 8));
}

/* compare_choice(a, b) == 0, by equality tests only. */
static int same_choice(const fc_choice *a, const fc_choice *b)
{
    if (a->is_number != b->is_number)
        return 0;
    if (a->is_number)
        return fc_num_compare(&a->number, &b->number) == 0;
    return same_text(a->prefix, a->text, a->len, b);
}

#define LINEAR_CHOICES 8

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
    while (q->number_count < kept && q->choices[q->number_count].is_number)
        q->number_count++;
}

/* Choices become answers, stored where NUL cannot be (PostgreSQL), and no
 * controller can store a spec holding one: a spec error, not a problem. */
static int refuse_nul(fc_errors *errors, const char *path, const char *text, size_t len, int *bad)
{
    if (!fc_has_nul(text, len))
        return 0;
    *bad = 1;
    return fc_errors_add(errors, path, FC_CHECK_INVALID,
                         "a choice must not contain NUL characters");
}

static int read_string_choices(fc_question *q, fc_errors *errors, const json_t *choices,
                               const char *path, int *bad)
{
    const char *text = json_string_value(choices);
    size_t len = json_string_length(choices);
    size_t count = 0;

    TRY(refuse_nul(errors, path, text, len, bad));
    if (*bad)
        return 0;
    each_line(text, len, count_line, &count);
    if (count == 0)
        return 0;
    /* Choices point into a private copy of the text. */
    q->choice_text = malloc(len + 1);
    q->choices = calloc(count, sizeof(*q->choices));
    if (q->choice_text == NULL || q->choices == NULL)
        return FC_ENOMEM;
    memcpy(q->choice_text, text, len);
    q->choice_text[len] = '\0';
    each_line(q->choice_text, len, store_line, q);
    return 0;
}

static int read_list_choices(fc_question *q, fc_errors *errors, fc_errors *problems,
                             const json_t *choices, const char *path, int *bad)
{
    size_t count = json_array_size(choices);
    char item_path[FC_LIMIT_MAX_PATH + 1];

    if (count == 0)
        return 0;
    q->choices = calloc(count, sizeof(*q->choices));
    if (q->choices == NULL)
        return FC_ENOMEM;
    for (size_t i = 0; i < count; i++) {
        const json_t *item = json_array_get(choices, i);
        fc_num number;
        snprintf(item_path, sizeof(item_path), "%s[%zu]", path, i);
        if (json_is_string(item)) {
            size_t len = json_string_length(item);
            TRY(refuse_nul(errors, item_path, json_string_value(item), len, bad));
            q->choices[q->choice_count++] = string_choice(json_string_value(item), len);
        } else if (fc_num_read(&number, item)) {
            q->choices[q->choice_count++] = (fc_choice){1, NULL, 0, number, 0};
        } else {
            TRY(fc_errors_add(problems, item_path, FC_CHECK_TYPE,
                              "a choice must be a string or a number; this %s can never be "
                              "chosen",
                              fc_json_type_name(item)));
        }
    }
    return 0;
}

static int read_object_choices(fc_question *q, fc_errors *errors, fc_errors *problems,
                               const json_t *choices, const char *path, int *bad)
{
    const char *key;
    size_t key_len;
    json_t *member;

    TRY(fc_errors_add(problems, path, FC_CHECK_TYPE,
                      "'choices' is an object; its keys are read as the choices, as the "
                      "controller does"));
    if (json_object_size(choices) == 0)
        return 0;
    q->choices = calloc(json_object_size(choices), sizeof(*q->choices));
    if (q->choices == NULL)
        return FC_ENOMEM;
    json_object_keylen_foreach((json_t *)choices, key, key_len, member) {
        (void)member;
        TRY(refuse_nul(errors, path, key, key_len, bad));
        q->choices[q->choice_count++] = string_choice(key, key_len);
    }
    return 0;
}

int fc_choices_read(fc_question *q, fc_errors *errors, fc_errors *problems, const json_t *choices,
                    const char *path, int *bad)
{
    if (json_is_string(choices))
        TRY(read_string_choices(q, errors, choices, path, bad));
    else if (json_is_array(choices))
        TRY(read_list_choices(q, errors, problems, choices, path, bad));
    else if (json_is_object(choices) && !fc_bigint_text(choices, NULL, NULL))
        TRY(read_object_choices(q, errors, problems, choices, path, bad));
    else if (choices == NULL || json_is_null(choices))
        return fc_errors_add(problems, path, FC_CHECK_REQUIRED,
                             "a choice question needs 'choices'; no answer can be given");
    else
        return fc_errors_add(problems, path, FC_CHECK_TYPE,
                             "'choices' must be a newline-separated string or a list; no "
                             "answer can be given");
    build_index(q);
    if (q->choice_count == 0 && !*bad)
        return fc_errors_add(problems, path, FC_CHECK_REQUIRED,
                             "a choice question needs at least one choice; no answer can be "
                             "given");
    return 0;
}

/* A string among the string choices: a few (the usual question) by a pass
 * of equality tests, each mostly one integer compare, which costs less
 * than a search's steps. */
static int find_text(const fc_question *q, const fc_view *value, size_t *slot)
{
    const char *text = value->as.text;
    size_t len = value->len;
    uint64_t prefix = fc_bytes_prefix(text, len);
    if (q->choice_count - q->number_count > LINEAR_CHOICES)
        return -2;
    for (size_t i = q->number_count; i < q->choice_count; i++) {
        if (same_text(prefix, text, len, &q->choices[i])) {
            if (slot != NULL)
                *slot = i;
            return 1;
        }
    }
    return 0;
}

int fc_choices_find(const fc_question *q, const fc_view *value, size_t *slot)
{
    fc_choice key;
    size_t lo, hi;
    if (q->choice_count == 0)
        return 0;
    if (value->kind == FC_VIEW_STRING) {
        int found = find_text(q, value, slot);
        if (found != -2)
            return found;
        key = string_choice(value->as.text, value->len);
        lo = q->number_count;
        hi = q->choice_count;
    } else {
        int is_number = fc_num_read_view_fast(&key.number, value);
        if (is_number <= 0)
            return is_number;
        key.is_number = 1;
        key.text = NULL;
        key.len = 0;
        key.prefix = 0;
        lo = 0;
        hi = q->number_count;
    }
    if (hi - lo <= LINEAR_CHOICES) {
        for (size_t i = lo; i < hi; i++) {
            if (same_choice(&key, &q->choices[i])) {
                if (slot != NULL)
                    *slot = i;
                return 1;
            }
        }
        return 0;
    }
    /* bsearch by hand: the comparison inlines (answers check many choices). */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = compare_choice(&key, &q->choices[mid]);
        if (c == 0) {
            if (slot != NULL)
                *slot = mid;
            return 1;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
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
