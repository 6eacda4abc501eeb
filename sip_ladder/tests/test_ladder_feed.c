/* Unit tests: ladder_feed.c, with hand-made sipdialog/sipauth/stunverify/mediabind records. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sip_ladder/ladder_feed.h"
#include "sip_ladder/ladder_render.h"
#include "sip_ladder/tests/ladder_fixture.h"
#include "plugins/sipdialog/sipdialog_record.h"
#include "plugins/sipauth/sipauth_record.h"
#include "plugins/mediabind/mediabind_record.h"
#include "stun_verify/stunverify_record.h"

/* One INVITE call between A and B: 1 INVITE, 2 407, 3 ACK, 4 INVITE (auth), 5 180, 6 200, 7 ACK,
 * 9 BYE, 10 200; a STUN binding (frames 11/12 before the call in time order is not needed). */
typedef struct {
    ss_endpoint_t a, b, stun_srv;
    sd_call_t call;
    sipdialog_msg_t msg[10];
    /* frame records with their one message inline (a flexible array), filled by make() */
    guint64 frame_store[10][(sizeof(sipdialog_frame_t) + sizeof(sipdialog_msg_t) + 7) / 8];
    sipauth_challenge_t chal;
    sipauth_challenge_t *chal_p;
    sipauth_attempt_t att;
    sipauth_attempt_t *att_p;
    sipauth_msg_t amsg[2];
    sipauth_msg_t *amsg_p[2];
    sipauth_frame_t aframe[2];
    stun_txn_t txn;
    stun_mapping_t mapping;
    stunverify_msg_t smsg[2];
    stunverify_frame_t sframe[2];
    mediabind_call_t mcall;
    mediabind_binding_t binding;
    mediabind_fmt_t fmt;
    mediabind_stream_t stream;
} world_t;

#define FRAME(w, i) ((sipdialog_frame_t *)(w)->frame_store[i])

static const guint32 frames[10] = { 3, 4, 5, 6, 7, 8, 9, 11, 12, 13 };

