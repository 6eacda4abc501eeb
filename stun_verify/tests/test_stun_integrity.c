/* Unit tests: stun_integrity.c with the RFC 5769 / RFC 8489 vectors and hand-built messages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "stun_verify/stun_integrity.h"
#include "stun_verify/tests/stun_vectors.h"

static stun_integrity_t verify_hex(const char *hex, const guint8 *key, gsize key_len)
{
    gsize n;
    guint8 *b = vec_hex(hex, &n);
    stun_msg_t m;
    stun_integrity_t v;
    assert_true(stun_msg_parse(b, n, &m));
    v = stun_integrity_verify(&m, key, key_len);
    g_free(b);
    return v;
}

#define PWD(s) (const guint8 *)(s), strlen(s)

static void rfc5769_short_term(void **state)
{
    assert_int_equal(verify_hex(RFC5769_REQUEST, PWD(RFC5769_PASSWORD)), STUN_INTEGRITY_VALID);
    assert_int_equal(verify_hex(RFC5769_RESPONSE_V4, PWD(RFC5769_PASSWORD)), STUN_INTEGRITY_VALID);
    assert_int_equal(verify_hex(RFC5769_RESPONSE_V6, PWD(RFC5769_PASSWORD)), STUN_INTEGRITY_VALID);
    assert_int_equal(verify_hex(RFC5769_REQUEST, PWD("VOkJxbRl1RmTxUk/WvJxBu")), STUN_INTEGRITY_INVALID);
    assert_int_equal(verify_hex(RFC5769_RESPONSE_V6, PWD("")), STUN_INTEGRITY_INVALID);
}

static void rfc5769_long_term(void **state)
{
    guint8 key[32];
    gsize kl = stun_key_long_term(RFC5769_LT_USER, "example.org", "TheMatrIX", 1, key);
    assert_int_equal(kl, 16);
    assert_int_equal(verify_hex(RFC5769_REQUEST_LT, key, kl), STUN_INTEGRITY_VALID);
    kl = stun_key_long_term(RFC5769_LT_USER, "example.org", "TheMatrix", 1, key);
    assert_int_equal(verify_hex(RFC5769_REQUEST_LT, key, kl), STUN_INTEGRITY_INVALID);
    /* the short-term reading of the same password is a different key */
    assert_int_equal(verify_hex(RFC5769_REQUEST_LT, PWD("TheMatrIX")), STUN_INTEGRITY_INVALID);
    assert_int_equal(stun_key_long_term("u", "r", "p", 2, key), 32);
    assert_int_equal(stun_key_long_term("u", "r", "p", 9, key), 0);
    assert_int_equal(stun_key_long_term(NULL, "r", "p", 1, key), 0);
}

static void rfc8489_sha256(void **state)
{
    guint8 key[32];
    gsize kl = stun_key_long_term(RFC5769_LT_USER, "example.org", "TheMatrIX", 1, key);
    assert_int_equal(verify_hex(RFC8489_B1, key, kl), STUN_INTEGRITY_VALID);
    key[0] ^= 1;
    assert_int_equal(verify_hex(RFC8489_B1, key, kl), STUN_INTEGRITY_INVALID);
}

static void tampering_is_detected(void **state)
{
    gsize n;
    guint8 *b = vec_hex(RFC5769_RESPONSE_V4, &n);
    stun_msg_t m;

    /* flip a bit of the XOR-MAPPED-ADDRESS (as an ALG rewrite would) */
    b[20 + 16 + 6] ^= 0x01;
    assert_true(stun_msg_parse(b, n, &m));
    assert_int_equal(stun_integrity_verify(&m, PWD(RFC5769_PASSWORD)), STUN_INTEGRITY_INVALID);
    b[20 + 16 + 6] ^= 0x01;
    /* bytes after MESSAGE-INTEGRITY (the FINGERPRINT) are not covered */
    b[n - 1] ^= 0xff;
    assert_true(stun_msg_parse(b, n, &m));
    assert_int_equal(stun_integrity_verify(&m, PWD(RFC5769_PASSWORD)), STUN_INTEGRITY_VALID);
    g_free(b);
}

