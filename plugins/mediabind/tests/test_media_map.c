/* Unit tests: media_map.c (offer/answer pairing, address binding, streams). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "plugins/mediabind/media_map.h"

#define ALICE_SIG "192.0.2.10"
#define BOB_SIG   "203.0.113.20"

/* --- builders --------------------------------------------------------------------- */

static ss_sdp_t *sdps[64];
static guint n_sdps;

static const ss_sdp_t *sdp(const char *text)
{
    ss_sdp_t *s = ss_sdp_parse(text, strlen(text));
    g_assert(n_sdps < G_N_ELEMENTS(sdps));
    sdps[n_sdps++] = s;
    return s;
}

static void free_sdps(void)
{
    for (guint i = 0; i < n_sdps; i++)
        ss_sdp_free(sdps[i]);
    n_sdps = 0;
}

static char *audio_sdp(const char *addr, guint port, const char *fmts, const char *extra)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "v=0\r\no=- 1 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\n", addr, addr);
    g_string_append_printf(s, "m=audio %u RTP/AVP %s\r\n", port, fmts);
    if (strstr(fmts, "101"))
        g_string_append(s, "a=rtpmap:101 telephone-event/8000\r\n");
    if (strstr(fmts, "96"))
        g_string_append(s, "a=rtpmap:96 opus/48000/2\r\n");
    if (extra)
        g_string_append(s, extra);
    return g_string_free(s, FALSE);
}

static const ss_sdp_t *audio(const char *addr, guint port, const char *fmts, const char *extra)
{
    char *t = audio_sdp(addr, port, fmts, extra);
    const ss_sdp_t *s = sdp(t);
    g_free(t);
    return s;
}

/* a SIP message between alice (caller, tag "a") and bob (callee, tag "b") */
static mb_sig_t sig(guint32 frame, gboolean from_alice, const char *method, guint status,
                    const char *cseq_method, guint32 cseq, const ss_sdp_t *body)
{
    mb_sig_t s;
    memset(&s, 0, sizeof s);
    s.frame = frame;
    s.call = 1;
    s.is_request = method != NULL;
    s.method = method;
    s.status = status;
    s.cseq_method = cseq_method;
    s.cseq = cseq;
    /* requests from alice and responses to them carry From tag a */
    s.from_tag = (from_alice == s.is_request) ? "a" : "b";
    s.to_tag = (from_alice == s.is_request) ? "b" : "a";
    ss_endpoint_parse(&s.src, from_alice ? ALICE_SIG : BOB_SIG, 5060);
    ss_endpoint_parse(&s.dst, from_alice ? BOB_SIG : ALICE_SIG, 5060);
    s.sdp = body;
    return s;
}

static void send(mb_map_t *m, mb_sig_t s)
{
    mb_map_signal(m, &s);
}

static mediabind_frame_t rtp(mb_map_t *m, guint32 frame, const char *src, guint sport, const char *dst,
                             guint dport, guint8 pt, guint16 seq)
{
    mb_media_t p;
    memset(&p, 0, sizeof p);
    p.frame = frame;
    p.kind = MB_KIND_RTP;
    ss_endpoint_parse(&p.src, src, (guint16)sport);
    ss_endpoint_parse(&p.dst, dst, (guint16)dport);
    p.ts_ns = (gint64)frame * 20000000;
    p.len = 172;
    p.rtp_offset = 42;
    p.has_rtp = TRUE;
    p.seq = seq;
    p.timestamp = seq * 160u;
    p.ssrc = 0x1234 + (src[0] == '1' ? 1 : 0);
    p.pt = pt;
    return mb_map_media(m, &p);
}

static mediabind_stream_t *S(mediabind_frame_t f)
{
    return mediabind_frame_stream(f);
}

static const char *sdp_addr(const mediabind_stream_t *s, char *buf)
{
    const mediabind_sdp_side_t *r = mediabind_stream_receiver(s);
    if (!r)
        return "";
    return ss_endpoint_to_str(s->kind == MB_KIND_RTCP ? &r->rtcp : &r->rtp, buf, SS_ENDPOINT_STRLEN);
}

static int teardown(void **state)
{
    free_sdps();
    return 0;
}

/* --- tests ------------------------------------------------------------------------ */

