/* stun_ice.c: ICE credentials and media endpoints announced in SDP (see stun_ice.h). */
#include "stun_verify/stun_ice.h"

#include <string.h>

typedef struct {
    char            *ufrag;                      /* key, owned */
    guint            n;
    stun_ice_agent_t agent[STUN_ICE_MAX_PWDS];   /* newest first; distinct passwords */
} ufrag_entry_t;

typedef struct {
    ss_endpoint_t    ep;                         /* key */
    stun_ice_agent_t agent;
} ep_entry_t;

struct stun_ice {
    GHashTable *by_ufrag;    /* char* -> ufrag_entry_t* (owned) */
    GQueue      ufrag_order; /* ufrag_entry_t*, creation order */
    GHashTable *by_ep;       /* ss_endpoint_t* -> ep_entry_t* (owned) */
    GQueue      ep_order;
    guint       max_agents, max_endpoints;
};

static void agent_clear(stun_ice_agent_t *a)
{
    g_free(a->ufrag);
    g_free(a->pwd);
    memset(a, 0, sizeof *a);
}

static void ufrag_entry_free(gpointer p)
{
    ufrag_entry_t *e = p;
    for (guint i = 0; i < e->n; i++)
        agent_clear(&e->agent[i]);
    g_free(e->ufrag);
    g_free(e);
}

static void ep_entry_free(gpointer p)
{
    ep_entry_t *e = p;
    agent_clear(&e->agent);
    g_free(e);
}

stun_ice_t *stun_ice_new(guint max_agents, guint max_endpoints)
{
    stun_ice_t *ice = g_new0(stun_ice_t, 1);
    ice->by_ufrag = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, ufrag_entry_free);
    ice->by_ep = g_hash_table_new_full(ss_endpoint_ghash, ss_endpoint_gequal, NULL, ep_entry_free);
    g_queue_init(&ice->ufrag_order);
    g_queue_init(&ice->ep_order);
    ice->max_agents = max_agents ? max_agents : 1;
    ice->max_endpoints = max_endpoints ? max_endpoints : 1;
    return ice;
}

void stun_ice_free(stun_ice_t *ice)
{
    if (!ice)
        return;
    g_queue_clear(&ice->ufrag_order);
    g_queue_clear(&ice->ep_order);
    g_hash_table_destroy(ice->by_ufrag);
    g_hash_table_destroy(ice->by_ep);
    g_free(ice);
}

static gboolean same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void add_ufrag(stun_ice_t *ice, const char *ufrag, const char *pwd, guint call, guint32 frame)
{
    ufrag_entry_t *e = g_hash_table_lookup(ice->by_ufrag, ufrag);
    stun_ice_agent_t a;
    guint i;

    if (!e) {
        e = g_new0(ufrag_entry_t, 1);
        e->ufrag = g_strdup(ufrag);
        g_hash_table_insert(ice->by_ufrag, e->ufrag, e);
        g_queue_push_tail(&ice->ufrag_order, e);
        while (g_hash_table_size(ice->by_ufrag) > ice->max_agents) {
            ufrag_entry_t *old = g_queue_pop_head(&ice->ufrag_order);
            g_hash_table_remove(ice->by_ufrag, old->ufrag);   /* frees it */
        }
    }
    /* the same password again: that agent moves to the front with the newest call/frame */
    for (i = 0; i < e->n; i++)
        if (same_str(e->agent[i].pwd, pwd))
            break;
    if (i < e->n) {
        a = e->agent[i];
        memmove(&e->agent[1], &e->agent[0], i * sizeof a);
    } else {
        if (e->n == STUN_ICE_MAX_PWDS)
            agent_clear(&e->agent[--e->n]);
        memmove(&e->agent[1], &e->agent[0], e->n * sizeof a);
        e->n++;
        a.ufrag = g_strdup(ufrag);
        a.pwd = g_strdup(pwd);
    }
    a.call = call;
    a.sdp_frame = frame;
    e->agent[0] = a;
}

