/* ladder_feed.c: part records -> ladder model (see ladder_feed.h). */
#include "sip_ladder/ladder_feed.h"

#include <string.h>

#include "plugins/core/arena.h"
#include "plugins/core/sip_msg.h"
#include "plugins/sipdialog/sipdialog_record.h"
#include "plugins/sipauth/sipauth_record.h"
#include "plugins/mediabind/mediabind_record.h"
#include "stun_verify/stunverify_record.h"

/* One STUN message (the record has no frame, time or addresses). */
typedef struct {
    const stunverify_msg_t *m;
    guint32       frame;
    guint16       index;
    gboolean      matched;
    gint64        ts_ns;
    ss_endpoint_t src, dst;
    guint         call;        /* 0 until attached to a call */
} stun_ref_t;

/* A call's SIP messages in feed order: a list in the feed's arena (one per SIP message of
 * the capture, so no allocation of its own). */
typedef struct sip_node {
    const sipdialog_msg_t *m;
    struct sip_node       *next;
} sip_node_t;

/* In the feed's arena. */
typedef struct {
    const sd_call_t        *call;
    const mediabind_call_t *mcall;
    sip_node_t             *sip, *sip_last;
    GPtrArray              *auth;    /* const sipauth_msg_t * */
    GArray                 *stun;    /* guint indices into feed->stun */
    gboolean                selected;
    gboolean                stun_translated;
} call_ent_t;

struct ladder_feed {
    ss_arena_t *arena;                /* call entries and their message lists */
    GPtrArray  *calls;                /* [n] -> call_ent_t * (index 0 unused) */
    GArray     *stun;                 /* stun_ref_t */
    GArray     *srflx_pending;        /* indices of responses with a mapping, no call yet */
    GHashTable *txn_call;             /* const stun_txn_t * -> call number */
    GHashTable *txn_pending;          /* const stun_txn_t * -> GArray of indices */
    GHashTable *streams_seen;         /* const mediabind_stream_t * (stream detection) */
    GHashTable *stream_first;         /* stream -> gint64 * first packet time, for streams whose
                                         statistics lack it (see ladder_feed_media) */
    const mediabind_call_t *last_mcall;
    gint64      t0_ns;
    gboolean    have_t0;
    gboolean    no_attrs;             /* calls built without row attributes */
};

static void ent_free(gpointer p)
{
    call_ent_t *e = p;
    if (!e)
        return;
    if (e->auth)
        g_ptr_array_free(e->auth, TRUE);
    if (e->stun)
        g_array_free(e->stun, TRUE);
}

static void pending_free(gpointer p)
{
    g_array_free(p, TRUE);
}

ladder_feed_t *ladder_feed_new(void)
{
    ladder_feed_t *f = g_new0(ladder_feed_t, 1);
    f->arena = ss_arena_new();
    f->calls = g_ptr_array_new_with_free_func(ent_free);
    g_ptr_array_add(f->calls, NULL);
    f->stun = g_array_new(FALSE, TRUE, sizeof(stun_ref_t));
    f->srflx_pending = g_array_new(FALSE, FALSE, sizeof(guint));
    f->txn_call = g_hash_table_new(g_direct_hash, g_direct_equal);
    f->txn_pending = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, pending_free);
    f->streams_seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    f->stream_first = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    return f;
}

void ladder_feed_reset(ladder_feed_t *f)
{
    g_ptr_array_set_size(f->calls, 0);
    g_ptr_array_add(f->calls, NULL);
    ss_arena_free(f->arena);      /* after the entries' own arrays went with f->calls */
    f->arena = ss_arena_new();
    g_array_set_size(f->stun, 0);
    g_array_set_size(f->srflx_pending, 0);
    g_hash_table_remove_all(f->txn_call);
    g_hash_table_remove_all(f->txn_pending);
    g_hash_table_remove_all(f->streams_seen);
    g_hash_table_remove_all(f->stream_first);
    f->last_mcall = NULL;
    f->have_t0 = FALSE;
    f->t0_ns = 0;
}

void ladder_feed_free(ladder_feed_t *f)
{
    if (!f)
        return;
    g_ptr_array_free(f->calls, TRUE);
    ss_arena_free(f->arena);
    g_array_free(f->stun, TRUE);
    g_array_free(f->srflx_pending, TRUE);
    g_hash_table_destroy(f->txn_call);
    g_hash_table_destroy(f->txn_pending);
    g_hash_table_destroy(f->streams_seen);
    g_hash_table_destroy(f->stream_first);
    g_free(f);
}

