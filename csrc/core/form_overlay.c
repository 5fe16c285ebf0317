/* The overlay document: compiled once against a survey, every problem
 * reported with its path (docs/forms.md "The overlay"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form_internal.h"

#define ORDER_MAX 1000000L
#define INVENTORY_NAME_MAX 512
#define PATTERN_MESSAGE_MAX                                                                        \
    400 /* it becomes the error message, which fc_errors keeps to 511 bytes */

static const char *const overlay_keys[] = {
    "visible_if", "pattern",     "pattern_message", "format",  "min_days",     "max_days",
    "help",       "placeholder", "order",           "section", "choices_from",
};

typedef struct compiler {
    fc_form *form;
    fc_errors *problems;
    const char *prefix;
    int bad;
} compiler;

/* "<prefix>.<variable>[.<key>]" */
static void entry_path(char *buf, size_t size, const compiler *c, const fc_question *q,
                       const char *key)
{
    char base[FC_LIMIT_MAX_PATH + 1];
    fc_path_join(base, sizeof(base), c->prefix, q->variable, q->variable_len);
    if (key == NULL)
        snprintf(buf, size, "%s", base);
    else
        fc_path_join(buf, size, base, key, strlen(key));
}

static int problem(compiler *c, const fc_question *q, const char *key, fc_check check,
                   const char *message)
{
    char path[FC_LIMIT_MAX_PATH + 1];
    entry_path(path, sizeof(path), c, q, key);
    c->bad = 1;
    return fc_errors_add(c->problems, path, check, "%s", message);
}

/* A text field: absent or null is NULL; else a string without NUL, within
 * the limit. *ok 0 when a problem was reported. */
static int read_text(compiler *c, const fc_question *q, const json_t *entry, const char *key,
                     size_t max, const char **out)
{
    const json_t *v = json_object_get(entry, key);
    char message[120];
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return problem(c, q, key, FC_CHECK_TYPE, "must be a text");
    if (json_string_length(v) > max) {
        snprintf(message, sizeof(message), "at most %zu bytes", max);
        return problem(c, q, key, FC_CHECK_LIMIT, message);
    }
    if (memchr(json_string_value(v), '\0', json_string_length(v)) != NULL)
        return problem(c, q, key, FC_CHECK_INVALID, "must not contain NUL characters");
    *out = json_string_value(v);
    return 0;
}

/* An integer field within [lo, hi]; *present 1 when it was given and sane. */
static int read_integer(compiler *c, const fc_question *q, const json_t *entry, const char *key,
                        long lo, long hi, long *out, int *present)
{
    const json_t *v = json_object_get(entry, key);
    char message[120];
    *present = 0;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_integer(v))
        return problem(c, q, key, FC_CHECK_TYPE, "must be a whole number");
    json_int_t n = json_integer_value(v);
    if (n < lo || n > hi) {
        snprintf(message, sizeof(message), "must be from %ld to %ld", lo, hi);
        return problem(c, q, key, FC_CHECK_LIMIT, message);
    }
    *out = (long)n;
    *present = 1;
    return 0;
}

static int is_text_question(const fc_question *q)
{
    return q->type == FC_Q_TEXT || q->type == FC_Q_TEXTAREA || q->type == FC_Q_PASSWORD;
}

static int read_pattern(compiler *c, fc_form_question *fq, const json_t *entry)
{
    const fc_question *q = fq->question;
    const char *text;
    TRY(read_text(c, q, entry, "pattern", FC_LIMIT_MAX_PATTERN_LEN, &text));
    TRY(read_text(c, q, entry, "pattern_message", PATTERN_MESSAGE_MAX, &fq->pattern_message));
    if (fq->pattern_message != NULL && json_object_get(entry, "pattern") == NULL)
        TRY(problem(c, q, "pattern_message", FC_CHECK_INVALID, "needs a pattern"));
    if (text == NULL)
        return 0;
    if (!is_text_question(q))
        return problem(c, q, "pattern", FC_CHECK_INVALID,
                       "only text, textarea and password questions take a pattern");
    char message[300];
    size_t len = json_string_length(json_object_get(entry, "pattern"));
    int rc = fc_pattern_compile(&fq->pattern, message, sizeof(message), text, len);
    if (rc == FC_EVALIDATION)
        return problem(c, q, "pattern", FC_CHECK_INVALID, message);
    fq->pattern_text = text;
    return rc;
}