static void absent_and_names(void **state)
{
    static const guint8 b[] = { 0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
    stun_msg_t m;
    assert_true(stun_msg_parse(b, sizeof b, &m));
    assert_false(stun_integrity_present(&m));
    assert_null(stun_integrity_alg_str(&m));
    assert_int_equal(stun_integrity_verify(&m, PWD("x")), STUN_INTEGRITY_ABSENT);
    assert_string_equal(stun_integrity_str(STUN_INTEGRITY_NO_KEY), "no-key");
    assert_string_equal(stun_integrity_str(STUN_INTEGRITY_VALID), "valid");
    assert_string_equal(stun_integrity_str(STUN_INTEGRITY_INVALID), "invalid");
    assert_string_equal(stun_integrity_str(STUN_INTEGRITY_ABSENT), "absent");
}

/* Build header + USERNAME "a:b" + an integrity attribute of type t and length len; fill it
 * with the HMAC computed independently here (GHmac over the prefix, length adjusted). */
static guint8 *build(guint16 t, guint len, GChecksumType alg, gboolean classic, const char *pwd, gsize *n)
{
    guint vlen = classic ? len : ((len + 3u) & ~3u);
    gsize total = 20 + 8 + 4 + vlen;
    guint8 *b = g_malloc0(total);
    guint8 mac[32];
    gsize ml = sizeof mac;
    GHmac *h;
    gsize hashed = 28;

    b[0] = 0x00; b[1] = 0x01;
    b[2] = (guint8)((total - 20) >> 8); b[3] = (guint8)(total - 20);
    if (classic) {
        for (int i = 4; i < 20; i++)
            b[i] = (guint8)(0x30 + i);
    } else {
        b[4] = 0x21; b[5] = 0x12; b[6] = 0xa4; b[7] = 0x42;
        for (int i = 8; i < 20; i++)
            b[i] = (guint8)i;
    }
    b[20] = 0x00; b[21] = 0x06; b[22] = 0x00; b[23] = classic ? 4 : 3;   /* classic: unpadded */ b[24] = 'a'; b[25] = ':'; b[26] = 'b'; b[27] = ' ';
    b[28] = (guint8)(t >> 8); b[29] = (guint8)t; b[30] = 0; b[31] = (guint8)len;

    h = g_hmac_new(alg, (const guchar *)pwd, strlen(pwd));
    {
        guint8 hdr[4] = { b[0], b[1], (guint8)((28 + 4 + len - 20) >> 8), (guint8)(28 + 4 + len - 20) };
        g_hmac_update(h, hdr, 4);
        g_hmac_update(h, b + 4, 24);
        if (classic) {
            static const guint8 zeros[64];
            g_hmac_update(h, zeros, 64 - hashed % 64);
        }
    }
    g_hmac_get_digest(h, mac, &ml);
    g_hmac_unref(h);
    memcpy(b + 32, mac, MIN(len, ml));
    *n = total;
    return b;
}

static void sha256_truncated_and_full(void **state)
{
    gsize n;
    stun_msg_t m;
    guint lens[] = { 16, 20, 24, 28, 32 };
    for (guint i = 0; i < G_N_ELEMENTS(lens); i++) {
        guint8 *b = build(STUN_ATTR_MESSAGE_INTEGRITY_SHA256, lens[i], G_CHECKSUM_SHA256, FALSE, "k", &n);
        assert_true(stun_msg_parse(b, n, &m));
        assert_int_equal(m.n_issues, 0);
        assert_string_equal(stun_integrity_alg_str(&m), "HMAC-SHA256");
        assert_int_equal(stun_integrity_verify(&m, PWD("k")), STUN_INTEGRITY_VALID);
        assert_int_equal(stun_integrity_verify(&m, PWD("K")), STUN_INTEGRITY_INVALID);
        g_free(b);
    }
}

static void sha1_hand_built_and_bad_length(void **state)
{
    gsize n;
    stun_msg_t m;
    guint8 *b = build(STUN_ATTR_MESSAGE_INTEGRITY, 20, G_CHECKSUM_SHA1, FALSE, "secret", &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_int_equal(stun_integrity_verify(&m, PWD("secret")), STUN_INTEGRITY_VALID);
    g_free(b);
    /* a 10-byte MESSAGE-INTEGRITY that even holds the right leading bytes is never valid */
    b = build(STUN_ATTR_MESSAGE_INTEGRITY, 10, G_CHECKSUM_SHA1, FALSE, "secret", &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_true(m.mi_bad_length);
    assert_int_equal(stun_integrity_verify(&m, PWD("secret")), STUN_INTEGRITY_INVALID);
    g_free(b);
    /* MI-SHA256 of 12 bytes: illegal, never valid */
    b = build(STUN_ATTR_MESSAGE_INTEGRITY_SHA256, 12, G_CHECKSUM_SHA256, FALSE, "secret", &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_int_equal(stun_integrity_verify(&m, PWD("secret")), STUN_INTEGRITY_INVALID);
    g_free(b);
}

static void goog_32_and_classic(void **state)
{
    gsize n;
    stun_msg_t m;
    guint8 *b = build(STUN_ATTR_GOOG_MESSAGE_INTEGRITY_32, 4, G_CHECKSUM_SHA1, FALSE, "pw", &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_string_equal(stun_integrity_alg_str(&m), "HMAC-SHA1/32");
    assert_int_equal(stun_integrity_verify(&m, PWD("pw")), STUN_INTEGRITY_VALID);
    assert_int_equal(stun_integrity_verify(&m, PWD("px")), STUN_INTEGRITY_INVALID);
    g_free(b);
    /* RFC 3489: HMAC input zero-padded to a multiple of 64 bytes */
    b = build(STUN_ATTR_MESSAGE_INTEGRITY, 20, G_CHECKSUM_SHA1, TRUE, "pw", &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_true(m.classic);
    assert_int_equal(stun_integrity_verify(&m, PWD("pw")), STUN_INTEGRITY_VALID);
    g_free(b);
}

static void compute_bounds(void **state)
{
    gsize n;
    guint8 *b = vec_hex(RFC5769_REQUEST, &n);
    stun_msg_t m;
    guint8 out[32];
    assert_true(stun_msg_parse(b, n, &m));
    assert_int_equal(stun_integrity_compute(&m, 0, G_CHECKSUM_SHA1, (const guint8 *)"k", 1, out), 0);
    assert_int_equal(stun_integrity_compute(&m, (guint)n, G_CHECKSUM_SHA1, (const guint8 *)"k", 1, out), 0);
    assert_int_equal(stun_integrity_compute(&m, m.mi.offset, G_CHECKSUM_SHA1, (const guint8 *)"k", 1, out), 20);
    g_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc5769_short_term),
        cmocka_unit_test(rfc5769_long_term),
        cmocka_unit_test(rfc8489_sha256),
        cmocka_unit_test(tampering_is_detected),
        cmocka_unit_test(absent_and_names),
        cmocka_unit_test(sha256_truncated_and_full),
        cmocka_unit_test(sha1_hand_built_and_bad_length),
        cmocka_unit_test(goog_32_and_classic),
        cmocka_unit_test(compute_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