static void note_pkt(ladder_feed_t *f, const ladder_pkt_t *p)
{
    if (!f->have_t0) {
        f->t0_ns = p->t0_ns;
        f->have_t0 = TRUE;
    }
}

/* the entry of call n, created on first use (n > 0) */
static call_ent_t *ent(ladder_feed_t *f, guint n)
{
    call_ent_t *e;
    if (n == 0)
        return NULL;
    if (n >= f->calls->len)
        g_ptr_array_set_size(f->calls, n + 1);
    e = g_ptr_array_index(f->calls, n);
    if (!e) {
        e = ss_arena_alloc0(f->arena, sizeof *e);
        g_ptr_array_index(f->calls, n) = e;
    }
    return e;
}

static call_ent_t *ent_get(const ladder_feed_t *f, guint n)
{
    return n > 0 && n < f->calls->len ? g_ptr_array_index(f->calls, n) : NULL;
}

/* ---- feeding ---- */

static void sip_append(ladder_feed_t *f, call_ent_t *e, const sipdialog_msg_t *m)
{
    sip_node_t *n = ss_arena_alloc0(f->arena, sizeof *n);
    n->m = m;
    if (e->sip_last)
        e->sip_last->next = n;
    else
        e->sip = n;
    e->sip_last = n;
}

static void stun_assign(ladder_feed_t *f, guint idx, guint call);

guint ladder_feed_dialog(ladder_feed_t *f, const ladder_pkt_t *p, const void *rec)
{
    const sipdialog_frame_t *d = rec;
    guint first = 0;
    if (!d)
        return 0;
    note_pkt(f, p);
    for (guint i = 0; i < d->n; i++) {
        const sipdialog_msg_t *m = &d->msg[i];
        call_ent_t *e;
        if (!m->call || !m->call->number)
            continue;
        e = ent(f, m->call->number);
        e->call = m->call;
        sip_append(f, e, m);
        if (p->matched)
            e->selected = TRUE;
        if (!first)
            first = m->call->number;
    }
    /* a STUN mapping learned earlier and advertised by this frame belongs to its call */
    if (first && f->srflx_pending->len) {
        for (guint i = 0; i < f->srflx_pending->len;) {
            guint idx = g_array_index(f->srflx_pending, guint, i);
            const stun_ref_t *r = &g_array_index(f->stun, stun_ref_t, idx);
            if (r->call) {
                g_array_remove_index(f->srflx_pending, i);
            } else if (r->m->usage && r->m->usage->used_in == p->frame) {
                g_array_remove_index(f->srflx_pending, i);
                stun_assign(f, idx, first);
            } else {
                i++;
            }
        }
    }
    return first;
}

guint ladder_feed_auth(ladder_feed_t *f, const ladder_pkt_t *p, const void *rec)
{
    const sipauth_frame_t *a = rec;
    guint first = 0;
    if (!a)
        return 0;
    note_pkt(f, p);
    for (guint i = 0; i < a->n; i++) {
        const sipauth_msg_t *m = a->msg[i];
        call_ent_t *e;
        if (!m || !m->call)
            continue;
        e = ent(f, m->call);
        if (!e->auth)
            e->auth = g_ptr_array_new();
        g_ptr_array_add(e->auth, (gpointer)m);
        if (p->matched)
            e->selected = TRUE;
        if (!first)
            first = m->call;
    }
    return first;
}

static void stun_assign(ladder_feed_t *f, guint idx, guint call)
{
    stun_ref_t *r = &g_array_index(f->stun, stun_ref_t, idx);
    call_ent_t *e;
    GArray *sib;

    if (r->call || !call)
        return;
    r->call = call;
    e = ent(f, call);
    if (!e->stun)
        e->stun = g_array_new(FALSE, FALSE, sizeof(guint));
    g_array_append_val(e->stun, idx);
    if (r->matched)
        e->selected = TRUE;
    if (r->m->flags & STUNV_F_TRANSLATED)
        e->stun_translated = TRUE;
    if (!r->m->txn)
        return;
    g_hash_table_insert(f->txn_call, (gpointer)r->m->txn, GUINT_TO_POINTER(call));
    /* the other messages of the transaction come along */
    if (g_hash_table_steal_extended(f->txn_pending, r->m->txn, NULL, (gpointer *)&sib)) {
        for (guint i = 0; i < sib->len; i++)
            stun_assign(f, g_array_index(sib, guint, i), call);
        g_array_free(sib, TRUE);
    }
}