static int read_format(compiler *c, fc_form_question *fq, const json_t *entry)
{
    const fc_question *q = fq->question;
    const char *name;
    TRY(read_text(c, q, entry, "format", 64, &name));
    if (name != NULL) {
        fq->format = fc_format_lookup(name, strlen(name));
        if (fq->format == FC_FORMAT_NONE)
            TRY(problem(c, q, "format", FC_CHECK_INVALID,
                        "not a format (date, datetime, email, hostname, ipv4, ipv6, cidr, url)"));
        else if (q->type != FC_Q_TEXT) {
            fq->format = FC_FORMAT_NONE;
            TRY(problem(c, q, "format", FC_CHECK_INVALID, "only text questions take a format"));
        }
    }
    TRY(read_integer(c, q, entry, "min_days", -FC_LIMIT_MAX_DATE_DAYS, FC_LIMIT_MAX_DATE_DAYS,
                     &fq->min_days, &fq->has_min_days));
    TRY(read_integer(c, q, entry, "max_days", -FC_LIMIT_MAX_DATE_DAYS, FC_LIMIT_MAX_DATE_DAYS,
                     &fq->max_days, &fq->has_max_days));
    int dated = fq->format == FC_FORMAT_DATE || fq->format == FC_FORMAT_DATETIME;
    if ((fq->has_min_days || fq->has_max_days) && !dated)
        TRY(problem(c, q, fq->has_min_days ? "min_days" : "max_days", FC_CHECK_INVALID,
                    "date bounds need the format date or datetime"));
    if (fq->has_min_days && fq->has_max_days && fq->min_days > fq->max_days)
        TRY(problem(c, q, "min_days", FC_CHECK_INVALID, "must not be greater than max_days"));
    if (dated && (fq->has_min_days || fq->has_max_days))
        c->form->needs_now = 1;
    return 0;
}

static int read_choices_from(compiler *c, fc_form_question *fq, const json_t *entry)
{
    static const char *const keys[] = {"inventory", "kind", "filter", "limit"};
    const fc_question *q = fq->question;
    const json_t *decl = json_object_get(entry, "choices_from");
    char path[FC_LIMIT_MAX_PATH + 1], base[FC_LIMIT_MAX_PATH + 1];
    const char *key;
    const json_t *v;

    if (decl == NULL || json_is_null(decl))
        return 0;
    if (!json_is_object(decl))
        return problem(c, q, "choices_from", FC_CHECK_TYPE, "must be an object");
    if (q->type != FC_Q_TEXT && q->type != FC_Q_MULTIPLECHOICE && q->type != FC_Q_MULTISELECT)
        return problem(c, q, "choices_from", FC_CHECK_INVALID,
                       "only text, multiplechoice and multiselect questions take choices_from");
    entry_path(base, sizeof(base), c, q, "choices_from");
    int ok = 1;
    json_object_foreach((json_t *)decl, key, v) {
        size_t k = 0;
        while (k < 4 && strcmp(keys[k], key) != 0)
            k++;
        if (k == 4) {
            fc_path_join(path, sizeof(path), base, key, strlen(key));
            c->bad = 1, ok = 0;
            TRY(fc_errors_add(c->problems, path, FC_CHECK_UNKNOWN,
                              "not a choices_from key (inventory, kind, filter, limit)"));
        }
    }
    fc_choices_from *cf = &fq->choices_from;
    cf->limit = 100;
    v = json_object_get(decl, "inventory");
    fc_path_join(path, sizeof(path), base, "inventory", 9);
    if (json_is_integer(v) && json_integer_value(v) >= 1) {
        cf->inventory = json_integer(json_integer_value(v));
    } else if (json_is_string(v) && json_string_length(v) >= 1 &&
               json_string_length(v) <= INVENTORY_NAME_MAX &&
               memchr(json_string_value(v), '\0', json_string_length(v)) == NULL) {
        cf->inventory = json_stringn(json_string_value(v), json_string_length(v));
    } else {
        c->bad = 1, ok = 0;
        TRY(fc_errors_add(c->problems, path, v == NULL ? FC_CHECK_REQUIRED : FC_CHECK_INVALID,
                          "the inventory's name (1 to %d characters) or id (from 1)",
                          INVENTORY_NAME_MAX));
    }
    if (ok && cf->inventory == NULL)
        return FC_ENOMEM;
    v = json_object_get(decl, "kind");
    if (v != NULL && !json_is_null(v)) {
        if (json_is_string(v) && strcmp(json_string_value(v), "groups") == 0) {
            cf->groups = 1;
        } else if (!json_is_string(v) || strcmp(json_string_value(v), "hosts") != 0) {
            fc_path_join(path, sizeof(path), base, "kind", 4);
            c->bad = 1, ok = 0;
            TRY(fc_errors_add(c->problems, path, FC_CHECK_INVALID, "must be hosts or groups"));
        }
    }
    v = json_object_get(decl, "filter");
    if (v != NULL && !json_is_null(v)) {
        fc_path_join(path, sizeof(path), base, "filter", 6);
        if (!json_is_string(v) || json_string_length(v) > INVENTORY_NAME_MAX ||
            memchr(json_string_value(v), '\0', json_string_length(v)) != NULL) {
            c->bad = 1, ok = 0;
            TRY(fc_errors_add(c->problems, path, FC_CHECK_INVALID,
                              "a text of at most %d characters", INVENTORY_NAME_MAX));
        } else if ((cf->filter = strdup(json_string_value(v))) == NULL) {
            return FC_ENOMEM;
        }
    }
    v = json_object_get(decl, "limit");
    if (v != NULL && !json_is_null(v)) {
        if (!json_is_integer(v) || json_integer_value(v) < 1 ||
            json_integer_value(v) > FC_LIMIT_MAX_CHOICES_LIMIT) {
            fc_path_join(path, sizeof(path), base, "limit", 5);
            c->bad = 1, ok = 0;
            TRY(fc_errors_add(c->problems, path, FC_CHECK_INVALID, "a whole number from 1 to %d",
                              FC_LIMIT_MAX_CHOICES_LIMIT));
        } else {
            cf->limit = (long)json_integer_value(v);
        }
    }
    fq->has_choices_from = ok;
    return 0;
}

