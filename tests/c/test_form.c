/* fc_form.h beyond the golden cases (tests/fixtures/form): argument checks,
 * the messages a user reads, the form order, display and declarations, and
 * the pieces (conditions, patterns, formats) called directly. */
#include <stdlib.h>
#include <string.h>

#include "form_internal.h"
#include "harness.h"
#include "view_json.h"

static const char *const spec_text =
    "{\"name\": \"\", \"description\": \"\", \"spec\": ["
    "{\"question_name\": \"E\", \"variable\": \"env\", \"type\": \"multiplechoice\","
    " \"choices\": \"dev\\nprod\", \"required\": false},"
    "{\"question_name\": \"H\", \"variable\": \"host\", \"type\": \"text\", \"required\": true},"
    "{\"question_name\": \"W\", \"variable\": \"when\", \"type\": \"text\", \"required\": false}]}";

typedef struct fixture {
    fc_survey *survey;
    fc_form *form;
    fc_errors *errors;
} fixture;

static json_t *parse(const char *text)
{
    json_t *value = json_loads(text, JSON_DECODE_ANY, NULL);
    assert_non_null(value);
    return value;
}

static fixture *make(const char *overlay_text)
{
    fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    json_t *spec = parse(spec_text);
    assert_int_equal(fc_survey_compile(&f->survey, NULL, spec, 1, 0), 0);
    json_decref(spec);
    assert_int_equal(fc_errors_new(&f->errors), 0);
    if (overlay_text != NULL) {
        json_t *overlay = parse(overlay_text);
        fc_form_compile(&f->form, f->errors, f->survey, overlay, "overlay");
        json_decref(overlay);
    }
    return f;
}

static void destroy(fixture *f)
{
    fc_form_free(f->form);
    fc_survey_free(f->survey);
    fc_errors_free(f->errors);
    free(f);
}

static void arguments_are_checked(void **state)
{
    (void)state;
    fixture *f = make(NULL);
    fc_form *form = (fc_form *)1;
    json_t *visible = NULL, *accepted = NULL, *bad = parse("[]");
    assert_int_equal(fc_form_compile(NULL, NULL, f->survey, NULL, NULL), FC_EINVAL);
    assert_int_equal(fc_form_compile(&form, NULL, NULL, NULL, NULL), FC_EINVAL);
    assert_null(form);
    assert_int_equal(fc_form_compile(&form, NULL, f->survey, NULL, NULL), 0);
    assert_int_equal(fc_form_validate(NULL, &accepted, NULL, form, NULL, NULL, NULL, NULL),
                     FC_EINVAL);
    assert_int_equal(fc_form_validate(&visible, &accepted, NULL, NULL, NULL, NULL, NULL, NULL),
                     FC_EINVAL);
    /* choices must be an object: the caller's mistake, not the user's */
    assert_int_equal(fc_form_validate(&visible, &accepted, NULL, form, NULL, bad, NULL, NULL),
                     FC_EINVAL);
    assert_null(visible);
    assert_null(accepted);
    assert_int_equal(fc_form_display(NULL, form), FC_EINVAL);
    assert_int_equal(fc_form_choices_from(NULL, form), FC_EINVAL);
    assert_null(fc_form_variable(form, 3));
    assert_null(fc_form_survey(NULL));
    assert_int_equal(fc_form_question_count(NULL), 0);
    json_decref(bad);
    fc_form_free(form);
    fc_form_free(NULL);
    destroy(f);
}

static void date_bounds_need_now(void **state)
{
    (void)state;
    fixture *f = make("{\"when\": {\"format\": \"date\", \"max_days\": 3}}");
    json_t *visible = NULL, *accepted = NULL, *answers = parse("{\"host\": \"h\"}");
    assert_non_null(f->form);
    assert_true(fc_form_needs_now(f->form));
    assert_int_equal(fc_form_validate(&visible, &accepted, NULL, f->form, answers, NULL, NULL, ""),
                     FC_EINVAL);
    int64_t now = 0;
    assert_int_equal(fc_form_validate(&visible, &accepted, NULL, f->form, answers, NULL, &now, ""),
                     0);
    json_decref(visible);
    json_decref(accepted);
    json_decref(answers);
    destroy(f);
}

