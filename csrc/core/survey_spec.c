/* Reading a survey_spec and compiling it into an immutable fc_survey.
 *
 * awx-facts.md "Survey spec": we compile every spec the controller accepts
 * (its save-time rules, JobTemplateSurveySpec._validate_spec_data), plus ""
 * as "no bound" and list defaults for multiselect. What makes a spec
 * unreadable (a question without a type or variable, a repeated variable,
 * text no controller can store) is a spec error: all of them are reported
 * at once with their question index ("spec[3].type") and nothing compiles.
 * What a controller saves but can never work (an invalid default, a choice
 * question without choices, min > max) is a survey *problem*: the survey
 * compiles, fc_survey_problems lists it ("spec[3].default"), and answers
 * that run into it get a clear error at their path. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey_internal.h"

static const struct {
    const char *name;
    fc_qtype type;
} question_types[] = {
    {"text", FC_Q_TEXT},
    {"textarea", FC_Q_TEXTAREA},
    {"password", FC_Q_PASSWORD},
    {"integer", FC_Q_INTEGER},
    {"float", FC_Q_FLOAT},
    {"multiplechoice", FC_Q_MULTIPLECHOICE},
    {"multiselect", FC_Q_MULTISELECT},
};

#define TYPE_NAMES "text, textarea, password, integer, float, multiplechoice, multiselect"

typedef struct spec_reader {
    fc_errors *errors;   /* the caller's: what makes the spec unreadable */
    fc_errors *problems; /* the survey's: what of a readable spec can never work */
    int failed;          /* any spec error, even when errors is NULL */
} spec_reader;

/* Records a spec error; returns non-zero only for allocation failure. */
#define REPORT(reader, path, check, ...)                                                           \
    ((reader)->failed = 1, fc_errors_add((reader)->errors, (path), (check), __VA_ARGS__))
/* Records a survey problem: the spec still compiles. */
#define PROBLEM(reader, path, check, ...)                                                          \
    fc_errors_add((reader)->problems, (path), (check), __VA_ARGS__)

static int is_choice_type(fc_qtype type)
{
    return type == FC_Q_MULTIPLECHOICE || type == FC_Q_MULTISELECT;
}

static int is_text_type(fc_qtype type)
{
    return type == FC_Q_TEXT || type == FC_Q_TEXTAREA || type == FC_Q_PASSWORD;
}

static int starts_encrypted(const json_t *value)
{
    return json_is_string(value) && json_string_length(value) >= strlen(FC_ENCRYPTED) &&
           memcmp(json_string_value(value), FC_ENCRYPTED, strlen(FC_ENCRYPTED)) == 0;
}

/* min/max as AWX saves them: an integer of any size (a boolean is Python's
 * 0 or 1), or null / "" / absent for "no bound" (AWX rejects "" although
 * its docs show it; we accept it). A float question may also have real
 * bounds (more than AWX accepts, never less); AWX compares its answers with
 * float(bound), so its integer bounds become the nearest double here too. */
static int read_bound(spec_reader *reader, fc_question *q, int known_type, const json_t *item,
                      const char *key, const char *qpath, int *has, fc_num *value)
{
    char path[FC_LIMIT_MAX_PATH + 1];
    const json_t *bound = json_object_get(item, key);
    int is_float = known_type && q->type == FC_Q_FLOAT;

    *has = 0;
    if (bound == NULL || json_is_null(bound) ||
        (json_is_string(bound) && json_string_length(bound) == 0))
        return 0;
    snprintf(path, sizeof(path), "%s.%s", qpath, key);
    if (json_is_boolean(bound)) {
        *has = 1;
        *value = fc_num_of_int(json_is_true(bound));
        TRY(PROBLEM(reader, path, FC_CHECK_TYPE,
                    "'%s' is a boolean; it is read as %d, as the controller does", key,
                    json_is_true(bound) ? 1 : 0));
    } else if (fc_num_read(value, bound) && (value->kind != FC_NUM_REAL || is_float)) {
        *has = 1;
    } else {
        return REPORT(reader, path, FC_CHECK_TYPE, "'%s' must be %s, null or \"\"", key,
                      is_float ? "a number" : "an integer");
    }
    if (is_float) {
        double real = fc_num_to_double(value);
        *value = fc_num_of_real(real);
        if (isinf(real))
            TRY(PROBLEM(reader, path, FC_CHECK_LIMIT,
                        "'%s' is beyond the range of a float (the controller fails on it); it "
                        "is read as %sinfinity",
                        key, real < 0 ? "-" : ""));
    }
    return 0;
}

