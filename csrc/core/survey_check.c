/* One answer set against a compiled survey (fc_answers.h): which answer
 * each question gets, defaults, required, passed-through variables, and the
 * list of accepted values in the order the result is built.
 *
 * awx-facts.md "Answer validation", "Variables outside the survey",
 * "Defaults precedence". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "forge_catalog/fc_answers.h"
#include "forge_catalog/fc_bytes.h"
#include "survey_internal.h"

#define STACK_ITEMS 256
#define UNANSWERED FC_UNANSWERED

#define SUBJECT subject_
#define FAIL(check, ...)                                                                           \
    do {                                                                                           \
        char path_[FC_LIMIT_MAX_PATH + 1];                                                         \
        char subject_[FC_NAME_SHOWN_MAX + 32];                                                     \
        *bad = 1;                                                                                  \
        fc_where_fill(where, q, path_, sizeof(path_), subject_, sizeof(subject_));                 \
        return fc_errors_add(errors, path_, (check), __VA_ARGS__);                                 \
    } while (0)

typedef struct checker {
    const fc_survey *survey;
    fc_errors *errors;
    const char *prefix;
    const fc_view_member *members; /* the answers' */
    size_t member_count;
    const size_t *slot;        /* per question: its answer's member index, or UNANSWERED */
    size_t *slot_buffer;       /* slot when matched here */
    unsigned char *is_other;   /* per answer member: not a survey variable (filled only when
                                  some member is not) */
    const unsigned char *skip; /* per question: left out (a form's hidden ones), or NULL */
    const size_t *matched;     /* per question: its answer's member index, as fc_survey_match
                                  gives it, or NULL to match here */
    size_t matched_count;      /* members matched (with matched) */
    fc_accepted *out;
    size_t count;
    int bad;
} checker;

static int is_empty(const fc_view *value)
{
    return (value->kind == FC_VIEW_STRING || value->kind == FC_VIEW_LIST) && value->len == 0;
}

static int starts_with_marker(const fc_view *value)
{
    return value->kind == FC_VIEW_STRING && value->len >= strlen(FC_ENCRYPTED) &&
           memcmp(value->as.text, FC_ENCRYPTED, strlen(FC_ENCRYPTED)) == 0;
}

static void accept(checker *c, fc_accepted_source source, size_t index)
{
    c->out[c->count].source = source;
    c->out[c->count].index = index;
    c->count++;
}

/* What answer_question takes for a question. */
enum { TAKE_NOTHING, TAKE_ANSWER, TAKE_DEFAULT };

/* One survey question: value (its answer, or NULL), else the default;
 * required means present and non-empty. *take says which is accepted. */
static int answer_question(const fc_question *q, const fc_view *value, fc_errors *errors,
                           const fc_where *where, int *bad, int *take)
{
    if (value != NULL && q->type == FC_Q_PASSWORD && starts_with_marker(value)) {
        if (value->len != strlen(FC_ENCRYPTED))
            FAIL(FC_CHECK_RESERVED, "%s must not start with '" FC_ENCRYPTED "'", SUBJECT);
        value = NULL; /* "$encrypted$" means "use the stored default" */
    }
    if (value == NULL) {
        /* AWX silently drops such a default; the user must know instead. */
        if (q->default_state == FC_DEFAULT_INVALID)
            FAIL(FC_CHECK_INVALID,
                 "%s needs an answer: the survey's default for it (spec[%zu].default) is not a "
                 "valid answer",
                 SUBJECT, q->index);
        if (q->default_state == FC_DEFAULT_NONE) {
            if (q->required)
                FAIL(FC_CHECK_REQUIRED, "%s is required", SUBJECT);
            return 0;
        }
        /* Defaults were checked when the spec was compiled. */
        if (q->required && q->default_value != NULL && json_is_string(q->default_value) &&
            json_string_length(q->default_value) == 0)
            FAIL(FC_CHECK_REQUIRED, "%s is required and must not be empty", SUBJECT);
        if (q->required && json_is_array(q->default_value) &&
            json_array_size(q->default_value) == 0)
            FAIL(FC_CHECK_REQUIRED, "%s is required and must not be empty", SUBJECT);
        *take = TAKE_DEFAULT;
        return 0;
    }
    if (q->required && is_empty(value))
        FAIL(FC_CHECK_REQUIRED, "%s is required and must not be empty", SUBJECT);
    int question_bad = 0;
    int rc = fc_question_check(q, errors, value, where, &question_bad);
    if (rc != 0 || question_bad) {
        *bad |= question_bad;
        return rc;
    }
    *take = TAKE_ANSWER;
    return 0;
}

