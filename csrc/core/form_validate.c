/* fc_form_validate and fc_form_extra_vars: jansson answers checked by
 * fc_form_check (form_check.c, the one implementation of the rules), the
 * results built from its lists. */
#include <stdlib.h>
#include <string.h>

#include "form_internal.h"

typedef struct jansson_call {
    fc_json_view answers, choices;
    fc_accepted *entries;
    size_t *visible;
    size_t count, visible_count;
} jansson_call;

static void call_release(jansson_call *c)
{
    fc_json_view_release(&c->answers);
    fc_json_view_release(&c->choices);
    free(c->entries);
    free(c->visible);
}

/* fc_form_check on views of the jansson values; c is released by the caller. */
static int check(jansson_call *c, fc_errors *errors, const fc_form *form, const json_t *answers,
                 const json_t *choices, const int64_t *now, int launch, const char *path_prefix)
{
    memset(c, 0, sizeof(*c));
    if (form == NULL)
        return FC_EINVAL;
    TRY(fc_json_view_init(&c->answers, answers));
    TRY(fc_json_view_init(&c->choices, choices));
    const fc_view *av = answers == NULL ? NULL : &c->answers.root;
    size_t capacity = fc_form_check_capacity(form, NULL, av);
    c->entries = malloc((capacity ? capacity : 1) * sizeof(*c->entries));
    c->visible = malloc((form->count + 1) * sizeof(*c->visible));
    if (c->entries == NULL || c->visible == NULL)
        return FC_ENOMEM;
    return fc_form_check(c->entries, &c->count, capacity, c->visible, &c->visible_count, errors,
                         form, av, choices == NULL ? NULL : &c->choices.root, now, launch, NULL,
                         path_prefix);
}

static json_t *visible_names(const fc_form *form, const jansson_call *c)
{
    json_t *names = json_array();
    for (size_t i = 0; names != NULL && i < c->visible_count; i++) {
        const fc_question *q = &form->survey->questions[c->visible[i]];
        if (json_array_append_new(names, json_stringn(q->variable, q->variable_len)) != 0) {
            json_decref(names);
            return NULL;
        }
    }
    return names;
}

int fc_form_validate(json_t **out_visible, json_t **out_accepted, fc_errors *errors,
                     const fc_form *form, const json_t *answers, const json_t *choices,
                     const int64_t *now, const char *path_prefix)
{
    jansson_call c;
    json_t *visible = NULL, *accepted = NULL;

    if (out_visible == NULL || out_accepted == NULL)
        return FC_EINVAL;
    *out_visible = NULL;
    *out_accepted = NULL;
    int rc = check(&c, errors, form, answers, choices, now, 0, path_prefix);
    if (rc == 0 || rc == FC_EVALIDATION) {
        visible = visible_names(form, &c);
        if (visible == NULL)
            rc = FC_ENOMEM;
    }
    if (rc == 0) {
        accepted = json_object();
        rc = accepted == NULL
                 ? FC_ENOMEM
                 : fc_accepted_apply(accepted, form->survey, &c.answers, c.entries, c.count);
    }
    call_release(&c);
    if (rc != 0 && rc != FC_EVALIDATION) {
        json_decref(visible);
        json_decref(accepted);
        return rc;
    }
    *out_visible = visible;
    *out_accepted = accepted;
    return rc;
}

int fc_form_extra_vars(json_t **out_extra_vars, fc_errors *errors, const fc_form *form,
                       const json_t *template_extra_vars, const json_t *answers,
                       const json_t *choices, const int64_t *now, const char *path_prefix)
{
    jansson_call c;
    json_t *result = NULL;

    if (out_extra_vars == NULL)
        return FC_EINVAL;
    *out_extra_vars = NULL;
    if (form == NULL || (template_extra_vars != NULL && !json_is_null(template_extra_vars) &&
                         !json_is_object(template_extra_vars)))
        return FC_EINVAL;
    /* The template's variables come first; the entries build on them. */
    int rc = check(&c, errors, form, answers, choices, now, 1, path_prefix);
    if (rc == 0) {
        result = json_is_object(template_extra_vars) ? json_deep_copy(template_extra_vars)
                                                     : json_object();
        rc = result == NULL
                 ? FC_ENOMEM
                 : fc_accepted_apply(result, form->survey, &c.answers, c.entries, c.count);
    }
    call_release(&c);
    if (rc != 0) {
        json_decref(result);
        return rc;
    }
    *out_extra_vars = result;
    return 0;
}
