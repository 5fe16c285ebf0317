/* Secrets: which variables are passwords, redaction, the display spec.
 * awx-facts.md "Passwords": API output shows "$encrypted$" for every secret;
 * the plaintext exists only in memory, at launch. */
#include <string.h>

#include "survey_internal.h"

json_t *fc_survey_display_copy(const json_t *survey_spec)
{
    if (survey_spec == NULL)
        return json_object();
    json_t *copy = json_deep_copy(survey_spec);
    if (copy == NULL)
        return NULL;
    json_t *spec = json_object_get(copy, "spec");
    size_t i;
    json_t *item;
    json_array_foreach(spec, i, item) {
        const json_t *type = json_object_get(item, "type");
        const json_t *value = json_object_get(item, "default");
        /* Whatever the default is (a number or a list is a survey problem,
         * but still the admin's secret), only none and "" are shown. */
        int shown = value == NULL || json_is_null(value) ||
                    (json_is_string(value) && json_string_length(value) == 0);
        if (json_is_string(type) && strcmp(json_string_value(type), "password") == 0 && !shown) {
            if (json_object_set_new(item, "default", json_string(FC_ENCRYPTED)) != 0) {
                json_decref(copy);
                return NULL;
            }
        }
    }
    return copy;
}

int fc_survey_display_spec(json_t **out_spec, const fc_survey *survey)
{
    if (out_spec == NULL)
        return FC_EINVAL;
    *out_spec = NULL;
    if (survey == NULL)
        return FC_EINVAL;
    /* A copy: the survey stays immutable whatever the caller does. */
    *out_spec = fc_survey_display_copy(survey->spec);
    return *out_spec == NULL ? FC_ENOMEM : 0;
}

int fc_survey_secret_variables(json_t **out_names, const fc_survey *survey)
{
    if (out_names == NULL)
        return FC_EINVAL;
    *out_names = NULL;
    if (survey == NULL)
        return FC_EINVAL;
    json_t *names = json_array();
    if (names == NULL)
        return FC_ENOMEM;
    for (size_t i = 0; i < survey->count; i++) {
        const fc_question *q = &survey->questions[i];
        if (q->type != FC_Q_PASSWORD)
            continue;
        if (json_array_append_new(names, json_stringn(q->variable, q->variable_len)) != 0) {
            json_decref(names);
            return FC_ENOMEM;
        }
    }
    *out_names = names;
    return 0;
}

int fc_survey_redact(json_t **out_redacted, const fc_survey *survey, const json_t *values)
{
    if (out_redacted == NULL)
        return FC_EINVAL;
    *out_redacted = NULL;
    if (survey == NULL || !json_is_object(values))
        return FC_EINVAL;
    json_t *copy = json_deep_copy(values);
    if (copy == NULL)
        return FC_ENOMEM;
    for (size_t i = 0; i < survey->count; i++) {
        const fc_question *q = &survey->questions[i];
        if (q->type != FC_Q_PASSWORD ||
            json_object_getn(copy, q->variable, q->variable_len) == NULL)
            continue;
        if (json_object_setn_new(copy, q->variable, q->variable_len, json_string(FC_ENCRYPTED)) !=
            0) {
            json_decref(copy);
            return FC_ENOMEM;
        }
    }
    *out_redacted = copy;
    return 0;
}
