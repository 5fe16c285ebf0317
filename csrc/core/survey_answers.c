/* Validating answers against a compiled survey (fc_answers.h), and the
 * jansson entry points built on it (fc_survey_validate, fc_survey_extra_vars).
 *
 * awx-facts.md "Answer validation", "Variables outside the survey",
 * "Defaults precedence". Messages name the variable and the rule and never
 * contain a submitted value (so never a password). Answers are views into
 * the caller's memory: nothing is copied, the verdict names where each
 * accepted value comes from. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forge_catalog/fc_answers.h"
#include "survey_internal.h"

/* Scratch that lives on the stack up to this many questions / answers /
 * choices; beyond, it is allocated for the call. */
#define STACK_ITEMS 256

/* Paths and subjects are built only when a problem is reported: the
 * success path stays free of formatting. SUBJECT names the value. */
#define SUBJECT subject_
#define FAIL(check, ...)                                                                           \
    do {                                                                                           \
        char path_[FC_LIMIT_MAX_PATH + 1];                                                         \
        char subject_[FC_NAME_SHOWN_MAX + 32];                                                     \
        *bad = 1;                                                                                  \
        fc_where_fill(where, q, path_, sizeof(path_), subject_, sizeof(subject_));                 \
        return fc_errors_add(errors, path_, (check), __VA_ARGS__);                                 \
    } while (0)

/* Choices never hold NUL (the spec refuses them), so such an answer could
 * only be "not a choice"; we name the real problem instead. Only an answer
 * that is no choice can hold one, so it is looked for there alone. */
static int has_nul(const fc_view *value)
{
    return value->kind == FC_VIEW_STRING && fc_has_nul(value->as.text, value->len);
}

void fc_question_fit_lengths(fc_question *q)
{
    /* A text of n bytes has between ceil(n / 4) and n characters (1 to 4
     * bytes each): n >= 4 * min - 3 meets min, n <= max meets max. */
    size_t lo = 0, hi = SIZE_MAX;
    if (q->has_min && (q->min.kind != FC_NUM_INT || q->min.integer > 0)) {
        if (q->min.kind != FC_NUM_INT || (unsigned long long)q->min.integer > SIZE_MAX / 4)
            lo = SIZE_MAX; /* only counting can tell */
        else
            lo = 4 * (size_t)q->min.integer - 3;
    }
    if (q->has_max) {
        if (q->max.kind != FC_NUM_INT || q->max.integer < 0)
            lo = SIZE_MAX, hi = 0; /* only counting can tell */
        else if ((unsigned long long)q->max.integer < SIZE_MAX)
            hi = (size_t)q->max.integer;
    }
    q->fit_min = lo;
    q->fit_max = hi;
}

static int check_text(const fc_question *q, fc_errors *errors, const fc_view *value,
                      const fc_where *where, int *bad)
{
    char bound[FC_NUM_TEXT_MAX];
    if (value->kind != FC_VIEW_STRING)
        FAIL(FC_CHECK_TYPE, "%s must be a string", SUBJECT);
    size_t bytes = value->len;
    /* PostgreSQL (jsonb, text) cannot store NUL: a clear 400, not a 500. */
    if (fc_has_nul(value->as.text, bytes))
        FAIL(FC_CHECK_INVALID, "%s must not contain NUL characters", SUBJECT);
    /* Also for a default: accepted answers (defaults included) are stored
     * and validated again at approval, so a default must pass as an answer. */
    if (bytes > FC_LIMIT_MAX_TEXT_LEN)
        FAIL(FC_CHECK_LIMIT, "%s may be at most %d bytes", SUBJECT, FC_LIMIT_MAX_TEXT_LEN);
    /* Lengths count characters (code points), like Python's len(): between
     * bytes / 4 and bytes, so most answers need no counting. */
    if (bytes >= q->fit_min && bytes <= q->fit_max)
        return 0;
    fc_num length = fc_num_of_int((json_int_t)fc_utf8_chars(value->as.text, bytes));
    if (q->has_min && fc_num_compare(&length, &q->min) < 0) {
        fc_num_format(bound, sizeof(bound), &q->min);
        FAIL(FC_CHECK_TOO_SHORT, "%s must be at least %s characters", SUBJECT, bound);
    }
    if (q->has_max && fc_num_compare(&length, &q->max) > 0) {
        fc_num_format(bound, sizeof(bound), &q->max);
        FAIL(FC_CHECK_TOO_LONG, "%s must be at most %s characters", SUBJECT, bound);
    }
    return 0;
}

/* Bounds compare exactly, whatever the size of either side (Python ints). */
static int check_range(const fc_question *q, fc_errors *errors, const fc_num *number,
                       const fc_where *where, int *bad)
{
    char bound[FC_NUM_TEXT_MAX];
    if (q->has_min && fc_num_compare(number, &q->min) < 0) {
        fc_num_format(bound, sizeof(bound), &q->min);
        FAIL(FC_CHECK_TOO_SMALL, "%s must be at least %s", SUBJECT, bound);
    }
    if (q->has_max && fc_num_compare(number, &q->max) > 0) {
        fc_num_format(bound, sizeof(bound), &q->max);
        FAIL(FC_CHECK_TOO_LARGE, "%s must be at most %s", SUBJECT, bound);
    }
    return 0;
}

