/* Return codes and the caller-owned list of field-level validation problems.
 *
 * Convention (libgit2 style): every function returns 0 on success or a
 * negative fc_err; outputs come first in the parameter list; a function that
 * can report validation problems takes a caller-owned fc_errors *, which may
 * be NULL when the caller only wants the verdict. */
#ifndef FORGE_CATALOG_FC_ERRORS_H
#define FORGE_CATALOG_FC_ERRORS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One list generates the enum and the name table (brotli style). */
#define FC_ERR_LIST(X)                                                                             \
    X(OK, 0, "ok")                                                                                 \
    X(EINVAL, -1, "invalid argument")                                                              \
    X(ENOMEM, -2, "out of memory")                                                                 \
    X(EVALIDATION, -3, "validation failed")                                                        \
    X(EILLEGAL, -4, "illegal transition")                                                          \
    X(ELIMIT, -5, "limit exceeded")

typedef enum fc_err {
#define FC_ERR_ENUM_(name, value, text) FC_##name = value,
    FC_ERR_LIST(FC_ERR_ENUM_)
#undef FC_ERR_ENUM_
} fc_err;

/* Static text for a return code; "unknown error" for anything else. */
const char *fc_err_text(int code);

/* Machine-readable problem codes carried by fc_errors entries. The API
 * returns them to clients, so they are part of the contract: append only. */
#define FC_CHECK_LIST(X)                                                                           \
    X(INVALID, "invalid")           /* malformed value of any kind */                              \
    X(REQUIRED, "required")         /* missing, or empty when required */                          \
    X(TYPE, "type")                 /* wrong JSON type */                                          \
    X(TOO_SHORT, "too_short")       /* string/list below min length */                             \
    X(TOO_LONG, "too_long")         /* string/list above max length */                             \
    X(TOO_SMALL, "too_small")       /* number below min */                                         \
    X(TOO_LARGE, "too_large")       /* number above max */                                         \
    X(NOT_A_CHOICE, "not_a_choice") /* value not among choices */                                  \
    X(DUPLICATE, "duplicate")       /* repeated variable, tag, choice */                           \
    X(UNKNOWN, "unknown")           /* variable/node not in survey */                              \
    X(RESERVED, "reserved")         /* "$encrypted$" misuse */                                     \
    X(FORMAT, "format")             /* pattern (icon, identifier) */                               \
    X(EXCLUSIVE, "exclusive")       /* exactly-one-of violated */                                  \
    X(OTHER_ORGANIZATION, "other_organization")                                                    \
    X(LIMIT, "limit")         /* a documented size limit hit */                                    \
    X(STATE, "state")         /* illegal for the current state */                                  \
    X(FORBIDDEN, "forbidden") /* authority */                                                      \
    X(HIDDEN, "hidden")       /* answer for a question its condition hides */

/* An X-macro expansion is not a statement: keep the enum as written. */
/* clang-format off */
typedef enum fc_check {
#define FC_CHECK_ENUM_(name, text) FC_CHECK_##name,
    FC_CHECK_LIST(FC_CHECK_ENUM_)
#undef FC_CHECK_ENUM_
    FC_CHECK__COUNT
} fc_check;
/* clang-format on */

const char *fc_check_name(fc_check check);

/* Caller-owned list of {path, code, message}. Paths look like
 * "extra_vars.hostname", "node_survey_data.deploy.version", "spec[3].default". */
typedef struct fc_errors fc_errors;

int fc_errors_new(fc_errors **out);
void fc_errors_free(fc_errors *errors);
void fc_errors_clear(fc_errors *errors);
size_t fc_errors_count(const fc_errors *errors);
/* Accessors return NULL when index >= count. Strings live until the list is
 * cleared or freed. */
const char *fc_errors_path(const fc_errors *errors, size_t index);
const char *fc_errors_code(const fc_errors *errors, size_t index);
const char *fc_errors_message(const fc_errors *errors, size_t index);
/* 1 if the list overflowed FC_LIMIT_MAX_ERRORS and later problems were dropped. */
int fc_errors_truncated(const fc_errors *errors);

#ifdef __cplusplus
}
#endif
#endif
