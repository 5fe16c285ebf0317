/* Python values seen as borrowed views (fc_view.h), for the answer path:
 *
 *   dict (str keys) -> FC_VIEW_OBJECT     list, tuple -> FC_VIEW_LIST
 *   str -> FC_VIEW_STRING (its UTF-8)     int -> FC_VIEW_INT, or FC_VIEW_BIGINT (decimal)
 *   float (finite) -> FC_VIEW_REAL        True/False -> FC_VIEW_BOOL, None -> FC_VIEW_NULL
 *
 * The same mapping and the same ConversionError messages as fcpy_to_json
 * (convert.h), but nothing is copied: the views point into the objects,
 * which the caller keeps alive (and the GIL held) until it releases them.
 * The root dict's keys and values are listed too, so an accepted answer can
 * be handed back as the caller's own object when it is plain JSON already
 * (a tuple or a subclass is converted to plain JSON instead, as before). */
#ifndef FCPY_VIEWS_H
#define FCPY_VIEWS_H

#include <stddef.h>

#include "forge_catalog/fc_view.h"
#include "state.h"

/* Bytes of views kept inside the struct (on the caller's stack): a hundred
 * answers (57 bytes each at the root) with some lists without any
 * allocation (a block is a malloc and a free of 64 KiB). */
#define FCPY_VIEWS_INLINE 8192

typedef struct fcpy_views_block fcpy_views_block;

typedef struct fcpy_views {
    fc_view root;
    PyObject **keys;      /* the root dict's members: keys (exact str) and values, */
    PyObject **values;    /* borrowed, root.len of each (NULL unless root is a dict) */
    unsigned char *plain; /* per root member: its value is exact dict/list/str/int/float/
                             bool/None all the way down, so it can be handed back as it is */
    int impure;           /* the walk met a subclass or a tuple */
    int root_plain;       /* every root member plain and its key an exact str */
    PyObject *dict;       /* the root when it is an exact dict with all members plain, else NULL:
                             a result may copy it whole (borrowed) */
    int hold;             /* hold a reference to every object viewed (see fcpy_views_of) */
    PyObject **held;
    size_t held_count, held_size;
    PyObject *owned; /* objects made for the views (big ints' decimal text), or NULL */
    fcpy_views_block *blocks;
    char *next; /* bump allocation in the inline buffer or the newest block */
    size_t left;
    _Alignas(max_align_t) char inline_buffer[FCPY_VIEWS_INLINE];
} fcpy_views;

/* value seen as views into views (uninitialised before); root names it in
 * messages. With hold, every str whose bytes a view points to and every
 * root member is kept alive by a reference of views' own, so the GIL may be
 * released while the core reads them (strings are immutable; another
 * thread may change the containers, never the bytes). 0, or -1 with
 * ConversionError/MemoryError set. Either way fcpy_views_release must follow. */
int fcpy_views_of(fcpy_state *state, fcpy_views *views, PyObject *value, const char *root,
                  int hold);
/* Empty views that fcpy_views_release accepts (fcpy_views_of does this first). */
void fcpy_views_init(fcpy_views *views);
void fcpy_views_release(fcpy_views *views);

#endif
