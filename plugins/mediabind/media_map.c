/* media_map.c: SDP offer/answer pairing and the address:port -> m-line map (see media_map.h). */
#include "plugins/mediabind/media_map.h"
#include "plugins/mediabind/flow_table.h"
#include "plugins/mediabind/addr_table.h"
#include "plugins/core/arena.h"

#include <string.h>

/* ---------------------------------------------------------------------------------- */
/* internal objects                                                                    */

/* one m-line of an SDP as kept while the offer waits for its answer */
typedef struct {
    char media[16];
    char proto[16];
    mediabind_sdp_side_t side;      /* owns fmt/cand */
} sdp_line_t;

/* One allocation: the offer, then its m-lines, its early bindings and the lines' arrays. */
typedef struct {
    guint32           frame;
    guint32           cseq;
    char              cseq_method[12];
    gboolean          in_response;  /* late offer: answered by ACK/PRACK */
    mediabind_side_t  offerer;
    ss_endpoint_t     sig_src, sig_dst;
    guint             n_media;
    sdp_line_t       *media;
    /* initial offer: offer-only bindings registered at once, completed by the first answer
     * (all NULL for other offers) */
    mediabind_binding_t **early;
} offer_t;

typedef struct {
    guint32       cseq;
    ss_endpoint_t src;
} late_t;

#define MAX_LATE 2
#define MAX_TAGS 8

/* Offers waiting for answers and INVITEs waiting for a late offer: allocated while a call
 * has any (most calls end with none: the BYE clears them). */
typedef struct {
    offer_t         *pending[MB_MAX_PENDING];
    guint            n_pending;
    late_t           late[MAX_LATE];
    guint            n_late;
} nego_t;

/* a binding in the map's arena, with its sides' fmt/cand arrays behind it */
typedef struct binding {
    mediabind_binding_t pub;
    struct binding     *next;             /* the call's bindings, newest first */
} binding_t;

/* In the map's arena (lives as long as the map); pub first: a binding's call is a call_t. */
typedef struct {
    mediabind_call_t pub;
    char            *caller_tag;
    nego_t          *nego;                /* NULL: nothing pending */
    GPtrArray       *to_tags;             /* leg numbering when the dialog engine gives none
                                           * (created on demand, at most MAX_TAGS) */
    binding_t       *bindings;            /* newest first; pub.n_bindings of them */
    gboolean         negotiated;          /* an answer was seen: re-offers wait for answers */
} call_t;

struct mb_map {
    GHashTable *calls;      /* GUINT_TO_POINTER(call) -> call_t* */
    mb_addr_table_t *addrs; /* receive address -> binding side */
    ss_arena_t *arena;      /* calls, bindings, streams */
    mb_flow_table_t *flows; /* (src, dst, kind) -> the current piece of each flow */
    GStringChunk *names;    /* codec names, interned */
    guint32 gen;            /* bumped by every SDP: while it stays, addrs and bindings are
                             * unchanged and a stream's memo (mediabind_stream_t) holds */
};

/* ---------------------------------------------------------------------------------- */
/* small helpers                                                                       */

static gboolean ep_usable(const ss_endpoint_t *ep)
{
    static const guint8 zero[16];
    if (ep->family != 4 && ep->family != 6)
        return FALSE;
    if (ep->port == 0)
        return FALSE;
    return memcmp(ep->addr, zero, ep->family == 4 ? 4 : 16) != 0;
}

static gboolean str_eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static gboolean method_is(const char *m, const char *lit)
{
    return m && g_ascii_strcasecmp(m, lit) == 0;
}

static mediabind_side_t other(mediabind_side_t s)
{
    return s == MB_SIDE_CALLER ? MB_SIDE_CALLEE : MB_SIDE_CALLER;
}

static guint8 cand_type_of(const char *t)
{
    if (!g_ascii_strcasecmp(t, "host"))  return MB_CAND_HOST;
    if (!g_ascii_strcasecmp(t, "srflx")) return MB_CAND_SRFLX;
    if (!g_ascii_strcasecmp(t, "prflx")) return MB_CAND_PRFLX;
    if (!g_ascii_strcasecmp(t, "relay")) return MB_CAND_RELAY;
    return MB_CAND_OTHER;
}

/* ---------------------------------------------------------------------------------- */
/* public helpers (mediabind_record.h)                                                 */

const char *mediabind_dir_str(mediabind_dir_t d)
{
    return d == MB_DIR_CALLEE_TO_CALLER ? "callee->caller" : "caller->callee";
}

const char *mediabind_phase_str(mediabind_phase_t p)
{
    switch (p) {
    case MB_PHASE_ESTABLISHED: return "established";
    case MB_PHASE_AFTER_BYE:   return "after-bye";
    default:                   return "early";
    }
}

const char *mediabind_cand_str(guint8 t)
{
    switch (t) {
    case MB_CAND_HOST:  return "host";
    case MB_CAND_SRFLX: return "srflx";
    case MB_CAND_PRFLX: return "prflx";
    case MB_CAND_RELAY: return "relay";
    case MB_CAND_OTHER: return "other";
    default:            return NULL;
    }
}

const char *mediabind_kind_str(mediabind_kind_t k)
{
    switch (k) {
    case MB_KIND_RTCP:  return "RTCP";
    case MB_KIND_UDPTL: return "UDPTL";
    default:            return "RTP";
    }
}

static mediabind_side_t receiver_side(const mediabind_stream_t *s)
{
    return s->direction == MB_DIR_CALLER_TO_CALLEE ? MB_SIDE_CALLEE : MB_SIDE_CALLER;
}

