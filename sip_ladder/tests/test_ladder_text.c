/* Unit tests: ladder_text.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sip_ladder/ladder_render.h"
#include "sip_ladder/tests/ladder_fixture.h"

static ladder_opts_t opts(ladder_time_t t, guint width)
{
    ladder_opts_t o;
    memset(&o, 0, sizeof o);
    o.time = t;
    o.width = width;
    return o;
}

static char *render(ladder_call_t *c, ladder_time_t t, guint width)
{
    GString *out = g_string_new(NULL);
    ladder_opts_t o = opts(t, width);
    ladder_text_call(out, c, &o, FIX_T0);
    return g_string_free(out, FALSE);
}

/* The whole output for a small call, checked by hand: IPv6 columns, ports at both ends of the
 * arrows, retransmission counts, a reason phrase with a comma and quotes. */
static void ipv6_call_exact(void **state)
{
    ladder_call_t *c = fixture_call_ipv6_busy();
    char *s = render(c, LADDER_TIME_REL, 100);
    const char *want =
        "Call 2: INVITE sip:carol@[2001:db8::1] -> sip:dave@[2001:db8::2]\n"
        "  Call-ID      v6-call@[2001:db8::1]\n"
        "  Start        2026-01-01T00:01:00.000000Z (frame 20), last packet +1.601 s\n"
        "  Outcome      busy (486 Busy Here, \"try\" again later)\n"
        "  Timing       PDD -, setup -, duration -\n"
        "  Auth         none\n"
        "  NAT          none seen\n"
        "  Signalling   [2001:db8:aaaa:bbbb:cccc:dddd:eeee:1]:5060 -> [2001:db8:aaaa:bbbb:cccc:dddd:eeee:2]:5062 UDP\n"
        "  Messages     5 SIP (2 retransmissions), 0 media streams\n"
        "\n"
        "     time  frame  2001:db8:aaaa:bbbb:cccc:dddd:eeee:1     2001:db8:aaaa:bbbb:cccc:dddd:eeee:2\n"
        "                                   |                                       |\n"
        "60.000000     20                   |              INVITE dave              |  SDP offer opus,G722,PCMU,telephone-event\n"
        "                                   |5060 ----------------------------> 5062|\n"
        "60.500000     21                   |              INVITE dave              |  SDP offer opus,G722,PCMU,telephone-event [retransmission]\n"
        "                                   |5060 ----------------------------> 5062|\n"
        "61.500000     22                   |              INVITE dave              |  SDP offer opus,G722,PCMU,telephone-event [retransmission x2]\n"
        "                                   |5060 ----------------------------> 5062|\n"
        "61.600000     23                   |   486 Busy Here, \"try\" again later    |\n"
        "                                   |5060 <---------------------------- 5062|\n"
        "61.601000     24                   |               ACK dave                |\n"
        "                                   |5060 ----------------------------> 5062|\n"
        "\n";
    assert_string_equal(s, want);
    g_free(s);
    ladder_call_free(c);
}

/* every part of every row's label is on the row's first line, whole */
static void check_nothing_cut(ladder_call_t *c, const char *s)
{
    gchar **lines = g_strsplit(s, "\n", -1);
    guint n = g_strv_length(lines);
    guint li = 0;
    for (guint i = 0; i < c->rows->len; i++) {
        const ladder_row_t *r = g_ptr_array_index(c->rows, i);
        char frame[16];
        g_snprintf(frame, sizeof frame, " %u ", r->frame);
        /* find the row's label line: it holds the frame number in the prefix */
        for (; li < n; li++)
            if (strstr(lines[li], frame) && strchr(lines[li], '|'))
                break;
        assert_true(li < n);
        assert_non_null(strstr(lines[li], r->label));
        for (guint k = 0; r->notes && k < r->notes->len; k++)
            if (!strstr(lines[li], g_ptr_array_index(r->notes, k)))
                fail_msg("note \"%s\" of frame %u not on \"%s\"", (char *)g_ptr_array_index(r->notes, k),
                         r->frame, lines[li]);
        li++;
    }
    g_strfreev(lines);
}

static void labels_never_cut(void **state)
{
    guint widths[] = { 40, 60, 100, 200 };
    for (guint w = 0; w < G_N_ELEMENTS(widths); w++) {
        ladder_call_t *c = fixture_call_proxy_auth();
        ladder_call_t *d = fixture_call_ipv6_busy();
        ss_endpoint_t a = fixture_ep("10.0.0.1", 1), b = fixture_ep("10.0.0.2", 2);
        ladder_row_t *r = ladder_call_add_row(d, LADDER_ROW_STUN, 30, 0, FIX_T0 + 62000 * FIX_MS, &a, &b,
                                              "STUN Binding Request with a label far longer than any column pitch");
        char *s;
        ladder_row_note(d, r, "[a note]");
        s = render(c, LADDER_TIME_REL, widths[w]);
        check_nothing_cut(c, s);
        g_free(s);
        s = render(d, LADDER_TIME_ABS, widths[w]);
        check_nothing_cut(d, s);
        g_free(s);
        ladder_call_free(c);
        ladder_call_free(d);
    }
}

static void deterministic(void **state)
{
    ladder_call_t *c1 = fixture_call_proxy_auth(), *c2 = fixture_call_proxy_auth();
    char *a = render(c1, LADDER_TIME_DELTA, 100), *b = render(c2, LADDER_TIME_DELTA, 100);
    char *a2 = render(c1, LADDER_TIME_DELTA, 100);   /* rendering twice changes nothing */
    assert_string_equal(a, b);
    assert_string_equal(a, a2);
    g_free(a);
    g_free(b);
    g_free(a2);
    ladder_call_free(c1);
    ladder_call_free(c2);
}

