/* test_sip_body.c: finding the SDP in SIP bodies. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "plugins/core/sip_body.h"

static gboolean find(const char *ct, const char *body, char *out, gsize outlen)
{
    gsize off = 0, len = 0;
    if (!ss_sip_body_sdp(ct, (const guint8 *)body, strlen(body), &off, &len))
        return FALSE;
    g_strlcpy(out, body + off, MIN(outlen, len + 1));
    return TRUE;
}

static void plain_sdp(void **state)
{
    char out[64];
    (void)state;
    assert_true(find("application/sdp", "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n", out, sizeof out));
    assert_string_equal(out, "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n");
    assert_true(find(" Application/SDP ; charset=x", "v=0\r\n", out, sizeof out));
    assert_false(find("application/sdpx", "v=0\r\n", out, sizeof out));
    assert_false(find("application/isup", "v=0\r\n", out, sizeof out));
    assert_false(find(NULL, "v=0\r\n", out, sizeof out));
}

static void multipart(void **state)
{
    /* SIP-I: SDP and ISUP in one body (the shape of RFC 3204 examples) */
    static const char body[] =
        "--unique-boundary-1\r\n"
        "Content-Type: application/ISUP;version=itu-t92+\r\n"
        "\r\n"
        "\x01\x02--x\r\n"
        "--unique-boundary-1\r\n"
        "content-type:application/sdp\r\n"
        "Content-Disposition: session\r\n"
        "\r\n"
        "v=0\r\nm=audio 4000 RTP/AVP 0\r\n"
        "\r\n--unique-boundary-1--\r\n";
    char out[64];
    (void)state;
    assert_true(find("multipart/mixed; boundary=unique-boundary-1", body, out, sizeof out));
    assert_string_equal(out, "v=0\r\nm=audio 4000 RTP/AVP 0\r\n");
    assert_true(find("multipart/mixed;boundary=\"unique-boundary-1\"", body, out, sizeof out));
    /* no boundary, another boundary, only a non-SDP part */
    assert_false(find("multipart/mixed", body, out, sizeof out));
    assert_false(find("multipart/mixed;boundary=other", body, out, sizeof out));
    assert_false(find("multipart/mixed;boundary=b",
                      "--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n", out, sizeof out));
}

static void truncated(void **state)
{
    static const char *cut[] = {
        "--b", "--b\r\n", "--b\r\nContent-Type: application/sdp\r\n",
        "--b\r\nContent-Type: application/sdp\r\n\r\n",
    };
    char out[64];
    (void)state;
    for (gsize i = 0; i < G_N_ELEMENTS(cut); i++)
        assert_false(find("multipart/mixed;boundary=b", cut[i], out, sizeof out));
    /* the SDP part runs to the end when the closing delimiter is missing */
    assert_true(find("multipart/mixed;boundary=b", "--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n", out, sizeof out));
    assert_string_equal(out, "v=0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_sdp),
        cmocka_unit_test(multipart),
        cmocka_unit_test(truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