/* Bounds no answer can meet: reported, and the question still compiles
 * (an optional one can still be left out). */
static int check_bounds(spec_reader *reader, const fc_question *q, const char *qpath)
{
    char path[FC_LIMIT_MAX_PATH + 1];
    if (is_choice_type(q->type))
        return 0; /* AWX ignores bounds there */
    if (q->has_min && q->has_max && fc_num_compare(&q->min, &q->max) > 0) {
        snprintf(path, sizeof(path), "%s.min", qpath);
        TRY(PROBLEM(reader, path, FC_CHECK_INVALID,
                    "'min' is greater than 'max'; no answer can meet both"));
    }
    if (!is_text_type(q->type))
        return 0;
    fc_num zero = fc_num_of_int(0), longest = fc_num_of_int(FC_LIMIT_MAX_TEXT_LEN);
    if (q->has_max && fc_num_compare(&q->max, &zero) < 0) {
        snprintf(path, sizeof(path), "%s.max", qpath);
        TRY(PROBLEM(reader, path, FC_CHECK_INVALID, "'max' is negative; no text is that short"));
    }
    if (q->has_min && fc_num_compare(&q->min, &longest) > 0) {
        snprintf(path, sizeof(path), "%s.min", qpath);
        TRY(PROBLEM(reader, path, FC_CHECK_LIMIT,
                    "'min' is more than the longest answer accepted (%d bytes); no answer can "
                    "meet it",
                    FC_LIMIT_MAX_TEXT_LEN));
    }
    return 0;
}

/* A required string field; *out stays NULL when it is unusable. */
static int read_string(spec_reader *reader, const json_t *item, const char *key, const char *qpath,
                       size_t max_len, const json_t **out)
{
    char path[FC_LIMIT_MAX_PATH + 1];
    const json_t *value = json_object_get(item, key);

    *out = NULL;
    if (json_is_string(value) && json_string_length(value) <= max_len) {
        *out = value;
        return 0;
    }
    snprintf(path, sizeof(path), "%s.%s", qpath, key);
    if (value == NULL)
        return REPORT(reader, path, FC_CHECK_REQUIRED, "'%s' is required", key);
    if (!json_is_string(value))
        return REPORT(reader, path, FC_CHECK_TYPE, "'%s' must be a string", key);
    return REPORT(reader, path, FC_CHECK_LIMIT, "'%s' may be at most %zu bytes", key, max_len);
}

/* Spec text the controller stores is shown and may become answers (a
 * default, a choice); PostgreSQL cannot hold NUL, so none may carry one. */
static int refuse_nul(spec_reader *reader, const json_t *item, const char *key, const char *qpath)
{
    char path[FC_LIMIT_MAX_PATH + 1];
    const json_t *value = json_object_get(item, key);

    if (!json_is_string(value) || !fc_has_nul(json_string_value(value), json_string_length(value)))
        return 0;
    if (qpath == NULL)
        snprintf(path, sizeof(path), "%s", key);
    else
        snprintf(path, sizeof(path), "%s.%s", qpath, key);
    return REPORT(reader, path, FC_CHECK_INVALID, "'%s' must not contain NUL characters", key);
}

