/* Unit tests: rtp_stats.c on constructed packet sequences. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "plugins/mediabind/rtp_stats.h"

#define MS 1000000LL

/* packet with sequence seq sent at slot n (20 ms, 160 samples each), arriving at t_ms */
static guint add(mb_rtp_stats_t *s, guint16 seq, guint32 slot, double t_ms)
{
    mb_rtp_sample_t p = { 0 };
    p.seq = seq;
    p.timestamp = 1000 + slot * 160;
    p.ssrc = 0xa11ce807;
    p.pt = 0;
    p.clock = 8000;
    p.len = 172;
    p.arrival_ns = (gint64)(t_ms * MS);
    return mb_rtp_stats_add(s, &p);
}

static void clean_stream(void **state)
{
    mb_rtp_stats_t s;
    mb_rtp_stats_init(&s);
    assert_true(add(&s, 100, 0, 0) & MB_RTP_FIRST);
    for (guint i = 1; i < 100; i++)
        assert_int_equal(add(&s, (guint16)(100 + i), i, 20.0 * i), 0);
    assert_int_equal(s.packets, 100);
    assert_int_equal(s.bytes, 17200);
    assert_int_equal(mb_rtp_stats_expected(&s), 100);
    assert_int_equal(mb_rtp_stats_lost(&s), 0);
    assert_int_equal(mb_rtp_stats_lost_cumulative(&s), 0);
    assert_int_equal(s.duplicates, 0);
    assert_int_equal(s.out_of_order, 0);
    assert_true(s.jitter_ms < 1e-9);
    assert_int_equal(s.max_delta_ns, 20 * MS);
    assert_int_equal(s.first_ns, 0);
    assert_int_equal(s.last_ns, 1980 * MS);
}

static void loss(void **state)
{
    mb_rtp_stats_t s;
    mb_rtp_stats_init(&s);
    for (guint i = 0; i < 50; i++) {
        if (i == 10 || i == 11 || i == 30)
            continue;
        guint f = add(&s, (guint16)(5000 + i), i, 20.0 * i);
        if (i == 12 || i == 31)
            assert_true(f & MB_RTP_GAP);
    }
    assert_int_equal(s.packets, 47);
    assert_int_equal(mb_rtp_stats_expected(&s), 50);
    assert_int_equal(mb_rtp_stats_lost(&s), 3);
    assert_int_equal(s.max_delta_ns, 60 * MS);
    /* losses at the end cannot be seen; at the start they shift the base */
}

static void reorder_and_duplicates(void **state)
{
    mb_rtp_stats_t s;
    mb_rtp_stats_init(&s);
    add(&s, 1, 0, 0);
    add(&s, 2, 1, 20);
    add(&s, 4, 3, 60);                          /* 3 is late */
    assert_true(add(&s, 3, 2, 61) & MB_RTP_OUT_OF_ORDER);
    assert_true(add(&s, 3, 2, 62) & MB_RTP_DUPLICATE);
    assert_true(add(&s, 4, 3, 63) & MB_RTP_DUPLICATE);
    add(&s, 5, 4, 80);
    assert_int_equal(s.packets, 7);
    assert_int_equal(s.duplicates, 2);
    assert_int_equal(s.out_of_order, 1);
    assert_int_equal(mb_rtp_stats_expected(&s), 5);
    assert_int_equal(mb_rtp_stats_lost(&s), 0);
    assert_int_equal(mb_rtp_stats_lost_cumulative(&s), -2);   /* RFC 3550: may be negative */
    /* a packet more than the window behind: late, and its slot is not remembered */
    for (guint i = 6; i < 200; i++)
        add(&s, (guint16)i, i - 1, 20.0 * i);
    assert_true(add(&s, 10, 9, 4000) & MB_RTP_OUT_OF_ORDER);
}

static void first_packet_late(void **state)
{
    mb_rtp_stats_t s;
    mb_rtp_stats_init(&s);
    add(&s, 11, 1, 20);
    add(&s, 10, 0, 21);                       /* the real first one arrives second */
    add(&s, 12, 2, 40);
    assert_int_equal(mb_rtp_stats_expected(&s), 3);
    assert_int_equal(mb_rtp_stats_lost(&s), 0);
    assert_int_equal(s.out_of_order, 1);
}

