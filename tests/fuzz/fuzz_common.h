/* Shared by the libFuzzer harnesses: input framing, JSON parsing and the
 * invariants every core call must keep whatever the input.
 *
 * Input framing (what tests/fuzz/build_corpus.py writes):
 *   byte 0      flags (bit 0: survey disabled, bit 1: ask_variables_on_launch,
 *               other bits harness-specific)
 *   bytes 1..   JSON documents separated by NUL bytes
 * A missing document is NULL (the core's "absent"); one that does not parse
 * is skipped for that input (a parse error is jansson's business, not ours). */
#ifndef FC_FUZZ_COMMON_H
#define FC_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "forge_catalog/forge_catalog.h"
#include "same_errors.h" /* fc_test_same_errors, shared with tests/c */

#define FUZZ_FLAG_DISABLED 0x01u
#define FUZZ_FLAG_ASK_VARIABLES 0x02u

#define FUZZ_MAX_DOCS 4

/* A broken invariant is a finding: say which and abort so libFuzzer keeps
 * the input as a crash artifact. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz invariant broken at %s:%d: %s\n", __FILE__, __LINE__, #cond);    \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

typedef struct fuzz_input {
    unsigned flags;
    json_t *docs[FUZZ_MAX_DOCS]; /* NULL where absent */
    int parse_failed;            /* some present document did not parse */
} fuzz_input;

/* jansson's parser refuses nesting beyond 2048 levels by itself; deeper
 * structures (up to that) reach the core, which must apply FC_LIMIT_MAX_DEPTH.
 * Strings may hold NUL ("\u0000"): a Python str can, so the core must cope.
 * {"__bigint__": "<decimal>"} objects become fc_bigint.h integers. */
json_t *fuzz_parse(const uint8_t *data, size_t size);

int fuzz_split(fuzz_input *in, const uint8_t *data, size_t size);

void fuzz_input_free(fuzz_input *in);

int fuzz_is_known_rc(int rc);


int fuzz_is_known_code(const char *code);

/* Every entry is complete and uses a code of the contract; a validation
 * failure always says why; paths stay within the documented bound. */
void fuzz_check_errors(const fc_errors *errors, int rc);

/* 1 if needle occurs in any error message. */
int fuzz_messages_contain(const fc_errors *errors, const char *needle);

int fuzz_input_contains(const uint8_t *data, size_t size, const char *needle);

#endif
