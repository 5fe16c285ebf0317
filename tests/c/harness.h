/* Shared by every cmocka suite in tests/c (libssh torture style): each test
 * binary runs all its tests, or only those named on the command line
 * (exact names or cmocka glob patterns with * and ?), e.g.
 *   .build/c/plain/ctest_status transition_table
 * A name that matches no test is an error, so a typo cannot pass silently. */
#ifndef FC_TEST_HARNESS_H
#define FC_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "forge_catalog/forge_catalog.h"

int fc_test_run(int argc, char **argv, const char *group, const struct CMUnitTest *tests,
                size_t count, CMFixtureFunction setup, CMFixtureFunction teardown);

#define FC_TEST_MAIN(tests)                                                                        \
    int main(int argc, char **argv)                                                                \
    {                                                                                              \
        return fc_test_run(argc, argv, #tests, tests, sizeof(tests) / sizeof((tests)[0]), NULL,    \
                           NULL);                                                                  \
    }

/* Assert an fc_errors entry as the API user would see it. */
#define assert_error_at(errors, index, path, code)                                                 \
    do {                                                                                           \
        assert_non_null(fc_errors_path((errors), (index)));                                        \
        assert_string_equal(fc_errors_path((errors), (index)), (path));                            \
        assert_string_equal(fc_errors_code((errors), (index)), (code));                            \
    } while (0)

#define assert_message_at(errors, index, text)                                                     \
    do {                                                                                           \
        assert_non_null(fc_errors_message((errors), (index)));                                     \
        assert_string_equal(fc_errors_message((errors), (index)), (text));                         \
    } while (0)

/* Index of the first entry at path, or -1. */
long fc_test_find_error(const fc_errors *errors, const char *path);

#endif
