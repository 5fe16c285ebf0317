/* The pieces of a compiled form (fc_form.h): conditions (form_expr.c),
 * PCRE2 patterns (form_pattern.c), text formats (form_format.c), the
 * overlay (form_overlay.c) and validation (form_validate.c). Rules are
 * written in docs/forms.md. */
#ifndef FC_FORM_INTERNAL_H
#define FC_FORM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "survey_internal.h"
#include "forge_catalog/fc_form.h"

/* ---- form_expr.c: the visible_if language ---- */
typedef struct fc_expr fc_expr;

/* What a condition may see: the questions placed before the owner. */
typedef struct fc_expr_scope {
    const fc_survey *survey;
    const size_t *position_of; /* spec index -> form position */
    size_t owner_position;     /* form position of the question the condition belongs to */
} fc_expr_scope;

/* Parse and type-check text once. The first problem goes to problems at
 * path ("at character N: ..."), giving FC_EVALIDATION with *out NULL. */
int fc_expr_compile(fc_expr **out, fc_errors *problems, const char *text, size_t len,
                    const fc_expr_scope *scope, const char *path);
/* 1 or 0. values[i] is the effective answer of spec question i, NULL when
 * absent or hidden. Allocates nothing; stack depth bounded by
 * FC_LIMIT_MAX_EXPR_DEPTH. */
int fc_expr_eval(const fc_expr *expr, const fc_view *const *values);
void fc_expr_free(fc_expr *expr);

/* ---- form_pattern.c: PCRE2, UTF-8, whole-answer match, bounded ---- */
typedef struct fc_pattern fc_pattern;

/* FC_EVALIDATION with PCRE2's reason (and offset) in message when the
 * pattern does not compile; FC_ENOMEM. */
int fc_pattern_compile(fc_pattern **out, char *message, size_t message_size, const char *text,
                       size_t len);
/* PCRE2 match data that the matches of one caller share (one
 * fc_form_check call): made by the first match that can use it, kept with
 * its backtracking frames, freed by fc_pattern_scratch_release. Creating
 * it and its frames for each match cost more than most matches. One
 * thread at a time; start from FC_PATTERN_SCRATCH_INIT. */
typedef struct fc_pattern_scratch {
    void *match_data; /* pcre2_match_data *, or NULL */
} fc_pattern_scratch;
#define FC_PATTERN_SCRATCH_INIT                                                                    \
    {                                                                                              \
        NULL                                                                                       \
    }
void fc_pattern_scratch_release(fc_pattern_scratch *scratch);

/* 1 match, 0 no match, FC_ELIMIT when a match limit stopped it, FC_ENOMEM.
 * scratch may be NULL (match data for this match alone); the verdict is
 * the same either way. */
int fc_pattern_match(const fc_pattern *pattern, fc_pattern_scratch *scratch, const char *subject,
                     size_t len);
void fc_pattern_free(fc_pattern *pattern);

/* ---- form_format.c: text formats ---- */
#define FC_FORMAT_LIST(X)                                                                          \
    X(DATE, "date")                                                                                \
    X(DATETIME, "datetime")                                                                        \
    X(EMAIL, "email")                                                                              \
    X(HOSTNAME, "hostname")                                                                        \
    X(IPV4, "ipv4")                                                                                \
    X(IPV6, "ipv6")                                                                                \
    X(CIDR, "cidr")                                                                                \
    X(URL, "url")

/* clang-format off */
typedef enum fc_format {
    FC_FORMAT_NONE = 0,
#define FC_FORMAT_ENUM_(name, text) FC_FORMAT_##name,
    FC_FORMAT_LIST(FC_FORMAT_ENUM_)
#undef FC_FORMAT_ENUM_
    FC_FORMAT__COUNT
} fc_format;
/* clang-format on */

/* FC_FORMAT_NONE when name is not a format. */
fc_format fc_format_lookup(const char *name, size_t len);
const char *fc_format_name(fc_format format);
/* A sentence for messages: "a date (YYYY-MM-DD)". */
const char *fc_format_describe(fc_format format);
/* 1 if text is in format. For DATE *out_when gets days since 1970-01-01,
 * for DATETIME seconds since the epoch (UTC); untouched otherwise. */
int fc_format_check(fc_format format, const char *text, size_t len, int64_t *out_when);

/* ---- the compiled form ---- */
typedef struct fc_choices_from {
    json_t *inventory; /* string or integer, owned */
    int groups;        /* 0 hosts, 1 groups */
    char *filter;      /* NULL: none */
    long limit;
} fc_choices_from;

typedef struct fc_form_question {
    const fc_question *question; /* borrowed from the survey */
    long order;
    fc_expr *visible_if; /* NULL: always visible */
    fc_pattern *pattern;
    const char *pattern_text; /* borrowed from overlay copy */
    const char *pattern_message;
    fc_format format;
    int has_min_days, has_max_days;
    long min_days, max_days;
    const char *help, *placeholder, *section, *visible_if_text;
    int has_choices_from;
    fc_choices_from choices_from;
} fc_form_question;

struct fc_form {
    const fc_survey *survey;
    json_t *overlay;             /* private copy the strings borrow from */
    fc_form_question *questions; /* form order */
    size_t count;
    size_t *position_of;    /* spec index -> form position */
    fc_json_view *defaults; /* spec index -> its usable default as a view (else FC_VIEW_NULL) */
    int needs_now;
    int any_checks;     /* some question has a pattern, a format or choices_from */
    int any_conditions; /* some question has visible_if */
};

#endif
