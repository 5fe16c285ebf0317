/* The view entry points (fc_answers.h): what views can carry that jansson
 * values cannot (raw decimal text, repeated keys, bytes without NUL
 * termination), argument checks, and the order of the accepted entries.
 * The rules themselves are swept through views in test_fixtures.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const char *const SPEC =
    "{\"name\": \"s\", \"description\": \"\", \"spec\": ["
    "{\"type\": \"text\", \"question_name\": \"Host\", \"variable\": \"hostname\","
    " \"required\": true, \"min\": 2, \"max\": 20},"
    "{\"type\": \"integer\", \"question_name\": \"Count\", \"variable\": \"count\","
    " \"required\": false, \"min\": -5, \"max\": 10, \"default\": 3},"
    "{\"type\": \"password\", \"question_name\": \"Token\", \"variable\": \"token\","
    " \"required\": false, \"default\": \"default-token\"},"
    "{\"type\": \"multiselect\", \"question_name\": \"Regions\", \"variable\": \"regions\","
    " \"required\": false, \"choices\": [\"eu\", \"us\", 7]}]}";

static fc_survey *compile(int ask)
{
    json_error_t error;
    json_t *spec = json_loads(SPEC, 0, &error);
    fc_survey *survey = NULL;
    assert_non_null(spec);
    assert_int_equal(fc_survey_compile(&survey, NULL, spec, 1, ask), 0);
    json_decref(spec);
    return survey;
}

static fc_view str(const char *text)
{
    fc_view v = {FC_VIEW_STRING, strlen(text), {.text = text}};
    return v;
}

static fc_view integer(long long value)
{
    fc_view v = {FC_VIEW_INT, 0, {.integer = value}};
    return v;
}

static fc_view bigint(const char *decimal)
{
    fc_view v = {FC_VIEW_BIGINT, strlen(decimal), {.text = decimal}};
    return v;
}

static fc_view real(double value)
{
    fc_view v = {FC_VIEW_REAL, 0, {.real = value}};
    return v;
}

static fc_view object(const fc_view_member *members, size_t count)
{
    fc_view v = {FC_VIEW_OBJECT, count, {.members = members}};
    return v;
}

static int check(const fc_survey *survey, const fc_view *answers, fc_accepted *out, size_t *count,
                 fc_errors *errors)
{
    return fc_survey_check(out, count, 16, errors, survey, NULL, answers, "extra_vars");
}

static void arguments_are_checked(void **state)
{
    fc_survey *survey = compile(0);
    fc_accepted out[16];
    size_t count = 99;
    fc_view list = {FC_VIEW_LIST, 0, {.items = NULL}};
    (void)state;
    assert_int_equal(fc_survey_check(out, NULL, 16, NULL, survey, NULL, NULL, ""), FC_EINVAL);
    assert_int_equal(fc_survey_check(NULL, &count, 16, NULL, survey, NULL, NULL, ""), FC_EINVAL);
    assert_int_equal(count, 0);
    assert_int_equal(fc_survey_check(out, &count, 16, NULL, NULL, NULL, NULL, ""), FC_EINVAL);
    /* template_vars must be an object (or null); answers of another kind
     * are the caller's problem to hear about, as a validation error. */
    assert_int_equal(fc_survey_check(out, &count, 16, NULL, survey, &list, NULL, ""), FC_EINVAL);
    fc_view_member host = {"hostname", 8, str("web03")};
    fc_view answers = object(&host, 1);
    /* Capacity: questions (4) + answers (1); one less is refused. */
    assert_int_equal(fc_survey_check_capacity(survey, NULL, &answers), 5);
    assert_int_equal(fc_survey_check(out, &count, 4, NULL, survey, NULL, &answers, ""), FC_EINVAL);
    assert_int_equal(fc_survey_check(out, &count, 5, NULL, survey, NULL, &answers, ""), 0);
    const char *variable = NULL;
    size_t len = 0;
    const json_t *value = NULL;
    assert_int_equal(fc_survey_default(&variable, &len, &value, survey, 4), FC_EINVAL);
    assert_int_equal(fc_survey_default(&variable, &len, &value, survey, 0), 0);
    assert_int_equal(len, 8);
    assert_null(value); /* hostname has no default */
    assert_int_equal(fc_survey_default(&variable, &len, &value, survey, 1), 0);
    assert_int_equal(json_integer_value(value), 3);
    fc_survey_free(survey);
}

