/* Sweeps the golden survey cases in $FC_FIXTURES/survey/ (*.json) (format:
 * tests/fixtures/README.md), one cmocka test per file, so the C core and the
 * Python binding (tests/core) are held to the same verdicts. Run one case:
 *   .build/c/plain/ctest_fixtures default_substring_choice.json */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bigint_json.h"
#include "harness.h"
#include "same_errors.h"
#include "view_json.h"

#define MAX_NODES 16

typedef struct run {
    const char *name;
    json_t *fixture;
    fc_errors *errors;
    fc_survey *survey;
    fc_survey *node_surveys[MAX_NODES];
    fc_launch_node nodes[MAX_NODES];
    size_t node_count;
    json_t *accepted, *extra_vars, *node_accepted;
} run;

static const char *fixtures_dir(void)
{
    const char *dir = getenv("FC_FIXTURES");
    return dir != NULL && dir[0] != '\0' ? dir : "tests/fixtures";
}

static int flag(const json_t *object, const char *key, int fallback)
{
    const json_t *value = json_object_get(object, key);
    return value == NULL ? fallback : json_is_true(value);
}

static char *describe_errors(const fc_errors *errors)
{
    static char text[8192];
    size_t used = 0;
    text[0] = '\0';
    for (size_t i = 0; i < fc_errors_count(errors) && used < sizeof(text) - 1; i++)
        used += (size_t)snprintf(text + used, sizeof(text) - used, "\n    %s %s: %s",
                                 fc_errors_path(errors, i), fc_errors_code(errors, i),
                                 fc_errors_message(errors, i));
    return text;
}

static int compare_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The exact set of (path, code) pairs, order-insensitive. */
static void assert_error_set(const run *r, const json_t *expected)
{
    size_t n = fc_errors_count(r->errors), m = json_array_size(expected);
    char **got = calloc(n + 1, sizeof(*got)), **want = calloc(m + 1, sizeof(*want));
    assert_non_null(got);
    assert_non_null(want);
    for (size_t i = 0; i < n; i++) {
        got[i] = malloc(FC_LIMIT_MAX_PATH + 64);
        assert_non_null(got[i]);
        snprintf(got[i], FC_LIMIT_MAX_PATH + 64, "%s [%s]", fc_errors_path(r->errors, i),
                 fc_errors_code(r->errors, i));
    }
    for (size_t i = 0; i < m; i++) {
        const json_t *item = json_array_get(expected, i);
        want[i] = malloc(FC_LIMIT_MAX_PATH + 64);
        assert_non_null(want[i]);
        snprintf(want[i], FC_LIMIT_MAX_PATH + 64, "%s [%s]",
                 json_string_value(json_object_get(item, "path")),
                 json_string_value(json_object_get(item, "code")));
    }
    qsort(got, n, sizeof(*got), compare_str);
    qsort(want, m, sizeof(*want), compare_str);
    int same = n == m;
    for (size_t i = 0; same && i < n; i++)
        same = strcmp(got[i], want[i]) == 0;
    if (!same) {
        print_error("%s: expected %zu errors, got %zu:%s\n", r->name, m, n,
                    describe_errors(r->errors));
        for (size_t i = 0; i < m; i++)
            print_error("  expected %s\n", want[i]);
    }
    for (size_t i = 0; i < n; i++)
        free(got[i]);
    for (size_t i = 0; i < m; i++)
        free(want[i]);
    free(got);
    free(want);
    assert_true(same);
}

/* Every string leaf (>= 4 bytes) the caller submitted: no message may
 * contain one, so no password can leak through an error. */
static void assert_not_echoed(const run *r, const json_t *value)
{
    if (json_is_string(value) && json_string_length(value) >= 4) {
        for (size_t i = 0; i < fc_errors_count(r->errors); i++) {
            if (strstr(fc_errors_message(r->errors, i), json_string_value(value)) != NULL) {
                print_error("%s: message \"%s\" echoes a submitted value\n", r->name,
                            fc_errors_message(r->errors, i));
                fail();
            }
        }
    } else if (json_is_object(value)) {
        const char *key;
        json_t *member;
        json_object_foreach((json_t *)value, key, member)
            assert_not_echoed(r, member);
    } else if (json_is_array(value)) {
        size_t i;
        json_t *member;
        json_array_foreach(value, i, member)
            assert_not_echoed(r, member);
    }
}

static void assert_json(const run *r, const char *what, const json_t *got, const json_t *want)
{
    if (json_equal((json_t *)got, (json_t *)want))
        return;
    char *got_text = got == NULL ? NULL : json_dumps(got, JSON_COMPACT | JSON_SORT_KEYS);
    char *want_text = json_dumps(want, JSON_COMPACT | JSON_SORT_KEYS);
    print_error("%s: %s differs\n  got:  %.2000s\n  want: %.2000s\n", r->name, what,
                got_text ? got_text : "(none)", want_text ? want_text : "?");
    free(got_text);
    free(want_text);
    fail();
}

