/* sd_store.c: arena, string and endpoint interning (see sd_store.h). */
#include "plugins/sipdialog/sd_store.h"

#include <string.h>

#include "plugins/core/arena.h"

struct sd_store {
    ss_arena_t   *arena;
    GStringChunk *strings;
    GHashTable   *eps;        /* ss_endpoint_t* (arena) -> same */
};

sd_store_t *sd_store_new(void)
{
    sd_store_t *st = g_new0(sd_store_t, 1);
    st->arena = ss_arena_new();
    st->strings = g_string_chunk_new(8192);
    st->eps = g_hash_table_new(ss_endpoint_ghash, ss_endpoint_gequal);
    return st;
}

void sd_store_free(sd_store_t *st)
{
    if (!st)
        return;
    ss_arena_free(st->arena);
    g_string_chunk_free(st->strings);
    g_hash_table_destroy(st->eps);
    g_free(st);
}

void *sd_store_alloc0(sd_store_t *st, gsize size)
{
    return ss_arena_alloc0(st->arena, size);
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
    return ss_arena_memory(st->arena);
}
