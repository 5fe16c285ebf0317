/* Surveys (csrc/core/survey_*.c): return codes, the messages users see,
 * limits, launch data, redaction, argument checks, allocation failures.
 * Verdicts for the rules themselves live in tests/fixtures (test_fixtures.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static json_t *load(const char *text)
{
    json_error_t error;
    json_t *value = json_loads(text, 0, &error);
    if (value == NULL)
        print_error("bad test JSON: %s\n", error.text);
    assert_non_null(value);
    return value;
}

static const char *const HOST_SPEC =
    "{\"name\": \"s\", \"description\": \"\", \"spec\": ["
    "{\"type\": \"text\", \"question_name\": \"Host\", \"variable\": \"hostname\","
    " \"required\": true, \"min\": 2, \"max\": 20},"
    "{\"type\": \"password\", \"question_name\": \"Token\", \"variable\": \"token\","
    " \"required\": false, \"min\": 8, \"default\": \"default-token\"},"
    "{\"type\": \"integer\", \"question_name\": \"Count\", \"variable\": \"count\","
    " \"required\": false, \"min\": 1, \"max\": 10},"
    "{\"type\": \"float\", \"question_name\": \"Ratio\", \"variable\": \"ratio\","
    " \"required\": false, \"min\": 0, \"max\": 1},"
    "{\"type\": \"multiplechoice\", \"question_name\": \"Env\", \"variable\": \"env\","
    " \"required\": false, \"choices\": \"dev\\nprod\"},"
    "{\"type\": \"multiselect\", \"question_name\": \"Regions\", \"variable\": \"regions\","
    " \"required\": false, \"choices\": [\"eu\", \"us\"]}]}";

static fc_survey *compile_text(const char *text, int enabled, int ask)
{
    json_t *spec = load(text);
    fc_survey *survey = NULL;
    fc_errors *errors = NULL;
    assert_int_equal(fc_errors_new(&errors), 0);
    int rc = fc_survey_compile(&survey, errors, spec, enabled, ask);
    if (rc != 0)
        print_error("compile: %s\n", fc_errors_count(errors) ? fc_errors_message(errors, 0) : "");
    assert_int_equal(rc, 0);
    fc_errors_free(errors);
    json_decref(spec);
    return survey;
}

/* Validates answers_text and leaves the errors in *errors_out. */
static int validate_text(fc_errors **errors_out, json_t **accepted, const fc_survey *survey,
                         const char *answers_text)
{
    json_t *answers = load(answers_text);
    assert_int_equal(fc_errors_new(errors_out), 0);
    int rc = fc_survey_validate(accepted, *errors_out, survey, answers, "extra_vars");
    json_decref(answers);
    return rc;
}

static void null_arguments_are_einval(void **state)
{
    (void)state;
    fc_survey *survey = compile_text(HOST_SPEC, 1, 0);
    json_t *out = (json_t *)1;
    json_t *object = json_object();
    fc_launch_node node = {1, "n", survey};

    assert_int_equal(fc_survey_compile(NULL, NULL, object, 1, 0), FC_EINVAL);
    assert_int_equal(fc_survey_validate(NULL, NULL, survey, object, "x"), FC_EINVAL);
    assert_int_equal(fc_survey_validate(&out, NULL, NULL, object, "x"), FC_EINVAL);
    assert_null(out);
    assert_int_equal(fc_survey_extra_vars(NULL, NULL, survey, NULL, NULL, NULL), FC_EINVAL);
    assert_int_equal(fc_survey_extra_vars(&out, NULL, NULL, NULL, NULL, NULL), FC_EINVAL);
    json_t *list = json_array();
    assert_int_equal(fc_survey_extra_vars(&out, NULL, survey, list, NULL, NULL), FC_EINVAL);
    assert_int_equal(fc_survey_secret_variables(NULL, survey), FC_EINVAL);
    assert_int_equal(fc_survey_secret_variables(&out, NULL), FC_EINVAL);
    assert_int_equal(fc_survey_redact(NULL, survey, object), FC_EINVAL);
    assert_int_equal(fc_survey_redact(&out, NULL, object), FC_EINVAL);
    assert_int_equal(fc_survey_redact(&out, survey, NULL), FC_EINVAL);
    assert_int_equal(fc_survey_redact(&out, survey, list), FC_EINVAL);
    assert_int_equal(fc_survey_display_spec(NULL, survey), FC_EINVAL);
    assert_int_equal(fc_survey_display_spec(&out, NULL), FC_EINVAL);
    assert_int_equal(fc_launch_data(NULL, survey, 1, &node, 1), FC_EINVAL);
    assert_int_equal(fc_launch_data(&out, NULL, 1, &node, 1), FC_EINVAL);
    assert_int_equal(fc_launch_data(&out, survey, 1, NULL, 1), FC_EINVAL);
    assert_int_equal(fc_node_survey_data_validate(NULL, NULL, &node, 1, NULL), FC_EINVAL);
    assert_int_equal(fc_node_survey_data_validate(&out, NULL, NULL, 1, NULL), FC_EINVAL);
    assert_null(out);
    /* Accessors tolerate NULL. */
    assert_int_equal(fc_survey_enabled(NULL), 0);
    assert_int_equal(fc_survey_asks_variables(NULL), 0);
    assert_int_equal(fc_survey_question_count(NULL), 0);
    fc_survey_free(NULL);
    json_decref(list);
    json_decref(object);
    fc_survey_free(survey);
}