static void compile_nodes(run *r)
{
    const json_t *nodes = json_object_get(r->fixture, "nodes");
    size_t i;
    json_t *item;
    assert_true(json_array_size(nodes) <= MAX_NODES);
    json_array_foreach(nodes, i, item) {
        const json_t *spec = json_object_get(item, "survey_spec");
        fc_survey *survey = NULL;
        if (spec != NULL && !json_is_null(spec)) {
            int rc = fc_survey_compile(&survey, r->errors, spec, flag(item, "survey_enabled", 1),
                                       flag(item, "ask_variables_on_launch", 0));
            if (rc != 0)
                print_error("%s: node %zu spec:%s\n", r->name, i, describe_errors(r->errors));
            assert_int_equal(rc, 0);
        }
        r->node_surveys[i] = survey;
        r->nodes[i] =
            (fc_launch_node){json_integer_value(json_object_get(item, "node_id")),
                             json_string_value(json_object_get(item, "identifier")), survey};
        r->node_count++;
    }
}

static void check_ok(run *r, const json_t *expect, int rc_template, int rc_nodes)
{
    if (rc_template != 0 || rc_nodes != 0)
        print_error("%s: expected ok, got errors:%s\n", r->name, describe_errors(r->errors));
    assert_int_equal(rc_template, 0);
    assert_int_equal(rc_nodes, 0);
    assert_int_equal(fc_errors_count(r->errors), 0);
    assert_json(r, "accepted", r->accepted, json_object_get(expect, "accepted"));
    const json_t *want = json_object_get(expect, "extra_vars");
    assert_json(r, "extra_vars", r->extra_vars, want != NULL ? want : r->accepted);
    if ((want = json_object_get(expect, "node_accepted")) != NULL)
        assert_json(r, "node_accepted", r->node_accepted, want);
    if ((want = json_object_get(expect, "launch_data")) != NULL) {
        json_t *data = NULL;
        int is_workflow = flag(r->fixture, "is_workflow", r->node_count > 0);
        assert_int_equal(fc_launch_data(&data, r->survey, is_workflow, r->nodes, r->node_count), 0);
        assert_json(r, "launch_data", data, want);
        json_decref(data);
    }
    if ((want = json_object_get(expect, "secret_variables")) != NULL) {
        json_t *names = NULL;
        assert_int_equal(fc_survey_secret_variables(&names, r->survey), 0);
        assert_json(r, "secret_variables", names, want);
        json_decref(names);
    }
    if ((want = json_object_get(expect, "display_spec")) != NULL) {
        json_t *spec = NULL;
        assert_int_equal(fc_survey_display_spec(&spec, r->survey), 0);
        assert_json(r, "display_spec", spec, want);
        json_decref(spec);
    }
}

/* The view entry point (fc_answers.h) on the same answers: the same verdict,
 * the same errors in the same order with the same messages, and entries that
 * build the same accepted answers and extra_vars. */
static void check_views(run *r, const json_t *answers, const json_t *template_vars,
                        const char *prefix, int rc_template, const fc_errors *template_errors)
{
    fc_test_view *av = answers != NULL ? fc_test_view_new(answers) : NULL;
    fc_test_view *tv = json_is_object(template_vars) ? fc_test_view_new(template_vars) : NULL;
    const fc_view *a = av != NULL ? &av->root : NULL, *t = tv != NULL ? &tv->root : NULL;
    fc_errors *errors = NULL;
    size_t count = 0, capacity = fc_survey_check_capacity(r->survey, NULL, a);
    size_t with_template = fc_survey_check_capacity(r->survey, t, a);
    fc_accepted *entries = calloc(with_template + 1, sizeof(*entries));

    assert_true(answers == NULL || av != NULL);
    assert_non_null(entries);
    assert_int_equal(fc_errors_new(&errors), 0);
    int rc = fc_survey_check(entries, &count, capacity, errors, r->survey, NULL, a, prefix);
    assert_int_equal(rc, rc_template);
    if (!fc_test_same_errors(errors, template_errors))
        print_error("%s: view errors differ:%s\n", r->name, describe_errors(errors));
    assert_true(fc_test_same_errors(errors, template_errors));
    if (rc == 0) {
        json_t *accepted = fc_test_view_apply(entries, count, r->survey, NULL, av);
        assert_json(r, "accepted (views)", accepted, r->accepted);
        json_decref(accepted);
        assert_int_equal(
            fc_survey_check(entries, &count, with_template, NULL, r->survey, t, a, prefix), 0);
        json_t *extra_vars = fc_test_view_apply(entries, count, r->survey, tv, av);
        assert_json(r, "extra_vars (views)", extra_vars, r->extra_vars);
        json_decref(extra_vars);
    }
    /* Too small a list is refused, never overrun. */
    if (capacity > 0)
        assert_int_equal(
            fc_survey_check(entries, &count, capacity - 1, NULL, r->survey, NULL, a, prefix),
            FC_EINVAL);
    fc_errors_free(errors);
    free(entries);
    fc_test_view_free(av);
    fc_test_view_free(tv);
}

