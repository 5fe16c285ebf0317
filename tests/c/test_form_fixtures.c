/* Sweeps the golden form cases in $FC_FIXTURES/form/ (*.json) (format:
 * tests/fixtures/README.md "Form cases"), one cmocka test per file, with
 * the checks of tests/core/test_form_fixtures.py. Run one case:
 *   .build/c/plain/ctest_form_fixtures op_in_list.json */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "view_json.h"

static const char *fixtures_dir(void)
{
    const char *dir = getenv("FC_FIXTURES");
    return dir != NULL && dir[0] != '\0' ? dir : "tests/fixtures";
}

static int compare_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "path [code]" lines, sorted, joined by newlines: a caller-freed string. */
static char *error_lines(const fc_errors *errors, const json_t *expected)
{
    size_t n = errors != NULL ? fc_errors_count(errors) : json_array_size(expected);
    char **lines = calloc(n + 1, sizeof(*lines));
    size_t total = 1;
    assert_non_null(lines);
    for (size_t i = 0; i < n; i++) {
        const char *path, *code;
        if (errors != NULL) {
            path = fc_errors_path(errors, i);
            code = fc_errors_code(errors, i);
        } else {
            const json_t *e = json_array_get(expected, i);
            path = json_string_value(json_object_get(e, "path"));
            code = json_string_value(json_object_get(e, "code"));
        }
        assert_non_null(path);
        assert_non_null(code);
        size_t len = strlen(path) + strlen(code) + 5;
        lines[i] = malloc(len);
        assert_non_null(lines[i]);
        snprintf(lines[i], len, "%s [%s]\n", path, code);
        total += len;
    }
    qsort(lines, n, sizeof(*lines), compare_str);
    char *joined = calloc(total, 1);
    assert_non_null(joined);
    for (size_t i = 0; i < n; i++) {
        strcat(joined, lines[i]);
        free(lines[i]);
    }
    free(lines);
    return joined;
}

static void assert_errors(const char *what, const fc_errors *errors, const json_t *expected)
{
    char *got = error_lines(errors, NULL), *want = error_lines(NULL, expected);
    if (strcmp(got, want) != 0)
        fail_msg("%s: errors differ\n got:\n%s want:\n%s", what, got, want);
    free(got);
    free(want);
    for (size_t i = 0; i < fc_errors_count(errors); i++)
        assert_true(fc_errors_message(errors, i)[0] != '\0');
}

/* No message contains a submitted string of 4 bytes or more. */
static void assert_not_echoed(const fc_errors *errors, const json_t *value)
{
    if (json_is_string(value) && json_string_length(value) >= 4) {
        for (size_t i = 0; i < fc_errors_count(errors); i++)
            if (strstr(fc_errors_message(errors, i), json_string_value(value)) != NULL)
                fail_msg("a message echoes a submitted value: %s", fc_errors_message(errors, i));
    } else if (json_is_object(value)) {
        const char *key;
        json_t *item;
        json_object_foreach((json_t *)value, key, item)
            assert_not_echoed(errors, item);
    } else if (json_is_array(value)) {
        for (size_t i = 0; i < json_array_size(value); i++)
            assert_not_echoed(errors, json_array_get(value, i));
    }
}

static void assert_json(const char *what, const json_t *got, const json_t *want)
{
    if (json_is_null(want) ? got == NULL : json_equal(got, want))
        return;
    char *g = got == NULL ? NULL : json_dumps(got, JSON_ENCODE_ANY | JSON_SORT_KEYS);
    char *w = json_dumps(want, JSON_ENCODE_ANY | JSON_SORT_KEYS);
    fail_msg("%s differs\n got:  %s\n want: %s", what, g == NULL ? "NULL" : g, w);
}

/* fc_form_check on views of the case, both ways: the same verdict, the same
 * visible questions, and entries that build the jansson results. */
static void assert_views_decide_the_same(const fc_form *form, const json_t *c, const int64_t *now,
                                         const json_t *template_vars, int rc, const json_t *visible,
                                         const json_t *accepted, const json_t *extra,
                                         const char *what)
{
    fc_test_view *answers = fc_test_view_new(json_object_get(c, "answers"));
    fc_test_view *choices = fc_test_view_new(json_object_get(c, "choices"));
    fc_test_view *tv = fc_test_view_new(template_vars);
    const fc_view *av = json_object_get(c, "answers") == NULL ? NULL : &answers->root;
    size_t capacity = fc_form_check_capacity(form, &tv->root, av);
    size_t questions = fc_form_question_count(form);
    fc_accepted *entries = calloc(capacity + 1, sizeof(*entries));
    size_t *shown = calloc(questions + 1, sizeof(*shown));
    assert_non_null(entries);
    assert_non_null(shown);
    for (int launch = 0; launch <= 1; launch++) {
        size_t count = 99, shown_count = 99;
        int view_rc =
            fc_form_check(entries, &count, capacity, shown, &shown_count, NULL, form, av,
                          &choices->root, now, launch, launch ? &tv->root : NULL, "extra_vars");
        assert_int_equal(view_rc, rc);
        json_t *names = json_array();
        for (size_t i = 0; i < shown_count; i++) {
            const char *variable;
            size_t len;
            const json_t *unused;
            assert_int_equal(
                fc_survey_default(&variable, &len, &unused, fc_form_survey(form), shown[i]), 0);
            json_array_append_new(names, json_stringn(variable, len));
        }
        assert_json(what, names, visible);
        json_decref(names);
        if (rc != 0) {
            assert_int_equal(count, 0);
            continue;
        }
        json_t *built =
            fc_test_view_apply(entries, count, fc_form_survey(form), launch ? tv : NULL, answers);
        assert_json(what, built, launch ? extra : accepted);
        json_decref(built);
    }
    free(shown);
    free(entries);
    fc_test_view_free(tv);
    fc_test_view_free(choices);
    fc_test_view_free(answers);
}