static void compile_reports_every_problem_with_messages(void **state)
{
    (void)state;
    json_t *spec = load("{\"spec\": ["
                        "{\"type\": \"text\", \"question_name\": \"A\", \"variable\": \"a\","
                        " \"required\": false},"
                        "{\"type\": \"select\", \"question_name\": \"B\", \"variable\": \"b\","
                        " \"required\": false},"
                        "{\"type\": \"text\", \"question_name\": \"A2\", \"variable\": \"a\","
                        " \"required\": false, \"default\": \"$encrypted$\"},"
                        "{\"type\": \"integer\", \"question_name\": \"N\", \"variable\": \"n\","
                        " \"required\": \"no\", \"min\": \"1\", \"default\": 50, \"max\": 10},"
                        "{\"type\": \"multiplechoice\", \"question_name\": \"C\","
                        " \"variable\": \"c\", \"required\": false, \"choices\": \"orange\\nmilk\","
                        " \"default\": \"ora\"}]}");
    fc_errors *errors = NULL;
    fc_survey *survey = (fc_survey *)1;
    assert_int_equal(fc_errors_new(&errors), 0);
    assert_int_equal(fc_survey_compile(&survey, errors, spec, 1, 0), FC_EVALIDATION);
    assert_null(survey);
    /* Spec errors only (what AWX refuses to save); defaults are problems of
     * a compiled survey, never errors. */
    assert_int_equal(fc_errors_count(errors), 4);
    assert_error_at(errors, 0, "spec[1].type", "invalid");
    assert_message_at(errors, 0,
                      "'type' must be one of text, textarea, password, integer, float, "
                      "multiplechoice, multiselect");
    assert_error_at(errors, 1, "spec[3].required", "type");
    assert_message_at(errors, 1, "'required' must be true or false");
    assert_error_at(errors, 2, "spec[3].min", "type");
    assert_message_at(errors, 2, "'min' must be an integer, null or \"\"");
    assert_error_at(errors, 3, "spec[2].variable", "duplicate");
    assert_message_at(errors, 3, "variable 'a' is already used by spec[0]");
    fc_errors_free(errors);
    json_decref(spec);
}

/* Specs AWX saves but that can never fully work compile; each problem is
 * listed with its path and message, and answers meet it at their path. */
static void compile_keeps_problems(void **state)
{
    (void)state;
    json_t *spec = load(
        "{\"name\": \"\", \"description\": \"\", \"spec\": ["
        "{\"type\": \"text\", \"question_name\": \"A\", \"variable\": \"a\","
        " \"required\": false, \"default\": \"$encrypted$\"},"
        "{\"type\": \"integer\", \"question_name\": \"N\", \"variable\": \"n\","
        " \"required\": false, \"default\": 50, \"max\": 10},"
        "{\"type\": \"multiplechoice\", \"question_name\": \"C\", \"variable\": \"c\","
        " \"required\": false, \"choices\": \"orange\\nmilk\", \"default\": \"ora\"},"
        "{\"type\": \"text\", \"question_name\": \"T\", \"variable\": \"t\","
        " \"required\": false, \"min\": true, \"max\": false},"
        "{\"type\": \"multiselect\", \"question_name\": \"M\", \"variable\": \"m\","
        " \"required\": true, \"choices\": null},"
        "{\"type\": \"multiplechoice\", \"question_name\": \"L\", \"variable\": \"l\","
        " \"required\": false, \"choices\": [null, \"x\", {\"k\": 1}]},"
        "{\"type\": \"multiplechoice\", \"question_name\": \"O\", \"variable\": \"o\","
        " \"required\": false, \"choices\": {\"k\": 1}},"
        "{\"type\": \"integer\", \"question_name\": \"B\", \"variable\": \"b\","
        " \"required\": false, \"default\": true},"
        "{\"type\": \"text\", \"question_name\": \"\", \"variable\": \"\", \"required\": false}"
        "]}");
    fc_errors *errors = NULL;
    fc_survey *survey = NULL;
    assert_int_equal(fc_errors_new(&errors), 0);
    assert_int_equal(fc_survey_compile(&survey, errors, spec, 1, 0), 0);
    assert_int_equal(fc_errors_count(errors), 0);
    const fc_errors *problems = fc_survey_problems(survey);
    assert_int_equal(fc_errors_count(problems), 11);
    assert_error_at(problems, 0, "spec[0].default", "reserved");
    assert_message_at(problems, 0, "'$encrypted$' is reserved for password defaults");
    assert_error_at(problems, 1, "spec[1].default", "too_large");
    assert_message_at(problems, 1, "the default of 'n' must be at most 10");
    assert_error_at(problems, 2, "spec[2].default", "not_a_choice");
    assert_message_at(problems, 2, "the default of 'c' must be one of the survey's choices");
    assert_error_at(problems, 3, "spec[3].min", "type");
    assert_message_at(problems, 3, "'min' is a boolean; it is read as 1, as the controller does");
    assert_error_at(problems, 4, "spec[3].max", "type");
    assert_error_at(problems, 5, "spec[3].min", "invalid");
    assert_message_at(problems, 5, "'min' is greater than 'max'; no answer can meet both");
    assert_error_at(problems, 6, "spec[4].choices", "required");
    assert_message_at(problems, 6, "a choice question needs 'choices'; no answer can be given");
    assert_error_at(problems, 7, "spec[5].choices[0]", "type");
    assert_message_at(problems, 7,
                      "a choice must be a string or a number; this null can never be chosen");
    assert_error_at(problems, 8, "spec[5].choices[2]", "type");
    assert_error_at(problems, 9, "spec[6].choices", "type");
    assert_error_at(problems, 10, "spec[7].default", "type");
    assert_message_at(problems, 10, "the default of 'b' must be an integer");

    /* Left out: a question whose default is a problem says so at its path;
     * the one without choices is required, so it is required. */
    fc_errors_free(errors);
    json_t *accepted = NULL;
    assert_int_equal(validate_text(&errors, &accepted, survey, "{\"o\": \"k\", \"l\": \"x\"}"),
                     FC_EVALIDATION);
    assert_int_equal(fc_errors_count(errors), 5);
    assert_error_at(errors, 0, "extra_vars.a", "invalid");
    assert_message_at(errors, 0,
                      "'a' needs an answer: the survey's default for it (spec[0].default) is not "
                      "a valid answer");
    assert_error_at(errors, 1, "extra_vars.n", "invalid");
    assert_error_at(errors, 2, "extra_vars.c", "invalid");
    assert_error_at(errors, 3, "extra_vars.m", "required");
    assert_error_at(errors, 4, "extra_vars.b", "invalid");
    fc_errors_free(errors);
    /* Answered, everything else works; the question without choices cannot be. */
    assert_int_equal(validate_text(&errors, &accepted, survey,
                                   "{\"a\": \"x\", \"n\": 3, \"c\": \"milk\", \"m\": [\"x\"],"
                                   " \"b\": 1, \"\": \"empty name\", \"t\": \"\"}"),
                     FC_EVALIDATION);
    assert_int_equal(fc_errors_count(errors), 2);
    assert_error_at(errors, 0, "extra_vars.t", "too_short");
    assert_error_at(errors, 1, "extra_vars.m", "not_a_choice");
    assert_message_at(errors, 1, "'m' cannot be answered: the survey gives it no choices");
    fc_errors_free(errors);
    fc_survey_free(survey);
    json_decref(spec);
}

