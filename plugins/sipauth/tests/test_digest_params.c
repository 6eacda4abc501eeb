/* Unit tests: digest_params.c (header parameter parsing, malformed input). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "plugins/sipauth/digest_params.h"

static dp_list_t *P(const char *s, gboolean scheme)
{
    return dp_parse(s, strlen(s), scheme);
}

static void challenge_basic(void **state)
{
    dp_list_t *l = P("Digest realm=\"sipscope.test\", nonce=\"abc==\",algorithm=MD5, qop=\"auth,auth-int\", stale=FALSE", TRUE);
    assert_int_equal(l->errors, 0);
    assert_int_equal(l->n, 1);
    assert_string_equal(l->items[0].scheme, "Digest");
    assert_int_equal(l->items[0].n, 5);
    assert_string_equal(dp_get(&l->items[0], "realm"), "sipscope.test");
    assert_string_equal(dp_get(&l->items[0], "NONCE"), "abc==");
    assert_string_equal(dp_get(&l->items[0], "algorithm"), "MD5");
    assert_false(dp_find(&l->items[0], "algorithm")->quoted);
    assert_true(dp_find(&l->items[0], "qop")->quoted);
    assert_true(dp_list_has(dp_get(&l->items[0], "qop"), "auth-int"));
    assert_true(dp_list_has(dp_get(&l->items[0], "qop"), "AUTH"));
    assert_false(dp_list_has(dp_get(&l->items[0], "qop"), "aut"));
    assert_null(dp_get(&l->items[0], "opaque"));
    dp_list_free(l);
}

static void escapes_and_whitespace(void **state)
{
    /* quoted-pair, folded whitespace, commas inside quotes, empty value */
    dp_list_t *l = P("Digest  username=\"al\\\"ice\" ,\r\n realm = \"a,b\\\\c\" ,, uri=sip:x@y;transport=tcp , opaque=\"\"", TRUE);
    assert_int_equal(l->errors, 0);
    assert_int_equal(l->items[0].n, 4);
    assert_string_equal(dp_get(&l->items[0], "username"), "al\"ice");
    assert_string_equal(dp_get(&l->items[0], "realm"), "a,b\\c");
    assert_string_equal(dp_get(&l->items[0], "uri"), "sip:x@y;transport=tcp");
    assert_string_equal(dp_get(&l->items[0], "opaque"), "");
    dp_list_free(l);
}