/* rows for STUN that carries media (TURN ChannelData, Send/Data indications) would be one
 * per media packet: not shown */
static gboolean stun_shown(const stunverify_msg_t *m)
{
    if (m->flags & (STUNV_F_CHANNEL_DATA | STUNV_F_WRAPPED))
        return FALSE;
    if (m->cls == 1 && (m->method == 6 || m->method == 7))
        return FALSE;
    return TRUE;
}

guint ladder_feed_stun(ladder_feed_t *f, const ladder_pkt_t *p, const void *rec)
{
    const stunverify_frame_t *s = rec;
    guint first = 0;
    if (!s)
        return 0;
    note_pkt(f, p);
    for (guint i = 0; i < s->n; i++) {
        const stunverify_msg_t *m = &s->msg[i];
        stun_ref_t r;
        guint idx, call = 0;
        if (!stun_shown(m))
            continue;
        memset(&r, 0, sizeof r);
        r.m = m;
        r.frame = p->frame;
        r.index = (guint16)i;
        r.matched = p->matched;
        r.ts_ns = p->ts_ns;
        r.src = p->src;
        r.dst = p->dst;
        g_array_append_val(f->stun, r);
        idx = f->stun->len - 1;

        if (m->ice_call)
            call = m->ice_call;
        else if (m->txn)
            call = GPOINTER_TO_UINT(g_hash_table_lookup(f->txn_call, m->txn));
        if (call) {
            stun_assign(f, idx, call);
        } else {
            if (m->usage)
                g_array_append_val(f->srflx_pending, idx);
            if (m->txn) {
                GArray *sib = g_hash_table_lookup(f->txn_pending, m->txn);
                if (!sib) {
                    sib = g_array_new(FALSE, FALSE, sizeof(guint));
                    g_hash_table_insert(f->txn_pending, (gpointer)m->txn, sib);
                }
                g_array_append_val(sib, idx);
            }
        }
        if (!first)
            first = g_array_index(f->stun, stun_ref_t, idx).call;
    }
    return first;
}

guint ladder_feed_media(ladder_feed_t *f, const ladder_pkt_t *p, const void *rec, gboolean *new_stream)
{
    const mediabind_pkt_t *mp = rec;
    const mediabind_call_t *mc;
    call_ent_t *e;

    if (new_stream)
        *new_stream = FALSE;
    if (!mp || !mp->stream || !mp->stream->call)
        return 0;
    mc = mp->stream->call;
    /* mediabind leaves the start time of an RTCP/UDPTL stream that continues another flow
     * after a renegotiation at 0: remember the first packet's time ourselves */
    if (mp->stream->kind != MB_KIND_RTP && mp->stream->stats.first_ns <= 0 &&
        !g_hash_table_contains(f->stream_first, mp->stream)) {
        gint64 *t = g_new(gint64, 1);
        *t = p->ts_ns;
        g_hash_table_insert(f->stream_first, (gpointer)mp->stream, t);
    }
    if (new_stream && !g_hash_table_contains(f->streams_seen, mp->stream)) {
        g_hash_table_add(f->streams_seen, (gpointer)mp->stream);
        *new_stream = TRUE;
    }
    /* the per-packet path: nothing to do for a call already known, unless the filter matched */
    if (mc == f->last_mcall && !p->matched)
        return new_stream && *new_stream ? mc->call : 0;
    note_pkt(f, p);
    e = ent(f, mc->call);
    if (!e)
        return 0;
    e->mcall = mc;
    f->last_mcall = mc;
    if (p->matched)
        e->selected = TRUE;
    return mc->call;
}

/* ---- queries ---- */

guint ladder_feed_max_call(const ladder_feed_t *f)
{
    return f->calls->len ? f->calls->len - 1 : 0;
}

gboolean ladder_feed_has_call(const ladder_feed_t *f, guint n)
{
    const call_ent_t *e = ent_get(f, n);
    return e && e->call;
}

gboolean ladder_feed_selected(const ladder_feed_t *f, guint n, gboolean use_filter)
{
    const call_ent_t *e = ent_get(f, n);
    if (!e || !e->call)
        return FALSE;
    return use_filter ? e->selected : TRUE;
}

gint64 ladder_feed_t0(const ladder_feed_t *f)
{
    return f->t0_ns;
}

