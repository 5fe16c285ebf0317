/* Survey properties checked after every fuzzed call (see fuzz_survey_checks.h). */
#include "fuzz_survey_checks.h"

int fuzz_starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

void fuzz_check_paths(const fc_errors *errors, const char *prefix)
{
    for (size_t i = 0; i < fc_errors_count(errors); i++)
        FUZZ_CHECK(fuzz_starts_with(fc_errors_path(errors, i), prefix));
}

void fuzz_check_display_spec(const json_t *spec)
{
    const json_t *questions = json_object_get(spec, "spec");
    size_t i;
    const json_t *question;

    FUZZ_CHECK(json_is_object(spec));
    json_array_foreach(questions, i, question) {
        const char *type = json_string_value(json_object_get(question, "type"));
        const json_t *def = json_object_get(question, "default");
        if (type == NULL || strcmp(type, "password") != 0 || def == NULL || json_is_null(def))
            continue;
        FUZZ_CHECK(json_is_string(def));
        FUZZ_CHECK(json_string_length(def) == 0 ||
                   strcmp(json_string_value(def), FC_ENCRYPTED) == 0);
    }
}

json_t *fuzz_secret_names(const fc_survey *survey)
{
    json_t *names = NULL;
    int rc = fc_survey_secret_variables(&names, survey);
    FUZZ_CHECK(rc == FC_OK || rc == FC_ENOMEM);
    if (rc != FC_OK)
        return NULL;
    FUZZ_CHECK(json_is_array(names));
    FUZZ_CHECK(json_array_size(names) <= fc_survey_question_count(survey));
    return names;
}

void fuzz_check_redact(const fc_survey *survey, const json_t *values, const json_t *secrets)
{
    json_t *redacted = NULL;
    const char *key;
    json_t *value;

    int rc = fc_survey_redact(&redacted, survey, values);
    if (!json_is_object(values)) {
        FUZZ_CHECK(rc != FC_OK || json_is_object(redacted));
        json_decref(redacted);
        return;
    }
    FUZZ_CHECK(rc == FC_OK || rc == FC_ENOMEM);
    if (rc != FC_OK)
        return;
    FUZZ_CHECK(json_object_size(redacted) == json_object_size(values));
    json_object_foreach((json_t *)values, key, value) {
        const json_t *shown = json_object_get(redacted, key);
        int secret = 0;
        size_t i;
        const json_t *name;
        /* Variable names may hold NUL; parsed object keys cannot. */
        json_array_foreach(secrets, i, name) {
            if (json_string_length(name) == strlen(key) &&
                memcmp(json_string_value(name), key, strlen(key)) == 0)
                secret = 1;
        }
        FUZZ_CHECK(shown != NULL);
        if (secret)
            FUZZ_CHECK(json_is_string(shown) &&
                       strcmp(json_string_value(shown), FC_ENCRYPTED) == 0);
        else
            FUZZ_CHECK(json_equal((json_t *)shown, value));
    }
    json_decref(redacted);
}

void fuzz_check_no_secret_echo(const fc_survey *survey, const json_t *answers,
                               const json_t *secrets, const uint8_t *data, size_t size)
{
    size_t i;
    const json_t *name;
    json_t *probe;

    if (json_array_size(secrets) == 0 || fuzz_input_contains(data, size, "4n4ry"))
        return;
    probe = json_is_object(answers) ? json_deep_copy(answers) : json_object();
    if (probe == NULL)
        return;
    json_array_foreach(secrets, i, name) {
        json_object_set_new(probe, json_string_value(name), json_string(FUZZ_CANARY));
    }
    fc_errors *errors = NULL;
    json_t *accepted = NULL;
    if (fc_errors_new(&errors) == FC_OK) {
        int rc = fc_survey_validate(&accepted, errors, survey, probe, "extra_vars");
        fuzz_check_errors(errors, rc);
        FUZZ_CHECK(!fuzz_messages_contain(errors, FUZZ_CANARY));
        FUZZ_CHECK(!fuzz_messages_contain(errors, "4n4ry-Pa55"));
        json_decref(accepted);
        fc_errors_free(errors);
    }
    json_decref(probe);
}

/* 1 if some value of the object is a stored secret: "$encrypted$" followed
 * by more text. */
static int holds_stored_secret(const json_t *values)
{
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)values, key, value) {
        if (json_is_string(value) && json_string_length(value) > strlen(FC_ENCRYPTED) &&
            strncmp(json_string_value(value), FC_ENCRYPTED, strlen(FC_ENCRYPTED)) == 0)
            return 1;
    }
    return 0;
}

void fuzz_exercise_survey(const fc_survey *survey, const json_t *answers,
                          const json_t *template_vars, const uint8_t *data, size_t size)
{
    fc_errors *errors = NULL;
    json_t *accepted = NULL, *again = NULL, *extra = NULL, *secrets, *display = NULL;
    int rc, rc2;

    if (fc_errors_new(&errors) != FC_OK)
        return;
    FUZZ_CHECK(fc_survey_problems(survey) != NULL);

    rc = fc_survey_validate(&accepted, errors, survey, answers, "extra_vars");
    fuzz_check_errors(errors, rc);
    fuzz_check_paths(errors, "extra_vars");
    if (rc == FC_OK)
        FUZZ_CHECK(json_is_object(accepted));
    size_t problems = fc_errors_count(errors);

    rc2 = fc_survey_validate(&again, NULL, survey, answers, "extra_vars");
    FUZZ_CHECK(rc2 == rc);
    if (rc == FC_OK)
        FUZZ_CHECK(json_equal(again, accepted));
    json_decref(again);
    again = NULL;

    /* Exception: a password default stored encrypted ("$encrypted$UTF8$...")
     * is put into accepted verbatim for the host to decrypt, and the same
     * text as an answer is reserved (tests/fixtures/README.md "Answers"). */
    if (rc == FC_OK && !holds_stored_secret(accepted)) {
        fc_errors_clear(errors);
        rc2 = fc_survey_validate(&again, errors, survey, accepted, "extra_vars");
        fuzz_check_errors(errors, rc2);
        FUZZ_CHECK(rc2 == FC_OK);
        FUZZ_CHECK(json_equal(again, accepted));
        json_decref(again);
    }

    fc_errors_clear(errors);
    rc2 = fc_survey_extra_vars(&extra, errors, survey, template_vars, answers, "extra_vars");
    fuzz_check_errors(errors, rc2);
    /* A small template object cannot hit a limit of its own, so any
     * difference would come from the answers being judged differently. */
    if (template_vars == NULL || json_is_null(template_vars) ||
        (json_is_object(template_vars) && json_object_size(template_vars) < 64)) {
        FUZZ_CHECK(rc2 == rc);
        FUZZ_CHECK(fc_errors_count(errors) == problems);
    }
    if (rc2 == FC_OK && rc == FC_OK) {
        const char *key;
        json_t *value;
        FUZZ_CHECK(json_is_object(extra));
        json_object_foreach(accepted, key, value) {
            FUZZ_CHECK(json_equal(json_object_get(extra, key), value));
        }
    }
    json_decref(extra);

    secrets = fuzz_secret_names(survey);
    if (json_is_object(answers))
        fuzz_check_redact(survey, answers, secrets);
    if (rc == FC_OK)
        fuzz_check_redact(survey, accepted, secrets);
    fuzz_check_no_secret_echo(survey, answers, secrets, data, size);
    json_decref(secrets);

    if (fc_survey_display_spec(&display, survey) == FC_OK)
        fuzz_check_display_spec(display);
    json_decref(display);

    json_decref(accepted);
    fc_errors_free(errors);
}
