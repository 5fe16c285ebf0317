/* The heap type Survey: one compiled, immutable fc_survey. */
#ifndef FCPY_SURVEY_TYPE_H
#define FCPY_SURVEY_TYPE_H

#include "forge_catalog/fc_answers.h"
#include "forge_catalog/fc_survey.h"
#include "state.h"
#include "views.h"

/* Its spec; module.c creates the type with PyType_FromModuleAndSpec. */
extern PyType_Spec fcpy_survey_spec;

/* The compiled survey of obj if it is a Survey of this module's state,
 * else NULL with TypeError naming what (e.g. "nodes[2][2]"). */
const fc_survey *fcpy_survey_of(fcpy_state *state, PyObject *obj, const char *what);

/* The dict the core's accepted entries (fc_answers.h) describe, built from
 * the caller's own objects (template_vars, answers: the views the entries
 * index, or NULL) and survey's defaults. survey must be a Survey. */
PyObject *fcpy_survey_result(fcpy_state *state, PyObject *survey, const fc_accepted *entries,
                             size_t count, const fcpy_views *template_vars,
                             const fcpy_views *answers);
/* The variable of spec question index as an interned str, borrowed from
 * survey (a Survey); NULL with an exception set. */
PyObject *fcpy_survey_variable(PyObject *survey, size_t index);

/* Releasing the GIL costs a switch when other threads run; only worth it
 * from this many questions (or answers) on. */
#define FCPY_NOGIL_MIN_ITEMS 32
/* The answer path costs about 40 ns per answer, and dropping the GIL makes
 * the views hold a reference to every string they point into: worth it
 * only for big answer sets. */
#define FCPY_NOGIL_MIN_ANSWERS 256
/* Accepted entries kept on the caller's stack (16 bytes each): a form of
 * 100 questions with 100 answers (3 entries a question at most) needs no
 * malloc, which costs more than checking a few answers. */
#define FCPY_STACK_ENTRIES 512

#endif
