/* Patterns: PCRE2 in UTF-8 mode, compiled once, matched against the whole
 * answer (as HTML's pattern attribute), with match, depth and heap limits
 * so that no pattern and no answer can take unbounded time or memory
 * (docs/forms.md "Patterns", fc_limits.h).
 *
 * Every allocation PCRE2 makes goes through malloc/free of this file, so
 * the allocation-failure sweep reaches it too. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form_internal.h"

struct fc_pattern {
    pcre2_general_context *general;
    pcre2_code *code;
    pcre2_match_context *match; /* the limits; read-only after compile */
    /* The pattern sets its own (*LIMIT_HEAP=n): frames kept from another
     * pattern's match could exceed it, so it never uses a shared scratch.
     * All others share one heap limit, which no kept frames exceed. */
    int own_heap_limit;
};

static void *pattern_malloc(PCRE2_SIZE size, void *unused)
{
    (void)unused;
    return malloc(size);
}

static void pattern_free(void *block, void *unused)
{
    (void)unused;
    free(block);
}

void fc_pattern_free(fc_pattern *pattern)
{
    if (pattern == NULL)
        return;
    pcre2_match_context_free(pattern->match);
    pcre2_code_free(pattern->code);
    pcre2_general_context_free(pattern->general);
    free(pattern);
}

int fc_pattern_compile(fc_pattern **out, char *message, size_t message_size, const char *text,
                       size_t len)
{
    pcre2_compile_context *compile = NULL;
    int rc = FC_ENOMEM, code;
    PCRE2_SIZE offset;

    if (out == NULL || text == NULL || message == NULL || message_size == 0)
        return FC_EINVAL;
    *out = NULL;
    message[0] = '\0';
    if (len > FC_LIMIT_MAX_PATTERN_LEN) {
        snprintf(message, message_size, "a pattern has at most %d bytes", FC_LIMIT_MAX_PATTERN_LEN);
        return FC_EVALIDATION;
    }
    fc_pattern *pattern = calloc(1, sizeof(*pattern));
    if (pattern == NULL)
        return FC_ENOMEM;
    pattern->general = pcre2_general_context_create(pattern_malloc, pattern_free, NULL);
    if (pattern->general == NULL)
        goto done;
    compile = pcre2_compile_context_create(pattern->general);
    pattern->match = pcre2_match_context_create(pattern->general);
    if (compile == NULL || pattern->match == NULL)
        goto done;
    pcre2_set_parens_nest_limit(compile, FC_LIMIT_PATTERN_PARENS);
    pcre2_set_match_limit(pattern->match, FC_LIMIT_PATTERN_MATCH);
    pcre2_set_depth_limit(pattern->match, FC_LIMIT_PATTERN_DEPTH);
    pcre2_set_heap_limit(pattern->match, FC_LIMIT_PATTERN_HEAP_KIB);
    /* \C could split a UTF-8 character; inline (*LIMIT_...) settings can
     * only lower the limits above, never raise them. */
    pattern->code = pcre2_compile((PCRE2_SPTR)text, len, PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C, &code,
                                  &offset, compile);
    if (pattern->code == NULL) {
        if (code == PCRE2_ERROR_HEAP_FAILED)
            goto done;
        PCRE2_UCHAR reason[200];
        if (pcre2_get_error_message(code, reason, sizeof(reason)) < 0)
            strcpy((char *)reason, "unknown error");
        snprintf(message, message_size, "not a valid pattern at character %zu: %s",
                 (size_t)offset + 1, (const char *)reason);
        rc = FC_EVALIDATION;
        goto done;
    }
    uint32_t inline_heap;
    pattern->own_heap_limit =
        pcre2_pattern_info(pattern->code, PCRE2_INFO_HEAPLIMIT, &inline_heap) == 0;
    rc = 0;
done:
    pcre2_compile_context_free(compile);
    if (rc != 0)
        fc_pattern_free(pattern);
    else
        *out = pattern;
    return rc;
}

void fc_pattern_scratch_release(fc_pattern_scratch *scratch)
{
    if (scratch == NULL)
        return;
    pcre2_match_data_free(scratch->match_data); /* frees its frames too; NULL is fine */
    scratch->match_data = NULL;
}

int fc_pattern_match(const fc_pattern *pattern, fc_pattern_scratch *scratch, const char *subject,
                     size_t len)
{
    if (pattern == NULL || subject == NULL)
        return FC_EINVAL;
    int shared = scratch != NULL && !pattern->own_heap_limit;
    pcre2_match_data *data = shared ? scratch->match_data : NULL;
    if (data == NULL) {
        /* Any pattern's general context: the same allocator for all. */
        data = pcre2_match_data_create(1, pattern->general);
        if (data == NULL)
            return FC_ENOMEM;
        if (shared)
            scratch->match_data = data;
    }
    int rc = pcre2_match(pattern->code, (PCRE2_SPTR)subject, len, 0,
                         PCRE2_ANCHORED | PCRE2_ENDANCHORED, data, pattern->match);
    if (!shared)
        pcre2_match_data_free(data);
    if (rc >= 0)
        return 1;
    switch (rc) {
    case PCRE2_ERROR_NOMATCH:
        return 0;
    case PCRE2_ERROR_NOMEMORY:
        return FC_ENOMEM;
    case PCRE2_ERROR_MATCHLIMIT:
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
        return FC_ELIMIT;
    default: /* answers are valid UTF-8 (JSON), so nothing else is expected */
        return FC_ELIMIT;
    }
}