/* Spec order for the questions (answers or defaults), then passed-through
 * variables in answer order, whatever order the answers come in. */
static void entries_follow_spec_then_answer_order(void **state)
{
    fc_survey *survey = compile(1);
    fc_view regions_items[2] = {str("us"), integer(7)};
    fc_view regions = {FC_VIEW_LIST, 2, {.items = regions_items}};
    fc_view_member members[] = {
        {"zeta", 4, integer(1)},       {"regions", 7, regions}, {"token", 5, str("$encrypted$")},
        {"hostname", 8, str("web03")}, {"alpha", 5, str("a")},
    };
    fc_view answers = object(members, 5);
    fc_accepted out[16];
    size_t count = 0;
    (void)state;
    assert_int_equal(check(survey, &answers, out, &count, NULL), 0);
    assert_int_equal(count, 6);
    const fc_accepted want[] = {{FC_ACCEPT_ANSWER, 3},  {FC_ACCEPT_DEFAULT, 1},
                                {FC_ACCEPT_DEFAULT, 2}, {FC_ACCEPT_ANSWER, 1},
                                {FC_ACCEPT_ANSWER, 0},  {FC_ACCEPT_ANSWER, 4}};
    for (size_t i = 0; i < count; i++) {
        assert_int_equal(out[i].source, want[i].source);
        assert_int_equal(out[i].index, want[i].index);
    }
    /* With template variables: theirs first, so later entries win. */
    fc_view_member template_members[] = {{"hostname", 8, str("tmpl")}, {"t", 1, integer(2)}};
    fc_view template_vars = object(template_members, 2);
    assert_int_equal(
        fc_survey_check(out, &count, 16, NULL, survey, &template_vars, &answers, "extra_vars"), 0);
    assert_int_equal(count, 8);
    assert_int_equal(out[0].source, FC_ACCEPT_TEMPLATE);
    assert_int_equal(out[1].source, FC_ACCEPT_TEMPLATE);
    assert_int_equal(out[1].index, 1);
    assert_int_equal(out[2].source, FC_ACCEPT_ANSWER);
    fc_survey_free(survey);
}

/* A view's keys are distinct (a dict's are): a survey variable given twice
 * is the caller's mistake. */
static void repeated_variable_is_einval(void **state)
{
    fc_survey *survey = compile(0);
    fc_view_member members[] = {{"hostname", 8, str("web03")}, {"hostname", 8, str("web04")}};
    fc_view answers = object(members, 2);
    fc_accepted out[16];
    size_t count = 0;
    (void)state;
    assert_int_equal(check(survey, &answers, out, &count, NULL), FC_EINVAL);
    fc_survey_free(survey);
}

/* Decimal text is read exactly: leading zeros, "-0", values that fit 64
 * bits (compared as such) and beyond; anything else is refused. */