static void wrap_around(void **state)
{
    mb_rtp_stats_t s;
    mb_rtp_stats_init(&s);
    for (guint i = 0; i < 12; i++)
        assert_int_equal(add(&s, (guint16)(65530 + i), i, 20.0 * i) & ~MB_RTP_FIRST, 0);
    assert_int_equal(mb_rtp_stats_expected(&s), 12);
    assert_int_equal(mb_rtp_stats_lost(&s), 0);
    assert_int_equal(s.seq_max, 65541);
    /* several cycles */
    mb_rtp_stats_init(&s);
    for (guint i = 0; i < 200000; i++)
        add(&s, (guint16)(65000 + i), i, 20.0 * i);
    assert_int_equal(mb_rtp_stats_expected(&s), 200000);
    assert_int_equal(mb_rtp_stats_lost(&s), 0);
}

/* The impairments of testdata gen-media-loss.pcap: seq 65500..65535, 0..63 (100 packets),
 * lost 65510-65512, 14, 34; duplicates of 65520 and 24; 0 before 65535; 44 after 47. */
static void loss_capture_sequence(void **state)
{
    mb_rtp_stats_t s;
    guint32 order[120];
    guint n = 0;
    mb_rtp_stats_init(&s);
    for (guint i = 0; i < 100; i++) {
        guint32 ext = 65500 + i;
        if (ext == 65510 || ext == 65511 || ext == 65512 || ext == 65536 + 14 || ext == 65536 + 34)
            continue;
        if (ext == 65535 || ext == 65536 + 44)
            continue;               /* placed below */
        order[n++] = ext;
        if (ext == 65520) order[n++] = 65520;
        if (ext == 65536 + 24) order[n++] = 65536 + 24;
        if (ext == 65536) order[n++] = 65535;                 /* 0 then 65535 */
        if (ext == 65536 + 47) order[n++] = 65536 + 44;       /* 44 after 47 */
    }
    assert_int_equal(n, 97);
    for (guint i = 0; i < n; i++)
        add(&s, (guint16)order[i], order[i] - 65500, 20.0 * i);
    assert_int_equal(s.packets, 97);
    assert_int_equal(mb_rtp_stats_expected(&s), 100);
    assert_int_equal(mb_rtp_stats_lost(&s), 5);
    assert_int_equal(s.duplicates, 2);
    assert_int_equal(s.out_of_order, 2);
    assert_int_equal(mb_rtp_stats_lost_cumulative(&s), 3);
}

static void jitter_rfc3550(void **state)
{
    mb_rtp_stats_t s;
    double j;
    mb_rtp_stats_init(&s);
    add(&s, 1, 0, 0);
    add(&s, 2, 1, 20);
    add(&s, 3, 2, 50);      /* 10 ms late: D = 10 */
    j = 10.0 / 16;
    assert_true(fabs(s.jitter_ms - j) < 1e-9);
    add(&s, 4, 3, 60);      /* back on time: D = -10 */
    j += (10.0 - j) / 16;
    assert_true(fabs(s.jitter_ms - j) < 1e-9);
    assert_true(fabs(s.max_jitter_ms - j) < 1e-9);
    assert_true(fabs(s.mean_jitter_ms - (0 + 10.0 / 16 + j) / 3) < 1e-9);
}