/* Answers that are not survey variables: rejected unless the template asks
 * for variables on launch (awx-facts.md: nothing a user typed is silently
 * dropped), then passed through within the depth limit. */
static int answer_other(checker *c, size_t index)
{
    char path[FC_LIMIT_MAX_PATH + 1];
    const fc_view_member *m = &c->members[index];
    const char *prefix = c->prefix;

    fc_path_join(path, sizeof(path), prefix, m->key, m->key_len);
    int shown = fc_name_shown(m->key, m->key_len, FC_NAME_SHOWN_MAX);
    if (fc_has_nul(m->key, m->key_len)) {
        /* printf would cut the name at the NUL and show another
         * variable's name, so the answer set itself is the place. */
        c->bad = 1;
        return fc_errors_add(c->errors, prefix, FC_CHECK_INVALID,
                             "variable names must not contain NUL characters");
    }
    if (!c->survey->ask_variables) {
        c->bad = 1;
        return fc_errors_add(c->errors, path, FC_CHECK_UNKNOWN,
                             "'%.*s' is not a survey variable, and this template does not "
                             "prompt for extra variables on launch",
                             shown, m->key);
    }
    if (fc_view_too_deep(&m->value, FC_LIMIT_MAX_DEPTH)) {
        c->bad = 1;
        return fc_errors_add(c->errors, path, FC_CHECK_LIMIT, "'%.*s' may nest at most %d levels",
                             shown, m->key, FC_LIMIT_MAX_DEPTH);
    }
    if (fc_view_has_nul(&m->value, FC_LIMIT_MAX_DEPTH)) {
        /* In a string or a key at any depth: the value is stored as jsonb. */
        c->bad = 1;
        return fc_errors_add(c->errors, path, FC_CHECK_INVALID,
                             "'%.*s' must not contain NUL characters", shown, m->key);
    }
    accept(c, FC_ACCEPT_ANSWER, index);
    return 0;
}

/* Which question each answer is for. Answers usually come in spec order, so
 * the next question is tried before the sorted index. */
int fc_survey_match(const fc_survey *survey, const fc_view_member *members, size_t count,
                    size_t *slot, size_t *matched_count)
{
    /* Locals: a store to slot[] could change survey->count for all the
     * compiler knows. */
    const fc_question *questions = survey->questions;
    size_t n = survey->count, next = 0, matched = 0;

    memset(slot, 0xff, n * sizeof(*slot)); /* UNANSWERED: SIZE_MAX, all ones */
    for (size_t i = 0; i < count; i++) {
        const fc_view_member *m = &members[i];
        const fc_question *q = NULL;
        if (next < n && questions[next].variable_len == m->key_len &&
            fc_bytes_equal(questions[next].variable, m->key, m->key_len))
            q = &questions[next];
        else
            q = fc_survey_find(survey, m->key, m->key_len);
        if (q == NULL)
            continue;
        if (slot[q->index] != UNANSWERED)
            return FC_EINVAL; /* a view's keys must be distinct */
        slot[q->index] = i;
        next = q->index + 1;
        matched++;
    }
    *matched_count = matched;
    return 0;
}

/* Every question not skipped, in spec order. c's fields are read into
 * locals first: for all the compiler knows the checks' calls could change
 * *c, so it would read each field again per question. */
static int answer_questions(checker *c)
{
    const fc_question *questions = c->survey->questions;
    const size_t *slot = c->slot;
    const unsigned char *skip = c->skip;
    const fc_view_member *members = c->members;
    const fc_where where = {c->prefix, 0};
    fc_errors *errors = c->errors;
    fc_accepted *out = c->out;
    size_t n = c->survey->count, count = c->count;
    int bad = 0, rc = 0;

    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (skip != NULL && skip[i])
            continue;
        size_t member = slot[i]; /* questions[i].index == i */
        int take = TAKE_NOTHING;
        rc = answer_question(&questions[i], member == UNANSWERED ? NULL : &members[member].value,
                             errors, &where, &bad, &take);
        if (take == TAKE_ANSWER)
            out[count++] = (fc_accepted){FC_ACCEPT_ANSWER, member};
        else if (take == TAKE_DEFAULT)
            out[count++] = (fc_accepted){FC_ACCEPT_DEFAULT, i};
    }
    c->count = count;
    c->bad |= bad;
    return rc;
}