static int read_entry(compiler *c, fc_form_question *fq, const json_t *entry, size_t position)
{
    const fc_question *q = fq->question;
    const char *key;
    const json_t *v;
    char path[FC_LIMIT_MAX_PATH + 1];

    json_object_foreach((json_t *)entry, key, v) {
        size_t k = 0, n = sizeof(overlay_keys) / sizeof(overlay_keys[0]);
        while (k < n && strcmp(overlay_keys[k], key) != 0)
            k++;
        if (k == n) {
            char base[FC_LIMIT_MAX_PATH + 1];
            entry_path(base, sizeof(base), c, q, NULL);
            fc_path_join(path, sizeof(path), base, key, strlen(key));
            c->bad = 1;
            TRY(fc_errors_add(c->problems, path, FC_CHECK_UNKNOWN, "not an overlay key"));
        }
    }
    TRY(read_text(c, q, entry, "help", FC_LIMIT_MAX_OVERLAY_TEXT, &fq->help));
    TRY(read_text(c, q, entry, "placeholder", FC_LIMIT_MAX_OVERLAY_TEXT, &fq->placeholder));
    TRY(read_text(c, q, entry, "section", FC_LIMIT_MAX_OVERLAY_TEXT, &fq->section));
    TRY(read_pattern(c, fq, entry));
    TRY(read_format(c, fq, entry));
    TRY(read_choices_from(c, fq, entry));

    const json_t *cond = json_object_get(entry, "visible_if");
    if (cond == NULL || json_is_null(cond))
        return 0;
    if (!json_is_string(cond))
        return problem(c, q, "visible_if", FC_CHECK_TYPE, "must be a text");
    entry_path(path, sizeof(path), c, q, "visible_if");
    fc_expr_scope scope = {c->form->survey, c->form->position_of, position};
    int rc = fc_expr_compile(&fq->visible_if, c->problems, json_string_value(cond),
                             json_string_length(cond), &scope, path);
    if (rc == FC_EVALIDATION) {
        c->bad = 1;
        return 0;
    }
    fq->visible_if_text = json_string_value(cond);
    return rc;
}

static int by_order(const void *a, const void *b)
{
    const fc_form_question *x = a, *y = b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return x->question->index < y->question->index ? -1 : x->question->index > y->question->index;
}

