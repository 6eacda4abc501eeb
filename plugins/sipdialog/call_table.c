/* call_table.c: calls, legs and logical requests (see call_table.h). */
#include "plugins/sipdialog/call_table.h"

#include <string.h>

struct sd_call_table {
    sd_store_t       *store;
    const sd_clock_t *clock;
    GPtrArray        *calls;   /* index n-1 -> sd_call_state_t* or NULL */
};

sd_call_table_t *sd_call_table_new(sd_store_t *store, const sd_clock_t *clock)
{
    sd_call_table_t *t = g_new0(sd_call_table_t, 1);
    t->store = store;
    t->clock = clock;
    t->calls = g_ptr_array_new();
    return t;
}

void sd_call_table_free(sd_call_table_t *t)
{
    if (!t)
        return;
    g_ptr_array_free(t->calls, TRUE);   /* the calls themselves live in the store */
    g_free(t);
}

sd_call_state_t *sd_call_table_find(const sd_call_table_t *t, guint n)
{
    if (!t || n == 0 || n > t->calls->len)
        return NULL;
    return (sd_call_state_t *)g_ptr_array_index(t->calls, n - 1);
}

sd_call_state_t *sd_call_table_get(sd_call_table_t *t, guint n, const char *call_id)
{
    sd_call_state_t *c;
    if (n == 0)
        return NULL;
    c = sd_call_table_find(t, n);
    if (c)
        return c;
    if (n > t->calls->len)
        g_ptr_array_set_size(t->calls, n);
    c = sd_store_new0(t->store, sd_call_state_t);
    c->pub.number = n;
    c->pub.call_id = sd_store_str(t->store, call_id);
    c->pub.clock = t->clock;
    g_ptr_array_index(t->calls, n - 1) = c;
    return c;
}

guint sd_call_table_count(const sd_call_table_t *t)
{
    return t ? t->calls->len : 0;
}

sd_leg_state_t *sd_leg_find(sd_call_state_t *c, const char *a, const char *b)
{
    for (sd_leg_t *l = c->pub.legs; l; l = l->next) {
        if ((l->local_tag == a && l->remote_tag == b) || (l->local_tag == b && l->remote_tag == a))
            return (sd_leg_state_t *)l;
    }
    return NULL;
}

sd_leg_state_t *sd_leg_add(sd_call_state_t *c, sd_store_t *store, const char *local_tag,
                           const char *remote_tag, guint32 frame)
{
    sd_leg_state_t *l;
    if (c->pub.n_legs >= SD_CALL_MAX_LEGS)
        return NULL;
    l = sd_store_new0(store, sd_leg_state_t);
    l->pub.call = &c->pub;
    l->pub.number = ++c->pub.n_legs;
    l->pub.local_tag = local_tag;
    l->pub.remote_tag = remote_tag;
    l->pub.created_frame = frame;
    if (c->last_leg)
        c->last_leg->next = &l->pub;
    else
        c->pub.legs = &l->pub;
    c->last_leg = &l->pub;
    return l;
}

sd_group_t *sd_group_find(sd_call_state_t *c, guint32 cseq, const char *method,
                          const char *from_tag, const char *to_tag)
{
    for (guint i = 0; i < SD_CALL_GROUPS; i++) {
        sd_group_t *g = &c->groups[i];
        if (g->first && g->cseq == cseq && g->method == method && g->from_tag == from_tag &&
            g->to_tag == to_tag)
            return g;
    }
    return NULL;
}

sd_group_t *sd_group_add(sd_call_state_t *c, guint32 cseq, const char *method,
                         const char *from_tag, const char *to_tag, sd_txn_t *first)
{
    sd_group_t *g = &c->groups[c->next_group];
    c->next_group = (c->next_group + 1) % SD_CALL_GROUPS;
    memset(g, 0, sizeof(*g));
    g->cseq = cseq;
    g->method = method;
    g->from_tag = from_tag;
    g->to_tag = to_tag;
    g->first = first;
    g->n_hops = 1;
    return g;
}

gboolean sd_group_has_sig(const sd_group_t *g, const ss_endpoint_t *src,
                          const ss_endpoint_t *dst, guint vias)
{
    for (guint i = 0; i < g->n_sigs; i++)
        if (g->sig[i].src == src && g->sig[i].dst == dst && g->sig[i].vias == vias)
            return TRUE;
    return FALSE;
}

void sd_group_add_sig(sd_group_t *g, const ss_endpoint_t *src, const ss_endpoint_t *dst,
                      guint vias)
{
    if (g->n_sigs >= SD_GROUP_MAX_HOPS)
        return;
    g->sig[g->n_sigs].src = src;
    g->sig[g->n_sigs].dst = dst;
    g->sig[g->n_sigs].vias = (guint16)MIN(vias, G_MAXUINT16);
    g->n_sigs++;
}
