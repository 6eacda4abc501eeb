/* Unit tests: credentials.c (store, lookup with realm fallback, UAT CSV records, keys). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "plugins/core/credentials.h"

static void parse_basic_and_escapes(void **state)
{
    char **f;
    guint n;
    char *err = NULL;
    const char *l1 = "\"alice\",\"sipscope.test\",\"alicepw\",\"\"";
    assert_true(ss_cred_parse_record(l1, strlen(l1), &f, &n, 4, &err));
    assert_int_equal(n, 4);
    assert_string_equal(f[0], "alice");
    assert_string_equal(f[1], "sipscope.test");
    assert_string_equal(f[2], "alicepw");
    assert_string_equal(f[3], "");
    g_strfreev(f);

    /* UAT escapes: \x22 \x5c (what Wireshark writes), \" \\, octal, \t; spaces around commas */
    const char *l2 = " \"b\\x22o\\x5cb\" , \"r\\\"e\\\\alm\",\"p\\101\\tw\",  \r\n";
    assert_true(ss_cred_parse_record(l2, strlen(l2), &f, &n, 4, &err));
    assert_int_equal(n, 4);
    assert_string_equal(f[0], "b\"o\\b");
    assert_string_equal(f[1], "r\"e\\alm");
    assert_string_equal(f[2], "pA\tw");
    assert_string_equal(f[3], "");
    g_strfreev(f);

    /* unquoted hex string = bytes, as the UAT loader does */
    const char *l3 = "\"u\",,616263";
    assert_true(ss_cred_parse_record(l3, strlen(l3), &f, &n, 4, &err));
    assert_int_equal(n, 3);
    assert_string_equal(f[1], "");
    assert_string_equal(f[2], "abc");
    g_strfreev(f);
}

static void parse_rejects(void **state)
{
    char **f;
    guint n;
    char *err = NULL;
    const char *bad[] = {
        "\"alice\",\"unterminated",
        "\"a\" \"b\"",
        "\"a\",xyz",
        "\"a\",\"b\",\"c\",\"d\",\"e\"",
        "\"a\\x00b\",\"r\",\"p\",\"\"",
    };
    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        err = NULL;
        assert_false(ss_cred_parse_record(bad[i], strlen(bad[i]), &f, &n, 4, &err));
        assert_non_null(err);
        assert_null(f);
        g_free(err);
    }
    /* blank/comment: no record, no error */
    err = NULL;
    assert_false(ss_cred_parse_record("  # c", 5, &f, &n, 4, &err));
    assert_null(err);
    assert_false(ss_cred_parse_record("\r\n", 2, &f, &n, 4, &err));
    assert_null(err);
}

static void store_lookup(void **state)
{
    ss_cred_store_t *s = ss_cred_store_new();
    char *err = NULL;
    assert_true(ss_cred_store_add(s, "alice", "sipscope.test", "alicepw", "", NULL));
    assert_true(ss_cred_store_add(s, "alice", "", "anypw", "", NULL));
    assert_true(ss_cred_store_add(s, "bob", "Example.COM", "", "0123456789ABCDEF0123456789abcdef", NULL));
    assert_false(ss_cred_store_add(s, "", "r", "p", "", &err));
    g_free(err);
    err = NULL;
    assert_false(ss_cred_store_add(s, "carol", "r", "", "", &err));
    assert_null(strstr(err, "carol"));
    g_free(err);
    err = NULL;
    assert_false(ss_cred_store_add(s, "carol", "r", "", "nothex-secret", &err));
    assert_null(strstr(err, "nothex-secret"));   /* an error never quotes a secret */
    g_free(err);
    assert_int_equal(ss_cred_store_count(s), 3);

    const ss_cred_t *c = ss_cred_store_find(s, "alice", "sipscope.test");
    assert_non_null(c);
    assert_string_equal(c->password, "alicepw");
    c = ss_cred_store_find(s, "alice", "other.realm");     /* realm-less fallback */
    assert_non_null(c);
    assert_string_equal(c->password, "anypw");
    c = ss_cred_store_find(s, "bob", "example.com");       /* realm case */
    assert_non_null(c);
    assert_string_equal(c->ha1, "0123456789abcdef0123456789abcdef");
    assert_null(ss_cred_store_find(s, "bob", "elsewhere"));
    assert_null(ss_cred_store_find(s, "mallory", "sipscope.test"));
    assert_null(ss_cred_store_find(s, NULL, "sipscope.test"));

    /* all matching rows, best first; none listed twice */
    const ss_cred_t *all[4];
    assert_true(ss_cred_store_add(s, "alice", "SIPSCOPE.test", "pw3", "", NULL));
    assert_int_equal(ss_cred_store_find_all(s, "alice", "sipscope.test", all, 4), 3);
    assert_string_equal(all[0]->password, "alicepw");
    assert_string_equal(all[1]->password, "pw3");
    assert_string_equal(all[2]->password, "anypw");
    assert_int_equal(ss_cred_store_find_all(s, "alice", "sipscope.test", all, 1), 1);
    assert_int_equal(ss_cred_store_find_all(s, "alice", "", all, 4), 1);   /* only the realm-less row */
    ss_cred_store_free(s);
}