static void marker_and_cn_not_summarised(void **state)
{
    mb_rtp_stats_t s;
    mb_rtp_sample_t p = { 0 };
    mb_rtp_stats_init(&s);
    add(&s, 1, 0, 0);
    add(&s, 2, 1, 20);
    /* a talk spurt starting 30 ms late with the marker: J moves, max/mean do not */
    p.seq = 3; p.timestamp = 1000 + 2 * 160; p.ssrc = 0xa11ce807; p.clock = 8000;
    p.marker = TRUE; p.arrival_ns = 70 * MS;
    mb_rtp_stats_add(&s, &p);
    assert_true(s.jitter_ms > 1.8);
    assert_true(s.max_jitter_ms < 1e-9);
    assert_int_equal(s.max_delta_ns, 20 * MS);
    /* comfort noise and the packet after it */
    p.seq = 4; p.timestamp += 160; p.marker = FALSE; p.pt = 13; p.arrival_ns = 200 * MS;
    mb_rtp_stats_add(&s, &p);
    p.seq = 5; p.timestamp += 160; p.pt = 0; p.arrival_ns = 300 * MS;
    mb_rtp_stats_add(&s, &p);
    assert_true(s.max_jitter_ms < 1e-9);
    assert_int_equal(s.jitter_samples, 1);
}

static void clock_rate_changes(void **state)
{
    mb_rtp_stats_t s;
    mb_rtp_sample_t p = { 0 };
    mb_rtp_stats_init(&s);
    p.ssrc = 7;
    /* 10 packets at 8 kHz, then the same flow at 90 kHz (another PT) with its own
     * timestamps, then telephone-event packets without a clock (timestamps frozen) */
    for (guint i = 0; i < 10; i++) {
        p.seq = (guint16)i; p.pt = 0; p.clock = 8000; p.timestamp = 160 * i; p.arrival_ns = 20 * MS * i;
        mb_rtp_stats_add(&s, &p);
    }
    for (guint i = 10; i < 20; i++) {
        p.seq = (guint16)i; p.pt = 96; p.clock = 90000; p.timestamp = 777777 + 1800 * (i - 10);
        p.arrival_ns = 20 * MS * i;
        mb_rtp_stats_add(&s, &p);
    }
    assert_true(s.jitter_ms < 1e-9);
    for (guint i = 20; i < 25; i++) {
        p.seq = (guint16)i; p.pt = 101; p.clock = 0; p.timestamp = 999; p.arrival_ns = 20 * MS * i;
        mb_rtp_stats_add(&s, &p);
    }
    assert_true(s.jitter_ms < 1e-9);
    /* back to 90 kHz, on time relative to the last 90 kHz packet */
    p.seq = 25; p.pt = 96; p.clock = 90000; p.timestamp = 777777 + 1800 * 15; p.arrival_ns = 20 * MS * 25;
    mb_rtp_stats_add(&s, &p);
    assert_true(s.jitter_ms < 1e-9);
    assert_int_equal(mb_rtp_stats_lost(&s), 0);
}

/* The summaries follow Wireshark's RTP stream analysis, J follows RFC 3550: a DTMF event
 * (telephone-event, no clock) between two talk spurts moves Wireshark's arrival reference
 * but not its media time; and its clock is whole kHz. */
static void wireshark_summary_conventions(void **state)
{
    mb_rtp_stats_t s;
    mb_rtp_sample_t p = { 0 };
    mb_rtp_stats_init(&s);
    p.ssrc = 9;
    for (guint i = 0; i < 10; i++) {
        p.seq = (guint16)i; p.pt = 0; p.clock = 8000; p.timestamp = 160 * i; p.arrival_ns = 20 * MS * i;
        mb_rtp_stats_add(&s, &p);
    }
    for (guint i = 10; i < 13; i++) {
        p.seq = (guint16)i; p.pt = 101; p.clock = 0; p.timestamp = 160 * 10; p.arrival_ns = 20 * MS * i;
        mb_rtp_stats_add(&s, &p);
    }
    p.seq = 13; p.pt = 0; p.clock = 8000; p.timestamp = 160 * 13; p.arrival_ns = 20 * MS * 13;
    mb_rtp_stats_add(&s, &p);
    assert_true(s.jitter_ms < 1e-9);
    assert_true(fabs(s.max_jitter_ms - 60.0 / 16) < 1e-9);
    assert_int_equal(s.ws_total, 14);

    mb_rtp_stats_init(&s);
    for (guint i = 0; i < 200; i++) {
        p.seq = (guint16)i; p.pt = 11; p.clock = 44100; p.timestamp = 882 * i; p.arrival_ns = 20 * MS * i;
        mb_rtp_stats_add(&s, &p);
    }
    assert_true(s.jitter_ms < 1e-9);
    assert_true(s.max_jitter_ms > 0.04 && s.max_jitter_ms < 0.046);   /* 882 / 44 = 20.045 ms */
}