static void basic_call(void **state)
{
    mb_map_t *m = mb_map_new();
    mediabind_frame_t f;
    mediabind_stream_t *s;
    char buf[SS_ENDPOINT_STRLEN];

    send(m, sig(1, TRUE, "INVITE", 0, "INVITE", 1, audio("192.0.2.10", 40000, "0 8 101", NULL)));
    send(m, sig(2, FALSE, NULL, 180, "INVITE", 1, NULL));
    send(m, sig(3, FALSE, NULL, 200, "INVITE", 1, audio("203.0.113.20", 30000, "0 101", NULL)));
    send(m, sig(4, TRUE, "ACK", 0, "ACK", 1, NULL));

    f = rtp(m, 5, "192.0.2.10", 40000, "203.0.113.20", 30000, 0, 1);
    s = S(f);
    assert_non_null(s);
    assert_int_equal(f & MB_FRAME_FLAG_MASK, 0);
    assert_int_equal(s->call->call, 1);
    assert_int_equal(s->binding->offer_frame, 1);
    assert_int_equal(s->binding->answer_frame, 3);
    assert_int_equal(s->direction, MB_DIR_CALLER_TO_CALLEE);
    assert_true(s->addr_match);
    assert_int_equal(s->number, 1);
    assert_string_equal(sdp_addr(s, buf), "203.0.113.20:30000");
    assert_int_equal(mediabind_phase(s->call, 5), MB_PHASE_ESTABLISHED);

    f = rtp(m, 6, "203.0.113.20", 30000, "192.0.2.10", 40000, 0, 7);
    assert_int_equal(S(f)->direction, MB_DIR_CALLEE_TO_CALLER);
    assert_string_equal(sdp_addr(S(f), buf), "192.0.2.10:40000");
    assert_true(S(f) != s);
    /* the same flow again: the same stream */
    assert_ptr_equal(S(rtp(m, 7, "192.0.2.10", 40000, "203.0.113.20", 30000, 0, 2)), s);
    assert_int_equal(s->stats.packets, 2);
    assert_int_equal(s->first_frame, 5);
    assert_int_equal(s->last_frame, 7);
    /* unrelated traffic is not bound */
    assert_int_equal(rtp(m, 8, "198.51.100.1", 1000, "198.51.100.2", 2000, 0, 1), 0);

    send(m, sig(9, TRUE, "BYE", 0, "BYE", 2, NULL));
    assert_int_equal(mediabind_phase(s->call, 10), MB_PHASE_AFTER_BYE);
    assert_int_equal(mediabind_phase(s->call, 3), MB_PHASE_EARLY);
    assert_false(mediabind_stream_oneway(s));
    mb_map_free(m);
}

static void codecs_and_negotiated_set(void **state)
{
    mb_map_t *m = mb_map_new();
    mediabind_stream_t *s;
    gboolean neg;
    char buf[64];

    send(m, sig(1, TRUE, "INVITE", 0, "INVITE", 1, audio("192.0.2.10", 40000, "0 8 101", NULL)));
    send(m, sig(4, FALSE, NULL, 200, "INVITE", 1, audio("203.0.113.20", 30000, "0 101", NULL)));
    s = S(rtp(m, 6, "192.0.2.10", 40000, "203.0.113.20", 30000, 0, 1));
    assert_string_equal(mediabind_fmt_str(mediabind_stream_fmt(s, 0, &neg), 0, buf, sizeof buf), "PCMU/8000");
    assert_true(neg);
    assert_string_equal(mediabind_fmt_str(mediabind_stream_fmt(s, 8, &neg), 8, buf, sizeof buf), "PCMA/8000");
    assert_false(neg);      /* offered, not answered */
    assert_string_equal(mediabind_fmt_str(mediabind_stream_fmt(s, 18, &neg), 18, buf, sizeof buf), "G729/8000");
    assert_false(neg);      /* never offered: the static table names it */
    assert_string_equal(mediabind_fmt_str(mediabind_stream_fmt(s, 101, &neg), 101, buf, sizeof buf),
                        "telephone-event/8000");
    assert_true(neg);
    assert_null(mediabind_stream_fmt(s, 120, &neg));
    assert_string_equal(mediabind_fmt_str(NULL, 120, buf, sizeof buf), "PT 120");
    /* a not-negotiated packet is counted on the stream */
    rtp(m, 7, "192.0.2.10", 40000, "203.0.113.20", 30000, 8, 2);
    assert_int_equal(s->pt_mismatch, 1);
    mb_map_free(m);
}

static void early_media_183(void **state)
{
    mb_map_t *m = mb_map_new();
    mediabind_stream_t *s;
    const ss_sdp_t *ans = audio("203.0.113.20", 30000, "0 101", NULL);

    send(m, sig(1, TRUE, "INVITE", 0, "INVITE", 1, audio("192.0.2.10", 40000, "0 8 101", NULL)));
    send(m, sig(3, FALSE, NULL, 183, "INVITE", 1, ans));
    s = S(rtp(m, 4, "203.0.113.20", 30000, "192.0.2.10", 40000, 0, 1));
    assert_int_equal(s->binding->answer_frame, 3);
    assert_int_equal(s->direction, MB_DIR_CALLEE_TO_CALLER);
    assert_int_equal(mediabind_phase(s->call, 4), MB_PHASE_EARLY);
    /* the 200 repeats the answer: nothing changes, the stream continues */
    send(m, sig(54, FALSE, NULL, 200, "INVITE", 1, audio("203.0.113.20", 30000, "0 101", NULL)));
    assert_ptr_equal(S(rtp(m, 55, "203.0.113.20", 30000, "192.0.2.10", 40000, 0, 2)), s);
    assert_int_equal(s->binding->answer_frame, 3);
    assert_int_equal(mediabind_phase(s->call, 55), MB_PHASE_ESTABLISHED);
    assert_int_equal(mediabind_phase(s->call, 53), MB_PHASE_EARLY);
    assert_int_equal(s->call->n_bindings, 1);
    mb_map_free(m);
}

static void media_before_answer(void **state)
{
    mb_map_t *m = mb_map_new();
    mediabind_stream_t *s;
    /* media towards the offerer binds as soon as the offer is seen */
    send(m, sig(1, TRUE, "INVITE", 0, "INVITE", 1, audio("192.0.2.10", 40000, "0", NULL)));
    s = S(rtp(m, 2, "203.0.113.20", 30000, "192.0.2.10", 40000, 0, 1));
    assert_non_null(s);
    assert_int_equal(s->binding->offer_frame, 1);
    assert_int_equal(s->binding->answer_frame, 0);
    assert_null(mediabind_stream_sender(s));
    assert_int_equal(mediabind_stream_src_match(s), -1);
    /* the answer completes the same binding */
    send(m, sig(3, FALSE, NULL, 200, "INVITE", 1, audio("203.0.113.20", 30000, "0", NULL)));
    assert_int_equal(s->binding->answer_frame, 3);
    assert_int_equal(mediabind_stream_src_match(s), 1);
    assert_ptr_equal(S(rtp(m, 4, "203.0.113.20", 30000, "192.0.2.10", 40000, 0, 2)), s);
    mb_map_free(m);
}