static void add_ep(stun_ice_t *ice, const ss_endpoint_t *ep, const char *ufrag, const char *pwd,
                   guint call, guint32 frame)
{
    ep_entry_t *e;

    if (ep->family == 0 || ep->port == 0)
        return;
    e = g_hash_table_lookup(ice->by_ep, ep);
    if (!e) {
        e = g_new0(ep_entry_t, 1);
        e->ep = *ep;
        g_hash_table_insert(ice->by_ep, &e->ep, e);
        g_queue_push_tail(&ice->ep_order, e);
        while (g_hash_table_size(ice->by_ep) > ice->max_endpoints) {
            ep_entry_t *old = g_queue_pop_head(&ice->ep_order);
            g_hash_table_remove(ice->by_ep, &old->ep);
        }
    } else {
        agent_clear(&e->agent);
    }
    e->agent.call = call;
    e->agent.sdp_frame = frame;
    e->agent.ufrag = g_strdup(ufrag);
    e->agent.pwd = g_strdup(pwd);
}

void stun_ice_add_sdp(stun_ice_t *ice, const ss_sdp_t *sdp, guint call, guint32 frame)
{
    if (!ice || !sdp)
        return;
    if (sdp->n_media == 0 && sdp->session_ice_ufrag && *sdp->session_ice_ufrag)
        add_ufrag(ice, sdp->session_ice_ufrag, sdp->session_ice_pwd, call, frame);
    for (guint i = 0; i < sdp->n_media; i++) {
        const ss_sdp_media_t *m = &sdp->media[i];
        const char *uf = (m->ice_ufrag && *m->ice_ufrag) ? m->ice_ufrag : NULL;
        if (uf)
            add_ufrag(ice, uf, m->ice_pwd, call, frame);
        if (m->port == 0)
            continue;   /* rejected stream */
        add_ep(ice, &m->rtp, uf, m->ice_pwd, call, frame);
        add_ep(ice, &m->rtcp, uf, m->ice_pwd, call, frame);
        for (guint j = 0; j < m->n_cand; j++)
            add_ep(ice, &m->cand[j].addr, uf, m->ice_pwd, call, frame);
    }
}

guint stun_ice_by_ufrag(const stun_ice_t *ice, const char *ufrag, gsize len,
                        const stun_ice_agent_t **out, guint max)
{
    char key[257];
    ufrag_entry_t *e;
    guint n = 0;

    if (!ice || !ufrag || len == 0 || len >= sizeof key)
        return 0;
    memcpy(key, ufrag, len);
    key[len] = '\0';
    if (strlen(key) != len)
        return 0;    /* an embedded NUL cannot match an SDP token */
    e = g_hash_table_lookup(ice->by_ufrag, key);
    if (!e)
        return 0;
    for (guint i = 0; i < e->n && n < max; i++)
        out[n++] = &e->agent[i];
    return n;
}

const stun_ice_agent_t *stun_ice_by_endpoint(const stun_ice_t *ice, const ss_endpoint_t *ep)
{
    ep_entry_t *e;
    if (!ice || !ep || ep->family == 0)
        return NULL;
    e = g_hash_table_lookup(ice->by_ep, ep);
    return e ? &e->agent : NULL;
}

gboolean stun_ice_split_username(const char *u, gsize len, const char **recv, gsize *recv_len,
                                 const char **send, gsize *send_len)
{
    const char *c = u ? memchr(u, ':', len) : NULL;
    if (!c)
        return FALSE;
    *recv = u;
    *recv_len = (gsize)(c - u);
    *send = c + 1;
    *send_len = len - *recv_len - 1;
    return TRUE;
}

guint stun_ice_agent_count(const stun_ice_t *ice)
{
    return ice ? g_hash_table_size(ice->by_ufrag) : 0;
}