static int read_type(spec_reader *reader, const json_t *item, const char *qpath, int *known,
                     fc_qtype *type)
{
    const json_t *value;
    char path[FC_LIMIT_MAX_PATH + 1];

    *known = 0;
    /* The longest type name is 14 bytes; anything longer is unknown anyway. */
    TRY(read_string(reader, item, "type", qpath, (size_t)-1, &value));
    if (value == NULL)
        return 0;
    for (size_t i = 0; i < sizeof(question_types) / sizeof(question_types[0]); i++) {
        if (strcmp(json_string_value(value), question_types[i].name) == 0 &&
            strlen(question_types[i].name) == json_string_length(value)) {
            *type = question_types[i].type;
            *known = 1;
            return 0;
        }
    }
    snprintf(path, sizeof(path), "%s.type", qpath);
    return REPORT(reader, path, FC_CHECK_INVALID, "'type' must be one of " TYPE_NAMES);
}

/* The default must itself be a valid answer. AWX saves defaults it never
 * checks (one out of bounds, one that is only a substring of the choices)
 * and silently drops them at launch; we compile the survey, report the
 * default as a problem at spec[i].default, and an answer left out of such
 * a question is refused at its path (fc_survey_validate) instead of being
 * silently lost. "" (what AWX's UI stores for an empty field) means "no
 * default" unless it is a valid text default. */
static int read_default(spec_reader *reader, fc_question *q, const json_t *item, const char *qpath)
{
    const fc_where where = {qpath, 1};
    char path[FC_LIMIT_MAX_PATH + 1];
    const json_t *value = json_object_get(item, "default");
    int bad = 0;

    q->default_state = FC_DEFAULT_NONE;
    if (value == NULL || json_is_null(value))
        return 0;
    if (starts_encrypted(value)) {
        if (q->type != FC_Q_PASSWORD) {
            q->default_state = FC_DEFAULT_INVALID;
            snprintf(path, sizeof(path), "%s.default", qpath);
            return PROBLEM(reader, path, FC_CHECK_RESERVED,
                           "'" FC_ENCRYPTED "' is reserved for password defaults");
        }
        /* A stored (encrypted) password default: the host decrypts it. */
        q->default_value = value;
        q->default_state = FC_DEFAULT_OK;
        return 0;
    }
    if (json_is_string(value) && json_string_length(value) == 0) {
        fc_num zero = fc_num_of_int(0);
        if (!is_text_type(q->type) || (q->has_min && fc_num_compare(&q->min, &zero) > 0))
            return 0;
    }
    if (q->type == FC_Q_MULTISELECT && json_is_string(value)) {
        q->owned_default =
            fc_choices_split_lines(json_string_value(value), json_string_length(value));
        if (q->owned_default == NULL)
            return FC_ENOMEM;
        if (json_array_size(q->owned_default) == 0)
            return 0; /* only blank lines: no default */
        value = q->owned_default;
    }
    fc_json_view view;
    TRY(fc_json_view_init(&view, value));
    int rc = fc_question_check(q, reader->problems, &view.root, &where, &bad);
    fc_json_view_release(&view);
    TRY(rc);
    if (bad) {
        q->default_state = FC_DEFAULT_INVALID;
    } else {
        q->default_value = value;
        q->default_state = FC_DEFAULT_OK;
    }
    return 0;
}

