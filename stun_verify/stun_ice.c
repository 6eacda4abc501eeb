/* stun_ice.c: ICE credentials and media endpoints announced in SDP (see stun_ice.h).
 *
 * Endpoints are the bulk (every SDP's RTP and RTCP address, plus candidates) and are looked up
 * only per STUN message, so they are kept compact: fixed 24-byte entries in a ring, found
 * through an open-addressing index of ring positions, no allocation per entry. Entries are
 * written in creation order, so once the ring is full the next position to write holds the
 * oldest entry: FIFO eviction needs no queue. An entry names the agent record of the SDP that
 * announced it; the endpoints of one SDP share that record (refcounted), and the strings are
 * interned GRefStrings, shared with the ufrag table. */
#include "stun_verify/stun_ice.h"

#include <string.h>

#define EP_BLOCK 512u          /* ring entries per allocation: slack bounded, no large realloc */
#define AG_BLOCK 256u          /* agent records per allocation; records never move (pointers out) */
#define AG_NONE  G_MAXUINT32

typedef struct {
    char            *ufrag;                      /* key, interned; also every agent's ufrag */
    guint            n;
    stun_ice_agent_t agent[STUN_ICE_MAX_PWDS];   /* newest first; distinct passwords (interned) */
} ufrag_entry_t;

typedef struct {
    ss_endpoint_t ep;
    guint32       agent;     /* agent record number */
} ep_entry_t;

typedef struct {
    stun_ice_agent_t a;      /* ufrag and pwd interned */
    guint32          refs;   /* entries naming it, plus the SDP being added */
    guint32          next_free;
} agent_rec_t;

struct stun_ice {
    GHashTable   *by_ufrag;     /* char* -> ufrag_entry_t* (owned) */
    GQueue        ufrag_order;  /* ufrag_entry_t*, creation order */
    guint         max_agents, max_endpoints;

    ep_entry_t  **ep_block;     /* the ring: max_endpoints entries, blocks allocated when reached */
    guint         ep_count;     /* positions [0, ep_count) are in use */
    guint         ep_next;      /* next position to write; once full, the oldest entry */
    guint32      *index;        /* linear probing; ring position + 1, 0 = empty */
    guint         index_mask;   /* index size - 1 (a power of two) */

    agent_rec_t **ag_block;     /* at most max_endpoints + 1 records are ever live */
    guint         ag_used;      /* records handed out so far (high-water mark) */
    guint32       ag_free;      /* free list through next_free */
};

static char *intern(const char *s)
{
    return s ? g_ref_string_new_intern(s) : NULL;
}

static void unintern(char *s)
{
    if (s)
        g_ref_string_release(s);
}

static ep_entry_t *ep_at(const stun_ice_t *ice, guint pos)
{
    return &ice->ep_block[pos / EP_BLOCK][pos % EP_BLOCK];
}

static agent_rec_t *agent_at(const stun_ice_t *ice, guint32 i)
{
    return &ice->ag_block[i / AG_BLOCK][i % AG_BLOCK];
}

static void ufrag_entry_free(gpointer p)
{
    ufrag_entry_t *e = p;
    for (guint i = 0; i < e->n; i++)
        unintern(e->agent[i].pwd);
    unintern(e->ufrag);
    g_free(e);
}

stun_ice_t *stun_ice_new(guint max_agents, guint max_endpoints)
{
    stun_ice_t *ice = g_new0(stun_ice_t, 1);
    ice->by_ufrag = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, ufrag_entry_free);
    g_queue_init(&ice->ufrag_order);
    ice->max_agents = max_agents ? max_agents : 1;
    ice->max_endpoints = MIN(max_endpoints ? max_endpoints : 1, G_MAXUINT32 / 4);
    ice->ep_block = g_new0(ep_entry_t *, (ice->max_endpoints + EP_BLOCK - 1) / EP_BLOCK);
    ice->ag_block = g_new0(agent_rec_t *, (ice->max_endpoints + AG_BLOCK) / AG_BLOCK);
    ice->ag_free = AG_NONE;
    return ice;
}

