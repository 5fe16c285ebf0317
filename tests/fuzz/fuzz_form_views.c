/* libFuzzer: forms on borrowed views (fc_form_check, form_check.c) against
 * the jansson entry points on the same input. Input (fuzz_common.h
 * framing): flags, survey_spec \0 overlay \0 answers \0 choices. Checks:
 * known return codes; the view call reaches the jansson verdict with the
 * same errors (path, code, message, order) and the same visible questions,
 * for validate and for the launch; its entries stay within their sources
 * and build the jansson results; the launch holds the template's
 * variables, every accepted answer and each hidden question's default. */
#include "fuzz_common.h"
#include "view_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int64_t NOW = 1796083200; /* 2026-12-01 */

static size_t members(const fc_view *v)
{
    return v != NULL && v->kind == FC_VIEW_OBJECT ? v->len : 0;
}

static json_t *visible_names(const fc_survey *survey, const size_t *visible, size_t count)
{
    json_t *names = json_array();
    FUZZ_CHECK(names != NULL);
    for (size_t i = 0; i < count; i++) {
        const char *variable;
        size_t len;
        const json_t *unused;
        FUZZ_CHECK(fc_survey_default(&variable, &len, &unused, survey, visible[i]) == 0);
        json_array_append_new(names, json_stringn(variable, len));
    }
    return names;
}

static int listed(const json_t *names, const char *variable, size_t len)
{
    for (size_t i = 0; i < json_array_size(names); i++) {
        const json_t *n = json_array_get(names, i);
        if (json_string_length(n) == len && memcmp(json_string_value(n), variable, len) == 0)
            return 1;
    }
    return 0;
}

/* One mode (validate or launch) on views against the jansson results. */
static void check_mode(const fc_form *form, int launch, const json_t *answers,
                       const json_t *choices, const json_t *template_vars, int want_rc,
                       const fc_errors *want_errors, const json_t *want_visible,
                       const json_t *want_result)
{
    const fc_survey *survey = fc_form_survey(form);
    fc_test_view *av = fc_test_view_new(answers), *cv = fc_test_view_new(choices);
    fc_test_view *tv = fc_test_view_new(template_vars);
    FUZZ_CHECK(av != NULL && cv != NULL && tv != NULL);
    const fc_view *a = answers != NULL ? &av->root : NULL;
    const fc_view *t = launch ? &tv->root : NULL;
    size_t capacity = fc_form_check_capacity(form, t, a);
    size_t questions = fc_form_question_count(form);
    fc_accepted *entries = malloc((capacity + 1) * sizeof(*entries));
    size_t *visible = malloc((questions + 1) * sizeof(*visible));
    fc_errors *errors = NULL;
    size_t count = 0, shown = 0;
    FUZZ_CHECK(entries != NULL && visible != NULL && fc_errors_new(&errors) == 0);

    int rc = fc_form_check(entries, &count, capacity, visible, &shown, errors, form, a,
                           choices != NULL ? &cv->root : NULL, &NOW, launch, t, "extra_vars");
    FUZZ_CHECK(rc == want_rc);
    FUZZ_CHECK(fc_test_same_errors(errors, want_errors));
    /* the verdict does not depend on the error list */
    size_t count2 = 0, shown2 = 0;
    FUZZ_CHECK(fc_form_check(entries, &count2, capacity, visible, &shown2, NULL, form, a,
                             choices != NULL ? &cv->root : NULL, &NOW, launch, t,
                             "extra_vars") == rc);
    FUZZ_CHECK(count2 == count && shown2 == shown);
    if (rc == 0 || rc == FC_EVALIDATION) {
        FUZZ_CHECK(shown <= questions);
        json_t *names = visible_names(survey, visible, shown);
        FUZZ_CHECK(json_equal(names, want_visible));
        if (rc == 0 && launch) {
            /* every hidden question's default is launched */
            for (size_t i = 0; i < fc_survey_question_count(survey); i++) {
                const char *variable;
                size_t len;
                const json_t *value;
                FUZZ_CHECK(fc_survey_default(&variable, &len, &value, survey, i) == 0);
                if (value != NULL && !listed(names, variable, len))
                    FUZZ_CHECK(json_object_getn(want_result, variable, len) != NULL);
            }
        }
        json_decref(names);
    } else {
        FUZZ_CHECK(shown == 0);
    }
    if (rc == 0) {
        for (size_t i = 0; i < count; i++) {
            size_t index = entries[i].index;
            if (entries[i].source == FC_ACCEPT_TEMPLATE)
                FUZZ_CHECK(launch && index < members(t));
            else if (entries[i].source == FC_ACCEPT_ANSWER)
                FUZZ_CHECK(index < members(a));
            else
                FUZZ_CHECK(index < fc_survey_question_count(survey));
        }
        json_t *built = fc_test_view_apply(entries, count, survey, launch ? tv : NULL, av);
        FUZZ_CHECK(built != NULL && json_equal(built, want_result));
        json_decref(built);
    } else {
        FUZZ_CHECK(count == 0);
    }
    fc_errors_free(errors);
    free(visible);
    free(entries);
    fc_test_view_free(tv);
    fc_test_view_free(cv);
    fc_test_view_free(av);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in;
    fc_survey *survey = NULL;
    fc_form *form = NULL;
    fc_errors *errors = NULL, *launch_errors = NULL;
    json_t *visible = NULL, *accepted = NULL, *extra = NULL;
    json_t *template_vars = json_pack("{sisi}", "template_only", 1, "env", 2);

    if (fuzz_split(&in, data, size) != 0) {
        json_decref(template_vars);
        return 0;
    }
    if (in.parse_failed || in.docs[0] == NULL || template_vars == NULL)
        goto done;
    int ask = (in.flags & FUZZ_FLAG_ASK_VARIABLES) != 0;
    if (fc_survey_compile(&survey, NULL, in.docs[0], 1, ask) != 0)
        goto done;
    if (fc_form_compile(&form, NULL, survey, in.docs[1], "overlay") != 0)
        goto done;
    const json_t *answers = in.docs[2], *choices = in.docs[3];
    if (choices != NULL && !json_is_object(choices))
        choices = NULL; /* the caller's mistake, checked by the cmocka suite */
    FUZZ_CHECK(fc_errors_new(&errors) == 0 && fc_errors_new(&launch_errors) == 0);

    int rc =
        fc_form_validate(&visible, &accepted, errors, form, answers, choices, &NOW, "extra_vars");
    FUZZ_CHECK(fuzz_is_known_rc(rc));
    fuzz_check_errors(errors, rc);
    int launch_rc = fc_form_extra_vars(&extra, launch_errors, form, template_vars, answers, choices,
                                       &NOW, "extra_vars");
    FUZZ_CHECK(launch_rc == rc && fc_test_same_errors(errors, launch_errors));
    if (rc == 0) {
        /* the launch holds the template's variables unless answered, and every accepted answer */
        FUZZ_CHECK(json_object_get(extra, "template_only") != NULL);
        const char *key;
        json_t *value;
        json_object_foreach(accepted, key, value) {
            FUZZ_CHECK(json_equal(json_object_get(extra, key), value));
        }
    }
    check_mode(form, 0, answers, choices, NULL, rc, errors, visible, accepted);
    check_mode(form, 1, answers, choices, template_vars, rc, errors, visible, extra);

done:
    json_decref(visible);
    json_decref(accepted);
    json_decref(extra);
    json_decref(template_vars);
    fc_errors_free(errors);
    fc_errors_free(launch_errors);
    fc_form_free(form);
    fc_survey_free(survey);
    fuzz_input_free(&in);
    return 0;
}