void fc_form_free(fc_form *form)
{
    if (form == NULL)
        return;
    for (size_t i = 0; form->questions != NULL && i < form->count; i++) {
        fc_form_question *fq = &form->questions[i];
        fc_expr_free(fq->visible_if);
        fc_pattern_free(fq->pattern);
        json_decref(fq->choices_from.inventory);
        free(fq->choices_from.filter);
    }
    for (size_t i = 0; form->defaults != NULL && i < form->count; i++)
        fc_json_view_release(&form->defaults[i]);
    free(form->defaults);
    free(form->questions);
    free(form->position_of);
    json_decref(form->overlay);
    free(form);
}

/* Places questions in form order: "order" when given, else the spec index. */
static int place(compiler *c)
{
    fc_form *form = c->form;
    const fc_survey *survey = form->survey;
    for (size_t i = 0; i < form->count; i++) {
        const fc_question *q = &survey->questions[i];
        fc_form_question *fq = &form->questions[i];
        fq->question = q;
        fq->order = (long)i;
        const json_t *entry = json_object_getn(form->overlay, q->variable, q->variable_len);
        if (entry != NULL && json_is_object(entry)) {
            int given;
            long order;
            TRY(read_integer(c, q, entry, "order", -ORDER_MAX, ORDER_MAX, &order, &given));
            if (given)
                fq->order = order;
        }
    }
    qsort(form->questions, form->count, sizeof(*form->questions), by_order);
    for (size_t p = 0; p < form->count; p++)
        form->position_of[form->questions[p].question->index] = p;
    return 0;
}

/* Conditions and checks read an omitted answer's default as a view. */
static int see_defaults(fc_form *form)
{
    for (size_t i = 0; i < form->count; i++) {
        const fc_question *q = &form->survey->questions[i];
        if (q->default_state == FC_DEFAULT_OK)
            TRY(fc_json_view_init(&form->defaults[i], q->default_value));
    }
    return 0;
}

static int compile(compiler *c)
{
    fc_form *form = c->form;
    const char *key;
    size_t key_len;
    json_t *entry;
    char path[FC_LIMIT_MAX_PATH + 1];

    json_object_keylen_foreach(form->overlay, key, key_len, entry) {
        const fc_question *q = fc_survey_find(form->survey, key, key_len);
        fc_path_join(path, sizeof(path), c->prefix, key, key_len);
        if (q == NULL) {
            c->bad = 1;
            TRY(fc_errors_add(c->problems, path, FC_CHECK_UNKNOWN,
                              "'%.*s' is not a variable of the survey",
                              fc_name_shown(key, key_len, FC_NAME_SHOWN_MAX), key));
        } else if (!json_is_object(entry) && !json_is_null(entry)) {
            c->bad = 1;
            TRY(fc_errors_add(c->problems, path, FC_CHECK_TYPE, "must be an object"));
        }
    }
    TRY(place(c));
    for (size_t p = 0; p < form->count; p++) {
        fc_form_question *fq = &form->questions[p];
        const json_t *e =
            json_object_getn(form->overlay, fq->question->variable, fq->question->variable_len);
        if (json_is_object(e))
            TRY(read_entry(c, fq, e, p));
    }
    return 0;
}

