/* libFuzzer: the answer path on views (fc_answers.h) against the jansson
 * entry points on the same input. Input as fuzz_answers (fuzz_common.h
 * framing: flags, survey_spec \0 answers \0 template_extra_vars), plus two
 * flag bits for what only views can carry: 0x04 turns digit strings of the
 * answers into FC_VIEW_BIGINT text (leading zeros, "-0", 30 digits, or
 * malformed when the string is not all digits), 0x08 gives the first answer
 * twice.
 *
 * Properties: known return codes and complete errors; the verdict does not
 * depend on the error list; without the view-only bits, fc_survey_check
 * reaches the verdict of fc_survey_validate / fc_survey_extra_vars with the
 * same errors, and applying its entries builds the same accepted answers and
 * extra_vars; every entry indexes within its source; too small an entry list
 * is refused. */
#include "fuzz_survey_checks.h"
#include "view_json.h"

#define FUZZ_FLAG_VIEW_DECIMALS 0x04u
#define FUZZ_FLAG_VIEW_REPEAT 0x08u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int all_digits(const char *text, size_t len)
{
    size_t start = len > 0 && text[0] == '-' ? 1 : 0;
    if (start == len)
        return 0;
    for (size_t i = start; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return 0;
    }
    return 1;
}

/* Strings of the answers' values (top level and list items) as decimal
 * text; a string starting with '#' crosses as malformed text. */
static int decimals(fc_view *value)
{
    int malformed = 0;
    if (value->kind == FC_VIEW_STRING) {
        if (all_digits(value->as.text, value->len))
            value->kind = FC_VIEW_BIGINT;
        else if (value->len > 0 && value->as.text[0] == '#') {
            value->kind = FC_VIEW_BIGINT;
            malformed = 1;
        }
    } else if (value->kind == FC_VIEW_LIST) {
        for (size_t i = 0; i < value->len; i++)
            malformed |= decimals((fc_view *)&value->as.items[i]);
    }
    return malformed;
}

static int is_variable(const fc_survey *survey, const fc_view_member *member)
{
    for (size_t i = 0; i < fc_survey_question_count(survey); i++) {
        const char *variable;
        size_t len;
        const json_t *value;
        if (fc_survey_default(&variable, &len, &value, survey, i) == 0 && len == member->key_len &&
            memcmp(variable, member->key, len) == 0)
            return 1;
    }
    return 0;
}

static void check_entries(const fc_accepted *entries, size_t count, const fc_survey *survey,
                          const fc_view *template_vars, const fc_view *answers)
{
    for (size_t i = 0; i < count; i++) {
        size_t index = entries[i].index;
        if (entries[i].source == FC_ACCEPT_TEMPLATE)
            FUZZ_CHECK(template_vars != NULL && index < template_vars->len);
        else if (entries[i].source == FC_ACCEPT_ANSWER)
            FUZZ_CHECK(answers != NULL && index < answers->len);
        else {
            const char *variable;
            size_t len;
            const json_t *value;
            FUZZ_CHECK(entries[i].source == FC_ACCEPT_DEFAULT);
            FUZZ_CHECK(fc_survey_default(&variable, &len, &value, survey, index) == 0);
            FUZZ_CHECK(value != NULL);
        }
    }
}

