/* Unit tests: sip_parse.c (raw SIP message -> ss_sip_msg_t) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "plugins/core/sip_parse.h"

static ss_sip_parsed_t *parse(const char *s, ss_sip_msg_t *m)
{
    memset(m, 0, sizeof *m);
    return ss_sip_parse((const guint8 *)s, strlen(s), m);
}

static void invite_with_sdp(void **state)
{
    static const char msg[] =
        "INVITE sip:bob@biloxi.example.com;transport=udp SIP/2.0\r\n"
        "Via: SIP/2.0/UDP pc33.atlanta.example.com:5066;branch=z9hG4bK776asdhds;rport\r\n"
        "Max-Forwards: 70\r\n"
        "To: Bob <sip:bob@biloxi.example.com>\r\n"
        "From: \"Alice A.\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
        "CSeq: 314159 INVITE\r\n"
        "Contact: <sip:alice@192.0.2.10:5066;ob>\r\n"
        "User-Agent: softphone 1.0\r\n"
        "Content-Type: application/sdp\r\n"
        "Content-Length: 5\r\n"
        "\r\n"
        "v=0\r\nTRAILING";
    ss_sip_msg_t m;
    ss_sip_parsed_t *p = parse(msg, &m);

    assert_non_null(p);
    assert_true(m.is_request);
    assert_string_equal(m.method, "INVITE");
    assert_string_equal(m.ruri, "sip:bob@biloxi.example.com;transport=udp");
    assert_string_equal(m.ruri_user, "bob");
    assert_string_equal(m.call_id, "a84b4c76e66710@pc33.atlanta.example.com");
    assert_string_equal(m.from_display, "\"Alice A.\"");
    assert_string_equal(m.from_addr, "sip:alice@atlanta.example.com");
    assert_string_equal(m.from_user, "alice");
    assert_string_equal(m.from_tag, "1928301774");
    assert_string_equal(m.to_display, "Bob");
    assert_string_equal(m.to_user, "bob");
    assert_null(m.to_tag);
    assert_true(m.has_cseq);
    assert_int_equal(m.cseq, 314159);
    assert_string_equal(m.cseq_method, "INVITE");
    assert_int_equal(m.via_count, 1);
    assert_string_equal(m.via_transport, "UDP");
    assert_string_equal(m.via_host, "pc33.atlanta.example.com");
    assert_int_equal(m.via_port, 5066);
    assert_string_equal(m.via_branch, "z9hG4bK776asdhds");
    assert_int_equal(m.via_rport, 0);          /* valueless rport */
    assert_string_equal(m.contact_uri, "sip:alice@192.0.2.10:5066;ob");
    assert_string_equal(m.contact_host, "192.0.2.10");
    assert_int_equal(m.contact_port, 5066);
    assert_string_equal(m.user_agent, "softphone 1.0");
    assert_string_equal(m.content_type, "application/sdp");
    /* the body stops where Content-Length says, not at the end of the bytes */
    assert_int_equal(m.body_len, 5);
    assert_memory_equal(m.body, "v=0\r\n", 5);
    /* where the next message of a stream would start */
    assert_int_equal(m.wire_len, (guint)(strstr(msg, "\r\n\r\n") - msg) + 4 + 5);
    assert_int_equal(m.n_headers, 10);
    assert_string_equal(ss_sip_msg_header(&m, "max-forwards", 0), "70");
    assert_int_equal(ss_sip_parsed_dropped(p), 0);
    ss_sip_parsed_free(p);
}