static void compile_shape_errors(void **state)
{
    (void)state;
    fc_errors *errors = NULL;
    fc_survey *survey = NULL;
    json_t *list = json_array();
    json_t *bad_spec = load("{\"spec\": \"text\"}");
    assert_int_equal(fc_errors_new(&errors), 0);
    assert_int_equal(fc_survey_compile(&survey, errors, list, 1, 0), FC_EVALIDATION);
    assert_int_equal(fc_errors_count(errors), 1);
    assert_error_at(errors, 0, "survey_spec", "type");
    assert_message_at(errors, 0, "survey_spec must be an object with a 'spec' list");
    fc_errors_clear(errors);
    assert_int_equal(fc_survey_compile(&survey, errors, bad_spec, 1, 0), FC_EVALIDATION);
    assert_int_equal(fc_errors_count(errors), 1);
    assert_error_at(errors, 0, "spec", "type");
    assert_message_at(errors, 0, "'spec' must be a list of questions");
    /* Without an error list the verdict is the same. */
    assert_int_equal(fc_survey_compile(&survey, NULL, bad_spec, 1, 0), FC_EVALIDATION);
    /* Disabled: not read at all. */
    assert_int_equal(fc_survey_compile(&survey, errors, bad_spec, 0, 1), 0);
    assert_int_equal(fc_survey_enabled(survey), 0);
    assert_int_equal(fc_survey_asks_variables(survey), 1);
    assert_int_equal(fc_survey_question_count(survey), 0);
    fc_survey_free(survey);
    fc_errors_free(errors);
    json_decref(list);
    json_decref(bad_spec);
}

static void validate_messages_name_variable_and_rule(void **state)
{
    (void)state;
    fc_survey *survey = compile_text(HOST_SPEC, 1, 0);
    fc_errors *errors = NULL;
    json_t *accepted = (json_t *)1;
    int rc = validate_text(&errors, &accepted, survey,
                           "{\"hostname\": \"abcdefghijklmnopqrstuvwxyz\", \"token\": \"hunter2\","
                           " \"count\": 11, \"ratio\": true, \"env\": \"Prod\","
                           " \"regions\": [\"eu\", \"eu\"], \"debug\": \"hunter2\"}");
    assert_int_equal(rc, FC_EVALIDATION);
    assert_null(accepted);
    assert_int_equal(fc_errors_count(errors), 7);
    assert_error_at(errors, 0, "extra_vars.hostname", "too_long");
    assert_message_at(errors, 0, "'hostname' must be at most 20 characters");
    assert_error_at(errors, 1, "extra_vars.token", "too_short");
    assert_message_at(errors, 1, "'token' must be at least 8 characters");
    assert_error_at(errors, 2, "extra_vars.count", "too_large");
    assert_message_at(errors, 2, "'count' must be at most 10");
    assert_error_at(errors, 3, "extra_vars.ratio", "type");
    assert_message_at(errors, 3, "'ratio' must be a number");
    assert_error_at(errors, 4, "extra_vars.env", "not_a_choice");
    assert_message_at(errors, 4, "'env' must be one of the survey's choices");
    assert_error_at(errors, 5, "extra_vars.regions", "duplicate");
    assert_message_at(errors, 5, "'regions' must not repeat a choice (item 1)");
    assert_error_at(errors, 6, "extra_vars.debug", "unknown");
    assert_message_at(errors, 6,
                      "'debug' is not a survey variable, and this template does not prompt for "
                      "extra variables on launch");
    for (size_t i = 0; i < fc_errors_count(errors); i++)
        assert_null(strstr(fc_errors_message(errors, i), "hunter2"));
    fc_errors_free(errors);
    fc_survey_free(survey);
}