const mediabind_sdp_side_t *mediabind_stream_receiver(const mediabind_stream_t *s)
{
    const mediabind_sdp_side_t *d = &s->binding->side[receiver_side(s)];
    return d->sdp_frame ? d : NULL;
}

const mediabind_sdp_side_t *mediabind_stream_sender(const mediabind_stream_t *s)
{
    const mediabind_sdp_side_t *d = &s->binding->side[other(receiver_side(s))];
    return d->sdp_frame ? d : NULL;
}

mediabind_phase_t mediabind_phase(const mediabind_call_t *c, guint32 frame)
{
    if (c->bye_frame && frame > c->bye_frame)
        return MB_PHASE_AFTER_BYE;
    if (c->answer_frame && frame > c->answer_frame)
        return MB_PHASE_ESTABLISHED;
    return MB_PHASE_EARLY;
}

static const mediabind_fmt_t *side_fmt(const mediabind_sdp_side_t *d, guint8 pt)
{
    if (!d)
        return NULL;
    for (guint i = 0; i < d->n_fmt; i++)
        if (d->fmt[i].pt == pt)
            return &d->fmt[i];
    return NULL;
}

static const mediabind_fmt_t *static_fmt(guint8 pt)
{
    static mediabind_fmt_t table[128];
    static gboolean filled[128];
    const char *name;
    guint32 clock;
    guint8 ch;

    if (pt >= 128 || !ss_rtp_static_pt(pt, &name, &clock, &ch))
        return NULL;
    if (!filled[pt]) {
        table[pt].pt = pt;
        table[pt].name = name;
        table[pt].clock = clock;
        table[pt].channels = ch;
        table[pt].has_rtpmap = FALSE;
        filled[pt] = TRUE;
    }
    return &table[pt];
}

const mediabind_fmt_t *mediabind_stream_fmt(const mediabind_stream_t *s, guint8 pt, gboolean *negotiated)
{
    const mediabind_binding_t *b = s->binding;
    const mediabind_sdp_side_t *recv = mediabind_stream_receiver(s);
    const mediabind_sdp_side_t *send = mediabind_stream_sender(s);
    const mediabind_fmt_t *fr = side_fmt(recv, pt), *fs = side_fmt(send, pt);

    if (negotiated) {
        const mediabind_sdp_side_t *o = &b->side[b->offerer], *a = &b->side[other(b->offerer)];
        if (b->answer_frame && a->sdp_frame)
            *negotiated = side_fmt(o, pt) && side_fmt(a, pt);
        else
            *negotiated = side_fmt(o, pt) != NULL;
    }
    if (fr && fr->name && fr->name[0])
        return fr;
    if (fs && fs->name && fs->name[0])
        return fs;
    return static_fmt(pt);
}

const char *mediabind_fmt_str(const mediabind_fmt_t *f, guint8 pt, char *buf, gsize len)
{
    if (!f || !f->name || !f->name[0])
        g_snprintf(buf, len, "PT %u", pt);
    else if (f->clock && f->channels > 1)
        g_snprintf(buf, len, "%s/%u/%u", f->name, f->clock, f->channels);
    else if (f->clock)
        g_snprintf(buf, len, "%s/%u", f->name, f->clock);
    else
        g_snprintf(buf, len, "%s", f->name);
    return buf;
}

gboolean mediabind_stream_oneway(const mediabind_stream_t *s)
{
    const mediabind_sdp_side_t *recv, *send;

    if (s->kind != MB_KIND_RTP || !s->call->answer_frame || s->stats.packets == 0)
        return FALSE;
    recv = mediabind_stream_receiver(s);
    send = mediabind_stream_sender(s);
    /* reverse media flows from the receiver to the sender: did SDP allow it? */
    if (recv && (recv->dir == SS_SDP_RECVONLY || recv->dir == SS_SDP_INACTIVE))
        return FALSE;
    if (send && (send->dir == SS_SDP_SENDONLY || send->dir == SS_SDP_INACTIVE))
        return FALSE;
    for (const mediabind_stream_t *o = s->call->streams; o; o = o->next_in_call)
        if (o->kind == MB_KIND_RTP && o->number == s->number && o->direction != s->direction &&
            o->stats.packets > 0)
            return FALSE;
    return TRUE;
}

/* ---------------------------------------------------------------------------------- */
/* map lifetime                                                                        */

static void free_offer(offer_t *o)
{
    g_free(o);      /* one block (offer_from_sdp) */
}

/* Calls, bindings and streams are in the arena: only what a call allocated on the side. */
static void free_call(gpointer p)
{
    call_t *c = p;
    if (c->nego) {
        for (guint i = 0; i < c->nego->n_pending; i++)
            free_offer(c->nego->pending[i]);
        g_free(c->nego);
    }
    if (c->to_tags)
        g_ptr_array_free(c->to_tags, TRUE);
    g_free(c->caller_tag);
}

mb_map_t *mb_map_new(void)
{
    mb_map_t *m = g_new0(mb_map_t, 1);
    m->gen = 1;     /* a zeroed memo never holds */
    m->calls = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, free_call);
    m->addrs = mb_addr_table_new();
    m->arena = ss_arena_new();
    m->flows = mb_flow_table_new();
    m->names = g_string_chunk_new(256);
    return m;
}