static void problems_say_where_and_why(void **state)
{
    (void)state;
    fixture *f = make("{\"env\": {\"visible_if\": \"host == 'x'\"},"
                      " \"host\": {\"visible_if\": \"env ==\"}}");
    assert_null(f->form);
    assert_int_equal(fc_errors_count(f->errors), 2);
    assert_error_at(f->errors, 0, "overlay.env.visible_if", "invalid");
    assert_message_at(f->errors, 0,
                      "at character 1: 'host' is not an earlier question (a condition may use "
                      "only the questions before its own)");
    assert_error_at(f->errors, 1, "overlay.host.visible_if", "invalid");
    assert_message_at(f->errors, 1, "at character 7: the condition ends too early");
    destroy(f);
}

static void user_messages(void **state)
{
    (void)state;
    fixture *f = make("{\"host\": {\"visible_if\": \"env == 'prod'\", \"pattern\": \"w[0-9]+\","
                      " \"pattern_message\": \"Host names look like w01.\"},"
                      " \"when\": {\"format\": \"date\", \"min_days\": 0}}");
    json_t *visible = NULL, *accepted = NULL;
    json_t *hidden = parse("{\"host\": \"x1\"}");
    json_t *shown = parse("{\"env\": \"prod\", \"host\": \"x1\", \"when\": \"1999-01-01\"}");
    int64_t now = 1796083200;
    assert_non_null(f->form);
    assert_int_equal(
        fc_form_validate(&visible, &accepted, f->errors, f->form, hidden, NULL, &now, "extra_vars"),
        FC_EVALIDATION);
    assert_null(accepted);
    assert_int_equal(json_array_size(visible), 2); /* when, env: host is hidden */
    assert_error_at(f->errors, 0, "extra_vars.host", "hidden");
    assert_message_at(f->errors, 0,
                      "'host' is not asked (its condition hides it), so it must not be answered");
    json_decref(visible);
    fc_errors_clear(f->errors);
    assert_int_equal(
        fc_form_validate(&visible, &accepted, f->errors, f->form, shown, NULL, &now, "extra_vars"),
        FC_EVALIDATION);
    assert_int_equal(fc_errors_count(f->errors), 2);
    assert_message_at(f->errors, 0, "Host names look like w01.");
    assert_error_at(f->errors, 1, "extra_vars.when", "too_small");
    assert_message_at(f->errors, 1, "'when' must not be in the past");
    json_decref(visible);
    json_decref(hidden);
    json_decref(shown);
    destroy(f);
}

static void order_display_and_declarations(void **state)
{
    (void)state;
    fixture *f = make("{\"when\": {\"order\": -5, \"section\": \"Timing\", \"help\": \"h\","
                      " \"placeholder\": \"p\"},"
                      " \"host\": {\"choices_from\": {\"inventory\": \"Prod\"}}}");
    json_t *display = NULL, *decl = NULL;
    assert_non_null(f->form);
    assert_string_equal(fc_form_variable(f->form, 0), "when");
    assert_string_equal(fc_form_variable(f->form, 1), "env");
    assert_string_equal(fc_form_variable(f->form, 2), "host");
    assert_int_equal(fc_form_display(&display, f->form), 0);
    json_t *want = parse(
        "[{\"variable\": \"when\", \"visible_if\": null, \"pattern\": null,"
        " \"pattern_message\": null, \"format\": null, \"min_days\": null, \"max_days\": null,"
        " \"help\": \"h\", \"placeholder\": \"p\", \"section\": \"Timing\", \"choices_from\": "
        "null}]");
    assert_true(json_equal(json_array_get(display, 0), json_array_get(want, 0)));
    assert_int_equal(fc_form_choices_from(&decl, f->form), 0);
    json_t *want_decl = parse("{\"host\": {\"inventory\": \"Prod\", \"kind\": \"hosts\","
                              " \"filter\": null, \"limit\": 100}}");
    assert_true(json_equal(decl, want_decl));
    json_decref(display);
    json_decref(want);
    json_decref(decl);
    json_decref(want_decl);
    destroy(f);
}

static void oversized_choice_sets_are_the_caller_s_error(void **state)
{
    (void)state;
    fixture *f = make("{\"host\": {\"choices_from\": {\"inventory\": 1}}}");
    json_t *set = json_array(), *visible = NULL, *accepted = NULL;
    for (int i = 0; i <= FC_LIMIT_MAX_CHOICE_SET; i++)
        json_array_append_new(set, json_string("h"));
    json_t *choices = json_pack("{so}", "host", set), *answers = parse("{\"host\": \"h\"}");
    assert_int_equal(
        fc_form_validate(&visible, &accepted, NULL, f->form, answers, choices, NULL, ""),
        FC_EINVAL);
    assert_null(visible);
    json_decref(choices);
    json_decref(answers);
    destroy(f);
}

