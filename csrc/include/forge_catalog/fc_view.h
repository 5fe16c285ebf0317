/* Borrowed views of JSON-like values: what answers cross into the core as.
 *
 * A view points into memory the caller owns (a Python str's UTF-8 buffer,
 * an int64, a double) instead of copying it into a jansson value, so
 * validating answers costs what checking them costs. The caller keeps every
 * byte a view points to alive and unchanged for the whole call that reads
 * it; the core never writes through a view and never keeps one after the
 * call returns.
 *
 *   null, true/false        FC_VIEW_NULL, FC_VIEW_BOOL (as.boolean 0 or 1)
 *   an integer in 64 bits   FC_VIEW_INT (as.integer)
 *   any other integer       FC_VIEW_BIGINT: as.text holds len bytes of decimal
 *                           text (optional '-', then digits; not NUL-terminated),
 *                           compared exactly, as Python compares ints
 *   a finite double         FC_VIEW_REAL (as.real)
 *   a string                FC_VIEW_STRING: as.text, len bytes of UTF-8 (a NUL
 *                           byte may occur; the core refuses it where it matters)
 *   a list                  FC_VIEW_LIST: as.items, len views
 *   an object               FC_VIEW_OBJECT: as.members, len (key, value) pairs,
 *                           keys distinct, in the object's order
 *
 * Nesting is the caller's to bound (the binding stops far beyond
 * FC_LIMIT_MAX_DEPTH, which the core reports as a "limit" problem). */
#ifndef FORGE_CATALOG_FC_VIEW_H
#define FORGE_CATALOG_FC_VIEW_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum fc_view_kind {
    FC_VIEW_NULL,
    FC_VIEW_BOOL,
    FC_VIEW_INT,
    FC_VIEW_BIGINT,
    FC_VIEW_REAL,
    FC_VIEW_STRING,
    FC_VIEW_LIST,
    FC_VIEW_OBJECT
} fc_view_kind;

typedef struct fc_view fc_view;
typedef struct fc_view_member fc_view_member;

struct fc_view {
    fc_view_kind kind;
    size_t len; /* STRING, BIGINT: bytes of text; LIST: items; OBJECT: members */
    union {
        int boolean;
        long long integer;
        double real;
        const char *text;
        const fc_view *items;
        const fc_view_member *members;
    } as;
};

struct fc_view_member {
    const char *key; /* UTF-8, key_len bytes, not NUL-terminated */
    size_t key_len;
    fc_view value;
};

#ifdef __cplusplus
}
#endif
#endif