static int read_question(spec_reader *reader, fc_question *q, size_t index, const json_t *item)
{
    char qpath[64], path[FC_LIMIT_MAX_PATH + 1];
    const json_t *value;
    int known_type, before = reader->failed;

    reader->failed = 0;
    q->index = index;
    snprintf(qpath, sizeof(qpath), "spec[%zu]", index);
    if (!json_is_object(item)) {
        TRY(REPORT(reader, qpath, FC_CHECK_TYPE, "a question must be an object"));
        reader->failed |= before;
        return 0;
    }
    /* AWX bounds none of the texts; the spec's size bound covers them all. */
    TRY(read_type(reader, item, qpath, &known_type, &q->type));
    TRY(read_string(reader, item, "question_name", qpath, (size_t)-1, &value));
    TRY(refuse_nul(reader, item, "question_name", qpath));
    TRY(refuse_nul(reader, item, "question_description", qpath));
    TRY(read_string(reader, item, "variable", qpath, (size_t)-1, &value));
    /* jansson's deep copy and update cut object keys at a NUL, so such a
     * variable would be answered under a shorter name, even another
     * question's (found by tests/fuzz); PostgreSQL cannot store it either.
     * An empty variable is kept: AWX saves it, and it is answered as "". */
    if (value != NULL && fc_has_nul(json_string_value(value), json_string_length(value))) {
        snprintf(path, sizeof(path), "%s.variable", qpath);
        TRY(REPORT(reader, path, FC_CHECK_INVALID, "'variable' must not contain NUL characters"));
        value = NULL;
    }
    if (value != NULL) {
        q->variable = json_string_value(value);
        q->variable_len = json_string_length(value);
    }
    value = json_object_get(item, "required");
    if (json_is_boolean(value)) {
        q->required = json_is_true(value);
    } else {
        snprintf(path, sizeof(path), "%s.required", qpath);
        if (value == NULL)
            TRY(REPORT(reader, path, FC_CHECK_REQUIRED, "'required' is required"));
        else
            TRY(REPORT(reader, path, FC_CHECK_TYPE, "'required' must be true or false"));
    }
    TRY(read_bound(reader, q, known_type, item, "min", qpath, &q->has_min, &q->min));
    TRY(read_bound(reader, q, known_type, item, "max", qpath, &q->has_max, &q->max));
    fc_question_fit_lengths(q);
    if (known_type)
        TRY(check_bounds(reader, q, qpath));
    if (known_type && is_choice_type(q->type)) {
        int bad = 0;
        /* Choice problems are rare; the path is cheap next to reading them. */
        snprintf(path, sizeof(path), "%s.choices", qpath);
        TRY(fc_choices_read(q, reader->errors, reader->problems, json_object_get(item, "choices"),
                            path, &bad));
        if (bad)
            reader->failed = 1;
    }
    /* The default can only be judged against a question that is otherwise sound. */
    if (known_type && !reader->failed && q->variable != NULL)
        TRY(read_default(reader, q, item, qpath));
    reader->failed |= before;
    return 0;
}

static int compare_by_variable(const void *a, const void *b)
{
    const fc_question *qa = *(const fc_question *const *)a;
    const fc_question *qb = *(const fc_question *const *)b;
    int c = memcmp(qa->variable, qb->variable,
                   qa->variable_len < qb->variable_len ? qa->variable_len : qb->variable_len);
    if (c != 0)
        return c;
    if (qa->variable_len != qb->variable_len)
        return qa->variable_len < qb->variable_len ? -1 : 1;
    return qa->index < qb->index ? -1 : (qa->index > qb->index ? 1 : 0);
}

/* Sorted index for O(log n) lookup; a repeated variable is reported at its
 * later question, naming the first. */
static int index_variables(spec_reader *reader, fc_survey *survey)
{
    size_t n = 0;
    survey->by_variable = calloc(survey->count ? survey->count : 1, sizeof(*survey->by_variable));
    if (survey->by_variable == NULL)
        return FC_ENOMEM;
    for (size_t i = 0; i < survey->count; i++) {
        if (survey->questions[i].variable != NULL)
            survey->by_variable[n++] = &survey->questions[i];
    }
    qsort(survey->by_variable, n, sizeof(*survey->by_variable), compare_by_variable);
    size_t first = 0;
    for (size_t i = 1; i < n; i++) {
        const fc_question *a = survey->by_variable[first], *b = survey->by_variable[i];
        if (a->variable_len == b->variable_len &&
            memcmp(a->variable, b->variable, a->variable_len) == 0) {
            char path[64];
            snprintf(path, sizeof(path), "spec[%zu].variable", b->index);
            TRY(REPORT(reader, path, FC_CHECK_DUPLICATE,
                       "variable '%.*s' is already used by spec[%zu]",
                       fc_name_shown(b->variable, b->variable_len, FC_NAME_SHOWN_MAX), b->variable,
                       a->index));
        } else {
            first = i;
        }
    }
    return 0;
}