/* fc_form_check called directly: its argument checks, and the launch's
 * entries (template < hidden defaults < the survey's entries). */
static void views_directly(void **state)
{
    (void)state;
    const char *spec =
        "{\"name\": \"\", \"description\": \"\", \"spec\": ["
        "{\"question_name\": \"E\", \"variable\": \"env\", \"type\": \"text\", \"required\": false,"
        " \"default\": \"dev\"},"
        "{\"question_name\": \"W\", \"variable\": \"when\", \"type\": \"text\", \"required\": "
        "false,"
        " \"default\": \"now\"}]}";
    fc_survey *survey = NULL;
    fc_form *form = NULL;
    json_t *spec_json = parse(spec),
           *overlay = parse("{\"when\": {\"visible_if\": \"env == 'prod'\"}}");
    json_t *answers_json = parse("{\"env\": \"dev\"}"),
           *template_json = parse("{\"x\": 1, \"when\": 0}");
    assert_int_equal(fc_survey_compile(&survey, NULL, spec_json, 1, 0), 0);
    assert_int_equal(fc_form_compile(&form, NULL, survey, overlay, "overlay"), 0);
    fc_test_view *answers = fc_test_view_new(answers_json), *tv = fc_test_view_new(template_json);
    fc_view list = {.kind = FC_VIEW_LIST};
    fc_accepted entries[8];
    size_t visible[2], count = 7, shown = 7;

    /* the caller's mistakes */
    assert_int_equal(
        fc_form_check(entries, NULL, 8, visible, &shown, NULL, form, NULL, NULL, NULL, 0, NULL, ""),
        FC_EINVAL);
    assert_int_equal(
        fc_form_check(NULL, &count, 8, visible, &shown, NULL, form, NULL, NULL, NULL, 0, NULL, ""),
        FC_EINVAL);
    assert_int_equal(count, 0);
    assert_int_equal(fc_form_check(entries, &count, 8, visible, &shown, NULL, NULL, NULL, NULL,
                                   NULL, 0, NULL, ""),
                     FC_EINVAL);
    assert_int_equal(fc_form_check(entries, &count, 8, visible, &shown, NULL, form, NULL, &list,
                                   NULL, 0, NULL, ""),
                     FC_EINVAL); /* choices not an object */
    assert_int_equal(fc_form_check(entries, &count, 8, visible, &shown, NULL, form, NULL, NULL,
                                   NULL, 0, &tv->root, ""),
                     FC_EINVAL); /* template variables outside a launch */
    assert_int_equal(fc_form_check(entries, &count, 8, visible, &shown, NULL, form, NULL, NULL,
                                   NULL, 1, &list, ""),
                     FC_EINVAL);
    assert_int_equal(fc_form_check_capacity(form, &tv->root, &answers->root), 2 + 4 + 1);
    assert_int_equal(fc_form_check(entries, &count, 6, visible, &shown, NULL, form, &answers->root,
                                   NULL, NULL, 1, &tv->root, ""),
                     FC_EINVAL); /* one entry short */

    /* validate: env answered, when hidden and so without its default */
    assert_int_equal(fc_form_check(entries, &count, 8, visible, &shown, NULL, form, &answers->root,
                                   NULL, NULL, 0, NULL, ""),
                     0);
    assert_int_equal(shown, 1);
    assert_int_equal(visible[0], 0);
    assert_int_equal(count, 1);
    assert_int_equal(entries[0].source, FC_ACCEPT_ANSWER);
    /* launch: the template's, the hidden question's default, the answer */
    assert_int_equal(fc_form_check(entries, &count, 8, visible, &shown, NULL, form, &answers->root,
                                   NULL, NULL, 1, &tv->root, ""),
                     0);
    assert_int_equal(count, 4);
    fc_accepted want[4] = {{FC_ACCEPT_TEMPLATE, 0},
                           {FC_ACCEPT_TEMPLATE, 1},
                           {FC_ACCEPT_DEFAULT, 1},
                           {FC_ACCEPT_ANSWER, 0}};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(entries[i].source, want[i].source);
        assert_int_equal(entries[i].index, want[i].index);
    }
    json_t *built = fc_test_view_apply(entries, count, survey, tv, answers);
    json_t *expected = parse("{\"x\": 1, \"when\": \"now\", \"env\": \"dev\"}");
    assert_true(json_equal(built, expected));
    json_decref(built);
    json_decref(expected);

    fc_test_view_free(answers);
    fc_test_view_free(tv);
    json_decref(answers_json);
    json_decref(template_json);
    json_decref(overlay);
    json_decref(spec_json);
    fc_form_free(form);
    fc_survey_free(survey);
}