/* A flow's packets skip the map lookups while no SDP arrived (mediabind_stream_t's memo): an
 * answer that drops a payload type must still be seen by the very next packet. */
static void memo_follows_sdp(void **state)
{
    mb_map_t *m = mb_map_new();
    mediabind_stream_t *s;

    send(m, sig(1, TRUE, "INVITE", 0, "INVITE", 1, audio("192.0.2.10", 40000, "0 8", NULL)));
    s = S(rtp(m, 2, "203.0.113.20", 30000, "192.0.2.10", 40000, 8, 1));
    rtp(m, 3, "203.0.113.20", 30000, "192.0.2.10", 40000, 8, 2);
    assert_int_equal(s->pt_mismatch, 0);        /* offered, nothing answered yet */
    assert_true(s->last_pt.negotiated);
    /* a signal without SDP keeps the memo (and the answer below must still replace it) */
    send(m, sig(4, FALSE, NULL, 180, "INVITE", 1, NULL));
    assert_ptr_equal(S(rtp(m, 5, "203.0.113.20", 30000, "192.0.2.10", 40000, 8, 3)), s);
    assert_int_equal(s->pt_mismatch, 0);
    send(m, sig(6, FALSE, NULL, 200, "INVITE", 1, audio("203.0.113.20", 30000, "0", NULL)));
    assert_ptr_equal(S(rtp(m, 7, "203.0.113.20", 30000, "192.0.2.10", 40000, 8, 4)), s);
    assert_int_equal(s->pt_mismatch, 1);        /* the answer dropped PCMA */
    assert_false(s->last_pt.negotiated);
    assert_ptr_equal(S(rtp(m, 8, "203.0.113.20", 30000, "192.0.2.10", 40000, 0, 5)), s);
    assert_int_equal(s->pt_mismatch, 1);
    assert_true(s->last_pt.negotiated);
    assert_int_equal(s->last_pt.pt, 0);
    assert_int_equal(s->last_pt.clock, 8000);
    /* a re-INVITE putting the call on hold rebinds the same addresses: the next packet of the
     * flow starts a new piece under the new binding */
    send(m, sig(9, TRUE, "INVITE", 0, "INVITE", 2, audio("192.0.2.10", 40000, "0", "a=sendonly\r\n")));
    send(m, sig(10, FALSE, NULL, 200, "INVITE", 2, audio("203.0.113.20", 30000, "0", "a=recvonly\r\n")));
    assert_ptr_equal(S(rtp(m, 11, "203.0.113.20", 30000, "192.0.2.10", 40000, 0, 6))->prev, s);
    mb_map_free(m);
}

static void late_offer(void **state)
{
    mb_map_t *m = mb_map_new();
    mediabind_stream_t *s;
    gboolean neg;

    send(m, sig(1, TRUE, "INVITE", 0, "INVITE", 1, NULL));
    send(m, sig(4, FALSE, NULL, 200, "INVITE", 1, audio("203.0.113.20", 30000, "0 8 101", NULL)));
    send(m, sig(5, TRUE, "ACK", 0, "ACK", 1, audio("192.0.2.10", 40000, "8 101", NULL)));
    s = S(rtp(m, 6, "192.0.2.10", 40000, "203.0.113.20", 30000, 8, 1));
    assert_non_null(s);
    assert_int_equal(s->binding->offer_frame, 4);
    assert_int_equal(s->binding->answer_frame, 5);
    assert_int_equal(s->binding->offerer, MB_SIDE_CALLEE);
    assert_int_equal(s->direction, MB_DIR_CALLER_TO_CALLEE);
    mediabind_stream_fmt(s, 8, &neg);
    assert_true(neg);
    mediabind_stream_fmt(s, 0, &neg);
    assert_false(neg);
    s = S(rtp(m, 7, "203.0.113.20", 30000, "192.0.2.10", 40000, 8, 1));
    assert_int_equal(s->direction, MB_DIR_CALLEE_TO_CALLER);
    assert_int_equal(s->binding->answer_frame, 5);
    mb_map_free(m);
}