void mb_map_free(mb_map_t *m)
{
    if (!m)
        return;
    mb_flow_table_free(m->flows);
    mb_addr_table_free(m->addrs);
    g_hash_table_destroy(m->calls);
    ss_arena_free(m->arena);
    g_string_chunk_free(m->names);
    g_free(m);
}

gsize mb_map_memory(const mb_map_t *m)
{
    /* hash table slots: about 3 words per call (pending offers are not counted) */
    return g_hash_table_size(m->calls) * 3 * sizeof(gpointer) + ss_arena_memory(m->arena) +
           mb_addr_table_memory(m->addrs) + mb_flow_table_memory(m->flows);
}

static call_t *call_get(mb_map_t *m, guint call)
{
    call_t *c = g_hash_table_lookup(m->calls, GUINT_TO_POINTER(call));
    if (!c) {
        c = ss_arena_alloc0(m->arena, sizeof *c);
        c->pub.call = call;
        g_hash_table_insert(m->calls, GUINT_TO_POINTER(call), c);
    }
    return c;
}

const mediabind_call_t *mb_map_call(const mb_map_t *m, guint call)
{
    call_t *c = g_hash_table_lookup(m->calls, GUINT_TO_POINTER(call));
    return c ? &c->pub : NULL;
}

static gint cmp_call(gconstpointer a, gconstpointer b)
{
    const mediabind_call_t *x = *(const mediabind_call_t *const *)a;
    const mediabind_call_t *y = *(const mediabind_call_t *const *)b;
    return x->call < y->call ? -1 : x->call > y->call;
}

GPtrArray *mb_map_calls(const mb_map_t *m)
{
    GPtrArray *a = g_ptr_array_new();
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, m->calls);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        call_t *c = v;
        if (c->bindings || c->pub.streams)
            g_ptr_array_add(a, &c->pub);
    }
    g_ptr_array_sort(a, cmp_call);
    return a;
}

/* ---------------------------------------------------------------------------------- */
/* SDP -> compact sides                                                                */

/* How many formats and (usable, UDP) candidates a side keeps of an m-line. */
static void side_counts(const ss_sdp_media_t *sm, guint *n_fmt, guint *n_cand)
{
    guint n = 0;
    for (guint i = 0; i < sm->n_cand && n < MB_MAX_CAND; i++)
        if (sm->cand[i].udp && ep_usable(&sm->cand[i].addr))
            n++;
    *n_fmt = MIN(sm->n_fmt, MB_MAX_FMT);
    *n_cand = n;
}

/* Fill d from an m-line; its arrays go to fmt and cand (room for side_counts() entries),
 * owned by the caller. */
static void side_from_sdp(mb_map_t *m, const ss_sdp_media_t *sm, guint32 frame, mediabind_sdp_side_t *d,
                          mediabind_fmt_t *fmt, mediabind_cand_t *cand)
{
    guint nf, nc, n;

    side_counts(sm, &nf, &nc);
    memset(d, 0, sizeof *d);
    d->sdp_frame = frame;
    d->rtp = sm->rtp;
    d->rtp.port = sm->port;
    d->rtcp = sm->rtcp;
    d->rtcp_mux = sm->rtcp_mux ? 1 : 0;
    d->dir = (guint8)sm->dir;
    if (sm->port == 0) {
        d->rtcp.port = 0;
    }
    if (nf) {
        d->fmt = fmt;
        for (guint i = 0; i < nf; i++) {
            const ss_sdp_fmt_t *f = &sm->fmt[i];
            mediabind_fmt_t *o = &d->fmt[i];
            memset(o, 0, sizeof *o);
            o->pt = f->pt;
            o->has_rtpmap = f->has_rtpmap ? 1 : 0;
            o->clock = f->clock;
            o->channels = f->channels;
            o->name = g_string_chunk_insert_const(m->names, f->name);
        }
        d->n_fmt = (guint8)nf;
    }
    if (nc) {
        d->cand = cand;
        n = 0;
        for (guint i = 0; i < sm->n_cand && n < nc; i++) {
            const ss_sdp_cand_t *c = &sm->cand[i];
            if (!c->udp || !ep_usable(&c->addr))
                continue;
            memset(&d->cand[n], 0, sizeof d->cand[n]);
            d->cand[n].addr = c->addr;
            d->cand[n].type = cand_type_of(c->type);
            d->cand[n].component = c->component;
            n++;
        }
        d->n_cand = (guint8)nc;
    }
}

/* room for one side's arrays on the stack (an answer being compared with the bindings) */
typedef struct {
    mediabind_fmt_t  fmt[MB_MAX_FMT];
    mediabind_cand_t cand[MB_MAX_CAND];
} side_buf_t;

/* same announcement (the frame does not matter) */
static gboolean side_same(const mediabind_sdp_side_t *a, const mediabind_sdp_side_t *b)
{
    if ((a->sdp_frame != 0) != (b->sdp_frame != 0))
        return FALSE;
    if (!ss_endpoint_equal(&a->rtp, &b->rtp) || !ss_endpoint_equal(&a->rtcp, &b->rtcp) ||
        a->rtcp_mux != b->rtcp_mux || a->dir != b->dir || a->n_fmt != b->n_fmt || a->n_cand != b->n_cand)
        return FALSE;
    for (guint i = 0; i < a->n_fmt; i++) {
        const mediabind_fmt_t *x = &a->fmt[i], *y = &b->fmt[i];
        if (x->pt != y->pt || x->clock != y->clock || x->channels != y->channels || x->name != y->name)
            return FALSE;   /* names are interned */
    }
    for (guint i = 0; i < a->n_cand; i++)
        if (!ss_endpoint_equal(&a->cand[i].addr, &b->cand[i].addr) || a->cand[i].type != b->cand[i].type ||
            a->cand[i].component != b->cand[i].component)
            return FALSE;
    return TRUE;
}