/* ---- building ---- */

static const sipauth_msg_t *auth_of(GHashTable *by_msg, guint32 frame, guint index)
{
    return by_msg ? g_hash_table_lookup(by_msg, GSIZE_TO_POINTER(((gsize)frame << 16) | (index & 0xffff))) : NULL;
}

static void sip_rows(ladder_call_t *c, const call_ent_t *e, GHashTable *auth_by_msg)
{
    for (const sip_node_t *n = e->sip; n; n = n->next) {
        const sipdialog_msg_t *m = n->m;
        const sipauth_msg_t *am = auth_of(auth_by_msg, m->frame, m->index);
        ladder_sip_msg_t lm;
        ladder_row_t *r;
        char abuf[128];
        GString *extra = g_string_new(NULL);

        memset(&lm, 0, sizeof lm);
        lm.frame = m->frame;
        lm.index = m->index;
        lm.ts_ns = m->ts_ns;
        if (m->src)
            lm.src = *m->src;
        if (m->dst)
            lm.dst = *m->dst;
        lm.transport = m->transport ? ss_transport_str((ss_transport_t)m->transport) : NULL;
        if (m->flags & SD_MSG_REQUEST) {
            lm.method = m->method ? m->method : "?";
            lm.ruri_user = m->ruri_user;
        } else {
            lm.status = m->status;
            lm.reason = m->reason;
        }
        lm.sdp = sd_sdp_role_str((sd_sdp_role_t)m->sdp);
        if (!lm.sdp && m->codecs)
            lm.sdp = "sdp";
        lm.codecs = m->codecs;
        if (m->flags & SD_MSG_RETRANSMISSION)
            lm.retransmission = m->copy ? m->copy : 1;
        lm.leg = m->leg;
        lm.show_leg = e->call->n_legs > 1;
        lm.state = m->state ? sd_state_str((sd_state_t)m->state) : NULL;
        if (am) {
            abuf[0] = '\0';
            sipauth_msg_label(am, abuf, sizeof abuf);
            lm.auth_label = abuf;
        }
        if (m->flags & SD_MSG_ORPHAN)
            g_string_append(extra, "[orphan]");
        if (m->flags & SD_MSG_CSEQ_BACKWARDS)
            g_string_append_printf(extra, "%s[CSeq backwards]", extra->len ? " " : "");
        if (m->flags & SD_MSG_DIALOG_ERROR)
            g_string_append_printf(extra, "%s[dialog terminated]", extra->len ? " " : "");
        lm.extra = extra->len ? extra->str : NULL;
        r = ladder_call_add_sip(c, &lm);
        g_string_free(extra, TRUE);

        if (m->cseq_method) {
            ladder_row_attr_int(r, "cseq", m->cseq);
            ladder_row_attr_str(c, r, "cseq_method", m->cseq_method);
        }
        if (m->hop)
            ladder_row_attr_int(r, "hop", m->hop);
        if (m->related_frame)
            ladder_row_attr_int(r, "related_frame", m->related_frame);
        if (am && am->n_attempts && am->attempts[0]) {
            const char *v = sipauth_verdict_str(am->attempts[0]->verdict);
            if (v)
                ladder_row_attr_str(c, r, "auth_verdict", v);
        }
        if (am && am->n_challenges && am->challenges[0])
            ladder_row_attr_int(r, "challenge", am->challenges[0]->status);
    }
}

static void auth_summary(ladder_call_t *c, const call_ent_t *e, gboolean complete)
{
    ladder_auth_t *a = &c->auth;
    if (!e->auth)
        return;
    for (guint i = 0; i < e->auth->len; i++) {
        const sipauth_msg_t *m = g_ptr_array_index(e->auth, i);
        for (guint k = 0; k < m->n_challenges; k++) {
            const sipauth_challenge_t *ch = m->challenges[k];
            if (!ch)
                continue;
            a->challenges++;
            if (!a->challenge_code)
                a->challenge_code = ch->status;
            if (ch->stale == 1)
                a->stale++;
        }
        for (guint k = 0; k < m->n_attempts; k++) {
            const sipauth_attempt_t *at = m->attempts[k];
            const char *o;
            if (!at || at->duplicate_of)
                continue;   /* a retransmission or copy: counted once */
            a->requests++;
            switch (at->verdict) {
            case SA_VERDICT_VALID:       a->valid++; break;
            case SA_VERDICT_INVALID:     a->invalid++; break;
            case SA_VERDICT_UNVERIFIED:  a->unverified++; break;
            case SA_VERDICT_UNSUPPORTED: a->unsupported++; break;
            default: break;
            }
            if (at->nonce_uses > 1)
                a->nonce_reuse++;
            o = sipauth_outcome_str(at->outcome, complete);
            if (o)
                a->outcome = ladder_call_str(c, o);
            if (!a->username)
                a->username = ladder_call_str(c, at->real_user ? at->real_user : at->username);
            if (!a->realm)
                a->realm = ladder_call_str(c, at->realm);
            if (!a->algorithm)
                a->algorithm = ladder_call_str(c, at->algorithm ? at->algorithm : "MD5");
        }
    }
}

