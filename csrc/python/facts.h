/* The authority facts (fc_authz_facts) of a call, read from its keyword
 * arguments in one place for every function that takes them (decide,
 * request_actions): the keyword names are the struct's field names. */
#ifndef FCPY_FACTS_H
#define FCPY_FACTS_H

#include "state.h"

#include "forge_catalog/fc_authz.h"

/* Every fact: its fc_authz_facts field (= keyword) and its default. The
 * parser's table and the functions' text signatures are made from this. */
#define FCPY_FACT_LIST(X)                                                                          \
    X(is_authenticated, True)                                                                      \
    X(is_superuser, False)                                                                         \
    X(is_org_admin, False)                                                                         \
    X(is_org_reader, False)                                                                        \
    X(is_approver_team_member, False)                                                              \
    X(is_requester, False)                                                                         \
    X(item_enabled, True)                                                                          \
    X(item_has_approver_team, False)                                                               \
    X(allow_self_approval, False)                                                                  \
    X(is_org_member, False)                                                                        \
    X(is_audience_team_member, False)                                                              \
    X(item_has_audience_team, False)                                                               \
    X(is_other_step_team_member, False)                                                            \
    X(approved_other_step, False)                                                                  \
    X(is_system_auditor, False)                                                                    \
    X(is_org_auditor, False)

/* ", is_authenticated=True, ..." for a __text_signature__ after "*". */
#define FCPY_FACT_SIGNATURE_(field, value) ", " #field "=" #value
#define FCPY_FACTS_SIGNATURE FCPY_FACT_LIST(FCPY_FACT_SIGNATURE_)

/* How one function takes its facts: func(subject, *, [flag,] facts...). */
typedef struct fcpy_fact_call {
    const char *func;    /* the function's name, for TypeError messages */
    const char *subject; /* its one leading argument ("action", "state") */
    const char *flag;    /* one more keyword-only bool, or NULL */
} fcpy_fact_call;

/* Fills *subject (borrowed), *flag (when call->flag; default 0) and *facts
 * (defaults: FCPY_FACT_LIST's; a keyword's value is truth-tested, as PyArg's "p"). Returns 0, or -1 with
 * TypeError set for a missing subject, extra positionals or an unknown
 * keyword. */
int fcpy_parse_facts(const fcpy_fact_call *call, PyObject *args, PyObject *kwargs,
                     PyObject **subject, int *flag, fc_authz_facts *facts);

#endif