static void validate_required_and_defaults(void **state)
{
    (void)state;
    fc_survey *survey = compile_text(HOST_SPEC, 1, 0);
    fc_errors *errors = NULL;
    json_t *accepted = NULL;
    assert_int_equal(validate_text(&errors, &accepted, survey, "{}"), FC_EVALIDATION);
    assert_int_equal(fc_errors_count(errors), 1);
    assert_error_at(errors, 0, "extra_vars.hostname", "required");
    assert_message_at(errors, 0, "'hostname' is required");
    fc_errors_free(errors);
    assert_int_equal(validate_text(&errors, &accepted, survey, "{\"hostname\": \"\"}"),
                     FC_EVALIDATION);
    assert_message_at(errors, 0, "'hostname' is required and must not be empty");
    fc_errors_free(errors);
    assert_int_equal(validate_text(&errors, &accepted, survey,
                                   "{\"hostname\": \"web03\", \"token\": \"$encrypted$\"}"),
                     0);
    json_t *want = load("{\"hostname\": \"web03\", \"token\": \"default-token\"}");
    assert_true(json_equal(accepted, want));
    json_decref(want);
    json_decref(accepted);
    fc_errors_free(errors);
    /* NULL answers mean {} and NULL errors still give the verdict. */
    assert_int_equal(fc_survey_validate(&accepted, NULL, survey, NULL, NULL), FC_EVALIDATION);
    assert_null(accepted);
    fc_survey_free(survey);
}

static void extra_vars_precedence(void **state)
{
    (void)state;
    fc_survey *survey = compile_text(
        "{\"spec\": [{\"type\": \"text\", \"question_name\": \"A\", \"variable\": \"a\","
        " \"required\": false, \"default\": \"default\"},"
        "{\"type\": \"text\", \"question_name\": \"B\", \"variable\": \"b\","
        " \"required\": false, \"default\": \"default\"}]}",
        1, 0);
    json_t *template_vars = load("{\"a\": \"template\", \"b\": \"template\", \"c\": \"template\"}");
    json_t *answers = load("{\"b\": \"answer\"}");
    json_t *out = NULL;
    assert_int_equal(fc_survey_extra_vars(&out, NULL, survey, template_vars, answers, "x"), 0);
    json_t *want = load("{\"a\": \"default\", \"b\": \"answer\", \"c\": \"template\"}");
    assert_true(json_equal(out, want));
    /* Inputs are not modified. */
    assert_string_equal(json_string_value(json_object_get(template_vars, "a")), "template");
    json_decref(want);
    json_decref(out);
    json_decref(answers);
    json_decref(template_vars);
    fc_survey_free(survey);
}

static void compiled_survey_owns_its_spec(void **state)
{
    (void)state;
    json_t *spec = load(HOST_SPEC);
    fc_survey *survey = NULL;
    assert_int_equal(fc_survey_compile(&survey, NULL, spec, 1, 0), 0);
    /* The caller may change or free its value after compile. */
    json_object_set_new(spec, "spec", json_array());
    json_decref(spec);
    assert_int_equal(fc_survey_question_count(survey), 6);
    json_t *display = NULL;
    assert_int_equal(fc_survey_display_spec(&display, survey), 0);
    json_t *first = json_array_get(json_object_get(display, "spec"), 0);
    assert_string_equal(json_string_value(json_object_get(first, "variable")), "hostname");
    /* Changing the display copy does not change the survey. */
    json_object_set_new(first, "variable", json_string("changed"));
    json_decref(display);
    assert_int_equal(fc_survey_display_spec(&display, survey), 0);
    first = json_array_get(json_object_get(display, "spec"), 0);
    assert_string_equal(json_string_value(json_object_get(first, "variable")), "hostname");
    json_t *token = json_array_get(json_object_get(display, "spec"), 1);
    assert_string_equal(json_string_value(json_object_get(token, "default")), FC_ENCRYPTED);
    json_decref(display);
    fc_survey_free(survey);
}

/* fuzz_answers found it: a password question whose default is not a
 * string (a PIN written as a number, a list) is a survey problem, but the
 * display spec showed that default as written. Any default but none or ""
 * is shown as "$encrypted$". */
static void display_hides_every_password_default(void **state)
{
    (void)state;
    fc_survey *survey = compile_text(
        "{\"spec\": [{\"type\": \"password\", \"question_name\": \"P\", \"variable\": \"pin\","
        " \"required\": false, \"default\": 1234},"
        "{\"type\": \"password\", \"question_name\": \"L\", \"variable\": \"l\","
        " \"required\": false, \"default\": [\"s3cret\"]},"
        "{\"type\": \"password\", \"question_name\": \"E\", \"variable\": \"e\","
        " \"required\": false, \"default\": \"\"},"
        "{\"type\": \"password\", \"question_name\": \"N\", \"variable\": \"n\","
        " \"required\": false, \"default\": null}]}",
        1, 0);
    json_t *display = NULL;
    assert_int_equal(fc_survey_display_spec(&display, survey), 0);
    const json_t *spec = json_object_get(display, "spec");
    assert_string_equal(json_string_value(json_object_get(json_array_get(spec, 0), "default")),
                        FC_ENCRYPTED);
    assert_string_equal(json_string_value(json_object_get(json_array_get(spec, 1), "default")),
                        FC_ENCRYPTED);
    assert_string_equal(json_string_value(json_object_get(json_array_get(spec, 2), "default")), "");
    assert_true(json_is_null(json_object_get(json_array_get(spec, 3), "default")));
    json_decref(display);
    fc_survey_free(survey);
}

