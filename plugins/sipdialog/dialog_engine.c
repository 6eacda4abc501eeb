/* dialog_engine.c: transaction matching, dialogs and calls (see dialog_engine.h).
 *
 * For each message: find (or start) its transaction in the txn table; recognise the same
 * request on another hop by its logical request (CSeq, method, From tag) in the call; then
 * apply the dialog rules of dialog_fsm.c to the call, its legs and the message record. */
#include "plugins/sipdialog/dialog_engine.h"

#include <string.h>

#include "plugins/sipdialog/call_table.h"
#include "plugins/sipdialog/dialog_fsm.h"
#include "plugins/sipdialog/sd_store.h"
#include "plugins/sipdialog/sdp_summary.h"
#include "plugins/sipdialog/txn_table.h"

struct sd_engine {
    sd_store_t      *store;
    sd_txn_table_t  *txns;
    sd_call_table_t *calls;
    sd_clock_t       clock;
    /* interned method names, compared by pointer */
    const char *m_invite, *m_ack, *m_cancel, *m_bye, *m_prack, *m_update, *m_notify;
};

/* What one message is, while it is being applied. */
typedef struct {
    const ss_sip_msg_t *m;
    const sd_msg_ext_t *x;
    sipdialog_msg_t    *out;
    sd_call_state_t    *c;
    const char         *method;       /* interned request method (NULL on responses) */
    const char         *cseq_method;  /* interned */
    const char         *from_tag, *to_tag;   /* interned */
    const ss_endpoint_t *src, *dst;
} msg_ctx_t;

sd_engine_t *sd_engine_new(void)
{
    sd_engine_t *e = g_new0(sd_engine_t, 1);
    e->store = sd_store_new();
    e->txns = sd_txn_table_new();
    e->calls = sd_call_table_new(e->store, &e->clock);
    e->m_invite = sd_store_str(e->store, "INVITE");
    e->m_ack = sd_store_str(e->store, "ACK");
    e->m_cancel = sd_store_str(e->store, "CANCEL");
    e->m_bye = sd_store_str(e->store, "BYE");
    e->m_prack = sd_store_str(e->store, "PRACK");
    e->m_update = sd_store_str(e->store, "UPDATE");
    e->m_notify = sd_store_str(e->store, "NOTIFY");
    return e;
}

void sd_engine_free(sd_engine_t *e)
{
    if (!e)
        return;
    sd_txn_table_free(e->txns);
    sd_call_table_free(e->calls);
    sd_store_free(e->store);
    g_free(e);
}

static void advance(sd_engine_t *e, gint64 ts)
{
    if (ts > e->clock.now_ns)
        e->clock.now_ns = ts;
}

void sd_engine_tick(sd_engine_t *e, gint64 ts_ns)
{
    advance(e, ts_ns);
}

void sd_engine_set_complete(sd_engine_t *e)
{
    e->clock.complete = TRUE;
}

const sd_clock_t *sd_engine_clock(const sd_engine_t *e)
{
    return &e->clock;
}

const sd_call_t *sd_engine_call(const sd_engine_t *e, guint number)
{
    sd_call_state_t *c = sd_call_table_find(e->calls, number);
    return c ? &c->pub : NULL;
}

guint sd_engine_call_count(const sd_engine_t *e)
{
    return sd_call_table_count(e->calls);
}

guint sd_engine_live_transactions(const sd_engine_t *e)
{
    return sd_txn_live(e->txns);
}

gsize sd_engine_bytes(const sd_engine_t *e)
{
    return sd_store_bytes(e->store);
}

/* ---------------------------------------------------------------------------------------- */

static void set_leg(msg_ctx_t *k, sd_leg_state_t *l)
{
    if (!l)
        return;
    k->out->leg = (guint8)l->pub.number;
}

static sd_leg_state_t *find_leg(msg_ctx_t *k)
{
    if (!k->to_tag)
        return NULL;
    return sd_leg_find(k->c, k->from_tag, k->to_tag);
}

/* Which side of a dialog sent a request: 0 the dialog's initiator, 1 the other. */
static guint side_of(const sd_leg_state_t *l, const char *from_tag)
{
    return from_tag == l->pub.local_tag ? 0 : 1;
}

static sd_side_t call_side(const msg_ctx_t *k)
{
    const sd_call_t *c = &k->c->pub;
    if (c->caller_tag)
        return k->from_tag == c->caller_tag ? SD_SIDE_CALLER : SD_SIDE_CALLEE;
    if (c->caller_ep)
        return k->src == c->caller_ep ? SD_SIDE_CALLER : SD_SIDE_CALLEE;
    return SD_SIDE_UNKNOWN;
}

static sd_txn_t *new_txn(sd_engine_t *e, msg_ctx_t *k, const char *method)
{
    sd_txn_t *t = sd_store_new0(e->store, sd_txn_t);
    t->method = method;
    t->cseq = k->m->cseq;
    t->hop = 1;
    t->first_hop = t;
    return t;
}

