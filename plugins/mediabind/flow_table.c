/* flow_table.c: see flow_table.h. */
#include "plugins/mediabind/flow_table.h"

typedef struct {
    guint32             hash;    /* 0: empty (hashes of 0 are stored as 1) */
    mediabind_stream_t *s;
} slot_t;

struct mb_flow_table {
    slot_t *slots;
    guint   mask;                /* capacity - 1; capacity is a power of two */
    guint   n;
};

#define MIN_CAPACITY 64u

static guint32 flow_hash(const ss_endpoint_t *src, const ss_endpoint_t *dst, mediabind_kind_t kind)
{
    guint32 h = ss_endpoint_hash(src) * 0x9E3779B1u ^ ss_endpoint_hash(dst) ^ ((guint32)kind << 29);
    return h ? h : 1;
}

static gboolean flow_is(const mediabind_stream_t *s, const ss_endpoint_t *src, const ss_endpoint_t *dst,
                        mediabind_kind_t kind)
{
    return s->kind == kind && ss_endpoint_equal(&s->src, src) && ss_endpoint_equal(&s->dst, dst);
}

mb_flow_table_t *mb_flow_table_new(void)
{
    mb_flow_table_t *t = g_new0(mb_flow_table_t, 1);
    t->slots = g_new0(slot_t, MIN_CAPACITY);
    t->mask = MIN_CAPACITY - 1;
    return t;
}

void mb_flow_table_free(mb_flow_table_t *t)
{
    if (!t)
        return;
    g_free(t->slots);
    g_free(t);
}

/* The slot of the flow, or the empty slot where it would go. */
static slot_t *slot_for(const mb_flow_table_t *t, guint32 h, const ss_endpoint_t *src,
                        const ss_endpoint_t *dst, mediabind_kind_t kind)
{
    for (guint i = h & t->mask;; i = (i + 1) & t->mask) {
        slot_t *sl = &t->slots[i];
        if (!sl->hash || (sl->hash == h && flow_is(sl->s, src, dst, kind)))
            return sl;
    }
}

mediabind_stream_t *mb_flow_table_find(const mb_flow_table_t *t, const ss_endpoint_t *src,
                                       const ss_endpoint_t *dst, mediabind_kind_t kind)
{
    if (!t || !src || !dst)
        return NULL;
    return slot_for(t, flow_hash(src, dst, kind), src, dst, kind)->s;
}

static void grow(mb_flow_table_t *t)
{
    slot_t *old = t->slots;
    guint cap = (t->mask + 1) * 2;
    t->slots = g_new0(slot_t, cap);
    t->mask = cap - 1;
    for (guint i = 0; i < cap / 2; i++) {
        if (!old[i].hash)
            continue;
        guint j = old[i].hash & t->mask;
        while (t->slots[j].hash)
            j = (j + 1) & t->mask;
        t->slots[j] = old[i];
    }
    g_free(old);
}

void mb_flow_table_put(mb_flow_table_t *t, mediabind_stream_t *s)
{
    guint32 h;
    slot_t *sl;
    if (!t || !s)
        return;
    h = flow_hash(&s->src, &s->dst, s->kind);
    sl = slot_for(t, h, &s->src, &s->dst, s->kind);
    if (!sl->hash) {
        if (2 * (t->n + 1) > t->mask + 1) {       /* keep at most half full: short probes */
            grow(t);
            sl = slot_for(t, h, &s->src, &s->dst, s->kind);
        }
        sl->hash = h;
        t->n++;
    }
    sl->s = s;
}

guint mb_flow_table_size(const mb_flow_table_t *t)
{
    return t ? t->n : 0;
}

gsize mb_flow_table_memory(const mb_flow_table_t *t)
{
    return t ? (t->mask + 1) * sizeof(slot_t) + sizeof *t : 0;
}
