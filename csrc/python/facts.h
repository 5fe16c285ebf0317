/* The authority facts (fc_authz_facts) of a call, read from its keyword
 * arguments in one place for every function that takes them (decide,
 * request_actions): the keyword names are the struct's field names. */
#ifndef FCPY_FACTS_H
#define FCPY_FACTS_H

#include "state.h"

#include "forge_catalog/fc_authz.h"

/* How one function takes its facts: func(subject, *, [flag,] facts...). */
typedef struct fcpy_fact_call {
    const char *func;    /* the function's name, for TypeError messages */
    const char *subject; /* its one leading argument ("action", "state") */
    const char *flag;    /* one more keyword-only bool, or NULL */
} fcpy_fact_call;

/* Fills *subject (borrowed), *flag (when call->flag; default 0) and *facts
 * (defaults as in _core.pyi: authenticated, item enabled, all else false;
 * a keyword's value is truth-tested, as PyArg's "p"). Returns 0, or -1 with
 * TypeError set for a missing subject, extra positionals or an unknown
 * keyword. */
int fcpy_parse_facts(const fcpy_fact_call *call, PyObject *args, PyObject *kwargs,
                     PyObject **subject, int *flag, fc_authz_facts *facts);

#endif