static void several_challenges_one_value(void **state)
{
    dp_list_t *l = P("Digest realm=\"a\", nonce=\"1\", algorithm=SHA-256, Digest realm=\"a\", nonce=\"2\", Basic realm=\"b\"", TRUE);
    assert_int_equal(l->errors, 0);
    assert_int_equal(l->n, 3);
    assert_string_equal(dp_get(&l->items[0], "algorithm"), "SHA-256");
    assert_string_equal(dp_get(&l->items[1], "nonce"), "2");
    assert_string_equal(l->items[2].scheme, "Basic");
    dp_list_free(l);
    l = P("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", TRUE);
    assert_int_equal(l->errors, 0);
    assert_string_equal(dp_get(&l->items[0], "token68"), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    dp_list_free(l);
}

static void authentication_info(void **state)
{
    dp_list_t *l = P("nextnonce=\"n2\", qop=auth, rspauth=\"ab12\", cnonce=\"c\", nc=00000001", FALSE);
    assert_int_equal(l->errors, 0);
    assert_int_equal(l->n, 1);
    assert_null(l->items[0].scheme);
    assert_string_equal(dp_get(&l->items[0], "rspauth"), "ab12");
    assert_string_equal(dp_get(&l->items[0], "nc"), "00000001");
    dp_list_free(l);
}

static void malformed(void **state)
{
    dp_list_t *l;
    /* unterminated quote (gen-auth-malformed frame 2) */
    l = P("Digest realm=\"sipscope.test, nonce=\"abc, algorithm=MD5, qop=\"auth", TRUE);
    assert_true(l->errors & DP_ERR_UNTERMINATED);
    dp_list_free(l);
    /* duplicates (frame 3) */
    l = P("Digest username=\"alice\", username=\"mallory\", nonce=\"a\", NONCE=\"b\"", TRUE);
    assert_true(l->errors & DP_ERR_DUPLICATE);
    assert_string_equal(l->items[0].dup_name, "username");
    assert_string_equal(dp_get(&l->items[0], "username"), "alice");
    dp_list_free(l);
    /* bare scheme (frame 15) */
    l = P("Digest", TRUE);
    assert_true(l->errors & DP_ERR_NO_PARAMS);
    dp_list_free(l);
    l = P("   ", TRUE);
    assert_true(l->errors & DP_ERR_EMPTY);
    dp_list_free(l);
    l = dp_parse(NULL, 0, TRUE);
    assert_true(l->errors & DP_ERR_EMPTY);
    dp_list_free(l);
    /* params without scheme, stray characters, missing commas */
    l = P("realm=\"x\"", TRUE);
    assert_true(l->errors & DP_ERR_NO_SCHEME);
    dp_list_free(l);
    l = P("Digest realm=\"x\" nonce=\"y\", =\"z\", \"q\", uri=a b", TRUE);
    assert_true(l->errors & DP_ERR_SYNTAX);
    assert_string_equal(dp_get(&l->items[0], "realm"), "x");
    dp_list_free(l);
    l = P("rspauth", FALSE);
    assert_true(l->errors & DP_ERR_SYNTAX);
    dp_list_free(l);
    /* a NUL stops the parse */
    l = dp_parse("Digest realm=\"a\"\0, nonce=\"b\"", 28, TRUE);
    assert_null(dp_get(&l->items[0], "nonce"));
    dp_list_free(l);
    /* a trailing backslash inside an unterminated quote */
    l = P("Digest realm=\"abc\\", TRUE);
    assert_true(l->errors & DP_ERR_UNTERMINATED);
    dp_list_free(l);
}

static void huge_and_many(void **state)
{
    GString *g = g_string_new("Digest realm=\"r\", nonce=\"");
    for (int i = 0; i < 10240; i++)
        g_string_append_c(g, 'a' + i % 26);
    g_string_append(g, "\"");
    dp_list_t *l = dp_parse(g->str, g->len, TRUE);
    assert_int_equal(l->errors, 0);                      /* a 10 KB nonce is legal */
    assert_int_equal(strlen(dp_get(&l->items[0], "nonce")), 10240);
    dp_list_free(l);
    while (g->len <= DP_MAX_LEN)
        g_string_append(g, "xxxxxxxxxxxxxxxx");
    l = dp_parse(g->str, g->len, TRUE);
    assert_true(l->errors & DP_ERR_TOO_LONG);
    assert_int_equal(l->n, 0);
    dp_list_free(l);

    g_string_assign(g, "Digest ");
    for (int i = 0; i < 100; i++)
        g_string_append_printf(g, "p%d=%d, ", i, i);
    l = dp_parse(g->str, g->len, TRUE);
    assert_true(l->errors & DP_ERR_TOO_MANY);
    assert_int_equal(l->items[0].n, DP_MAX_PARAMS);
    dp_list_free(l);

    g_string_assign(g, "");
    for (int i = 0; i < 40; i++)
        g_string_append_printf(g, "Digest a%d=1, ", i);
    l = dp_parse(g->str, g->len, TRUE);
    assert_true(l->errors & DP_ERR_TOO_MANY);
    assert_int_equal(l->n, DP_MAX_ITEMS);
    dp_list_free(l);
    g_string_free(g, TRUE);
}

/* every prefix and byte mutation of a valid header parses without crashing */
static void mutations(void **state)
{
    const char *base = "Digest username=\"a\\\"b\", realm=\"r\", nonce=\"n\", uri=\"sip:x\", response=\"0123\", qop=auth, nc=00000001, cnonce=\"c\"";
    gsize n = strlen(base);
    char *buf = g_malloc(n + 1);
    const char subst[] = { '"', '\\', ',', '=', ' ', '\0', 'x', '\n' };
    for (gsize len = 0; len <= n; len++)
        dp_list_free(dp_parse(base, len, TRUE));
    for (gsize i = 0; i < n; i++) {
        for (guint k = 0; k < sizeof subst; k++) {
            memcpy(buf, base, n + 1);
            buf[i] = subst[k];
            dp_list_free(dp_parse(buf, n, TRUE));
            dp_list_free(dp_parse(buf, n, FALSE));
        }
    }
    g_free(buf);
}

static void error_text(void **state)
{
    char *s = dp_errors_str(DP_ERR_UNTERMINATED | DP_ERR_DUPLICATE);
    assert_string_equal(s, "unterminated quoted string, duplicated parameter");
    g_free(s);
    s = dp_errors_str(0);
    assert_string_equal(s, "");
    g_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(challenge_basic),
        cmocka_unit_test(escapes_and_whitespace),
        cmocka_unit_test(several_challenges_one_value),
        cmocka_unit_test(authentication_info),
        cmocka_unit_test(malformed),
        cmocka_unit_test(huge_and_many),
        cmocka_unit_test(mutations),
        cmocka_unit_test(error_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
