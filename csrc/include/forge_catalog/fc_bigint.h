/* JSON integers beyond 64 bits.
 *
 * jansson's integers are 64-bit, but the controller is Python: AWX saves and
 * validates any integer exactly (awx-facts.md "Survey spec"; `min`, `max`,
 * defaults and answers may be 2**70). Such an integer crosses into the core
 * as a value made here (the binding makes one from a Python int that does
 * not fit) and comes back out the same way (fc_bigint_text); the survey
 * checks compare it exactly against bounds and choices. It is a jansson
 * object with one key that is not valid UTF-8, so no JSON text and no
 * Python dict can forge one, and code that does not know it sees an object
 * (never a string, never a number). */
#ifndef FORGE_CATALOG_FC_BIGINT_H
#define FORGE_CATALOG_FC_BIGINT_H

#include <stddef.h>

#include <jansson.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A new reference for the integer written in decimal (optional '-', then
 * digits; leading zeros allowed). An integer that fits json_int_t becomes a
 * plain jansson integer, so each value has one form. NULL when the text is
 * not such an integer or memory runs out. */
json_t *fc_bigint_new(const char *decimal, size_t len);

/* 1 if value was made by fc_bigint_new beyond 64 bits; *decimal (borrowed,
 * NUL-terminated, lives as long as value) and *len get its canonical text:
 * optional '-', no leading zero. 0 otherwise (outputs untouched). */
int fc_bigint_text(const json_t *value, const char **decimal, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