static void make(world_t *w)
{
    static const char *methods[10] = { "INVITE", NULL, "ACK", "INVITE", NULL, NULL, "ACK", "BYE", NULL, NULL };
    static const guint16 status[10] = { 0, 407, 0, 0, 180, 200, 0, 0, 200, 0 };
    static const char *reasons[10] = { NULL, "Proxy Authentication Required", NULL, NULL, "Ringing", "OK", NULL, NULL, "OK", NULL };
    static const gboolean from_a[10] = { 1, 0, 1, 1, 0, 0, 1, 1, 0, 1 };

    memset(w, 0, sizeof *w);
    w->a = fixture_ep("10.0.0.5", 5060);
    w->b = fixture_ep("198.51.100.1", 5060);
    w->stun_srv = fixture_ep("198.51.100.3", 3478);

    w->call.number = 1;
    w->call.call_id = "feed-1@example.com";
    w->call.kind = "INVITE";
    w->call.caller_addr = "sip:alice@example.com";
    w->call.caller_user = "alice";
    w->call.callee_addr = "sip:bob@example.com";
    w->call.callee_user = "bob";
    w->call.caller_ep = &w->a;
    w->call.callee_ep = &w->b;
    w->call.transport = SS_TRANSPORT_UDP;
    w->call.has_initial = TRUE;
    w->call.answered = TRUE;
    w->call.outcome_final = SD_OUTCOME_ANSWERED;
    w->call.invite_frame = 6;
    w->call.invite_ts = FIX_T0 + 6 * FIX_MS;
    w->call.ringing_frame = 7;
    w->call.ringing_ts = FIX_T0 + 107 * FIX_MS;
    w->call.answer_frame = 8;
    w->call.answer_ts = FIX_T0 + 1006 * FIX_MS;
    w->call.ack_frame = 9;
    w->call.ack_ts = FIX_T0 + 1010 * FIX_MS;
    w->call.bye_frame = 11;
    w->call.bye_ts = FIX_T0 + 6010 * FIX_MS;
    w->call.hangup_by = SD_SIDE_CALLER;
    w->call.final_status = 200;
    w->call.final_reason = "OK";
    w->call.n_legs = 1;
    w->call.first_ts = FIX_T0 + 1 * FIX_MS;
    w->call.last_ts = FIX_T0 + 6020 * FIX_MS;
    w->call.n_messages = 9;

    for (guint i = 0; i < 9; i++) {
        sipdialog_msg_t *m = &w->msg[i];
        m->frame = frames[i];
        m->ts_ns = FIX_T0 + (i < 4 ? (gint64)frames[i] : (i < 5 ? 107 : i < 6 ? 1006 : i < 7 ? 1010 : i < 8 ? 6010 : 6020)) * FIX_MS;
        m->flags = methods[i] ? SD_MSG_REQUEST : 0;
        m->method = methods[i];
        m->status = status[i];
        if (methods[i])
            m->ruri_user = "bob";
        else
            m->reason = reasons[i];   /* shares ruri_user's storage */
        m->transport = SS_TRANSPORT_UDP;
        m->src = from_a[i] ? &w->a : &w->b;
        m->dst = from_a[i] ? &w->b : &w->a;
        m->call = &w->call;
        m->leg = i >= 4 ? 1 : 0;
        m->state = i == 8 ? SD_STATE_TERMINATED : SD_STATE_CALLING;
    }
    w->msg[0].sdp = SD_SDP_OFFER;
    w->msg[0].codecs = "PCMA";
    w->msg[3].sdp = SD_SDP_OFFER;
    w->msg[3].codecs = "PCMA";
    w->msg[5].sdp = SD_SDP_ANSWER;
    w->msg[5].codecs = "PCMA";
    for (guint i = 0; i < 10; i++) {
        FRAME(w, i)->n = 1;
        FRAME(w, i)->msg[0] = w->msg[i];
    }

    /* sipauth: the 407 (frame 4) and the authorised INVITE (frame 6) */
    w->chal.frame = 4;
    w->chal.status = 407;
    w->chal.proxy = TRUE;
    w->chal.call = 1;
    w->chal.stale = 0;
    w->chal_p = &w->chal;
    w->att.frame = 6;
    w->att.call = 1;
    w->att.method = "INVITE";
    w->att.username = "alice";
    w->att.realm = "example.com";
    w->att.verdict = SA_VERDICT_VALID;
    w->att.outcome = SA_OUTCOME_ACCEPTED;
    w->att.nonce_uses = 1;
    w->att_p = &w->att;
    w->amsg[0].frame = 4;
    w->amsg[0].status = 407;
    w->amsg[0].call = 1;
    w->amsg[0].n_challenges = 1;
    w->amsg[0].challenges = &w->chal_p;
    w->amsg[1].frame = 6;
    w->amsg[1].call = 1;
    w->amsg[1].n_attempts = 1;
    w->amsg[1].attempts = &w->att_p;
    for (guint i = 0; i < 2; i++) {
        w->amsg_p[i] = &w->amsg[i];
        w->aframe[i].n = 1;
        w->aframe[i].msg = &w->amsg_p[i];
    }

    /* stunverify: a binding to a STUN server before the call (frames 1, 2), the mapping is
     * advertised in frame 3 (the INVITE) */
    w->txn.method = 1;
    w->txn.request_frame = 1;
    w->txn.response_frame = 2;
    w->mapping.addr = fixture_ep("203.0.113.9", 40000);
    w->mapping.learned_frame = 2;
    w->mapping.used_in = 3;
    w->smsg[0].method = 1;
    w->smsg[0].cls = 0;
    w->smsg[0].role = STUNV_ROLE_SRFLX_DISCOVERY;
    w->smsg[0].txn = &w->txn;
    w->smsg[1].method = 1;
    w->smsg[1].cls = 2;
    w->smsg[1].role = STUNV_ROLE_SRFLX_DISCOVERY;
    w->smsg[1].txn = &w->txn;
    w->smsg[1].usage = &w->mapping;
    w->smsg[1].flags = STUNV_F_HAS_MAPPED | STUNV_F_HAS_OBSERVED | STUNV_F_TRANSLATED | STUNV_F_MAPPED_XOR;
    w->smsg[1].mapped = w->mapping.addr;
    w->smsg[1].observed = fixture_ep("10.0.0.5", 40000);
    for (guint i = 0; i < 2; i++) {
        w->sframe[i].n = 1;
        w->sframe[i].msg = &w->smsg[i];
    }

    /* mediabind: one PCMA stream caller->callee */
    w->fmt.pt = 8;
    w->fmt.clock = 8000;
    w->fmt.name = "PCMA";
    w->binding.call = &w->mcall;
    w->binding.leg = 1;
    g_strlcpy(w->binding.media, "audio", sizeof w->binding.media);
    w->binding.offer_frame = 3;
    w->binding.answer_frame = 8;
    w->binding.offerer = MB_SIDE_CALLER;
    w->binding.side[MB_SIDE_CALLER].sdp_frame = 3;
    w->binding.side[MB_SIDE_CALLER].rtp = fixture_ep("203.0.113.9", 40000);
    w->binding.side[MB_SIDE_CALLER].n_fmt = 1;
    w->binding.side[MB_SIDE_CALLER].fmt = &w->fmt;
    w->binding.side[MB_SIDE_CALLEE].sdp_frame = 8;
    w->binding.side[MB_SIDE_CALLEE].rtp = fixture_ep("198.51.100.50", 30000);
    w->binding.side[MB_SIDE_CALLEE].n_fmt = 1;
    w->binding.side[MB_SIDE_CALLEE].fmt = &w->fmt;
    w->stream.call = &w->mcall;
    w->stream.binding = &w->binding;
    w->stream.number = 1;
    w->stream.kind = MB_KIND_RTP;
    w->stream.direction = MB_DIR_CALLER_TO_CALLEE;
    w->stream.addr_match = TRUE;
    w->stream.src = fixture_ep("10.0.0.5", 40000);
    w->stream.dst = fixture_ep("198.51.100.50", 30000);
    w->stream.first_frame = 10;
    w->stream.first_pt = 8;
    w->stream.stats.packets = 200;
    w->stream.stats.bytes = 34400;
    w->stream.stats.first_ns = FIX_T0 + 1020 * FIX_MS;
    w->stream.stats.last_ns = FIX_T0 + 5000 * FIX_MS;
    w->stream.stats.seq_base = 100;
    w->stream.stats.seq_max = 299;
    w->stream.stats.jitter_ms = 0.75;
    w->mcall.call = 1;
    w->mcall.answer_frame = 8;
    w->mcall.n_streams = 1;
    w->mcall.streams = &w->stream;
    w->mcall.last_stream = &w->stream;
}