static void reinvite_hold_codec_port(void **state)
{
    mb_map_t *m = mb_map_new();
    mediabind_stream_t *s1, *s2, *s3;

    send(m, sig(1, TRUE, "INVITE", 0, "INVITE", 1, audio("192.0.2.10", 40000, "0 8", NULL)));
    send(m, sig(2, FALSE, NULL, 200, "INVITE", 1, audio("203.0.113.20", 30000, "0 8", NULL)));
    s1 = S(rtp(m, 3, "203.0.113.20", 30000, "192.0.2.10", 40000, 0, 1));
    rtp(m, 4, "203.0.113.20", 30000, "192.0.2.10", 40000, 0, 2);
    /* session refresh with identical SDP: same binding, same stream */
    send(m, sig(5, TRUE, "INVITE", 0, "INVITE", 2, audio("192.0.2.10", 40000, "0 8", NULL)));
    send(m, sig(6, FALSE, NULL, 200, "INVITE", 2, audio("203.0.113.20", 30000, "0 8", NULL)));
    assert_ptr_equal(S(rtp(m, 7, "203.0.113.20", 30000, "192.0.2.10", 40000, 0, 3)), s1);
    /* hold (alice sendonly, bob recvonly): new binding, the flow continues in a new piece */
    send(m, sig(8, TRUE, "INVITE", 0, "INVITE", 3, audio("192.0.2.10", 40000, "0 8", "a=sendonly\r\n")));
    /* not yet answered: the old negotiation stays */
    assert_ptr_equal(S(rtp(m, 9, "203.0.113.20", 30000, "192.0.2.10", 40000, 0, 4)), s1);
    send(m, sig(10, FALSE, NULL, 200, "INVITE", 3, audio("203.0.113.20", 30000, "0 8", "a=recvonly\r\n")));
    s2 = S(rtp(m, 11, "203.0.113.20", 30000, "192.0.2.10", 40000, 0, 6));   /* seq 5 lost */
    assert_true(s2 != s1);
    assert_ptr_equal(s2->prev, s1);
    assert_int_equal(s2->binding->offer_frame, 8);
    assert_int_equal(s2->binding->side[MB_SIDE_CALLER].dir, SS_SDP_SENDONLY);
    assert_int_equal(s2->number, 1);
    assert_int_equal(s1->stats.packets, 4);
    assert_int_equal(s2->stats.packets, 1);
    assert_int_equal(mb_rtp_stats_lost(&s1->stats) + mb_rtp_stats_lost(&s2->stats), 1);
    /* a rejected re-offer (488) changes nothing */
    send(m, sig(12, FALSE, "INVITE", 0, "INVITE", 1, audio("203.0.113.20", 30002, "18", NULL)));
    send(m, sig(13, TRUE, NULL, 488, "INVITE", 1, NULL));
    assert_ptr_equal(S(rtp(m, 14, "203.0.113.20", 30000, "192.0.2.10", 40000, 0, 7)), s2);
    /* codec change and new port, offered by bob */
    send(m, sig(15, FALSE, "INVITE", 0, "INVITE", 2, audio("203.0.113.20", 30002, "18", NULL)));
    send(m, sig(16, TRUE, NULL, 200, "INVITE", 2, audio("192.0.2.10", 40000, "18", NULL)));
    s3 = S(rtp(m, 17, "203.0.113.20", 30002, "192.0.2.10", 40000, 18, 8));
    assert_int_equal(s3->binding->offer_frame, 15);
    assert_int_equal(s3->binding->offerer, MB_SIDE_CALLEE);
    assert_int_equal(s3->direction, MB_DIR_CALLEE_TO_CALLER);
    assert_null(s3->prev);          /* another source port: another flow */
    s3 = S(rtp(m, 18, "192.0.2.10", 40000, "203.0.113.20", 30002, 18, 1));
    assert_int_equal(s3->direction, MB_DIR_CALLER_TO_CALLEE);
    assert_true(s3->addr_match);
    mb_map_free(m);
}

static void nat_latching(void **state)
{
    mb_map_t *m = mb_map_new();
    mediabind_stream_t *s;
    char buf[SS_ENDPOINT_STRLEN];

    /* alice behind NAT announces 10.0.0.5:40000; seen at bob as 203.0.113.9:61000 */
    send(m, sig(1, TRUE, "INVITE", 0, "INVITE", 1, audio("10.0.0.5", 40000, "0", NULL)));
    send(m, sig(4, FALSE, NULL, 200, "INVITE", 1, audio("203.0.113.20", 30000, "0", NULL)));
    s = S(rtp(m, 6, "203.0.113.9", 61000, "203.0.113.20", 30000, 0, 1));
    assert_true(s->addr_match);
    assert_int_equal(s->match, MB_MATCH_DST_SDP);
    assert_int_equal(mediabind_stream_src_match(s), 0);     /* alice's packets leave the NAT from another address */
    s = S(rtp(m, 7, "203.0.113.20", 30000, "10.0.0.5", 40000, 0, 1));
    assert_true(s->addr_match);
    assert_int_equal(mediabind_stream_src_match(s), 1);
    /* bob latches onto the observed source: bound through bob's own (source) address */
    s = S(rtp(m, 13, "203.0.113.20", 30000, "203.0.113.9", 61000, 0, 4));
    assert_non_null(s);
    assert_false(s->addr_match);
    assert_int_equal(s->match, MB_MATCH_SRC);
    assert_int_equal(s->direction, MB_DIR_CALLEE_TO_CALLER);
    assert_string_equal(sdp_addr(s, buf), "10.0.0.5:40000");
    assert_int_equal(s->call->call, 1);
    mb_map_free(m);
}