static void bigint_text_is_read_exactly(void **state)
{
    fc_survey *survey = compile(0);
    fc_view_member members[] = {{"hostname", 8, str("web03")}, {"count", 5, integer(0)}};
    fc_view answers = object(members, 2);
    fc_accepted out[16];
    size_t count = 0;
    fc_errors *errors = NULL;
    (void)state;
    assert_int_equal(fc_errors_new(&errors), 0);
    const char *fit[] = {"0005", "-0", "10", "-5", "-000000000000000000000000000000000000000001"};
    for (size_t i = 0; i < sizeof(fit) / sizeof(fit[0]); i++) {
        members[1].value = bigint(fit[i]);
        assert_int_equal(check(survey, &answers, out, &count, errors), 0);
    }
    members[1].value = bigint("00000000000000000000000000000000011");
    assert_int_equal(check(survey, &answers, out, &count, errors), FC_EVALIDATION);
    assert_error_at(errors, 0, "extra_vars.count", "too_large");
    assert_message_at(errors, 0, "'count' must be at most 10");
    fc_errors_clear(errors);
    members[1].value = bigint("-99999999999999999999999");
    assert_int_equal(check(survey, &answers, out, &count, errors), FC_EVALIDATION);
    assert_error_at(errors, 0, "extra_vars.count", "too_small");
    const char *bad[] = {"", "-", "1x", "+1", " 1", "1.0"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        members[1].value = bigint(bad[i]);
        assert_int_equal(check(survey, &answers, out, &count, NULL), FC_EINVAL);
    }
    /* In a multiselect list too. */
    fc_view items[1] = {bigint("00007")};
    members[1] = (fc_view_member){"regions", 7, {FC_VIEW_LIST, 1, {.items = items}}};
    assert_int_equal(check(survey, &answers, out, &count, NULL), 0);
    items[0] = bigint("7a");
    assert_int_equal(check(survey, &answers, out, &count, NULL), FC_EINVAL);
    fc_errors_free(errors);
    fc_survey_free(survey);
}

/* Bytes are read by length: a key or a string need no NUL terminator,
 * and a NUL inside is refused as in jansson values. */
static void lengths_not_terminators(void **state)
{
    fc_survey *survey = compile(0);
    const char buffer[] = "hostnameXXweb03YY";
    fc_view_member members[] = {{buffer, 8, {FC_VIEW_STRING, 5, {.text = buffer + 10}}}};
    fc_view answers = object(members, 1);
    fc_accepted out[16];
    size_t count = 0;
    fc_errors *errors = NULL;
    (void)state;
    assert_int_equal(check(survey, &answers, out, &count, NULL), 0);
    assert_int_equal(fc_errors_new(&errors), 0);
    members[0].value = (fc_view){FC_VIEW_STRING, 3, {.text = "a\0b"}};
    assert_int_equal(check(survey, &answers, out, &count, errors), FC_EVALIDATION);
    assert_error_at(errors, 0, "extra_vars.hostname", "invalid");
    fc_errors_free(errors);
    fc_survey_free(survey);
}

/* 0 when value is a choice of a one-question survey with these choices. */
static int choose(const char *choices, fc_view value)
{
    char text[512];
    snprintf(text, sizeof(text),
             "{\"name\": \"\", \"description\": \"\", \"spec\": [{\"type\": \"multiplechoice\","
             " \"question_name\": \"C\", \"variable\": \"c\", \"required\": true,"
             " \"choices\": %s}]}",
             choices);
    json_t *spec = json_loads(text, 0, NULL);
    fc_survey *survey = NULL;
    assert_non_null(spec);
    assert_int_equal(fc_survey_compile(&survey, NULL, spec, 1, 0), 0);
    fc_view_member member = {"c", 1, value};
    fc_view answers = object(&member, 1);
    fc_accepted out[4];
    size_t count = 0;
    int rc = fc_survey_check(out, &count, 4, NULL, survey, NULL, &answers, "extra_vars");
    fc_survey_free(survey);
    json_decref(spec);
    return rc;
}

/* A few choices are tested one by one, more are looked up in sorted order:
 * the same answers are choices either way (first 8 bytes alike, lengths
 * apart, numbers by value, never a number for a string). */
