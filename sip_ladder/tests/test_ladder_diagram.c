/* Unit tests: ladder_diagram.c (Mermaid, PlantUML, HTML) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sip_ladder/ladder_render.h"
#include "sip_ladder/tests/ladder_fixture.h"

static ladder_opts_t opts(void)
{
    ladder_opts_t o;
    memset(&o, 0, sizeof o);
    o.width = 100;
    return o;
}

static void mermaid(void **state)
{
    ladder_call_t *c = fixture_call_proxy_auth();
    ladder_opts_t o = opts();
    GString *out = g_string_new(NULL);
    ss_endpoint_t a = fixture_ep("192.0.2.10", 5060), b = fixture_ep("198.51.100.1", 5060);
    ladder_call_add_row(c, LADDER_ROW_SIP, 99, 0, FIX_T0 + 20000 * FIX_MS, &a, &b, "MESSAGE x;y #z");
    ladder_mermaid_call(out, c, &o, FIX_T0);
    assert_true(g_str_has_prefix(out->str, "## Call 1: INVITE sip:alice@example.com -> sip:bob@example.com\n\n"
                                           "```mermaid\nsequenceDiagram\n    participant N0 as 192.0.2.10\n"));
    assert_non_null(strstr(out->str, "    participant N3 as 198.51.100.77\n"));
    assert_non_null(strstr(out->str, "    Note over N0,N3: Call-ID a84b4c76e66710@pc33.example.com | outcome answered (200 OK) | "
                                     "PDD 0.120 s, setup 1.500 s, duration 10.000 s | auth 1 challenge (407), 1 authorised "
                                     "request: valid#59; accepted (alice@example.com MD5) | NAT media: 1 of 2 streams not "
                                     "to the SDP address\n"));
    assert_non_null(strstr(out->str, "    N0->>N1: 0.000000 [1] INVITE bob SDP offer PCMA,PCMU\n"));
    assert_non_null(strstr(out->str, "    N1-->>N0: 0.003000 [2] 407 Proxy Authentication Required [407 challenge]\n"));
    assert_non_null(strstr(out->str, "    N0-)N2: 1.520000 [12] RTP PCMA/8000 caller->callee 500 pkts"));
    assert_non_null(strstr(out->str, "[99] MESSAGE x#59;y #35;z\n"));
    assert_true(g_str_has_suffix(out->str, "```\n\n"));
    ladder_call_free(c);
    g_string_free(out, TRUE);
}

static void plantuml(void **state)
{
    ladder_call_t *c = fixture_call_ipv6_busy();
    ladder_opts_t o = opts();
    GString *out = g_string_new(NULL);
    ladder_plantuml_call(out, c, &o, FIX_T0);
    assert_true(g_str_has_prefix(out->str, "@startuml\ntitle Call 2: INVITE sip:carol@[2001:db8::1] -> sip:dave@[2001:db8::2]\n"
                                           "hide footbox\nparticipant \"2001:db8:aaaa:bbbb:cccc:dddd:eeee:1\" as N0\n"));
    assert_non_null(strstr(out->str, "note over N0, N1 : Call-ID v6-call@[2001:db8::1] | outcome busy (486 Busy Here, ''try'' again later)"));
    assert_non_null(strstr(out->str, "N0 -> N1 : 60.500000 [21] INVITE dave SDP offer opus,G722,PCMU,telephone-event [retransmission]\n"));
    assert_non_null(strstr(out->str, "N1 --> N0 : 61.600000 [23] 486 Busy Here, ''try'' again later\n"));
    assert_true(g_str_has_suffix(out->str, "@enduml\n\n"));
    ladder_call_free(c);
    g_string_free(out, TRUE);
}

static void html(void **state)
{
    ladder_call_t *c = fixture_call_ipv6_busy();
    ladder_opts_t o = opts();
    GString *out = g_string_new(NULL);
    ladder_html_begin(out, "sip.Method == \"INVITE\" && 1<2");
    ladder_html_call(out, c, &o, FIX_T0);
    ladder_html_end(out);
    assert_true(g_str_has_prefix(out->str, "<!DOCTYPE html>\n<html>\n"));
    assert_non_null(strstr(out->str, "<code>sip.Method == &quot;INVITE&quot; &amp;&amp; 1&lt;2</code>"));
    assert_non_null(strstr(out->str, "<h2 id=\"call-2\">Call 2: INVITE sip:carol@[2001:db8::1] -&gt; sip:dave@[2001:db8::2]</h2>\n<pre>"));
    assert_non_null(strstr(out->str, "486 Busy Here, &quot;try&quot; again later"));
    assert_null(strstr(out->str, "\"try\""));
    assert_true(g_str_has_suffix(out->str, "</pre>\n</body>\n</html>\n"));
    ladder_call_free(c);
    g_string_free(out, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mermaid),
        cmocka_unit_test(plantuml),
        cmocka_unit_test(html),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
