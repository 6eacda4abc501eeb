/* addr_table.c: see addr_table.h. */
#include "plugins/mediabind/addr_table.h"

#include <string.h>

/* IPv4 (the last 12 address bytes zero, as ss_endpoint_set/parse leave them) */
typedef struct {
    guint32 addr;
    guint16 port;
    guint8  side;
    guint8  cand;                /* cand_type | CAND_ONLY */
    mediabind_binding_t *b;      /* NULL: empty slot */
} slot4_t;

/* anything else: the whole key */
typedef struct {
    ss_endpoint_t ep;
    guint8  side;
    guint8  cand;
    mediabind_binding_t *b;
} slot6_t;

#define CAND_ONLY 0x80u

typedef struct {
    gpointer slots;              /* slot4_t or slot6_t array, NULL until the first entry */
    guint    cap;                /* grows by 1.5: no power of two, slots index by multiply-shift */
    guint    n;
} tab_t;

struct mb_addr_table {
    tab_t v4, other;
};

#define MIN_CAP 64u

static const guint8 zero12[12];

static gboolean is_v4(const ss_endpoint_t *ep)
{
    return ep->family == 4 && memcmp(ep->addr + 4, zero12, sizeof zero12) == 0;
}

static guint32 v4_addr(const ss_endpoint_t *ep)
{
    guint32 a;
    memcpy(&a, ep->addr, 4);
    return a;
}

/* Fibonacci hashing; the top 32 bits scaled to the capacity pick the slot */
static guint scale(guint64 k, guint cap)
{
    return (guint)(((k >> 32) * cap) >> 32);
}

static guint v4_index(guint32 addr, guint16 port, guint cap)
{
    return scale(((guint64)addr << 16 | port) * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15), cap);
}

static guint other_index(const ss_endpoint_t *ep, guint cap)
{
    return scale((guint64)ss_endpoint_hash(ep) * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15), cap);
}

mb_addr_table_t *mb_addr_table_new(void)
{
    return g_new0(mb_addr_table_t, 1);
}

void mb_addr_table_free(mb_addr_table_t *t)
{
    if (!t)
        return;
    g_free(t->v4.slots);
    g_free(t->other.slots);
    g_free(t);
}

static slot4_t *find4(const tab_t *t, guint32 addr, guint16 port)
{
    slot4_t *s = t->slots;
    for (guint i = v4_index(addr, port, t->cap);; i = i + 1 == t->cap ? 0 : i + 1)
        if (!s[i].b || (s[i].addr == addr && s[i].port == port))
            return &s[i];
}

static slot6_t *find6(const tab_t *t, const ss_endpoint_t *ep)
{
    slot6_t *s = t->slots;
    for (guint i = other_index(ep, t->cap);; i = i + 1 == t->cap ? 0 : i + 1)
        if (!s[i].b || ss_endpoint_equal(&s[i].ep, ep))
            return &s[i];
}

gboolean mb_addr_table_find(const mb_addr_table_t *t, const ss_endpoint_t *ep, mb_addr_val_t *out)
{
    mediabind_binding_t *b;
    guint8 side, cand;

    if (!t || !ep)
        return FALSE;
    if (is_v4(ep)) {
        const slot4_t *s;
        if (!t->v4.slots)
            return FALSE;
        s = find4(&t->v4, v4_addr(ep), ep->port);
        b = s->b, side = s->side, cand = s->cand;
    } else {
        const slot6_t *s;
        if (!t->other.slots)
            return FALSE;
        s = find6(&t->other, ep);
        b = s->b, side = s->side, cand = s->cand;
    }
    if (!b)
        return FALSE;
    if (out) {
        out->b = b;
        out->side = side;
        out->cand_type = cand & ~CAND_ONLY;
        out->candidate_only = (cand & CAND_ONLY) != 0;
    }
    return TRUE;
}

/* Make room for one more entry: at most 3/4 full (linear probes stay short). */
static void reserve(tab_t *t, gsize slot_size, gboolean v4)
{
    guint old_cap = t->cap;
    gpointer old = t->slots;

    if (old && 4 * ((gsize)t->n + 1) <= 3 * (gsize)old_cap)
        return;
    t->cap = old ? old_cap + old_cap / 2 : MIN_CAP;
    t->slots = g_malloc0((gsize)t->cap * slot_size);
    if (!old)
        return;
    for (guint i = 0; i < old_cap; i++) {
        if (v4) {
            const slot4_t *o = (const slot4_t *)old + i;
            if (o->b)
                *find4(t, o->addr, o->port) = *o;
        } else {
            const slot6_t *o = (const slot6_t *)old + i;
            if (o->b)
                *find6(t, &o->ep) = *o;
        }
    }
    g_free(old);
}

void mb_addr_table_put(mb_addr_table_t *t, const ss_endpoint_t *ep, const mb_addr_val_t *v)
{
    guint8 cand;

    if (!t || !ep || !v || !v->b)
        return;
    cand = (guint8)((v->cand_type & ~CAND_ONLY) | (v->candidate_only ? CAND_ONLY : 0));
    if (is_v4(ep)) {
        guint32 addr = v4_addr(ep);
        slot4_t *s = t->v4.slots ? find4(&t->v4, addr, ep->port) : NULL;
        if (!s || !s->b) {
            reserve(&t->v4, sizeof(slot4_t), TRUE);
            s = find4(&t->v4, addr, ep->port);
            s->addr = addr;
            s->port = ep->port;
            t->v4.n++;
        }
        s->b = v->b;
        s->side = v->side;
        s->cand = cand;
    } else {
        slot6_t *s = t->other.slots ? find6(&t->other, ep) : NULL;
        if (!s || !s->b) {
            reserve(&t->other, sizeof(slot6_t), FALSE);
            s = find6(&t->other, ep);
            s->ep = *ep;
            t->other.n++;
        }
        s->b = v->b;
        s->side = v->side;
        s->cand = cand;
    }
}

guint mb_addr_table_size(const mb_addr_table_t *t)
{
    return t ? t->v4.n + t->other.n : 0;
}

gsize mb_addr_table_memory(const mb_addr_table_t *t)
{
    gsize n = 0;
    if (!t)
        return 0;
    n += (gsize)t->v4.cap * sizeof(slot4_t) + (gsize)t->other.cap * sizeof(slot6_t);
    return n + sizeof *t;
}