static int check_answers(checker *c, const fc_view *answers)
{
    fc_errors *errors = c->errors;

    if (answers != NULL && answers->kind == FC_VIEW_NULL)
        answers = NULL;
    if (answers != NULL && answers->kind != FC_VIEW_OBJECT) {
        c->bad = 1;
        return fc_errors_add(errors, c->prefix, FC_CHECK_TYPE,
                             "the answers must be an object keyed by variable");
    }
    if (answers != NULL && answers->len > FC_LIMIT_MAX_EXTRA_VARS) {
        c->bad = 1;
        return fc_errors_add(errors, c->prefix, FC_CHECK_LIMIT, "at most %d variables are allowed",
                             FC_LIMIT_MAX_EXTRA_VARS);
    }
    c->members = answers != NULL ? answers->as.members : NULL;
    c->member_count = answers != NULL ? answers->len : 0;
    if (c->matched == NULL) {
        TRY(fc_survey_match(c->survey, c->members, c->member_count, c->slot_buffer,
                            &c->matched_count));
        c->slot = c->slot_buffer;
    } else {
        c->slot = c->matched; /* the caller matched them (a form, to decide visibility) */
    }
    TRY(answer_questions(c));
    if (c->matched_count == c->member_count)
        return 0; /* the usual answer set: survey variables only */
    memset(c->is_other, 1, c->member_count);
    for (size_t i = 0; i < c->survey->count; i++) {
        if (c->slot[i] != UNANSWERED)
            c->is_other[c->slot[i]] = 0;
    }
    for (size_t i = 0; i < c->member_count; i++) {
        if (c->is_other[i])
            TRY(answer_other(c, i));
    }
    return 0;
}

static size_t object_len(const fc_view *value)
{
    return value != NULL && value->kind == FC_VIEW_OBJECT ? value->len : 0;
}

size_t fc_survey_check_capacity(const fc_survey *survey, const fc_view *template_vars,
                                const fc_view *answers)
{
    return object_len(template_vars) + fc_survey_question_count(survey) + object_len(answers);
}

int fc_survey_check(fc_accepted *out, size_t *out_count, size_t out_capacity, fc_errors *errors,
                    const fc_survey *survey, const fc_view *template_vars, const fc_view *answers,
                    const char *path_prefix)
{
    return fc_survey_check_skipping(out, out_count, out_capacity, errors, survey, template_vars,
                                    answers, path_prefix, NULL, NULL, 0);
}

int fc_survey_check_skipping(fc_accepted *out, size_t *out_count, size_t out_capacity,
                             fc_errors *errors, const fc_survey *survey,
                             const fc_view *template_vars, const fc_view *answers,
                             const char *path_prefix, const unsigned char *skip,
                             const size_t *matched, size_t matched_count)
{
    size_t slot_stack[STACK_ITEMS];
    unsigned char other_stack[STACK_ITEMS];

    if (out_count == NULL)
        return FC_EINVAL;
    *out_count = 0;
    if (survey == NULL || out == NULL)
        return FC_EINVAL;
    if (template_vars != NULL && template_vars->kind == FC_VIEW_NULL)
        template_vars = NULL;
    if (template_vars != NULL && template_vars->kind != FC_VIEW_OBJECT)
        return FC_EINVAL;
    if (out_capacity < fc_survey_check_capacity(survey, template_vars, answers))
        return FC_EINVAL;

    checker c = {survey,      errors, path_prefix, NULL,          0,   slot_stack, slot_stack,
                 other_stack, skip,   matched,     matched_count, out, 0,          0};
    size_t members = object_len(answers);
    if (survey->count > STACK_ITEMS)
        c.slot_buffer = malloc(survey->count * sizeof(*c.slot_buffer));
    if (members > STACK_ITEMS)
        c.is_other = malloc(members);
    int rc = c.slot_buffer == NULL || c.is_other == NULL ? FC_ENOMEM : 0;
    /* Precedence: template extra_vars < survey defaults < answers: later
     * entries replace earlier ones. */
    for (size_t i = 0; rc == 0 && i < object_len(template_vars); i++)
        accept(&c, FC_ACCEPT_TEMPLATE, i);
    if (rc == 0)
        rc = check_answers(&c, answers);
    if (rc == 0 && c.bad)
        rc = FC_EVALIDATION;
    if (c.slot_buffer != slot_stack)
        free(c.slot_buffer);
    if (c.is_other != other_stack)
        free(c.is_other);
    if (rc == 0)
        *out_count = c.count;
    return rc;
}

int fc_survey_default(const char **out_variable, size_t *out_len, const json_t **out_value,
                      const fc_survey *survey, size_t index)
{
    if (out_variable == NULL || out_len == NULL || out_value == NULL)
        return FC_EINVAL;
    *out_variable = NULL;
    *out_len = 0;
    *out_value = NULL;
    if (survey == NULL || index >= survey->count)
        return FC_EINVAL;
    const fc_question *q = &survey->questions[index];
    *out_variable = q->variable;
    *out_len = q->variable_len;
    if (q->default_state == FC_DEFAULT_OK)
        *out_value = q->default_value;
    return 0;
}