int fc_form_compile(fc_form **out, fc_errors *problems, const fc_survey *survey,
                    const json_t *overlay, const char *path_prefix)
{
    if (out == NULL)
        return FC_EINVAL;
    *out = NULL;
    if (survey == NULL)
        return FC_EINVAL;
    if (path_prefix == NULL)
        path_prefix = "";
    if (overlay != NULL && !json_is_null(overlay) && !json_is_object(overlay)) {
        TRY(fc_errors_add(problems, path_prefix, FC_CHECK_TYPE,
                          "the overlay must be an object keyed by survey variable"));
        return FC_EVALIDATION;
    }
    if (overlay != NULL && fc_json_too_deep(overlay, FC_LIMIT_MAX_DEPTH)) {
        TRY(fc_errors_add(problems, path_prefix, FC_CHECK_LIMIT,
                          "the overlay may nest at most %d levels", FC_LIMIT_MAX_DEPTH));
        return FC_EVALIDATION;
    }
    fc_form *form = calloc(1, sizeof(*form));
    if (form == NULL)
        return FC_ENOMEM;
    form->survey = survey;
    form->count = survey->count;
    form->overlay = json_is_object(overlay) ? json_deep_copy(overlay) : json_object();
    form->questions = calloc(form->count + 1, sizeof(*form->questions));
    form->position_of = calloc(form->count + 1, sizeof(*form->position_of));
    form->defaults = calloc(form->count + 1, sizeof(*form->defaults));
    if (form->overlay == NULL || form->questions == NULL || form->position_of == NULL ||
        form->defaults == NULL) {
        fc_form_free(form);
        return FC_ENOMEM;
    }
    compiler c = {form, problems, path_prefix, 0};
    int rc = see_defaults(form);
    if (rc == 0)
        rc = compile(&c);
    if (rc == 0 && c.bad)
        rc = FC_EVALIDATION;
    if (rc != 0) {
        fc_form_free(form);
        return rc;
    }
    for (size_t p = 0; p < form->count; p++) {
        const fc_form_question *fq = &form->questions[p];
        form->any_checks |=
            fq->pattern != NULL || fq->format != FC_FORMAT_NONE || fq->has_choices_from;
        form->any_conditions |= fq->visible_if != NULL;
    }
    *out = form;
    return 0;
}

const fc_survey *fc_form_survey(const fc_form *form)
{
    return form == NULL ? NULL : form->survey;
}

size_t fc_form_question_count(const fc_form *form)
{
    return form == NULL ? 0 : form->count;
}

const char *fc_form_variable(const fc_form *form, size_t position)
{
    if (form == NULL || position >= form->count)
        return NULL;
    return form->questions[position].question->variable;
}

int fc_form_needs_now(const fc_form *form)
{
    return form != NULL && form->needs_now;
}

static json_t *text_or_null(const char *text)
{
    return text == NULL ? json_null() : json_string(text);
}

static json_t *declaration(const fc_choices_from *cf)
{
    return json_pack("{sOsssosI}", "inventory", cf->inventory, "kind",
                     cf->groups ? "groups" : "hosts", "filter", text_or_null(cf->filter), "limit",
                     (json_int_t)cf->limit);
}

int fc_form_choices_from(json_t **out_declarations, const fc_form *form)
{
    if (out_declarations == NULL || form == NULL)
        return FC_EINVAL;
    *out_declarations = NULL;
    json_t *all = json_object();
    if (all == NULL)
        return FC_ENOMEM;
    for (size_t p = 0; p < form->count; p++) {
        const fc_form_question *fq = &form->questions[p];
        if (!fq->has_choices_from)
            continue;
        json_t *d = declaration(&fq->choices_from);
        if (d == NULL ||
            json_object_setn_new(all, fq->question->variable, fq->question->variable_len, d) != 0) {
            json_decref(all);
            return FC_ENOMEM;
        }
    }
    *out_declarations = all;
    return 0;
}

static json_t *bound_or_null(int has, long days)
{
    return has ? json_integer(days) : json_null();
}

static json_t *display_one(const fc_form_question *fq)
{
    const fc_question *q = fq->question;
    return json_pack(
        "{s:s%,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "variable", q->variable, q->variable_len,
        "visible_if", text_or_null(fq->visible_if_text), "pattern", text_or_null(fq->pattern_text),
        "pattern_message", text_or_null(fq->pattern_message), "format",
        fq->format == FC_FORMAT_NONE ? json_null() : json_string(fc_format_name(fq->format)),
        "min_days", bound_or_null(fq->has_min_days, fq->min_days), "max_days",
        bound_or_null(fq->has_max_days, fq->max_days), "help", text_or_null(fq->help),
        "placeholder", text_or_null(fq->placeholder), "section", text_or_null(fq->section),
        "choices_from", fq->has_choices_from ? declaration(&fq->choices_from) : json_null());
}

int fc_form_display(json_t **out_questions, const fc_form *form)
{
    if (out_questions == NULL || form == NULL)
        return FC_EINVAL;
    *out_questions = NULL;
    json_t *all = json_array();
    if (all == NULL)
        return FC_ENOMEM;
    for (size_t p = 0; p < form->count; p++) {
        if (json_array_append_new(all, display_one(&form->questions[p])) != 0) {
            json_decref(all);
            return FC_ENOMEM;
        }
    }
    *out_questions = all;
    return 0;
}
