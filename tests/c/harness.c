/* The shared main of the cmocka suites: run all tests, or the named ones. */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

static int matches_any(const char *pattern, const struct CMUnitTest *tests, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (fnmatch(pattern, tests[i].name, 0) == 0)
            return 1;
    }
    return 0;
}

int fc_test_run(int argc, char **argv, const char *group, const struct CMUnitTest *tests,
                size_t count, CMFixtureFunction setup, CMFixtureFunction teardown)
{
    if (argc > 2) {
        fprintf(stderr, "usage: %s [TEST-NAME-OR-PATTERN]\n", argv[0]);
        return 2;
    }
    if (argc == 2) {
        if (!matches_any(argv[1], tests, count)) {
            fprintf(stderr, "%s: no test in %s matches \"%s\"\n", argv[0], group, argv[1]);
            return 2;
        }
        cmocka_set_test_filter(argv[1]);
    }
    return _cmocka_run_group_tests(group, tests, count, setup, teardown);
}

long fc_test_find_error(const fc_errors *errors, const char *path)
{
    for (size_t i = 0; i < fc_errors_count(errors); i++) {
        if (strcmp(fc_errors_path(errors, i), path) == 0)
            return (long)i;
    }
    return -1;
}
