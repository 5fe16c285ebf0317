/* libFuzzer: compile a spec, then validate an answer set against it, with
 * extra_vars, redaction, the secret list and the display spec.
 * Input (fuzz_common.h framing): flags, survey_spec \0 answers \0
 * template_extra_vars. */
#include "fuzz_survey_checks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in;
    fc_survey *survey = NULL;

    if (fuzz_split(&in, data, size) != 0)
        return 0;
    if (in.parse_failed || in.docs[0] == NULL)
        goto done;

    int enabled = !(in.flags & FUZZ_FLAG_DISABLED);
    int ask = (in.flags & FUZZ_FLAG_ASK_VARIABLES) != 0;
    int rc = fc_survey_compile(&survey, NULL, in.docs[0], enabled, ask);
    FUZZ_CHECK(fuzz_is_known_rc(rc));
    if (rc != FC_OK)
        goto done;
    if (!enabled)
        FUZZ_CHECK(!fc_survey_enabled(survey) && fc_survey_question_count(survey) == 0);
    FUZZ_CHECK(fc_survey_asks_variables(survey) == ask);

    fuzz_exercise_survey(survey, in.docs[1], in.docs[2], data, size);

done:
    fc_survey_free(survey);
    fuzz_input_free(&in);
    return 0;
}