static void note_request(msg_ctx_t *k, sd_txn_work_t *w)
{
    sd_txn_t *t = w->txn;
    guint index;
    sd_txn_path_copy(w, 0, k->src, k->dst, &index);
    w->request_seen = TRUE;
    t->request_frame = k->m->frame;
    t->request_ts = k->m->ts_ns;
    t->request_sdp = k->m->sdp != NULL;
}

/* Hop attribution of a new transaction of logical request (cseq, method, from_tag) sent
 * src -> dst with vias Via headers: a copy on another hop when the request was seen before
 * from another sender, to another receiver or with another Via count; otherwise it starts
 * (or restarts) the logical request on hop 1. */
static void attribute_hop(sd_engine_t *e, msg_ctx_t *k, sd_txn_t *t, const char *method,
                          const char *to_tag, const ss_endpoint_t *src, const ss_endpoint_t *dst)
{
    guint vias = k->m->via_count;
    sd_group_t *g = sd_group_find(e->calls, k->c, t->cseq, method, k->from_tag, to_tag);

    if (g && !sd_group_has_sig(g, src, dst, vias)) {
        t->hop = (guint8)MIN((guint)g->n_hops + 1, 255u);
        g->n_hops = t->hop;
        t->first_hop = g->first;
        sd_group_add_sig(g, src, dst, vias);
        return;
    }
    if (g) {
        /* the same sender sends the same CSeq again on a new branch: a new attempt */
        memset(g, 0, sizeof(*g));
        g->cseq = t->cseq;
        g->method = method;
        g->from_tag = k->from_tag;
        g->to_tag = to_tag;
        g->first = t;
        g->n_hops = 1;
    } else {
        g = sd_group_add(e->calls, k->c, t->cseq, method, k->from_tag, to_tag, t);
    }
    sd_group_add_sig(g, src, dst, vias);
    t->hop = 1;
    t->first_hop = t;
}

static void set_txn(msg_ctx_t *k, sd_txn_t *t)
{
    k->out->txn = t;
    k->out->hop = t->hop;
    if (t->hop > 1)
        k->out->flags |= SD_MSG_HOP_COPY;
}

static void mark_retransmission(msg_ctx_t *k, sd_txn_t *t, guint copy)
{
    k->out->flags |= SD_MSG_RETRANSMISSION;
    k->out->copy = (guint16)MIN(copy, G_MAXUINT16);
    if (t->retransmissions < G_MAXUINT16)
        t->retransmissions++;
    k->c->pub.n_retransmissions++;
}

/* Another copy of a request (kind 0) or non-2xx ACK (kind 1) of transaction w: a
 * retransmission when it travels the same path as an earlier copy; the same message seen at
 * another capture point (e.g. both sides of a NAT) otherwise. Returns TRUE for the first
 * copy ever seen of it. */
static gboolean note_copy(msg_ctx_t *k, sd_txn_work_t *w, sd_txn_t *t, guint kind)
{
    guint index = 0;
    guint copy = sd_txn_path_copy(w, kind, k->src, k->dst, &index);
    if (copy)
        mark_retransmission(k, t, copy);
    if (index > 0) {
        k->out->flags |= SD_MSG_HOP_COPY;
        k->out->hop = (guint8)MIN((guint)t->hop + index, 255u);
    }
    return copy == 0 && index == 0;
}

/* The current state for a message that changes nothing. */
static sd_state_t current_state(msg_ctx_t *k, sd_leg_state_t *l)
{
    return l ? l->pub.state : k->c->attempt_state;
}

/* SDP role of a request body (no side effects). */
static sd_sdp_role_t request_sdp_role(sd_engine_t *e, const msg_ctx_t *k, const sd_leg_state_t *l)
{
    if (!k->m->sdp)
        return SD_SDP_NONE;
    if (k->method == e->m_invite || k->method == e->m_update)
        return SD_SDP_OFFER;
    if (k->method == e->m_ack)
        return SD_SDP_ANSWER;
    if (k->method == e->m_prack)
        return (l && l->rel_offer) ? SD_SDP_ANSWER : SD_SDP_OFFER;
    return SD_SDP_NONE;
}

/* SDP role of a response body to transaction t (no side effects). */
static sd_sdp_role_t response_sdp_role(sd_engine_t *e, const msg_ctx_t *k, const sd_txn_work_t *w)
{
    const char *meth = w->txn->method;
    if (!k->m->sdp)
        return SD_SDP_NONE;
    if (meth != e->m_invite && meth != e->m_update && meth != e->m_prack)
        return SD_SDP_NONE;
    if (!w->request_seen)
        return SD_SDP_ANSWER;
    return w->txn->request_sdp ? SD_SDP_ANSWER : SD_SDP_OFFER;
}

static void note_sdp(msg_ctx_t *k, sd_leg_state_t *l, sd_sdp_role_t role, guint hop)
{
    k->out->sdp = (guint8)role;
    if (!l || hop != 1)
        return;
    if (role == SD_SDP_OFFER) {
        l->pub.offer_frame = k->m->frame;
        l->pub.offer_side = side_of(l, k->from_tag) == 0 ? SD_SIDE_CALLER : SD_SIDE_CALLEE;
        if (!k->m->is_request)   /* a response's From tag is the request sender's */
            l->pub.offer_side = l->pub.offer_side == SD_SIDE_CALLER ? SD_SIDE_CALLEE : SD_SIDE_CALLER;
    } else if (role == SD_SDP_ANSWER) {
        l->pub.answer_frame = k->m->frame;
    }
}