static void load_text(void **state)
{
    ss_cred_store_t *s = ss_cred_store_new();
    const char *t =
        "# sipscope credentials\n"
        "\"alice\",\"sipscope.test\",\"alicepw\",\"\"\n"
        "\n"
        "\"bob\",\"sipscope.test\",\"bobpw\"\n"                      /* ha1 column omitted */
        "\"broken\",\"x\",\"SECRETPW\n"                               /* unterminated */
        "\"dave\",\"r\",\"\",\"SHA-512-256:e4f5d60f2d1d07280b8297dde405e50225977fe968a1103c03b102a3d3fc727c\"";
    char *err = NULL;
    assert_int_equal(ss_cred_store_load_text(s, t, strlen(t), &err), 3);
    assert_non_null(err);
    assert_non_null(strstr(err, "line 5"));
    assert_null(strstr(err, "SECRETPW"));
    assert_null(strstr(err, "broken"));
    g_free(err);
    const ss_cred_t *c = ss_cred_store_find(s, "dave", "r");
    assert_non_null(c);
    assert_string_equal(c->ha1_alg, "SHA-512-256");
    assert_non_null(ss_cred_store_find(s, "bob", "sipscope.test"));
    ss_cred_store_free(s);
}

static void keys(void **state)
{
    ss_cred_store_t *s = ss_cred_store_new();
    guint8 k[32], k2[32];
    char h[65];
    ss_cred_store_add(s, "alice", "sipscope.test", "alicepw", "", NULL);
    ss_cred_store_add(s, "ha1only", "sipscope.test", "", "5bcd9edb82d8735bbdc5ef372013c819", NULL);
    ss_cred_store_add(s, "sha", "sipscope.test", "", "SHA-256:6d1e1fe85964fe1a5b40ba690a88f125b13b1abfba4a9b2226adc4ac42059a5e", NULL);
    const ss_cred_t *a = ss_cred_store_find(s, "alice", "sipscope.test");
    /* values from Python hashlib: md5/sha256/sha512_256 of "alice:sipscope.test:alicepw" */
    assert_int_equal(ss_cred_key(a, SS_CRED_MD5, NULL, "alice", "sipscope.test", k, sizeof k), 16);
    for (int i = 0; i < 16; i++) g_snprintf(h + 2 * i, 3, "%02x", k[i]);
    assert_string_equal(h, "5bcd9edb82d8735bbdc5ef372013c819");
    assert_int_equal(ss_cred_key(a, SS_CRED_SHA256, NULL, "alice", "sipscope.test", k, sizeof k), 32);
    for (int i = 0; i < 32; i++) g_snprintf(h + 2 * i, 3, "%02x", k[i]);
    assert_string_equal(h, "6d1e1fe85964fe1a5b40ba690a88f125b13b1abfba4a9b2226adc4ac42059a5e");
    assert_int_equal(ss_cred_key(a, SS_CRED_SHA512_256, NULL, "alice", "sipscope.test", k, sizeof k), 32);
    for (int i = 0; i < 32; i++) g_snprintf(h + 2 * i, 3, "%02x", k[i]);
    assert_string_equal(h, "e4f5d60f2d1d07280b8297dde405e50225977fe968a1103c03b102a3d3fc727c");
    /* HA1-only rows: used when the length fits, refused otherwise */
    const ss_cred_t *b = ss_cred_store_find(s, "ha1only", "sipscope.test");
    assert_int_equal(ss_cred_key(b, SS_CRED_MD5, "MD5", "ha1only", "sipscope.test", k2, sizeof k2), 16);
    for (int i = 0; i < 16; i++) g_snprintf(h + 2 * i, 3, "%02x", k2[i]);
    assert_string_equal(h, "5bcd9edb82d8735bbdc5ef372013c819");
    assert_int_equal(ss_cred_key(b, SS_CRED_SHA256, "SHA-256", "ha1only", "sipscope.test", k2, sizeof k2), 0);
    const ss_cred_t *c = ss_cred_store_find(s, "sha", "sipscope.test");
    assert_int_equal(ss_cred_key(c, SS_CRED_SHA256, "SHA-256", "sha", "sipscope.test", k2, sizeof k2), 32);
    assert_int_equal(ss_cred_key(c, SS_CRED_SHA256, "SHA-256-sess", "sha", "sipscope.test", k2, sizeof k2), 32);
    assert_int_equal(ss_cred_key(c, SS_CRED_SHA512_256, "SHA-512-256", "sha", "sipscope.test", k2, sizeof k2), 0);
    assert_int_equal(ss_cred_key(NULL, SS_CRED_MD5, NULL, "x", "y", k2, sizeof k2), 0);
    assert_int_equal(ss_cred_key(a, SS_CRED_SHA256, NULL, "alice", "r", k2, 16), 0);   /* buffer too small */
    ss_cred_store_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_basic_and_escapes),
        cmocka_unit_test(parse_rejects),
        cmocka_unit_test(store_lookup),
        cmocka_unit_test(load_text),
        cmocka_unit_test(keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
