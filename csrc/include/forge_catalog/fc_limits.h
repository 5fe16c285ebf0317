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
#define FC_LIMIT_MAX_STEPS 20            /* approval steps of one item */

/* Form overlays (fc_form.h, docs/forms.md). PCRE2's limits bound every
 * match whatever the pattern and the answer (no ReDoS). */
#define FC_LIMIT_MAX_EXPR_LEN 4096      /* bytes in one visible_if condition */
#define FC_LIMIT_MAX_EXPR_DEPTH 32      /* nesting of parentheses and "not" in one condition */
#define FC_LIMIT_MAX_PATTERN_LEN 1024   /* bytes in one pattern */
#define FC_LIMIT_PATTERN_MATCH 100000   /* PCRE2 match limit (backtracking steps) */
#define FC_LIMIT_PATTERN_DEPTH 1000     /* PCRE2 depth limit (nested backtracking) */
#define FC_LIMIT_PATTERN_HEAP_KIB 1024  /* PCRE2 heap limit per match, KiB */
#define FC_LIMIT_PATTERN_PARENS 64      /* nested parentheses in a pattern */
#define FC_LIMIT_MAX_OVERLAY_TEXT 4096  /* bytes in help, placeholder, section, messages */
#define FC_LIMIT_MAX_CHOICES_LIMIT 1000 /* choices_from "limit" */
#define FC_LIMIT_MAX_CHOICE_SET 100000  /* strings in one computed choice set */
#define FC_LIMIT_MAX_DATE_DAYS 36600    /* |min_days|, |max_days| (about a century) */

#endif