static const char *stun_method_str(guint16 m)
{
    switch (m) {
    case 0x001: return "Binding";
    case 0x002: return "SharedSecret";
    case 0x003: return "Allocate";
    case 0x004: return "Refresh";
    case 0x006: return "Send";
    case 0x007: return "Data";
    case 0x008: return "CreatePermission";
    case 0x009: return "ChannelBind";
    case 0x00a: return "Connect";
    default:    return NULL;
    }
}

static const char *stun_class_str(guint8 cls)
{
    switch (cls) {
    case 0:  return "Request";
    case 1:  return "Indication";
    case 2:  return "Success";
    case 3:  return "Error";
    default: return "?";
    }
}

/* rows for the STUN messages at indices idx (into f->stun) */
static void stun_rows(ladder_call_t *c, ladder_feed_t *f, const GArray *idx)
{
    char b1[SS_ENDPOINT_STRLEN], b2[SS_ENDPOINT_STRLEN];
    ladder_nat_t *n = &c->nat;
    if (!idx)
        return;
    for (guint i = 0; i < idx->len; i++) {
        const stun_ref_t *s = &g_array_index(f->stun, stun_ref_t, g_array_index(idx, guint, i));
        const stunverify_msg_t *m = s->m;
        const char *meth = stun_method_str(m->method);
        ladder_row_t *r;
        const char *label;

        if (m->cls == 3 && (m->flags & STUNV_F_HAS_ERROR))
            label = meth ? ladder_call_strf(c, "STUN %s Error %u", meth, m->error_code)
                         : ladder_call_strf(c, "STUN 0x%03x Error %u", m->method, m->error_code);
        else if (meth)
            label = ladder_call_strf(c, "STUN %s %s", meth, stun_class_str(m->cls));
        else
            label = ladder_call_strf(c, "STUN 0x%03x %s", m->method, stun_class_str(m->cls));
        r = ladder_call_add_row(c, LADDER_ROW_STUN, s->frame, s->index, s->ts_ns, &s->src, &s->dst, label);
        if (m->flags & STUNV_F_CLASSIC)
            ladder_row_note(c, r, "(RFC 3489)");
        if ((m->flags & STUNV_F_HAS_ERROR) && m->cls != 3)
            ladder_row_notef(c, r, "error %u", m->error_code);
        if (m->flags & STUNV_F_HAS_MAPPED)
            ladder_row_notef(c, r, "mapped %s", ss_endpoint_to_str(&m->mapped, b1, sizeof b1));
        if (m->flags & STUNV_F_HAS_RELAYED)
            ladder_row_notef(c, r, "relayed %s", ss_endpoint_to_str(&m->relayed, b1, sizeof b1));
        if (m->flags & STUNV_F_TRANSLATED)
            ladder_row_notef(c, r, "[translated: seen as %s]", ss_endpoint_to_str(&m->observed, b1, sizeof b1));
        if ((m->flags & STUNV_F_XOR_COMPARED) && !(m->flags & STUNV_F_XOR_CONSISTENT))
            ladder_row_notef(c, r, "[MAPPED-ADDRESS %s rewritten]", ss_endpoint_to_str(&m->mapped_plain, b2, sizeof b2));
        if (m->role == STUNV_ROLE_CONNECTIVITY_CHECK && m->cls == 0)
            ladder_row_note(c, r, "connectivity check");
        if (m->integrity != STUNV_INTEGRITY_ABSENT)
            ladder_row_notef(c, r, "[integrity %s]", stunverify_integrity_str(m->integrity));
        if (m->flags & STUNV_F_USE_CANDIDATE)
            ladder_row_note(c, r, "[use-candidate]");
        if (m->flags & STUNV_F_RETRANSMISSION)
            ladder_row_note(c, r, "[retransmission]");
        if (stunverify_msg_used_in(m))
            ladder_row_notef(c, r, "[mapping used in frame %u]", stunverify_msg_used_in(m));
        else if (m->usage && (m->flags & STUNV_F_HAS_MAPPED))
            ladder_row_note(c, r, "[mapping never advertised]");
        if (m->flags & STUNV_F_MALFORMED)
            ladder_row_note(c, r, "[malformed]");

        ladder_row_attr_str(c, r, "stun_method", meth);
        ladder_row_attr_str(c, r, "stun_class", stun_class_str(m->cls));
        ladder_row_attr_str(c, r, "role", stunverify_role_str(m->role));
        if (m->flags & STUNV_F_HAS_MAPPED)
            ladder_row_attr_str(c, r, "mapped", ss_endpoint_to_str(&m->mapped, b1, sizeof b1));
        if (m->flags & STUNV_F_HAS_OBSERVED)
            ladder_row_attr_str(c, r, "observed", ss_endpoint_to_str(&m->observed, b1, sizeof b1));
        if ((m->flags & (STUNV_F_HAS_MAPPED | STUNV_F_HAS_OBSERVED)) == (STUNV_F_HAS_MAPPED | STUNV_F_HAS_OBSERVED))
            ladder_row_attr_bool(r, "translated", (m->flags & STUNV_F_TRANSLATED) != 0);
        ladder_row_attr_str(c, r, "integrity", stunverify_integrity_str(m->integrity));
        if (stunverify_msg_request_frame(m) && stunverify_msg_request_frame(m) != s->frame)
            ladder_row_attr_int(r, "request_frame", stunverify_msg_request_frame(m));
        if (stunverify_msg_response_frame(m) && stunverify_msg_response_frame(m) != s->frame)
            ladder_row_attr_int(r, "response_frame", stunverify_msg_response_frame(m));
        if (stunverify_msg_used_in(m))
            ladder_row_attr_int(r, "used_in", stunverify_msg_used_in(m));

        /* NAT summary */
        if (m->cls == 0)
            n->stun_requests++;
        else if (m->cls >= 2)
            n->stun_responses++;
        if (m->flags & STUNV_F_TRANSLATED) {
            n->translated++;
            if (!n->mapped || !n->observed) {
                n->mapped = ladder_call_str(c, ss_endpoint_to_str(&m->mapped, b1, sizeof b1));
                n->observed = ladder_call_str(c, ss_endpoint_to_str(&m->observed, b2, sizeof b2));
            }
        } else if ((m->flags & STUNV_F_HAS_MAPPED) && !n->mapped) {
            n->mapped = ladder_call_str(c, ss_endpoint_to_str(&m->mapped, b1, sizeof b1));
        }
        if ((m->flags & STUNV_F_XOR_COMPARED) && !(m->flags & STUNV_F_XOR_CONSISTENT))
            n->alg++;
        if (m->integrity == STUNV_INTEGRITY_INVALID)
            n->integrity_bad++;
        if (m->role == STUNV_ROLE_CONNECTIVITY_CHECK && m->cls == 0 && !(m->flags & STUNV_F_RETRANSMISSION))
            n->checks++;
        if (stunverify_msg_used_in(m) && !n->mapped_used_in)
            n->mapped_used_in = stunverify_msg_used_in(m);
    }
}