static ladder_pkt_t pkt(guint32 frame, gint64 ms, const ss_endpoint_t *src, const ss_endpoint_t *dst, gboolean matched)
{
    ladder_pkt_t p;
    memset(&p, 0, sizeof p);
    p.frame = frame;
    p.ts_ns = FIX_T0 + ms * FIX_MS;
    p.t0_ns = FIX_T0;
    if (src)
        p.src = *src;
    if (dst)
        p.dst = *dst;
    p.len = 400;
    p.matched = matched;
    return p;
}

/* feeds everything in frame order; matched_frame: the frame the filter matched (0 none) */
static ladder_feed_t *feed_all(world_t *w, guint32 matched_frame)
{
    ladder_feed_t *f = ladder_feed_new();
    ss_endpoint_t obs = fixture_ep("10.0.0.5", 40000);
    ladder_pkt_t p;
    mediabind_pkt_t mp;

    p = pkt(1, 0, &obs, &w->stun_srv, matched_frame == 1);
    ladder_feed_stun(f, &p, &w->sframe[0]);
    p = pkt(2, 1, &w->stun_srv, &obs, matched_frame == 2);
    ladder_feed_stun(f, &p, &w->sframe[1]);
    for (guint i = 0; i < 9; i++) {
        p = pkt(frames[i], 0, NULL, NULL, matched_frame == frames[i]);
        assert_int_equal(ladder_feed_dialog(f, &p, FRAME(w, i)), 1);
        if (frames[i] == 4)
            ladder_feed_auth(f, &p, &w->aframe[0]);
        if (frames[i] == 6)
            ladder_feed_auth(f, &p, &w->aframe[1]);
        if (frames[i] == 9) {   /* RTP frame 10 */
            gboolean is_new = FALSE;
            memset(&mp, 0, sizeof mp);
            mp.stream = &w->stream;
            mp.frame = 10;
            p = pkt(10, 1020, &w->stream.src, &w->stream.dst, matched_frame == 10);
            assert_int_equal(ladder_feed_media(f, &p, &mp, &is_new), 1);
            assert_true(is_new);
            p.frame = 14;
            p.matched = FALSE;
            assert_int_equal(ladder_feed_media(f, &p, &mp, &is_new), 0);   /* known: nothing to do */
            assert_false(is_new);
        }
    }
    return f;
}