static void secrets_and_redaction(void **state)
{
    (void)state;
    fc_survey *survey = compile_text(
        "{\"spec\": [{\"type\": \"password\", \"question_name\": \"P\", \"variable\": \"p2\","
        " \"required\": false},"
        "{\"type\": \"text\", \"question_name\": \"T\", \"variable\": \"t\", \"required\": false},"
        "{\"type\": \"password\", \"question_name\": \"P\", \"variable\": \"p1\","
        " \"required\": false}]}",
        1, 0);
    json_t *names = NULL;
    assert_int_equal(fc_survey_secret_variables(&names, survey), 0);
    json_t *want = load("[\"p2\", \"p1\"]");
    assert_true(json_equal(names, want));
    json_decref(want);
    json_decref(names);

    json_t *values = load("{\"p1\": \"s3cret\", \"t\": \"plain\", \"other\": {\"p2\": 1}}");
    json_t *redacted = NULL;
    assert_int_equal(fc_survey_redact(&redacted, survey, values), 0);
    want = load("{\"p1\": \"$encrypted$\", \"t\": \"plain\", \"other\": {\"p2\": 1}}");
    assert_true(json_equal(redacted, want));
    assert_string_equal(json_string_value(json_object_get(values, "p1")), "s3cret");
    json_decref(want);
    json_decref(redacted);
    json_decref(values);
    fc_survey_free(survey);
}

static void launch_data_shape(void **state)
{
    (void)state;
    fc_survey *template_survey = compile_text(HOST_SPEC, 1, 1);
    fc_survey *node_survey = compile_text(
        "{\"spec\": [{\"type\": \"password\", \"question_name\": \"P\", \"variable\": \"pw\","
        " \"required\": false, \"default\": \"node-secret\"}]}",
        1, 0);
    fc_survey *disabled = compile_text(HOST_SPEC, 0, 0);
    fc_launch_node nodes[] = {
        {10, "deploy", node_survey}, {11, "approve", NULL}, {12, "off", disabled}};
    json_t *data = NULL;
    assert_int_equal(fc_launch_data(&data, template_survey, 1, nodes, 3), 0);
    assert_true(json_is_true(json_object_get(data, "is_workflow")));
    assert_true(json_is_true(json_object_get(data, "survey_enabled")));
    assert_true(json_is_true(json_object_get(data, "ask_variables_on_launch")));
    assert_int_equal(json_object_size(data), 5);
    json_t *node_surveys = json_object_get(data, "node_surveys");
    assert_int_equal(json_array_size(node_surveys), 1);
    json_t *entry = json_array_get(node_surveys, 0);
    assert_int_equal(json_integer_value(json_object_get(entry, "node_id")), 10);
    assert_string_equal(json_string_value(json_object_get(entry, "identifier")), "deploy");
    json_t *question =
        json_array_get(json_object_get(json_object_get(entry, "survey_spec"), "spec"), 0);
    assert_string_equal(json_string_value(json_object_get(question, "default")), FC_ENCRYPTED);
    char *text = json_dumps(data, 0);
    assert_null(strstr(text, "node-secret"));
    assert_null(strstr(text, "default-token"));
    free(text);
    json_decref(data);

    /* A job template: no nodes allowed, node_surveys empty. */
    assert_int_equal(fc_launch_data(&data, template_survey, 0, nodes, 1), FC_EINVAL);
    assert_null(data);
    assert_int_equal(fc_launch_data(&data, disabled, 0, NULL, 0), 0);
    json_t *want = load("{\"is_workflow\": false, \"survey_enabled\": false, \"survey_spec\": {},"
                        " \"ask_variables_on_launch\": false, \"node_surveys\": []}");
    assert_true(json_equal(data, want));
    json_decref(want);
    json_decref(data);

    /* Identifiers: present, at most 512 bytes, unique. */
    fc_launch_node duplicate[] = {{1, "a", NULL}, {2, "a", node_survey}};
    assert_int_equal(fc_launch_data(&data, template_survey, 1, duplicate, 2), FC_EINVAL);
    assert_int_equal(fc_node_survey_data_validate(&data, NULL, duplicate, 2, NULL), FC_EINVAL);
    fc_launch_node unnamed[] = {{1, NULL, NULL}};
    assert_int_equal(fc_launch_data(&data, template_survey, 1, unnamed, 1), FC_EINVAL);
    char long_id[FC_LIMIT_MAX_IDENTIFIER_LEN + 2];
    memset(long_id, 'x', sizeof(long_id) - 1);
    long_id[sizeof(long_id) - 1] = '\0';
    fc_launch_node too_long[] = {{1, long_id, NULL}};
    assert_int_equal(fc_launch_data(&data, template_survey, 1, too_long, 1), FC_EINVAL);
    long_id[FC_LIMIT_MAX_IDENTIFIER_LEN] = '\0';
    assert_int_equal(fc_launch_data(&data, template_survey, 1, too_long, 1), 0);
    json_decref(data);

    fc_survey_free(template_survey);
    fc_survey_free(node_survey);
    fc_survey_free(disabled);
}