static void streams(ladder_call_t *c, ladder_feed_t *f, const call_ent_t *e)
{
    char buf[64];
    if (!e->mcall)
        return;
    for (const mediabind_stream_t *s = e->mcall->streams; s; s = s->next_in_call) {
        ladder_stream_t *ls = ladder_call_add_stream(c);
        const mediabind_sdp_side_t *rx = s->binding ? mediabind_stream_receiver(s) : NULL;
        const mb_rtp_stats_t *st = &s->stats;

        ls->num = s->number;
        ls->media = s->binding && s->binding->media[0] ? ladder_call_str(c, s->binding->media) : NULL;
        ls->proto = mediabind_kind_str(s->kind);
        if (s->kind == MB_KIND_RTP && s->binding) {
            gboolean neg = FALSE;
            const mediabind_fmt_t *fmt = mediabind_stream_fmt(s, s->first_pt, &neg);
            ls->codec = ladder_call_str(c, mediabind_fmt_str(fmt, s->first_pt, buf, sizeof buf));
        } else if (s->kind == MB_KIND_UDPTL) {
            ls->codec = "T.38";
        }
        ls->src = s->src;
        ls->dst = s->dst;
        if (rx && rx->sdp_frame)
            ls->sdp_addr = s->kind == MB_KIND_RTCP ? rx->rtcp : rx->rtp;
        ls->from_caller = s->direction == MB_DIR_CALLER_TO_CALLEE ? 1 : 0;
        ls->first_frame = s->first_frame;
        ls->first_ns = st->first_ns;
        if (ls->first_ns <= 0) {
            const gint64 *t = g_hash_table_lookup(f->stream_first, s);
            ls->first_ns = t ? *t : LADDER_NO_TIME;
        }
        ls->last_ns = st->last_ns;
        ls->packets = st->packets;
        ls->bytes = st->bytes;
        if (s->kind == MB_KIND_RTP) {
            ls->lost = mb_rtp_stats_lost(st);
            ls->expected = mb_rtp_stats_expected(st);
            ls->jitter_ms = st->jitter_ms;
            ls->max_jitter_ms = st->jitter_samples ? st->max_jitter_ms : -1.0;
            ls->ssrc_changes = st->ssrc_changes;
            ls->duplicates = st->duplicates;
            ls->out_of_order = st->out_of_order;
            ls->pt_mismatch = s->pt_mismatch;
            ls->one_way = s->binding && s->call ? mediabind_stream_oneway(s) : FALSE;
        }
        ls->addr_mismatch = !s->addr_match;
        if (s->call && s->call->answer_frame && s->first_frame && s->first_frame < s->call->answer_frame)
            ls->early = TRUE;
        if (s->call && s->call->bye_frame && s->last_frame > s->call->bye_frame)
            ls->after_bye = TRUE;
        ls->candidate = mediabind_cand_str(s->cand_type);
    }
}