static const ladder_row_t *row_of_frame(const ladder_call_t *c, guint32 frame)
{
    for (guint i = 0; i < c->rows->len; i++) {
        const ladder_row_t *r = g_ptr_array_index(c->rows, i);
        if (r->frame == frame)
            return r;
    }
    return NULL;
}

static void builds_the_call(void **state)
{
    world_t w;
    ladder_feed_t *f;
    ladder_call_t *c;
    char *full;

    make(&w);
    f = feed_all(&w, 0);
    assert_int_equal(ladder_feed_max_call(f), 1);
    assert_true(ladder_feed_has_call(f, 1));
    assert_false(ladder_feed_has_call(f, 2));
    assert_true(ladder_feed_selected(f, 1, FALSE));
    assert_true(ladder_feed_t0(f) == FIX_T0);
    c = ladder_feed_build(f, 1, TRUE, TRUE);
    assert_non_null(c);
    assert_string_equal(c->call_id, "feed-1@example.com");
    assert_string_equal(c->outcome, "answered");
    assert_string_equal(c->hangup_by, "caller");
    assert_true(c->pdd_ns == 101 * FIX_MS);
    assert_true(c->setup_ns == 1000 * FIX_MS);
    assert_true(c->duration_ns == 5000 * FIX_MS);
    assert_string_equal(c->state, "terminated");
    /* 9 SIP + 2 STUN + 1 media rows */
    assert_int_equal(c->rows->len, 12);
    assert_int_equal(c->sip_messages, 9);
    full = ladder_row_full_label(row_of_frame(c, 4));
    assert_string_equal(full, "407 Proxy Authentication Required [407 challenge]");
    g_free(full);
    full = ladder_row_full_label(row_of_frame(c, 6));
    assert_string_equal(full, "INVITE bob SDP offer PCMA [auth valid]");
    g_free(full);
    /* the STUN binding belongs to the call whose INVITE advertised the mapping */
    assert_string_equal(row_of_frame(c, 2)->label, "STUN Binding Success");
    full = ladder_row_full_label(row_of_frame(c, 2));
    assert_string_equal(full, "STUN Binding Success mapped 203.0.113.9:40000 [translated: seen as 10.0.0.5:40000] "
                              "[mapping used in frame 3]");
    g_free(full);
    assert_string_equal(row_of_frame(c, 1)->label, "STUN Binding Request");
    assert_int_equal(c->nat.translated, 1);
    assert_string_equal(c->nat.mapped, "203.0.113.9:40000");
    /* the auth summary */
    assert_int_equal(c->auth.challenges, 1);
    assert_int_equal(c->auth.valid, 1);
    assert_string_equal(c->auth.outcome, "accepted");
    /* the media stream: codec from SDP, loss from the sequence numbers */
    assert_int_equal(c->streams->len, 1);
    {
        const ladder_stream_t *s = g_ptr_array_index(c->streams, 0);
        assert_string_equal(s->codec, "PCMA/8000");
        assert_string_equal(s->media, "audio");
        assert_int_equal(s->from_caller, 1);
        assert_int_equal((int)s->lost, 0);
        assert_false(s->addr_mismatch);
    }
    full = ladder_row_full_label(row_of_frame(c, 10));
    assert_string_equal(full, "RTP PCMA/8000 caller->callee 200 pkts lost 0 (0.0%) jitter 0.75 ms duration 3.980 s [one-way]");
    g_free(full);
    ladder_call_free(c);
    assert_null(ladder_feed_build(f, 2, TRUE, TRUE));
    ladder_feed_reset(f);
    assert_int_equal(ladder_feed_max_call(f), 0);
    ladder_feed_free(f);
}

static void selection_by_any_frame(void **state)
{
    world_t w;
    ladder_feed_t *f;
    make(&w);
    f = feed_all(&w, 0);
    assert_false(ladder_feed_selected(f, 1, TRUE));
    ladder_feed_free(f);
    /* a SIP frame, an RTP frame, a STUN frame attached later through its mapping */
    f = feed_all(&w, 7);
    assert_true(ladder_feed_selected(f, 1, TRUE));
    ladder_feed_free(f);
    f = feed_all(&w, 10);
    assert_true(ladder_feed_selected(f, 1, TRUE));
    ladder_feed_free(f);
    f = feed_all(&w, 1);
    assert_true(ladder_feed_selected(f, 1, TRUE));
    ladder_feed_free(f);
}

