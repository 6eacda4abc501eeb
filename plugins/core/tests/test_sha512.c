/* Unit tests: sha512.c (FIPS 180-4 examples; longer inputs checked against OpenSSL's
 * sha512/sha512_256 via Python hashlib when the test was written). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "plugins/core/sha512.h"

static void hex(const guint8 *d, gsize n, char *out)
{
    for (gsize i = 0; i < n; i++)
        g_snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void check(gboolean t256, const void *msg, gsize len, gsize chunk, const char *want)
{
    ss_sha512_t c;
    guint8 d[64];
    char h[129];
    const guint8 *p = (const guint8 *)msg;
    if (t256) ss_sha512_256_init(&c); else ss_sha512_init(&c);
    if (!chunk) chunk = len ? len : 1;
    for (gsize off = 0; off < len; off += chunk)
        ss_sha512_update(&c, p + off, MIN(chunk, len - off));
    ss_sha512_final(&c, d);
    hex(d, t256 ? 32 : 64, h);
    if (t256) assert_string_equal(h, want);
    else      assert_memory_equal(h, want, strlen(want));   /* prefix check */
}

static void fips_examples(void **state)
{
    const char *two = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    check(FALSE, "abc", 3, 0, "ddaf35a193617abacc417349ae204131");
    check(TRUE, "abc", 3, 0, "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
    check(TRUE, "", 0, 0, "c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a");
    check(TRUE, two, strlen(two), 0, "3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a");
    check(FALSE, two, strlen(two), 7, "8e959b75dae313da8cf4f72814fc143f");
}

/* padding boundaries: 111 and 112 bytes need one and two final blocks */
static void padding_boundaries(void **state)
{
    char a[1000];
    memset(a, 'a', sizeof a);
    check(TRUE, a, 111, 0, "0239e429f98d0ed61ee8e2a7c30afe98c1c3a80ce5dff62a107e9c538f7632ce");
    check(TRUE, a, 112, 5, "9216b5303edb66504570bee90e48ea5beaa5e9fe9f760bbd3e0460559fc005f6");
    check(TRUE, a, 239, 128, "78d0a1b37aaad84c89fff13cbe3cd3d1025bcdb648268f9102b7e7032bea7d2a");
}

static void million_a(void **state)
{
    char *a = g_malloc(1000000);
    memset(a, 'a', 1000000);
    check(TRUE, a, 1000000, 4096, "9a59a052930187a97038cae692f30708aa6491923ef5194394dc68d56c74fb21");
    check(FALSE, a, 1000000, 0, "e718483d0ce769644e2e42c7bc15b463");
    g_free(a);
}

/* FIPS 180-4 5.3.6: the SHA-512/t IV is SHA-512, with IV ^ a5a5.., of "SHA-512/t" */
static void derive_sha512_256_iv(void **state)
{
    guint64 iv[8];
    guint8 d[64];
    ss_sha512_t c;
    for (int i = 0; i < 8; i++)
        iv[i] = ss_sha512_iv[i] ^ 0xa5a5a5a5a5a5a5a5ULL;
    ss_sha512_init_iv(&c, iv, 64);
    ss_sha512_update(&c, "SHA-512/256", 11);
    ss_sha512_final(&c, d);
    for (int i = 0; i < 8; i++) {
        guint64 v = 0;
        for (int k = 0; k < 8; k++)
            v = (v << 8) | d[8 * i + k];
        assert_true(v == ss_sha512_256_iv[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fips_examples),
        cmocka_unit_test(padding_boundaries),
        cmocka_unit_test(million_a),
        cmocka_unit_test(derive_sha512_256_iv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
