/* Adding to an fc_errors list: for core modules only. */
#ifndef FC_ERRORS_INTERNAL_H
#define FC_ERRORS_INTERNAL_H

#include "forge_catalog/fc_errors.h"

#if defined(__GNUC__) || defined(__clang__)
#define FC_PRINTF(fmt_index, first_arg) __attribute__((format(printf, fmt_index, first_arg)))
#else
#define FC_PRINTF(fmt_index, first_arg)
#endif

/* Append {path, code, message}. errors may be NULL (caller wants only the
 * verdict): returns 0 then. Past FC_LIMIT_MAX_ERRORS entries the problem is
 * dropped and the list marked truncated (still 0). FC_ENOMEM on allocation
 * failure. Messages must never contain a secret value. */
int fc_errors_add(fc_errors *errors, const char *path, fc_check check, const char *format, ...)
    FC_PRINTF(4, 5);

/* Propagate a non-zero code at once (an allocation failure while reporting). */
#define TRY(expr)                                                                                  \
    do {                                                                                           \
        int try_rc_ = (expr);                                                                      \
        if (try_rc_ != 0)                                                                          \
            return try_rc_;                                                                        \
    } while (0)

#endif