static void ice_candidates(void **state)
{
    mb_map_t *m = mb_map_new();
    mediabind_stream_t *s;
    char buf[SS_ENDPOINT_STRLEN];

    send(m, sig(1, TRUE, "INVITE", 0, "INVITE", 1, audio("203.0.113.10", 41000, "0",
        "a=ice-ufrag:aliceUfrg\r\na=ice-pwd:alicePasswordForIce0001\r\n"
        "a=candidate:1 1 UDP 2130706431 10.0.1.10 40000 typ host\r\n"
        "a=candidate:2 1 UDP 1694498815 203.0.113.10 41000 typ srflx raddr 10.0.1.10 rport 40000\r\n")));
    send(m, sig(4, FALSE, NULL, 200, "INVITE", 1, audio("203.0.113.20", 51000, "0",
        "a=candidate:1 1 UDP 2130706431 10.0.1.20 50000 typ host\r\n"
        "a=candidate:2 1 UDP 1694498815 203.0.113.20 51000 typ srflx raddr 10.0.1.20 rport 50000\r\n"
        "a=candidate:3 1 UDP 16777215 198.51.100.7 3478 typ relay raddr 203.0.113.20 rport 51000\r\n")));
    s = S(rtp(m, 13, "10.0.1.10", 40000, "10.0.1.20", 50000, 0, 1));
    assert_non_null(s);
    assert_true(s->addr_match);
    assert_int_equal(s->match, MB_MATCH_DST_CANDIDATE);
    assert_string_equal(mediabind_cand_str(s->cand_type), "host");
    assert_string_equal(sdp_addr(s, buf), "203.0.113.20:51000");
    s = S(rtp(m, 14, "10.0.1.20", 50000, "10.0.1.10", 40000, 0, 1));
    assert_int_equal(s->direction, MB_DIR_CALLEE_TO_CALLER);
    assert_string_equal(mediabind_cand_str(s->cand_type), "host");
    /* the default address is also the srflx candidate */
    s = S(rtp(m, 15, "10.0.1.10", 40000, "203.0.113.20", 51000, 0, 1));
    assert_int_equal(s->match, MB_MATCH_DST_SDP);
    assert_string_equal(mediabind_cand_str(s->cand_type), "srflx");
    s = S(rtp(m, 16, "10.0.1.10", 40000, "198.51.100.7", 3478, 0, 1));
    assert_string_equal(mediabind_cand_str(s->cand_type), "relay");
    mb_map_free(m);
}

static void audio_video_rtcp(void **state)
{
    mb_map_t *m = mb_map_new();
    mediabind_stream_t *s;
    mb_media_t p;
    mediabind_frame_t f;
    char buf[SS_ENDPOINT_STRLEN];
    const char *offer =
        "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
        "m=audio 40000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=rtcp:40001\r\n"
        "m=video 40002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=rtcp:40003\r\n";
    const char *answer =
        "v=0\r\no=- 1 1 IN IP4 203.0.113.20\r\ns=-\r\nc=IN IP4 203.0.113.20\r\nt=0 0\r\n"
        "m=audio 30000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=rtcp:30001\r\n"
        "m=video 30002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=rtcp:30003\r\n";

    send(m, sig(1, TRUE, "INVITE", 0, "INVITE", 1, sdp(offer)));
    send(m, sig(4, FALSE, NULL, 200, "INVITE", 1, sdp(answer)));
    s = S(rtp(m, 6, "192.0.2.10", 40000, "203.0.113.20", 30000, 0, 1));
    assert_int_equal(s->number, 1);
    s = S(rtp(m, 7, "192.0.2.10", 40002, "203.0.113.20", 30002, 96, 1));
    assert_int_equal(s->number, 2);
    assert_string_equal(s->binding->media, "video");
    assert_string_equal(mediabind_stream_fmt(s, 96, NULL)->name, "H264");
    memset(&p, 0, sizeof p);
    p.frame = 156;
    p.kind = MB_KIND_RTCP;
    ss_endpoint_parse(&p.src, "192.0.2.10", 40001);
    ss_endpoint_parse(&p.dst, "203.0.113.20", 30001);
    p.len = 52;
    f = mb_map_media(m, &p);
    s = S(f);
    assert_non_null(s);
    assert_int_equal(s->kind, MB_KIND_RTCP);
    assert_int_equal(s->number, 1);
    assert_true(s->addr_match);
    assert_string_equal(sdp_addr(s, buf), "203.0.113.20:30001");
    assert_int_equal(s->stats.packets, 1);
    assert_int_equal(s->stats.first_ns, 0);
    assert_int_equal(s->call->n_streams, 3);
    /* a renegotiation (hold) continues the RTCP flow in a new piece with its own start time */
    send(m, sig(160, TRUE, "INVITE", 0, "INVITE", 2, sdp(
        "v=0\r\no=- 1 2 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
        "m=audio 40000 RTP/AVP 0\r\na=rtcp:40001\r\na=sendonly\r\n")));
    send(m, sig(161, FALSE, NULL, 200, "INVITE", 2, sdp(
        "v=0\r\no=- 1 2 IN IP4 203.0.113.20\r\ns=-\r\nc=IN IP4 203.0.113.20\r\nt=0 0\r\n"
        "m=audio 30000 RTP/AVP 0\r\na=rtcp:30001\r\na=recvonly\r\n")));
    p.frame = 170;
    p.ts_ns = 3400000000LL;
    {
        mediabind_stream_t *s2 = S(mb_map_media(m, &p));
        assert_ptr_equal(s2->prev, s);
        assert_int_equal(s2->stats.packets, 1);
        assert_int_equal(s2->stats.first_ns, 3400000000LL);
        assert_int_equal(s2->stats.last_ns, 3400000000LL);
    }
    mb_map_free(m);
}

static void forking(void **state)
{
    mb_map_t *m = mb_map_new();
    mb_sig_t r;
    mediabind_stream_t *s1, *s2;

    send(m, sig(1, TRUE, "INVITE", 0, "INVITE", 1, audio("192.0.2.10", 40000, "0", NULL)));
    r = sig(2, FALSE, NULL, 183, "INVITE", 1, audio("203.0.113.20", 30000, "0", NULL));
    r.to_tag = "fork1";
    mb_map_signal(m, &r);
    r = sig(3, FALSE, NULL, 183, "INVITE", 1, audio("203.0.113.21", 30000, "0", NULL));
    r.to_tag = "fork2";
    ss_endpoint_parse(&r.src, "203.0.113.21", 5060);
    mb_map_signal(m, &r);
    s1 = S(rtp(m, 4, "192.0.2.10", 40000, "203.0.113.20", 30000, 0, 1));
    s2 = S(rtp(m, 5, "192.0.2.10", 40000, "203.0.113.21", 30000, 0, 1));
    assert_int_equal(s1->binding->leg, 1);
    assert_int_equal(s2->binding->leg, 2);
    assert_int_equal(s1->binding->answer_frame, 2);
    assert_int_equal(s2->binding->answer_frame, 3);
    assert_int_equal(s1->binding->offer_frame, 1);
    assert_int_equal(s2->binding->offer_frame, 1);
    mb_map_free(m);
}