static void response_compact_folded_multi_via(void **state)
{
    /* compact names, a folded header, LF-only line ends, two Via lines, one with two via-parms */
    static const char msg[] =
        "SIP/2.0 180 Ringing Now\n"
        "v: SIP / 2.0 / TCP [2001:db8::1]:5070;branch=z9hG4bK1;received=203.0.113.9;rport=40000,\n"
        " SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK2\n"
        "Via: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK3\n"
        "f: <sip:alice@example.com>;tag=a1\n"
        "t: sip:bob@example.com;tag=b2\n"
        "i: cid-1\n"
        "CSeq:\t2 INVITE\n"
        "m: \"Bob, Jr\" <sip:bob@[2001:db8::2]:5080>, <sip:other@192.0.2.50>\n"
        "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\n"
        "Record-Route: <sip:p3.example.com;lr>\n"
        "RSeq: 988\n"
        "Server: uas\n"
        "l: 0\n"
        "\n";
    ss_sip_msg_t m;
    ss_sip_parsed_t *p = parse(msg, &m);

    assert_non_null(p);
    assert_false(m.is_request);
    assert_null(m.method);
    assert_int_equal(m.status, 180);
    assert_string_equal(m.reason, "Ringing Now");
    assert_string_equal(m.call_id, "cid-1");
    assert_string_equal(m.from_tag, "a1");
    assert_string_equal(m.to_addr, "sip:bob@example.com");   /* addr-spec: ;tag is the header's */
    assert_string_equal(m.to_tag, "b2");
    assert_int_equal(m.cseq, 2);
    assert_int_equal(m.via_count, 3);
    assert_string_equal(m.via_transport, "TCP");
    assert_string_equal(m.via_host, "2001:db8::1");
    assert_int_equal(m.via_port, 5070);
    assert_string_equal(m.via_branch, "z9hG4bK1");
    assert_string_equal(m.via_received, "203.0.113.9");
    assert_int_equal(m.via_rport, 40000);
    assert_string_equal(m.contact_uri, "sip:bob@[2001:db8::2]:5080");
    assert_string_equal(m.contact_host, "2001:db8::2");
    assert_int_equal(m.contact_port, 5080);
    assert_int_equal(m.record_route_count, 3);
    assert_true(m.has_rseq);
    assert_int_equal(m.rseq, 988);
    assert_string_equal(m.server, "uas");
    assert_string_equal(ss_sip_msg_header(&m, "Content-Length", 0), "0");
    assert_string_equal(ss_sip_msg_header(&m, "VIA", 1), "SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK3");
    assert_null(ss_sip_msg_header(&m, "Via", 2));
    assert_null(m.body);
    ss_sip_parsed_free(p);
}

static void prack_rack_expires_tel(void **state)
{
    static const char msg[] =
        "PRACK tel:+15551234;phone-context=example.com SIP/2.0\r\n"
        "RAck: 776656 1 INVITE\r\n"
        "Expires: 3600\r\n"
        "\r\n";
    ss_sip_msg_t m;
    ss_sip_parsed_t *p = parse(msg, &m);

    assert_non_null(p);
    assert_string_equal(m.method, "PRACK");
    assert_string_equal(m.ruri_user, "+15551234");
    assert_true(m.has_rack);
    assert_int_equal(m.rack_rseq, 776656);
    assert_int_equal(m.rack_cseq, 1);
    assert_true(m.has_expires);
    assert_int_equal(m.expires, 3600);
    assert_null(m.call_id);
    assert_false(m.has_cseq);
    assert_int_equal(m.via_count, 0);
    assert_null(m.via_branch);
    ss_sip_parsed_free(p);
}

static void not_sip(void **state)
{
    static const char *const junk[] = {
        "",
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "SIP/2.0 abc Bad\r\n\r\n",
        "SIP/2.0 99 Too low\r\n\r\n",
        "SIP/2.0 1000 Too high\r\n\r\n",
        "INV<TE sip:a SIP/2.0\r\n\r\n",
        "INVITE sip:a\r\n\r\n",
        " INVITE",
    };
    for (gsize i = 0; i < G_N_ELEMENTS(junk); i++) {
        ss_sip_msg_t m;
        memset(&m, 0x5a, sizeof m);
        assert_null(ss_sip_parse((const guint8 *)junk[i], strlen(junk[i]), &m));
        assert_int_equal(m.status, 0x5a5a5a5a);  /* untouched */
    }
    assert_null(ss_sip_parse(NULL, 100, NULL));
}

