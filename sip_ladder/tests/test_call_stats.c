/* Unit tests: call_stats.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sip_ladder/call_stats.h"

#define S G_GINT64_CONSTANT(1000000000)
#define MS G_GINT64_CONSTANT(1000000)

static guint get(GHashTable *h, const char *k)
{
    return GPOINTER_TO_UINT(g_hash_table_lookup(h, k));
}

static call_stats_call_t invite(const char *user, const char *outcome, gint64 setup, gint64 dur)
{
    call_stats_call_t c;
    memset(&c, 0, sizeof c);
    c.method = "INVITE";
    c.caller_user = user;
    c.outcome = outcome;
    c.setup_ns = setup;
    c.duration_ns = dur;
    c.start_ns = G_GINT64_CONSTANT(1767225600) * S + 3600 * S;   /* 2026-01-01 01:00 UTC */
    return c;
}

static void buckets(void **state)
{
    assert_int_equal(call_stats_setup_bucket(0), 0);
    assert_int_equal(call_stats_setup_bucket(499 * MS), 0);
    assert_int_equal(call_stats_setup_bucket(500 * MS), 1);
    assert_int_equal(call_stats_setup_bucket(29999 * MS), 5);
    assert_int_equal(call_stats_setup_bucket(3600 * S), 6);
    assert_int_equal(call_stats_duration_bucket(9 * S + 999 * MS), 0);
    assert_int_equal(call_stats_duration_bucket(10 * S), 1);
    assert_int_equal(call_stats_duration_bucket(3600 * S), 6);
    assert_string_equal(call_stats_setup_ranges[6], "30000-");
    assert_string_equal(call_stats_duration_ranges[3], "60-299");
}

static void calls_replace_their_contribution(void **state)
{
    call_stats_t *s = call_stats_new();
    call_stats_call_t c;
    guint known;
    const guint *h;

    /* call 1 first seen in progress, then answered with its timings */
    c = invite("alice", NULL, -1, -1);
    assert_true(call_stats_set_call(s, 1, &c));
    assert_false(call_stats_set_call(s, 1, &c));     /* no change */
    assert_int_equal(get(call_stats_by_outcome(s), "in-progress"), 1);
    c = invite("alice", "answered", 1500 * MS, 10 * S);
    assert_true(call_stats_set_call(s, 1, &c));
    assert_int_equal(get(call_stats_by_outcome(s), "in-progress"), 0);
    assert_false(g_hash_table_contains(call_stats_by_outcome(s), "in-progress"));
    assert_int_equal(get(call_stats_by_outcome(s), "answered"), 1);

    c = invite("alice", "busy", 200 * MS, -1);
    call_stats_set_call(s, 2, &c);
    c = invite("bob", "answered", 700 * MS, 45 * S);
    c.nat_translated = TRUE;
    c.auth_challenges = 1;
    c.auth_valid = 1;
    call_stats_set_call(s, 3, &c);
    memset(&c, 0, sizeof c);
    c.method = "REGISTER";
    c.caller_user = "carol";
    c.setup_ns = c.duration_ns = -1;
    c.auth_invalid = 2;
    call_stats_set_call(s, 4, &c);

    assert_int_equal(call_stats_calls(s), 4);
    assert_int_equal(call_stats_invite_calls(s), 3);
    assert_int_equal(get(call_stats_by_method(s), "INVITE"), 3);
    assert_int_equal(get(call_stats_by_method(s), "REGISTER"), 1);
    assert_int_equal(get(call_stats_by_caller(s), "alice"), 2);
    assert_int_equal(get(call_stats_by_caller(s), "bob"), 1);
    assert_int_equal(get(call_stats_by_caller(s), "carol"), 0);   /* not an INVITE call */
    assert_int_equal(get(call_stats_by_hour(s), "2026-01-01 01:00"), 3);
    h = call_stats_setup_hist(s, &known);
    assert_int_equal(known, 3);
    assert_int_equal(h[0], 1);   /* 200 ms */
    assert_int_equal(h[1], 1);   /* 700 ms */
    assert_int_equal(h[2], 1);   /* 1.5 s */
    assert_int_equal(call_stats_setup_values(s)[1].sum, 700);
    assert_int_equal(call_stats_setup_values(s)[0].min, 200);
    assert_int_equal(call_stats_setup_values(s)[0].max, 200);
    h = call_stats_duration_hist(s, &known);
    assert_int_equal(known, 2);
    assert_int_equal(call_stats_duration_values(s)[2].sum, 45);
    assert_int_equal(h[1], 1);   /* 10 s */
    assert_int_equal(h[2], 1);   /* 45 s */
    {
        guint ch, v, inv, unv, uns, tr, mm, any;
        call_stats_auth(s, &ch, &v, &inv, &unv, &uns);
        assert_int_equal(ch, 1);
        assert_int_equal(v, 1);
        assert_int_equal(inv, 2);
        call_stats_nat(s, &tr, &mm, &any);
        assert_int_equal(tr, 1);
        assert_int_equal(mm, 0);
        assert_int_equal(any, 1);
    }
    call_stats_reset(s);
    assert_int_equal(call_stats_calls(s), 0);
    assert_int_equal(call_stats_invite_calls(s), 0);
    call_stats_free(s);
}

static void traffic_rates(void **state)
{
    call_stats_t *s = call_stats_new();
    guint64 total, avg, peak;
    gint64 t0 = 1767225600 * S;
    /* 4 s of traffic: 1000 B/s signalling in second 0, media 160 B every 20 ms for 4 s */
    call_stats_add_bytes(s, CALL_STATS_SIGNALLING, t0, 600);
    call_stats_add_bytes(s, CALL_STATS_SIGNALLING, t0 + 900 * MS, 400);
    for (int i = 0; i < 200; i++)
        call_stats_add_bytes(s, CALL_STATS_MEDIA, t0 + i * 20 * MS, 160);
    call_stats_rate(s, CALL_STATS_SIGNALLING, &total, &avg, &peak);
    assert_int_equal(total, 1000);
    assert_int_equal(peak, 1000);
    /* span 3.98 s */
    assert_int_equal(avg, 251);
    call_stats_rate(s, CALL_STATS_MEDIA, &total, &avg, &peak);
    assert_int_equal(total, 32000);
    assert_int_equal(peak, 8000);
    assert_int_equal(avg, 8040);
    /* a single packet: the span counts as one second */
    call_stats_reset(s);
    call_stats_add_bytes(s, CALL_STATS_MEDIA, t0, 100);
    call_stats_rate(s, CALL_STATS_MEDIA, &total, &avg, &peak);
    assert_int_equal(avg, 100);
    call_stats_rate(s, CALL_STATS_TRAFFIC_KINDS, &total, &avg, &peak);
    assert_int_equal(total, 0);
    call_stats_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buckets),
        cmocka_unit_test(calls_replace_their_contribution),
        cmocka_unit_test(traffic_rates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
