/* The walk over a Python value that the converters share (convert.c: to
 * jansson; views.c: to fc_view): where it is, for ConversionError messages
 * like "extra_vars['a'][3]: integer out of range". */
#ifndef FCPY_WALK_H
#define FCPY_WALK_H

#include "forge_catalog/fc_limits.h"
#include "state.h"

/* The core judges depth itself (FC_LIMIT_MAX_DEPTH, reported as a "limit"
 * problem with its path, as the golden cases expect), so the walk must carry
 * values somewhat deeper than that to it. Its own bound only keeps the C
 * stack small and ends cycles: far beyond anything the core accepts. */
#define WALK_MAX_DEPTH (8 * FC_LIMIT_MAX_DEPTH)

/* The walk remembers, per open container, the key or index it is in, so an
 * error can name its place. Keys are borrowed: no Python code runs during the
 * walk (only exact-type C accessors), so nothing can drop them. */
typedef struct walk {
    fcpy_state *state;
    const char *root;
    int depth; /* containers open */
    PyObject *key[WALK_MAX_DEPTH];
    Py_ssize_t index[WALK_MAX_DEPTH];
} walk;

void fcpy_walk_init(walk *w, fcpy_state *state, const char *root);

/* Raise ConversionError("<place>: <detail>") for the value at the current
 * position; always returns NULL. */
void *fcpy_walk_fail(const walk *w, const char *detail);

/* Same, for a problem of the innermost open container itself (a bad key). */
void fcpy_walk_fail_container(walk *w, const char *detail);

/* Opens a container level (then set key or index of it); -1 with
 * ConversionError past WALK_MAX_DEPTH, which also ends any cycle. Close it
 * with w->depth--. Inline: every answer list opens one. */
static inline int fcpy_walk_enter(walk *w)
{
    if (w->depth >= WALK_MAX_DEPTH) {
        fcpy_walk_fail(w, "nested too deeply (a cycle, or far beyond LIMITS['max_depth'])");
        return -1;
    }
    w->key[w->depth] = NULL;
    w->index[w->depth] = 0;
    w->depth++;
    return 0;
}

#endif