static void run_views(const fuzz_input *in, const fc_survey *survey)
{
    fc_test_view *answers = fc_test_view_new(in->docs[1]);
    /* A template's extra_vars that is not an object is the caller's
     * mistake (FC_EINVAL on both paths); null means none. */
    const json_t *template_json = json_is_null(in->docs[2]) ? NULL : in->docs[2];
    fc_test_view *template_vars = template_json != NULL ? fc_test_view_new(template_json) : NULL;
    fc_view_member *repeated = NULL;
    fc_errors *errors = NULL, *json_errors = NULL;
    json_t *accepted = NULL, *extra_vars = NULL;
    if (answers == NULL || (template_json != NULL && template_vars == NULL) ||
        fc_errors_new(&errors) != 0 || fc_errors_new(&json_errors) != 0)
        goto done;

    fc_view *root = &answers->root;
    const fc_view *tv = template_vars != NULL ? &template_vars->root : NULL;
    int view_only = 0, malformed = 0;
    if ((in->flags & FUZZ_FLAG_VIEW_DECIMALS) && root->kind == FC_VIEW_OBJECT) {
        for (size_t i = 0; i < root->len; i++)
            malformed |= decimals((fc_view *)&root->as.members[i].value);
        view_only = 1;
    }
    fc_view repeated_root = *root;
    if ((in->flags & FUZZ_FLAG_VIEW_REPEAT) && root->kind == FC_VIEW_OBJECT && root->len > 0) {
        repeated = malloc((root->len + 1) * sizeof(*repeated));
        if (repeated == NULL)
            goto done;
        memcpy(repeated, root->as.members, root->len * sizeof(*repeated));
        repeated[root->len] = root->as.members[0];
        repeated_root.as.members = repeated;
        repeated_root.len = root->len + 1;
        view_only = 1;
    }
    const fc_view *av = in->docs[1] != NULL ? &repeated_root : NULL;
    size_t capacity = fc_survey_check_capacity(survey, tv, av), count = 0, quiet_count = 0;
    fc_accepted *entries = malloc((capacity + 1) * sizeof(*entries));
    if (entries == NULL)
        goto done;

    int rc = fc_survey_check(entries, &count, capacity, errors, survey, NULL, av, "extra_vars");
    FUZZ_CHECK(fuzz_is_known_rc(rc));
    fuzz_check_errors(errors, rc);
    int quiet =
        fc_survey_check(entries, &quiet_count, capacity, NULL, survey, NULL, av, "extra_vars");
    FUZZ_CHECK(quiet == rc && quiet_count == count);
    /* A survey variable given twice is the caller's mistake, never accepted. */
    if (repeated != NULL && rc == FC_OK)
        FUZZ_CHECK(!is_variable(survey, &repeated[0]));
    (void)malformed; /* may go unread: no question, or a passed-through value */
    if (rc == FC_OK)
        check_entries(entries, count, survey, NULL, av);
    else
        FUZZ_CHECK(count == 0);

    if (!view_only) {
        int json_rc = fc_survey_validate(&accepted, json_errors, survey, in->docs[1], "extra_vars");
        FUZZ_CHECK(json_rc == rc);
        FUZZ_CHECK(fc_test_same_errors(errors, json_errors));
        if (rc == FC_OK) {
            json_t *built = fc_test_view_apply(entries, count, survey, NULL, answers);
            FUZZ_CHECK(built != NULL && json_equal(built, accepted));
            json_decref(built);
        }
    }

    /* With the template's variables: the launch's extra_vars. */
    size_t with_template = fc_survey_check_capacity(survey, tv, av);
    if (with_template > 0)
        FUZZ_CHECK(fc_survey_check(entries, &count, with_template - 1, NULL, survey, tv, av,
                                   "extra_vars") == FC_EINVAL);
    fc_accepted *more = realloc(entries, (with_template + 1) * sizeof(*entries));
    if (more == NULL) {
        free(entries);
        goto done;
    }
    entries = more;
    int rc_template =
        fc_survey_check(entries, &count, with_template, NULL, survey, tv, av, "extra_vars");
    if (template_json != NULL && !json_is_object(template_json)) {
        FUZZ_CHECK(rc_template == FC_EINVAL);
        FUZZ_CHECK(fc_survey_extra_vars(&extra_vars, NULL, survey, template_json, in->docs[1],
                                        "extra_vars") == FC_EINVAL);
        free(entries);
        goto done;
    }
    FUZZ_CHECK(rc_template == rc);
    if (rc_template == FC_OK) {
        check_entries(entries, count, survey, tv, av);
        if (!view_only) {
            FUZZ_CHECK(fc_survey_extra_vars(&extra_vars, NULL, survey, in->docs[2], in->docs[1],
                                            "extra_vars") == FC_OK);
            json_t *built = fc_test_view_apply(entries, count, survey, template_vars, answers);
            FUZZ_CHECK(built != NULL && json_equal(built, extra_vars));
            json_decref(built);
        }
    }
    free(entries);

done:
    free(repeated);
    json_decref(accepted);
    json_decref(extra_vars);
    fc_errors_free(errors);
    fc_errors_free(json_errors);
    fc_test_view_free(answers);
    fc_test_view_free(template_vars);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in;
    fc_survey *survey = NULL;

    if (fuzz_split(&in, data, size) != 0)
        return 0;
    if (in.parse_failed || in.docs[0] == NULL)
        goto done;
    int rc = fc_survey_compile(&survey, NULL, in.docs[0], !(in.flags & FUZZ_FLAG_DISABLED),
                               (in.flags & FUZZ_FLAG_ASK_VARIABLES) != 0);
    FUZZ_CHECK(fuzz_is_known_rc(rc));
    if (rc == FC_OK)
        run_views(&in, survey);

done:
    fc_survey_free(survey);
    fuzz_input_free(&in);
    return 0;
}
