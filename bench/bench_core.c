/* C-direct timings of the survey core, for bench/bench_core.py.
 *
 *   bench_core DIR N...
 *
 * For each N reads DIR/spec_N.json and DIR/answers_N.json (written by
 * bench_core.py, so C and Python time identical inputs; reading is outside
 * the timed loops) and prints one line per operation:
 *   <op> <N> <median ns/op>
 * ops: compile (fc_survey_compile + free), validate (fc_survey_validate of
 * a full valid answer set), launch_data (fc_launch_data for a workflow whose
 * template and two nodes each carry the N-question survey).
 * Timing: batches of at least BENCH_MIN_BATCH_NS, BENCH_REPEATS batches, the
 * median batch's ns per op; clock_gettime(CLOCK_MONOTONIC), or the process
 * CPU-time clock when BENCH_CLOCK=cpu. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "forge_catalog/forge_catalog.h"

#define BENCH_MIN_BATCH_NS 20000000LL /* 20 ms: far above clock resolution */
#define BENCH_REPEATS 11

typedef struct bench_case {
    json_t *spec;
    json_t *answers;
    fc_survey *survey;
    fc_errors *errors;
    fc_launch_node nodes[2];
} bench_case;

typedef int (*bench_op)(bench_case *c);

/* Wall clock by default; BENCH_CLOCK=cpu (set by bench_core.py --clock cpu)
 * counts this process's CPU time instead, which other work on a shared
 * machine inflates far less. */
static clockid_t bench_clock = CLOCK_MONOTONIC;

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(bench_clock, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int op_compile(bench_case *c)
{
    fc_survey *survey = NULL;
    int rc = fc_survey_compile(&survey, NULL, c->spec, 1, 0);
    fc_survey_free(survey);
    return rc;
}

static int op_validate(bench_case *c)
{
    json_t *accepted = NULL;
    int rc = fc_survey_validate(&accepted, c->errors, c->survey, c->answers, "extra_vars");
    json_decref(accepted);
    fc_errors_clear(c->errors);
    return rc;
}

static int op_launch_data(bench_case *c)
{
    json_t *launch = NULL;
    int rc = fc_launch_data(&launch, c->survey, 1, c->nodes, 2);
    json_decref(launch);
    return rc;
}

static int compare_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

/* Median ns/op, or -1 if the operation failed (a benchmark of an error
 * path would measure the wrong thing). */
static double measure(bench_op op, bench_case *c)
{
    long long loops = 1, per_op[BENCH_REPEATS];

    if (op(c) != 0)
        return -1;
    for (;;) {
        long long start = now_ns();
        for (long long i = 0; i < loops; i++)
            op(c);
        if (now_ns() - start >= BENCH_MIN_BATCH_NS)
            break;
        loops *= 2;
    }
    for (int r = 0; r < BENCH_REPEATS; r++) {
        long long start = now_ns();
        for (long long i = 0; i < loops; i++)
            op(c);
        per_op[r] = now_ns() - start;
    }
    qsort(per_op, BENCH_REPEATS, sizeof(per_op[0]), compare_ll);
    return (double)per_op[BENCH_REPEATS / 2] / (double)loops;
}

static json_t *load(const char *dir, const char *what, const char *n)
{
    char path[4096];
    json_error_t error;
    snprintf(path, sizeof(path), "%s/%s_%s.json", dir, what, n);
    json_t *value = json_load_file(path, 0, &error);
    if (value == NULL)
        fprintf(stderr, "bench_core: %s:%d: %s\n", path, error.line, error.text);
    return value;
}

static int run_size(const char *dir, const char *n)
{
    static const struct {
        const char *name;
        bench_op op;
    } ops[] = {{"compile", op_compile}, {"validate", op_validate}, {"launch_data", op_launch_data}};
    bench_case c = {0};
    int status = 1;

    c.spec = load(dir, "spec", n);
    c.answers = load(dir, "answers", n);
    if (c.spec == NULL || c.answers == NULL || fc_errors_new(&c.errors) != 0)
        goto done;
    if (fc_survey_compile(&c.survey, c.errors, c.spec, 1, 0) != 0) {
        fprintf(stderr, "bench_core: spec_%s.json does not compile: %s: %s\n", n,
                fc_errors_path(c.errors, 0), fc_errors_message(c.errors, 0));
        goto done;
    }
    c.nodes[0] = (fc_launch_node){10, "node_a", c.survey};
    c.nodes[1] = (fc_launch_node){11, "node_b", c.survey};
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        double ns = measure(ops[i].op, &c);
        if (ns < 0) {
            fprintf(stderr, "bench_core: %s failed on N=%s\n", ops[i].name, n);
            goto done;
        }
        printf("%s %s %.1f\n", ops[i].name, n, ns);
        fflush(stdout);
    }
    status = 0;
done:
    fc_survey_free(c.survey);
    fc_errors_free(c.errors);
    json_decref(c.spec);
    json_decref(c.answers);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_core DIR N...\n");
        return 2;
    }
    const char *clock_name = getenv("BENCH_CLOCK");
    if (clock_name != NULL && strcmp(clock_name, "cpu") == 0)
        bench_clock = CLOCK_PROCESS_CPUTIME_ID;
    for (int i = 2; i < argc; i++)
        if (run_size(argv[1], argv[i]) != 0)
            return 1;
    return 0;
}