/* sd_call_outcome() keeps an unanswered challenge "in-progress" until the engine knows the
 * capture is complete (a second pass); at the end of a one-pass run it is complete too. */
static sd_outcome_t call_outcome(const sd_call_t *sc, gboolean complete)
{
    sd_outcome_t o = sd_call_outcome(sc);
    if (complete && o == SD_OUTCOME_IN_PROGRESS && sc->has_initial && !sc->answered &&
        sc->outcome_final != SD_OUTCOME_NONE)
        return sc->outcome_final;
    return o;
}

void ladder_feed_set_no_attrs(ladder_feed_t *f, gboolean no_attrs)
{
    f->no_attrs = no_attrs;
}

ladder_call_t *ladder_feed_build(ladder_feed_t *f, guint n, gboolean complete, gboolean with_rows)
{
    call_ent_t *e = ent_get(f, n);
    const sd_call_t *sc;
    ladder_call_t *c;
    GHashTable *auth_by_msg = NULL;
    gint64 v;

    if (!e || !e->call)
        return NULL;
    sc = e->call;
    c = ladder_call_new(n, sc->call_id);
    c->no_attrs = f->no_attrs;
    c->method = ladder_call_str(c, sc->kind);
    c->caller = ladder_call_str(c, sc->caller_addr);
    c->callee = ladder_call_str(c, sc->callee_addr);
    c->caller_user = ladder_call_str(c, sc->caller_user);
    c->callee_user = ladder_call_str(c, sc->callee_user);
    c->caller_ua = ladder_call_str(c, sc->caller_ua);
    c->callee_ua = ladder_call_str(c, sc->callee_ua);
    if (sc->caller_ep)
        c->caller_sig = *sc->caller_ep;
    if (sc->callee_ep)
        c->callee_sig = *sc->callee_ep;
    if (sc->transport != SS_TRANSPORT_UNKNOWN)
        c->transport = ladder_call_str(c, ss_transport_str(sc->transport));
    c->outcome = ladder_call_str(c, sd_outcome_str(call_outcome(sc, complete)));
    c->final_status = sc->final_status;
    c->final_reason = ladder_call_str(c, sc->final_reason);
    v = sd_call_pdd_ns(sc);
    c->pdd_ns = v >= 0 ? v : LADDER_NO_TIME;
    v = sd_call_setup_ns(sc);
    c->setup_ns = v >= 0 ? v : LADDER_NO_TIME;
    v = sd_call_duration_ns(sc);
    c->duration_ns = v >= 0 ? v : LADDER_NO_TIME;
    c->hangup_by = ladder_call_str(c, sd_side_str(sc->hangup_by));
    c->invite_frame = sc->invite_frame;
    c->answer_frame = sc->answer_frame;
    c->ack_frame = sc->ack_frame;
    c->bye_frame = sc->bye_frame;
    c->legs = sc->n_legs;
    if (e->sip_last) {
        const sipdialog_msg_t *last = e->sip_last->m;
        if (last->state)
            c->state = ladder_call_str(c, sd_state_str((sd_state_t)last->state));
    }

    if (e->auth && with_rows) {
        auth_by_msg = g_hash_table_new(g_direct_hash, g_direct_equal);
        for (guint i = 0; i < e->auth->len; i++) {
            const sipauth_msg_t *m = g_ptr_array_index(e->auth, i);
            g_hash_table_insert(auth_by_msg, GSIZE_TO_POINTER(((gsize)m->frame << 16) | m->msg_index), (gpointer)m);
        }
    }
    if (with_rows)
        sip_rows(c, e, auth_by_msg);
    else
        c->sip_messages = sc->n_messages;
    if (auth_by_msg)
        g_hash_table_destroy(auth_by_msg);
    auth_summary(c, e, complete);
    stun_rows(c, f, e->stun);
    streams(c, f, e);
    if (with_rows) {
        ladder_call_finish(c);
    } else {
        c->start_ns = sc->first_ts;
        c->stop_ns = sc->last_ts;
        for (guint i = 0; i < c->streams->len; i++) {
            const ladder_stream_t *s = g_ptr_array_index(c->streams, i);
            if (s->last_ns != LADDER_NO_TIME && s->last_ns > c->stop_ns)
                c->stop_ns = s->last_ns;
        }
    }
    return c;
}

