/* Python objects <-> jansson values, directly (no JSON text in between).
 *
 *   dict (str keys) <-> object     list, tuple -> array -> list
 *   str <-> string                 int (64-bit) <-> integer
 *   int beyond 64 bits <-> fc_bigint.h value (decimal text, compared exactly by the core)
 *   float (finite) <-> real        True/False <-> true/false, None <-> null
 *
 * Anything else, an int with more digits than
 * sys.get_int_max_str_digits(), NaN/inf, a non-str key, nesting
 * deeper than 8 * FC_LIMIT_MAX_DEPTH (which is also how a cycle ends) raises
 * ConversionError naming the place: "extra_vars['a'][3]: integer out of range". */
#ifndef FCPY_CONVERT_H
#define FCPY_CONVERT_H

#include <jansson.h>

#include "state.h"

/* New reference, or NULL with ConversionError/MemoryError set. root names the
 * value in messages (usually the Python parameter, e.g. "extra_vars"). */
json_t *fcpy_to_json(fcpy_state *state, PyObject *value, const char *root);

/* New reference, or NULL with an exception set. */
PyObject *fcpy_from_json(const json_t *value);

/* Like fcpy_from_json, but an array becomes a tuple (for constant-like results). */
PyObject *fcpy_tuple_from_json_array(const json_t *array);

#endif
