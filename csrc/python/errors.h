/* Core return codes -> Python exceptions. */
#ifndef FCPY_ERRORS_H
#define FCPY_ERRORS_H

#include "forge_catalog/fc_errors.h"
#include "state.h"

/* Set the exception for a failed core call and return NULL:
 *   FC_EVALIDATION, FC_ELIMIT -> ValidationError(.errors, .truncated)
 *   FC_EILLEGAL              -> TransitionError(.errors, .truncated)
 *   FC_ENOMEM                -> MemoryError
 *   FC_EINVAL, other         -> ValueError (first problem in the message)
 * errors may be NULL. what names the call, e.g. "Survey.validate". */
PyObject *fcpy_raise(fcpy_state *state, int rc, const fc_errors *errors, const char *what);

/* [{"path", "code", "message"}, ...] in report order: a new list, or NULL
 * with an exception set. */
PyObject *fcpy_error_list(fcpy_state *state, const fc_errors *errors);

/* A new fc_errors list, or NULL with MemoryError set. */
fc_errors *fcpy_errors_new(void);

#endif