/* Beyond the stack buffers: 300 questions, each shown by the one before,
 * and a choice set of 100 hosts. */
static void large_forms_and_sets(void **state)
{
    (void)state;
    enum { N = 300, SET = 100 };
    json_t *questions = json_array(), *overlay = json_object(), *answers = json_object();
    json_t *set = json_array();
    char name[32], condition[64];
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof(name), "v%d", i);
        json_t *question = parse("{\"question_name\": \"q\", \"type\": \"text\","
                                 " \"required\": false}");
        json_object_set_new(question, "variable", json_string(name));
        json_array_append_new(questions, question);
        json_object_set_new(answers, name, json_string(i == N - 1 ? "h42" : "x"));
        if (i > 0) {
            snprintf(condition, sizeof(condition), "v%d is not empty", i - 1);
            json_object_set_new(overlay, name, json_pack("{ss}", "visible_if", condition));
        }
    }
    for (int i = SET - 1; i >= 0; i--) {
        snprintf(name, sizeof(name), "h%d", i);
        json_array_append_new(set, json_string(name));
    }
    snprintf(name, sizeof(name), "v%d", N - 1);
    json_object_set_new(json_object_get(overlay, name), "choices_from",
                        json_pack("{si}", "inventory", 1));
    json_t *spec = parse("{\"name\": \"\", \"description\": \"\"}");
    json_object_set_new(spec, "spec", questions);
    json_t *choices = json_pack("{sO}", name, set);
    fc_survey *survey = NULL;
    fc_form *form = NULL;
    json_t *visible = NULL, *accepted = NULL;
    assert_int_equal(fc_survey_compile(&survey, NULL, spec, 1, 0), 0);
    fc_errors *problems = NULL;
    assert_int_equal(fc_survey_question_count(survey), N);
    assert_int_equal(fc_errors_new(&problems), 0);
    int compiled = fc_form_compile(&form, problems, survey, overlay, "overlay");
    if (compiled != 0)
        fail_msg("%s: %s", fc_errors_path(problems, 0), fc_errors_message(problems, 0));
    fc_errors_free(problems);
    assert_int_equal(fc_form_validate(&visible, &accepted, NULL, form, answers, choices, NULL, ""),
                     0);
    assert_int_equal(json_array_size(visible), N);
    assert_true(json_equal(accepted, answers));
    json_decref(visible);
    json_decref(accepted);
    /* an answer outside the set */
    json_object_set_new(answers, name, json_string("h100"));
    fc_errors *errors = NULL;
    assert_int_equal(fc_errors_new(&errors), 0);
    assert_int_equal(
        fc_form_validate(&visible, &accepted, errors, form, answers, choices, NULL, "extra_vars"),
        FC_EVALIDATION);
    assert_int_equal(fc_errors_count(errors), 1);
    assert_error_at(errors, 0, "extra_vars.v299", "not_a_choice");
    assert_null(accepted);
    json_decref(visible);
    fc_errors_free(errors);
    json_decref(set);
    json_decref(choices);
    json_decref(answers);
    json_decref(overlay);
    json_decref(spec);
    fc_form_free(form);
    fc_survey_free(survey);
}

static void patterns_are_bounded(void **state)
{
    (void)state;
    fc_pattern *pattern = NULL;
    char message[200], subject[64];
    assert_int_equal(fc_pattern_compile(&pattern, message, sizeof(message), "(a+)+$", 6), 0);
    memset(subject, 'a', 40);
    subject[40] = '!';
    assert_int_equal(fc_pattern_match(pattern, NULL, subject, 41), FC_ELIMIT);
    assert_int_equal(fc_pattern_match(pattern, NULL, subject, 40), 1);
    assert_int_equal(fc_pattern_match(NULL, NULL, subject, 1), FC_EINVAL);
    fc_pattern_free(pattern);
    assert_int_equal(fc_pattern_compile(&pattern, message, sizeof(message), "a(", 2),
                     FC_EVALIDATION);
    assert_null(pattern);
    assert_string_equal(message, "not a valid pattern at character 3: missing closing parenthesis");
}

