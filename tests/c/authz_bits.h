/* Every combination of the authority facts as the bits of one number, for
 * the sweeps of test_authz.c and test_approval.c. */
#ifndef FC_TEST_AUTHZ_BITS_H
#define FC_TEST_AUTHZ_BITS_H

#include "forge_catalog/fc_authz.h"

/* The number of facts in fc_authz_facts: sweep bits < (1u << this). */
#define FC_TEST_FACT_COUNT 16

/* Combination number bits -> facts, in the struct's order. */
fc_authz_facts fc_test_facts_from_bits(unsigned bits);

#endif
