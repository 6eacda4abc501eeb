/* arena.h: a bump allocator for objects that live as long as the media map (calls, bindings,
 * streams). Plain C (GLib only).
 *
 * One malloc per block instead of one per object: no allocator header per object (8-16 bytes
 * each in RSS) and no per-object free. Objects are 8-byte aligned (mediabind_frame_t keeps
 * flags in the low 3 bits of a stream pointer) and zeroed. Everything goes at once with
 * mb_arena_free(). */
#ifndef SIPSCOPE_MB_ARENA_H
#define SIPSCOPE_MB_ARENA_H

#include <glib.h>

typedef struct mb_arena mb_arena_t;

mb_arena_t *mb_arena_new(void);
void        mb_arena_free(mb_arena_t *a);
/* size bytes, zeroed, 8-byte aligned; valid until mb_arena_free() */
gpointer    mb_arena_alloc0(mb_arena_t *a, gsize size);
/* bytes held (blocks) */
gsize       mb_arena_memory(const mb_arena_t *a);

#endif
