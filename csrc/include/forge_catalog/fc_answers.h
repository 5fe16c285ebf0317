/* Answers as borrowed views (fc_view.h): the survey's answer path.
 *
 * The same rules as fc_survey_validate / fc_survey_extra_vars (one
 * implementation: those jansson entry points call this one), but nothing is
 * copied: answers are views into the caller's memory, and the verdict is a
 * list of assignments naming where each accepted value comes from, so the
 * caller builds its result in one pass from its own objects (the binding
 * reuses the caller's Python objects; the C caller its json_t values).
 *
 * Applying the entries in order, each as "result[key] = value" (a later
 * entry for the same key replaces the value and keeps the key's place, as
 * Python's dict and jansson's object do), gives:
 *   without template_vars: the accepted answers (fc_survey_validate);
 *   with template_vars:    the launch extra_vars (fc_survey_extra_vars),
 *                          template_vars < survey defaults < answers. */
#ifndef FORGE_CATALOG_FC_ANSWERS_H
#define FORGE_CATALOG_FC_ANSWERS_H

#include <stddef.h>

#include <jansson.h>

#include "fc_errors.h"
#include "fc_survey.h"
#include "fc_view.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum fc_accepted_source {
    FC_ACCEPT_TEMPLATE, /* template_vars->as.members[index]: key and value as given */
    FC_ACCEPT_ANSWER,   /* answers->as.members[index]: key and value as given */
    FC_ACCEPT_DEFAULT   /* the default of the question at spec position index (fc_survey_default) */
} fc_accepted_source;

typedef struct fc_accepted {
    fc_accepted_source source;
    size_t index;
} fc_accepted;

/* Entries a call can produce at most: template members + questions +
 * answer members (0 for a NULL or non-object view). */
size_t fc_survey_check_capacity(const fc_survey *survey, const fc_view *template_vars,
                                const fc_view *answers);

/* Validate answers (an FC_VIEW_OBJECT; NULL or FC_VIEW_NULL means {}) and
 * list the accepted values. template_vars: NULL, FC_VIEW_NULL or an object
 * whose values the core does not read. path_prefix starts every error path,
 * as for fc_survey_validate; the errors (path, code, message) are the same.
 * out has room for out_capacity entries (fc_survey_check_capacity); on
 * success *out_count entries are filled. Needs no allocation for surveys up
 * to 256 questions and answer sets up to 256 variables.
 * FC_EINVAL: NULL survey or outputs, a non-object template_vars, too small
 * a capacity, a malformed FC_VIEW_BIGINT text, a survey variable given
 * twice. FC_EVALIDATION: the answers' problems are in errors. */
int fc_survey_check(fc_accepted *out, size_t *out_count, size_t out_capacity, fc_errors *errors,
                    const fc_survey *survey, const fc_view *template_vars, const fc_view *answers,
                    const char *path_prefix);

/* What an FC_ACCEPT_DEFAULT entry stands for: the variable (bytes, not
 * NUL-terminated) and the default (borrowed, lives as long as the survey:
 * a string, a number, a boolean or a list of choices). *out_value is NULL
 * for a question without a usable default. FC_EINVAL for an index beyond
 * the questions. */
int fc_survey_default(const char **out_variable, size_t *out_len, const json_t **out_value,
                      const fc_survey *survey, size_t index);

#ifdef __cplusplus
}
#endif
#endif