#define ALIGN8(n) (((n) + 7) & ~(gsize)7)

static offer_t *offer_from_sdp(mb_map_t *m, const mb_sig_t *sig, mediabind_side_t offerer, gboolean in_response)
{
    guint n_media = sig->sdp->n_media, nf, nc;
    gsize size = ALIGN8(sizeof(offer_t)) + n_media * (sizeof(sdp_line_t) + sizeof(mediabind_binding_t *));
    gsize cand_size = 0;
    offer_t *o;
    char *fmt_at, *cand_at;

    /* one block: offer, lines, early slots, formats, then candidates (2-byte aligned) */
    for (guint i = 0; i < n_media; i++) {
        side_counts(&sig->sdp->media[i], &nf, &nc);
        size += nf * sizeof(mediabind_fmt_t);
        cand_size += nc * sizeof(mediabind_cand_t);
    }
    o = g_malloc0(size + cand_size);
    o->frame = sig->frame;
    o->cseq = sig->cseq;
    g_strlcpy(o->cseq_method, sig->cseq_method ? sig->cseq_method : (sig->method ? sig->method : ""),
              sizeof o->cseq_method);
    o->in_response = in_response;
    o->offerer = offerer;
    o->sig_src = sig->src;
    o->sig_dst = sig->dst;
    o->n_media = n_media;
    o->media = (sdp_line_t *)((char *)o + ALIGN8(sizeof(offer_t)));
    o->early = (mediabind_binding_t **)(o->media + n_media);
    fmt_at = (char *)(o->early + n_media);
    cand_at = (char *)o + size;
    for (guint i = 0; i < n_media; i++) {
        const ss_sdp_media_t *sm = &sig->sdp->media[i];
        g_strlcpy(o->media[i].media, sm->media, sizeof o->media[i].media);
        g_strlcpy(o->media[i].proto, sm->proto, sizeof o->media[i].proto);
        side_from_sdp(m, sm, sig->frame, &o->media[i].side, (mediabind_fmt_t *)fmt_at, (mediabind_cand_t *)cand_at);
        fmt_at += o->media[i].side.n_fmt * sizeof(mediabind_fmt_t);
        cand_at += o->media[i].side.n_cand * sizeof(mediabind_cand_t);
    }
    return o;
}

static gboolean offer_same_content(const offer_t *a, const offer_t *b)
{
    if (a->n_media != b->n_media || a->offerer != b->offerer || a->cseq != b->cseq)
        return FALSE;
    for (guint i = 0; i < a->n_media; i++)
        if (!side_same(&a->media[i].side, &b->media[i].side))
            return FALSE;
    return TRUE;
}

/* ---------------------------------------------------------------------------------- */
/* address registration                                                                */

static void addr_put(mb_map_t *m, const ss_endpoint_t *ep, mediabind_binding_t *b, mediabind_side_t side,
                     guint8 cand_type, gboolean candidate_only)
{
    mb_addr_val_t e;
    if (!ep_usable(ep))
        return;
    if (mb_addr_table_find(m->addrs, ep, &e) && candidate_only && e.b == b && e.side == side &&
        !e.candidate_only) {
        /* a candidate repeating the c=/m= address: keep the entry, note the type */
        if (!e.cand_type) {
            e.cand_type = cand_type;
            mb_addr_table_put(m->addrs, ep, &e);
        }
        return;
    }
    e.b = b;
    e.side = (guint8)side;
    e.cand_type = cand_type;
    e.candidate_only = candidate_only ? 1 : 0;
    mb_addr_table_put(m->addrs, ep, &e);
}

static void register_side(mb_map_t *m, mediabind_binding_t *b, mediabind_side_t side)
{
    const mediabind_sdp_side_t *d = &b->side[side];
    if (!d->sdp_frame || d->rtp.port == 0)
        return;
    addr_put(m, &d->rtp, b, side, MB_CAND_NONE, FALSE);
    if (!ss_endpoint_equal(&d->rtcp, &d->rtp))
        addr_put(m, &d->rtcp, b, side, MB_CAND_NONE, FALSE);
    for (guint i = 0; i < d->n_cand; i++)
        addr_put(m, &d->cand[i].addr, b, side, d->cand[i].type, TRUE);
}

static void register_binding(mb_map_t *m, mediabind_binding_t *b)
{
    /* an m-line the answerer rejected (port 0) carries no media */
    if (b->answer_frame && b->side[other(b->offerer)].sdp_frame && b->side[other(b->offerer)].rtp.port == 0)
        return;
    register_side(m, b, MB_SIDE_CALLER);
    register_side(m, b, MB_SIDE_CALLEE);
}

gboolean mb_map_known(const mb_map_t *m, const ss_endpoint_t *ep)
{
    return mb_addr_table_find(m->addrs, ep, NULL);
}

/* ---------------------------------------------------------------------------------- */
/* offer/answer                                                                        */

static mediabind_side_t sender_role(call_t *c, const mb_sig_t *sig)
{
    if (sig->sender == MB_ROLE_CALLER)
        return MB_SIDE_CALLER;
    if (sig->sender == MB_ROLE_CALLEE)
        return MB_SIDE_CALLEE;
    if (!c->caller_tag && sig->from_tag)
        c->caller_tag = g_strdup(sig->from_tag);   /* From of the first message = caller */
    {
        gboolean from_is_caller = !c->caller_tag || !sig->from_tag || str_eq(sig->from_tag, c->caller_tag);
        /* requests are sent by their From; responses by the other party */
        return (sig->is_request == from_is_caller) ? MB_SIDE_CALLER : MB_SIDE_CALLEE;
    }
}

