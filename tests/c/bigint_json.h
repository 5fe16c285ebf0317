/* Big integers in JSON text the tests read (tests/fixtures/README.md):
 * jansson's parser refuses integers beyond 64 bits, so the golden files
 * write them as {"__bigint__": "<decimal>"}; this turns each such object
 * into the core's exact form (fc_bigint_new). Shared by the cmocka sweep
 * and the fuzz harnesses. */
#ifndef FC_TEST_BIGINT_JSON_H
#define FC_TEST_BIGINT_JSON_H

#include <jansson.h>

/* Consumes value; returns it with every {"__bigint__": text} replaced
 * (the root too), or NULL when memory runs out. NULL in, NULL out. */
json_t *fc_test_bigints(json_t *value);

#endif
