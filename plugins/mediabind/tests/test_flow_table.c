/* test_flow_table.c: the flow -> current stream table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "plugins/mediabind/flow_table.h"

static void flow(mediabind_stream_t *s, guint i, mediabind_kind_t kind)
{
    const guint8 a[4] = { 198, 51, 100, (guint8)(i % 7) }, b[4] = { 203, 0, 113, (guint8)(i % 5) };
    memset(s, 0, sizeof *s);
    ss_endpoint_set(&s->src, a, 4, (guint16)(10000 + 2 * (i / 7)));
    ss_endpoint_set(&s->dst, b, 4, (guint16)(40000 + 2 * (i / 5)));
    s->kind = kind;
}

static void many_flows_and_pieces(void **state)
{
    enum { N = 5000 };
    mediabind_stream_t *rtp = g_new0(mediabind_stream_t, N), *rtcp = g_new0(mediabind_stream_t, N);
    mediabind_stream_t *piece = g_new0(mediabind_stream_t, N);
    mb_flow_table_t *t = mb_flow_table_new();

    for (guint i = 0; i < N; i++) {
        flow(&rtp[i], i, MB_KIND_RTP);
        flow(&rtcp[i], i, MB_KIND_RTCP);     /* same addresses, another kind: another flow */
        mb_flow_table_put(t, &rtp[i]);
        mb_flow_table_put(t, &rtcp[i]);
    }
    assert_int_equal(mb_flow_table_size(t), 2 * N);
    for (guint i = 0; i < N; i++) {
        assert_ptr_equal(mb_flow_table_find(t, &rtp[i].src, &rtp[i].dst, MB_KIND_RTP), &rtp[i]);
        assert_ptr_equal(mb_flow_table_find(t, &rtp[i].src, &rtp[i].dst, MB_KIND_RTCP), &rtcp[i]);
        /* the reverse direction is another flow, never put */
        assert_null(mb_flow_table_find(t, &rtp[i].dst, &rtp[i].src, MB_KIND_RTP));
    }
    /* a new piece of every other flow replaces the old one; the size stays */
    for (guint i = 0; i < N; i += 2) {
        flow(&piece[i], i, MB_KIND_RTP);
        mb_flow_table_put(t, &piece[i]);
    }
    assert_int_equal(mb_flow_table_size(t), 2 * N);
    for (guint i = 0; i < N; i++)
        assert_ptr_equal(mb_flow_table_find(t, &rtp[i].src, &rtp[i].dst, MB_KIND_RTP),
                         i % 2 ? &rtp[i] : &piece[i]);
    /* at most half full */
    assert_true(mb_flow_table_memory(t) >= 2 * 2 * N * (sizeof(guint32) + sizeof(gpointer)));
    mb_flow_table_free(t);
    g_free(rtp);
    g_free(rtcp);
    g_free(piece);
}

static void ipv6_and_empty(void **state)
{
    mb_flow_table_t *t = mb_flow_table_new();
    mediabind_stream_t s, q;
    memset(&s, 0, sizeof s);
    ss_endpoint_parse(&s.src, "2001:db8::1", 5004);
    ss_endpoint_parse(&s.dst, "2001:db8::2", 5006);
    s.kind = MB_KIND_RTP;
    assert_null(mb_flow_table_find(t, &s.src, &s.dst, MB_KIND_RTP));
    mb_flow_table_put(t, &s);
    q = s;
    ss_endpoint_parse(&q.dst, "2001:db8::3", 5006);
    assert_null(mb_flow_table_find(t, &q.src, &q.dst, MB_KIND_RTP));
    assert_ptr_equal(mb_flow_table_find(t, &s.src, &s.dst, MB_KIND_RTP), &s);
    assert_null(mb_flow_table_find(t, NULL, &s.dst, MB_KIND_RTP));
    mb_flow_table_free(t);
    mb_flow_table_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(many_flows_and_pieces),
        cmocka_unit_test(ipv6_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