static int read_spec(spec_reader *reader, fc_survey *survey, const json_t *survey_spec)
{
    if (!json_is_object(survey_spec))
        return REPORT(reader, "survey_spec", FC_CHECK_TYPE,
                      "survey_spec must be an object with a 'spec' list");
    if (fc_json_too_deep(survey_spec, FC_LIMIT_MAX_DEPTH))
        return REPORT(reader, "survey_spec", FC_CHECK_LIMIT,
                      "survey_spec may nest at most %d levels", FC_LIMIT_MAX_DEPTH);
    /* One bound on the whole spec instead of one per field: AWX bounds no
     * field, only the request that saved it (docs/limits.md). */
    if (fc_json_larger_than(survey_spec, FC_LIMIT_MAX_SPEC_BYTES))
        return REPORT(reader, "survey_spec", FC_CHECK_LIMIT,
                      "survey_spec may be at most %d bytes of JSON", FC_LIMIT_MAX_SPEC_BYTES);
    TRY(refuse_nul(reader, survey_spec, "name", NULL));
    TRY(refuse_nul(reader, survey_spec, "description", NULL));
    const json_t *spec = json_object_get(survey_spec, "spec");
    if (spec != NULL && !json_is_null(spec) && !json_is_array(spec))
        return REPORT(reader, "spec", FC_CHECK_TYPE, "'spec' must be a list of questions");

    /* Questions borrow strings from a private copy, so the caller's value
     * may change or die after compile. */
    survey->spec = json_deep_copy(survey_spec);
    if (survey->spec == NULL)
        return FC_ENOMEM;
    spec = json_object_get(survey->spec, "spec");
    survey->count = json_array_size(spec);
    survey->questions = calloc(survey->count ? survey->count : 1, sizeof(*survey->questions));
    if (survey->questions == NULL)
        return FC_ENOMEM;
    for (size_t i = 0; i < survey->count; i++)
        TRY(read_question(reader, &survey->questions[i], i, json_array_get(spec, i)));
    return index_variables(reader, survey);
}

int fc_survey_compile(fc_survey **out, fc_errors *errors, const json_t *survey_spec,
                      int survey_enabled, int ask_variables_on_launch)
{
    spec_reader reader = {errors, NULL, 0};
    int rc;

    if (out == NULL)
        return FC_EINVAL;
    *out = NULL;
    fc_survey *survey = calloc(1, sizeof(*survey));
    if (survey == NULL)
        return FC_ENOMEM;
    if (fc_errors_new(&survey->problems) != 0) {
        free(survey);
        return FC_ENOMEM;
    }
    reader.problems = survey->problems;
    survey->enabled = survey_enabled != 0;
    survey->ask_variables = ask_variables_on_launch != 0;
    /* A disabled survey is not read at all, as in the controller. */
    if (!survey->enabled || survey_spec == NULL || json_is_null(survey_spec)) {
        survey->by_variable = calloc(1, sizeof(*survey->by_variable));
        rc = survey->by_variable == NULL ? FC_ENOMEM : 0;
    } else {
        rc = read_spec(&reader, survey, survey_spec);
        if (rc == 0 && reader.failed)
            rc = FC_EVALIDATION;
    }
    if (rc != 0) {
        fc_survey_free(survey);
        return rc;
    }
    *out = survey;
    return 0;
}

void fc_survey_free(fc_survey *survey)
{
    if (survey == NULL)
        return;
    for (size_t i = 0; i < survey->count && survey->questions != NULL; i++) {
        free(survey->questions[i].choices);
        free(survey->questions[i].choice_text);
        json_decref(survey->questions[i].owned_default);
    }
    free(survey->questions);
    free(survey->by_variable);
    json_decref(survey->spec);
    fc_errors_free(survey->problems);
    free(survey);
}

int fc_survey_enabled(const fc_survey *survey)
{
    return survey != NULL && survey->enabled;
}

int fc_survey_asks_variables(const fc_survey *survey)
{
    return survey != NULL && survey->ask_variables;
}

size_t fc_survey_question_count(const fc_survey *survey)
{
    return survey == NULL ? 0 : survey->count;
}

const fc_errors *fc_survey_problems(const fc_survey *survey)
{
    return survey == NULL ? NULL : survey->problems;
}
