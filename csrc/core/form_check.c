/* One decision for the dry run, the submit and the launch, on borrowed
 * views (fc_form.h, docs/forms.md "Validation"): visibility in form order,
 * the survey's checks on the visible questions (fc_survey_check), then each
 * visible answer's pattern, format and choice set. */
#include <stdlib.h>
#include <string.h>

#include "form_internal.h"

#define STACK_ITEMS 256
#define STACK_CHOICES 64

typedef struct run {
    const fc_form *form;
    fc_errors *errors;
    const char *prefix;
    const fc_view *choices; /* an object, or NULL */
    const int64_t *now;
    fc_pattern_scratch patterns; /* shared by this call's matches */
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

static int check_text(run *r, const fc_form_question *fq, const fc_view *value)
{
    const char *text = value->as.text;
    size_t len = value->len;
    char what[160];

    if (fq->pattern != NULL) {
        int rc = fc_pattern_match(fq->pattern, &r->patterns, text, len);
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

static int by_bytes(const void *a, const void *b)
{
    const fc_view *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = n == 0 ? 0 : memcmp(x->as.text, y->as.text, n);
    return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

/* The set of a choices_from variable, or NULL. */
static const fc_view *choice_set(const fc_view *choices, const fc_question *q)
{
    for (size_t i = 0; choices != NULL && i < choices->len; i++) {
        const fc_view_member *m = &choices->as.members[i];
        if (m->key_len == q->variable_len && memcmp(m->key, q->variable, m->key_len) == 0)
            return m->value.kind == FC_VIEW_LIST ? &m->value : NULL;
    }
    return NULL;
}

/* Every answered item must be one of the strings of the set: the set is all
 * the requester may see, so an unseen host and a missing one get the same
 * error, and nothing about either is echoed. */
static int check_choice_set(run *r, const fc_form_question *fq, const fc_view *value)
{
    const fc_question *q = fq->question;
    const fc_view *set = choice_set(r->choices, q);
    size_t n = set != NULL ? set->len : 0;
    int is_list = value->kind == FC_VIEW_LIST;
    size_t m = is_list ? value->len : 1;
    const char *refusal = "is not one of the choices available to you";
    fc_view stack[STACK_CHOICES];

    if (m == 0 || (value->kind == FC_VIEW_STRING && value->len == 0))
        return 0;
    if (n > FC_LIMIT_MAX_CHOICE_SET)
        return FC_EINVAL;
    fc_view *sorted = n <= STACK_CHOICES ? stack : malloc(n * sizeof(*sorted));
    if (sorted == NULL)
        return FC_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (set->as.items[i].kind == FC_VIEW_STRING)
            sorted[k++] = set->as.items[i];
    }
    if (k > 1)
        qsort(sorted, k, sizeof(*sorted), by_bytes);
    int found_all = 1;
    for (size_t i = 0; i < m && found_all; i++) {
        const fc_view *item = is_list ? &value->as.items[i] : value;
        found_all = item->kind == FC_VIEW_STRING && k > 0 &&
                    bsearch(item, sorted, k, sizeof(*sorted), by_bytes) != NULL;
    }
    if (sorted != stack)
        free(sorted);
    return found_all ? 0 : report(r, q, FC_CHECK_NOT_A_CHOICE, refusal);
}

/* "$encrypted$" as a C string would read it (up to a NUL). */
static int is_marker(const fc_view *value)
{
    size_t n = strlen(FC_ENCRYPTED);
    return value->kind == FC_VIEW_STRING && value->len >= n &&
           memcmp(value->as.text, FC_ENCRYPTED, n) == 0 &&
           (value->len == n || value->as.text[n] == '\0');
}

static int check_visible(run *r, const fc_form_question *fq, const fc_view *value)
{
    if (value == NULL)
        return 0;
    /* "$encrypted$" stands for the stored default, which is the survey's. */
    if (fq->question->type == FC_Q_PASSWORD && is_marker(value))
        return 0;
    if (value->kind == FC_VIEW_STRING && value->len > 0 &&
        (fq->pattern != NULL || fq->format != FC_FORMAT_NONE))
        TRY(check_text(r, fq, value));
    /* Any other answer (a number for a multiplechoice) is in no set: refused. */
    if (fq->has_choices_from)
        TRY(check_choice_set(r, fq, value));
    return 0;
}

/* Visibility in form order; each hidden question's answer refused.
 * slot[i] is the member of answers answering spec question i
 * (fc_survey_match), or NULL when nothing is answered. */
static int decide_visibility(run *r, const fc_view **values, unsigned char *skip,
                             const fc_view *answers, const size_t *slot, size_t *visible,
                             size_t *visible_count)
{
    const fc_form *form = r->form;
    size_t shown = 0;
    for (size_t p = 0; p < form->count; p++) {
        const fc_form_question *fq = &form->questions[p];
        const fc_question *q = fq->question;
        size_t member = slot != NULL ? slot[q->index] : FC_UNANSWERED;
        const fc_view *given = member != FC_UNANSWERED ? &answers->as.members[member].value : NULL;
        if (fq->visible_if == NULL || fc_expr_eval(fq->visible_if, values)) {
            /* An omitted answer counts as the default submit would apply. */
            values[q->index] = given != NULL ? given
                               : q->default_state == FC_DEFAULT_OK && q->default_value != NULL
                                   ? &form->defaults[q->index].root
                                   : NULL;
            visible[shown++] = q->index;
        } else {
            skip[q->index] = 1;
            if (given != NULL)
                TRY(report(r, q, FC_CHECK_HIDDEN,
                           "is not asked (its condition hides it), so it must not be answered"));
        }
    }
    *visible_count = shown;
    return 0;
}

static size_t object_len(const fc_view *value)
{
    return value != NULL && value->kind == FC_VIEW_OBJECT ? value->len : 0;
}

size_t fc_form_check_capacity(const fc_form *form, const fc_view *template_vars,
                              const fc_view *answers)
{
    size_t questions = form != NULL ? form->count : 0;
    /* A question is a hidden default or one of the survey's entries. */
    return object_len(template_vars) + 2 * questions + object_len(answers);
}

/* The work buffers, on the stack for forms up to STACK_ITEMS questions. */
typedef struct buffers {
    const fc_view *value_stack[STACK_ITEMS];
    size_t slot_stack[STACK_ITEMS];
    unsigned char skip_stack[STACK_ITEMS];
    const fc_view **values;
    size_t *slot;
    unsigned char *skip;
} buffers;

/* values and skip start empty only when visibility is decided (with_visibility). */
static int buffers_init(buffers *b, size_t count, int with_visibility)
{
    int small = count <= STACK_ITEMS;
    b->values = small ? b->value_stack : malloc(count * sizeof(*b->values));
    b->slot = small ? b->slot_stack : malloc(count * sizeof(*b->slot));
    b->skip = small ? b->skip_stack : malloc(count);
    if (b->values == NULL || b->slot == NULL || b->skip == NULL)
        return FC_ENOMEM;
    for (size_t i = 0; with_visibility && i < count; i++)
        b->values[i] = NULL; /* a null pointer need not be all-zero bytes */
    if (with_visibility)
        memset(b->skip, 0, count);
    return 0;
}

static void buffers_release(buffers *b)
{
    if (b->values != b->value_stack)
        free((void *)b->values);
    if (b->slot != b->slot_stack)
        free(b->slot);
    if (b->skip != b->skip_stack)
        free(b->skip);
}

/* With no condition every question is asked, in form order, and with no
 * overlay check nothing reads the answers' values: visibility is the form's
 * order, nothing is skipped. */
static int every_question_plain(const fc_form *form)
{
    return !form->any_conditions && !form->any_checks;
}

static void all_visible(const fc_form *form, size_t *visible, size_t *visible_count)
{
    for (size_t p = 0; p < form->count; p++)
        visible[p] = form->questions[p].question->index;
    *visible_count = form->count;
}

/* The checks once the buffers exist; *out_count as fc_form_check. */
static int check_form(run *r, buffers *b, fc_accepted *out, size_t *out_count, size_t capacity,
                      size_t *visible, size_t *visible_count, const fc_view *template_vars,
                      const fc_view *answers, int launch)
{
    const fc_form *form = r->form;
    const fc_survey *survey = form->survey;
    size_t k = 0, n = 0, matched_count = 0;
    const size_t *matched = NULL;
    const int plain = every_question_plain(form);
    const unsigned char *skip = plain ? NULL : b->skip; /* NULL: none skipped */

    /* The survey's own verdict on the answer set's shape comes first. */
    if (object_len(answers) <= FC_LIMIT_MAX_EXTRA_VARS) {
        if (answers != NULL && answers->kind == FC_VIEW_OBJECT) {
            TRY(fc_survey_match(survey, answers->as.members, answers->len, b->slot,
                                &matched_count));
            matched = b->slot;
        }
        if (plain)
            all_visible(form, visible, visible_count);
        else
            TRY(decide_visibility(r, b->values, b->skip, answers, matched, visible, visible_count));
    }
    if (launch) {
        /* template extra_vars < survey defaults (a hidden question's too:
         * the one the controller applies) < accepted answers. */
        for (size_t i = 0; i < object_len(template_vars); i++)
            out[k++] = (fc_accepted){FC_ACCEPT_TEMPLATE, i};
        for (size_t i = 0; skip != NULL && *visible_count < survey->count && i < survey->count;
             i++) {
            const fc_question *q = &survey->questions[i];
            if (b->skip[i] && q->default_state == FC_DEFAULT_OK && q->default_value != NULL)
                out[k++] = (fc_accepted){FC_ACCEPT_DEFAULT, i};
        }
    }
    int rc = fc_survey_check_skipping(out + k, &n, capacity - k, r->errors, survey, NULL, answers,
                                      r->prefix, skip, matched, matched_count);
    if (rc == FC_EVALIDATION)
        r->bad = 1;
    else if (rc != 0)
        return rc;
    /* Most forms, and most of their questions, have no overlay check. */
    for (size_t p = 0; form->any_checks && p < form->count; p++) {
        const fc_form_question *fq = &form->questions[p];
        if (fq->pattern == NULL && fq->format == FC_FORMAT_NONE && !fq->has_choices_from)
            continue;
        if (!b->skip[fq->question->index])
            TRY(check_visible(r, fq, b->values[fq->question->index]));
    }
    if (r->bad)
        return FC_EVALIDATION;
    *out_count = k + n;
    return 0;
}

int fc_form_check(fc_accepted *out, size_t *out_count, size_t out_capacity, size_t *out_visible,
                  size_t *out_visible_count, fc_errors *errors, const fc_form *form,
                  const fc_view *answers, const fc_view *choices, const int64_t *now, int launch,
                  const fc_view *template_vars, const char *path_prefix)
{
    if (out_count == NULL || out_visible_count == NULL)
        return FC_EINVAL;
    *out_count = 0;
    *out_visible_count = 0;
    if (template_vars != NULL && template_vars->kind == FC_VIEW_NULL)
        template_vars = NULL;
    if (choices != NULL && choices->kind == FC_VIEW_NULL)
        choices = NULL;
    if (out == NULL || out_visible == NULL || form == NULL ||
        (choices != NULL && choices->kind != FC_VIEW_OBJECT) ||
        (template_vars != NULL && (!launch || template_vars->kind != FC_VIEW_OBJECT)) ||
        (form->needs_now && now == NULL) ||
        out_capacity < fc_form_check_capacity(form, template_vars, answers))
        return FC_EINVAL;

    run r = {form, errors, path_prefix, choices, now, FC_PATTERN_SCRATCH_INIT, 0};
    buffers b;
    int rc = buffers_init(&b, form->count, !every_question_plain(form));
    if (rc == 0)
        rc = check_form(&r, &b, out, out_count, out_capacity, out_visible, out_visible_count,
                        template_vars, answers, launch);
    buffers_release(&b);
    fc_pattern_scratch_release(&r.patterns);
    if (rc != 0 && rc != FC_EVALIDATION) {
        *out_count = 0;
        *out_visible_count = 0;
    }
    return rc;
}
