/* Unit tests: ladder_model.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sip_ladder/ladder_model.h"
#include "sip_ladder/tests/ladder_fixture.h"

static const ladder_row_t *row(const ladder_call_t *c, guint i)
{
    return g_ptr_array_index(c->rows, i);
}

static const char *col(const ladder_call_t *c, guint i)
{
    return ((const ladder_col_t *)g_ptr_array_index(c->cols, i))->name;
}

static void sip_labels_and_notes(void **state)
{
    ladder_call_t *c = fixture_call_proxy_auth();
    char *full;
    ladder_call_finish(c);
    assert_string_equal(row(c, 0)->label, "INVITE bob");
    full = ladder_row_full_label(row(c, 0));
    assert_string_equal(full, "INVITE bob SDP offer PCMA,PCMU");
    g_free(full);
    assert_string_equal(row(c, 1)->label, "407 Proxy Authentication Required");
    full = ladder_row_full_label(row(c, 1));
    assert_string_equal(full, "407 Proxy Authentication Required [407 challenge]");
    g_free(full);
    full = ladder_row_full_label(row(c, 3));
    assert_string_equal(full, "INVITE bob SDP offer PCMA,PCMU [auth valid]");
    g_free(full);
    assert_int_equal(c->sip_messages, 13);
    ladder_call_free(c);
}

static void order_columns_and_media_rows(void **state)
{
    ladder_call_t *c = fixture_call_proxy_auth();
    ladder_call_finish(c);
    /* 13 SIP + 2 media rows, sorted by time then frame */
    assert_int_equal(c->rows->len, 15);
    for (guint i = 1; i < c->rows->len; i++)
        assert_true(row(c, i - 1)->ts_ns <= row(c, i)->ts_ns);
    assert_int_equal(row(c, 11)->kind, LADDER_ROW_MEDIA);
    assert_int_equal(row(c, 11)->frame, 12);
    assert_string_equal(row(c, 11)->label, "RTP PCMA/8000");
    assert_int_equal(row(c, 12)->frame, 13);
    /* columns in order of first appearance, addresses only */
    assert_int_equal(c->cols->len, 4);
    assert_string_equal(col(c, 0), "192.0.2.10");
    assert_string_equal(col(c, 1), "198.51.100.1");
    assert_string_equal(col(c, 2), "203.0.113.5");
    assert_string_equal(col(c, 3), "198.51.100.77");
    assert_int_equal(row(c, 11)->src_col, 0);
    assert_int_equal(row(c, 11)->dst_col, 2);
    /* start/stop from rows and streams */
    assert_true(c->start_ns == FIX_T0);
    assert_true(c->stop_ns == FIX_T0 + 11520 * FIX_MS);
    /* finishing twice adds nothing */
    ladder_call_finish(c);
    c->finished = FALSE;
    ladder_call_finish(c);
    assert_int_equal(c->rows->len, 15);
    ladder_call_free(c);
}

static void same_time_orders_by_frame_then_index(void **state)
{
    ladder_call_t *c = ladder_call_new(1, "x");
    ss_endpoint_t a = fixture_ep("10.0.0.1", 5060), b = fixture_ep("10.0.0.2", 5060);
    ladder_call_add_row(c, LADDER_ROW_SIP, 7, 1, FIX_T0, &a, &b, "second in frame 7");
    ladder_call_add_row(c, LADDER_ROW_SIP, 7, 0, FIX_T0, &a, &b, "first in frame 7");
    ladder_call_add_row(c, LADDER_ROW_SIP, 5, 0, FIX_T0, &b, &a, "frame 5");
    ladder_call_add_row(c, LADDER_ROW_SIP, 9, 0, FIX_T0 - 1, &b, &a, "earliest");
    ladder_call_finish(c);
    assert_string_equal(row(c, 0)->label, "earliest");
    assert_string_equal(row(c, 1)->label, "frame 5");
    assert_string_equal(row(c, 2)->label, "first in frame 7");
    assert_string_equal(row(c, 3)->label, "second in frame 7");
    /* columns follow the sorted rows */
    assert_string_equal(col(c, 0), "10.0.0.2");
    ladder_call_free(c);
}

