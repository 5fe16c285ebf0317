/* The compiled survey and the helpers its source files share.
 * Rules cited as awx-facts.md sections; decisions of our own are written in
 * tests/fixtures/README.md ("Decisions"). */
#ifndef FC_SURVEY_INTERNAL_H
#define FC_SURVEY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "errors_internal.h"
#include "json_util.h"
#include "forge_catalog/fc_bigint.h"
#include "forge_catalog/fc_limits.h"
#include "forge_catalog/fc_survey.h"
#include "forge_catalog/fc_view.h"

typedef enum fc_qtype {
    FC_Q_TEXT,
    FC_Q_TEXTAREA,
    FC_Q_PASSWORD,
    FC_Q_INTEGER,
    FC_Q_FLOAT,
    FC_Q_MULTIPLECHOICE,
    FC_Q_MULTISELECT
} fc_qtype;

/* A JSON number as the survey checks see it (survey_number.c): compared
 * exactly across kinds, as Python compares int and float. */
typedef enum fc_num_kind { FC_NUM_INT, FC_NUM_BIG, FC_NUM_REAL } fc_num_kind;
typedef struct fc_num {
    fc_num_kind kind;
    json_int_t integer; /* FC_NUM_INT */
    double real;        /* FC_NUM_REAL */
    const char *text;   /* FC_NUM_BIG: canonical decimal, borrowed from the value */
    const char *digits; /* FC_NUM_BIG: the magnitude within text */
    size_t len;         /* bytes of digits */
    int negative;
} fc_num;

/* One choice: a string (bytes + length) or a number. Strings and numbers
 * never match each other ("1" is not 1, awx-facts.md); numbers match by
 * value (1 is 1.0, as in Python). */
typedef struct fc_choice {
    int is_number;
    const char *text;
    size_t len;
    fc_num number;
    uint64_t prefix; /* strings: fc_bytes_prefix(text, len) */
} fc_choice;

/* What an omitted answer gets. */
typedef enum fc_default_state {
    FC_DEFAULT_NONE,   /* no default: the answer is simply absent */
    FC_DEFAULT_OK,     /* default_value is used */
    FC_DEFAULT_INVALID /* the spec's default is not a valid answer (a survey problem) */
} fc_default_state;

typedef struct fc_question {
    size_t index; /* position in spec */
    fc_qtype type;
    const char *variable; /* borrowed from the survey's spec copy */
    size_t variable_len;
    int required;
    int has_min, has_max;
    fc_num min, max; /* lengths for text types, values for numbers; reals for float questions */
    size_t fit_min, fit_max; /* texts of fit_min..fit_max bytes meet min and max uncounted */
    fc_default_state default_state;
    const json_t *default_value; /* FC_DEFAULT_OK only; borrowed, or owned_default */
    json_t *owned_default;       /* multiselect newline default normalised to a list */
    fc_choice *choices;          /* sorted for bsearch (numbers first); duplicates removed */
    size_t choice_count;
    size_t number_count; /* choices[0..number_count) are the numbers */
    char *choice_text;   /* storage for split newline choices */
} fc_question;

struct fc_survey {
    int enabled;
    int ask_variables;
    json_t *spec;           /* private deep copy the questions borrow from; NULL if none */
    fc_question *questions; /* spec order */
    size_t count;
    const fc_question **by_variable; /* sorted by variable for bsearch */
    fc_errors *problems; /* what of an accepted spec can never work (fc_survey_problems) */
};

/* survey_number.c */
/* 1 if value is a JSON number (integer, big integer, real; never a boolean). */
int fc_num_read(fc_num *out, const json_t *value);
fc_num fc_num_of_int(json_int_t value);
fc_num fc_num_of_real(double value);
/* -1, 0, 1 as a < b, a == b, a > b, exactly (any kinds). */
int fc_num_compare_exact(const fc_num *a, const fc_num *b);
/* The same, with the answer path's usual pairs (int64 with int64, double
 * with double) compared inline. */
static inline int fc_num_compare(const fc_num *a, const fc_num *b)
{
    if (a->kind == FC_NUM_INT && b->kind == FC_NUM_INT)
        return (a->integer > b->integer) - (a->integer < b->integer);
    if (a->kind == FC_NUM_REAL && b->kind == FC_NUM_REAL)
        return (a->real > b->real) - (a->real < b->real);
    return fc_num_compare_exact(a, b);
}
/* Python's float(n): round to nearest; +-inf beyond the double range. */
double fc_num_to_double(const fc_num *n);
/* For messages; long big integers are shortened. */
void fc_num_format(char *buf, size_t size, const fc_num *n);
#define FC_NUM_TEXT_MAX 64

/* survey_util.c */
/* 1 if the value's compact JSON text would exceed limit bytes (counted from
 * below: string bytes, quotes, separators, one byte per scalar). */
int fc_json_larger_than(const json_t *value, size_t limit);
/* Bytes of name to show in a message: at most max, cut at a UTF-8 boundary. */
int fc_name_shown(const char *name, size_t len, size_t max);
/* 1 if value nests deeper than limit levels (a scalar is depth 0). */
int fc_json_too_deep(const json_t *value, int limit);
/* 1 if a string or an object key in value contains NUL (PostgreSQL cannot
 * store one); looks at most limit levels deep, so check depth first. */
int fc_json_has_nul(const json_t *value, int limit);
/* "<prefix>.<name>" (or "<name>" without a prefix) into buf, truncated. */
void fc_path_join(char *buf, size_t size, const char *prefix, const char *name, size_t name_len);
/* Lookup by variable name; NULL when not a survey variable. */
const fc_question *fc_survey_find(const fc_survey *survey, const char *name, size_t len);