static void node_survey_data_messages(void **state)
{
    (void)state;
    fc_survey *node_survey = compile_text(
        "{\"spec\": [{\"type\": \"text\", \"question_name\": \"V\", \"variable\": \"version\","
        " \"required\": true}]}",
        1, 0);
    fc_launch_node nodes[] = {{10, "deploy", node_survey}};
    json_t *data = load("{\"deploy\": {}, \"deploy_node\": {\"version\": \"2\"}}");
    fc_errors *errors = NULL;
    json_t *accepted = (json_t *)1;
    assert_int_equal(fc_errors_new(&errors), 0);
    assert_int_equal(fc_node_survey_data_validate(&accepted, errors, nodes, 1, data),
                     FC_EVALIDATION);
    assert_null(accepted);
    assert_int_equal(fc_errors_count(errors), 2);
    assert_error_at(errors, 0, "node_survey_data.deploy_node", "unknown");
    assert_message_at(errors, 0, "'deploy_node' is not a node of this workflow");
    assert_error_at(errors, 1, "node_survey_data.deploy.version", "required");
    assert_message_at(errors, 1, "'version' is required");
    fc_errors_free(errors);
    json_decref(data);

    /* No nodes (a job template): any identifier is unknown, {} is fine. */
    data = load("{}");
    assert_int_equal(fc_node_survey_data_validate(&accepted, NULL, NULL, 0, data), 0);
    assert_int_equal(json_object_size(accepted), 0);
    json_decref(accepted);
    json_decref(data);
    fc_survey_free(node_survey);
}

/* NUL in keys: no JSON text jansson loads can hold one (and the binding
 * refuses them), so the golden fixtures cannot; build them here. A key
 * with NUL is reported at the place that holds it, never printed (printf
 * would cut it at the NUL and name another variable). */
static void nul_keys_are_invalid(void **state)
{
    (void)state;
    fc_survey *passthrough = compile_text("{\"spec\": []}", 1, 1);
    fc_survey *closed = compile_text(HOST_SPEC, 1, 0);
    fc_errors *errors = NULL;
    json_t *accepted = (json_t *)1;

    /* A nested key: reported at the variable that holds it. */
    json_t *inner = json_object();
    json_object_setn_new(inner, "lev\0el", 6, json_integer(1));
    json_t *answers = json_pack("{s:[s, {s:o}]}", "config", "x", "deep", inner);
    assert_int_equal(fc_errors_new(&errors), 0);
    assert_int_equal(fc_survey_validate(&accepted, errors, passthrough, answers, "extra_vars"),
                     FC_EVALIDATION);
    assert_null(accepted);
    assert_int_equal(fc_errors_count(errors), 1);
    assert_error_at(errors, 0, "extra_vars.config", "invalid");
    assert_message_at(errors, 0, "'config' must not contain NUL characters");
    fc_errors_free(errors);

    /* A top-level key "hostname\0x": not the question "hostname", reported
     * at the answer set whether or not variables are asked on launch. */
    json_object_setn_new(answers, "hostname\0x", 10, json_string("web03"));
    json_object_del(answers, "config");
    fc_survey *both[] = {passthrough, closed};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(fc_errors_new(&errors), 0);
        json_t *extra_vars = (json_t *)1;
        assert_int_equal(
            fc_survey_extra_vars(&extra_vars, errors, both[i], NULL, answers, "extra_vars"),
            FC_EVALIDATION);
        assert_null(extra_vars);
        size_t last = fc_errors_count(errors) - 1; /* closed also misses 'hostname' */
        assert_error_at(errors, last, "extra_vars", "invalid");
        assert_message_at(errors, last, "variable names must not contain NUL characters");
        fc_errors_free(errors);
    }
    json_decref(answers);

    /* node_survey_data: an identifier with NUL, and a nested key in a node answer. */
    fc_survey *node_survey = compile_text(
        "{\"spec\": [{\"type\": \"text\", \"question_name\": \"V\", \"variable\": \"version\","
        " \"required\": false}]}",
        1, 1);
    fc_launch_node nodes[] = {{10, "deploy", node_survey}};
    json_t *data = json_object();
    json_object_setn_new(data, "deploy\0x", 8, json_object());
    inner = json_object();
    json_object_setn_new(inner, "a\0b", 3, json_true());
    json_object_set_new(data, "deploy", json_pack("{s:[o]}", "debug", inner));
    assert_int_equal(fc_errors_new(&errors), 0);
    assert_int_equal(fc_node_survey_data_validate(&accepted, errors, nodes, 1, data),
                     FC_EVALIDATION);
    assert_null(accepted);
    assert_int_equal(fc_errors_count(errors), 2);
    assert_error_at(errors, 0, "node_survey_data", "invalid");
    assert_message_at(errors, 0, "node identifiers must not contain NUL characters");
    assert_error_at(errors, 1, "node_survey_data.deploy.debug", "invalid");
    assert_message_at(errors, 1, "'debug' must not contain NUL characters");
    fc_errors_free(errors);
    json_decref(data);
    fc_survey_free(node_survey);
    fc_survey_free(closed);
    fc_survey_free(passthrough);
}

/* A survey of n text questions q0..q(n-1). */
static json_t *big_spec(size_t n)
{
    json_t *list = json_array();
    char name[32];
    for (size_t i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "q%zu", i);
        json_array_append_new(list,
                              json_pack("{s:s, s:s, s:s, s:b}", "type", "text", "question_name",
                                        name, "variable", name, "required", 1));
    }
    return json_pack("{s:o}", "spec", list);
}