static void loopback_splits_columns_by_port(void **state)
{
    ladder_call_t *c = fixture_call_loopback();
    ladder_call_finish(c);
    assert_int_equal(c->cols->len, 2);
    assert_string_equal(col(c, 0), "127.0.0.1:5060");
    assert_string_equal(col(c, 1), "127.0.0.1:5070");
    /* RTP from the caller's media port is drawn from the caller's column */
    assert_int_equal(row(c, 3)->kind, LADDER_ROW_MEDIA);
    assert_int_equal(row(c, 3)->src_col, 0);
    assert_int_equal(row(c, 3)->dst_col, 1);
    ladder_call_free(c);
}

static void strings_are_escaped_and_copied(void **state)
{
    ladder_call_t *c = ladder_call_new(1, "bad\x01id\xff");
    const char *a, *b;
    assert_string_equal(c->call_id, "bad\\x01id\\xFF");
    {
        char src[] = "Ringing";
        a = ladder_call_str(c, src);
        b = ladder_call_str(c, src);
        src[0] = 'X';                   /* the call holds copies, not the caller's buffer */
        assert_string_equal(a, "Ringing");
        assert_string_equal(b, "Ringing");
        assert_ptr_not_equal(a, src);
    }
    assert_null(ladder_call_str(c, NULL));
    assert_string_equal(ladder_call_str(c, "caf\xc3\xa9"), "caf\xc3\xa9");   /* valid UTF-8 kept */
    assert_string_equal(ladder_call_str(c, "tab\there"), "tab\\x09here");
    assert_string_equal(ladder_call_str(c, "c1\xc2\x85"), "c1\\xC2\\x85");   /* U+0085 NEL */
    ladder_call_free(c);
}

static void attrs_replace_in_place(void **state)
{
    ladder_call_t *c = ladder_call_new(1, "x");
    ss_endpoint_t a = fixture_ep("10.0.0.1", 1);
    ladder_row_t *r = ladder_call_add_row(c, LADDER_ROW_STUN, 1, 0, 0, &a, &a, "STUN");
    ladder_row_attr_int(r, "n", 1);
    ladder_row_attr_str(c, r, "s", "x");
    ladder_row_attr_int(r, "n", 2);
    ladder_row_attr_str(c, r, "skip", NULL);
    assert_int_equal(r->attrs->len, 2);
    assert_int_equal(g_array_index(r->attrs, ladder_attr_t, 0).v.i, 2);
    ladder_call_free(c);
}

static void attrs_off(void **state)
{
    ladder_call_t *c = ladder_call_new(1, "x");
    ss_endpoint_t a = fixture_ep("10.0.0.1", 1);
    ladder_row_t *r;
    c->no_attrs = TRUE;
    r = ladder_call_add_row(c, LADDER_ROW_STUN, 1, 0, 0, &a, &a, "STUN");
    ladder_row_attr_int(r, "n", 1);
    ladder_row_attr_str(c, r, "s", "x");
    ladder_row_attr_double(r, "d", 1.5);
    ladder_row_attr_bool(r, "b", TRUE);
    assert_null(r->attrs);
    assert_string_equal(r->label, "STUN");
    ladder_call_free(c);
}

static void summaries(void **state)
{
    ladder_call_t *c = fixture_call_proxy_auth();
    ladder_auth_t a;
    char *s;
    ladder_call_finish(c);
    s = ladder_auth_summary(&c->auth);
    assert_string_equal(s, "1 challenge (407), 1 authorised request: valid; accepted (alice@example.com MD5)");
    g_free(s);
    memset(&a, 0, sizeof a);
    s = ladder_auth_summary(&a);
    assert_string_equal(s, "none");
    g_free(s);
    a.challenges = 2; a.challenge_code = 401; a.requests = 2; a.valid = 1; a.invalid = 1; a.outcome = "rechallenged";
    s = ladder_auth_summary(&a);
    assert_string_equal(s, "2 challenges (401), 2 authorised requests: 1 valid, 1 invalid; rechallenged");
    g_free(s);

    s = ladder_nat_summary(c);
    assert_string_equal(s, "media: 1 of 2 streams not to the SDP address");
    g_free(s);
    c->nat.stun_requests = 2;
    c->nat.stun_responses = 2;
    c->nat.mapped = "194.95.84.197:5062";
    c->nat.observed = "10.17.204.164:5062";
    c->nat.translated = 2;
    s = ladder_nat_summary(c);
    assert_string_equal(s, "STUN 2 requests/2 responses, mapped 194.95.84.197:5062 (seen as 10.17.204.164:5062), "
                           "translated x2; media: 1 of 2 streams not to the SDP address");
    g_free(s);
    ladder_call_free(c);
}

