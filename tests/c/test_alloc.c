/* Allocation-failure sweep (jansson test/suites/api/test_chaos.c style).
 *
 * The binary is linked with -Wl,--wrap=malloc,calloc,realloc,free,strdup,
 * strndup (CTEST_LDFLAGS_alloc in mk/c.mk), so every allocation the core
 * makes goes through the counting allocator below, and jansson's go
 * through it too via json_set_alloc_funcs. For each scenario the call under
 * test is run once to count its allocation points, then once per point with
 * that allocation failing. Every run must either succeed as usual or
 * return FC_ENOMEM with no partial output, and leave no block behind (live
 * count back to where it was; valgrind and ASan check the rest).
 *
 * Survey scenarios compile when csrc/core/survey*.c exist (FC_HAVE_SURVEY,
 * set by mk/c.mk): add new public functions to the SURVEY section. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bigint_json.h"
#include "errors_internal.h"
#include "harness.h"
#include "view_json.h"

/* ---- the counting, failing allocator (test code: a global is the only way
 * to reach state from malloc) ---- */

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *block, size_t size);
void __real_free(void *block);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *block, size_t size);
void __wrap_free(void *block);
char *__wrap_strdup(const char *text);
char *__wrap_strndup(const char *text, size_t limit);

typedef struct alloc_state {
    int armed;    /* count (and maybe fail) only while the call under test runs */
    long calls;   /* allocation calls since armed */
    long fail_at; /* the call index to fail, -1 for none */
    int failed;   /* the injected failure happened */
    long live;    /* blocks allocated through the wrappers and not yet freed */
} alloc_state;

static alloc_state g_alloc = {0, 0, -1, 0, 0};

/* 1 if this allocation must fail. */
static int inject(void)
{
    if (!g_alloc.armed)
        return 0;
    long index = g_alloc.calls++;
    if (index == g_alloc.fail_at) {
        g_alloc.failed = 1;
        return 1;
    }
    return 0;
}

void *__wrap_malloc(size_t size)
{
    if (inject())
        return NULL;
    void *block = __real_malloc(size);
    if (block != NULL)
        g_alloc.live++;
    return block;
}

void *__wrap_calloc(size_t count, size_t size)
{
    if (inject())
        return NULL;
    void *block = __real_calloc(count, size);
    if (block != NULL)
        g_alloc.live++;
    return block;
}

void *__wrap_realloc(void *block, size_t size)
{
    if (block != NULL && size == 0) {
        g_alloc.live--;
        return __real_realloc(block, size);
    }
    if (inject())
        return NULL;
    void *grown = __real_realloc(block, size);
    if (grown != NULL && block == NULL)
        g_alloc.live++;
    return grown;
}

void __wrap_free(void *block)
{
    if (block != NULL)
        g_alloc.live--;
    __real_free(block);
}

/* glibc's strdup allocates inside libc, out of --wrap's reach: route it. */
char *__wrap_strdup(const char *text)
{
    size_t len = strlen(text);
    char *copy = __wrap_malloc(len + 1);
    if (copy != NULL)
        memcpy(copy, text, len + 1);
    return copy;
}

char *__wrap_strndup(const char *text, size_t limit)
{
    size_t len = strnlen(text, limit);
    char *copy = __wrap_malloc(len + 1);
    if (copy != NULL) {
        memcpy(copy, text, len);
        copy[len] = '\0';
    }
    return copy;
}

static void *json_alloc(size_t size)
{
    return __wrap_malloc(size);
}

static void json_release(void *block)
{
    __wrap_free(block);
}

static void arm(long fail_at)
{
    g_alloc.armed = 1;
    g_alloc.calls = 0;
    g_alloc.fail_at = fail_at;
    g_alloc.failed = 0;
}

static void disarm(void)
{
    g_alloc.armed = 0;
}

/* ---- scenarios ---- */

/* A run returns the call's code; PARTIAL_OUTPUT flags a failed call that
 * still handed out a result. */
#define PARTIAL_OUTPUT 1000

typedef struct scenario {
    const char *name;
    int (*setup)(void **ctx); /* builds the inputs; not swept */
    int (*run)(void *ctx);    /* the call under test; frees what it got */
    void (*teardown)(void *ctx);
    int expected_rc; /* the code without any failure */
} scenario;

static json_t *load(const char *text)
{
    json_error_t error;
    json_t *value = json_loads(text, JSON_DECODE_ANY, &error);
    if (value == NULL)
        fail_msg("bad scenario JSON: %s", error.text);
    return value;
}

static void free_json(void *ctx)
{
    json_decref(ctx);
}

/* errors.c: growth of the list (8, 16, 32 entries). */
static int run_errors_grow(void *ctx)
{
    (void)ctx;
    fc_errors *errors = NULL;
    int rc = fc_errors_new(&errors);
    for (int i = 0; rc == 0 && i < 20; i++)
        rc = fc_errors_add(errors, "spec[3].default", FC_CHECK_INVALID, "problem %d", i);
    fc_errors_free(errors);
    return rc;
}