/* A 2xx to an INVITE on leg l (remembered per path, for the ACK pairing). */
static void note_2xx(sd_engine_t *e, msg_ctx_t *k, sd_leg_state_t *l, guint32 cseq)
{
    if (!l->pub.has_2xx || cseq >= l->pub.last_2xx_cseq) {
        l->pub.has_2xx = TRUE;
        l->pub.last_2xx_cseq = cseq;
        l->pub.last_2xx_frame = k->m->frame;
    }
    sd_call_note_2xx(e->calls, k->c, &l->pub, cseq, k->m->frame, k->src, k->dst);
}

/* ---- requests ----------------------------------------------------------------------------- */

static void on_initial_request(sd_engine_t *e, msg_ctx_t *k, sd_txn_work_t *w)
{
    sd_call_state_t *cs = k->c;
    sd_call_t *c = &cs->pub;
    sd_txn_t *t = w->txn;
    const ss_sip_msg_t *m = k->m;
    gboolean primary;

    k->out->flags |= SD_MSG_INITIAL;
    if (!c->kind || (k->method == e->m_invite && c->kind != e->m_invite)) {
        c->kind = k->method;
        c->caller_addr = sd_store_str(e->store, m->from_addr);
        c->caller_user = sd_store_str(e->store, m->from_user);
        c->caller_display = sd_store_str(e->store, m->from_display);
        c->callee_addr = sd_store_str(e->store, m->to_addr);
        c->callee_user = sd_store_str(e->store, m->to_user);
        c->callee_display = sd_store_str(e->store, m->to_display);
        c->caller_tag = k->from_tag;
        c->caller_ua = sd_store_str(e->store, m->user_agent);
        c->caller_ep = k->src;
        c->transport = m->transport;
        c->callee_ep = k->dst;
        cs->callee_vias = (guint16)MIN(m->via_count, G_MAXUINT16);
        cs->callee_by_response = FALSE;
    }
    primary = k->method == c->kind;
    if (!primary) {
        k->out->state = SD_STATE_CALLING;
        return;
    }
    if (t->hop == 1) {
        /* a new attempt of the call (the first, or a retry after 401/407, 3xx, ...) */
        c->has_initial = TRUE;
        if (c->attempts < G_MAXUINT16)
            c->attempts++;
        if (!sd_method_creates_dialog(c->kind))
            c->answered = FALSE;   /* REGISTER, OPTIONS...: the latest attempt decides */
        if (!c->answered) {
            c->attempt_ts = m->ts_ns;
            c->provisional = FALSE;
            if (k->method == e->m_invite) {
                c->invite_frame = m->frame;
                c->invite_ts = m->ts_ns;
                if (!c->first_invite_frame)
                    c->first_invite_frame = m->frame;
                c->ringing_frame = 0;
                c->ringing_ts = 0;
            }
            c->outcome_final = SD_OUTCOME_NONE;
            c->challenge_pending = FALSE;
            c->final_frame = 0;
            c->final_ts = 0;
            c->final_status = 0;
            c->final_reason = NULL;
            cs->final_hop = 0;
            cs->attempt_state = SD_STATE_CALLING;
        }
    } else if (!cs->callee_by_response && m->via_count >= cs->callee_vias) {
        c->callee_ep = k->dst;    /* the request went deeper: the UAS is further on */
        cs->callee_vias = (guint16)MIN(m->via_count, G_MAXUINT16);
    }
    k->out->state = cs->attempt_state;
}

