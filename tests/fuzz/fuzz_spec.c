/* libFuzzer: fc_survey_compile on arbitrary bytes parsed as JSON.
 * The whole input is the survey_spec document (no framing), so any golden
 * spec is a seed as it stands. A spec that compiles must also give a sane
 * display spec, secret list, launch data and default answers. */
#include "fuzz_survey_checks.h"

static void check_compiled(const fc_survey *survey)
{
    json_t *display = NULL, *launch = NULL, *accepted = NULL, *secrets;
    fc_survey *again = NULL;

    /* Survey problems are a well-formed list of the spec's own places. */
    const fc_errors *problems = fc_survey_problems(survey);
    FUZZ_CHECK(problems != NULL && fc_errors_count(problems) <= FC_LIMIT_MAX_ERRORS);
    for (size_t i = 0; i < fc_errors_count(problems); i++) {
        FUZZ_CHECK(strncmp(fc_errors_path(problems, i), "spec[", 5) == 0);
        FUZZ_CHECK(fuzz_is_known_code(fc_errors_code(problems, i)));
        FUZZ_CHECK(fc_errors_message(problems, i)[0] != '\0');
    }

    secrets = fuzz_secret_names(survey);
    json_decref(secrets);

    if (fc_survey_display_spec(&display, survey) == FC_OK) {
        fuzz_check_display_spec(display);
        /* What a client sees is itself a spec we accept, with as many
         * questions: the portal and API hand it back unchanged. */
        if (fc_survey_question_count(survey) > 0) {
            int rc = fc_survey_compile(&again, NULL, display, 1, 0);
            FUZZ_CHECK(rc == FC_OK || rc == FC_ENOMEM);
            if (rc == FC_OK)
                FUZZ_CHECK(fc_survey_question_count(again) == fc_survey_question_count(survey));
            fc_survey_free(again);
        }
    }
    json_decref(display);

    int rc = fc_launch_data(&launch, survey, 0, NULL, 0);
    FUZZ_CHECK(rc == FC_OK || rc == FC_ENOMEM);
    if (rc == FC_OK)
        FUZZ_CHECK(json_is_object(launch) &&
                   json_is_array(json_object_get(launch, "node_surveys")));
    json_decref(launch);

    /* No answers at all: only defaults and required questions decide. */
    fc_errors *errors = NULL;
    if (fc_errors_new(&errors) == FC_OK) {
        rc = fc_survey_validate(&accepted, errors, survey, NULL, "extra_vars");
        fuzz_check_errors(errors, rc);
        fuzz_check_paths(errors, "extra_vars");
        json_decref(accepted);
        fc_errors_free(errors);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *spec = fuzz_parse(data, size);
    fc_errors *errors = NULL;
    fc_survey *survey = NULL;

    if (spec == NULL || fc_errors_new(&errors) != FC_OK) {
        json_decref(spec);
        return 0;
    }

    int rc = fc_survey_compile(&survey, errors, spec, 1, 0);
    fuzz_check_errors(errors, rc);
    if (rc == FC_OK) {
        FUZZ_CHECK(survey != NULL);
        check_compiled(survey);
    } else {
        FUZZ_CHECK(survey == NULL);
        /* Report-all: the verdict does not depend on collecting details. */
        fc_survey *quiet = NULL;
        FUZZ_CHECK(fc_survey_compile(&quiet, NULL, spec, 1, 0) == rc);
        FUZZ_CHECK(quiet == NULL);
    }
    fc_survey_free(survey);

    /* Disabled: the spec is not read, whatever it holds (fc_survey.h). */
    survey = NULL;
    rc = fc_survey_compile(&survey, NULL, spec, 0, 0);
    FUZZ_CHECK(rc == FC_OK || rc == FC_ENOMEM);
    if (rc == FC_OK)
        FUZZ_CHECK(fc_survey_question_count(survey) == 0 && !fc_survey_enabled(survey));
    fc_survey_free(survey);

    fc_errors_free(errors);
    json_decref(spec);
    return 0;
}
