/* arena.h: a bump allocator for objects that live as long as their owner (the dialog engine's
 * store, the media map): records kept for every call or message. Plain C (GLib only).
 *
 * One malloc per block instead of one per object: no allocator header per object (8-16 bytes
 * each in RSS) and no per-object free. Objects are 8-byte aligned (mediabind_frame_t keeps
 * flags in the low 3 bits of a stream pointer) and zeroed. Everything goes at once with
 * ss_arena_free(). */
#ifndef SIPSCOPE_ARENA_H
#define SIPSCOPE_ARENA_H

#include <glib.h>

typedef struct ss_arena ss_arena_t;

ss_arena_t *ss_arena_new(void);
void        ss_arena_free(ss_arena_t *a);
/* size bytes, zeroed, 8-byte aligned; valid until ss_arena_free() */
gpointer    ss_arena_alloc0(ss_arena_t *a, gsize size);
/* bytes held (blocks) */
gsize       ss_arena_memory(const ss_arena_t *a);

#endif