static void on_dialog_request(sd_engine_t *e, msg_ctx_t *k, sd_txn_work_t *w)
{
    sd_call_state_t *cs = k->c;
    sd_call_t *c = &cs->pub;
    sd_txn_t *t = w->txn;
    const ss_sip_msg_t *m = k->m;
    sd_leg_state_t *l = find_leg(k);

    if (!l) {
        if (k->method == e->m_notify && c->caller_tag && k->to_tag == c->caller_tag) {
            /* NOTIFY before the 2xx of its SUBSCRIBE creates the subscription dialog */
            l = sd_leg_add(cs, e->store, k->to_tag, k->from_tag, m->frame);
        } else {
            const char *local = k->from_tag;
            if (c->caller_tag && k->to_tag == c->caller_tag)
                local = k->to_tag;
            l = sd_leg_add(cs, e->store, local, local == k->from_tag ? k->to_tag : k->from_tag,
                           m->frame);
            k->out->flags |= (k->method == e->m_bye) ? SD_MSG_ORPHAN : SD_MSG_UNKNOWN_DIALOG;
        }
        if (l) {
            l->pub.state = SD_STATE_CONFIRMED;
            l->pub.confirmed_frame = m->frame;
        }
    }
    if (!l) {
        k->out->state = cs->attempt_state;
        return;
    }
    set_leg(k, l);

    /* CSeq order per side (hop copies carry the same CSeq: equal is fine) */
    {
        guint side = side_of(l, k->from_tag);
        if (l->cseq_set[side] && m->cseq < l->cseq[side]) {
            k->out->flags |= SD_MSG_CSEQ_BACKWARDS;
        } else {
            l->cseq[side] = m->cseq;
            l->cseq_set[side] = TRUE;
        }
    }

    if (k->method == e->m_prack && m->has_rack && l->rel_frame &&
        m->rack_rseq == l->rel_rseq && m->rack_cseq == l->rel_cseq)
        t->related_frame = l->rel_frame;
    k->out->related_frame = t->related_frame;

    if (k->method == e->m_bye) {
        l->pub.state = sd_state_on_bye(l->pub.state);
        if (t->hop == 1 && !c->bye_frame && (!c->answer_leg || c->answer_leg == l->pub.number)) {
            c->bye_frame = m->frame;
            c->bye_ts = m->ts_ns;
            c->hangup_by = call_side(k);
        }
    } else if (k->method == e->m_notify && k->x && k->x->subscription_terminated) {
        l->pub.state = sd_state_on_bye(l->pub.state);
    }
    note_sdp(k, l, request_sdp_role(e, k, l), k->out->hop);
    k->out->state = l->pub.state;
}

/* The INVITE transaction an ACK of a non-2xx belongs to when the ACK came with another branch
 * than its INVITE (seen from some UAs): the same logical request from the same sender. */
static sd_txn_t *ack_fallback(sd_engine_t *e, msg_ctx_t *k)
{
    sd_group_t *g = sd_group_find(e->calls, k->c, k->m->cseq, e->m_invite, k->from_tag, NULL);
    sd_txn_t *t;
    if (!g)
        return NULL;
    t = g->first;
    /* prefer the hop the ACK travels on: the group only keeps the first transaction, so
       accept it when its final was a non-2xx with this To-tag or no To-tag is known */
    if (!t || t->final_status < 300)
        return NULL;
    return t;
}

static void on_ack(sd_engine_t *e, msg_ctx_t *k)
{
    sd_call_state_t *cs = k->c;
    sd_call_t *c = &cs->pub;
    const ss_sip_msg_t *m = k->m;
    char *key_inv = sd_txn_key(m, e->m_invite);
    char *key_ack = sd_txn_key(m, e->m_ack);
    sd_txn_work_t *wi = sd_txn_lookup(e->txns, key_inv);
    sd_txn_work_t *wa;
    sd_leg_state_t *l = find_leg(k);
    sd_txn_t *t;

    g_free(key_inv);
    set_leg(k, l);
    if (wi && wi->txn->final_status >= 300) {
        /* ACK of a non-2xx final: part of the INVITE transaction */
        g_free(key_ack);
        t = wi->txn;
        set_txn(k, t);
        note_copy(k, wi, t, 1);
        if (!t->ack_frame)
            t->ack_frame = m->frame;
        sd_txn_touch(e->txns, wi, m->ts_ns);
        k->out->state = current_state(k, l);
        return;
    }
    wa = sd_txn_lookup(e->txns, key_ack);
    if (wa) {
        /* an ACK seen before (2xx retransmitted, ACK repeated) */
        g_free(key_ack);
        t = wa->txn;
        set_txn(k, t);
        if (t->method == e->m_invite) {     /* fallback-matched non-2xx ACK */
            note_copy(k, wa, t, 1);
        } else {
            note_copy(k, wa, t, 0);
            if (t->related_frame)
                k->out->flags |= SD_MSG_ACKS_2XX;
        }
        k->out->related_frame = t->related_frame;
        if (l && t->related_frame && t->method == e->m_ack) {
            /* a copy at another capture point acknowledges the 2xx seen on its own path */
            guint32 f = sd_call_ack_2xx_frame(k->c, &l->pub, m->cseq, k->src, k->dst);
            if (f)
                k->out->related_frame = f;
        }
        k->out->sdp = (guint8)request_sdp_role(e, k, l);
        sd_txn_touch(e->txns, wa, m->ts_ns);
        k->out->state = current_state(k, l);
        return;
    }
    if (!wi && (t = ack_fallback(e, k)) != NULL && !(l && l->pub.has_2xx && l->pub.last_2xx_cseq == m->cseq)) {
        if (key_ack) {
            wa = sd_txn_insert(e->txns, key_ack, t, m->ts_ns);
            wa->request_seen = TRUE;
            wa->no_response = TRUE;
            sd_txn_touch(e->txns, wa, m->ts_ns);
        }
        set_txn(k, t);
        if (wa)
            note_copy(k, wa, t, 1);
        if (!t->ack_frame)
            t->ack_frame = m->frame;
        k->out->state = current_state(k, l);
        return;
    }
    /* ACK of a 2xx: a transaction of its own */
    t = new_txn(e, k, e->m_ack);
    attribute_hop(e, k, t, e->m_ack, k->to_tag, k->src, k->dst);
    if (key_ack) {
        wa = sd_txn_insert(e->txns, key_ack, t, m->ts_ns);
        wa->no_response = TRUE;
        note_request(k, wa);
        sd_txn_touch(e->txns, wa, m->ts_ns);
    }
    set_txn(k, t);
    if (l && l->pub.has_2xx && m->cseq <= l->pub.last_2xx_cseq) {
        k->out->flags |= SD_MSG_ACKS_2XX;
        t->related_frame = sd_call_ack_2xx_frame(k->c, &l->pub, m->cseq, k->src, k->dst);
        if (!l->pub.has_ack || m->cseq > l->pub.acked_cseq) {
            l->pub.acked_cseq = m->cseq;
            l->pub.has_ack = TRUE;
        }
        if (t->hop == 1 && c->answer_frame && !c->ack_frame &&
            c->answer_leg == l->pub.number && m->cseq == cs->answer_cseq) {
            c->ack_frame = m->frame;
            c->ack_ts = m->ts_ns;
        }
        note_sdp(k, l, request_sdp_role(e, k, l), k->out->hop);
    } else {
        k->out->flags |= SD_MSG_ORPHAN;
        k->out->sdp = (guint8)request_sdp_role(e, k, l);
    }
    k->out->related_frame = t->related_frame;
    k->out->state = current_state(k, l);
}

