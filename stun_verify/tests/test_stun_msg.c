/* Unit tests: stun_msg.c (parser, XOR decoding with RFC 5769 vectors, malformed input). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "stun_verify/stun_msg.h"
#include "stun_verify/tests/stun_vectors.h"

static void ep_is(const ss_endpoint_t *ep, const char *want)
{
    char buf[SS_ENDPOINT_STRLEN];
    assert_string_equal(ss_endpoint_to_str(ep, buf, sizeof buf), want);
}

static gboolean has_issue(const stun_msg_t *m, stun_issue_code_t c)
{
    for (guint i = 0; i < m->n_issues; i++)
        if (m->issue[i].code == c)
            return TRUE;
    return FALSE;
}

static void rfc5769_request(void **state)
{
    gsize n;
    guint8 *b = vec_hex(RFC5769_REQUEST, &n);
    stun_msg_t m;
    char buf[64];

    assert_true(stun_msg_parse(b, n, &m));
    assert_int_equal(m.kind, STUN_KIND_MESSAGE);
    assert_false(m.classic);
    assert_int_equal(m.framing, 0);
    assert_int_equal(m.method, STUN_METHOD_BINDING);
    assert_int_equal(m.cls, STUN_CLASS_REQUEST);
    assert_int_equal(m.length, 0x58);
    assert_int_equal(m.n_issues, 0);
    assert_int_equal(m.n_attrs, 6);
    assert_string_equal(stun_msg_str(&m, &m.username, buf, sizeof buf), "evtj:h6vY");
    assert_string_equal(stun_msg_str(&m, &m.software, buf, sizeof buf), "STUN test client");
    assert_true(m.has_priority);
    assert_int_equal(m.priority, 0x6e0001ff);
    assert_true(m.ice_controlled);
    assert_false(m.ice_controlling);
    assert_true(m.mi.present);
    assert_int_equal(m.mi.offset, 20 + 20 + 8 + 12 + 16);
    assert_int_equal(m.mi.len, 20);
    assert_true(m.fingerprint.present);
    assert_int_equal(m.fingerprint.offset, n - 8);
    assert_int_equal(m.attrs_after_integrity, 0);
    assert_false(m.mapped.present);
    assert_int_equal(m.end, n);
    g_free(b);
}

static void rfc5769_xor_ipv4(void **state)
{
    gsize n;
    guint8 *b = vec_hex(RFC5769_RESPONSE_V4, &n);
    stun_msg_t m;
    assert_true(stun_msg_parse(b, n, &m));
    assert_int_equal(m.cls, STUN_CLASS_SUCCESS);
    assert_int_equal(m.method, STUN_METHOD_BINDING);
    assert_true(m.xor_mapped.present);
    assert_true(m.xor_mapped.ok);
    ep_is(&m.xor_mapped.ep, "192.0.2.1:32853");
    assert_int_equal(m.n_issues, 0);
    g_free(b);
}

static void rfc5769_xor_ipv6(void **state)
{
    gsize n;
    guint8 *b = vec_hex(RFC5769_RESPONSE_V6, &n);
    stun_msg_t m;
    assert_true(stun_msg_parse(b, n, &m));
    assert_true(m.xor_mapped.ok);
    assert_int_equal(m.xor_mapped.ep.family, 6);
    ep_is(&m.xor_mapped.ep, "[2001:db8:1234:5678:11:2233:4455:6677]:32853");
    assert_int_equal(m.n_issues, 0);
    g_free(b);
}

static void rfc5769_long_term(void **state)
{
    gsize n;
    guint8 *b = vec_hex(RFC5769_REQUEST_LT, &n);
    stun_msg_t m;
    char buf[64];
    assert_true(stun_msg_parse(b, n, &m));
    assert_string_equal(stun_msg_str(&m, &m.username, buf, sizeof buf), RFC5769_LT_USER);
    assert_string_equal(stun_msg_str(&m, &m.realm, buf, sizeof buf), "example.org");
    assert_string_equal(stun_msg_str(&m, &m.nonce, buf, sizeof buf), "f//499k954d6OL34oL9FSTvy64sA");
    assert_true(m.mi.present);
    assert_false(m.fingerprint.present);
    assert_int_equal(m.n_issues, 0);
    g_free(b);
}

static void rfc8489_userhash_sha256(void **state)
{
    gsize n;
    guint8 *b = vec_hex(RFC8489_B1, &n);
    stun_msg_t m;
    assert_true(stun_msg_parse(b, n, &m));
    assert_true(m.has_userhash);
    assert_false(m.mi.present);
    assert_true(m.mi256.present);
    assert_int_equal(m.mi256.len, 32);
    assert_false(m.mi256_bad_length);
    assert_int_equal(m.n_issues, 0);
    g_free(b);
}

/* a classic RFC 3489 Binding response: 128-bit ID, MAPPED-ADDRESS, SOURCE-, CHANGED-ADDRESS */
static void classic_response(void **state)
{
    static const guint8 b[] = {
        0x01, 0x01, 0x00, 0x24,
        0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
        0x00, 0x01, 0x00, 0x08, 0x00, 0x01, 0x13, 0xc6, 203, 0, 113, 9,      /* MAPPED 203.0.113.9:5062 */
        0x00, 0x04, 0x00, 0x08, 0x00, 0x01, 0x0d, 0x96, 198, 51, 100, 3,     /* SOURCE :3478 */
        0x00, 0x05, 0x00, 0x08, 0x00, 0x01, 0x0d, 0x97, 198, 51, 100, 4,     /* CHANGED :3479 */
    };
    stun_msg_t m;
    assert_true(stun_msg_parse(b, sizeof b, &m));
    assert_true(m.classic);
    assert_int_equal(m.method, STUN_METHOD_BINDING);
    assert_int_equal(m.cls, STUN_CLASS_SUCCESS);
    assert_true(m.mapped.ok);
    ep_is(&m.mapped.ep, "203.0.113.9:5062");
    ep_is(&m.source.ep, "198.51.100.3:3478");
    ep_is(&m.changed.ep, "198.51.100.4:3479");
    assert_false(m.xor_mapped.present);
    assert_memory_equal(m.tid, b + 4, 16);
    assert_int_equal(m.n_issues, 0);
}