static void check_answers(run *r)
{
    const json_t *expect = json_object_get(r->fixture, "expect");
    const json_t *answers = json_object_get(r->fixture, "answers");
    const json_t *node_data = json_object_get(r->fixture, "node_survey_data");
    const json_t *prefix_value = json_object_get(r->fixture, "path");
    const char *prefix = prefix_value ? json_string_value(prefix_value) : "extra_vars";
    int rc_nodes = 0;

    assert_true(json_is_object(expect));
    int rc_template = fc_survey_validate(&r->accepted, r->errors, r->survey, answers, prefix);
    /* extra_vars must reach the same verdict; its errors are not counted twice. */
    int rc_extra =
        fc_survey_extra_vars(&r->extra_vars, NULL, r->survey,
                             json_object_get(r->fixture, "template_extra_vars"), answers, prefix);
    assert_int_equal(rc_extra, rc_template);
    check_views(r, answers, json_object_get(r->fixture, "template_extra_vars"), prefix, rc_template,
                r->errors);
    if (json_object_get(r->fixture, "nodes") != NULL || node_data != NULL) {
        compile_nodes(r);
        rc_nodes = fc_node_survey_data_validate(&r->node_accepted, r->errors, r->nodes,
                                                r->node_count, node_data);
    }
    assert_not_echoed(r, answers);
    assert_not_echoed(r, node_data);
    for (size_t i = 0; i < fc_errors_count(r->errors); i++)
        assert_true(strlen(fc_errors_message(r->errors, i)) > 0);
    if (json_is_true(json_object_get(expect, "ok"))) {
        check_ok(r, expect, rc_template, rc_nodes);
        return;
    }
    assert_true(rc_template == 0 || rc_template == FC_EVALIDATION);
    assert_true(rc_nodes == 0 || rc_nodes == FC_EVALIDATION);
    assert_true(rc_template != 0 || rc_nodes != 0);
    if (rc_template != 0)
        assert_null(r->accepted);
    assert_error_set(r, json_object_get(expect, "errors"));
}

static void run_fixture(void **state)
{
    char path[4096];
    json_error_t error;
    run r = {0};

    r.name = *state;
    snprintf(path, sizeof(path), "%s/survey/%s", fixtures_dir(), r.name);
    r.fixture = fc_test_bigints(json_load_file(path, JSON_ALLOW_NUL, &error)); /* NUL cases */
    if (r.fixture == NULL)
        print_error("%s: %s (line %d)\n", path, error.text, error.line);
    assert_non_null(r.fixture);
    assert_int_equal(fc_errors_new(&r.errors), 0);

    const json_t *spec_errors = json_object_get(r.fixture, "expect_spec_errors");
    int rc = fc_survey_compile(&r.survey, r.errors, json_object_get(r.fixture, "survey_spec"),
                               flag(r.fixture, "survey_enabled", 1),
                               flag(r.fixture, "ask_variables_on_launch", 0));
    if (spec_errors != NULL) {
        assert_int_equal(rc, FC_EVALIDATION);
        assert_null(r.survey);
        assert_error_set(&r, spec_errors);
    } else {
        if (rc != 0)
            print_error("%s: spec refused:%s\n", r.name, describe_errors(r.errors));
        assert_int_equal(rc, 0);
        /* The survey's problems, exactly (absent: none). */
        const json_t *problems = json_object_get(r.fixture, "expect_problems");
        json_t *none = json_array();
        fc_errors *saved = r.errors;
        r.errors = (fc_errors *)fc_survey_problems(r.survey);
        assert_error_set(&r, problems != NULL ? problems : none);
        r.errors = saved;
        json_decref(none);
        fc_errors_clear(r.errors);
        check_answers(&r);
    }

    for (size_t i = 0; i < r.node_count; i++)
        fc_survey_free(r.node_surveys[i]);
    fc_survey_free(r.survey);
    json_decref(r.accepted);
    json_decref(r.extra_vars);
    json_decref(r.node_accepted);
    json_decref(r.fixture);
    fc_errors_free(r.errors);
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

    snprintf(dir, sizeof(dir), "%s/survey", fixtures_dir());
    int count = scandir(dir, &entries, is_case, alphasort);
    if (count <= 0) {
        fprintf(stderr, "no survey fixtures in %s (set FC_FIXTURES)\n", dir);
        return 1;
    }
    struct CMUnitTest *tests = calloc((size_t)count, sizeof(*tests));
    if (tests == NULL)
        return 1;
    for (int i = 0; i < count; i++)
        tests[i] =
            (struct CMUnitTest){entries[i]->d_name, run_fixture, NULL, NULL, entries[i]->d_name};
    int failed = fc_test_run(argc, argv, "survey_fixtures", tests, (size_t)count, NULL, NULL);
    for (int i = 0; i < count; i++)
        free(entries[i]);
    free(entries);
    free(tests);
    return failed;
}
