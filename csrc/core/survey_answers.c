/* Validating answers against a compiled survey, and the launch extra_vars.
 *
 * awx-facts.md "Answer validation", "Variables outside the survey",
 * "Defaults precedence". Messages name the variable and the rule and never
 * contain a submitted value (so never a password). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey_internal.h"

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
 * only be "not a choice"; we name the real problem instead. */
static int has_nul(const json_t *value)
{
    return json_is_string(value) && fc_has_nul(json_string_value(value), json_string_length(value));
}

static int check_text(const fc_question *q, fc_errors *errors, const json_t *value,
                      const fc_where *where, int *bad)
{
    char bound[FC_NUM_TEXT_MAX];
    if (!json_is_string(value))
        FAIL(FC_CHECK_TYPE, "%s must be a string", SUBJECT);
    size_t bytes = json_string_length(value);
    /* PostgreSQL (jsonb, text) cannot store NUL: a clear 400, not a 500. */
    if (fc_has_nul(json_string_value(value), bytes))
        FAIL(FC_CHECK_INVALID, "%s must not contain NUL characters", SUBJECT);
    /* Also for a default: accepted answers (defaults included) are stored
     * and validated again at approval, so a default must pass as an answer. */
    if (bytes > FC_LIMIT_MAX_TEXT_LEN)
        FAIL(FC_CHECK_LIMIT, "%s may be at most %d bytes", SUBJECT, FC_LIMIT_MAX_TEXT_LEN);
    /* Lengths count characters (code points), like Python's len(). */
    fc_num length = fc_num_of_int((json_int_t)fc_utf8_chars(json_string_value(value), bytes));
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

static int check_integer(const fc_question *q, fc_errors *errors, const json_t *value,
                         const fc_where *where, int *bad)
{
    fc_num number;
    /* Strict: "5", 5.0 and true are not integers (awx-facts.md); 2**70 is. */
    if (!fc_num_read(&number, value) || number.kind == FC_NUM_REAL)
        FAIL(FC_CHECK_TYPE, "%s must be an integer", SUBJECT);
    return check_range(q, errors, &number, where, bad);
}

static int check_float(const fc_question *q, fc_errors *errors, const json_t *value,
                       const fc_where *where, int *bad)
{
    fc_num number;
    /* Booleans are not numbers here (jansson keeps them apart). */
    if (!fc_num_read(&number, value))
        FAIL(FC_CHECK_TYPE, "%s must be a number", SUBJECT);
    return check_range(q, errors, &number, where, bad);
}

static int is_choice_value(const json_t *value)
{
    fc_num number;
    return json_is_string(value) || fc_num_read(&number, value);
}

static int check_multiplechoice(const fc_question *q, fc_errors *errors, const json_t *value,
                                const fc_where *where, int *bad)
{
    if (!is_choice_value(value))
        FAIL(FC_CHECK_TYPE, "%s must be one choice (a string or a number)", SUBJECT);
    if (has_nul(value))
        FAIL(FC_CHECK_INVALID, "%s must not contain NUL characters", SUBJECT);
    if (q->choice_count == 0)
        FAIL(FC_CHECK_NOT_A_CHOICE, "%s cannot be answered: the survey gives it no choices",
             SUBJECT);
    if (!fc_choices_find(q, value, NULL))
        FAIL(FC_CHECK_NOT_A_CHOICE, "%s must be one of the survey's choices", SUBJECT);
    return 0;
}

/* Every element must be a choice, each at most once (a selection is a set;
 * a repeat is almost always a client bug, so we say so instead of keeping it). */
static int check_multiselect(const fc_question *q, fc_errors *errors, const json_t *value,
                             const fc_where *where, int *bad)
{
    if (!json_is_array(value))
        FAIL(FC_CHECK_TYPE, "%s must be a list of choices", SUBJECT);
    size_t count = json_array_size(value);
    if (count > 0 && q->choice_count == 0)
        FAIL(FC_CHECK_NOT_A_CHOICE, "%s cannot be answered: the survey gives it no choices",
             SUBJECT);
    /* A seen-flag per choice keeps this linear in the answer's size. */
    unsigned char *seen = calloc(q->choice_count ? q->choice_count : 1, 1);
    if (seen == NULL)
        return FC_ENOMEM;
    for (size_t i = 0; i < count; i++) {
        size_t slot;
        int duplicate = 0;
        if (has_nul(json_array_get(value, i))) {
            free(seen);
            FAIL(FC_CHECK_INVALID, "%s must not contain NUL characters (item %zu)", SUBJECT, i);
        }
        if (!fc_choices_find(q, json_array_get(value, i), &slot)) {
            free(seen);
            FAIL(FC_CHECK_NOT_A_CHOICE,
                 "%s must list only the survey's choices (item %zu is not one)", SUBJECT, i);
        }
        duplicate = seen[slot];
        seen[slot] = 1;
        if (duplicate) {
            free(seen);
            FAIL(FC_CHECK_DUPLICATE, "%s must not repeat a choice (item %zu)", SUBJECT, i);
        }
    }
    free(seen);
    return 0;
}

int fc_question_check(const fc_question *q, fc_errors *errors, const json_t *value,
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

static int is_empty(const json_t *value)
{
    return (json_is_string(value) && json_string_length(value) == 0) ||
           (json_is_array(value) && json_array_size(value) == 0);
}

static int is_encrypted_marker(const json_t *value)
{
    return json_is_string(value) && json_string_length(value) == strlen(FC_ENCRYPTED) &&
           memcmp(json_string_value(value), FC_ENCRYPTED, strlen(FC_ENCRYPTED)) == 0;
}

static int starts_encrypted(const json_t *value)
{
    return json_is_string(value) && json_string_length(value) > strlen(FC_ENCRYPTED) &&
           memcmp(json_string_value(value), FC_ENCRYPTED, strlen(FC_ENCRYPTED)) == 0;
}

/* One survey question: the answer, else the default; required means present
 * and non-empty. Adds the accepted value to accepted. */
static int answer_question(const fc_question *q, fc_errors *errors, const json_t *answers,
                           const char *prefix, json_t *accepted, int *bad)
{
    const fc_where answer_where = {prefix, 0};
    const fc_where *where = &answer_where;
    const json_t *value = json_object_getn(answers, q->variable, q->variable_len);
    int from_default = 0;

    if (q->type == FC_Q_PASSWORD && is_encrypted_marker(value))
        value = NULL; /* "$encrypted$" means "use the stored default" */
    else if (q->type == FC_Q_PASSWORD && starts_encrypted(value))
        FAIL(FC_CHECK_RESERVED, "%s must not start with '" FC_ENCRYPTED "'", SUBJECT);
    if (value == NULL) {
        /* AWX silently drops such a default; the user must know instead. */
        if (q->default_state == FC_DEFAULT_INVALID)
            FAIL(FC_CHECK_INVALID,
                 "%s needs an answer: the survey's default for it (spec[%zu].default) is not a "
                 "valid answer",
                 SUBJECT, q->index);
        value = q->default_value;
        from_default = 1;
    }
    if (value == NULL) {
        if (q->required)
            FAIL(FC_CHECK_REQUIRED, "%s is required", SUBJECT);
        return 0;
    }
    if (q->required && is_empty(value))
        FAIL(FC_CHECK_REQUIRED, "%s is required and must not be empty", SUBJECT);
    /* Defaults were checked when the spec was compiled. */
    if (!from_default) {
        int question_bad = 0;
        int rc = fc_question_check(q, errors, value, where, &question_bad);
        if (rc != 0 || question_bad) {
            *bad |= question_bad;
            return rc;
        }
    }
    json_t *copy = json_deep_copy(value);
    if (copy == NULL || json_object_setn_new(accepted, q->variable, q->variable_len, copy) != 0)
        return FC_ENOMEM;
    return 0;
}

/* Answers that are not survey variables: rejected unless the template asks
 * for variables on launch (awx-facts.md: nothing a user typed is silently
 * dropped), then passed through within the depth limit. */
static int answer_others(const fc_survey *survey, fc_errors *errors, const json_t *answers,
                         const char *prefix, json_t *accepted, int *bad)
{
    char path[FC_LIMIT_MAX_PATH + 1];
    const char *key;
    size_t key_len;
    json_t *value;
    int rc = 0;

    json_object_keylen_foreach((json_t *)answers, key, key_len, value) {
        if (fc_survey_find(survey, key, key_len) != NULL)
            continue;
        fc_path_join(path, sizeof(path), prefix, key, key_len);
        int shown = fc_name_shown(key, key_len, FC_NAME_SHOWN_MAX);
        if (fc_has_nul(key, key_len)) {
            /* printf would cut the name at the NUL and show another
             * variable's name, so the answer set itself is the place. */
            *bad = 1;
            rc = fc_errors_add(errors, prefix, FC_CHECK_INVALID,
                               "variable names must not contain NUL characters");
        } else if (!survey->ask_variables) {
            *bad = 1;
            rc = fc_errors_add(errors, path, FC_CHECK_UNKNOWN,
                               "'%.*s' is not a survey variable, and this template does not "
                               "prompt for extra variables on launch",
                               shown, key);
        } else if (fc_json_too_deep(value, FC_LIMIT_MAX_DEPTH)) {
            *bad = 1;
            rc = fc_errors_add(errors, path, FC_CHECK_LIMIT, "'%.*s' may nest at most %d levels",
                               shown, key, FC_LIMIT_MAX_DEPTH);
        } else if (fc_json_has_nul(value, FC_LIMIT_MAX_DEPTH)) {
            /* In a string or a key at any depth: the value is stored as jsonb. */
            *bad = 1;
            rc = fc_errors_add(errors, path, FC_CHECK_INVALID,
                               "'%.*s' must not contain NUL characters", shown, key);
        } else if (!*bad) {
            json_t *copy = json_deep_copy(value);
            if (copy == NULL || json_object_setn_new(accepted, key, key_len, copy) != 0)
                return FC_ENOMEM;
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int validate(json_t *accepted, fc_errors *errors, const fc_survey *survey,
                    const json_t *answers, const char *prefix, const unsigned char *skip, int *bad)
{
    if (answers != NULL && json_is_null(answers))
        answers = NULL;
    if (answers != NULL && !json_is_object(answers)) {
        *bad = 1;
        return fc_errors_add(errors, prefix, FC_CHECK_TYPE,
                             "the answers must be an object keyed by variable");
    }
    if (json_object_size(answers) > FC_LIMIT_MAX_EXTRA_VARS) {
        *bad = 1;
        return fc_errors_add(errors, prefix, FC_CHECK_LIMIT, "at most %d variables are allowed",
                             FC_LIMIT_MAX_EXTRA_VARS);
    }
    for (size_t i = 0; i < survey->count; i++) {
        if (skip != NULL && skip[i])
            continue; /* hidden by the form (form_validate.c) */
        int rc = answer_question(&survey->questions[i], errors, answers, prefix, accepted, bad);
        if (rc != 0)
            return rc;
    }
    return answers == NULL ? 0 : answer_others(survey, errors, answers, prefix, accepted, bad);
}

int fc_survey_validate(json_t **out_accepted, fc_errors *errors, const fc_survey *survey,
                       const json_t *answers, const char *path_prefix)
{
    return fc_survey_extra_vars(out_accepted, errors, survey, NULL, answers, path_prefix);
}

static int extra_vars(json_t **out_extra_vars, fc_errors *errors, const fc_survey *survey,
                      const json_t *template_extra_vars, const json_t *answers,
                      const char *path_prefix, const unsigned char *skip)
{
    int bad = 0, rc;

    if (out_extra_vars == NULL)
        return FC_EINVAL;
    *out_extra_vars = NULL;
    if (survey == NULL || (template_extra_vars != NULL && !json_is_null(template_extra_vars) &&
                           !json_is_object(template_extra_vars)))
        return FC_EINVAL;
    /* Precedence: template extra_vars < survey defaults < answers; the
     * accepted set already holds defaults overridden by answers. */
    json_t *result =
        json_is_object(template_extra_vars) ? json_deep_copy(template_extra_vars) : json_object();
    json_t *accepted = json_object();
    if (result == NULL || accepted == NULL) {
        rc = FC_ENOMEM;
        goto done;
    }
    rc = validate(accepted, errors, survey, answers, path_prefix, skip, &bad);
    if (rc == 0 && bad)
        rc = FC_EVALIDATION;
    if (rc == 0 && json_object_update(result, accepted) != 0)
        rc = FC_ENOMEM;
done:
    json_decref(accepted);
    if (rc != 0) {
        json_decref(result);
        return rc;
    }
    *out_extra_vars = result;
    return 0;
}

int fc_survey_extra_vars(json_t **out_extra_vars, fc_errors *errors, const fc_survey *survey,
                         const json_t *template_extra_vars, const json_t *answers,
                         const char *path_prefix)
{
    return extra_vars(out_extra_vars, errors, survey, template_extra_vars, answers, path_prefix,
                      NULL);
}

int fc_survey_validate_skipping(json_t **out_accepted, fc_errors *errors, const fc_survey *survey,
                                const json_t *answers, const char *path_prefix,
                                const unsigned char *skip)
{
    return extra_vars(out_accepted, errors, survey, NULL, answers, path_prefix, skip);
}
