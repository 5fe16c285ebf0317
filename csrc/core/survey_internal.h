/* The compiled survey and the helpers its source files share.
 * Rules cited as awx-facts.md sections; decisions of our own are written in
 * tests/fixtures/README.md ("Decisions"). */
#ifndef FC_SURVEY_INTERNAL_H
#define FC_SURVEY_INTERNAL_H

#include <stddef.h>

#include <jansson.h>

#include "errors_internal.h"
#include "json_util.h"
#include "forge_catalog/fc_limits.h"
#include "forge_catalog/fc_survey.h"

typedef enum fc_qtype {
    FC_Q_TEXT,
    FC_Q_TEXTAREA,
    FC_Q_PASSWORD,
    FC_Q_INTEGER,
    FC_Q_FLOAT,
    FC_Q_MULTIPLECHOICE,
    FC_Q_MULTISELECT
} fc_qtype;

/* One choice: a string (bytes + length, may hold NUL) or a number. Strings
 * and numbers never match each other ("1" is not 1, awx-facts.md). */
typedef struct fc_choice {
    int is_number;
    const char *text;
    size_t len;
    double number;
} fc_choice;

typedef struct fc_question {
    size_t index; /* position in spec */
    fc_qtype type;
    const char *variable; /* borrowed from the survey's spec copy */
    size_t variable_len;
    int required;
    int has_min, has_max;
    json_int_t min, max;         /* length bounds for text types, value bounds for numbers */
    double min_real, max_real;   /* the same bounds for float questions (may be real) */
    const json_t *default_value; /* NULL: no default; borrowed, or owned_default */
    json_t *owned_default;       /* multiselect newline default normalised to a list */
    fc_choice *choices;          /* sorted for bsearch; duplicates removed */
    size_t choice_count;
    char *choice_text; /* storage for split newline choices */
} fc_question;

struct fc_survey {
    int enabled;
    int ask_variables;
    json_t *spec;           /* private deep copy the questions borrow from; NULL if none */
    fc_question *questions; /* spec order */
    size_t count;
    const fc_question **by_variable; /* sorted by variable for bsearch */
};

/* survey_util.c */
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
/* Reads q's choices from a newline string or a list, reporting problems at
 * path ("spec[i].choices"). *bad is set when the choices are unusable. */
int fc_choices_read(fc_question *q, fc_errors *errors, const json_t *choices, const char *path,
                    int *bad);
/* 1 if value is one of q's choices (exact: type and content); *slot (if
 * not NULL) gets its position in q->choices. */
int fc_choices_find(const fc_question *q, const json_t *value, size_t *slot);
/* A new list of the lines of text as AWX splits choices, or NULL (ENOMEM). */
json_t *fc_choices_split_lines(const char *text, size_t len);

/* Where a checked value sits, for error paths and messages. */
typedef struct fc_where {
    const char *prefix; /* answers: the caller's prefix; a default: "spec[i]" */
    int is_default;     /* path "<prefix>.default", subject "the default of 'x'" */
} fc_where;
void fc_where_fill(const fc_where *where, const fc_question *q, char *path, size_t path_size,
                   char *subject, size_t subject_size);

/* survey_answers.c */
/* Checks one present value against q; *bad is set when it fails. Messages
 * name the value by where and never echo it. */
int fc_question_check(const fc_question *q, fc_errors *errors, const json_t *value,
                      const fc_where *where, int *bad);

/* survey_secrets.c */
/* The display copy of a survey_spec ({} for NULL): password defaults
 * become "$encrypted$". Built on demand so compile pays for one copy only. */
json_t *fc_survey_display_copy(const json_t *survey_spec);

#endif