/* A proxy relaying media (SDP rewritten): each hop pairs its own offer and answer. */
static void proxy_hops(void **state)
{
    mb_map_t *m = mb_map_new();
    mb_sig_t s;
    mediabind_stream_t *st;

    /* alice -> proxy: alice's SDP */
    s = sig(1, TRUE, "INVITE", 0, "INVITE", 1, audio("192.0.2.10", 40000, "0", NULL));
    ss_endpoint_parse(&s.dst, "198.51.100.1", 5060);
    mb_map_signal(m, &s);
    /* proxy -> bob: relay address */
    s = sig(2, TRUE, "INVITE", 0, "INVITE", 1, audio("198.51.100.1", 20000, "0", NULL));
    ss_endpoint_parse(&s.src, "198.51.100.1", 5060);
    mb_map_signal(m, &s);
    /* bob -> proxy: bob's SDP */
    s = sig(3, FALSE, NULL, 200, "INVITE", 1, audio("203.0.113.20", 30000, "0", NULL));
    ss_endpoint_parse(&s.dst, "198.51.100.1", 5060);
    mb_map_signal(m, &s);
    /* proxy -> alice: relay address for bob */
    s = sig(4, FALSE, NULL, 200, "INVITE", 1, audio("198.51.100.1", 20002, "0", NULL));
    ss_endpoint_parse(&s.src, "198.51.100.1", 5060);
    mb_map_signal(m, &s);

    st = S(rtp(m, 5, "192.0.2.10", 40000, "198.51.100.1", 20002, 0, 1));
    assert_int_equal(st->binding->offer_frame, 1);
    assert_int_equal(st->binding->answer_frame, 4);
    assert_int_equal(st->direction, MB_DIR_CALLER_TO_CALLEE);
    st = S(rtp(m, 6, "198.51.100.1", 20000, "203.0.113.20", 30000, 0, 1));
    assert_int_equal(st->binding->offer_frame, 2);
    assert_int_equal(st->binding->answer_frame, 3);
    assert_int_equal(st->direction, MB_DIR_CALLER_TO_CALLEE);
    st = S(rtp(m, 7, "203.0.113.20", 30000, "198.51.100.1", 20000, 0, 1));
    assert_int_equal(st->direction, MB_DIR_CALLEE_TO_CALLER);
    assert_int_equal(st->binding->answer_frame, 3);
    mb_map_free(m);
}

/* A proxy that does not touch SDP: both hops carry the same offer and answer; the media
 * names the first sighting of each. */
static void proxy_same_sdp(void **state)
{
    mb_map_t *m = mb_map_new();
    mb_sig_t s;
    mediabind_stream_t *st;
    const ss_sdp_t *offer = audio("192.0.2.10", 40000, "8", NULL);
    const ss_sdp_t *answer = audio("203.0.113.20", 30000, "8", NULL);

    s = sig(4, TRUE, "INVITE", 0, "INVITE", 2, offer);           /* alice -> proxy */
    ss_endpoint_parse(&s.dst, "198.51.100.1", 5060);
    mb_map_signal(m, &s);
    s = sig(6, TRUE, "INVITE", 0, "INVITE", 2, offer);           /* proxy -> bob */
    ss_endpoint_parse(&s.src, "198.51.100.1", 5060);
    mb_map_signal(m, &s);
    s = sig(9, FALSE, NULL, 200, "INVITE", 2, answer);           /* bob -> proxy */
    ss_endpoint_parse(&s.dst, "198.51.100.1", 5060);
    mb_map_signal(m, &s);
    s = sig(10, FALSE, NULL, 200, "INVITE", 2, answer);          /* proxy -> alice */
    ss_endpoint_parse(&s.src, "198.51.100.1", 5060);
    mb_map_signal(m, &s);
    st = S(rtp(m, 13, "192.0.2.10", 40000, "203.0.113.20", 30000, 8, 1));
    assert_int_equal(st->binding->offer_frame, 4);
    assert_int_equal(st->binding->answer_frame, 9);
    assert_int_equal(mediabind_stream_src_match(st), 1);
    mb_map_free(m);
}

/* An INVITE challenged with 407 and re-sent with credentials, relayed on two hops, early
 * media before the answer: the offer is the retry's first sighting, and the early packets
 * and the later ones are one stream. */
