/* The heap type Survey: one compiled, immutable fc_survey. */
#ifndef FCPY_SURVEY_TYPE_H
#define FCPY_SURVEY_TYPE_H

#include "forge_catalog/fc_survey.h"
#include "state.h"

/* Its spec; module.c creates the type with PyType_FromModuleAndSpec. */
extern PyType_Spec fcpy_survey_spec;

/* The compiled survey of obj if it is a Survey of this module's state,
 * else NULL with TypeError naming what (e.g. "nodes[2][2]"). */
const fc_survey *fcpy_survey_of(fcpy_state *state, PyObject *obj, const char *what);

/* Releasing the GIL costs a switch when other threads run; only worth it
 * from this many questions (or answers) on. */
#define FCPY_NOGIL_MIN_ITEMS 32
/* The answer path costs about 40 ns per answer, and dropping the GIL makes
 * the views hold a reference to every string they point into: worth it
 * only for big answer sets. */
#define FCPY_NOGIL_MIN_ANSWERS 256

#endif