static void on_cancel(sd_engine_t *e, msg_ctx_t *k)
{
    sd_call_state_t *cs = k->c;
    sd_call_t *c = &cs->pub;
    const ss_sip_msg_t *m = k->m;
    char *key = sd_txn_key(m, e->m_cancel);
    char *key_inv = sd_txn_key(m, e->m_invite);
    sd_txn_work_t *w = sd_txn_lookup(e->txns, key);
    sd_txn_work_t *wi = sd_txn_lookup(e->txns, key_inv);
    sd_txn_t *t;

    g_free(key_inv);
    if (w && w->request_seen) {
        g_free(key);
        t = w->txn;
        set_txn(k, t);
        note_copy(k, w, t, 0);
        k->out->related_frame = t->related_frame;
        sd_txn_touch(e->txns, w, m->ts_ns);
        k->out->state = cs->attempt_state;
        return;
    }
    if (w) {
        g_free(key);
        t = w->txn;
    } else {
        t = new_txn(e, k, e->m_cancel);
        w = key ? sd_txn_insert(e->txns, key, t, m->ts_ns) : NULL;
    }
    attribute_hop(e, k, t, e->m_cancel, NULL, k->src, k->dst);
    if (w)
        note_request(k, w);
    else {
        t->request_frame = m->frame;
        t->request_ts = m->ts_ns;
    }
    set_txn(k, t);
    if (wi) {
        sd_txn_t *inv = wi->txn;
        t->related_frame = inv->request_frame;
        if (!inv->cancel_frame)
            inv->cancel_frame = m->frame;
        if (wi->initial) {
            if (t->hop == 1 && !c->cancel_frame)
                c->cancel_frame = m->frame;
            if (!c->answered && cs->attempt_state < SD_STATE_CONFIRMED)
                cs->attempt_state = SD_STATE_TERMINATING;
            /* the early dialogs it creates are being cancelled */
            for (sd_leg_t *o = c->legs; o; o = o->next)
                if (o->state == SD_STATE_EARLY)
                    o->state = SD_STATE_TERMINATING;
        }
    } else {
        k->out->flags |= SD_MSG_ORPHAN;
    }
    k->out->related_frame = t->related_frame;
    if (w)
        sd_txn_touch(e->txns, w, m->ts_ns);
    k->out->state = cs->attempt_state;
}

static void on_request(sd_engine_t *e, msg_ctx_t *k)
{
    const ss_sip_msg_t *m = k->m;
    char *key;
    sd_txn_work_t *w;
    sd_txn_t *t;

    if (!m->has_cseq) {
        set_leg(k, find_leg(k));
        k->out->state = current_state(k, find_leg(k));
        return;
    }
    if (k->method == e->m_ack) {
        on_ack(e, k);
        return;
    }
    if (k->method == e->m_cancel) {
        on_cancel(e, k);
        return;
    }
    key = sd_txn_key(m, k->method);
    w = sd_txn_lookup(e->txns, key);
    if (w && w->request_seen) {
        sd_leg_state_t *l = find_leg(k);
        g_free(key);
        t = w->txn;
        set_txn(k, t);
        set_leg(k, l);
        note_copy(k, w, t, 0);
        if (w->initial)
            k->out->flags |= SD_MSG_INITIAL;
        k->out->related_frame = t->related_frame;
        k->out->sdp = (guint8)request_sdp_role(e, k, l);
        sd_txn_touch(e->txns, w, m->ts_ns);
        k->out->state = current_state(k, l);
        return;
    }
    if (w) {
        g_free(key);      /* created by a response seen before its request */
        t = w->txn;
    } else {
        t = new_txn(e, k, k->method);
        w = sd_txn_insert(e->txns, key, t, m->ts_ns);
    }
    t->method = k->method;
    note_request(k, w);
    w->initial = k->to_tag == NULL;
    w->has_auth = k->x && k->x->has_auth;
    attribute_hop(e, k, t, k->method, k->to_tag, k->src, k->dst);
    set_txn(k, t);
    if (w->initial) {
        on_initial_request(e, k, w);
        k->out->sdp = (guint8)request_sdp_role(e, k, NULL);
    } else {
        on_dialog_request(e, k, w);
    }
    sd_txn_touch(e->txns, w, m->ts_ns);
}

