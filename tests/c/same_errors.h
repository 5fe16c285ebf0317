/* Test support shared by the cmocka suites and the fuzz harnesses: two
 * error lists compared as a client would see them. */
#ifndef FC_TEST_SAME_ERRORS_H
#define FC_TEST_SAME_ERRORS_H

#include "forge_catalog/fc_errors.h"

/* 1 if both lists hold the same problems (path, code, message) in the same
 * order, truncated alike. */
int fc_test_same_errors(const fc_errors *a, const fc_errors *b);

#endif
