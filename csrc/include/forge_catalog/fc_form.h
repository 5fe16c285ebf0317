/* Forms: a catalog item's overlay on a template's survey (issue 9) --
 * conditions (visible_if), PCRE2 patterns, text formats with date bounds,
 * help/placeholder/order/sections and choices_from declarations. The
 * language and every rule are in docs/forms.md.
 *
 * An overlay is compiled once against a compiled survey into an immutable
 * fc_form, which may be shared between threads for reading. It borrows the
 * survey: free the form first. fc_form_validate is the one decision for
 * both the dry run and the submit. */
#ifndef FORGE_CATALOG_FC_FORM_H
#define FORGE_CATALOG_FC_FORM_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "fc_answers.h"
#include "fc_errors.h"
#include "fc_survey.h"
#include "fc_view.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fc_form fc_form;

/* Compile overlay (a JSON object keyed by survey variable; NULL or null
 * means no overlay) against survey. Every problem is reported at once,
 * with paths "<path_prefix>.<variable>.<key>" (path_prefix may be NULL or
 * ""): a variable not in the survey, an unknown key, a condition that does
 * not parse or refers to a later, unknown or password question, a pattern
 * PCRE2 refuses, an unknown format, insane bounds, choices_from on a type
 * that cannot take it. Any problem gives FC_EVALIDATION with *out NULL. */
int fc_form_compile(fc_form **out, fc_errors *problems, const fc_survey *survey,
                    const json_t *overlay, const char *path_prefix);
void fc_form_free(fc_form *form);

/* The survey the form was compiled against. */
const fc_survey *fc_form_survey(const fc_form *form);
/* Questions in form order (the overlay's "order", then spec order). */
size_t fc_form_question_count(const fc_form *form);
/* Variable of the question at position (form order); NULL past the end. */
const char *fc_form_variable(const fc_form *form, size_t position);
/* 1 if some question has date bounds (fc_form_validate then needs now). */
int fc_form_needs_now(const fc_form *form);

/* The declarations Python must compute choice sets for:
 *   {"<variable>": {"inventory": "<name>" | <id>, "kind": "hosts" | "groups",
 *                   "filter": "<text>" | null, "limit": <n>}}
 * New reference. */
int fc_form_choices_from(json_t **out_declarations, const fc_form *form);

/* The normalised overlay a client renders from, in form order:
 *   [{"variable", "visible_if" | null, "pattern" | null, "pattern_message" | null,
 *     "format" | null, "min_days" | null, "max_days" | null, "help" | null,
 *     "placeholder" | null, "section" | null, "choices_from" | null}]
 * New reference. */
int fc_form_display(json_t **out_questions, const fc_form *form);

/* Validate one answer set (object; NULL or null means {}), as a dry run or a
 * submit: both call this. Visibility is computed in form order from the
 * answers (an omitted answer counts as its default; a hidden question's as
 * empty). A hidden question is neither required nor validated, gets no
 * default in the accepted set (the controller applies its own at launch),
 * and an answer sent for it is refused at its path ("hidden"). Visible
 * questions are validated by the survey, then by their pattern, format and
 * choice set. choices (object; NULL means {}) maps a choices_from variable
 * to the array of strings its answer must be among; a visible answered
 * choices_from question without a set is refused. now (Unix seconds, UTC)
 * is required when fc_form_needs_now, else may be NULL.
 *
 * Returns 0 (valid) or FC_EVALIDATION (errors in errors); for both
 * *out_visible is the array of visible variables in form order, and on 0
 * *out_accepted holds what fc_survey_validate would accept for the visible
 * questions (NULL on FC_EVALIDATION). Other codes leave both NULL. Cost:
 * linear in the number of questions plus the answers' and sets' sizes. */
int fc_form_validate(json_t **out_visible, json_t **out_accepted, fc_errors *errors,
                     const fc_form *form, const json_t *answers, const json_t *choices,
                     const int64_t *now, const char *path_prefix);

/* The extra_vars for launch: template_extra_vars (object or NULL) < survey
 * defaults < the answers fc_form_validate accepts. A hidden question gets
 * its survey default (the one the controller would apply to an unanswered
 * question) or nothing. Validates like fc_form_validate; on FC_EVALIDATION
 * the errors are in errors and *out_extra_vars is NULL. */
int fc_form_extra_vars(json_t **out_extra_vars, fc_errors *errors, const fc_form *form,
                       const json_t *template_extra_vars, const json_t *answers,
                       const json_t *choices, const int64_t *now, const char *path_prefix);

/* The answer path of forms on borrowed views (fc_view.h, fc_answers.h): the
 * same rules and errors as fc_form_validate / fc_form_extra_vars (those
 * jansson entry points call this one), nothing copied.
 *
 * answers: an FC_VIEW_OBJECT (NULL or FC_VIEW_NULL means {}); choices: an
 * object of lists of strings (NULL or FC_VIEW_NULL means {}); now as for
 * fc_form_validate. out_visible (room for fc_form_question_count entries)
 * gets the spec index of each visible question, in form order, on 0 and on
 * FC_EVALIDATION. out (out_capacity >= fc_form_check_capacity entries) gets
 * on 0 the accepted entries, applied in order as fc_answers.h says:
 *   launch 0: the accepted answers of fc_form_validate (template_vars must
 *             be NULL);
 *   launch 1: the launch extra_vars of fc_form_extra_vars: template_vars
 *             (NULL, FC_VIEW_NULL or an object) < survey defaults, a hidden
 *             question's too < accepted answers.
 * FC_EINVAL as fc_form_validate, plus too small a capacity, a survey
 * variable given twice and a malformed FC_VIEW_BIGINT. No allocation for
 * forms up to 256 questions and choice sets up to 64 items. */
size_t fc_form_check_capacity(const fc_form *form, const fc_view *template_vars,
                              const fc_view *answers);
int fc_form_check(fc_accepted *out, size_t *out_count, size_t out_capacity, size_t *out_visible,
                  size_t *out_visible_count, fc_errors *errors, const fc_form *form,
                  const fc_view *answers, const fc_view *choices, const int64_t *now, int launch,
                  const fc_view *template_vars, const char *path_prefix);

#ifdef __cplusplus
}
#endif
#endif