/* ---- responses ---------------------------------------------------------------------------- */

static void update_callee(sd_engine_t *e, msg_ctx_t *k, gboolean from_uas)
{
    sd_call_state_t *cs = k->c;
    guint vias = k->m->via_count;
    const char *ua;

    if (vias > cs->callee_vias || (!cs->callee_by_response && vias >= cs->callee_vias)) {
        cs->pub.callee_ep = k->src;
        cs->callee_vias = (guint16)MIN(vias, G_MAXUINT16);
        cs->callee_by_response = TRUE;
    }
    ua = k->m->server ? k->m->server : k->m->user_agent;
    if (from_uas && ua && vias >= cs->callee_vias)
        cs->pub.callee_ua = sd_store_str(e->store, ua);
}

static void on_initial_response(sd_engine_t *e, msg_ctx_t *k, sd_txn_work_t *w, sd_leg_state_t *l)
{
    sd_call_state_t *cs = k->c;
    sd_call_t *c = &cs->pub;
    const ss_sip_msg_t *m = k->m;
    sd_txn_t *t = w->txn;
    guint status = m->status;
    gboolean primary = t->method && t->method == c->kind;
    gboolean is_invite = t->method == e->m_invite;
    sd_sdp_role_t role = response_sdp_role(e, k, w);

    k->out->flags |= SD_MSG_INITIAL;
    if (!l && sd_response_creates_dialog(t->method, status, k->to_tag != NULL)) {
        l = sd_leg_add(cs, e->store, k->from_tag, k->to_tag, m->frame);
        if (l) {
            l->cseq[0] = t->cseq;
            l->cseq_set[0] = TRUE;
            if (t->first_hop->request_sdp) {
                l->pub.offer_frame = t->first_hop->request_frame;
                l->pub.offer_side = SD_SIDE_CALLER;
            }
        }
    }
    set_leg(k, l);

    if (status < 200) {
        if (l) {
            l->pub.state = sd_state_on_provisional(l->pub.state, TRUE);
            if (m->has_rseq) {
                k->out->flags |= SD_MSG_RELIABLE_1XX;
                l->rel_rseq = m->rseq;
                l->rel_cseq = t->cseq;
                l->rel_frame = m->frame;
                l->rel_offer = role == SD_SDP_OFFER;
            }
        }
        if (primary) {
            c->provisional = TRUE;
            if (status >= 180 && status < 190 && !c->ringing_frame && !c->answered && is_invite) {
                c->ringing_frame = m->frame;
                c->ringing_ts = m->ts_ns;
            }
            if (!c->answered)
                cs->attempt_state = sd_state_on_provisional(cs->attempt_state, l != NULL);
            update_callee(e, k, k->to_tag != NULL && status > 100);
        }
        if (l && status > 100 && (m->server || m->user_agent))
            l->pub.remote_ua = sd_store_str(e->store, m->server ? m->server : m->user_agent);
    } else if (status < 300) {
        if (l) {
            l->pub.state = sd_state_on_2xx_initial(l->pub.state);
            if (!l->pub.confirmed_frame)
                l->pub.confirmed_frame = m->frame;
            if (!l->pub.final_status)
                l->pub.final_status = (guint16)status;
            if (is_invite)
                note_2xx(e, k, l, t->cseq);
            if (m->server || m->user_agent)
                l->pub.remote_ua = sd_store_str(e->store, m->server ? m->server : m->user_agent);
        }
        if (primary) {
            c->provisional = TRUE;
            cs->attempt_state = sd_method_creates_dialog(t->method) ? SD_STATE_CONFIRMED
                                                                   : SD_STATE_TERMINATED;
            if (!c->answered) {
                c->answered = TRUE;
                c->answer_frame = m->frame;
                c->answer_ts = m->ts_ns;
                c->answer_leg = l ? (guint16)l->pub.number : 0;
                cs->answer_cseq = t->cseq;
                c->final_frame = m->frame;
                c->final_ts = m->ts_ns;
                c->final_status = (guint16)status;
                c->final_reason = sd_store_str(e->store, m->reason);
                cs->final_hop = t->hop;
                c->outcome_final = SD_OUTCOME_ANSWERED;
                c->challenge_pending = FALSE;
                /* the call's INVITE is the one this 2xx answers (first hop) */
                if (is_invite && t->first_hop->request_frame) {
                    c->invite_frame = t->first_hop->request_frame;
                    c->invite_ts = t->first_hop->request_ts;
                }
            }
            update_callee(e, k, TRUE);
        }
    } else {
        if (l) {
            sd_state_t before = l->pub.state;
            l->pub.state = sd_state_on_final_error(before, status, l->pub.confirmed_frame != 0);
            if (l->pub.state != before)
                l->pub.ended_frame = m->frame;
            if (!l->pub.final_status)
                l->pub.final_status = (guint16)status;
        }
        if (primary && t->hop == 1) {
            /* the transaction closest to the caller completed: its early dialogs end */
            for (sd_leg_t *o = c->legs; o; o = o->next) {
                if (!o->confirmed_frame && (o->state == SD_STATE_EARLY ||
                                            o->state == SD_STATE_TERMINATING)) {
                    o->state = sd_state_on_final_error(o->state, status, FALSE);
                    o->ended_frame = m->frame;
                }
            }
        }
        if (primary) {
            c->provisional = TRUE;
            if (!c->answered && (!c->final_frame || t->hop <= cs->final_hop) &&
                (!t->first_hop->request_frame || t->first_hop->request_ts >= c->attempt_ts)) {
                gboolean challenge = sd_status_is_challenge(status);
                c->outcome_final = sd_outcome_for_final(status, c->challenges > 0, w->has_auth);
                if (challenge && t->hop == 1 && c->challenges < G_MAXUINT16)
                    c->challenges++;
                c->challenge_pending = challenge;
                c->final_frame = m->frame;
                c->final_ts = m->ts_ns;
                c->final_status = (guint16)status;
                c->final_reason = sd_store_str(e->store, m->reason);
                cs->final_hop = t->hop;
                cs->attempt_state = sd_state_on_final_error(cs->attempt_state, status, FALSE);
            }
        }
    }
    note_sdp(k, l, role, k->out->hop);
    if (l)
        k->out->state = l->pub.state;
    else if (primary)
        k->out->state = cs->attempt_state;
    else
        k->out->state = status < 200 ? SD_STATE_PROCEEDING
                      : status < 300 ? SD_STATE_TERMINATED : SD_STATE_FAILED;
}

