/* test_addr_table.c: the media map's receive address index. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "plugins/mediabind/addr_table.h"

static mediabind_binding_t bindings[4];

static ss_endpoint_t v4(guint i, guint16 port)
{
    ss_endpoint_t ep;
    const guint8 a[4] = { 10, (guint8)(i >> 16), (guint8)(i >> 8), (guint8)i };
    ss_endpoint_set(&ep, a, 4, port);
    return ep;
}

static mb_addr_val_t val(guint b, guint8 side, guint8 cand_type, gboolean candidate_only)
{
    mb_addr_val_t v = { &bindings[b], side, cand_type, candidate_only ? 1 : 0 };
    return v;
}

static void insert_lookup_replace(void **state)
{
    mb_addr_table_t *t = mb_addr_table_new();
    ss_endpoint_t a = v4(1, 40000), b = v4(1, 40001), c = v4(2, 40000);
    mb_addr_val_t v, out;

    assert_false(mb_addr_table_find(t, &a, &out));
    assert_int_equal(mb_addr_table_size(t), 0);
    v = val(0, MB_SIDE_CALLER, MB_CAND_NONE, FALSE);
    mb_addr_table_put(t, &a, &v);
    assert_true(mb_addr_table_find(t, &a, &out));
    assert_ptr_equal(out.b, &bindings[0]);
    assert_int_equal(out.side, MB_SIDE_CALLER);
    assert_int_equal(out.cand_type, MB_CAND_NONE);
    assert_false(out.candidate_only);
    assert_true(mb_addr_table_find(t, &a, NULL));
    /* another port, another address: no entry */
    assert_false(mb_addr_table_find(t, &b, &out));
    assert_false(mb_addr_table_find(t, &c, &out));

    /* replace: every field, same size */
    v = val(1, MB_SIDE_CALLEE, MB_CAND_RELAY, TRUE);
    mb_addr_table_put(t, &a, &v);
    assert_int_equal(mb_addr_table_size(t), 1);
    assert_true(mb_addr_table_find(t, &a, &out));
    assert_ptr_equal(out.b, &bindings[1]);
    assert_int_equal(out.side, MB_SIDE_CALLEE);
    assert_int_equal(out.cand_type, MB_CAND_RELAY);
    assert_true(out.candidate_only);

    /* no binding: ignored */
    v.b = NULL;
    mb_addr_table_put(t, &b, &v);
    assert_false(mb_addr_table_find(t, &b, &out));
    assert_int_equal(mb_addr_table_size(t), 1);
    assert_false(mb_addr_table_find(NULL, &a, &out));
    mb_addr_table_free(t);
    mb_addr_table_free(NULL);
}

static void ipv6_and_odd_keys(void **state)
{
    mb_addr_table_t *t = mb_addr_table_new();
    ss_endpoint_t a, b, m4, odd;
    mb_addr_val_t v = val(2, MB_SIDE_CALLEE, MB_CAND_HOST, FALSE), out;

    ss_endpoint_parse(&a, "2001:db8::1", 5004);
    ss_endpoint_parse(&b, "2001:db8::2", 5004);
    mb_addr_table_put(t, &a, &v);
    assert_true(mb_addr_table_find(t, &a, &out));
    assert_ptr_equal(out.b, &bindings[2]);
    assert_int_equal(out.cand_type, MB_CAND_HOST);
    assert_false(mb_addr_table_find(t, &b, &out));
    /* an IPv4 address with the same first bytes is another key */
    m4 = a;
    m4.family = 4;
    memset(m4.addr + 4, 0, 12);
    assert_false(mb_addr_table_find(t, &m4, &out));
    /* IPv4 with stray bytes after the address compares as ss_endpoint_equal() does */
    odd = v4(7, 6000);
    odd.addr[15] = 1;
    mb_addr_table_put(t, &odd, &v);
    assert_true(mb_addr_table_find(t, &odd, &out));
    odd.addr[15] = 0;
    assert_false(mb_addr_table_find(t, &odd, &out));
    assert_int_equal(mb_addr_table_size(t), 2);
    mb_addr_table_free(t);
}

static void growth_many_entries(void **state)
{
    enum { N = 50000 };
    mb_addr_table_t *t = mb_addr_table_new();
    mb_addr_val_t out;

    for (guint i = 0; i < N; i++) {
        ss_endpoint_t ep = v4(i / 4, (guint16)(10000 + 2 * (i % 4)));
        mb_addr_val_t v = val(i % 4, (guint8)(i % 2), (guint8)(i % 6), i % 3 == 0);
        mb_addr_table_put(t, &ep, &v);
        if (i % 5 == 0) {
            ss_endpoint_t e6;
            char txt[64];
            g_snprintf(txt, sizeof txt, "2001:db8::%x", i);
            ss_endpoint_parse(&e6, txt, (guint16)(i & 0xffff));
            mb_addr_table_put(t, &e6, &v);
        }
    }
    assert_int_equal(mb_addr_table_size(t), N + N / 5);
    for (guint i = 0; i < N; i++) {
        ss_endpoint_t ep = v4(i / 4, (guint16)(10000 + 2 * (i % 4)));
        assert_true(mb_addr_table_find(t, &ep, &out));
        assert_ptr_equal(out.b, &bindings[i % 4]);
        assert_int_equal(out.side, i % 2);
        assert_int_equal(out.cand_type, i % 6);
        assert_int_equal(out.candidate_only, i % 3 == 0);
        ep.port++;      /* odd ports were never put */
        assert_false(mb_addr_table_find(t, &ep, &out));
        if (i % 5 == 0) {
            ss_endpoint_t e6;
            char txt[64];
            g_snprintf(txt, sizeof txt, "2001:db8::%x", i);
            ss_endpoint_parse(&e6, txt, (guint16)(i & 0xffff));
            assert_true(mb_addr_table_find(t, &e6, &out));
            assert_ptr_equal(out.b, &bindings[i % 4]);
        }
    }
    /* at most 3/4 full: 16 bytes per IPv4 slot, 32 per IPv6 one */
    assert_true(mb_addr_table_memory(t) >= (N * 16 + (N / 5) * 32) * 4 / 3);
    assert_true(mb_addr_table_memory(t) <= (N * 16 + (N / 5) * 32) * 3);
    mb_addr_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(insert_lookup_replace),
        cmocka_unit_test(ipv6_and_odd_keys),
        cmocka_unit_test(growth_many_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