/* status.c and authz.c are pure: the sweep proves they allocate nothing
 * beyond the caller's error entries. */
static int run_status_legal(void *ctx)
{
    (void)ctx;
    fc_state next;
    fc_effect effect;
    fc_transition_facts facts = {0};
    facts.approvals = 1;
    facts.approvals_required = 2;
    return fc_status_transition(&next, &effect, NULL, FC_STATE_PENDING_APPROVAL, FC_EVENT_APPROVE,
                                &facts);
}

static int run_status_refusals(void *ctx)
{
    (void)ctx;
    fc_state next;
    fc_effect effect;
    fc_transition_facts facts = {0};
    fc_errors *errors = NULL;
    int rc = fc_errors_new(&errors);
    if (rc == 0)
        rc = fc_status_transition(&next, &effect, errors, FC_STATE_REJECTED, FC_EVENT_APPROVE,
                                  &facts);
    if (rc == FC_EILLEGAL)
        rc = fc_status_transition(&next, &effect, errors, FC_STATE_PENDING_APPROVAL,
                                  FC_EVENT_REJECT, &facts);
    fc_errors_free(errors);
    return rc;
}

static int run_authz_all(void *ctx)
{
    (void)ctx;
    fc_decision decision;
    fc_authz_facts facts = {.is_authenticated = 1,
                            .is_org_admin = 1,
                            .is_org_reader = 1,
                            .is_requester = 1,
                            .item_enabled = 1,
                            .item_has_approver_team = 1};
    for (int a = 0; a < FC_ACTION__COUNT; a++) {
        int rc = fc_authz_decide(&decision, (fc_action)a, &facts);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* expiry.c: decide is pure; the policy check allocates only its errors. */
static int run_expiry_decide(void *ctx)
{
    (void)ctx;
    fc_expiry_decision d;
    fc_expiry_policy policy = {.expire_after = 60, .remind_every = 60};
    fc_expiry_clock clock = {.now = 90, .step_entered_at = 0, .last_reminded_at = -1};
    return fc_expiry_decide(&d, &policy, &clock);
}

static int run_expiry_policy_problems(void *ctx)
{
    (void)ctx;
    fc_errors *errors = NULL;
    fc_expiry_policy policy = {.expire_after = -1, .outcome = FC_EXPIRY_APPROVE, .remind_every = 1};
    int rc = fc_errors_new(&errors);
    if (rc == 0)
        rc = fc_expiry_check_policy(errors, &policy);
    fc_errors_free(errors);
    return rc;
}

static int setup_catalog_valid(void **ctx)
{
    *ctx = load("{\"organization\": 1, \"name\": \"Restart\", \"icon\": \"server\","
                " \"tags\": [\"a\", \"b\"], \"job_template\": 5,"
                " \"job_template_organization\": 1}");
    return 0;
}

static int setup_catalog_invalid(void **ctx)
{
    *ctx = load("{\"organization\": 1, \"name\": \" \", \"description\": 3,"
                " \"icon\": \"Bad Icon\", \"category\": false, \"tags\": [\"\", 1, \"x\", \"x\"],"
                " \"job_template\": 5, \"workflow_job_template\": 6,"
                " \"job_template_organization\": 2, \"approver_team\": 4,"
                " \"requires_approval\": false, \"approvals_required\": 3, \"enabled\": 0,"
                " \"approval_steps\": [{\"quorum\": 0, \"title\": 7},"
                " {\"approver_team\": 8, \"approver_team_organization\": 2}, 5]}");
    return 0;
}

static int run_catalog(void *ctx)
{
    fc_errors *errors = NULL;
    int rc = fc_errors_new(&errors);
    if (rc == 0)
        rc = fc_catalog_validate(errors, ctx);
    fc_errors_free(errors);
    return rc;
}

static int setup_notify_refusals(void **ctx)
{
    *ctx = load("{\"organization\": 1, \"templates\": ["
                " {\"path\": \"notification_templates.approved[0]\", \"id\": 4,"
                " \"organization\": 2},"
                " {\"path\": \"notification_templates.approved[1]\", \"id\": 5,"
                " \"organization\": 1},"
                " {\"path\": \"notification_templates.failed[0]\", \"id\": 6,"
                " \"organization\": null}]}");
    return 0;
}

static int run_notify(void *ctx)
{
    fc_errors *errors = NULL;
    int rc = fc_errors_new(&errors);
    if (rc == 0)
        rc = fc_notify_check_templates(errors, ctx);
    fc_errors_free(errors);
    return rc;
}

#ifdef FC_HAVE_SURVEY
/* ---- SURVEY: every public function of fc_survey.h ---- */

static const char *const spec_text =
    "{\"name\": \"Deploy\", \"description\": \"d\", \"spec\": ["
    "{\"type\": \"text\", \"question_name\": \"Host\", \"variable\": \"hostname\","
    " \"required\": true, \"min\": 1, \"max\": 64, \"default\": \"web01\"},"
    "{\"type\": \"textarea\", \"question_name\": \"Notes\", \"variable\": \"notes\","
    " \"required\": false, \"default\": \"\"},"
    "{\"type\": \"password\", \"question_name\": \"Password\", \"variable\": \"db_password\","
    " \"required\": true, \"default\": \"s3cret\"},"
    "{\"type\": \"integer\", \"question_name\": \"Count\", \"variable\": \"count\","
    " \"required\": false, \"min\": 1, \"max\": 10, \"default\": 3},"
    "{\"type\": \"float\", \"question_name\": \"Ratio\", \"variable\": \"ratio\","
    " \"required\": false, \"min\": 0, \"max\": 1, \"default\": 0.5},"
    "{\"type\": \"multiplechoice\", \"question_name\": \"Env\", \"variable\": \"env\","
    " \"required\": true, \"choices\": \"dev\\nstage\\nprod\", \"default\": \"dev\"},"
    "{\"type\": \"multiselect\", \"question_name\": \"Features\", \"variable\": \"features\","
    " \"required\": false, \"choices\": [\"a\", \"b\", \"c\"], \"default\": \"a\\nb\"}"
    "]}";

static const char *const bad_spec_text =
    "{\"spec\": ["
    "{\"type\": \"text\", \"question_name\": \"A\", \"variable\": \"a\", \"required\": true,"
    " \"min\": \"x\"},"
    "{\"type\": \"nope\", \"question_name\": \"B\", \"variable\": \"b\", \"required\": true},"
    "{\"type\": \"multiplechoice\", \"question_name\": \"C\", \"variable\": \"a\","
    " \"required\": true},"
    "{\"type\": \"text\", \"question_name\": \"D\", \"variable\": \"d\", \"required\": false,"
    " \"default\": \"$encrypted$\"}"
    "]}";

/* What AWX saves but can never fully work (survey problems), with integers
 * beyond 64 bits ({"__bigint__": ...}, bigint_json.h) and every kind of
 * line break: compiles, and its answers meet the problems at their paths. */
static const char *const problem_spec_text =
    "{\"name\": \"P\", \"description\": \"\", \"spec\": ["
    "{\"type\": \"integer\", \"question_name\": \"N\", \"variable\": \"n\","
    " \"required\": false, \"min\": {\"__bigint__\": \"18446744073709551616\"},"
    " \"max\": true, \"default\": 5},"
    "{\"type\": \"float\", \"question_name\": \"F\", \"variable\": \"f\","
    " \"required\": false, \"max\": {\"__bigint__\": \"1"
    "0000000000000000000000\"},"
    " \"min\": {\"__bigint__\": \"-1"
    "000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000\"}},"
    "{\"type\": \"multiplechoice\", \"question_name\": \"C\", \"variable\": \"c\","
    " \"required\": true, \"choices\": {\"a\": 1, \"b\": 2}, \"default\": \"z\"},"
    "{\"type\": \"multiselect\", \"question_name\": \"M\", \"variable\": \"m\","
    " \"required\": false, \"choices\": [null, \"a\", {\"__bigint__\": \"-99999999999999999999\"}, "
    "1.5],"
    " \"default\": \"a\\u2028x\"},"
    "{\"type\": \"multiselect\", \"question_name\": \"L\", \"variable\": \"l\","
    " \"required\": true, \"choices\": \"a\\u0085b\\u000bc\\r\\nd\\u3000\\n\\u2029e\"},"
    "{\"type\": \"text\", \"question_name\": \"T\", \"variable\": \"\","
    " \"required\": false, \"min\": 3, \"max\": -1, \"default\": \"$encrypted$\"},"
    "{\"type\": \"multiplechoice\", \"question_name\": \"E\", \"variable\": \"e\","
    " \"required\": false, \"choices\": 5}"
    "]}";

static const char *const problem_answers_text =
    "{\"n\": {\"__bigint__\": \"18446744073709551617\"}, \"f\": {\"__bigint__\": \"-5\"},"
    " \"m\": [\"a\", {\"__bigint__\": \"-99999999999999999999\"}, 1.5], \"l\": [\"c\", \"e\"],"
    " \"e\": \"x\"}";

typedef struct survey_ctx {
    fc_survey *survey;
    json_t *answers;
    json_t *extra;
    json_t *node_data;    /* node_survey_data: the answers for two nodes */
    fc_test_view *views;  /* answers as views (fc_answers.h) */
    fc_test_view *extras; /* extra as views */
} survey_ctx;

static int run_compile(void *ctx)
{
    fc_errors *errors = NULL;
    fc_survey *survey = NULL;
    int rc = fc_errors_new(&errors);
    if (rc == 0)
        rc = fc_survey_compile(&survey, errors, ctx, 1, 0);
    if (rc != 0 && survey != NULL)
        rc = PARTIAL_OUTPUT;
    fc_survey_free(survey);
    fc_errors_free(errors);
    return rc;
}

static int setup_spec(void **ctx)
{
    *ctx = load(spec_text);
    return 0;
}

static int setup_bad_spec(void **ctx)
{
    *ctx = load(bad_spec_text);
    return 0;
}

static int setup_problem_spec(void **ctx)
{
    *ctx = fc_test_bigints(load(problem_spec_text));
    return 0;
}

/* A compiled survey plus answers; built with the allocator disarmed. */
static int setup_survey_from(void **ctx, const char *spec_source, const char *answers)
{
    survey_ctx *s = calloc(1, sizeof(*s));
    json_t *spec = fc_test_bigints(load(spec_source));
    assert_non_null(s);
    assert_int_equal(fc_survey_compile(&s->survey, NULL, spec, 1, 0), 0);
    json_decref(spec);
    s->answers = fc_test_bigints(load(answers));
    s->extra = load("{\"region\": \"eu\", \"count\": 1}");
    s->node_data = json_pack("{sOsO}", "deploy", s->answers, "verify", s->answers);
    assert_non_null(s->node_data);
    s->views = fc_test_view_new(s->answers);
    s->extras = fc_test_view_new(s->extra);
    assert_non_null(s->views);
    assert_non_null(s->extras);
    *ctx = s;
    return 0;
}

/* Beyond the check's stack scratch (256 questions, answers, choices): 300
 * text questions answered, and a multiselect of 300 choices. */
static int setup_large_answers(void **ctx)
{
    survey_ctx *s = calloc(1, sizeof(*s));
    json_t *spec = json_pack("{s:s, s:s, s:[]}", "name", "L", "description", "", "spec");
    json_t *questions = json_object_get(spec, "spec"), *choices = json_array();
    char name[32];
    assert_non_null(s);
    s->answers = json_object();
    for (int i = 0; i < 300; i++) {
        snprintf(name, sizeof(name), "v%d", i);
        json_array_append_new(questions,
                              json_pack("{s:s, s:s, s:s, s:b}", "type", "text", "question_name",
                                        name, "variable", name, "required", 1));
        json_object_set_new(s->answers, name, json_string("x"));
        snprintf(name, sizeof(name), "c%d", i);
        json_array_append_new(choices, json_string(name));
    }
    json_array_append_new(questions, json_pack("{s:s, s:s, s:s, s:b, s:o}", "type", "multiselect",
                                               "question_name", "M", "variable", "m", "required", 0,
                                               "choices", choices));
    json_object_set_new(s->answers, "m", json_pack("[ss]", "c7", "c299"));
    assert_int_equal(fc_survey_compile(&s->survey, NULL, spec, 1, 0), 0);
    json_decref(spec);
    s->extra = load("{\"region\": \"eu\"}");
    s->views = fc_test_view_new(s->answers);
    s->extras = fc_test_view_new(s->extra);
    assert_non_null(s->views);
    assert_non_null(s->extras);
    *ctx = s;
    return 0;
}

static int setup_survey_with(void **ctx, const char *answers)
{
    return setup_survey_from(ctx, spec_text, answers);
}

static int setup_problem_answers(void **ctx)
{
    return setup_survey_from(ctx, problem_spec_text, problem_answers_text);
}

static int setup_good_answers(void **ctx)
{
    return setup_survey_with(ctx,
                             "{\"hostname\": \"web03\", \"db_password\": \"$encrypted$\","
                             " \"count\": 5, \"env\": \"prod\", \"features\": [\"a\", \"c\"]}");
}

static int setup_bad_answers(void **ctx)
{
    return setup_survey_with(ctx, "{\"hostname\": \"\", \"count\": \"5\", \"ratio\": true,"
                                  " \"env\": \"qa\", \"features\": [\"z\"], \"extra\": 1}");
}

static void teardown_survey(void *ctx)
{
    survey_ctx *s = ctx;
    fc_survey_free(s->survey);
    json_decref(s->answers);
    json_decref(s->extra);
    json_decref(s->node_data);
    fc_test_view_free(s->views);
    fc_test_view_free(s->extras);
    free(s);
}

/* fc_survey_check: the caller's entry list; only errors and big-survey
 * scratch allocate. */
static int run_check(void *ctx)
{
    survey_ctx *s = ctx;
    fc_errors *errors = NULL;
    size_t count = 0;
    size_t capacity = fc_survey_check_capacity(s->survey, &s->extras->root, &s->views->root);
    fc_accepted *entries = calloc(capacity, sizeof(*entries));
    int rc = entries == NULL ? FC_ENOMEM : fc_errors_new(&errors);
    if (rc == 0)
        rc = fc_survey_check(entries, &count, capacity, errors, s->survey, &s->extras->root,
                             &s->views->root, "extra_vars");
    if (rc != 0 && count != 0)
        rc = PARTIAL_OUTPUT;
    free(entries);
    fc_errors_free(errors);
    return rc;
}

/* Runs one json_t-producing call with its own error list. */
#define RUN_JSON_CALL(call)                                                                        \
    do {                                                                                           \
        fc_errors *errors = NULL;                                                                  \
        json_t *out = NULL;                                                                        \
        int rc = fc_errors_new(&errors);                                                           \
        if (rc == 0)                                                                               \
            rc = (call);                                                                           \
        if (rc != 0 && out != NULL)                                                                \
            rc = PARTIAL_OUTPUT;                                                                   \
        json_decref(out);                                                                          \
        fc_errors_free(errors);                                                                    \
        return rc;                                                                                 \
    } while (0)

static int run_validate(void *ctx)
{
    survey_ctx *s = ctx;
    RUN_JSON_CALL(fc_survey_validate(&out, errors, s->survey, s->answers, "extra_vars"));
}

static int run_extra_vars(void *ctx)
{
    survey_ctx *s = ctx;
    RUN_JSON_CALL(
        fc_survey_extra_vars(&out, errors, s->survey, s->extra, s->answers, "extra_vars"));
}

static int run_secrets(void *ctx)
{
    survey_ctx *s = ctx;
    RUN_JSON_CALL(fc_survey_secret_variables(&out, s->survey));
}

static int run_redact(void *ctx)
{
    survey_ctx *s = ctx;
    RUN_JSON_CALL(fc_survey_redact(&out, s->survey, s->answers));
}

static int run_display(void *ctx)
{
    survey_ctx *s = ctx;
    RUN_JSON_CALL(fc_survey_display_spec(&out, s->survey));
}

static int run_launch_data(void *ctx)
{
    survey_ctx *s = ctx;
    fc_launch_node nodes[3] = {
        {10, "deploy", s->survey}, {11, "notify", NULL}, {12, "verify", s->survey}};
    RUN_JSON_CALL(fc_launch_data(&out, s->survey, 1, nodes, 3));
}

static int run_launch_data_template_only(void *ctx)
{
    survey_ctx *s = ctx;
    RUN_JSON_CALL(fc_launch_data(&out, s->survey, 0, NULL, 0));
}

/* Answers for a node that does not exist, and for one without a survey. */
static int setup_unknown_nodes(void **ctx)
{
    int rc = setup_survey_with(ctx, "{\"hostname\": \"web03\"}");
    survey_ctx *s = *ctx;
    json_decref(s->node_data);
    s->node_data = load("{\"deploy\": {\"hostname\": \"h\"}, \"ghost\": {\"a\": 1},"
                        " \"verify\": {\"env\": \"qa\", \"zzz\": 2}}");
    return rc;
}

static int run_node_data(void *ctx)
{
    survey_ctx *s = ctx;
    fc_launch_node nodes[2] = {{10, "deploy", s->survey}, {12, "verify", s->survey}};
    RUN_JSON_CALL(fc_node_survey_data_validate(&out, errors, nodes, 2, s->node_data));
}

/* ---- forms (fc_form.h): compile, validate, display ---- */
static const char *const form_spec_text =
    "{\"name\": \"\", \"description\": \"\", \"spec\": ["
    "{\"question_name\": \"Q\", \"variable\": \"env\", \"type\": \"multiplechoice\", \"choices\": "
    "\"dev\\nprod\","
    " \"required\": true},"
    "{\"question_name\": \"Q\", \"variable\": \"host\", \"type\": \"text\", \"required\": true, "
    "\"max\": 50},"
    "{\"question_name\": \"Q\", \"variable\": \"when\", \"type\": \"text\", \"required\": false, "
    "\"max\": 50},"
    "{\"question_name\": \"Q\", \"variable\": \"tags\", \"type\": \"multiselect\", \"choices\": "
    "\"a\\nb\","
    " \"required\": false}]}";

static const char *const form_overlay_text =
    "{\"host\": {\"visible_if\": \"env in ['prod', 'qa'] and not env is empty\","
    " \"pattern\": \"[a-z]+[0-9]*\", \"pattern_message\": \"lower case\", \"help\": \"h\","
    " \"placeholder\": \"web01\", \"section\": \"Target\","
    " \"choices_from\": {\"inventory\": \"Prod\", \"filter\": \"web\", \"limit\": 5}},"
    " \"when\": {\"format\": \"date\", \"min_days\": 0, \"max_days\": 30, \"order\": 9,"
    " \"pattern\": \"[0-9-]+\"}," /* a second match: the call's shared match data */
    " \"tags\": {\"visible_if\": \"env == 'prod' or host is not empty\","
    " \"choices_from\": {\"inventory\": 2, \"kind\": \"groups\"}}}";

static const char *const form_bad_overlay_text =
    "{\"nope\": {}, \"env\": {\"format\": \"date\", \"x\": 1},"
    " \"host\": {\"visible_if\": \"tags == 1\", \"pattern\": \"(\"},"
    " \"when\": {\"visible_if\": \"env == 'a' and (\", \"min_days\": 3, \"max_days\": 1,"
    " \"format\": \"date\", \"choices_from\": {\"inventory\": 0, \"kind\": \"x\"}}}";

typedef struct form_ctx {
    fc_survey *survey;
    fc_form *form;
    json_t *overlay;
    json_t *answers;
    json_t *choices;
    fc_test_view *answer_views, *choice_views, *template_views; /* fc_form_check's */
} form_ctx;

static int setup_form_with(void **ctx, const char *overlay, const char *answers)
{
    form_ctx *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    json_t *spec = load(form_spec_text);
    assert_int_equal(fc_survey_compile(&f->survey, NULL, spec, 1, 0), 0);
    json_decref(spec);
    f->overlay = load(overlay);
    if (overlay == form_overlay_text)
        assert_int_equal(fc_form_compile(&f->form, NULL, f->survey, f->overlay, "overlay"), 0);
    f->answers = load(answers);
    f->choices = load("{\"host\": [\"web2\", \"web1\", 3], \"tags\": [\"a\"]}");
    *ctx = f;
    return 0;
}

static int setup_form(void **ctx)
{
    return setup_form_with(ctx, form_overlay_text,
                           "{\"env\": \"prod\", \"host\": \"web1\", \"when\": \"2026-12-24\","
                           " \"tags\": [\"a\"]}");
}

static int setup_form_bad_answers(void **ctx)
{
    return setup_form_with(ctx, form_overlay_text,
                           "{\"env\": \"dev\", \"host\": \"Web-1\", \"when\": \"2027-12-24\","
                           " \"tags\": [\"b\"], \"other\": 1}");
}

static int setup_form_bad_overlay(void **ctx)
{
    return setup_form_with(ctx, form_bad_overlay_text, "{}");
}

static void teardown_form(void *ctx)
{
    form_ctx *f = ctx;
    fc_test_view_free(f->answer_views);
    fc_test_view_free(f->choice_views);
    fc_test_view_free(f->template_views);
    fc_form_free(f->form);
    fc_survey_free(f->survey);
    json_decref(f->overlay);
    json_decref(f->answers);
    json_decref(f->choices);
    free(f);
}

static int run_form_compile(void *ctx)
{
    form_ctx *f = ctx;
    fc_errors *errors = NULL;
    fc_form *form = NULL;
    int rc = fc_errors_new(&errors);
    if (rc == 0)
        rc = fc_form_compile(&form, errors, f->survey, f->overlay, "overlay");
    if (rc != 0 && form != NULL)
        rc = PARTIAL_OUTPUT;
    fc_form_free(form);
    fc_errors_free(errors);
    return rc;
}

static int run_form_validate(void *ctx)
{
    form_ctx *f = ctx;
    const int64_t now = 1796083200; /* 2026-12-01 */
    fc_errors *errors = NULL;
    json_t *visible = NULL, *accepted = NULL;
    int rc = fc_errors_new(&errors);
    if (rc == 0)
        rc = fc_form_validate(&visible, &accepted, errors, f->form, f->answers, f->choices, &now,
                              "extra_vars");
    if (rc == FC_ENOMEM && (visible != NULL || accepted != NULL))
        rc = PARTIAL_OUTPUT;
    json_decref(visible);
    json_decref(accepted);
    fc_errors_free(errors);
    return rc;
}

static int run_form_extra_vars(void *ctx)
{
    form_ctx *f = ctx;
    const int64_t now = 1796083200;
    RUN_JSON_CALL(fc_form_extra_vars(&out, errors, f->form, f->choices, f->answers, f->choices,
                                     &now, "extra_vars"));
}

/* The views are made before the sweep arms: only fc_form_check allocates. */
static int setup_form_views(void **ctx)
{
    int rc = setup_form(ctx);
    form_ctx *f = *ctx;
    f->answer_views = fc_test_view_new(f->answers);
    f->choice_views = fc_test_view_new(f->choices);
    f->template_views = fc_test_view_new(f->choices); /* any object will do */
    assert_non_null(f->answer_views);
    assert_non_null(f->choice_views);
    assert_non_null(f->template_views);
    return rc;
}

static int run_form_check(void *ctx)
{
    form_ctx *f = ctx;
    const int64_t now = 1796083200;
    fc_errors *errors = NULL;
    size_t capacity =
        fc_form_check_capacity(f->form, &f->template_views->root, &f->answer_views->root);
    fc_accepted *entries = calloc(capacity, sizeof(*entries));
    size_t *visible = calloc(fc_form_question_count(f->form) + 1, sizeof(*visible));
    size_t count = 0, shown = 0;
    int rc = entries == NULL || visible == NULL ? FC_ENOMEM : fc_errors_new(&errors);
    if (rc == 0)
        rc = fc_form_check(entries, &count, capacity, visible, &shown, errors, f->form,
                           &f->answer_views->root, &f->choice_views->root, &now, 1,
                           &f->template_views->root, "extra_vars");
    if (rc != 0 && count != 0)
        rc = PARTIAL_OUTPUT;
    free(entries);
    free(visible);
    fc_errors_free(errors);
    return rc;
}

static int run_form_display(void *ctx)
{
    form_ctx *f = ctx;
    json_t *out = NULL;
    int rc = fc_form_display(&out, f->form);
    if (rc != 0 && out != NULL)
        rc = PARTIAL_OUTPUT;
    json_decref(out);
    return rc;
}

static int run_form_choices_from(void *ctx)
{
    form_ctx *f = ctx;
    json_t *out = NULL;
    int rc = fc_form_choices_from(&out, f->form);
    if (rc != 0 && out != NULL)
        rc = PARTIAL_OUTPUT;
    json_decref(out);
    return rc;
}
#endif /* FC_HAVE_SURVEY */

static const scenario scenarios[] = {
    {"errors_grow", NULL, run_errors_grow, NULL, 0},
    {"status_refusals", NULL, run_status_refusals, NULL, FC_EVALIDATION},
    {"expiry_policy_problems", NULL, run_expiry_policy_problems, NULL, FC_EVALIDATION},
    {"catalog_valid", setup_catalog_valid, run_catalog, free_json, 0},
    {"catalog_invalid", setup_catalog_invalid, run_catalog, free_json, FC_EVALIDATION},
    {"notify_refusals", setup_notify_refusals, run_notify, free_json, FC_EVALIDATION},
#ifdef FC_HAVE_SURVEY
    {"survey_compile", setup_spec, run_compile, free_json, 0},
    {"survey_compile_invalid", setup_bad_spec, run_compile, free_json, FC_EVALIDATION},
    {"survey_compile_problems", setup_problem_spec, run_compile, free_json, 0},
    {"survey_validate_problems", setup_problem_answers, run_validate, teardown_survey,
     FC_EVALIDATION},
    {"survey_extra_vars_problems", setup_problem_answers, run_extra_vars, teardown_survey,
     FC_EVALIDATION},
    {"survey_validate", setup_good_answers, run_validate, teardown_survey, 0},
    {"survey_validate_invalid", setup_bad_answers, run_validate, teardown_survey, FC_EVALIDATION},
    {"survey_extra_vars", setup_good_answers, run_extra_vars, teardown_survey, 0},
    {"survey_extra_vars_invalid", setup_bad_answers, run_extra_vars, teardown_survey,
     FC_EVALIDATION},
    {"survey_secret_variables", setup_good_answers, run_secrets, teardown_survey, 0},
    {"survey_redact", setup_good_answers, run_redact, teardown_survey, 0},
    {"survey_display_spec", setup_good_answers, run_display, teardown_survey, 0},
    {"launch_data", setup_good_answers, run_launch_data, teardown_survey, 0},
    {"node_survey_data", setup_good_answers, run_node_data, teardown_survey, 0},
    {"node_survey_data_invalid", setup_bad_answers, run_node_data, teardown_survey, FC_EVALIDATION},
    {"node_survey_data_unknown_nodes", setup_unknown_nodes, run_node_data, teardown_survey,
     FC_EVALIDATION},
    {"launch_data_template_only", setup_good_answers, run_launch_data_template_only,
     teardown_survey, 0},
    {"form_compile", setup_form, run_form_compile, teardown_form, 0},
    {"form_compile_problems", setup_form_bad_overlay, run_form_compile, teardown_form,
     FC_EVALIDATION},
    {"form_validate", setup_form, run_form_validate, teardown_form, 0},
    {"form_validate_invalid", setup_form_bad_answers, run_form_validate, teardown_form,
     FC_EVALIDATION},
    {"form_extra_vars", setup_form, run_form_extra_vars, teardown_form, 0},
    {"form_extra_vars_invalid", setup_form_bad_answers, run_form_extra_vars, teardown_form,
     FC_EVALIDATION},
    {"form_check", setup_form_views, run_form_check, teardown_form, 0},
    {"form_display", setup_form, run_form_display, teardown_form, 0},
    {"form_choices_from", setup_form, run_form_choices_from, teardown_form, 0},
    {"survey_check", setup_good_answers, run_check, teardown_survey, 0},
    {"survey_check_invalid", setup_bad_answers, run_check, teardown_survey, FC_EVALIDATION},
    {"survey_check_problems", setup_problem_answers, run_check, teardown_survey, FC_EVALIDATION},
    {"survey_check_large", setup_large_answers, run_check, teardown_survey, 0},
    {"survey_validate_large", setup_large_answers, run_validate, teardown_survey, 0},
#endif
};

#define SCENARIO_COUNT (sizeof(scenarios) / sizeof(scenarios[0]))

/* Upper bound on allocation points per scenario: the scenarios are small. */
#define MAX_POINTS 100000

static void sweep(void **state)
{
    const scenario *sc = *state;
    void *ctx = NULL;

    disarm(); /* a failed earlier test may have left it armed */
    long before_setup = g_alloc.live;
    if (sc->setup != NULL)
        assert_int_equal(sc->setup(&ctx), 0);
    long baseline = g_alloc.live;

    /* Count the allocation points of a clean run. */
    arm(-1);
    int rc = sc->run(ctx);
    disarm();
    long points = g_alloc.calls;
    assert_int_equal(rc, sc->expected_rc);
    assert_int_equal(g_alloc.live, baseline);
    assert_true(points < MAX_POINTS);

    for (long k = 0; k < points; k++) {
        arm(k);
        rc = sc->run(ctx);
        disarm();
        if (!g_alloc.failed)
            fail_msg("%s: allocation %ld of %ld never happened (non-deterministic run)", sc->name,
                     k, points);
        if (rc != FC_ENOMEM)
            fail_msg("%s: allocation %ld of %ld failed, the call returned %d (%s), not FC_ENOMEM",
                     sc->name, k, points, rc, fc_err_text(rc));
        if (g_alloc.live != baseline)
            fail_msg("%s: allocation %ld of %ld failed, %ld block(s) leaked", sc->name, k, points,
                     g_alloc.live - baseline);
    }
    if (sc->teardown != NULL)
        sc->teardown(ctx);
    assert_int_equal(g_alloc.live, before_setup);
    print_message("  %s: %ld allocation point(s) failed in turn\n", sc->name, points);
}

/* The pure areas must not allocate at all, nor may catalog validation
 * when the caller wants only the verdict. */
static void pure_areas_allocate_nothing(void **state)
{
    (void)state;
    json_t *item = NULL;
    setup_catalog_invalid((void **)&item);
    arm(-1);
    int rc = run_status_legal(NULL);
    int rc2 = run_authz_all(NULL);
    int rc3 = fc_catalog_validate(NULL, item);
    int rc4 = run_expiry_decide(NULL);
    int offered[FC_REQUEST_ACTION__COUNT];
    fc_authz_facts facts = {.is_authenticated = 1, .is_org_admin = 1};
    int rc5 = fc_approval_actions(offered, FC_STATE_PENDING_APPROVAL, &facts, 0);
    disarm();
    json_decref(item);
    assert_int_equal(rc, 0);
    assert_int_equal(rc2, 0);
    assert_int_equal(rc3, FC_EVALIDATION);
    assert_int_equal(rc4, 0);
    assert_int_equal(rc5, 0);
    assert_int_equal(g_alloc.calls, 0);
}

#ifdef FC_HAVE_SURVEY
/* The answer path needs no allocation for a usual survey when the caller
 * wants the verdict first (as the binding asks). */
static void survey_check_allocates_nothing(void **state)
{
    void *ctx = NULL;
    fc_accepted entries[64];
    size_t count = 0;
    (void)state;
    setup_good_answers(&ctx);
    survey_ctx *s = ctx;
    arm(-1);
    int rc = fc_survey_check(entries, &count, 64, NULL, s->survey, &s->extras->root,
                             &s->views->root, "extra_vars");
    disarm();
    long calls = g_alloc.calls;
    teardown_survey(ctx);
    assert_int_equal(rc, 0);
    assert_int_equal(count, 2 + 7); /* the template's 2, then the seven questions */
    assert_int_equal(calls, 0);
}
#endif

/* The wrappers really are in place: without them the sweep proves nothing. */
static void allocator_is_wrapped(void **state)
{
    (void)state;
    fc_errors *errors = NULL;
    arm(0);
    int rc = fc_errors_new(&errors);
    disarm();
    assert_int_equal(rc, FC_ENOMEM);
    assert_null(errors);
    arm(0);
    json_t *value = json_object();
    disarm();
    assert_null(value);
}

int main(int argc, char **argv)
{
    struct CMUnitTest tests[SCENARIO_COUNT + 3];
    size_t extra = 2;

    /* Before any JSON value exists, so every block is freed by the same
     * allocator that counted it. */
    json_set_alloc_funcs(json_alloc, json_release);
    tests[0] = (struct CMUnitTest){"allocator_is_wrapped", allocator_is_wrapped, NULL, NULL, NULL};
    tests[1] = (struct CMUnitTest){"pure_areas_allocate_nothing", pure_areas_allocate_nothing, NULL,
                                   NULL, NULL};
#ifdef FC_HAVE_SURVEY
    tests[extra++] = (struct CMUnitTest){"survey_check_allocates_nothing",
                                         survey_check_allocates_nothing, NULL, NULL, NULL};
#endif
    for (size_t i = 0; i < SCENARIO_COUNT; i++) {
        tests[i + extra] =
            (struct CMUnitTest){scenarios[i].name, sweep, NULL, NULL, (void *)&scenarios[i]};
    }
    return fc_test_run(argc, argv, "alloc_tests", tests, SCENARIO_COUNT + extra, NULL, NULL);
}
