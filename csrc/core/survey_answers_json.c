/* fc_survey_validate and fc_survey_extra_vars: jansson answers checked by
 * fc_survey_check (the one implementation of the rules), the result built
 * from its list of accepted values. */
#include <stdlib.h>

#include "forge_catalog/fc_answers.h"
#include "survey_internal.h"

int fc_accepted_apply(json_t *result, const fc_survey *survey, const fc_json_view *answers,
                      const fc_accepted *entries, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const char *key;
        size_t key_len;
        const json_t *value;
        if (entries[i].source == FC_ACCEPT_ANSWER) {
            const fc_view_member *m = &answers->root.as.members[entries[i].index];
            key = m->key;
            key_len = m->key_len;
            value = answers->json[entries[i].index];
        } else {
            TRY(fc_survey_default(&key, &key_len, &value, survey, entries[i].index));
        }
        json_t *copy = json_deep_copy(value);
        if (copy == NULL || json_object_setn_new(result, key, key_len, copy) != 0)
            return FC_ENOMEM;
    }
    return 0;
}

static int extra_vars(json_t **out_extra_vars, fc_errors *errors, const fc_survey *survey,
                      const json_t *template_extra_vars, const json_t *answers,
                      const char *path_prefix, const unsigned char *skip)
{
    fc_json_view view;
    fc_accepted *entries = NULL;
    json_t *result = NULL;
    size_t count = 0;
    int rc;

    if (out_extra_vars == NULL)
        return FC_EINVAL;
    *out_extra_vars = NULL;
    if (survey == NULL || (template_extra_vars != NULL && !json_is_null(template_extra_vars) &&
                           !json_is_object(template_extra_vars)))
        return FC_EINVAL;
    rc = fc_json_view_init(&view, answers);
    if (rc != 0)
        return rc;
    const fc_view *root = answers == NULL ? NULL : &view.root;
    size_t capacity = fc_survey_check_capacity(survey, NULL, root);
    entries = malloc((capacity ? capacity : 1) * sizeof(*entries));
    if (entries == NULL) {
        rc = FC_ENOMEM;
        goto done;
    }
    rc = fc_survey_check_skipping(entries, &count, capacity, errors, survey, NULL, root,
                                  path_prefix, skip, NULL, 0);
    if (rc != 0)
        goto done;
    /* Precedence: template extra_vars < survey defaults < answers. */
    result =
        json_is_object(template_extra_vars) ? json_deep_copy(template_extra_vars) : json_object();
    if (result == NULL) {
        rc = FC_ENOMEM;
        goto done;
    }
    rc = fc_accepted_apply(result, survey, &view, entries, count);
done:
    free(entries);
    fc_json_view_release(&view);
    if (rc != 0) {
        json_decref(result);
        return rc;
    }
    *out_extra_vars = result;
    return 0;
}

int fc_survey_validate(json_t **out_accepted, fc_errors *errors, const fc_survey *survey,
                       const json_t *answers, const char *path_prefix)
{
    return extra_vars(out_accepted, errors, survey, NULL, answers, path_prefix, NULL);
}

int fc_survey_extra_vars(json_t **out_extra_vars, fc_errors *errors, const fc_survey *survey,
                         const json_t *template_extra_vars, const json_t *answers,
                         const char *path_prefix)
{
    return extra_vars(out_extra_vars, errors, survey, template_extra_vars, answers, path_prefix,
                      NULL);
}

int fc_survey_validate_skipping(json_t **out_accepted, fc_errors *errors, const fc_survey *survey,
                                const json_t *answers, const char *path_prefix,
                                const unsigned char *skip)
{
    return extra_vars(out_accepted, errors, survey, NULL, answers, path_prefix, skip);
}
