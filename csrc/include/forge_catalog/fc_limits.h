/* Hard limits on every input the core accepts. Documented in docs/limits.md;
 * an input beyond one is reported (FC_CHECK_LIMIT) instead of being processed,
 * so no input can cause unbounded work or allocation. A survey spec has one
 * bound on its whole size and none per field: the controller saves any spec
 * that fits its request body, and every spec it saves must compile. */
#ifndef FORGE_CATALOG_FC_LIMITS_H
#define FORGE_CATALOG_FC_LIMITS_H

#define FC_LIMIT_MAX_ERRORS 256          /* problems kept per fc_errors list */
#define FC_LIMIT_MAX_PATH 1100           /* bytes in one error path (longer ones are cut) */
#define FC_LIMIT_MAX_SPEC_BYTES 16777216 /* compact JSON bytes of one survey_spec */
#define FC_LIMIT_MAX_TEXT_LEN 65536      /* bytes in a text answer / catalog description */
#define FC_LIMIT_MAX_NODES 500           /* workflow nodes with a survey */
#define FC_LIMIT_MAX_IDENTIFIER_LEN 512  /* bytes in a node identifier (AWX's column) */
#define FC_LIMIT_MAX_DEPTH 32            /* nesting depth of any JSON value */
#define FC_LIMIT_MAX_EXTRA_VARS 1000     /* keys in extra_vars / one node's answers */

#endif