static void on_dialog_response(sd_engine_t *e, msg_ctx_t *k, sd_txn_work_t *w, sd_leg_state_t *l)
{
    sd_call_state_t *cs = k->c;
    sd_call_t *c = &cs->pub;
    const ss_sip_msg_t *m = k->m;
    sd_txn_t *t = w->txn;
    guint status = m->status;

    if (t->method == e->m_cancel) {
        /* the CANCEL's own answer (its To-tag is not a dialog's); the INVITE's 487 ends it */
        set_leg(k, l);
        k->out->state = current_state(k, l);
        return;
    }
    if (!l && k->to_tag && !w->request_seen) {
        /* an in-dialog response whose request is not in the capture */
        l = sd_leg_add(cs, e->store, k->from_tag, k->to_tag, m->frame);
        if (l) {
            l->pub.state = SD_STATE_CONFIRMED;
            l->pub.confirmed_frame = m->frame;
        }
    }
    set_leg(k, l);
    if (!l) {
        k->out->state = cs->attempt_state;
        return;
    }
    if (status < 200) {
        if (m->has_rseq) {
            k->out->flags |= SD_MSG_RELIABLE_1XX;
            l->rel_rseq = m->rseq;
            l->rel_cseq = t->cseq;
            l->rel_frame = m->frame;
            l->rel_offer = response_sdp_role(e, k, w) == SD_SDP_OFFER;
        }
    } else if (t->method == e->m_bye) {
        sd_state_t before = l->pub.state;
        l->pub.state = sd_state_on_bye_final(before);
        if (before != SD_STATE_TERMINATED)
            l->pub.ended_frame = m->frame;
        if (c->bye_frame && t->first_hop->request_frame == c->bye_frame && !c->bye_final_frame)
            c->bye_final_frame = m->frame;
        if (status == 481 || status == 408)
            k->out->flags |= SD_MSG_DIALOG_ERROR;
    } else if (status == 481 || status == 408) {
        k->out->flags |= SD_MSG_DIALOG_ERROR;
        if (l->pub.state != SD_STATE_TERMINATED)
            l->pub.ended_frame = m->frame;
        l->pub.state = SD_STATE_TERMINATED;
    } else if (status < 300) {
        if (t->method == e->m_invite)
            note_2xx(e, k, l, t->cseq);
        if (t->method == e->m_notify && l->pub.state == SD_STATE_TERMINATING) {
            l->pub.state = SD_STATE_TERMINATED;
            l->pub.ended_frame = m->frame;
        }
    }
    note_sdp(k, l, response_sdp_role(e, k, w), k->out->hop);
    k->out->state = l->pub.state;
}