static void hostile_values(void **state)
{
    /* NULs in the headers, out-of-range numbers, unterminated quotes and brackets, a huge
     * Content-Length, no empty line: nothing is read past len and the numbers are refused */
    static const char head[] =
        "OPTIONS sip:x@[2001:db8::1 SIP/2.0\r\n"
        "CSeq: 99999999999 OPTIONS\r\n"
        "RSeq: 4294967296\r\n"
        "Expires: -1\r\n"
        "From: \"unterminated <sip:a@b>;tag=x\r\n"
        "To: <sip:b@c;tag=y\r\n"
        "Via: SIP/2.0/UDP host:99999;branch\r\n"
        "Content-Length: 4294967295\r\n"
        "Call-ID: a\0b\r\n"
        "\r\n"
        "body";
    ss_sip_msg_t m;
    ss_sip_parsed_t *p;

    memset(&m, 0, sizeof m);
    p = ss_sip_parse((const guint8 *)head, sizeof head - 1, &m);
    assert_non_null(p);
    assert_false(m.has_cseq);
    assert_false(m.has_rseq);
    assert_false(m.has_expires);
    assert_null(m.from_addr);
    assert_null(m.from_tag);
    assert_null(m.to_tag);                    /* unclosed <: the tag is inside the URI */
    assert_int_equal(m.via_port, 0);
    assert_non_null(m.via_branch);
    assert_string_equal(m.via_branch, "");   /* flag parameter, present without a value */
    assert_string_equal(m.call_id, "a b");    /* the NUL does not cut the header block */
    assert_int_equal(m.body_len, 4);
    assert_int_equal(m.wire_len, sizeof head - 1);   /* no Content-Length: all the bytes */
    ss_sip_parsed_free(p);

    /* a message cut inside the headers */
    memset(&m, 0, sizeof m);
    p = ss_sip_parse((const guint8 *)head, 40, &m);
    assert_non_null(p);
    assert_null(m.body);
    ss_sip_parsed_free(p);
}

static void header_limit(void **state)
{
    GString *s = g_string_new("MESSAGE sip:a@b SIP/2.0\r\n");
    ss_sip_msg_t m;
    ss_sip_parsed_t *p;

    for (guint i = 0; i < SS_SIP_MAX_HEADERS + 10; i++)
        g_string_append_printf(s, "X-H%u: %u\r\n", i, i);
    g_string_append(s, "Call-ID: late\r\n\r\n");
    p = parse(s->str, &m);
    assert_non_null(p);
    assert_int_equal(m.n_headers, SS_SIP_MAX_HEADERS);
    assert_int_equal(ss_sip_parsed_dropped(p), 11);
    assert_null(m.call_id);
    ss_sip_parsed_free(p);
    g_string_free(s, TRUE);
}

static void split_and_param(void **state)
{
    char buf[] = "\"a, b\" <sip:x@y;p=1,2>;q=0.5 , <sip:z@w>,,  ";
    char *out[4];
    char val[8];

    assert_int_equal(ss_sip_split_commas(buf, out, 4), 2);
    assert_string_equal(out[0], "\"a, b\" <sip:x@y;p=1,2>;q=0.5");
    assert_string_equal(out[1], "<sip:z@w>");
    assert_string_equal(ss_sip_param(";lr;branch=\"q;x\";Tag=abcdefghijk", "tag", val, sizeof val), "abcdefg");
    assert_string_equal(ss_sip_param(";lr;branch=\"q;x\"", "branch", val, sizeof val), "q;x");
    assert_string_equal(ss_sip_param(";lr;ttl=1", "lr", val, sizeof val), "");
    assert_null(ss_sip_param(";lrx=1", "lr", val, sizeof val));
    assert_null(ss_sip_param(NULL, "lr", val, sizeof val));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(invite_with_sdp),
        cmocka_unit_test(response_compact_folded_multi_via),
        cmocka_unit_test(prack_rack_expires_tel),
        cmocka_unit_test(not_sip),
        cmocka_unit_test(hostile_values),
        cmocka_unit_test(header_limit),
        cmocka_unit_test(split_and_param),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