/* classic drafts: XOR-MAPPED-ADDRESS 0x8020 XORed with the first 32 bits of the ID; NONCE/REALM swapped */
static void classic_xor_and_swapped_realm(void **state)
{
    guint8 b[20 + 12 + 8] = {
        0x01, 0x01, 0x00, 0x14,
        0x11, 0x22, 0x33, 0x44, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
        0x80, 0x20, 0x00, 0x08, 0x00, 0x01, 0, 0, 0, 0, 0, 0,
        0x00, 0x15, 0x00, 0x04, 'r', 'e', 'a', 'l',
    };
    stun_msg_t m;
    char buf[16];
    b[26] = 0x13 ^ 0x11; b[27] = 0xc6 ^ 0x22;                       /* port 5062 */
    b[28] = 203 ^ 0x11; b[29] = 0 ^ 0x22; b[30] = 113 ^ 0x33; b[31] = 9 ^ 0x44;
    assert_true(stun_msg_parse(b, sizeof b, &m));
    assert_true(m.classic);
    assert_true(m.xor_mapped.ok);
    ep_is(&m.xor_mapped.ep, "203.0.113.9:5062");
    assert_true(m.realm.present);   /* 0x0015 is REALM in classic numbering */
    assert_false(m.nonce.present);
    assert_string_equal(stun_msg_str(&m, &m.realm, buf, sizeof buf), "real");
}