static void challenge_retry_hops_early_media(void **state)
{
    mb_map_t *m = mb_map_new();
    mb_sig_t s;
    mediabind_stream_t *st, *st2;
    const ss_sdp_t *offer = audio("192.0.2.10", 40000, "8", NULL);
    const ss_sdp_t *answer = audio("203.0.113.20", 30000, "8", NULL);

    s = sig(1, TRUE, "INVITE", 0, "INVITE", 1, offer);
    ss_endpoint_parse(&s.dst, "198.51.100.1", 5060);
    mb_map_signal(m, &s);
    s = sig(2, FALSE, NULL, 407, "INVITE", 1, NULL);
    ss_endpoint_parse(&s.src, "198.51.100.1", 5060);
    mb_map_signal(m, &s);
    s = sig(4, TRUE, "INVITE", 0, "INVITE", 2, offer);            /* retry, alice -> proxy */
    ss_endpoint_parse(&s.dst, "198.51.100.1", 5060);
    mb_map_signal(m, &s);
    s = sig(6, TRUE, "INVITE", 0, "INVITE", 2, offer);            /* proxy -> bob */
    ss_endpoint_parse(&s.src, "198.51.100.1", 5060);
    mb_map_signal(m, &s);
    st = S(rtp(m, 7, "203.0.113.20", 30000, "192.0.2.10", 40000, 8, 1));
    assert_int_equal(st->binding->offer_frame, 4);
    assert_int_equal(st->binding->answer_frame, 0);
    s = sig(9, FALSE, NULL, 200, "INVITE", 2, answer);            /* bob -> proxy */
    ss_endpoint_parse(&s.dst, "198.51.100.1", 5060);
    mb_map_signal(m, &s);
    s = sig(10, FALSE, NULL, 200, "INVITE", 2, answer);           /* proxy -> alice */
    ss_endpoint_parse(&s.src, "198.51.100.1", 5060);
    mb_map_signal(m, &s);
    st2 = S(rtp(m, 12, "203.0.113.20", 30000, "192.0.2.10", 40000, 8, 2));
    assert_ptr_equal(st2, st);
    assert_int_equal(st->binding->offer_frame, 4);
    assert_int_equal(st->binding->answer_frame, 9);
    assert_int_equal(st->stats.packets, 2);
    mb_map_free(m);
}

static void oneway_and_directions(void **state)
{
    mb_map_t *m = mb_map_new();
    mediabind_stream_t *s;

    send(m, sig(1, TRUE, "INVITE", 0, "INVITE", 1, audio("192.0.2.10", 40000, "0", NULL)));
    send(m, sig(4, FALSE, NULL, 200, "INVITE", 1, audio("203.0.113.20", 30000, "0", NULL)));
    s = S(rtp(m, 6, "192.0.2.10", 40000, "203.0.113.20", 30000, 0, 1));
    assert_true(mediabind_stream_oneway(s));
    /* RTCP back does not count as media */
    {
        mb_media_t p;
        memset(&p, 0, sizeof p);
        p.frame = 7;
        p.kind = MB_KIND_RTCP;
        ss_endpoint_parse(&p.src, "203.0.113.20", 30001);
        ss_endpoint_parse(&p.dst, "192.0.2.10", 40001);
        assert_non_null(S(mb_map_media(m, &p)));
    }
    assert_true(mediabind_stream_oneway(s));
    rtp(m, 8, "203.0.113.20", 30000, "192.0.2.10", 40000, 0, 1);
    assert_false(mediabind_stream_oneway(s));
    mb_map_free(m);

    /* sendonly: media in one direction is what SDP asked for */
    m = mb_map_new();
    send(m, sig(1, TRUE, "INVITE", 0, "INVITE", 1, audio("192.0.2.10", 40000, "0", "a=sendonly\r\n")));
    send(m, sig(4, FALSE, NULL, 200, "INVITE", 1, audio("203.0.113.20", 30000, "0", "a=recvonly\r\n")));
    s = S(rtp(m, 6, "192.0.2.10", 40000, "203.0.113.20", 30000, 0, 1));
    assert_false(mediabind_stream_oneway(s));
    mb_map_free(m);

    /* not answered: never one-way */
    m = mb_map_new();
    send(m, sig(1, TRUE, "INVITE", 0, "INVITE", 1, audio("192.0.2.10", 40000, "0", NULL)));
    send(m, sig(2, FALSE, NULL, 183, "INVITE", 1, audio("203.0.113.20", 30000, "0", NULL)));
    s = S(rtp(m, 6, "203.0.113.20", 30000, "192.0.2.10", 40000, 0, 1));
    assert_false(mediabind_stream_oneway(s));
    mb_map_free(m);
}

static void port_reuse_by_later_call(void **state)
{
    mb_map_t *m = mb_map_new();
    mb_sig_t s;
    mediabind_stream_t *a, *b;

    send(m, sig(1, TRUE, "INVITE", 0, "INVITE", 1, audio("192.0.2.10", 40000, "0", NULL)));
    send(m, sig(2, FALSE, NULL, 200, "INVITE", 1, audio("203.0.113.20", 30000, "0", NULL)));
    a = S(rtp(m, 3, "192.0.2.10", 40000, "203.0.113.20", 30000, 0, 1));
    send(m, sig(4, TRUE, "BYE", 0, "BYE", 2, NULL));
    s = sig(5, TRUE, "INVITE", 0, "INVITE", 1, audio("192.0.2.10", 40000, "8", NULL));
    s.call = 2;
    s.from_tag = "a2";
    mb_map_signal(m, &s);
    s = sig(6, FALSE, NULL, 200, "INVITE", 1, audio("203.0.113.20", 30000, "8", NULL));
    s.call = 2;
    s.from_tag = "a2";
    mb_map_signal(m, &s);
    b = S(rtp(m, 7, "192.0.2.10", 40000, "203.0.113.20", 30000, 8, 100));
    assert_int_equal(b->call->call, 2);
    assert_null(b->prev);               /* another call: a fresh stream */
    assert_int_equal(b->stats.packets, 1);
    assert_int_equal(a->call->call, 1);
    assert_non_null(mb_map_call(m, 2));
    {
        GPtrArray *calls = mb_map_calls(m);
        assert_int_equal(calls->len, 2);
        assert_int_equal(((const mediabind_call_t *)g_ptr_array_index(calls, 0))->call, 1);
        g_ptr_array_free(calls, TRUE);
    }
    mb_map_free(m);
}