gboolean ladder_feed_call_stats(ladder_feed_t *f, guint n, call_stats_call_t *out)
{
    call_ent_t *e = ent_get(f, n);
    const sd_call_t *sc;
    if (!e || !e->call)
        return FALSE;
    sc = e->call;
    memset(out, 0, sizeof *out);
    out->method = sc->kind;
    out->outcome = sd_outcome_str(sd_call_outcome(sc));
    if (out->outcome && strcmp(out->outcome, "in-progress") == 0)
        out->outcome = NULL;
    out->caller_user = sc->caller_user;
    out->start_ns = sc->first_frame ? sc->first_ts : -1;
    out->setup_ns = sd_call_setup_ns(sc);
    out->duration_ns = sd_call_duration_ns(sc);
    for (guint i = 0; e->auth && i < e->auth->len; i++) {
        const sipauth_msg_t *m = g_ptr_array_index(e->auth, i);
        for (guint k = 0; k < m->n_challenges; k++)
            if (m->challenges[k])
                out->auth_challenges++;
        for (guint k = 0; k < m->n_attempts; k++) {
            const sipauth_attempt_t *at = m->attempts[k];
            if (!at || at->duplicate_of)
                continue;
            switch (at->verdict) {
            case SA_VERDICT_VALID:       out->auth_valid++; break;
            case SA_VERDICT_INVALID:     out->auth_invalid++; break;
            case SA_VERDICT_UNVERIFIED:  out->auth_unverified++; break;
            case SA_VERDICT_UNSUPPORTED: out->auth_unsupported++; break;
            default: break;
            }
        }
    }
    out->nat_translated = e->stun_translated;
    for (const mediabind_stream_t *s = e->mcall ? e->mcall->streams : NULL; s; s = s->next_in_call)
        if (s->kind == MB_KIND_RTP && !s->addr_match)
            out->nat_mismatch = TRUE;
    return TRUE;
}

ladder_call_t *ladder_feed_build_unbound_stun(ladder_feed_t *f, gboolean use_filter)
{
    GArray *idx = g_array_new(FALSE, FALSE, sizeof(guint));
    gboolean matched = FALSE;
    ladder_call_t *c = NULL;

    for (guint i = 0; i < f->stun->len; i++) {
        const stun_ref_t *r = &g_array_index(f->stun, stun_ref_t, i);
        if (r->call)
            continue;
        g_array_append_val(idx, i);
        matched |= r->matched;
    }
    if (idx->len && (!use_filter || matched)) {
        c = ladder_call_new(0, NULL);
        c->no_attrs = f->no_attrs;
        stun_rows(c, f, idx);
        ladder_call_finish(c);
    }
    g_array_free(idx, TRUE);
    return c;
}
