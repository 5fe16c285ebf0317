/* Temporary skeleton so the binding links; real behaviour lands next. */
#include <stdlib.h>

#include "forge_catalog/fc_survey.h"

struct fc_survey {
    int enabled;
    int ask_variables;
};

int fc_survey_compile(fc_survey **out, fc_errors *errors, const json_t *survey_spec,
                      int survey_enabled, int ask_variables_on_launch)
{
    (void)errors;
    (void)survey_spec;
    if (out == NULL)
        return FC_EINVAL;
    *out = calloc(1, sizeof(**out));
    if (*out == NULL)
        return FC_ENOMEM;
    (*out)->enabled = survey_enabled != 0;
    (*out)->ask_variables = ask_variables_on_launch != 0;
    return 0;
}

void fc_survey_free(fc_survey *survey) { free(survey); }
int fc_survey_enabled(const fc_survey *survey) { return survey != NULL && survey->enabled; }
int fc_survey_asks_variables(const fc_survey *survey) { return survey != NULL && survey->ask_variables; }
size_t fc_survey_question_count(const fc_survey *survey) { (void)survey; return 0; }

int fc_survey_validate(json_t **out_accepted, fc_errors *errors, const fc_survey *survey,
                       const json_t *answers, const char *path_prefix)
{
    (void)out_accepted; (void)errors; (void)survey; (void)answers; (void)path_prefix;
    return FC_EINVAL;
}

int fc_survey_extra_vars(json_t **out_extra_vars, fc_errors *errors, const fc_survey *survey,
                         const json_t *template_extra_vars, const json_t *answers,
                         const char *path_prefix)
{
    (void)out_extra_vars; (void)errors; (void)survey; (void)template_extra_vars; (void)answers;
    (void)path_prefix;
    return FC_EINVAL;
}

int fc_survey_secret_variables(json_t **out_names, const fc_survey *survey)
{
    (void)out_names; (void)survey;
    return FC_EINVAL;
}

int fc_survey_redact(json_t **out_redacted, const fc_survey *survey, const json_t *values)
{
    (void)out_redacted; (void)survey; (void)values;
    return FC_EINVAL;
}

int fc_survey_display_spec(json_t **out_spec, const fc_survey *survey)
{
    (void)out_spec; (void)survey;
    return FC_EINVAL;
}

int fc_launch_data(json_t **out_launch_data, const fc_survey *template_survey, int is_workflow,
                   const fc_launch_node *nodes, size_t node_count)
{
    (void)out_launch_data; (void)template_survey; (void)is_workflow; (void)nodes; (void)node_count;
    return FC_EINVAL;
}

int fc_node_survey_data_validate(json_t **out_accepted, fc_errors *errors,
                                 const fc_launch_node *nodes, size_t node_count,
                                 const json_t *node_survey_data)
{
    (void)out_accepted; (void)errors; (void)nodes; (void)node_count; (void)node_survey_data;
    return FC_EINVAL;
}