static void limits_on_spec(void **state)
{
    (void)state;
    fc_survey *survey = NULL;
    fc_errors *errors = NULL;
    assert_int_equal(fc_errors_new(&errors), 0);

    /* AWX bounds no question count: 5000 questions compile. */
    json_t *spec = big_spec(5000);
    assert_int_equal(fc_survey_compile(&survey, errors, spec, 1, 0), 0);
    assert_int_equal(fc_survey_question_count(survey), 5000);
    /* Every required question omitted: the list keeps FC_LIMIT_MAX_ERRORS and says so. */
    json_t *accepted = NULL;
    assert_int_equal(fc_survey_validate(&accepted, errors, survey, NULL, "v"), FC_EVALIDATION);
    assert_int_equal(fc_errors_count(errors), FC_LIMIT_MAX_ERRORS);
    assert_true(fc_errors_truncated(errors));
    fc_errors_clear(errors);
    fc_survey_free(survey);
    json_decref(spec);

    /* Texts have no bound of their own (AWX has none); a default is judged
     * as an answer, so beyond FC_LIMIT_MAX_TEXT_LEN it is a problem. */
    char *long_text = malloc(FC_LIMIT_MAX_TEXT_LEN + 2);
    memset(long_text, 'x', FC_LIMIT_MAX_TEXT_LEN + 1);
    long_text[FC_LIMIT_MAX_TEXT_LEN + 1] = '\0';
    static const char *const types[] = {"text", "integer", "multiselect"};
    /* A default is also an answer we store: the answer bound applies. */
    static const char *const codes[] = {"limit", "type", "not_a_choice"};
    for (size_t i = 0; i < 3; i++) {
        spec = json_pack("{s:[{s:s, s:s, s:s, s:s, s:b, s:s, s:s}]}", "spec", "type", types[i],
                         "question_name", long_text, "question_description", long_text, "variable",
                         long_text, "required", 0, "choices", "a", "default", long_text);
        assert_int_equal(fc_survey_compile(&survey, errors, spec, 1, 0), 0);
        assert_int_equal(fc_errors_count(errors), 0);
        const fc_errors *problems = fc_survey_problems(survey);
        assert_int_equal(fc_errors_count(problems), codes[i] == NULL ? 0 : 1);
        if (codes[i] != NULL) {
            assert_error_at(problems, 0, "spec[0].default", codes[i]);
            /* The message shows a clipped name; the path holds the rest. */
            assert_true(strlen(fc_errors_message(problems, 0)) < 400);
        }
        fc_survey_free(survey);
        json_decref(spec);
    }
    free(long_text);

    /* One bound on the whole spec, in compact JSON bytes. */
    char *huge = malloc(FC_LIMIT_MAX_SPEC_BYTES + 1);
    memset(huge, 'x', FC_LIMIT_MAX_SPEC_BYTES);
    huge[FC_LIMIT_MAX_SPEC_BYTES] = '\0';
    spec = json_pack("{s:s, s:[]}", "description", huge, "spec");
    assert_int_equal(fc_survey_compile(&survey, errors, spec, 1, 0), FC_EVALIDATION);
    assert_int_equal(fc_errors_count(errors), 1);
    assert_error_at(errors, 0, "survey_spec", "limit");
    assert_message_at(errors, 0, "survey_spec may be at most 16777216 bytes of JSON");
    fc_errors_clear(errors);
    json_decref(spec);
    /* Just within: the string, its quotes, the keys and braces fit. */
    size_t room = FC_LIMIT_MAX_SPEC_BYTES - strlen("{\"description\":\"\",\"spec\":[]}");
    huge[room] = '\0';
    spec = json_pack("{s:s, s:[]}", "description", huge, "spec");
    assert_int_equal(fc_survey_compile(&survey, errors, spec, 1, 0), 0);
    fc_survey_free(survey);
    json_decref(spec);
    free(huge);
    fc_errors_free(errors);
}

static void limits_on_answers(void **state)
{
    (void)state;
    fc_survey *survey = compile_text(HOST_SPEC, 1, 1);
    fc_errors *errors = NULL;
    json_t *accepted = NULL;
    assert_int_equal(fc_errors_new(&errors), 0);

    /* A text answer beyond FC_LIMIT_MAX_TEXT_LEN bytes. */
    char *long_text = malloc(FC_LIMIT_MAX_TEXT_LEN + 2);
    memset(long_text, 'x', FC_LIMIT_MAX_TEXT_LEN + 1);
    long_text[FC_LIMIT_MAX_TEXT_LEN + 1] = '\0';
    json_t *answers = json_pack("{s:s}", "hostname", long_text);
    assert_int_equal(fc_survey_validate(&accepted, errors, survey, answers, "e"), FC_EVALIDATION);
    assert_error_at(errors, 0, "e.hostname", "limit");
    assert_message_at(errors, 0, "'hostname' may be at most 65536 bytes");
    fc_errors_clear(errors);
    json_decref(answers);
    free(long_text);

    /* Too many variables. */
    answers = json_object();
    char name[32];
    for (int i = 0; i <= FC_LIMIT_MAX_EXTRA_VARS; i++) {
        snprintf(name, sizeof(name), "v%d", i);
        json_object_set_new(answers, name, json_integer(i));
    }
    assert_int_equal(fc_survey_validate(&accepted, errors, survey, answers, "e"), FC_EVALIDATION);
    assert_int_equal(fc_errors_count(errors), 1);
    assert_error_at(errors, 0, "e", "limit");
    assert_message_at(errors, 0, "at most 1000 variables are allowed");
    fc_errors_clear(errors);
    json_decref(answers);

    /* A multiselect answer longer than its choice list must repeat one:
     * found at the first repeat, so the work stays linear. */
    json_t *regions = json_array();
    for (int i = 0; i <= 1000; i++)
        json_array_append_new(regions, json_string("eu"));
    answers = json_pack("{s:s, s:o}", "hostname", "web", "regions", regions);
    assert_int_equal(fc_survey_validate(&accepted, errors, survey, answers, "e"), FC_EVALIDATION);
    assert_int_equal(fc_errors_count(errors), 1);
    assert_error_at(errors, 0, "e.regions", "duplicate");
    fc_errors_clear(errors);
    json_decref(answers);

    /* Deep passthrough values. */
    json_t *deep = json_array();
    for (int i = 0; i < FC_LIMIT_MAX_DEPTH + 5; i++)
        deep = json_pack("[o]", deep);
    answers = json_pack("{s:s, s:o}", "hostname", "web", "deep", deep);
    assert_int_equal(fc_survey_validate(&accepted, errors, survey, answers, "e"), FC_EVALIDATION);
    assert_error_at(errors, 0, "e.deep", "limit");
    assert_message_at(errors, 0, "'deep' may nest at most 32 levels");
    json_decref(answers);
    fc_errors_free(errors);
    fc_survey_free(survey);
}

