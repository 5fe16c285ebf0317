/* Surveys: reading a spec, validating answers, secrets, launch data
 * (awx-facts.md "Survey spec", "Answer validation", "Variables outside the
 * survey", "Defaults precedence", "Passwords", "Workflow nodes").
 *
 * A spec is compiled once into an immutable fc_survey that validates any
 * number of answer sets; it may be shared between threads for reading.
 * Every json_t ** output is a new reference the caller must json_decref. */
#ifndef FORGE_CATALOG_FC_SURVEY_H
#define FORGE_CATALOG_FC_SURVEY_H

#include <stddef.h>

#include <jansson.h>

#include "fc_errors.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The placeholder AWX shows for every secret, and the password answer that
 * means "use the stored default". */
#define FC_ENCRYPTED "$encrypted$"

typedef struct fc_survey fc_survey;

/* Compile a template's survey_spec ({"name", "description", "spec": [...]}).
 * survey_spec may be NULL or JSON null (no survey). With survey_enabled 0
 * the spec is not read and the survey has no questions, as in the
 * controller. Every spec the controller accepts compiles. Spec errors
 * (what no controller saves: a question without type or variable, a
 * repeated variable, NUL in text, a spec beyond FC_LIMIT_MAX_SPEC_BYTES)
 * are all reported, with paths like "spec", "spec[3].type", and give
 * FC_EVALIDATION with *out left NULL. */
int fc_survey_compile(fc_survey **out, fc_errors *errors, const json_t *survey_spec,
                      int survey_enabled, int ask_variables_on_launch);
void fc_survey_free(fc_survey *survey);

/* What of a compiled spec can never work, as {path, code, message} like
 * spec errors ("spec[3].default": not a valid answer; "spec[2].choices":
 * no choices; "spec[1].min": greater than max; ...): the controller saved
 * it, so the survey compiles and works for everything else, and answers
 * that run into it are refused at their path. Owned by the survey; empty
 * when all is well; NULL only for a NULL survey. */
const fc_errors *fc_survey_problems(const fc_survey *survey);

int fc_survey_enabled(const fc_survey *survey);
int fc_survey_asks_variables(const fc_survey *survey);
size_t fc_survey_question_count(const fc_survey *survey);

/* Validate one answer set (a JSON object; NULL or null means {}).
 * Integers beyond 64 bits are fc_bigint.h values and compare exactly.
 * path_prefix (e.g. "extra_vars") starts every error path. An omitted
 * answer takes the question's default; when that default is a survey
 * problem, the omission is an error at the variable's path. On success
 * *out_accepted holds the survey variables with defaults applied for
 * omitted answers and "$encrypted$" password answers replaced by the
 * default, plus, when ask_variables_on_launch, every other variable passed
 * through. All problems are reported; FC_EVALIDATION if any. */
int fc_survey_validate(json_t **out_accepted, fc_errors *errors, const fc_survey *survey,
                       const json_t *answers, const char *path_prefix);

/* The extra_vars for launch: template_extra_vars (object or NULL) <
 * survey defaults < answers. Validates like fc_survey_validate. */
int fc_survey_extra_vars(json_t **out_extra_vars, fc_errors *errors, const fc_survey *survey,
                         const json_t *template_extra_vars, const json_t *answers,
                         const char *path_prefix);

/* Array of the password variables' names, in spec order. */
int fc_survey_secret_variables(json_t **out_names, const fc_survey *survey);

/* Copy of values (an object) with every secret variable present replaced by
 * "$encrypted$". */
int fc_survey_redact(json_t **out_redacted, const fc_survey *survey, const json_t *values);

/* The survey_spec as a client may see it: password defaults shown as
 * "$encrypted$"; {} when the survey is disabled or absent. */
int fc_survey_display_spec(json_t **out_spec, const fc_survey *survey);

/* A workflow node that may carry a survey (the survey of the JT it runs). */
typedef struct fc_launch_node {
    long long node_id;
    const char *identifier;  /* unique per workflow, <= 512 bytes */
    const fc_survey *survey; /* NULL: the node has no survey */
} fc_launch_node;

/* The seed's launch_data without "catalog_item":
 *   {"is_workflow", "survey_enabled", "survey_spec", "ask_variables_on_launch",
 *    "node_surveys": [{"node_id", "identifier", "survey_spec"}]}
 * node_surveys lists, in the given order, the nodes whose survey is enabled
 * and has questions. Duplicate identifiers give FC_EINVAL. */
int fc_launch_data(json_t **out_launch_data, const fc_survey *template_survey, int is_workflow,
                   const fc_launch_node *nodes, size_t node_count);

/* Validate node_survey_data (object keyed by node identifier; NULL or null
 * means {}). Unknown identifiers are errors ("node_survey_data.<id>",
 * unknown); each node with a survey is validated with the prefix
 * "node_survey_data.<id>" (its omitted answers take defaults). On success
 * *out_accepted maps each such identifier to its accepted answers. */
int fc_node_survey_data_validate(json_t **out_accepted, fc_errors *errors,
                                 const fc_launch_node *nodes, size_t node_count,
                                 const json_t *node_survey_data);

#ifdef __cplusplus
}
#endif
#endif
