/* One decision for the dry run and the submit (docs/forms.md "Validation"):
 * visibility in form order, the survey's checks on the visible questions,
 * then each visible answer's pattern, format and choice set. */
#include <stdlib.h>
#include <string.h>

#include "form_internal.h"

typedef struct run {
    const fc_form *form;
    fc_errors *errors;
    const char *prefix;
    const json_t *choices;
    const int64_t *now;
    int bad;
} run;

static int report(run *r, const fc_question *q, fc_check check, const char *what)
{
    char path[FC_LIMIT_MAX_PATH + 1];
    fc_path_join(path, sizeof(path), r->prefix, q->variable, q->variable_len);
    r->bad = 1;
    return fc_errors_add(r->errors, path, check, "'%.*s' %s",
                         fc_name_shown(q->variable, q->variable_len, FC_NAME_SHOWN_MAX),
                         q->variable, what);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static int check_bounds(run *r, const fc_form_question *fq, int64_t when)
{
    char what[160];
    int64_t from_now; /* in the unit of the bounds' scale */
    int64_t scale = fq->format == FC_FORMAT_DATE ? 1 : 86400;
    if (fq->format == FC_FORMAT_DATE)
        from_now = when - floor_div(*r->now, 86400);
    else
        from_now = when - *r->now;
    if (fq->has_min_days && from_now < (int64_t)fq->min_days * scale) {
        if (fq->min_days == 0)
            snprintf(what, sizeof(what), "must not be in the past");
        else
            snprintf(what, sizeof(what), "must be at least %ld days from now", fq->min_days);
        return report(r, fq->question, FC_CHECK_TOO_SMALL, what);
    }
    if (fq->has_max_days && from_now > (int64_t)fq->max_days * scale) {
        snprintf(what, sizeof(what), "must be at most %ld days from now", fq->max_days);
        return report(r, fq->question, FC_CHECK_TOO_LARGE, what);
    }
    return 0;
}

static int check_text(run *r, const fc_form_question *fq, const json_t *value)
{
    const char *text = json_string_value(value);
    size_t len = json_string_length(value);
    char what[160];

    if (fq->pattern != NULL) {
        int rc = fc_pattern_match(fq->pattern, text, len);
        if (rc == FC_ENOMEM)
            return rc;
        if (rc == FC_ELIMIT || rc < 0)
            return report(r, fq->question, FC_CHECK_LIMIT,
                          "could not be checked against its pattern within the limits");
        if (rc == 0 && fq->pattern_message != NULL) {
            /* The admin's message is shown as written. */
            char path[FC_LIMIT_MAX_PATH + 1];
            fc_path_join(path, sizeof(path), r->prefix, fq->question->variable,
                         fq->question->variable_len);
            r->bad = 1;
            return fc_errors_add(r->errors, path, FC_CHECK_FORMAT, "%s", fq->pattern_message);
        }
        if (rc == 0)
            return report(r, fq->question, FC_CHECK_FORMAT, "does not match the required pattern");
    }
    if (fq->format != FC_FORMAT_NONE) {
        int64_t when = 0;
        if (!fc_format_check(fq->format, text, len, &when)) {
            snprintf(what, sizeof(what), "must be %s", fc_format_describe(fq->format));
            return report(r, fq->question, FC_CHECK_FORMAT, what);
        }
        if (fq->has_min_days || fq->has_max_days)
            return check_bounds(r, fq, when);
    }
    return 0;
}

typedef struct text_view {
    const char *text;
    size_t len;
} text_view;

static int by_bytes(const void *a, const void *b)
{
    const text_view *x = a, *y = b;
    int c = memcmp(x->text, y->text, x->len < y->len ? x->len : y->len);
    return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

/* Every answered item must be one of the strings of the set: the set is all
 * the requester may see, so an unseen host and a missing one get the same
 * error, and nothing about either is echoed. */
static int check_choice_set(run *r, const fc_form_question *fq, const json_t *value)
{
    const fc_question *q = fq->question;
    const json_t *set = json_object_getn(r->choices, q->variable, q->variable_len);
    size_t n = json_is_array(set) ? json_array_size(set) : 0;
    size_t m = json_is_array(value) ? json_array_size(value) : 1;
    const char *refusal = "is not one of the choices available to you";

    if (m == 0 || (json_is_string(value) && json_string_length(value) == 0))
        return 0;
    if (n > FC_LIMIT_MAX_CHOICE_SET)
        return FC_EINVAL;
    text_view *sorted = malloc((n ? n : 1) * sizeof(*sorted));
    if (sorted == NULL)
        return FC_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *s = json_array_get(set, i);
        if (json_is_string(s))
            sorted[k++] = (text_view){json_string_value(s), json_string_length(s)};
    }
    qsort(sorted, k, sizeof(*sorted), by_bytes);
    int found_all = 1;
    for (size_t i = 0; i < m && found_all; i++) {
        const json_t *item = json_is_array(value) ? json_array_get(value, i) : value;
        text_view key = {json_string_value(item), json_string_length(item)};
        found_all =
            json_is_string(item) && bsearch(&key, sorted, k, sizeof(*sorted), by_bytes) != NULL;
    }
    free(sorted);
    return found_all ? 0 : report(r, q, FC_CHECK_NOT_A_CHOICE, refusal);
}

static int check_visible(run *r, const fc_form_question *fq, const json_t *value)
{
    if (value == NULL)
        return 0;
    /* "$encrypted$" stands for the stored default, which is the survey's. */
    if (fq->question->type == FC_Q_PASSWORD && json_is_string(value) &&
        strcmp(json_string_value(value), FC_ENCRYPTED) == 0)
        return 0;
    if (json_is_string(value) && json_string_length(value) > 0 &&
        (fq->pattern != NULL || fq->format != FC_FORMAT_NONE))
        TRY(check_text(r, fq, value));
    /* Any other answer (a number for a multiplechoice) is in no set: refused. */
    if (fq->has_choices_from)
        TRY(check_choice_set(r, fq, value));
    return 0;
}

/* Visibility in form order; each hidden question's answer refused. */
static int decide_visibility(run *r, json_t *visible, const json_t **values, unsigned char *skip,
                             const json_t *answers)
{
    const fc_form *form = r->form;
    for (size_t p = 0; p < form->count; p++) {
        const fc_form_question *fq = &form->questions[p];
        const fc_question *q = fq->question;
        const json_t *answer = json_object_getn(answers, q->variable, q->variable_len);
        if (fc_expr_eval(fq->visible_if, values)) {
            /* An omitted answer counts as the default submit would apply. */
            values[q->index] = answer != NULL                      ? answer
                               : q->default_state == FC_DEFAULT_OK ? q->default_value
                                                                   : NULL;
            if (json_array_append_new(visible, json_stringn(q->variable, q->variable_len)) != 0)
                return FC_ENOMEM;
        } else {
            skip[q->index] = 1;
            if (answer != NULL)
                TRY(report(r, q, FC_CHECK_HIDDEN,
                           "is not asked (its condition hides it), so it must not be answered"));
        }
    }
    return 0;
}

/* fc_form_validate with the caller's skip buffer (count + 1 bytes, zeroed):
 * on return skip[i] is set for each hidden spec question i. */
static int validate_form(json_t **out_visible, json_t **out_accepted, fc_errors *errors,
                         const fc_form *form, const json_t *answers, const json_t *choices,
                         const int64_t *now, const char *path_prefix, unsigned char *skip)
{
    if (out_visible == NULL || out_accepted == NULL)
        return FC_EINVAL;
    *out_visible = NULL;
    *out_accepted = NULL;
    if (form == NULL || (choices != NULL && !json_is_null(choices) && !json_is_object(choices)) ||
        (form->needs_now && now == NULL))
        return FC_EINVAL;

    run r = {form, errors, path_prefix, json_is_object(choices) ? choices : NULL, now, 0};
    const json_t *lookup = json_is_object(answers) ? answers : NULL;
    const json_t **values = calloc(form->count + 1, sizeof(*values));
    json_t *visible = json_array(), *accepted = NULL;
    int rc = FC_ENOMEM;

    if (values == NULL || visible == NULL)
        goto done;
    /* The survey's own verdict on the answer set's shape comes first. */
    if (json_object_size(lookup) <= FC_LIMIT_MAX_EXTRA_VARS) {
        rc = decide_visibility(&r, visible, values, skip, lookup);
        if (rc != 0)
            goto done;
    }
    rc = fc_survey_validate_skipping(&accepted, errors, form->survey, answers, path_prefix, skip);
    if (rc == FC_EVALIDATION)
        r.bad = 1;
    else if (rc != 0)
        goto done;
    rc = 0;
    for (size_t p = 0; p < form->count && rc == 0; p++) {
        const fc_form_question *fq = &form->questions[p];
        if (!skip[fq->question->index])
            rc = check_visible(&r, fq, values[fq->question->index]);
    }
    if (rc == 0 && r.bad)
        rc = FC_EVALIDATION;
done:
    free(values);
    if (rc == 0 || rc == FC_EVALIDATION) {
        *out_visible = visible;
        if (rc == 0)
            *out_accepted = accepted;
        else
            json_decref(accepted);
    } else {
        json_decref(visible);
        json_decref(accepted);
    }
    return rc;
}

int fc_form_validate(json_t **out_visible, json_t **out_accepted, fc_errors *errors,
                     const fc_form *form, const json_t *answers, const json_t *choices,
                     const int64_t *now, const char *path_prefix)
{
    unsigned char *skip = calloc(form != NULL ? form->count + 1 : 1, 1);
    if (skip == NULL) {
        if (out_visible != NULL)
            *out_visible = NULL;
        if (out_accepted != NULL)
            *out_accepted = NULL;
        return out_visible == NULL || out_accepted == NULL ? FC_EINVAL : FC_ENOMEM;
    }
    int rc = validate_form(out_visible, out_accepted, errors, form, answers, choices, now,
                           path_prefix, skip);
    free(skip);
    return rc;
}

int fc_form_extra_vars(json_t **out_extra_vars, fc_errors *errors, const fc_form *form,
                       const json_t *template_extra_vars, const json_t *answers,
                       const json_t *choices, const int64_t *now, const char *path_prefix)
{
    if (out_extra_vars == NULL)
        return FC_EINVAL;
    *out_extra_vars = NULL;
    if (form == NULL || (template_extra_vars != NULL && !json_is_null(template_extra_vars) &&
                         !json_is_object(template_extra_vars)))
        return FC_EINVAL;
    unsigned char *skip = calloc(form->count + 1, 1);
    json_t *visible = NULL, *accepted = NULL, *result = NULL;
    if (skip == NULL)
        return FC_ENOMEM;
    int rc =
        validate_form(&visible, &accepted, errors, form, answers, choices, now, path_prefix, skip);
    if (rc != 0)
        goto done;
    /* template extra_vars < survey defaults (a hidden question's too: the
     * one the controller applies) < accepted answers. */
    result =
        json_is_object(template_extra_vars) ? json_deep_copy(template_extra_vars) : json_object();
    rc = result == NULL ? FC_ENOMEM : 0;
    for (size_t i = 0; rc == 0 && i < form->survey->count; i++) {
        const fc_question *q = &form->survey->questions[i];
        if (!skip[i] || q->default_state != FC_DEFAULT_OK)
            continue;
        json_t *copy = json_deep_copy(q->default_value);
        if (copy == NULL || json_object_setn_new(result, q->variable, q->variable_len, copy) != 0)
            rc = FC_ENOMEM;
    }
    if (rc == 0 && json_object_update(result, accepted) != 0)
        rc = FC_ENOMEM;
done:
    free(skip);
    json_decref(visible);
    json_decref(accepted);
    if (rc != 0) {
        json_decref(result);
        return rc;
    }
    *out_extra_vars = result;
    return 0;
}