static void small_and_large_choice_sets_agree(void **state)
{
    (void)state;
    static const char *const sets[] = {
        "[\"ab\", \"ab c\", \"option 3\", \"option 30\", \"abcdefghij\", \"abcdefghik\", 1, 2.5]",
        "[\"ab\", \"ab c\", \"option 3\", \"option 30\", \"abcdefghij\", \"abcdefghik\", 1, 2.5,"
        " \"zz\", \"zy\", \"zx\"]",
        /* Numbers and strings are looked up apart: many numbers, few strings... */
        "[\"ab\", \"ab c\", \"option 3\", \"option 30\", \"abcdefghij\", \"abcdefghik\", 1, 2.5,"
        " 11, 12, 13, 14, 15, 16, 17, 18]",
        /* ... and many of both. */
        "[\"ab\", \"ab c\", \"option 3\", \"option 30\", \"abcdefghij\", \"abcdefghik\", 1, 2.5,"
        " \"zz\", \"zy\", \"zx\", 11, 12, 13, 14, 15, 16, 17, 18]"};
    const fc_view yes[] = {str("ab"),        str("ab c"),       str("option 3"),
                           str("option 30"), str("abcdefghij"), str("abcdefghik"),
                           integer(1),       real(1.0),         real(2.5)};
    const fc_view no[] = {str("a"),      str("abc"),        str("option 300"),
                          str("option"), str("abcdefghii"), str("abcdefghijk"),
                          str("1"),      integer(3),        real(2.4),
                          str(""),       str("abcdefgh")};
    for (size_t s = 0; s < sizeof(sets) / sizeof(sets[0]); s++) {
        for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
            assert_int_equal(choose(sets[s], yes[i]), 0);
        for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
            assert_int_equal(choose(sets[s], no[i]), FC_EVALIDATION);
    }
    assert_int_equal(choose(sets[1], str("zy")), 0);
    assert_int_equal(choose(sets[2], integer(15)), 0);
    assert_int_equal(choose(sets[3], real(18.0)), 0);
    assert_int_equal(choose(sets[3], integer(19)), FC_EVALIDATION);
}

/* A multiselect survey of count choices "c000", "c001", ... (sorted as numbered) */
static fc_survey *multiselect(size_t count)
{
    json_t *choices = json_array();
    char name[24];
    for (size_t i = 0; i < count; i++) {
        snprintf(name, sizeof(name), "c%03zu", i);
        json_array_append_new(choices, json_string(name));
    }
    json_t *spec = json_pack("{s:s, s:s, s:[{s:s, s:s, s:s, s:b, s:o}]}", "name", "", "description",
                             "", "spec", "type", "multiselect", "question_name", "M", "variable",
                             "m", "required", 1, "choices", choices);
    fc_survey *survey = NULL;
    assert_non_null(spec);
    assert_int_equal(fc_survey_compile(&survey, NULL, spec, 1, 0), 0);
    json_decref(spec);
    return survey;
}

/* The check of the answer ["c<a>", "c<b>"] (3 digits); errors (or NULL) get the problems. */
static int pick_two(const fc_survey *survey, size_t a, size_t b, fc_errors *errors)
{
    char first[24], second[24];
    snprintf(first, sizeof(first), "c%03zu", a);
    snprintf(second, sizeof(second), "c%03zu", b);
    fc_view items[] = {str(first), str(second)};
    fc_view_member member = {"m", 1, {FC_VIEW_LIST, 2, {.items = items}}};
    fc_view answers = object(&member, 1);
    fc_accepted out[4];
    size_t n = 0;
    return fc_survey_check(out, &n, 4, errors, survey, NULL, &answers, "extra_vars");
}

/* Every choice is told apart from every other one 64 places away (one bit
 * word further) and repeats are found, past the choices whose flags fit on
 * the stack (256) too. */