static guint leg_of(call_t *c, const mb_sig_t *sig)
{
    if (sig->leg)
        return sig->leg;
    if (!sig->to_tag || !*sig->to_tag)
        return 1;
    if (!c->to_tags)
        c->to_tags = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < c->to_tags->len; i++)
        if (str_eq(g_ptr_array_index(c->to_tags, i), sig->to_tag))
            return i + 1;
    if (c->to_tags->len < MAX_TAGS) {
        g_ptr_array_add(c->to_tags, g_strdup(sig->to_tag));
        return c->to_tags->len;
    }
    return MAX_TAGS;
}

/* A call's negotiation state for reading: an empty one when it has none. */
static const nego_t *nego_of(const call_t *c)
{
    static const nego_t none;
    return c->nego ? c->nego : &none;
}

/* ... and for writing (allocated on first use) */
static nego_t *nego_get(call_t *c)
{
    if (!c->nego)
        c->nego = g_new0(nego_t, 1);
    return c->nego;
}

/* Free the state once nothing is pending. */
static void nego_trim(call_t *c)
{
    if (c->nego && !c->nego->n_pending && !c->nego->n_late) {
        g_free(c->nego);
        c->nego = NULL;
    }
}

static void pending_add(call_t *c, offer_t *o)
{
    nego_t *g = nego_get(c);
    if (g->n_pending == MB_MAX_PENDING) {
        free_offer(g->pending[0]);
        memmove(g->pending, g->pending + 1, (MB_MAX_PENDING - 1) * sizeof g->pending[0]);
        g->n_pending--;
    }
    g->pending[g->n_pending++] = o;
}

/* (c has pending offers: its state stays allocated until nego_trim) */
static void pending_remove(call_t *c, guint i)
{
    nego_t *g = c->nego;
    free_offer(g->pending[i]);
    memmove(g->pending + i, g->pending + i + 1, (g->n_pending - i - 1) * sizeof g->pending[0]);
    g->n_pending--;
}

/* The pending offer an answer belongs to: same CSeq (responses) or offered in a response
 * (ACK/PRACK answers), made by the other side; on several hops the one whose source is the
 * answer's destination. */
static offer_t *find_offer(call_t *c, const mb_sig_t *sig, mediabind_side_t answerer, gboolean want_in_response)
{
    const nego_t *g = nego_of(c);
    offer_t *best = NULL;
    for (guint i = g->n_pending; i-- > 0;) {
        offer_t *o = g->pending[i];
        if (o->offerer == answerer || o->in_response != want_in_response)
            continue;
        if (!want_in_response && (o->cseq != sig->cseq ||
                                  (sig->cseq_method && g_ascii_strcasecmp(o->cseq_method, sig->cseq_method))))
            continue;
        if (ss_endpoint_addr_equal(&o->sig_src, &sig->dst))
            return o;
        if (!best)
            best = o;
    }
    return best;
}

static mediabind_binding_t *find_same_binding(call_t *c, const mediabind_binding_t *nb)
{
    for (binding_t *e = c->bindings; e; e = e->next) {      /* newest first */
        mediabind_binding_t *b = &e->pub;
        if (b->leg == nb->leg && b->mline == nb->mline && b->offerer == nb->offerer &&
            (b->answer_frame != 0) == (nb->answer_frame != 0) &&
            side_same(&b->side[0], &nb->side[0]) && side_same(&b->side[1], &nb->side[1]))
            return b;
    }
    return NULL;
}

/* Copy src into d with its arrays at *fmt_at and *cand_at (advanced past them). */
static void side_keep(mediabind_sdp_side_t *d, const mediabind_sdp_side_t *src, char **fmt_at, char **cand_at)
{
    *d = *src;
    d->fmt = NULL;
    d->cand = NULL;
    if (src->n_fmt) {
        d->fmt = memcpy(*fmt_at, src->fmt, src->n_fmt * sizeof *src->fmt);
        *fmt_at += src->n_fmt * sizeof *src->fmt;
    }
    if (src->n_cand) {
        d->cand = memcpy(*cand_at, src->cand, src->n_cand * sizeof *src->cand);
        *cand_at += src->n_cand * sizeof *src->cand;
    }
}

static gsize side_fmt_bytes(const mediabind_sdp_side_t *d)
{
    return d->n_fmt * sizeof(mediabind_fmt_t);
}

static gsize side_cand_bytes(const mediabind_sdp_side_t *d)
{
    return d->n_cand * sizeof(mediabind_cand_t);
}

/* A copy of nb (whose sides' arrays the caller keeps) in the arena: one block with the
 * arrays behind the binding. */