static void not_stun(void **state)
{
    static const guint8 rtp[] = { 0x80, 0x08, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    static const guint8 shorty[] = { 0x00, 0x01, 0x00 };
    stun_msg_t m;
    assert_false(stun_msg_parse(rtp, sizeof rtp, &m));
    assert_false(stun_msg_parse(shorty, sizeof shorty, &m));
    assert_false(stun_msg_parse(NULL, 0, &m));
    assert_false(stun_msg_parse(rtp, 10, &m));   /* 0x80: not STUN whatever the length */
    /* 00 bits but shorter than a header */
    assert_false(stun_msg_parse((const guint8 *)"\x00\x01\x00\x00\x21\x12\xa4\x42", 8, &m));
}

static void channel_data(void **state)
{
    static const guint8 b[] = { 0x40, 0x01, 0x00, 0x04, 1, 2, 3, 4 };
    stun_msg_t m;
    assert_true(stun_msg_parse(b, sizeof b, &m));
    assert_int_equal(m.kind, STUN_KIND_CHANNEL_DATA);
    assert_int_equal(m.channel, 0x4001);
    assert_int_equal(m.data_len, 4);
    assert_int_equal(m.n_issues, 0);
    assert_true(stun_msg_parse(b, 4, &m));      /* only the header captured */
    assert_true(has_issue(&m, STUN_ISSUE_TRUNCATED));
}

static void rfc4571_framing(void **state)
{
    gsize n;
    guint8 *v = vec_hex(RFC5769_RESPONSE_V4, &n);
    guint8 *b = g_malloc(n + 2);
    stun_msg_t m;
    b[0] = (guint8)(n >> 8);
    b[1] = (guint8)n;
    memcpy(b + 2, v, n);
    assert_true(stun_msg_parse(b, n + 2, &m));
    assert_int_equal(m.framing, 2);
    assert_ptr_equal(m.hdr, b + 2);
    ep_is(&m.xor_mapped.ep, "192.0.2.1:32853");
    assert_int_equal(m.n_issues, 0);
    g_free(b);
    g_free(v);
}

static guint8 *msg_with(const guint8 *attrs, guint alen, guint16 hdr_len, gsize *n)
{
    guint8 *b = g_malloc0(20 + alen);
    b[0] = 0x01; b[1] = 0x01;
    b[2] = (guint8)(hdr_len >> 8); b[3] = (guint8)hdr_len;
    b[4] = 0x21; b[5] = 0x12; b[6] = 0xa4; b[7] = 0x42;
    for (int i = 8; i < 20; i++)
        b[i] = (guint8)i;
    memcpy(b + 20, attrs, alen);
    *n = 20 + alen;
    return b;
}

static void malformed_attributes(void **state)
{
    stun_msg_t m;
    gsize n;
    guint8 *b;
    /* XOR-MAPPED-ADDRESS of length 6 (truncated), padded to 8 */
    static const guint8 a1[] = { 0x00, 0x20, 0x00, 0x06, 0x00, 0x01, 0xbe, 0x52, 0x01, 0x02, 0, 0 };
    /* XOR-MAPPED-ADDRESS with family 3 */
    static const guint8 a2[] = { 0x00, 0x20, 0x00, 0x08, 0x00, 0x03, 0xbe, 0x52, 1, 2, 3, 4 };
    /* MAPPED-ADDRESS family IPv6 with length 8 */
    static const guint8 a3[] = { 0x00, 0x01, 0x00, 0x08, 0x00, 0x02, 0x13, 0xc6, 1, 2, 3, 4 };
    /* USERNAME length 256 past the end */
    static const guint8 a4[] = { 0x00, 0x06, 0x01, 0x00, 'a', 'b', 'c', 'd' };
    /* MESSAGE-INTEGRITY of 10 bytes */
    static const guint8 a5[] = { 0x00, 0x08, 0x00, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0 };
    /* FINGERPRINT followed by SOFTWARE */
    static const guint8 a6[] = { 0x80, 0x28, 0x00, 0x04, 1, 2, 3, 4, 0x80, 0x22, 0x00, 0x01, 'x', 0, 0, 0 };
    /* ERROR-CODE with class 7, and a 3-byte ERROR-CODE */
    static const guint8 a7[] = { 0x00, 0x09, 0x00, 0x04, 0, 0, 7, 1, 0x00, 0x09, 0x00, 0x03, 0, 0, 4, 0 };
    /* MI-SHA256 of 12 bytes */
    static const guint8 a8[] = { 0x00, 0x1c, 0x00, 0x0c, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };

    b = msg_with(a1, sizeof a1, sizeof a1, &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_true(m.xor_mapped.present);
    assert_false(m.xor_mapped.ok);
    assert_true(has_issue(&m, STUN_ISSUE_ADDR_LENGTH));
    g_free(b);

    b = msg_with(a2, sizeof a2, sizeof a2, &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_false(m.xor_mapped.ok);
    assert_true(has_issue(&m, STUN_ISSUE_ADDR_FAMILY));
    g_free(b);

    b = msg_with(a3, sizeof a3, sizeof a3, &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_false(m.mapped.ok);
    assert_true(has_issue(&m, STUN_ISSUE_ADDR_LENGTH));
    g_free(b);

    b = msg_with(a4, sizeof a4, sizeof a4, &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_false(m.username.present);
    assert_true(has_issue(&m, STUN_ISSUE_ATTR_OVERRUN));
    assert_int_equal(m.issue[0].attr, STUN_ATTR_USERNAME);
    assert_int_equal(m.issue[0].offset, 20);
    g_free(b);

    b = msg_with(a5, sizeof a5, sizeof a5, &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_true(m.mi.present);
    assert_true(m.mi_bad_length);
    assert_true(has_issue(&m, STUN_ISSUE_MI_LENGTH));
    g_free(b);

    b = msg_with(a6, sizeof a6, sizeof a6, &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_true(has_issue(&m, STUN_ISSUE_FP_NOT_LAST));
    g_free(b);

    b = msg_with(a7, sizeof a7, sizeof a7, &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_true(has_issue(&m, STUN_ISSUE_ERROR_CODE));
    assert_true(m.has_error_code);           /* the first one, class 7, still has a number */
    assert_int_equal(m.error_code, 701);
    g_free(b);

    b = msg_with(a8, sizeof a8, sizeof a8, &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_true(m.mi256_bad_length);
    assert_true(has_issue(&m, STUN_ISSUE_MI256_LENGTH));
    g_free(b);
}

static void malformed_header(void **state)
{
    stun_msg_t m;
    gsize n;
    guint8 *b;
    static const guint8 sw[] = { 0x80, 0x22, 0x00, 0x05, 'a', 'b', 'c', 'd', 'e', 0, 0, 0 };

    /* length 10: not a multiple of 4; the walk stops at the header's end */
    b = msg_with(sw, sizeof sw, 10, &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_true(has_issue(&m, STUN_ISSUE_LEN_NOT_MULT4));
    assert_true(m.software.present);
    assert_true(m.end <= 30);
    g_free(b);

    /* header length 64 bytes longer than the data */
    b = msg_with(sw, sizeof sw, sizeof sw + 64, &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_true(has_issue(&m, STUN_ISSUE_TRUNCATED));
    assert_true(m.software.present);
    assert_int_equal(m.end, n);
    g_free(b);

    /* classic (unpadded): bytes after the last attribute that do not form one */
    {
        static const guint8 c[] = { 0x00, 0x01, 0x00, 0x06, 9, 9, 9, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                                    0x80, 0x22, 0x00, 0x00, 0xff, 0xff };
        assert_true(stun_msg_parse(c, sizeof c, &m));
        assert_true(m.classic);
        assert_true(m.software.present);
        assert_true(has_issue(&m, STUN_ISSUE_TRAILING));
        assert_false(has_issue(&m, STUN_ISSUE_LEN_NOT_MULT4));   /* RFC 3489 had no such rule */
    }

    /* zero-length message: a header only */
    b = msg_with(sw, 0, 0, &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_int_equal(m.n_attrs, 0);
    assert_int_equal(m.n_issues, 0);
    g_free(b);
}

static void issue_overflow_is_bounded(void **state)
{
    /* 40 broken address attributes: issues are capped, the rest counted */
    guint8 attrs[40 * 8];
    stun_msg_t m;
    gsize n;
    guint8 *b;
    for (int i = 0; i < 40; i++) {
        guint8 *a = attrs + 8 * i;
        a[0] = 0x00; a[1] = 0x04; a[2] = 0x00; a[3] = 0x04;   /* SOURCE-ADDRESS length 4 */
        a[4] = 0; a[5] = 1; a[6] = 0; a[7] = 1;
    }
    b = msg_with(attrs, sizeof attrs, sizeof attrs, &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_int_equal(m.n_issues, 1);   /* only the first occurrence of an address type is decoded */
    g_free(b);
    for (int i = 0; i < 40; i++)
        attrs[8 * i + 1] = (guint8)(0x80 + i);               /* unknown types: no issue */
    for (int i = 0; i < 12; i++) {
        guint8 *a = attrs + 8 * i;
        a[0] = 0x00; a[1] = 0x24; a[3] = 0x03;              /* PRIORITY of length 3: issue each */
    }
    b = msg_with(attrs, sizeof attrs, sizeof attrs, &n);
    assert_true(stun_msg_parse(b, n, &m));
    assert_int_equal(m.n_issues, STUN_MAX_ISSUES);
    assert_int_equal(m.issues_dropped, 12 - STUN_MAX_ISSUES);
    g_free(b);
}

static void every_prefix_is_safe(void **state)
{
    /* every truncation of the vectors parses without reading past the end (ASan checks) */
    const char *vecs[] = { RFC5769_REQUEST, RFC5769_RESPONSE_V4, RFC5769_RESPONSE_V6, RFC5769_REQUEST_LT, RFC8489_B1 };
    for (guint v = 0; v < G_N_ELEMENTS(vecs); v++) {
        gsize n;
        guint8 *b = vec_hex(vecs[v], &n);
        for (gsize k = 0; k <= n; k++) {
            guint8 *c = g_memdup2(b, k ? k : 1);
            stun_msg_t m;
            if (stun_msg_parse(c, k, &m) && k < n)
                assert_true(has_issue(&m, STUN_ISSUE_TRUNCATED));
            g_free(c);
        }
        g_free(b);
    }
}

static void names(void **state)
{
    assert_string_equal(stun_method_str(STUN_METHOD_ALLOCATE), "Allocate");
    assert_null(stun_method_str(0x0fff));
    assert_string_equal(stun_class_str(STUN_CLASS_ERROR), "error");
    assert_string_equal(stun_attr_str(0x0014, FALSE), "REALM");
    assert_string_equal(stun_attr_str(0x0014, TRUE), "NONCE");
    assert_true(stun_method_is_turn(STUN_METHOD_CHANNEL_BIND));
    assert_false(stun_method_is_turn(STUN_METHOD_BINDING));
    for (int c = 0; c <= STUN_ISSUE_COUNT; c++)
        assert_non_null(stun_issue_str((stun_issue_code_t)c));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfc5769_request),
        cmocka_unit_test(rfc5769_xor_ipv4),
        cmocka_unit_test(rfc5769_xor_ipv6),
        cmocka_unit_test(rfc5769_long_term),
        cmocka_unit_test(rfc8489_userhash_sha256),
        cmocka_unit_test(classic_response),
        cmocka_unit_test(classic_xor_and_swapped_realm),
        cmocka_unit_test(not_stun),
        cmocka_unit_test(channel_data),
        cmocka_unit_test(rfc4571_framing),
        cmocka_unit_test(malformed_attributes),
        cmocka_unit_test(malformed_header),
        cmocka_unit_test(issue_overflow_is_bounded),
        cmocka_unit_test(every_prefix_is_safe),
        cmocka_unit_test(names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