static const char *find_line(gchar **lines, const char *needle)
{
    for (guint i = 0; lines[i]; i++)
        if (strstr(lines[i], needle))
            return lines[i];
    return NULL;
}

static void width_sets_pitch(void **state)
{
    ladder_call_t *c = fixture_call_proxy_auth();
    char *s = render(c, LADDER_TIME_REL, 100);
    gchar **lines = g_strsplit(s, "\n", -1);
    /* 4 columns in 100 characters: the lifelines are 25 apart */
    const char *l = find_line(lines, "----> 5060|        ");
    assert_non_null(l);
    assert_non_null(strstr(s, "|5060 -------------> 5060|                        |"));
    g_strfreev(lines);
    g_free(s);
    /* width=40 gives the minimum pitch (16): the ports still fit */
    s = render(c, LADDER_TIME_REL, 40);
    assert_non_null(strstr(s, "|5060 ----> 5060|               |"));
    assert_non_null(strstr(s, "|40000 ==================> 30000|"));
    g_free(s);
    /* a wide terminal: at most 40 between lifelines */
    s = render(c, LADDER_TIME_REL, 1000);
    assert_non_null(strstr(s, "|5060 ----------------------------> 5060|                                       |"));
    g_free(s);
    ladder_call_free(c);
}

static void time_formats(void **state)
{
    ladder_call_t *c = fixture_call_ipv6_busy();
    char *s = render(c, LADDER_TIME_ABS, 100);
    assert_non_null(strstr(s, "\n00:01:00.000000     20 "));
    assert_non_null(strstr(s, "\n00:01:01.601000     24 "));
    g_free(s);
    s = render(c, LADDER_TIME_DELTA, 100);
    assert_non_null(strstr(s, "\n+0.000000     20 "));
    assert_non_null(strstr(s, "\n+0.500000     21 "));
    assert_non_null(strstr(s, "\n+0.001000     24 "));
    g_free(s);
    ladder_call_free(c);
}

static void header_names_never_overlap(void **state)
{
    ladder_call_t *c = ladder_call_new(5, "many");
    const char *addrs[] = { "2001:db8:1111:2222:3333:4444:5555:6666", "2001:db8:1111:2222:3333:4444:5555:7777",
                            "10.0.0.1", "2001:db8:1111:2222:3333:4444:5555:8888", "192.168.100.200" };
    char *s;
    for (guint i = 0; i + 1 < G_N_ELEMENTS(addrs); i++) {
        ss_endpoint_t a = fixture_ep(addrs[i], 5060), b = fixture_ep(addrs[i + 1], 5060);
        ladder_call_add_row(c, LADDER_ROW_SIP, i + 1, 0, FIX_T0 + i, &a, &b, "MESSAGE");
    }
    s = render(c, LADDER_TIME_REL, 80);
    for (guint i = 0; i < G_N_ELEMENTS(addrs); i++) {
        char pat[64];
        g_snprintf(pat, sizeof pat, "%s", addrs[i]);
        assert_non_null(strstr(s, pat));
    }
    /* long names need more than one header line */
    assert_non_null(strstr(s, "frame  2001:db8:1111:2222:3333:4444:5555:6666"));
    g_free(s);
    ladder_call_free(c);
}

static void self_arrow_and_empty(void **state)
{
    ladder_call_t *c = ladder_call_new(7, "self");
    ss_endpoint_t a = fixture_ep("10.0.0.1", 5060);
    GString *out = g_string_new(NULL);
    ladder_opts_t o = opts(LADDER_TIME_REL, 100);
    char *s;
    ladder_call_add_row(c, LADDER_ROW_SIP, 1, 0, FIX_T0, &a, &a, "OPTIONS");
    s = render(c, LADDER_TIME_REL, 100);
    assert_non_null(strstr(s, "|<-' 5060->5060"));
    assert_non_null(strstr(s, "|  OPTIONS"));
    g_free(s);
    ladder_call_free(c);

    c = ladder_call_new(8, NULL);
    ladder_text_call(out, c, &o, FIX_T0);
    assert_non_null(strstr(out->str, "(no messages)"));
    ladder_call_free(c);
    g_string_truncate(out, 0);
    ladder_text_begin(out, 1, 3, "sip.Method == \"BYE\"", 0);
    assert_string_equal(out->str, "sipladder: 1 of 3 calls shown (filter: sip.Method == \"BYE\")\n\n");
    g_string_truncate(out, 0);
    ladder_text_begin(out, 1, 3, "sip", 2);
    assert_string_equal(out->str, "sipladder: 1 of 3 calls shown (call=2, filter: sip)\n\n");
    g_string_truncate(out, 0);
    ladder_text_begin(out, 0, 3, NULL, 7);
    assert_string_equal(out->str, "sipladder: 0 of 3 calls shown (call=7)\n\n");
    g_string_truncate(out, 0);
    ladder_text_begin(out, 2, 2, NULL, 0);
    assert_string_equal(out->str, "sipladder: 2 calls\n\n");
    g_string_free(out, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ipv6_call_exact),
        cmocka_unit_test(labels_never_cut),
        cmocka_unit_test(deterministic),
        cmocka_unit_test(width_sets_pitch),
        cmocka_unit_test(time_formats),
        cmocka_unit_test(header_names_never_overlap),
        cmocka_unit_test(self_arrow_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