static mediabind_binding_t *binding_add(mb_map_t *m, call_t *c, const mediabind_binding_t *nb)
{
    gsize fmts, cands;
    binding_t *b;
    char *fmt_at, *cand_at;

    if (c->pub.n_bindings >= MB_MAX_BINDINGS_PER_CALL) {
        c->pub.truncated++;
        return NULL;
    }
    fmts = side_fmt_bytes(&nb->side[0]) + side_fmt_bytes(&nb->side[1]);
    cands = side_cand_bytes(&nb->side[0]) + side_cand_bytes(&nb->side[1]);
    b = ss_arena_alloc0(m->arena, sizeof *b + fmts + cands);
    fmt_at = (char *)(b + 1);
    cand_at = fmt_at + fmts;
    b->pub = *nb;
    side_keep(&b->pub.side[0], &nb->side[0], &fmt_at, &cand_at);
    side_keep(&b->pub.side[1], &nb->side[1], &fmt_at, &cand_at);
    b->pub.call = &c->pub;
    b->next = c->bindings;
    c->bindings = b;
    c->pub.n_bindings++;
    return &b->pub;
}

/* An unanswered offer-only binding of a pending offer with the same content: the same
 * INVITE relayed over several hops (a withdrawn offer, e.g. challenged with 407, is no longer
 * pending and its bindings are not reused: the retry is the offer). */
static mediabind_binding_t *find_pending_early(call_t *c, const mediabind_binding_t *nb)
{
    const nego_t *g = nego_of(c);
    for (guint i = 0; i < g->n_pending; i++) {
        offer_t *o = g->pending[i];
        for (guint j = 0; o->early && j < o->n_media; j++) {
            mediabind_binding_t *b = o->early[j];
            if (b && b->answer_frame == 0 && b->mline == nb->mline && b->offerer == nb->offerer &&
                side_same(&b->side[b->offerer], &nb->side[nb->offerer]))
                return b;
        }
    }
    return NULL;
}

/* Offer-only bindings for an initial offer, so that media towards the offerer binds before
 * (or without) an answer. */
static void offer_early_bindings(mb_map_t *m, call_t *c, offer_t *o, guint leg)
{
    for (guint i = 0; i < o->n_media; i++) {
        mediabind_binding_t nb, *b;
        memset(&nb, 0, sizeof nb);
        nb.leg = leg;
        nb.mline = i;
        g_strlcpy(nb.media, o->media[i].media, sizeof nb.media);
        g_strlcpy(nb.proto, o->media[i].proto, sizeof nb.proto);
        nb.offer_frame = o->frame;
        nb.offerer = o->offerer;
        nb.side[o->offerer] = o->media[i].side;     /* arrays borrowed from the offer */
        b = find_pending_early(c, &nb);
        if (b) {
            if (o->frame < b->offer_frame)
                b->offer_frame = o->frame;
        } else {
            b = binding_add(m, c, &nb);
            if (!b)
                continue;
        }
        o->early[i] = b;
        register_binding(m, b);
    }
}

static void answer_offer(mb_map_t *m, call_t *c, offer_t *o, const mb_sig_t *sig, mediabind_side_t answerer)
{
    guint leg = leg_of(c, sig);
    guint n = MIN(o->n_media, sig->sdp->n_media);

    c->negotiated = TRUE;
    for (guint i = 0; i < n; i++) {
        mediabind_binding_t nb, *b;
        mediabind_binding_t *early = o->early ? o->early[i] : NULL;
        side_buf_t ans;

        memset(&nb, 0, sizeof nb);
        nb.leg = leg;
        nb.mline = i;
        g_strlcpy(nb.media, o->media[i].media, sizeof nb.media);
        g_strlcpy(nb.proto, o->media[i].proto, sizeof nb.proto);
        nb.offer_frame = o->frame;
        nb.answer_frame = sig->frame;
        nb.offerer = o->offerer;
        /* arrays borrowed from the offer and from the stack: binding_add copies them */
        nb.side[o->offerer] = o->media[i].side;
        side_from_sdp(m, &sig->sdp->media[i], sig->frame, &nb.side[answerer], ans.fmt, ans.cand);

        b = find_same_binding(c, &nb);
        if (b) {
            /* the same exchange seen on another hop (or repeated): name its first sighting */
            if (o->frame < b->offer_frame)
                b->offer_frame = o->frame;
        } else if (early && early->answer_frame == 0 && side_same(&early->side[o->offerer], &nb.side[o->offerer])) {
            /* complete the initial offer's binding in place (the answer's arrays in a block
             * of their own: the binding cannot move) */
            const mediabind_sdp_side_t *d = &nb.side[answerer];
            gsize fmts = side_fmt_bytes(d);
            char *fmt_at = fmts + side_cand_bytes(d) ? ss_arena_alloc0(m->arena, fmts + side_cand_bytes(d)) : NULL;
            char *cand_at = fmt_at ? fmt_at + fmts : NULL;
            side_keep(&early->side[answerer], d, &fmt_at, &cand_at);
            early->answer_frame = sig->frame;
            early->leg = leg;
            b = early;
        } else {
            b = binding_add(m, c, &nb);
            if (!b)
                continue;
        }
        register_binding(m, b);
    }
}

