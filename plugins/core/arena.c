/* arena.c: see arena.h. */
#include "plugins/core/arena.h"

#include <string.h>

typedef struct block {
    struct block *next;
    gsize         size;      /* data bytes */
    gsize         used;
    /* data follows, 8-byte aligned (the header is 3 words) */
} block_t;

struct ss_arena {
    block_t *cur;            /* the block being filled; older ones follow */
    gsize    next_size;      /* data size of the next regular block */
    gsize    held;
};

/* small maps stay small; large ones waste at most a fraction of the last block */
#define FIRST_BLOCK 4096u
#define MAX_BLOCK   (64u * 1024u)

#define ALIGN8(n) (((n) + 7) & ~(gsize)7)

ss_arena_t *ss_arena_new(void)
{
    ss_arena_t *a = g_new0(ss_arena_t, 1);
    a->next_size = FIRST_BLOCK;
    return a;
}

void ss_arena_free(ss_arena_t *a)
{
    if (!a)
        return;
    for (block_t *b = a->cur, *n; b; b = n) {
        n = b->next;
        g_free(b);
    }
    g_free(a);
}

static block_t *block_new(ss_arena_t *a, gsize size)
{
    block_t *b = g_malloc(sizeof *b + size);
    b->size = size;
    b->used = 0;
    a->held += sizeof *b + size;
    return b;
}

gpointer ss_arena_alloc0(ss_arena_t *a, gsize size)
{
    block_t *b = a->cur;
    gpointer p;

    size = ALIGN8(size ? size : 1);
    if (!b || b->size - b->used < size) {
        if (size > a->next_size / 4) {
            /* a large object gets a block of its own, behind the current one */
            block_t *own = block_new(a, size);
            own->used = size;
            if (b) {
                own->next = b->next;
                b->next = own;
            } else {
                own->next = NULL;
                a->cur = own;
            }
            return memset((char *)(own + 1), 0, size);
        }
        b = block_new(a, a->next_size);
        b->next = a->cur;
        a->cur = b;
        if (a->next_size < MAX_BLOCK)
            a->next_size *= 2;
    }
    p = (char *)(b + 1) + b->used;
    b->used += size;
    return memset(p, 0, size);
}

gsize ss_arena_memory(const ss_arena_t *a)
{
    return a ? a->held + sizeof *a : 0;
}