static void large_survey_validates(void **state)
{
    (void)state;
    json_t *spec = big_spec(1000);
    fc_survey *survey = NULL;
    assert_int_equal(fc_survey_compile(&survey, NULL, spec, 1, 0), 0);
    json_t *answers = json_object();
    char name[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof(name), "q%d", i);
        json_object_set_new(answers, name, json_string(name));
    }
    json_t *accepted = NULL;
    assert_int_equal(fc_survey_validate(&accepted, NULL, survey, answers, "e"), 0);
    assert_true(json_equal(accepted, answers));
    json_decref(accepted);
    json_decref(answers);
    json_decref(spec);
    fc_survey_free(survey);
}

/* jansson allocations fail one at a time: every call returns an error or
 * succeeds, never crashes or leaks (ASan/valgrind watch). */
static size_t alloc_budget;
static int alloc_failing;

static void *failing_malloc(size_t size)
{
    if (alloc_failing) {
        if (alloc_budget == 0)
            return NULL;
        alloc_budget--;
    }
    return malloc(size);
}

static int run_everything(void)
{
    static const char *const node_spec =
        "{\"spec\": [{\"type\": \"multiselect\", \"question_name\": \"R\", \"variable\": \"r\","
        " \"required\": false, \"choices\": \"a\\nb\", \"default\": \"a\\nb\"}]}";
    json_t *spec = json_loads(HOST_SPEC, 0, NULL);
    json_t *node_spec_value = json_loads(node_spec, 0, NULL);
    json_t *answers = json_loads("{\"hostname\": \"web\", \"token\": \"$encrypted$\","
                                 " \"regions\": [\"eu\"], \"x\": [1, {\"y\": 2}]}",
                                 0, NULL);
    json_t *node_data = json_loads("{\"n\": {\"r\": [\"b\"]}}", 0, NULL);
    fc_survey *survey = NULL, *node_survey = NULL;
    fc_errors *errors = NULL;
    json_t *out = NULL;
    int failures = 0;

    if (spec == NULL || node_spec_value == NULL || answers == NULL || node_data == NULL ||
        fc_errors_new(&errors) != 0)
        failures++;
    if (fc_survey_compile(&survey, errors, spec, 1, 1) != 0)
        failures++;
    if (fc_survey_compile(&node_survey, errors, node_spec_value, 1, 0) != 0)
        failures++;
    if (survey != NULL && node_survey != NULL) {
        fc_launch_node nodes[] = {{1, "n", node_survey}};
        failures += fc_survey_validate(&out, errors, survey, answers, "e") != 0;
        json_decref(out);
        failures += fc_survey_extra_vars(&out, errors, survey, answers, answers, "e") != 0;
        json_decref(out);
        failures += fc_survey_secret_variables(&out, survey) != 0;
        json_decref(out);
        failures += fc_survey_redact(&out, survey, answers) != 0;
        json_decref(out);
        failures += fc_launch_data(&out, survey, 1, nodes, 1) != 0;
        json_decref(out);
        failures += fc_node_survey_data_validate(&out, errors, nodes, 1, node_data) != 0;
        json_decref(out);
    } else {
        failures++;
    }
    fc_survey_free(survey);
    fc_survey_free(node_survey);
    fc_errors_free(errors);
    json_decref(spec);
    json_decref(node_spec_value);
    json_decref(answers);
    json_decref(node_data);
    return failures;
}

static void jansson_allocation_failures(void **state)
{
    (void)state;
    json_set_alloc_funcs(failing_malloc, free);
    assert_int_equal(run_everything(), 0);
    int completed = 0;
    for (size_t budget = 0; budget < 5000 && !completed; budget++) {
        alloc_budget = budget;
        alloc_failing = 1;
        completed = run_everything() == 0;
        alloc_failing = 0;
    }
    json_set_alloc_funcs(malloc, free);
    assert_true(completed);
}

static const struct CMUnitTest survey_tests[] = {
    cmocka_unit_test(null_arguments_are_einval),
    cmocka_unit_test(compile_reports_every_problem_with_messages),
    cmocka_unit_test(compile_keeps_problems),
    cmocka_unit_test(compile_shape_errors),
    cmocka_unit_test(validate_messages_name_variable_and_rule),
    cmocka_unit_test(validate_required_and_defaults),
    cmocka_unit_test(extra_vars_precedence),
    cmocka_unit_test(compiled_survey_owns_its_spec),
    cmocka_unit_test(secrets_and_redaction),
    cmocka_unit_test(launch_data_shape),
    cmocka_unit_test(node_survey_data_messages),
    cmocka_unit_test(nul_keys_are_invalid),
    cmocka_unit_test(limits_on_spec),
    cmocka_unit_test(limits_on_answers),
    cmocka_unit_test(display_hides_every_password_default),
    cmocka_unit_test(large_survey_validates),
    cmocka_unit_test(jansson_allocation_failures),
};

FC_TEST_MAIN(survey_tests)