/* One scratch for several matches (as one fc_form_check call uses it)
 * gives each the verdict it gets alone: after a limit stop, after a match
 * that grew the frames, and for a pattern with a heap limit of its own,
 * which frames grown by another pattern must not lift. */
static void a_shared_scratch_changes_no_verdict(void **state)
{
    (void)state;
    fc_pattern *grows = NULL, *small_heap = NULL, *nested = NULL;
    fc_pattern_scratch scratch = FC_PATTERN_SCRATCH_INIT;
    char message[200], subject[512], bomb[64];
    size_t len = 0;
    assert_int_equal(fc_pattern_compile(&grows, message, sizeof(message), "(?:a|b)*c", 9), 0);
    assert_int_equal(fc_pattern_compile(&small_heap, message, sizeof(message),
                                        "(*LIMIT_HEAP=20)(?:a|b)*c", 25),
                     0);
    assert_int_equal(fc_pattern_compile(&nested, message, sizeof(message), "(a+)+$", 6), 0);
    for (; len < 400; len++)
        subject[len] = len % 2 ? 'b' : 'a';
    subject[len++] = 'c';
    memset(bomb, 'a', 40);
    bomb[40] = '!';
    int alone_grows = fc_pattern_match(grows, NULL, subject, len);
    int alone_small = fc_pattern_match(small_heap, NULL, subject, len);
    assert_int_equal(alone_grows, 1);
    assert_int_equal(alone_small, FC_ELIMIT);
    for (int round = 0; round < 2; round++) {
        assert_int_equal(fc_pattern_match(nested, &scratch, bomb, 41), FC_ELIMIT);
        assert_int_equal(fc_pattern_match(grows, &scratch, subject, len), alone_grows);
        assert_int_equal(fc_pattern_match(small_heap, &scratch, subject, len), alone_small);
        assert_int_equal(fc_pattern_match(nested, &scratch, bomb, 40), 1);
        assert_int_equal(fc_pattern_match(grows, &scratch, "abd", 3), 0);
    }
    fc_pattern_scratch_release(&scratch);
    assert_null(scratch.match_data);
    fc_pattern_scratch_release(&scratch); /* twice is fine */
    fc_pattern_scratch_release(NULL);
    fc_pattern_free(grows);
    fc_pattern_free(small_heap);
    fc_pattern_free(nested);
}

static void formats_directly(void **state)
{
    (void)state;
    int64_t when = -1;
    assert_true(fc_format_check(FC_FORMAT_DATE, "1970-01-02", 10, &when));
    assert_int_equal(when, 1);
    assert_true(fc_format_check(FC_FORMAT_DATE, "1969-12-31", 10, &when));
    assert_int_equal(when, -1);
    assert_true(fc_format_check(FC_FORMAT_DATETIME, "1970-01-01T01:00+01:00", 22, &when));
    assert_int_equal(when, 0);
    assert_false(fc_format_check(FC_FORMAT_IPV4, "1.2.3.4\0", 8, NULL)); /* NUL inside */
    assert_false(fc_format_check(FC_FORMAT_HOSTNAME, "", 0, NULL));
    assert_int_equal(fc_format_lookup("url", 3), FC_FORMAT_URL);
    assert_int_equal(fc_format_lookup("urls", 4), FC_FORMAT_NONE);
    assert_string_equal(fc_format_name(FC_FORMAT_CIDR), "cidr");
}

static const struct CMUnitTest form_tests[] = {
    cmocka_unit_test(arguments_are_checked),
    cmocka_unit_test(date_bounds_need_now),
    cmocka_unit_test(problems_say_where_and_why),
    cmocka_unit_test(user_messages),
    cmocka_unit_test(order_display_and_declarations),
    cmocka_unit_test(oversized_choice_sets_are_the_caller_s_error),
    cmocka_unit_test(views_directly),
    cmocka_unit_test(large_forms_and_sets),
    cmocka_unit_test(patterns_are_bounded),
    cmocka_unit_test(a_shared_scratch_changes_no_verdict),
    cmocka_unit_test(formats_directly),
};

FC_TEST_MAIN(form_tests)
