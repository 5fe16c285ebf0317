/* Hard limits on every input the core accepts. Documented in docs/limits.md;
 * an input beyond one is reported (FC_CHECK_LIMIT) instead of being processed,
 * so no input can cause unbounded work or allocation. */
#ifndef FORGE_CATALOG_FC_LIMITS_H
#define FORGE_CATALOG_FC_LIMITS_H

#define FC_LIMIT_MAX_ERRORS 256         /* problems kept per fc_errors list */
#define FC_LIMIT_MAX_PATH 1100          /* bytes in one error path */
#define FC_LIMIT_MAX_QUESTIONS 2000     /* questions in one survey */
#define FC_LIMIT_MAX_CHOICES 1000       /* choices in one question */
#define FC_LIMIT_MAX_CHOICE_LEN 1024    /* bytes in one choice */
#define FC_LIMIT_MAX_VARIABLE_LEN 256   /* bytes in a variable name */
#define FC_LIMIT_MAX_TEXT_LEN 65536     /* bytes in a text/name/description field */
#define FC_LIMIT_MAX_NODES 500          /* workflow nodes with a survey */
#define FC_LIMIT_MAX_IDENTIFIER_LEN 512 /* bytes in a node identifier (AWX's column) */
#define FC_LIMIT_MAX_DEPTH 32           /* nesting depth of any JSON value */
#define FC_LIMIT_MAX_EXTRA_VARS 1000    /* keys in extra_vars / one node's answers */

#endif
