/* Return-code names and the fc_errors list. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"
#include "json_util.h"
#include "forge_catalog/fc_limits.h"

typedef struct fc_error_entry {
    char *path;
    fc_check check;
    char *message;
} fc_error_entry;

struct fc_errors {
    fc_error_entry *entries;
    size_t count;
    size_t capacity;
    int truncated;
};

const char *fc_err_text(int code)
{
    switch (code) {
#define FC_ERR_TEXT_(name, value, text)                                                            \
    case FC_##name:                                                                                \
        return text;
        FC_ERR_LIST(FC_ERR_TEXT_)
#undef FC_ERR_TEXT_
    default:
        return "unknown error";
    }
}

static const char *const check_names[FC_CHECK__COUNT] = {
#define FC_CHECK_TEXT_(name, text) [FC_CHECK_##name] = text,
    FC_CHECK_LIST(FC_CHECK_TEXT_)
#undef FC_CHECK_TEXT_
};

const char *fc_check_name(fc_check check)
{
    if ((unsigned)check >= FC_CHECK__COUNT)
        return NULL;
    return check_names[check];
}

int fc_errors_new(fc_errors **out)
{
    if (out == NULL)
        return FC_EINVAL;
    *out = calloc(1, sizeof(**out));
    return *out == NULL ? FC_ENOMEM : 0;
}

void fc_errors_clear(fc_errors *errors)
{
    if (errors == NULL)
        return;
    for (size_t i = 0; i < errors->count; i++) {
        free(errors->entries[i].path);
        free(errors->entries[i].message);
    }
    errors->count = 0;
    errors->truncated = 0;
}

void fc_errors_free(fc_errors *errors)
{
    if (errors == NULL)
        return;
    fc_errors_clear(errors);
    free(errors->entries);
    free(errors);
}

size_t fc_errors_count(const fc_errors *errors)
{
    return errors == NULL ? 0 : errors->count;
}

int fc_errors_truncated(const fc_errors *errors)
{
    return errors != NULL && errors->truncated;
}

static const fc_error_entry *entry_at(const fc_errors *errors, size_t index)
{
    if (errors == NULL || index >= errors->count)
        return NULL;
    return &errors->entries[index];
}

const char *fc_errors_path(const fc_errors *errors, size_t index)
{
    const fc_error_entry *entry = entry_at(errors, index);
    return entry == NULL ? NULL : entry->path;
}

const char *fc_errors_code(const fc_errors *errors, size_t index)
{
    const fc_error_entry *entry = entry_at(errors, index);
    return entry == NULL ? NULL : fc_check_name(entry->check);
}

const char *fc_errors_message(const fc_errors *errors, size_t index)
{
    const fc_error_entry *entry = entry_at(errors, index);
    return entry == NULL ? NULL : entry->message;
}

/* A copy of at most limit bytes, cut at a UTF-8 boundary when cut at all
 * (a long variable name in a path or message stays valid text). */
static char *copy_bounded(const char *text, size_t limit)
{
    size_t len = strnlen(text, limit);
    if (text[len] != '\0' || len + 1 == limit)
        len = fc_utf8_clip(text, len);
    char *copy = malloc(len + 1);
    if (copy != NULL) {
        memcpy(copy, text, len);
        copy[len] = '\0';
    }
    return copy;
}

/* Grow geometrically but never beyond the hard cap. */
static int reserve_one(fc_errors *errors)
{
    if (errors->count < errors->capacity)
        return 0;
    size_t capacity = errors->capacity == 0 ? 8 : errors->capacity * 2;
    if (capacity > FC_LIMIT_MAX_ERRORS)
        capacity = FC_LIMIT_MAX_ERRORS;
    fc_error_entry *grown = realloc(errors->entries, capacity * sizeof(*grown));
    if (grown == NULL)
        return FC_ENOMEM;
    errors->entries = grown;
    errors->capacity = capacity;
    return 0;
}

int fc_errors_add(fc_errors *errors, const char *path, fc_check check, const char *format, ...)
{
    char message[512];
    va_list args;

    if (errors == NULL)
        return 0;
    if (errors->count >= FC_LIMIT_MAX_ERRORS) {
        errors->truncated = 1;
        return 0;
    }
    if (reserve_one(errors) != 0)
        return FC_ENOMEM;

    va_start(args, format);
    vsnprintf(message, sizeof(message), format, args);
    va_end(args);

    char *path_copy = copy_bounded(path == NULL ? "" : path, FC_LIMIT_MAX_PATH);
    char *message_copy = copy_bounded(message, sizeof(message));
    if (path_copy == NULL || message_copy == NULL) {
        free(path_copy);
        free(message_copy);
        return FC_ENOMEM;
    }
    errors->entries[errors->count++] = (fc_error_entry){path_copy, check, message_copy};
    return 0;
}
