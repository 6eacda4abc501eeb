/* Unit tests: sdp_parse.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "plugins/core/sdp_parse.h"

static ss_sdp_t *parse(const char *s) { return ss_sdp_parse(s, strlen(s)); }

static void audio_offer(void **state)
{
    ss_sdp_t *s = parse(
        "v=0\r\n"
        "o=- 123 1 IN IP4 10.17.204.164\r\n"
        "s=-\r\n"
        "c=IN IP4 194.95.84.197\r\n"
        "t=0 0\r\n"
        "m=audio 5062 RTP/AVP 8 0 101\r\n"
        "a=rtpmap:101 telephone-event/8000\r\n"
        "a=sendrecv\r\n");
    char buf[SS_ENDPOINT_STRLEN];
    char c[40];

    assert_int_equal(s->n_media, 1);
    assert_string_equal(s->media[0].media, "audio");
    assert_string_equal(s->media[0].proto, "RTP/AVP");
    assert_string_equal(ss_endpoint_to_str(&s->media[0].rtp, buf, sizeof buf), "194.95.84.197:5062");
    assert_string_equal(ss_endpoint_to_str(&s->media[0].rtcp, buf, sizeof buf), "194.95.84.197:5063");
    assert_string_equal(ss_endpoint_to_str(&s->origin, buf, sizeof buf), "10.17.204.164");
    assert_int_equal(s->media[0].n_fmt, 3);
    assert_string_equal(ss_sdp_fmt_str(&s->media[0].fmt[0], c, sizeof c), "PCMA/8000");
    assert_string_equal(ss_sdp_fmt_str(&s->media[0].fmt[1], c, sizeof c), "PCMU/8000");
    assert_string_equal(ss_sdp_fmt_str(ss_sdp_media_fmt(&s->media[0], 101), c, sizeof c), "telephone-event/8000");
    assert_null(ss_sdp_media_fmt(&s->media[0], 9));
    assert_int_equal(s->media[0].dir, SS_SDP_SENDRECV);
    assert_int_equal(s->bad_lines, 0);
    ss_sdp_free(s);
}

static void ice_and_rtcp_and_direction(void **state)
{
    ss_sdp_t *s = parse(
        "v=0\n"
        "o=- 1 1 IN IP6 2001:db8::1\n"
        "c=IN IP6 2001:db8::1\n"
        "a=ice-ufrag:sessU\n"
        "a=ice-pwd:sessionpassword0123456789\n"
        "a=sendonly\n"
        "m=audio 17750 RTP/AVP 96\n"
        "a=rtpmap:96 opus/48000/2\n"
        "a=rtcp:17760 IN IP4 198.51.100.7\n"
        "a=candidate:1 1 UDP 2130706431 192.0.2.10 17750 typ host\n"
        "a=candidate:2 1 UDP 1694498815 203.0.113.5 40000 typ srflx raddr 192.0.2.10 rport 17750\n"
        "a=candidate:3 1 UDP 1 abc.local 9 typ host\n"
        "m=video 0 RTP/AVP 31\n"
        "a=ice-ufrag:vidU\n"
        "a=recvonly\n");
    char buf[SS_ENDPOINT_STRLEN];
    const ss_sdp_media_t *a, *v;

    assert_int_equal(s->n_media, 2);
    a = &s->media[0];
    v = &s->media[1];
    assert_string_equal(ss_endpoint_to_str(&a->rtp, buf, sizeof buf), "[2001:db8::1]:17750");
    assert_string_equal(ss_endpoint_to_str(&a->rtcp, buf, sizeof buf), "198.51.100.7:17760");
    assert_int_equal(a->fmt[0].clock, 48000);
    assert_int_equal(a->fmt[0].channels, 2);
    assert_string_equal(a->ice_ufrag, "sessU");
    assert_string_equal(a->ice_pwd, "sessionpassword0123456789");
    assert_int_equal(a->dir, SS_SDP_SENDONLY);          /* session-level default */
    assert_int_equal(a->n_cand, 3);
    assert_string_equal(a->cand[1].type, "srflx");
    assert_string_equal(ss_endpoint_to_str(&a->cand[1].addr, buf, sizeof buf), "203.0.113.5:40000");
    assert_string_equal(ss_endpoint_to_str(&a->cand[1].raddr, buf, sizeof buf), "192.0.2.10:17750");
    assert_int_equal(a->cand[2].addr.family, 0);       /* mDNS name, not an address */
    assert_int_equal(v->port, 0);
    assert_string_equal(v->ice_ufrag, "vidU");          /* media level wins */
    assert_string_equal(v->ice_pwd, "sessionpassword0123456789");
    assert_int_equal(v->dir, SS_SDP_RECVONLY);
    assert_string_equal(v->fmt[0].name, "H261");
    ss_sdp_free(s);
}

static void hostile_input(void **state)
{
    /* junk, missing fields, huge numbers, no newline at the end, NUL bytes */
    const char junk[] = "m=\nm=audio\nm=audio 99999 RTP/AVP 8\nc=IN IP4\na=rtpmap:\na=rtpmap:8\n"
                        "a=candidate:1 x\na=rtcp:abc\nm=audio 4000/2 RTP/AVP 300 8 xyz\nc=IN IP4 host.example\x00zz\n"
                        "a=rtpmap:8 PCMA/99999999999";
    ss_sdp_t *s = ss_sdp_parse(junk, sizeof junk - 1);
    assert_non_null(s);
    assert_int_equal(s->n_media, 1);
    assert_int_equal(s->media[0].port, 4000);
    assert_int_equal(s->media[0].nports, 2);
    assert_int_equal(s->media[0].n_fmt, 1);             /* 300 and xyz are not payload types */
    assert_int_equal(s->media[0].fmt[0].clock, 0);      /* overflowing clock rejected */
    assert_int_equal(s->media[0].rtp.family, 0);        /* hostname c= */
    assert_true(s->bad_lines > 0);
    ss_sdp_free(s);

    s = ss_sdp_parse(NULL, 0);
    assert_int_equal(s->n_media, 0);
    ss_sdp_free(s);
}

static void caps_are_enforced(void **state)
{
    GString *g = g_string_new("v=0\r\nc=IN IP4 192.0.2.1\r\n");
    ss_sdp_t *s;
    for (int i = 0; i < 40; i++)
        g_string_append_printf(g, "m=audio %d RTP/AVP 0\r\n", 1000 + i);
    s = ss_sdp_parse(g->str, g->len);
    assert_int_equal(s->n_media, SS_SDP_MAX_MEDIA);
    assert_true(s->truncated > 0);
    ss_sdp_free(s);
    g_string_free(g, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(audio_offer),
        cmocka_unit_test(ice_and_rtcp_and_direction),
        cmocka_unit_test(hostile_input),
        cmocka_unit_test(caps_are_enforced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