static void times(void **state)
{
    char b[48];
    assert_string_equal(ladder_time_iso(FIX_T0 + 1234567, b, sizeof b), "2026-01-01T00:00:00.001234Z");
    assert_string_equal(ladder_time_of_day(FIX_T0 + 3723 * G_GINT64_CONSTANT(1000000000) + 5000, b, sizeof b),
                        "01:02:03.000005");
    assert_string_equal(ladder_secs3(1500 * FIX_MS, b, sizeof b), "1.500");
    assert_string_equal(ladder_secs3(1500000, b, sizeof b), "0.002");   /* rounds half up */
    assert_string_equal(ladder_secs3(1499999, b, sizeof b), "0.001");
    assert_string_equal(ladder_secs3(-2 * FIX_MS, b, sizeof b), "-0.002");
    assert_string_equal(ladder_secs3(LADDER_NO_TIME, b, sizeof b), "");
    assert_string_equal(ladder_secs6(61601 * FIX_MS, b, sizeof b), "61.601000");
    assert_string_equal(ladder_secs6(-1000, b, sizeof b), "-0.000001");
    assert_string_equal(ladder_time_iso(-1, b, sizeof b), "1969-12-31T23:59:59.999999Z");
    assert_int_equal(ladder_uint_str(0, b), 1);
    assert_string_equal(b, "0");
    assert_int_equal(ladder_uint_str(G_MAXUINT64, b), 20);
    assert_string_equal(b, "18446744073709551615");
    /* the hand-made digits against printf, whole range of widths and signs */
    {
        static const gint64 v[] = { 0, 1, 499, 500, 999999, 1000000, 123456789012, -123456789012,
                                    G_GINT64_CONSTANT(9223372036854775000), -G_GINT64_CONSTANT(9223372036854775000) };
        for (gsize i = 0; i < G_N_ELEMENTS(v); i++) {
            char want[48], small[12];
            guint64 a = v[i] < 0 ? (guint64)0 - (guint64)v[i] : (guint64)v[i];
            guint64 us = (a + 500) / 1000, ms = (a + 500000) / 1000000;
            g_snprintf(want, sizeof want, "%s%" G_GUINT64_FORMAT ".%06u", v[i] < 0 ? "-" : "", us / 1000000, (guint)(us % 1000000));
            assert_string_equal(ladder_secs6(v[i], b, sizeof b), want);
            g_snprintf(want, sizeof want, "%s%" G_GUINT64_FORMAT ".%03u", v[i] < 0 ? "-" : "", ms / 1000, (guint)(ms % 1000));
            assert_string_equal(ladder_secs3(v[i], b, sizeof b), want);
            /* a short buffer is cut like snprintf cuts */
            g_strlcpy(want, ladder_secs3(v[i], b, sizeof b), sizeof small);
            assert_string_equal(ladder_secs3(v[i], small, sizeof small), want);
        }
    }
}

static void empty_call(void **state)
{
    ladder_call_t *c = ladder_call_new(9, NULL);
    ladder_call_finish(c);
    assert_int_equal(c->rows->len, 0);
    assert_int_equal(c->cols->len, 0);
    assert_true(c->start_ns == LADDER_NO_TIME);
    ladder_call_free(c);
    ladder_call_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sip_labels_and_notes),
        cmocka_unit_test(order_columns_and_media_rows),
        cmocka_unit_test(same_time_orders_by_frame_then_index),
        cmocka_unit_test(loopback_splits_columns_by_port),
        cmocka_unit_test(strings_are_escaped_and_copied),
        cmocka_unit_test(attrs_replace_in_place),
        cmocka_unit_test(attrs_off),
        cmocka_unit_test(summaries),
        cmocka_unit_test(times),
        cmocka_unit_test(empty_call),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