void stun_ice_free(stun_ice_t *ice)
{
    if (!ice)
        return;
    g_queue_clear(&ice->ufrag_order);
    g_hash_table_destroy(ice->by_ufrag);
    for (guint i = 0; i < ice->ag_used; i++) {
        agent_rec_t *r = agent_at(ice, i);
        if (r->refs) {
            unintern(r->a.ufrag);
            unintern(r->a.pwd);
        }
    }
    for (guint b = 0; b * AG_BLOCK < ice->ag_used; b++)
        g_free(ice->ag_block[b]);
    for (guint b = 0; b * EP_BLOCK < ice->ep_count; b++)
        g_free(ice->ep_block[b]);
    g_free(ice->ag_block);
    g_free(ice->ep_block);
    g_free(ice->index);
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
        e->ufrag = intern(ufrag);
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
            unintern(e->agent[--e->n].pwd);
        memmove(&e->agent[1], &e->agent[0], e->n * sizeof a);
        e->n++;
        a.ufrag = e->ufrag;   /* borrowed: the entry outlives its agents */
        a.pwd = intern(pwd);
    }
    a.call = call;
    a.sdp_frame = frame;
    e->agent[0] = a;
}

/* ---------------------------------------------------------------- agent records */

static guint32 agent_new(stun_ice_t *ice, const char *ufrag, const char *pwd, guint call, guint32 frame)
{
    agent_rec_t *r;
    guint32 i;

    if (ice->ag_free != AG_NONE) {
        i = ice->ag_free;
        r = agent_at(ice, i);
        ice->ag_free = r->next_free;
    } else {
        i = ice->ag_used++;
        if (i % AG_BLOCK == 0)
            ice->ag_block[i / AG_BLOCK] = g_new(agent_rec_t, AG_BLOCK);
        r = agent_at(ice, i);
    }
    r->a.call = call;
    r->a.sdp_frame = frame;
    r->a.ufrag = intern(ufrag);
    r->a.pwd = intern(pwd);
    r->refs = 1;
    r->next_free = AG_NONE;
    return i;
}

static void agent_unref(stun_ice_t *ice, guint32 i)
{
    agent_rec_t *r = agent_at(ice, i);

    if (--r->refs)
        return;
    unintern(r->a.ufrag);
    unintern(r->a.pwd);
    memset(&r->a, 0, sizeof r->a);
    r->next_free = ice->ag_free;
    ice->ag_free = i;
}

/* ---------------------------------------------------------------- endpoint index */

static guint32 *index_find(const stun_ice_t *ice, const ss_endpoint_t *ep)
{
    guint mask = ice->index_mask;

    if (!ice->index)
        return NULL;
    for (guint i = ss_endpoint_hash(ep) & mask; ice->index[i]; i = (i + 1) & mask)
        if (ss_endpoint_equal(&ep_at(ice, ice->index[i] - 1)->ep, ep))
            return &ice->index[i];
    return NULL;
}

static void index_put(guint32 *index, guint mask, const ss_endpoint_t *ep, guint pos)
{
    guint i = ss_endpoint_hash(ep) & mask;
    while (index[i])
        i = (i + 1) & mask;
    index[i] = pos + 1;
}

/* keep the load at most 3/4: linear probing degrades quickly beyond that */
static void index_reserve(stun_ice_t *ice, guint count)
{
    guint size = ice->index ? ice->index_mask + 1 : 0;
    guint32 *n;

    if ((guint64)count * 4 <= (guint64)size * 3)
        return;
    size = size ? size * 2 : 16;
    n = g_new0(guint32, size);
    for (guint pos = 0; pos < ice->ep_count; pos++)
        index_put(n, size - 1, &ep_at(ice, pos)->ep, pos);
    g_free(ice->index);
    ice->index = n;
    ice->index_mask = size - 1;
}

/* Backward-shift deletion: later members of the probe run move up, so lookups never stop
 * early at the hole and no tombstones accumulate as the ring keeps evicting. */