static void run_case(const fc_form *form, const json_t *c, const char *name, size_t index)
{
    const json_t *expect = json_object_get(c, "expect");
    const json_t *now_value = json_object_get(c, "now");
    int64_t now = json_is_integer(now_value) ? (int64_t)json_integer_value(now_value) : 0;
    json_t *visible = NULL, *accepted = NULL;
    fc_errors *errors = NULL;
    char what[300];

    snprintf(what, sizeof(what), "%s case %zu", name, index);
    assert_int_equal(fc_errors_new(&errors), 0);
    int rc = fc_form_validate(&visible, &accepted, errors, form, json_object_get(c, "answers"),
                              json_object_get(c, "choices"), now_value != NULL ? &now : NULL,
                              "extra_vars");
    const json_t *want_errors = json_object_get(expect, "errors");
    assert_int_equal(rc, json_array_size(want_errors) == 0 ? 0 : FC_EVALIDATION);
    assert_json(what, visible, json_object_get(expect, "visible"));
    assert_errors(what, errors, want_errors);
    assert_json(what, accepted, json_object_get(expect, "accepted"));
    assert_not_echoed(errors, json_object_get(c, "answers"));

    /* The launch path decides the same: same errors, or the accepted
     * answers over the template's extra_vars. */
    json_t *extra = NULL, *template_vars = json_pack("{si}", "template_only", 1);
    fc_errors *launch_errors = NULL;
    assert_int_equal(fc_errors_new(&launch_errors), 0);
    int launch_rc = fc_form_extra_vars(&extra, launch_errors, form, template_vars,
                                       json_object_get(c, "answers"), json_object_get(c, "choices"),
                                       now_value != NULL ? &now : NULL, "extra_vars");
    assert_int_equal(launch_rc, rc);
    assert_errors(what, launch_errors, want_errors);
    if (rc == 0) {
        const char *key;
        json_t *value;
        assert_int_equal(json_integer_value(json_object_get(extra, "template_only")), 1);
        json_object_foreach(accepted, key, value)
            assert_true(json_equal(json_object_get(extra, key), value));
    } else {
        assert_null(extra);
    }
    assert_views_decide_the_same(form, c, now_value != NULL ? &now : NULL, template_vars, rc,
                                 visible, accepted, extra, what);
    json_decref(extra);
    json_decref(template_vars);
    fc_errors_free(launch_errors);
    json_decref(visible);
    json_decref(accepted);
    fc_errors_free(errors);
}

static void run_fixture(void **state)
{
    const char *name = *state;
    char path[4096];
    json_error_t error;
    fc_survey *survey = NULL;
    fc_form *form = NULL;
    fc_errors *problems = NULL;

    snprintf(path, sizeof(path), "%s/form/%s", fixtures_dir(), name);
    json_t *fixture = json_load_file(path, 0, &error);
    if (fixture == NULL)
        fail_msg("%s: %s", path, error.text);
    assert_int_equal(
        fc_survey_compile(&survey, NULL, json_object_get(fixture, "survey_spec"), 1, 0), 0);
    assert_int_equal(fc_errors_new(&problems), 0);
    int rc =
        fc_form_compile(&form, problems, survey, json_object_get(fixture, "overlay"), "overlay");
    const json_t *expected = json_object_get(fixture, "expect_problems");
    if (expected != NULL) {
        assert_int_equal(rc, FC_EVALIDATION);
        assert_null(form);
        assert_errors(name, problems, expected);
    } else {
        if (rc != 0)
            fail_msg("%s: the overlay does not compile: %s %s", name, fc_errors_path(problems, 0),
                     fc_errors_message(problems, 0));
        const json_t *cases = json_object_get(fixture, "cases");
        for (size_t i = 0; i < json_array_size(cases); i++)
            run_case(form, json_array_get(cases, i), name, i);
    }
    fc_form_free(form);
    fc_survey_free(survey);
    fc_errors_free(problems);
    json_decref(fixture);
}

static int is_case(const struct dirent *entry)
{
    size_t len = strlen(entry->d_name);
    return len > 5 && strcmp(entry->d_name + len - 5, ".json") == 0;
}

int main(int argc, char **argv)
{
    char dir[4096];
    struct dirent **entries = NULL;

    snprintf(dir, sizeof(dir), "%s/form", fixtures_dir());
    int count = scandir(dir, &entries, is_case, alphasort);
    if (count <= 0) {
        fprintf(stderr, "no form fixtures in %s (set FC_FIXTURES)\n", dir);
        return 1;
    }
    struct CMUnitTest *tests = calloc((size_t)count, sizeof(*tests));
    if (tests == NULL)
        return 1;
    for (int i = 0; i < count; i++)
        tests[i] =
            (struct CMUnitTest){entries[i]->d_name, run_fixture, NULL, NULL, entries[i]->d_name};
    int failed = fc_test_run(argc, argv, "form_fixtures", tests, (size_t)count, NULL, NULL);
    for (int i = 0; i < count; i++)
        free(entries[i]);
    free(entries);
    free(tests);
    return failed;
}