static int check_integer(const fc_question *q, fc_errors *errors, const fc_view *value,
                         const fc_where *where, int *bad)
{
    fc_num number;
    int is_number = fc_num_read_view_fast(&number, value);
    if (is_number < 0)
        return FC_EINVAL;
    /* Strict: "5", 5.0 and true are not integers (awx-facts.md); 2**70 is. */
    if (!is_number || number.kind == FC_NUM_REAL)
        FAIL(FC_CHECK_TYPE, "%s must be an integer", SUBJECT);
    return check_range(q, errors, &number, where, bad);
}

static int check_float(const fc_question *q, fc_errors *errors, const fc_view *value,
                       const fc_where *where, int *bad)
{
    fc_num number;
    int is_number = fc_num_read_view_fast(&number, value);
    if (is_number < 0)
        return FC_EINVAL;
    /* Booleans are not numbers here (views keep them apart). */
    if (!is_number)
        FAIL(FC_CHECK_TYPE, "%s must be a number", SUBJECT);
    return check_range(q, errors, &number, where, bad);
}

static int is_choice_value(const fc_view *value)
{
    return value->kind == FC_VIEW_STRING || value->kind == FC_VIEW_INT ||
           value->kind == FC_VIEW_BIGINT || value->kind == FC_VIEW_REAL;
}

static int check_multiplechoice(const fc_question *q, fc_errors *errors, const fc_view *value,
                                const fc_where *where, int *bad)
{
    if (!is_choice_value(value))
        FAIL(FC_CHECK_TYPE, "%s must be one choice (a string or a number)", SUBJECT);
    int found = fc_choices_find(q, value, NULL);
    if (found < 0)
        return FC_EINVAL;
    if (found)
        return 0;
    if (has_nul(value))
        FAIL(FC_CHECK_INVALID, "%s must not contain NUL characters", SUBJECT);
    if (q->choice_count == 0)
        FAIL(FC_CHECK_NOT_A_CHOICE, "%s cannot be answered: the survey gives it no choices",
             SUBJECT);
    FAIL(FC_CHECK_NOT_A_CHOICE, "%s must be one of the survey's choices", SUBJECT);
}

/* The items of a multiselect answer; seen has a bit per choice, all 0. */
static int check_items(const fc_question *q, fc_errors *errors, const fc_view *value,
                       const fc_where *where, int *bad, uint64_t *seen)
{
    for (size_t i = 0; i < value->len; i++) {
        const fc_view *item = &value->as.items[i];
        size_t slot;
        int found = fc_choices_find(q, item, &slot);
        if (found < 0)
            return FC_EINVAL;
        if (!found && has_nul(item))
            FAIL(FC_CHECK_INVALID, "%s must not contain NUL characters (item %zu)", SUBJECT, i);
        if (!found)
            FAIL(FC_CHECK_NOT_A_CHOICE,
                 "%s must list only the survey's choices (item %zu is not one)", SUBJECT, i);
        uint64_t bit = UINT64_C(1) << (slot % 64);
        if (seen[slot / 64] & bit)
            FAIL(FC_CHECK_DUPLICATE, "%s must not repeat a choice (item %zu)", SUBJECT, i);
        seen[slot / 64] |= bit;
    }
    return 0;
}

/* Every element must be a choice, each at most once (a selection is a set;
 * a repeat is almost always a client bug, so we say so instead of keeping it). */
static int check_multiselect(const fc_question *q, fc_errors *errors, const fc_view *value,
                             const fc_where *where, int *bad)
{
    uint64_t seen_stack[(STACK_ITEMS + 63) / 64] = {0};

    if (value->kind != FC_VIEW_LIST)
        FAIL(FC_CHECK_TYPE, "%s must be a list of choices", SUBJECT);
    if (value->len == 0)
        return 0;
    if (q->choice_count == 0)
        FAIL(FC_CHECK_NOT_A_CHOICE, "%s cannot be answered: the survey gives it no choices",
             SUBJECT);
    /* A seen-bit per choice keeps this linear in the answer's size. */
    uint64_t *seen = q->choice_count <= STACK_ITEMS
                         ? seen_stack
                         : calloc((q->choice_count + 63) / 64, sizeof(*seen));
    if (seen == NULL)
        return FC_ENOMEM;
    int rc = check_items(q, errors, value, where, bad, seen);
    if (seen != seen_stack)
        free(seen);
    return rc;
}

int fc_question_check(const fc_question *q, fc_errors *errors, const fc_view *value,
                      const fc_where *where, int *bad)
{
    switch (q->type) {
    case FC_Q_TEXT:
    case FC_Q_TEXTAREA:
    case FC_Q_PASSWORD:
        return check_text(q, errors, value, where, bad);
    case FC_Q_INTEGER:
        return check_integer(q, errors, value, where, bad);
    case FC_Q_FLOAT:
        return check_float(q, errors, value, where, bad);
    case FC_Q_MULTIPLECHOICE:
        return check_multiplechoice(q, errors, value, where, bad);
    case FC_Q_MULTISELECT:
        return check_multiselect(q, errors, value, where, bad);
    }
    *bad = 1;
    return 0;
}