static void timestamp_wrap(void **state)
{
    mb_rtp_stats_t s;
    mb_rtp_sample_t p = { 0 };
    mb_rtp_stats_init(&s);
    p.ssrc = 1; p.clock = 8000;
    for (guint i = 0; i < 10; i++) {
        p.seq = (guint16)i; p.timestamp = 0xFFFFFC00u + 160 * i; p.arrival_ns = 20 * MS * i;
        mb_rtp_stats_add(&s, &p);
    }
    assert_true(s.jitter_ms < 1e-9);
}

static void ssrc_change(void **state)
{
    mb_rtp_stats_t s;
    mb_rtp_sample_t p = { 0 };
    mb_rtp_stats_init(&s);
    p.clock = 8000;
    for (guint i = 0; i < 25; i++) {
        p.ssrc = 0x11111111; p.seq = (guint16)(1000 + i); p.timestamp = 160 * i; p.arrival_ns = 20 * MS * i;
        assert_false(mb_rtp_stats_add(&s, &p) & MB_RTP_SSRC_CHANGED);
    }
    for (guint i = 0; i < 25; i++) {
        guint f;
        p.ssrc = 0x22222222; p.seq = (guint16)(50000 + i); p.timestamp = 123456 + 160 * i;
        p.arrival_ns = 20 * MS * (25 + i);
        f = mb_rtp_stats_add(&s, &p);
        assert_int_equal((f & MB_RTP_SSRC_CHANGED) != 0, i == 0);
    }
    assert_int_equal(s.ssrc_changes, 1);
    assert_int_equal(mb_rtp_stats_expected(&s), 50);
    assert_int_equal(mb_rtp_stats_lost(&s), 0);
    assert_true(s.jitter_ms < 1e-9);
}

/* Splitting a flow into pieces (renegotiation) keeps the totals of the whole. */
static void continuation(void **state)
{
    mb_rtp_stats_t whole, a, b;
    static const guint16 seqs[] = { 1, 2, 3, 5, 6, 8, 7, 9, 10, 12, 13 };   /* 4, 11 lost; 7 late */
    mb_rtp_stats_init(&whole);
    mb_rtp_stats_init(&a);
    for (guint i = 0; i < G_N_ELEMENTS(seqs); i++) {
        add(&whole, seqs[i], seqs[i], 20.0 * i + (i % 3));
        if (i == 6)
            mb_rtp_stats_continue(&b, &a);     /* split just before the late 7 */
        add(i < 6 ? &a : &b, seqs[i], seqs[i], 20.0 * i + (i % 3));
    }
    assert_int_equal(a.packets + b.packets, whole.packets);
    assert_int_equal(mb_rtp_stats_lost(&a) + mb_rtp_stats_lost(&b), mb_rtp_stats_lost(&whole));
    assert_int_equal(mb_rtp_stats_lost(&whole), 2);
    assert_int_equal(a.out_of_order + b.out_of_order, whole.out_of_order);
    assert_false(b.first_ns == 0);
    assert_true(fabs(b.jitter_ms - whole.jitter_ms) < 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clean_stream),
        cmocka_unit_test(loss),
        cmocka_unit_test(reorder_and_duplicates),
        cmocka_unit_test(first_packet_late),
        cmocka_unit_test(wrap_around),
        cmocka_unit_test(loss_capture_sequence),
        cmocka_unit_test(jitter_rfc3550),
        cmocka_unit_test(marker_and_cn_not_summarised),
        cmocka_unit_test(clock_rate_changes),
        cmocka_unit_test(wireshark_summary_conventions),
        cmocka_unit_test(timestamp_wrap),
        cmocka_unit_test(ssrc_change),
        cmocka_unit_test(continuation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
