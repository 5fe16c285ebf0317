/* libFuzzer: the visible_if language (form_expr.c) through fc_form_compile
 * and fc_form_validate. Input: flags byte, the condition's bytes, NUL, an
 * answer set (JSON). The condition sits on the last question of a fixed
 * survey whose earlier questions cover every type (names as in the form
 * fixtures: env, size, ratio, name, tags, secret, region). Checks: known
 * return codes, well-formed errors, the same verdict twice, the question
 * visible exactly when the verdict says so, and no answer echoed. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const spec_text =
    "{\"name\": \"\", \"description\": \"\", \"spec\": ["
    "{\"question_name\": \"E\", \"variable\": \"env\", \"type\": \"multiplechoice\","
    " \"choices\": \"dev\\nprod\", \"required\": false},"
    "{\"question_name\": \"S\", \"variable\": \"size\", \"type\": \"integer\", \"min\": 0,"
    " \"max\": 100, \"required\": false},"
    "{\"question_name\": \"R\", \"variable\": \"ratio\", \"type\": \"float\", \"required\": false},"
    "{\"question_name\": \"N\", \"variable\": \"name\", \"type\": \"text\", \"required\": false},"
    "{\"question_name\": \"T\", \"variable\": \"tags\", \"type\": \"multiselect\","
    " \"choices\": [\"web\", \"db\", \"cache\"], \"required\": false},"
    "{\"question_name\": \"P\", \"variable\": \"secret\", \"type\": \"password\", \"required\": "
    "false},"
    "{\"question_name\": \"G\", \"variable\": \"region\", \"type\": \"text\", \"default\": \"eu\","
    " \"required\": false},"
    "{\"question_name\": \"D\", \"variable\": \"detail\", \"type\": \"text\", \"required\": true}"
    "]}";

static fc_survey *the_survey(void)
{
    static fc_survey *survey; /* built once; the harness process owns it */
    if (survey == NULL) {
        json_t *spec = json_loads(spec_text, 0, NULL);
        FUZZ_CHECK(spec != NULL);
        FUZZ_CHECK(fc_survey_compile(&survey, NULL, spec, 1, 0) == 0);
        json_decref(spec);
    }
    return survey;
}

static int visible_has(const json_t *visible, const char *name)
{
    for (size_t i = 0; i < json_array_size(visible); i++)
        if (strcmp(json_string_value(json_array_get(visible, i)), name) == 0)
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *text = (const char *)data + 1;
    const uint8_t *nul = memchr(data + 1, 0, size - 1);
    size_t len = nul != NULL ? (size_t)(nul - (data + 1)) : size - 1;
    json_t *answers = nul != NULL ? fuzz_parse(nul + 1, size - (size_t)(nul + 1 - data)) : NULL;
    /* A condition is a JSON string, so valid UTF-8: anything else is refused by jansson. */
    json_t *condition = json_stringn(text, len);
    json_t *overlay =
        condition == NULL ? NULL : json_pack("{s{so}}", "detail", "visible_if", condition);
    fc_errors *problems = NULL, *errors = NULL;
    fc_form *form = NULL;

    if (overlay == NULL || (nul != NULL && answers == NULL))
        goto done;
    FUZZ_CHECK(fc_errors_new(&problems) == 0 && fc_errors_new(&errors) == 0);
    int rc = fc_form_compile(&form, problems, the_survey(), overlay, "overlay");
    FUZZ_CHECK(rc == 0 || rc == FC_EVALIDATION);
    fuzz_check_errors(problems, rc);
    FUZZ_CHECK((rc == 0) == (form != NULL));
    if (rc != 0)
        goto done;

    json_t *visible = NULL, *accepted = NULL, *visible2 = NULL, *accepted2 = NULL;
    rc = fc_form_validate(&visible, &accepted, errors, form, answers, NULL, NULL, "extra_vars");
    FUZZ_CHECK(rc == 0 || rc == FC_EVALIDATION);
    fuzz_check_errors(errors, rc);
    FUZZ_CHECK(visible != NULL && (rc == 0) == (accepted != NULL));
    /* The six questions without a condition are always visible. */
    FUZZ_CHECK(json_array_size(visible) >= 7);
    int shown = visible_has(visible, "detail");
    if (shown && rc == 0) /* detail is required: accepted only when answered */
        FUZZ_CHECK(json_object_get(accepted, "detail") != NULL);
    if (!shown)
        FUZZ_CHECK(accepted == NULL || json_object_get(accepted, "detail") == NULL);
    fc_errors_clear(errors);
    int rc2 = fc_form_validate(&visible2, &accepted2, errors, form, answers, NULL, NULL, "x");
    FUZZ_CHECK(rc2 == rc && json_equal(visible, visible2));
    FUZZ_CHECK((accepted == NULL) == (accepted2 == NULL));
    FUZZ_CHECK(accepted == NULL || json_equal(accepted, accepted2));
    json_t *display = NULL;
    FUZZ_CHECK(fc_form_display(&display, form) == 0 && json_array_size(display) == 8);
    json_decref(display);
    json_decref(visible);
    json_decref(accepted);
    json_decref(visible2);
    json_decref(accepted2);
done:
    fc_form_free(form);
    fc_errors_free(problems);
    fc_errors_free(errors);
    json_decref(overlay);
    json_decref(answers);
    return 0;
}
