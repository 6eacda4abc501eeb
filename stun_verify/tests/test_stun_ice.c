/* Unit tests: stun_ice.c (ice-ufrag/ice-pwd and media endpoints from SDP). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "stun_verify/stun_ice.h"

static const char *offer =
    "v=0\r\no=- 1 1 IN IP4 203.0.113.10\r\ns=-\r\nc=IN IP4 203.0.113.10\r\nt=0 0\r\n"
    "a=ice-ufrag:aliceUfrg\r\na=ice-pwd:alicePasswordForIce0001\r\n"
    "m=audio 41000 RTP/AVP 0\r\n"
    "a=candidate:1 1 UDP 2130706431 10.0.1.10 40000 typ host\r\n"
    "a=candidate:2 1 UDP 1694498815 203.0.113.10 41000 typ srflx raddr 10.0.1.10 rport 40000\r\n";
static const char *answer =
    "v=0\r\no=- 2 1 IN IP4 203.0.113.20\r\ns=-\r\nc=IN IP4 203.0.113.20\r\nt=0 0\r\n"
    "m=audio 51000 RTP/AVP 0\r\n"
    "a=ice-ufrag:bobUfrag\r\na=ice-pwd:bobPasswordForIceChecks1\r\n"
    "a=candidate:1 1 UDP 2130706431 10.0.1.20 50000 typ host\r\n";
static const char *plain =
    "v=0\r\no=- 3 1 IN IP4 198.51.100.50\r\ns=-\r\nc=IN IP4 198.51.100.50\r\nt=0 0\r\n"
    "m=audio 30000 RTP/AVP 8\r\n";

static void add(stun_ice_t *ice, const char *sdp, guint call, guint32 frame)
{
    ss_sdp_t *s = ss_sdp_parse(sdp, strlen(sdp));
    stun_ice_add_sdp(ice, s, call, frame);
    ss_sdp_free(s);
}

static void ufrags_and_endpoints(void **state)
{
    stun_ice_t *ice = stun_ice_new(16, 64);
    const stun_ice_agent_t *ag[4];
    ss_endpoint_t e;

    add(ice, offer, 1, 1);
    add(ice, answer, 1, 4);
    add(ice, plain, 2, 9);
    assert_int_equal(stun_ice_agent_count(ice), 2);

    assert_int_equal(stun_ice_by_ufrag(ice, "bobUfrag", 8, ag, 4), 1);
    assert_string_equal(ag[0]->pwd, "bobPasswordForIceChecks1");   /* media-level */
    assert_int_equal(ag[0]->call, 1);
    assert_int_equal(ag[0]->sdp_frame, 4);
    assert_int_equal(stun_ice_by_ufrag(ice, "aliceUfrgX", 9, ag, 4), 1);   /* length-bounded */
    assert_string_equal(ag[0]->pwd, "alicePasswordForIce0001");  /* session-level */
    assert_int_equal(stun_ice_by_ufrag(ice, "nobody", 6, ag, 4), 0);
    assert_int_equal(stun_ice_by_ufrag(ice, "bob\0frag", 8, ag, 4), 0);

    ss_endpoint_parse(&e, "10.0.1.20", 50000);        /* host candidate */
    assert_non_null(stun_ice_by_endpoint(ice, &e));
    assert_string_equal(stun_ice_by_endpoint(ice, &e)->ufrag, "bobUfrag");
    ss_endpoint_parse(&e, "203.0.113.10", 41000);     /* c=/m= */
    assert_int_equal(stun_ice_by_endpoint(ice, &e)->sdp_frame, 1);
    ss_endpoint_parse(&e, "203.0.113.10", 41001);     /* implicit RTCP port */
    assert_non_null(stun_ice_by_endpoint(ice, &e));
    ss_endpoint_parse(&e, "198.51.100.50", 30000);    /* SDP without ICE */
    assert_int_equal(stun_ice_by_endpoint(ice, &e)->call, 2);
    assert_null(stun_ice_by_endpoint(ice, &e)->ufrag);
    ss_endpoint_parse(&e, "198.51.100.3", 3478);
    assert_null(stun_ice_by_endpoint(ice, &e));
    stun_ice_free(ice);
}

static void several_passwords(void **state)
{
    stun_ice_t *ice = stun_ice_new(16, 64);
    const stun_ice_agent_t *ag[4];
    char sdp[512];

    for (guint i = 0; i < 6; i++) {
        g_snprintf(sdp, sizeof sdp, "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                   "m=audio %u RTP/AVP 0\r\na=ice-ufrag:uf\r\na=ice-pwd:pw%u\r\n", 4000 + i, i % 5);
        add(ice, sdp, 1, 10 + i);
    }
    /* newest first, one per distinct password, at most STUN_ICE_MAX_PWDS */
    assert_int_equal(stun_ice_by_ufrag(ice, "uf", 2, ag, 4), 4);
    assert_string_equal(ag[0]->pwd, "pw0");
    assert_int_equal(ag[0]->sdp_frame, 15);
    assert_string_equal(ag[1]->pwd, "pw4");
    assert_int_equal(stun_ice_by_ufrag(ice, "uf", 2, ag, 1), 1);
    stun_ice_free(ice);
}

static void split(void **state)
{
    const char *r, *s;
    gsize rl, sl;
    assert_true(stun_ice_split_username("bobUfrag:aliceUfrg", 18, &r, &rl, &s, &sl));
    assert_int_equal(rl, 8);
    assert_memory_equal(r, "bobUfrag", 8);
    assert_int_equal(sl, 9);
    assert_memory_equal(s, "aliceUfrg", 9);
    assert_true(stun_ice_split_username("a:", 2, &r, &rl, &s, &sl));
    assert_int_equal(sl, 0);
    assert_false(stun_ice_split_username("nocolon", 7, &r, &rl, &s, &sl));
    assert_false(stun_ice_split_username("a:b", 1, &r, &rl, &s, &sl));   /* colon beyond len */
}

static void bounded(void **state)
{
    stun_ice_t *ice = stun_ice_new(8, 16);
    char sdp[512];
    const stun_ice_agent_t *ag[4];
    ss_endpoint_t e;
    for (guint i = 0; i < 100; i++) {
        g_snprintf(sdp, sizeof sdp, "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                   "m=audio %u RTP/AVP 0\r\na=ice-ufrag:u%u\r\na=ice-pwd:p%u\r\n", 2000 + 2 * i, i, i);
        add(ice, sdp, i + 1, i + 1);
        assert_true(stun_ice_agent_count(ice) <= 8);
    }
    assert_int_equal(stun_ice_by_ufrag(ice, "u0", 2, ag, 4), 0);
    assert_int_equal(stun_ice_by_ufrag(ice, "u99", 3, ag, 4), 1);
    ss_endpoint_parse(&e, "192.0.2.1", 2000);
    assert_null(stun_ice_by_endpoint(ice, &e));
    ss_endpoint_parse(&e, "192.0.2.1", 2198);
    assert_non_null(stun_ice_by_endpoint(ice, &e));
    stun_ice_add_sdp(ice, NULL, 1, 1);
    stun_ice_add_sdp(NULL, NULL, 1, 1);
    stun_ice_free(ice);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ufrags_and_endpoints),
        cmocka_unit_test(several_passwords),
        cmocka_unit_test(split),
        cmocka_unit_test(bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
