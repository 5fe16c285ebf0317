/* libFuzzer: PCRE2 patterns (form_pattern.c) and text formats
 * (form_format.c) through fc_form_compile and fc_form_validate. Input:
 * flags byte (low nibble: format, 0 none, 1-8 date..url; bit 4: date bounds;
 * bit 5: no pattern), the pattern's bytes, NUL, the answer's bytes. Checks:
 * known codes; a compiled pattern always decides within its limits (libFuzzer's
 * -timeout catches a match that does not); well-formed errors of the
 * pattern/format codes only; the same verdict twice; the pattern's verdict
 * on the answer is the same with match data of its own and with match data
 * shared with other matches (fc_pattern_scratch, as one form check shares
 * it), whose frames another pattern grew. */
#include "form_internal.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const formats[] = {NULL,   "date", "datetime", "email", "hostname",
                                      "ipv4", "ipv6", "cidr",     "url"};

static fc_survey *the_survey(void)
{
    static fc_survey *survey; /* built once; the harness process owns it */
    if (survey == NULL) {
        json_t *spec = json_loads("{\"name\": \"\", \"description\": \"\", \"spec\": [{"
                                  "\"question_name\": \"V\", \"variable\": \"value\","
                                  " \"type\": \"text\", \"required\": false}]}",
                                  0, NULL);
        FUZZ_CHECK(spec != NULL);
        FUZZ_CHECK(fc_survey_compile(&survey, NULL, spec, 1, 0) == 0);
        json_decref(spec);
    }
    return survey;
}

/* A match that grows the backtracking frames, run first on the shared
 * match data. */
static void grow_frames(fc_pattern_scratch *scratch)
{
    static fc_pattern *pattern; /* compiled once; the harness process owns it */
    static char subject[401];
    char message[256];
    if (pattern == NULL) {
        FUZZ_CHECK(fc_pattern_compile(&pattern, message, sizeof(message), "(?:a|b)*c", 9) == 0);
        for (size_t i = 0; i < 400; i++)
            subject[i] = i % 2 ? 'b' : 'a';
        subject[400] = 'c';
    }
    FUZZ_CHECK(fc_pattern_match(pattern, scratch, subject, sizeof(subject)) == 1);
}

static void same_verdict_shared(const char *text, size_t len, const char *subject,
                                size_t subject_len)
{
    fc_pattern *pattern = NULL;
    fc_pattern_scratch scratch = FC_PATTERN_SCRATCH_INIT;
    char message[256];
    if (fc_pattern_compile(&pattern, message, sizeof(message), text, len) != 0)
        return;
    int alone = fc_pattern_match(pattern, NULL, subject, subject_len);
    grow_frames(&scratch);
    FUZZ_CHECK(fc_pattern_match(pattern, &scratch, subject, subject_len) == alone);
    FUZZ_CHECK(fc_pattern_match(pattern, &scratch, subject, subject_len) == alone);
    fc_pattern_scratch_release(&scratch);
    fc_pattern_free(pattern);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned flags = data[0];
    const uint8_t *nul = memchr(data + 1, 0, size - 1);
    size_t pattern_len = nul != NULL ? (size_t)(nul - (data + 1)) : size - 1;
    const char *subject = nul != NULL ? (const char *)nul + 1 : "";
    size_t subject_len = nul != NULL ? size - (size_t)(nul + 1 - data) : 0;
    json_t *entry = json_object(), *answer = json_stringn(subject, subject_len);
    json_t *overlay = NULL, *answers = NULL;
    fc_errors *problems = NULL, *errors = NULL;
    fc_form *form = NULL;

    if (entry == NULL || answer == NULL)
        goto done;
    if (!(flags & 0x20)) {
        json_t *pattern = json_stringn((const char *)data + 1, pattern_len);
        if (pattern == NULL)
            goto done; /* not UTF-8: no JSON string holds it */
        json_object_set_new(entry, "pattern", pattern);
        same_verdict_shared((const char *)data + 1, pattern_len, subject, subject_len);
    }
    const char *format = formats[(flags & 0x0f) % 9];
    if (format != NULL)
        json_object_set_new(entry, "format", json_string(format));
    if (flags & 0x10) {
        json_object_set_new(entry, "min_days", json_integer(-3));
        json_object_set_new(entry, "max_days", json_integer(30));
    }
    overlay = json_pack("{sO}", "value", entry);
    answers = json_pack("{sO}", "value", answer);
    FUZZ_CHECK(overlay != NULL && answers != NULL);
    FUZZ_CHECK(fc_errors_new(&problems) == 0 && fc_errors_new(&errors) == 0);
    int rc = fc_form_compile(&form, problems, the_survey(), overlay, "overlay");
    FUZZ_CHECK(rc == 0 || rc == FC_EVALIDATION);
    fuzz_check_errors(problems, rc);
    if (rc != 0)
        goto done;
    const int64_t now = 1796083200;
    json_t *visible = NULL, *accepted = NULL, *visible2 = NULL, *accepted2 = NULL;
    rc = fc_form_validate(&visible, &accepted, errors, form, answers, NULL, &now, "extra_vars");
    FUZZ_CHECK(rc == 0 || rc == FC_EVALIDATION);
    fuzz_check_errors(errors, rc);
    for (size_t i = 0; i < fc_errors_count(errors); i++) {
        const char *code = fc_errors_code(errors, i);
        FUZZ_CHECK(strcmp(code, "format") == 0 || strcmp(code, "limit") == 0 ||
                   strcmp(code, "too_small") == 0 || strcmp(code, "too_large") == 0 ||
                   strcmp(code, "invalid") == 0);
    }
    int rc2 = fc_form_validate(&visible2, &accepted2, NULL, form, answers, NULL, &now, "x");
    FUZZ_CHECK(rc2 == rc);
    json_decref(visible);
    json_decref(accepted);
    json_decref(visible2);
    json_decref(accepted2);
done:
    fc_form_free(form);
    fc_errors_free(problems);
    fc_errors_free(errors);
    json_decref(overlay);
    json_decref(answers);
    json_decref(entry);
    json_decref(answer);
    return 0;
}