void mb_map_signal(mb_map_t *m, const mb_sig_t *sig)
{
    call_t *c;
    mediabind_side_t sender;

    if (!m || !sig || sig->call == 0)
        return;
    if (sig->sdp)
        m->gen++;   /* only an SDP adds or completes bindings and announces addresses */
    /* calls are created lazily: only those with SDP or media matter */
    c = g_hash_table_lookup(m->calls, GUINT_TO_POINTER(sig->call));
    if (!c && !sig->sdp && !(sig->is_request && method_is(sig->method, "INVITE")))
        return;
    c = call_get(m, sig->call);
    sender = sender_role(c, sig);

    /* milestones for the phase */
    if (sig->is_request && method_is(sig->method, "BYE")) {
        if (!c->pub.bye_frame)
            c->pub.bye_frame = sig->frame;
        /* the call is over: no answer can come for what is pending (keeps calls small) */
        while (nego_of(c)->n_pending)
            pending_remove(c, nego_of(c)->n_pending - 1);
        if (c->nego)
            c->nego->n_late = 0;
        nego_trim(c);
        return;
    }
    if (!sig->is_request && sig->status >= 200 && sig->status < 300 && method_is(sig->cseq_method, "INVITE") &&
        !c->pub.answer_frame)
        c->pub.answer_frame = sig->frame;

    if (sig->is_request) {
        if (!sig->sdp) {
            if (method_is(sig->method, "INVITE")) {
                /* late offer: the offer will come in a response of this CSeq */
                nego_t *g = nego_get(c);
                if (g->n_late == MAX_LATE) {
                    memmove(g->late, g->late + 1, (MAX_LATE - 1) * sizeof g->late[0]);
                    g->n_late--;
                }
                g->late[g->n_late].cseq = sig->cseq;
                g->late[g->n_late].src = sig->src;
                g->n_late++;
            }
            return;
        }
        if (method_is(sig->method, "ACK") || method_is(sig->method, "PRACK")) {
            offer_t *o = find_offer(c, sig, sender, TRUE);
            if (o) {
                answer_offer(m, c, o, sig, sender);
                return;
            }
            if (method_is(sig->method, "ACK"))
                return;      /* an ACK's SDP never offers */
        }
        if (method_is(sig->method, "CANCEL"))
            return;
        {
            offer_t *o = offer_from_sdp(m, sig, sender, FALSE);
            /* a retransmission of a pending offer adds nothing */
            const nego_t *g = nego_of(c);
            for (guint i = 0; i < g->n_pending; i++)
                if (!g->pending[i]->in_response && offer_same_content(g->pending[i], o) &&
                    ss_endpoint_addr_equal(&g->pending[i]->sig_src, &o->sig_src)) {
                    free_offer(o);
                    return;
                }
            if (!c->negotiated)
                offer_early_bindings(m, c, o, 0);
            pending_add(c, o);
        }
        return;
    }

    /* responses */
    if (sig->status >= 300) {
        /* the offer of this transaction is withdrawn */
        for (guint i = nego_of(c)->n_pending; i-- > 0;) {
            offer_t *o = c->nego->pending[i];
            if (!o->in_response && o->cseq == sig->cseq && o->offerer != sender &&
                (!sig->cseq_method || !g_ascii_strcasecmp(o->cseq_method, sig->cseq_method)) &&
                ss_endpoint_addr_equal(&o->sig_src, &sig->dst))
                pending_remove(c, i);
        }
        nego_trim(c);
        return;
    }
    if (!sig->sdp || sig->status < 101)
        return;
    {
        offer_t *o = find_offer(c, sig, sender, FALSE);
        if (o) {
            answer_offer(m, c, o, sig, sender);
            return;
        }
    }
    /* an offer in a response: the INVITE of this CSeq had no SDP */
    {
        gboolean late = FALSE;
        if (method_is(sig->cseq_method, "INVITE") || !sig->cseq_method)
            for (guint i = 0; i < nego_of(c)->n_late; i++)
                if (c->nego->late[i].cseq == sig->cseq)
                    late = TRUE;
        if (late) {
            offer_t *o = offer_from_sdp(m, sig, sender, TRUE);
            const nego_t *g = nego_of(c);
            for (guint i = 0; i < g->n_pending; i++)
                if (g->pending[i]->in_response && offer_same_content(g->pending[i], o)) {
                    free_offer(o);   /* retransmitted 2xx */
                    return;
                }
            if (!c->negotiated)
                offer_early_bindings(m, c, o, leg_of(c, sig));
            pending_add(c, o);
            return;
        }
    }
    /* a response with SDP that answers nothing we saw (capture started late, or a repeated
     * answer): keep it as an offer-only announcement unless the call already has it */
    if (!c->negotiated) {
        offer_t *o = offer_from_sdp(m, sig, sender, TRUE);
        offer_early_bindings(m, c, o, leg_of(c, sig));
        pending_add(c, o);
    }
}

/* ---------------------------------------------------------------------------------- */
/* media                                                                               */

static gboolean side_announces(const mediabind_sdp_side_t *d, const ss_endpoint_t *ep, mediabind_kind_t kind)
{
    if (!d->sdp_frame)
        return FALSE;
    if (ss_endpoint_equal(kind == MB_KIND_RTCP ? &d->rtcp : &d->rtp, ep))
        return TRUE;
    if (kind == MB_KIND_RTCP && d->rtcp_mux && ss_endpoint_equal(&d->rtp, ep))
        return TRUE;
    for (guint i = 0; i < d->n_cand; i++)
        if (ss_endpoint_equal(&d->cand[i].addr, ep))
            return TRUE;
    return FALSE;
}

int mediabind_stream_src_match(const mediabind_stream_t *s)
{
    const mediabind_sdp_side_t *send = mediabind_stream_sender(s);
    if (!send)
        return -1;
    return side_announces(send, &s->src, s->kind) ? 1 : 0;
}