static void index_remove(stun_ice_t *ice, guint32 *slot)
{
    guint mask = ice->index_mask;
    guint hole = (guint)(slot - ice->index), j = hole;

    for (;;) {
        guint home;
        j = (j + 1) & mask;
        if (!ice->index[j])
            break;
        home = ss_endpoint_hash(&ep_at(ice, ice->index[j] - 1)->ep) & mask;
        if (((j - home) & mask) < ((j - hole) & mask))
            continue;   /* its home lies after the hole: it must stay reachable from there */
        ice->index[hole] = ice->index[j];
        hole = j;
    }
    ice->index[hole] = 0;
}

/* ---------------------------------------------------------------- SDP */

/* The agent record of the media section being added, created when its first endpoint is. */
typedef struct {
    guint32     agent;   /* AG_NONE: not yet */
    const char *ufrag, *pwd;
    guint       call;
    guint32     frame;
} sdp_agent_t;

static void add_ep(stun_ice_t *ice, const ss_endpoint_t *ep, sdp_agent_t *cur)
{
    guint32 *slot;
    ep_entry_t *e;
    guint pos;

    if (ep->family == 0 || ep->port == 0)
        return;
    if (cur->agent == AG_NONE)
        cur->agent = agent_new(ice, cur->ufrag, cur->pwd, cur->call, cur->frame);
    slot = index_find(ice, ep);
    if (slot) {
        /* announced again: the newest SDP wins, the entry keeps its place in the ring */
        e = ep_at(ice, *slot - 1);
        if (e->agent != cur->agent) {
            agent_at(ice, cur->agent)->refs++;
            agent_unref(ice, e->agent);
            e->agent = cur->agent;
        }
        return;
    }
    pos = ice->ep_next;
    if (ice->ep_count == ice->max_endpoints) {
        e = ep_at(ice, pos);   /* the oldest */
        index_remove(ice, index_find(ice, &e->ep));
        agent_unref(ice, e->agent);
    } else {
        if (pos % EP_BLOCK == 0)
            ice->ep_block[pos / EP_BLOCK] = g_new(ep_entry_t, MIN(EP_BLOCK, ice->max_endpoints - pos));
        index_reserve(ice, ice->ep_count + 1);
        ice->ep_count++;
    }
    e = ep_at(ice, pos);
    e->ep = *ep;
    e->agent = cur->agent;
    agent_at(ice, cur->agent)->refs++;
    index_put(ice->index, ice->index_mask, ep, pos);
    ice->ep_next = pos + 1 == ice->max_endpoints ? 0 : pos + 1;
}

void stun_ice_add_sdp(stun_ice_t *ice, const ss_sdp_t *sdp, guint call, guint32 frame)
{
    sdp_agent_t cur = { AG_NONE, NULL, NULL, call, frame };

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
        /* media sections with the same credentials (always so without ICE) share one record */
        if (cur.agent != AG_NONE && !(same_str(cur.ufrag, uf) && same_str(cur.pwd, m->ice_pwd))) {
            agent_unref(ice, cur.agent);
            cur.agent = AG_NONE;
        }
        cur.ufrag = uf;
        cur.pwd = m->ice_pwd;
        add_ep(ice, &m->rtp, &cur);
        add_ep(ice, &m->rtcp, &cur);
        for (guint j = 0; j < m->n_cand; j++)
            add_ep(ice, &m->cand[j].addr, &cur);
    }
    if (cur.agent != AG_NONE)
        agent_unref(ice, cur.agent);   /* freed when no endpoint took it */
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
    const guint32 *slot;
    if (!ice || !ep || ep->family == 0)
        return NULL;
    slot = index_find(ice, ep);
    return slot ? &agent_at(ice, ep_at(ice, *slot - 1)->agent)->a : NULL;
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

guint stun_ice_endpoint_count(const stun_ice_t *ice)
{
    return ice ? ice->ep_count : 0;
}
