/* sd_store.c: arena, string and endpoint interning (see sd_store.h). */
#include "plugins/sipdialog/sd_store.h"

#include <string.h>

#define BLOCK_SIZE (32 * 1024)

typedef struct block {
    struct block *next;
    gsize used, size;
    /* data follows, 16-byte aligned */
} block_t;

#define BLOCK_HDR ((sizeof(block_t) + 15) & ~(gsize)15)

struct sd_store {
    block_t      *blocks;     /* current block first */
    gsize         bytes;
    GStringChunk *strings;
    GHashTable   *eps;        /* ss_endpoint_t* (arena) -> same */
};

sd_store_t *sd_store_new(void)
{
    sd_store_t *st = g_new0(sd_store_t, 1);
    st->strings = g_string_chunk_new(8192);
    st->eps = g_hash_table_new(ss_endpoint_ghash, ss_endpoint_gequal);
    return st;
}

void sd_store_free(sd_store_t *st)
{
    block_t *b, *next;
    if (!st)
        return;
    for (b = st->blocks; b; b = next) {
        next = b->next;
        g_free(b);
    }
    g_string_chunk_free(st->strings);
    g_hash_table_destroy(st->eps);
    g_free(st);
}

void *sd_store_alloc0(sd_store_t *st, gsize size)
{
    block_t *b = st->blocks;
    guint8 *p;

    size = (size + 7) & ~(gsize)7;
    if (!b || b->used + size > b->size) {
        gsize cap = size > BLOCK_SIZE ? size : BLOCK_SIZE;
        b = (block_t *)g_malloc(BLOCK_HDR + cap);
        b->size = cap;
        b->used = 0;
        b->next = st->blocks;
        st->blocks = b;
        st->bytes += BLOCK_HDR + cap;
    }
    p = (guint8 *)b + BLOCK_HDR + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

const char *sd_store_str(sd_store_t *st, const char *s)
{
    gsize len;
    if (!s)
        return NULL;
    len = strnlen(s, SD_STORE_MAX_STR);
    if (len < SD_STORE_MAX_STR)
        return g_string_chunk_insert_const(st->strings, s);
    else {
        char buf[SD_STORE_MAX_STR + 1];
        memcpy(buf, s, SD_STORE_MAX_STR);
        buf[SD_STORE_MAX_STR] = '\0';
        return g_string_chunk_insert_const(st->strings, buf);
    }
}

const ss_endpoint_t *sd_store_ep(sd_store_t *st, const ss_endpoint_t *ep)
{
    ss_endpoint_t *e;
    if (!ep)
        return NULL;
    e = (ss_endpoint_t *)g_hash_table_lookup(st->eps, ep);
    if (e)
        return e;
    e = sd_store_new0(st, ss_endpoint_t);
    *e = *ep;
    g_hash_table_add(st->eps, e);
    return e;
}

gsize sd_store_bytes(const sd_store_t *st)
{
    return st->bytes;
}