static void binding_cap(void **state)
{
    mb_map_t *m = mb_map_new();
    const mediabind_call_t *c;
    send(m, sig(1, TRUE, "INVITE", 0, "INVITE", 1, audio("192.0.2.10", 40000, "0", NULL)));
    send(m, sig(2, FALSE, NULL, 200, "INVITE", 1, audio("203.0.113.20", 30000, "0", NULL)));
    for (guint i = 0; i < 100; i++) {
        send(m, sig(10 + 2 * i, TRUE, "INVITE", 0, "INVITE", 2 + i, audio("192.0.2.10", (guint16)(40002 + 2 * i), "0", NULL)));
        send(m, sig(11 + 2 * i, FALSE, NULL, 200, "INVITE", 2 + i, audio("203.0.113.20", 30000, "0", NULL)));
        free_sdps();
    }
    c = mb_map_call(m, 1);
    assert_int_equal(c->n_bindings, MB_MAX_BINDINGS_PER_CALL);
    assert_true(c->truncated > 0);
    mb_map_free(m);
}

/* Packets add nothing to the map; calls add a bounded amount each. */
static void memory_constant_per_packet(void **state)
{
    mb_map_t *m = mb_map_new();
    gsize after_setup, after_media;
    mb_sig_t s;

    for (guint call = 1; call <= 100; call++) {
        guint16 pa = (guint16)(10000 + 2 * call), pb = (guint16)(30000 + 2 * call);
        s = sig(call * 10, TRUE, "INVITE", 0, "INVITE", 1, audio("192.0.2.10", pa, "0 8 101", NULL));
        s.call = call;
        mb_map_signal(m, &s);
        s = sig(call * 10 + 1, FALSE, NULL, 200, "INVITE", 1, audio("203.0.113.20", pb, "0 101", NULL));
        s.call = call;
        mb_map_signal(m, &s);
        rtp(m, call * 10 + 2, "192.0.2.10", pa, "203.0.113.20", pb, 0, 1);
        rtp(m, call * 10 + 3, "203.0.113.20", pb, "192.0.2.10", pa, 0, 1);
        free_sdps();
    }
    after_setup = mb_map_memory(m);
    assert_true(after_setup / 100 < 2048);     /* per call: call, binding, 2 streams, 4 addresses */
    for (guint i = 2; i < 20000; i++) {
        rtp(m, 100000 + 2 * i, "192.0.2.10", 10002, "203.0.113.20", 30002, 0, (guint16)i);
        rtp(m, 100001 + 2 * i, "203.0.113.20", 30002, "192.0.2.10", 10002, 0, (guint16)i);
    }
    after_media = mb_map_memory(m);
    assert_int_equal(after_media, after_setup);
    mb_map_free(m);
}

static void malformed_inputs(void **state)
{
    mb_map_t *m = mb_map_new();
    mb_sig_t s;
    /* no Call-ID, no tags, an SDP without m= lines, answers without offers */
    memset(&s, 0, sizeof s);
    mb_map_signal(m, &s);
    s.call = 3;
    s.is_request = FALSE;
    s.status = 200;
    s.sdp = sdp("v=0\r\n");
    mb_map_signal(m, &s);
    s.is_request = TRUE;
    s.method = "ACK";
    s.sdp = sdp("garbage");
    mb_map_signal(m, &s);
    s.method = "INVITE";
    s.sdp = sdp("v=0\r\nc=IN IP4 0.0.0.0\r\nm=audio 0 RTP/AVP 0\r\n");
    mb_map_signal(m, &s);
    mb_map_signal(NULL, &s);
    mb_map_signal(m, NULL);
    assert_int_equal(mb_map_media(m, NULL), 0);
    assert_int_equal(rtp(m, 1, "0.0.0.0", 0, "0.0.0.0", 0, 0, 1), 0);
    mb_map_free(m);
    mb_map_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(basic_call, teardown),
        cmocka_unit_test_teardown(codecs_and_negotiated_set, teardown),
        cmocka_unit_test_teardown(early_media_183, teardown),
        cmocka_unit_test_teardown(media_before_answer, teardown),
        cmocka_unit_test_teardown(memo_follows_sdp, teardown),
        cmocka_unit_test_teardown(late_offer, teardown),
        cmocka_unit_test_teardown(reinvite_hold_codec_port, teardown),
        cmocka_unit_test_teardown(nat_latching, teardown),
        cmocka_unit_test_teardown(ice_candidates, teardown),
        cmocka_unit_test_teardown(audio_video_rtcp, teardown),
        cmocka_unit_test_teardown(forking, teardown),
        cmocka_unit_test_teardown(proxy_hops, teardown),
        cmocka_unit_test_teardown(proxy_same_sdp, teardown),
        cmocka_unit_test_teardown(challenge_retry_hops_early_media, teardown),
        cmocka_unit_test_teardown(oneway_and_directions, teardown),
        cmocka_unit_test_teardown(port_reuse_by_later_call, teardown),
        cmocka_unit_test_teardown(binding_cap, teardown),
        cmocka_unit_test_teardown(memory_constant_per_packet, teardown),
        cmocka_unit_test_teardown(malformed_inputs, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
