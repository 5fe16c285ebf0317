/* Properties of a compiled survey that must hold for any answers: the
 * harnesses fuzz_answers and fuzz_launch call these after each core call.
 * Each one is a rule of awx-facts.md or of fc_survey.h, cited beside it. */
#ifndef FC_FUZZ_SURVEY_CHECKS_H
#define FC_FUZZ_SURVEY_CHECKS_H

#include "fuzz_common.h"

/* Not in any input we are given (checked), so finding it in a message means
 * the core echoed a password answer (awx-facts.md "Answer validation": error
 * messages never contain a password value). */
#define FUZZ_CANARY "c4n4ry-Pa55w0rd-7f3e"

int fuzz_starts_with(const char *text, const char *prefix);

void fuzz_check_paths(const fc_errors *errors, const char *prefix);

/* fc_survey.h: password defaults are shown as "$encrypted$" (or not at all). */
void fuzz_check_display_spec(const json_t *spec);

json_t *fuzz_secret_names(const fc_survey *survey);

/* Redaction replaces every secret present and leaves every other key alone. */
void fuzz_check_redact(const fc_survey *survey, const json_t *values, const json_t *secrets);

/* Answer every secret with the canary and make sure no message shows it. */
void fuzz_check_no_secret_echo(const fc_survey *survey, const json_t *answers,
                               const json_t *secrets, const uint8_t *data, size_t size);

/* One answer set through every survey call, with the cross-call properties:
 * - validation is deterministic and does not depend on errors being NULL;
 * - accepted answers validate again to themselves (the app re-validates
 *   stored answers at approval, DESIGN.md "Request lifecycle");
 * - extra_vars validates like validate and its survey keys hold the accepted
 *   values (precedence template < defaults < answers, awx-facts.md). */
void fuzz_exercise_survey(const fc_survey *survey, const json_t *answers,
                          const json_t *template_vars, const uint8_t *data, size_t size);

#endif