static void stats_inputs(void **state)
{
    world_t w;
    ladder_feed_t *f;
    call_stats_call_t cs;
    make(&w);
    w.stream.addr_match = FALSE;
    f = feed_all(&w, 0);
    assert_true(ladder_feed_call_stats(f, 1, &cs));
    assert_string_equal(cs.method, "INVITE");
    assert_string_equal(cs.outcome, "answered");
    assert_string_equal(cs.caller_user, "alice");
    assert_true(cs.setup_ns == 1000 * FIX_MS);
    assert_int_equal(cs.auth_challenges, 1);
    assert_int_equal(cs.auth_valid, 1);
    assert_true(cs.nat_translated);
    assert_true(cs.nat_mismatch);
    assert_false(ladder_feed_call_stats(f, 3, &cs));
    ladder_feed_free(f);
}

static void summary_build_without_rows(void **state)
{
    world_t w;
    ladder_feed_t *f;
    ladder_call_t *c;
    make(&w);
    f = feed_all(&w, 0);
    c = ladder_feed_build(f, 1, FALSE, FALSE);
    assert_non_null(c);
    assert_int_equal(c->sip_messages, 9);
    assert_true(c->start_ns == FIX_T0 + 1 * FIX_MS);
    assert_int_equal(c->streams->len, 1);
    assert_int_equal(c->auth.valid, 1);
    ladder_call_free(c);
    ladder_feed_free(f);
}

/* the rendered ladder of the hand-made call (all parts together) */
static void renders(void **state)
{
    world_t w;
    ladder_feed_t *f;
    ladder_call_t *c;
    GString *out = g_string_new(NULL);
    ladder_opts_t o;
    make(&w);
    f = feed_all(&w, 0);
    c = ladder_feed_build(f, 1, TRUE, TRUE);
    memset(&o, 0, sizeof o);
    o.width = 100;
    ladder_text_call(out, c, &o, ladder_feed_t0(f));
    assert_non_null(strstr(out->str, "  Auth         1 challenge (407), 1 authorised request: valid; accepted (alice@example.com MD5)\n"));
    assert_non_null(strstr(out->str, "  NAT          STUN 1 request/1 response, mapped 203.0.113.9:40000 (seen as 10.0.0.5:40000), "
                                     "translated x1, mapping used in frame 3\n"));
    assert_non_null(strstr(out->str, "10.0.0.5"));
    assert_non_null(strstr(out->str, "198.51.100.3"));
    ladder_call_free(c);
    ladder_feed_free(f);
    g_string_free(out, TRUE);
}

/* a mapping no SIP message advertised: the binding stays outside the call */
static void unbound_stun(void **state)
{
    world_t w;
    ladder_feed_t *f;
    ladder_call_t *c, *o;
    GString *out = g_string_new(NULL);
    ladder_opts_t opt;
    make(&w);
    w.mapping.used_in = 0;
    f = feed_all(&w, 0);
    c = ladder_feed_build(f, 1, TRUE, TRUE);
    assert_int_equal(c->rows->len, 10);   /* 9 SIP + 1 media */
    assert_int_equal(c->nat.stun_requests, 0);
    o = ladder_feed_build_unbound_stun(f, FALSE);
    assert_non_null(o);
    assert_int_equal(o->num, 0);
    assert_int_equal(o->rows->len, 2);
    assert_int_equal(o->nat.translated, 1);
    assert_null(ladder_feed_build_unbound_stun(f, TRUE));   /* the filter matched none of them */
    memset(&opt, 0, sizeof opt);
    opt.width = 100;
    ladder_text_call(out, o, &opt, ladder_feed_t0(f));
    assert_true(g_str_has_prefix(out->str, "STUN outside calls: 2 messages"));
    assert_non_null(strstr(out->str, "[mapping never advertised]"));
    ladder_call_free(o);
    ladder_call_free(c);
    ladder_feed_free(f);
    f = feed_all(&w, 2);
    o = ladder_feed_build_unbound_stun(f, TRUE);
    assert_non_null(o);
    ladder_call_free(o);
    ladder_feed_free(f);
    g_string_free(out, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builds_the_call),
        cmocka_unit_test(selection_by_any_frame),
        cmocka_unit_test(stats_inputs),
        cmocka_unit_test(summary_build_without_rows),
        cmocka_unit_test(renders),
        cmocka_unit_test(unbound_stun),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
