/* stun_vectors.h: RFC 5769 (sections 2.1-2.4) and RFC 8489 (appendix B.1) STUN test vectors, as
 * hex, plus a hex decoder for the tests. */
#ifndef SIPSCOPE_STUN_VECTORS_H
#define SIPSCOPE_STUN_VECTORS_H

#include <glib.h>
#include <string.h>

/* RFC 5769 2.1: sample request, short-term credentials, password "VOkJxbRl1RmTxUk/WvJxBt" */
#define RFC5769_REQUEST \
    "000100582112a442b7e7a701bc34d686fa87dfae" \
    "802200105354554e207465737420636c69656e74" \
    "002400046e0001ff" \
    "80290008932ff9b151263b36" \
    "000600096576746a3a68367659202020" \
    "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2" \
    "80280004e57a3bcf"

/* RFC 5769 2.2: IPv4 response, XOR-MAPPED-ADDRESS 192.0.2.1:32853 */
#define RFC5769_RESPONSE_V4 \
    "0101003c2112a442b7e7a701bc34d686fa87dfae" \
    "8022000b7465737420766563746f7220" \
    "002000080001a147e112a643" \
    "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7" \
    "80280004c07d4c96"

/* RFC 5769 2.3: IPv6 response, XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853 */
#define RFC5769_RESPONSE_V6 \
    "010100482112a442b7e7a701bc34d686fa87dfae" \
    "8022000b7465737420766563746f7220" \
    "002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d9" \
    "00080014a382954e4be67bf11784c97c8292c275bfe3ed41" \
    "80280004c8fb0b4c"

#define RFC5769_PASSWORD "VOkJxbRl1RmTxUk/WvJxBt"

/* RFC 5769 2.4: long-term credentials; username U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9,
 * realm "example.org", password "The<U+00AD>M<U+00AA>tr<U+2168>" = "TheMatrIX" after SASLprep */
#define RFC5769_REQUEST_LT \
    "000100602112a44278ad3433c6ad72c029da412e" \
    "00060012e3839ee38388e383aae38383e382afe382b90000" \
    "0015001c662f2f3439396b39353464364f4c33346f4c39465354767936347341" \
    "0014000b6578616d706c652e6f726700" \
    "00080014f67024656dd64a3e02b8e0712e85c9a28ca89666"
#define RFC5769_LT_USER "\xe3\x83\x9e\xe3\x83\x88\xe3\x83\xaa\xe3\x83\x83\xe3\x82\xaf\xe3\x82\xb9"

/* RFC 8489 B.1: USERHASH + MESSAGE-INTEGRITY-SHA256, same user/realm/password as 2.4 */
#define RFC8489_B1 \
    "000100882112a44278ad3433c6ad72c029da412e" \
    "001e00204a3cf38fef6992bda952c6780417da0f24819415569e60b205c46e41407f1704" \
    "001500296f624d61744a6f733241414143662f2f3439396b39353464364f4c33346f4c39465354767936347341000000" \
    "0014000b6578616d706c652e6f726700" \
    "001c0020fd8c273860d2e18ebca4c89b6973befa7ee8ecc69e9642db326fab65a0b955ba"

/* Decode hex into a newly allocated buffer (g_free). */
static inline guint8 *vec_hex(const char *hex, gsize *len)
{
    gsize n = strlen(hex) / 2;
    guint8 *b = g_malloc(n ? n : 1);
    for (gsize i = 0; i < n; i++)
        b[i] = (guint8)(g_ascii_xdigit_value(hex[2 * i]) << 4 | g_ascii_xdigit_value(hex[2 * i + 1]));
    *len = n;
    return b;
}

#endif
