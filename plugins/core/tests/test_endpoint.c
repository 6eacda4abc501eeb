/* Unit tests: endpoint.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "plugins/core/endpoint.h"

static void parse_v4_v6(void **state)
{
    ss_endpoint_t a, b;
    char buf[SS_ENDPOINT_STRLEN];

    assert_true(ss_endpoint_parse(&a, "194.95.84.197", 5062));
    assert_int_equal(a.family, 4);
    assert_string_equal(ss_endpoint_to_str(&a, buf, sizeof buf), "194.95.84.197:5062");
    assert_true(ss_endpoint_parse(&b, "[2001:db8::1]", 5060));
    assert_int_equal(b.family, 6);
    assert_string_equal(ss_endpoint_to_str(&b, buf, sizeof buf), "[2001:db8::1]:5060");
    assert_string_equal(ss_endpoint_addr_to_str(&b, buf, sizeof buf), "2001:db8::1");
    assert_false(ss_endpoint_equal(&a, &b));
}

static void rejects_names_and_junk(void **state)
{
    ss_endpoint_t a;
    assert_false(ss_endpoint_parse(&a, "pbx.example.com", 5060));
    assert_int_equal(a.family, 0);
    assert_false(ss_endpoint_parse(&a, "", 1));
    assert_false(ss_endpoint_parse(&a, NULL, 1));
    assert_false(ss_endpoint_parse(&a, "[]", 1));
    assert_false(ss_endpoint_parse(&a, "1.2.3.4.5", 1));
    assert_false(ss_endpoint_set(&a, (const guint8 *)"abc", 3, 1));
}

static void equality_and_hash(void **state)
{
    ss_endpoint_t a, b;
    const guint8 raw[4] = { 10, 17, 204, 164 };
    ss_endpoint_parse(&a, "10.17.204.164", 5062);
    ss_endpoint_set(&b, raw, 4, 5062);
    assert_true(ss_endpoint_equal(&a, &b));
    assert_int_equal(ss_endpoint_hash(&a), ss_endpoint_hash(&b));
    b.port = 5063;
    assert_false(ss_endpoint_equal(&a, &b));
    assert_true(ss_endpoint_addr_equal(&a, &b));
    assert_int_not_equal(ss_endpoint_hash(&a), ss_endpoint_hash(&b));
}

/* Media flows differ in a port or the last address byte: those must spread over a hash
 * table's buckets (GLib takes the hash modulo a prime, the low bits decide). */
static void hash_spreads(void **state)
{
    guint8 used[1021] = { 0 };
    guint distinct = 0;
    for (guint i = 0; i < 1000; i++) {
        ss_endpoint_t ep;
        const guint8 raw[4] = { 198, 51, 100, (guint8)(i % 10) };
        ss_endpoint_set(&ep, raw, 4, (guint16)(20000 + 2 * (i / 10)));
        guint b = ss_endpoint_hash(&ep) % 1021;
        distinct += !used[b];
        used[b] = 1;
    }
    assert_true(distinct > 550);     /* uniform hashing fills ~623 of 1021 */
    {
        ss_endpoint_t v6a, v6b;
        ss_endpoint_parse(&v6a, "2001:db8::1", 5060);
        ss_endpoint_parse(&v6b, "2001:db8::2", 5060);
        assert_int_not_equal(ss_endpoint_hash(&v6a), ss_endpoint_hash(&v6b));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_v4_v6),
        cmocka_unit_test(rejects_names_and_junk),
        cmocka_unit_test(equality_and_hash),
        cmocka_unit_test(hash_spreads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