static mediabind_stream_t *stream_new(mb_map_t *m, call_t *c, mediabind_binding_t *b, const mb_media_t *pkt,
                                      mediabind_side_t receiver, mediabind_match_t match, guint8 cand_type,
                                      mediabind_stream_t *prev)
{
    mediabind_stream_t *s = ss_arena_alloc0(m->arena, sizeof *s);
    /* arena alignment (8) leaves the low bits for the per-frame flags */
    g_assert(((guintptr)s & MB_FRAME_FLAG_MASK) == 0);
    s->call = &c->pub;
    s->binding = b;
    s->number = b->mline + 1;
    s->kind = pkt->kind;
    s->direction = receiver == MB_SIDE_CALLEE ? MB_DIR_CALLER_TO_CALLEE : MB_DIR_CALLEE_TO_CALLER;
    s->match = match;
    s->addr_match = match != MB_MATCH_SRC;
    s->cand_type = cand_type;
    s->src = pkt->src;
    s->dst = pkt->dst;
    s->first_frame = pkt->frame;
    s->rtp_offset = pkt->rtp_offset;
    s->first_pt = pkt->pt;
    mb_rtp_stats_init(&s->stats);
    if (prev && prev->call == &c->pub) {
        s->prev = prev;
        mb_rtp_stats_continue(&s->stats, &prev->stats);
    }
    if (c->pub.last_stream)
        c->pub.last_stream->next_in_call = s;
    else
        c->pub.streams = s;
    c->pub.last_stream = s;
    c->pub.n_streams++;
    return s;
}

/* The clock used for the jitter of a packet: the static table for PT < 96 (plus the old
 * 1016/G721/CN numbers 1, 2, 19), else what the receiver's SDP maps the payload type to: the
 * receiver's SDP defines the numbers sent to it (RFC 3264 section 5.1), so a dynamic type it
 * did not list has no agreed clock. telephone-event has none either (its timestamp is the
 * event start, RFC 4733 section 2.2.1). 0 = do not use the packet for jitter. */
static guint32 jitter_clock(const mediabind_stream_t *s, guint8 pt)
{
    const mediabind_fmt_t *f;
    guint32 clock = 0;
    if (pt < 96) {
        if (pt == 1 || pt == 2 || pt == 19)
            return 8000;
        if (ss_rtp_static_pt(pt, NULL, &clock, NULL))
            return clock;
    }
    f = side_fmt(mediabind_stream_receiver(s), pt);
    if (!f || (f->name && !g_ascii_strcasecmp(f->name, "telephone-event")))
        return 0;
    return f->clock;
}

mediabind_frame_t mb_map_media(mb_map_t *m, const mb_media_t *pkt)
{
    mb_addr_val_t e;
    mediabind_side_t receiver;
    mediabind_match_t match;
    guint8 cand_type = MB_CAND_NONE;
    mediabind_stream_t *s;
    call_t *c;
    guintptr flags = 0;

    if (!m || !pkt)
        return 0;
    s = mb_flow_table_find(m->flows, &pkt->src, &pkt->dst, pkt->kind);
    if (s && s->map_gen == m->gen)
        goto account;   /* no signal since this flow was bound: the lookups below would agree */

    if (mb_addr_table_find(m->addrs, &pkt->dst, &e)) {
        receiver = e.side;
        match = e.candidate_only ? MB_MATCH_DST_CANDIDATE : MB_MATCH_DST_SDP;
        cand_type = e.cand_type;
    } else {
        if (!mb_addr_table_find(m->addrs, &pkt->src, &e))
            return 0;
        receiver = other(e.side);
        match = MB_MATCH_SRC;
    }
    c = (call_t *)e.b->call;    /* bindings belong to call_t objects (pub first) */

    if (!s || s->binding != e.b || s->match != match) {
        s = stream_new(m, c, e.b, pkt, receiver, match, cand_type, s);
        mb_flow_table_put(m->flows, s);     /* the new piece stands for the flow */
    }
    s->map_gen = m->gen;

account:
    s->last_frame = pkt->frame;
    if (pkt->decoded_by_sipscope)
        s->decoded_by_sipscope = 1;

    if (pkt->kind == MB_KIND_RTP && pkt->has_rtp) {
        mb_rtp_sample_t smp;
        guint rf;
        if (s->last_pt.gen != m->gen || s->last_pt.pt != pkt->pt) {
            gboolean neg = FALSE;
            s->last_pt.fmt = mediabind_stream_fmt(s, pkt->pt, &neg);
            s->last_pt.negotiated = neg ? 1 : 0;
            s->last_pt.clock = jitter_clock(s, pkt->pt);
            s->last_pt.pt = pkt->pt;
            s->last_pt.gen = m->gen;
        }
        if (!s->last_pt.negotiated)
            s->pt_mismatch++;
        smp.seq = pkt->seq;
        smp.timestamp = pkt->timestamp;
        smp.ssrc = pkt->ssrc;
        smp.pt = pkt->pt;
        smp.marker = pkt->marker;
        smp.clock = s->last_pt.clock;
        smp.len = pkt->len;
        smp.arrival_ns = pkt->ts_ns;
        rf = mb_rtp_stats_add(&s->stats, &smp);
        if (rf & MB_RTP_SSRC_CHANGED)
            flags |= MB_FRAME_SSRC_CHANGED;
        if (rf & MB_RTP_DUPLICATE)
            flags |= MB_FRAME_DUPLICATE;
        if (rf & MB_RTP_OUT_OF_ORDER)
            flags |= MB_FRAME_OUT_OF_ORDER;
    } else {
        mb_rtp_stats_t *st = &s->stats;
        if (st->packets == 0)
            st->first_ns = pkt->ts_ns;      /* of this piece, continued or not */
        st->packets++;
        st->bytes += pkt->len;
        st->last_ns = pkt->ts_ns;
    }
    return (mediabind_frame_t)(guintptr)s | flags;
}
