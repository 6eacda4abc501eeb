/* stun_usage.c: advertisement index for STUN-learned addresses (see stun_usage.h). */
#include "stun_verify/stun_usage.h"

struct stun_usage {
    GHashTable *pending;    /* ss_endpoint_t* (inside the mapping) -> stun_mapping_t* */
    GQueue      order;      /* waiting mappings, oldest first (lazy: resolved ones are skipped) */
    GPtrArray  *all;        /* owned */
    guint       max_pending;
};

stun_usage_t *stun_usage_new(guint max_pending)
{
    stun_usage_t *u = g_new0(stun_usage_t, 1);
    u->pending = g_hash_table_new(ss_endpoint_ghash, ss_endpoint_gequal);
    g_queue_init(&u->order);
    u->all = g_ptr_array_new_with_free_func(g_free);
    u->max_pending = max_pending ? max_pending : 1;
    return u;
}

void stun_usage_free(stun_usage_t *u)
{
    if (!u)
        return;
    g_hash_table_destroy(u->pending);
    g_queue_clear(&u->order);
    g_ptr_array_free(u->all, TRUE);
    g_free(u);
}

static void bound(stun_usage_t *u)
{
    while (g_hash_table_size(u->pending) > u->max_pending && !g_queue_is_empty(&u->order)) {
        stun_mapping_t *m = g_queue_pop_head(&u->order);
        if (g_hash_table_lookup(u->pending, &m->addr) == m) {
            g_hash_table_remove(u->pending, &m->addr);
            m->expired = TRUE;
        }
    }
}

stun_mapping_t *stun_usage_learn(stun_usage_t *u, const ss_endpoint_t *addr, guint32 frame)
{
    stun_mapping_t *m;

    if (!addr || addr->family == 0)
        return NULL;
    m = g_hash_table_lookup(u->pending, addr);
    if (m)
        return m;
    m = g_new0(stun_mapping_t, 1);
    m->addr = *addr;
    m->learned_frame = frame;
    g_ptr_array_add(u->all, m);
    g_hash_table_insert(u->pending, &m->addr, m);
    g_queue_push_tail(&u->order, m);
    bound(u);
    return m;
}

guint stun_usage_advertise(stun_usage_t *u, const ss_endpoint_t *ep, guint32 frame, stun_adv_where_t where)
{
    stun_mapping_t *m;

    if (!ep || ep->family == 0 || ep->port == 0)
        return 0;
    m = g_hash_table_lookup(u->pending, ep);
    if (!m || m->learned_frame >= frame)
        return 0;
    m->used_in = frame;
    m->where = where;
    g_hash_table_remove(u->pending, ep);
    /* (the queue entry is dropped lazily; keep the queue from growing without bound) */
    if (g_queue_get_length(&u->order) > 2 * u->max_pending + 16) {
        GQueue keep = G_QUEUE_INIT;
        stun_mapping_t *x;
        while ((x = g_queue_pop_head(&u->order)) != NULL)
            if (g_hash_table_lookup(u->pending, &x->addr) == x)
                g_queue_push_tail(&keep, x);
        u->order = keep;
    }
    return 1;
}

const char *stun_adv_where_str(stun_adv_where_t w)
{
    switch (w) {
    case STUN_ADV_VIA:            return "Via sent-by";
    case STUN_ADV_VIA_RECEIVED:   return "Via received/rport";
    case STUN_ADV_CONTACT:        return "Contact";
    case STUN_ADV_SDP_MEDIA:      return "SDP c=/m=";
    case STUN_ADV_SDP_CANDIDATE:  return "SDP candidate";
    case STUN_ADV_NONE:           break;
    }
    return "";
}

guint stun_usage_pending(const stun_usage_t *u)
{
    return g_hash_table_size(u->pending);
}