/* survey_choices.c */
/* Reads q's choices from a newline string, a list or an object (its keys,
 * as Python's `in` reads a dict). What cannot be a choice goes to problems
 * at path ("spec[i].choices", "spec[i].choices[2]") and is left out; a
 * NUL (which no controller can store) goes to errors and sets *bad. */
int fc_choices_read(fc_question *q, fc_errors *errors, fc_errors *problems, const json_t *choices,
                    const char *path, int *bad);
/* 1 if value is one of q's choices (exact: type and content); *slot (if
 * not NULL) gets its position in q->choices. -1 for a malformed BIGINT. */
int fc_choices_find(const fc_question *q, const fc_view *value, size_t *slot);
/* A new list of the lines of text as AWX splits choices, or NULL (ENOMEM). */
json_t *fc_choices_split_lines(const char *text, size_t len);

/* Bytes of a variable name shown in a message (the whole name is in the path). */
#define FC_NAME_SHOWN_MAX 200

/* Where a checked value sits, for error paths and messages. */
typedef struct fc_where {
    const char *prefix; /* answers: the caller's prefix; a default: "spec[i]" */
    int is_default;     /* path "<prefix>.default", subject "the default of 'x'" */
} fc_where;
void fc_where_fill(const fc_where *where, const fc_question *q, char *path, size_t path_size,
                   char *subject, size_t subject_size);

/* survey_answers.c */
/* Checks one present value against q; *bad is set when it fails. Messages
 * name the value by where and never echo it. FC_EINVAL for a malformed
 * FC_VIEW_BIGINT. */
int fc_question_check(const fc_question *q, fc_errors *errors, const fc_view *value,
                      const fc_where *where, int *bad);
/* Sets q's fit_min and fit_max from its min and max (before any check). */
void fc_question_fit_lengths(fc_question *q);

/* fc_survey_validate with questions left out (a form's hidden ones,
 * form_validate.c): skip[i] set for spec question i leaves it out of the
 * loop (no answer read, no default, not required); its answer, if any, is
 * neither validated nor passed on. skip NULL: fc_survey_validate. */
int fc_survey_validate_skipping(json_t **out_accepted, fc_errors *errors, const fc_survey *survey,
                                const json_t *answers, const char *path_prefix,
                                const unsigned char *skip);
/* The same for views (survey_check.c): fc_survey_check with skip, and
 * matched (NULL, or the slots fc_survey_match gave for these answers, with
 * its matched_count; unread when matched is NULL). */
struct fc_accepted;
int fc_survey_check_skipping(struct fc_accepted *out, size_t *out_count, size_t out_capacity,
                             fc_errors *errors, const fc_survey *survey,
                             const fc_view *template_vars, const fc_view *answers,
                             const char *path_prefix, const unsigned char *skip,
                             const size_t *matched, size_t matched_count);
/* Matches answer members to questions (survey_check.c): slot[i] gets the
 * member index answering spec question i, or FC_UNANSWERED; *matched_count
 * how many members are survey variables. FC_EINVAL for a survey variable
 * given twice. */
#define FC_UNANSWERED SIZE_MAX
int fc_survey_match(const fc_survey *survey, const fc_view_member *members, size_t count,
                    size_t *slot, size_t *matched_count);
/* survey_view.c */
/* A view as a survey number: 1 for a number (never a boolean), 0 for
 * anything else, -1 for FC_VIEW_BIGINT text that is not a decimal integer.
 * A BIGINT that fits 64 bits reads as FC_NUM_INT, so each value has one
 * form; a BIG's digits point into the view (no leading zeros) and its text
 * is NULL (fc_num_to_double needs jansson's NUL-terminated form). */
int fc_num_read_view(fc_num *out, const fc_view *value);
/* The same, with an int64 and a double read inline (the usual answers). */
static inline int fc_num_read_view_fast(fc_num *out, const fc_view *value)
{
    if (value->kind == FC_VIEW_INT) {
        *out = (fc_num){.kind = FC_NUM_INT, .integer = (json_int_t)value->as.integer};
        return 1;
    }
    if (value->kind == FC_VIEW_REAL) {
        *out = (fc_num){.kind = FC_NUM_REAL, .real = value->as.real};
        return 1;
    }
    return fc_num_read_view(out, value);
}
/* fc_json_too_deep / fc_json_has_nul for views. */
int fc_view_too_deep(const fc_view *value, int limit);
int fc_view_has_nul(const fc_view *value, int limit);
/* "string", "integer", ...: as fc_json_type_name. */
const char *fc_view_type_name(const fc_view *value);

/* A jansson value seen as a view (the jansson entry points and defaults
 * share the view checks). Containers are read FC_LIMIT_MAX_DEPTH + 1 levels
 * deep; deeper ones are empty in the view, which only fc_view_too_deep
 * looks at and reports anyway. json[i] is the jansson value of the root
 * object's member i (NULL unless the root is an object). */
typedef struct fc_json_view {
    fc_view root;
    const json_t **json;
    fc_view *views;
    fc_view_member *members;
} fc_json_view;
int fc_json_view_init(fc_json_view *out, const json_t *value);
void fc_json_view_release(fc_json_view *view);
/* result[key] = a copy of each accepted value, in order
 * (survey_answers_json.c): answers is what the entries' FC_ACCEPT_ANSWER
 * indexes name (FC_ACCEPT_TEMPLATE entries are the caller's). */
int fc_accepted_apply(json_t *result, const fc_survey *survey, const fc_json_view *answers,
                      const struct fc_accepted *entries, size_t count);

/* survey_secrets.c */
/* The display copy of a survey_spec ({} for NULL): password defaults
 * become "$encrypted$". Built on demand so compile pays for one copy only. */
json_t *fc_survey_display_copy(const json_t *survey_spec);

#endif