static void on_response(sd_engine_t *e, msg_ctx_t *k)
{
    const ss_sip_msg_t *m = k->m;
    const char *mclass = k->cseq_method;
    sd_leg_state_t *l;
    sd_txn_work_t *w;
    sd_txn_t *t;
    char *key;
    guint copy;

    if (!m->has_cseq || !mclass) {
        l = find_leg(k);
        set_leg(k, l);
        k->out->state = current_state(k, l);
        return;
    }
    l = find_leg(k);
    key = sd_txn_key(m, mclass);
    w = sd_txn_lookup(e->txns, key);
    if (w) {
        g_free(key);
    } else {
        /* the request was not captured (or its state expired) */
        t = new_txn(e, k, mclass);
        w = sd_txn_insert(e->txns, key, t, m->ts_ns);
        w->initial = l == NULL && mclass != e->m_bye && mclass != e->m_cancel;
        /* the request travelled dst -> src of this response */
        attribute_hop(e, k, t, mclass, w->initial ? NULL : k->to_tag, k->dst, k->src);
        k->out->flags |= SD_MSG_ORPHAN;
    }
    t = w->txn;
    set_txn(k, t);
    {
        /* the response's path mirrors a request path: hop of that copy */
        gint index = sd_txn_path_index(w, 0, k->dst, k->src);
        if (index > 0) {
            k->out->flags |= SD_MSG_HOP_COPY;
            k->out->hop = (guint8)MIN((guint)t->hop + (guint)index, 255u);
        }
    }
    copy = sd_txn_response_copy(w, m->status, k->to_tag, m->has_rseq ? m->rseq : 0,
                                sd_body_hash(m->body, m->body_len), k->src, k->dst);
    if (copy) {
        set_leg(k, l);
        mark_retransmission(k, t, copy);
        if (w->initial)
            k->out->flags |= SD_MSG_INITIAL;
        if (m->has_rseq && m->status < 200)
            k->out->flags |= SD_MSG_RELIABLE_1XX;
        k->out->sdp = (guint8)response_sdp_role(e, k, w);
        sd_txn_touch(e->txns, w, m->ts_ns);
        k->out->state = current_state(k, l);
        return;
    }
    if (m->status >= 200 && !t->final_frame) {
        t->final_frame = m->frame;
        t->final_ts = m->ts_ns;
        t->final_status = (guint16)m->status;
        w->final_to_tag = k->to_tag;
    }
    if (w->initial)
        on_initial_response(e, k, w, l);
    else
        on_dialog_response(e, k, w, l);
    sd_txn_touch(e->txns, w, m->ts_ns);
}

/* ---- frames ------------------------------------------------------------------------------- */

static void feed_one(sd_engine_t *e, const ss_sip_msg_t *m, const sd_msg_ext_t *x,
                     sipdialog_msg_t *out)
{
    msg_ctx_t k;
    sd_call_state_t *cs;

    memset(&k, 0, sizeof k);
    k.m = m;
    k.x = x;
    k.out = out;
    advance(e, m->ts_ns);

    out->frame = m->frame;
    out->index = (guint16)MIN(m->index, G_MAXUINT16);
    out->ts_ns = m->ts_ns;
    out->transport = (guint8)m->transport;
    out->status = (guint16)MIN(m->status, G_MAXUINT16);
    out->cseq = m->cseq;
    k.src = out->src = sd_store_ep(e->store, &m->src);
    k.dst = out->dst = sd_store_ep(e->store, &m->dst);
    k.method = m->is_request ? sd_store_str(e->store, m->method) : NULL;
    k.cseq_method = sd_store_str(e->store, m->cseq_method);
    if (m->is_request) {
        out->flags |= SD_MSG_REQUEST;
        out->method = k.method;
        out->ruri_user = sd_store_str(e->store, m->ruri_user);
    } else {
        out->reason = sd_store_str(e->store, m->reason);
    }
    out->cseq_method = k.cseq_method;
    if (m->sdp) {
        char *codecs = sd_sdp_codecs(m->sdp);
        out->codecs = sd_store_str(e->store, codecs);
        g_free(codecs);
    }

    cs = sd_call_table_get(e->calls, m->call, m->call_id);
    if (!cs || (m->is_request && !k.method)) {
        out->state = SD_STATE_NONE;
        return;
    }
    out->call = &cs->pub;
    k.c = cs;
    k.from_tag = sd_store_str(e->store, m->from_tag);
    k.to_tag = sd_store_str(e->store, m->to_tag);
    if (!cs->pub.first_frame) {
        cs->pub.first_frame = m->frame;
        cs->pub.first_ts = m->ts_ns;
    }
    cs->pub.last_frame = m->frame;
    cs->pub.last_ts = m->ts_ns;
    cs->pub.n_messages++;

    if (m->is_request)
        on_request(e, &k);
    else
        on_response(e, &k);
}

const sipdialog_frame_t *sd_engine_feed(sd_engine_t *e, const ss_sip_msg_t *msgs,
                                        const sd_msg_ext_t *ext, guint n)
{
    sipdialog_frame_t *f;
    if (!e || !msgs || n == 0)
        return NULL;
    f = (sipdialog_frame_t *)sd_store_alloc0(e->store, sizeof *f + n * sizeof f->msg[0]);
    f->n = n;
    for (guint i = 0; i < n; i++)
        feed_one(e, &msgs[i], ext ? &ext[i] : NULL, &f->msg[i]);
    sd_txn_expire(e->txns, e->clock.now_ns);
    return f;
}