static void repeats_are_found_among_many_choices(void **state)
{
    static const size_t counts[] = {3, 64, 65, 100, 300};
    fc_errors *errors = NULL;
    (void)state;
    for (size_t k = 0; k < sizeof(counts) / sizeof(counts[0]); k++) {
        fc_survey *survey = multiselect(counts[k]);
        for (size_t i = 0; i < counts[k]; i++) {
            assert_int_equal(pick_two(survey, i, i, NULL), FC_EVALIDATION);
            assert_int_equal(pick_two(survey, i, (i + 1) % counts[k], NULL), 0);
            if (counts[k] > 64)
                assert_int_equal(pick_two(survey, i, (i + 64) % counts[k], NULL), 0);
        }
        if (counts[k] == 300) {
            assert_int_equal(fc_errors_new(&errors), 0);
            assert_int_equal(pick_two(survey, 299, 299, errors), FC_EVALIDATION);
            assert_error_at(errors, 0, "extra_vars.m", "duplicate");
            fc_errors_free(errors);
        }
        fc_survey_free(survey);
    }
}

/* A text question's verdict on a text of chars characters, each width
 * bytes wide, is the one counting gives, whatever the bounds (most texts
 * are judged by their byte count alone). */
static void lengths_judged_by_bytes_agree_with_counting(void **state)
{
    static const char *const widths[] = {"a", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
    static const long long bounds[] = {-1, 0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33};
    const size_t n_bounds = sizeof(bounds) / sizeof(bounds[0]);
    char text[4 * 40 + 1], spec_text[400];
    (void)state;
    for (size_t b = 0; b < (n_bounds + 1) * (n_bounds + 1); b++) {
        /* Index n_bounds: no bound at all. */
        size_t lo = b / (n_bounds + 1), hi = b % (n_bounds + 1);
        char min[32] = "", max[32] = "";
        if (lo < n_bounds)
            snprintf(min, sizeof(min), ", \"min\": %lld", bounds[lo]);
        if (hi < n_bounds)
            snprintf(max, sizeof(max), ", \"max\": %lld", bounds[hi]);
        snprintf(spec_text, sizeof(spec_text),
                 "{\"name\": \"\", \"description\": \"\", \"spec\": [{\"type\": \"text\","
                 " \"question_name\": \"T\", \"variable\": \"t\", \"required\": false%s%s}]}",
                 min, max);
        json_t *spec = json_loads(spec_text, 0, NULL);
        fc_survey *survey = NULL;
        assert_non_null(spec);
        assert_int_equal(fc_survey_compile(&survey, NULL, spec, 1, 0), 0);
        for (size_t w = 0; w < 4; w++) {
            for (size_t chars = 0; chars <= 40; chars++) {
                size_t len = 0;
                for (size_t c = 0; c < chars; c++) {
                    memcpy(text + len, widths[w], w + 1);
                    len += w + 1;
                }
                int fits = (lo == n_bounds || (long long)chars >= bounds[lo]) &&
                           (hi == n_bounds || (long long)chars <= bounds[hi]);
                fc_view_member member = {"t", 1, {FC_VIEW_STRING, len, {.text = text}}};
                fc_view answers = object(&member, 1);
                fc_accepted out[4];
                size_t count = 0;
                int rc =
                    fc_survey_check(out, &count, 4, NULL, survey, NULL, &answers, "extra_vars");
                if (rc != (fits ? 0 : FC_EVALIDATION))
                    fail_msg("%s%s: %zu characters of %zu bytes: %d", min, max, chars, w + 1, rc);
            }
        }
        fc_survey_free(survey);
        json_decref(spec);
    }
}

static const struct CMUnitTest answers_tests[] = {
    cmocka_unit_test(small_and_large_choice_sets_agree),
    cmocka_unit_test(repeats_are_found_among_many_choices),
    cmocka_unit_test(lengths_judged_by_bytes_agree_with_counting),
    cmocka_unit_test(arguments_are_checked),
    cmocka_unit_test(entries_follow_spec_then_answer_order),
    cmocka_unit_test(repeated_variable_is_einval),
    cmocka_unit_test(bigint_text_is_read_exactly),
    cmocka_unit_test(lengths_not_terminators),
};

FC_TEST_MAIN(answers_tests)
