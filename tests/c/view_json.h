/* Test support: a jansson value seen as borrowed views (fc_view.h), made
 * independently of the core's own converter, so the suites can call the
 * view entry points (fc_answers.h) on the same inputs as the jansson ones
 * and compare. */
#ifndef FC_TEST_VIEW_JSON_H
#define FC_TEST_VIEW_JSON_H

#include <jansson.h>

#include "forge_catalog/fc_answers.h"

typedef struct fc_test_view {
    fc_view root;
    const json_t *value;   /* what the views point into (borrowed) */
    const json_t **member; /* the root object's member values, in view order */
} fc_test_view;

/* Views of value (NULL: a NULL-kind view); NULL when memory runs out. */
fc_test_view *fc_test_view_new(const json_t *value);
void fc_test_view_free(fc_test_view *view);

/* The result of applying the accepted entries in order (fc_answers.h):
 * result[key] = a copy of the named value. template_vars and answers may be
 * NULL when no entry names them. */
json_t *fc_test_view_apply(const fc_accepted *entries, size_t count, const fc_survey *survey,
                           const fc_test_view *template_vars, const fc_test_view *answers);

#endif
