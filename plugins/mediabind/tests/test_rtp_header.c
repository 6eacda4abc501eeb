/* Unit tests: rtp_header.c (RTP/RTCP header validation). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "plugins/mediabind/rtp_header.h"

static void plain_rtp(void **state)
{
    /* V=2, PT 8, seq 0x1234, ts 0x01020304, ssrc 0xa11ce807, 160 bytes payload */
    guint8 p[172];
    mb_rtp_hdr_t h;
    memset(p, 0xd5, sizeof p);
    p[0] = 0x80; p[1] = 0x08; p[2] = 0x12; p[3] = 0x34;
    p[4] = 1; p[5] = 2; p[6] = 3; p[7] = 4;
    p[8] = 0xa1; p[9] = 0x1c; p[10] = 0xe8; p[11] = 0x07;
    assert_int_equal(mb_pkt_classify(p, sizeof p), MB_PKT_RTP);
    assert_true(mb_rtp_parse(p, sizeof p, &h));
    assert_int_equal(h.pt, 8);
    assert_int_equal(h.marker, 0);
    assert_int_equal(h.seq, 0x1234);
    assert_int_equal(h.timestamp, 0x01020304);
    assert_int_equal(h.ssrc, 0xa11ce807);
    assert_int_equal(h.header_len, 12);
    assert_int_equal(h.payload_len, 160);
    /* marker bit and a dynamic PT */
    p[1] = 0x80 | 96;
    assert_true(mb_rtp_parse(p, sizeof p, &h));
    assert_int_equal(h.marker, 1);
    assert_int_equal(h.pt, 96);
}

static void csrc_extension_padding(void **state)
{
    guint8 p[64];
    mb_rtp_hdr_t h;
    memset(p, 0, sizeof p);
    /* V=2 P=1 X=1 CC=2 */
    p[0] = 0x80 | 0x20 | 0x10 | 2;
    p[1] = 0;
    /* 2 CSRCs: bytes 12..19; extension header at 20: profile, length 1 word; word at 24 */
    p[22] = 0; p[23] = 1;
    /* payload 28..59, padding 4 bytes (60..63), last octet = 4 */
    p[63] = 4;
    assert_true(mb_rtp_parse(p, sizeof p, &h));
    assert_int_equal(h.csrc_count, 2);
    assert_true(h.extension);
    assert_int_equal(h.header_len, 28);
    assert_int_equal(h.padding_len, 4);
    assert_int_equal(h.payload_len, 32);
    /* padding count larger than what is left after the header */
    p[63] = 40;
    assert_false(mb_rtp_parse(p, sizeof p, &h));
    p[63] = 0;                      /* a zero padding count is invalid */
    assert_false(mb_rtp_parse(p, sizeof p, &h));
    p[63] = 4;
    /* extension length running past the end */
    p[22] = 0x10; p[23] = 0;
    assert_false(mb_rtp_parse(p, sizeof p, &h));
    /* CSRC list past the end */
    p[0] = 0x80 | 15;
    assert_false(mb_rtp_parse(p, 40, &h));
}

static void rejects_non_rtp(void **state)
{
    guint8 stun[20] = { 0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42 };
    guint8 dtls[13] = { 22, 0xfe, 0xfd };
    guint8 v1[12] = { 0x40, 0x00 };
    mb_rtp_hdr_t h;
    assert_int_equal(mb_pkt_classify(stun, sizeof stun), MB_PKT_INVALID);
    assert_int_equal(mb_pkt_classify(dtls, sizeof dtls), MB_PKT_INVALID);
    assert_int_equal(mb_pkt_classify(v1, sizeof v1), MB_PKT_INVALID);
    assert_false(mb_rtp_parse(stun, sizeof stun, &h));
    assert_false(mb_rtp_parse(v1, 11, &h));
    assert_false(mb_rtp_parse(NULL, 0, &h));
    assert_int_equal(mb_pkt_classify(v1, 3), MB_PKT_INVALID);
}

static void rtcp_compound(void **state)
{
    /* SR (length 6 words = 28 bytes) + SDES (length 2 = 12 bytes) */
    guint8 p[40];
    mb_rtcp_hdr_t r;
    mb_rtp_hdr_t h;
    memset(p, 0, sizeof p);
    p[0] = 0x80; p[1] = 200; p[2] = 0; p[3] = 6;
    p[4] = 0xa1; p[5] = 0x1c; p[6] = 0xe8; p[7] = 0x07;
    p[28] = 0x81; p[29] = 202; p[30] = 0; p[31] = 2;
    assert_int_equal(mb_pkt_classify(p, sizeof p), MB_PKT_RTCP);
    assert_true(mb_rtcp_parse(p, sizeof p, &r));
    assert_int_equal(r.first_pt, 200);
    assert_int_equal(r.count, 2);
    assert_int_equal(r.ssrc, 0xa11ce807);
    /* an RTCP packet is never an RTP one (rtcp-mux, RFC 5761: PT 72..76 with marker) */
    assert_false(mb_rtp_parse(p, sizeof p, &h));
    assert_int_equal(r.srtcp_trailer, 0);
    /* lengths that do not add up */
    assert_false(mb_rtcp_parse(p, sizeof p - 4, &r));
    assert_false(mb_rtcp_parse(p, sizeof p + 0 - 1, &r));
    assert_false(mb_rtcp_parse(p, 30, &r));          /* 2 bytes after the SR: no trailer */
    p[31] = 3;
    assert_false(mb_rtcp_parse(p, sizeof p, &r));
    p[31] = 2;
    p[29] = 150;   /* second "packet" not RTCP: only acceptable as an SRTCP trailer */
    assert_true(mb_rtcp_parse(p, sizeof p, &r));
    assert_int_equal(r.count, 1);
    assert_int_equal(r.srtcp_trailer, 12);
    p[1] = 150;    /* the first packet must be RTCP */
    assert_false(mb_rtcp_parse(p, sizeof p, &r));
}

static void srtcp_trailer(void **state)
{
    /* SR (28 bytes) + E|index (4) + 10-byte auth tag */
    guint8 p[42];
    mb_rtcp_hdr_t r;
    memset(p, 0, sizeof p);
    p[0] = 0x81; p[1] = 200; p[2] = 0; p[3] = 6;
    p[28] = 0x80; p[31] = 1;
    assert_true(mb_rtcp_parse(p, sizeof p, &r));
    assert_int_equal(r.count, 1);
    assert_int_equal(r.srtcp_trailer, 14);
    /* more than any trailer can be */
    {
        guint8 q[28 + 40];
        memcpy(q, p, 28);
        memset(q + 28, 0, 40);
        assert_false(mb_rtcp_parse(q, sizeof q, &r));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_rtp),
        cmocka_unit_test(csrc_extension_padding),
        cmocka_unit_test(rejects_non_rtp),
        cmocka_unit_test(rtcp_compound),
        cmocka_unit_test(srtcp_trailer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
