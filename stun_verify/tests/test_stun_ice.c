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

/* ---------------------------------------------------------------- endpoint store */

static void ep4(ss_endpoint_t *e, guint32 host, guint16 port)
{
    guint8 b[4] = { 10, (guint8)(host >> 16), (guint8)(host >> 8), (guint8)host };
    ss_endpoint_set(e, b, 4, port);
}

/* An SDP with one audio section: the given endpoints (first as c=/m=, the rest as candidates),
 * no RTCP entry. */
static void add_eps(stun_ice_t *ice, const ss_endpoint_t *eps, guint n, const char *uf, const char *pw,
                    guint call, guint32 frame)
{
    ss_sdp_cand_t cand[8];
    ss_sdp_media_t m;
    ss_sdp_t s;

    g_assert(n >= 1 && n <= G_N_ELEMENTS(cand) + 1);
    memset(&m, 0, sizeof m);
    memset(&s, 0, sizeof s);
    memset(cand, 0, sizeof cand);
    m.port = eps[0].port;
    m.rtp = eps[0];
    m.ice_ufrag = (char *)uf;
    m.ice_pwd = (char *)pw;
    for (guint i = 1; i < n; i++)
        cand[i - 1].addr = eps[i];
    m.n_cand = n - 1;
    m.cand = cand;
    s.n_media = 1;
    s.media = &m;
    stun_ice_add_sdp(ice, &s, call, frame);
}

static void add_one(stun_ice_t *ice, guint32 host, guint16 port, guint call)
{
    ss_endpoint_t e;
    ep4(&e, host, port);
    add_eps(ice, &e, 1, NULL, NULL, call, call);
}

static const stun_ice_agent_t *find(const stun_ice_t *ice, guint32 host, guint16 port)
{
    ss_endpoint_t e;
    ep4(&e, host, port);
    return stun_ice_by_endpoint(ice, &e);
}

static void eviction_order(void **state)
{
    stun_ice_t *ice = stun_ice_new(4, 4);

    for (guint i = 1; i <= 6; i++)
        add_one(ice, i, 5000, i);
    assert_int_equal(stun_ice_endpoint_count(ice), 4);
    assert_null(find(ice, 1, 5000));
    assert_null(find(ice, 2, 5000));
    for (guint i = 3; i <= 6; i++)
        assert_int_equal(find(ice, i, 5000)->call, i);

    /* re-announcing updates the entry but not its age: 3 is still the oldest */
    add_one(ice, 3, 5000, 30);
    assert_int_equal(find(ice, 3, 5000)->call, 30);
    add_one(ice, 7, 5000, 7);
    assert_null(find(ice, 3, 5000));
    for (guint i = 4; i <= 7; i++)
        assert_int_equal(find(ice, i, 5000)->call, i);
    assert_null(find(ice, 4, 5001));   /* same address, other port */
    assert_int_equal(stun_ice_endpoint_count(ice), 4);
    stun_ice_free(ice);
}

static void cap_below_one_sdp(void **state)
{
    stun_ice_t *ice = stun_ice_new(1, 2);
    ss_endpoint_t e[5];

    for (guint i = 0; i < 5; i++)
        ep4(&e[i], 100 + i, 6000);
    /* the SDP evicts its own first endpoints: its agent must survive that */
    add_eps(ice, e, 5, "uf", "pw", 9, 90);
    assert_int_equal(stun_ice_endpoint_count(ice), 2);
    assert_null(stun_ice_by_endpoint(ice, &e[2]));
    assert_string_equal(stun_ice_by_endpoint(ice, &e[3])->pwd, "pw");
    assert_int_equal(stun_ice_by_endpoint(ice, &e[4])->sdp_frame, 90);
    stun_ice_free(ice);

    ice = stun_ice_new(0, 0);   /* caps of at least one */
    add_one(ice, 1, 7000, 1);
    add_one(ice, 2, 7000, 2);
    assert_null(find(ice, 1, 7000));
    assert_int_equal(find(ice, 2, 7000)->call, 2);
    stun_ice_free(ice);
}

static void newest_wins(void **state)
{
    stun_ice_t *ice = stun_ice_new(16, 64);
    const stun_ice_agent_t *a;
    ss_endpoint_t e[2];

    ep4(&e[0], 1, 8000);
    ep4(&e[1], 2, 8000);
    add_eps(ice, e, 2, "ufA", "pwA", 1, 10);
    add_eps(ice, e, 1, NULL, NULL, 2, 20);        /* plain SDP takes over e[0] only */
    a = stun_ice_by_endpoint(ice, &e[0]);
    assert_int_equal(a->call, 2);
    assert_int_equal(a->sdp_frame, 20);
    assert_null(a->ufrag);
    assert_null(a->pwd);
    a = stun_ice_by_endpoint(ice, &e[1]);      /* still the first SDP's */
    assert_int_equal(a->sdp_frame, 10);
    assert_string_equal(a->ufrag, "ufA");
    assert_string_equal(a->pwd, "pwA");

    add_eps(ice, e, 2, "ufB", "pwB", 3, 30);   /* the first SDP's agent is now unused */
    assert_string_equal(stun_ice_by_endpoint(ice, &e[0])->ufrag, "ufB");
    assert_int_equal(stun_ice_by_endpoint(ice, &e[1])->sdp_frame, 30);
    add_eps(ice, e, 2, "ufB", "pwB", 3, 30);   /* the same again changes nothing */
    assert_string_equal(stun_ice_by_endpoint(ice, &e[1])->pwd, "pwB");
    assert_int_equal(stun_ice_endpoint_count(ice), 2);
    stun_ice_free(ice);
}

static void agent_credentials(void **state)
{
    stun_ice_t *ice = stun_ice_new(16, 64);
    ss_sdp_media_t m[3];
    ss_sdp_t s;
    const stun_ice_agent_t *ag[4];

    memset(m, 0, sizeof m);
    memset(&s, 0, sizeof s);
    for (guint i = 0; i < 3; i++) {
        ep4(&m[i].rtp, 1, (guint16)(9000 + 2 * i));
        ep4(&m[i].rtcp, 1, (guint16)(9001 + 2 * i));
        m[i].port = m[i].rtp.port;
    }
    m[0].ice_ufrag = (char *)"";          /* empty ufrag: no agent by ufrag, pwd kept */
    m[0].ice_pwd = (char *)"lonePwd";
    m[1].ice_ufrag = (char *)"onlyUfrag";  /* ufrag without pwd */
    m[2].ice_ufrag = (char *)"onlyUfrag";
    m[2].ice_pwd = (char *)"";
    s.n_media = 3;
    s.media = m;
    stun_ice_add_sdp(ice, &s, 4, 40);

    assert_null(find(ice, 1, 9000)->ufrag);
    assert_string_equal(find(ice, 1, 9001)->pwd, "lonePwd");
    assert_string_equal(find(ice, 1, 9002)->ufrag, "onlyUfrag");
    assert_null(find(ice, 1, 9003)->pwd);
    assert_string_equal(find(ice, 1, 9004)->pwd, "");
    assert_int_equal(find(ice, 1, 9005)->call, 4);
    /* the ufrag table: newest first, NULL and "" are distinct passwords */
    assert_int_equal(stun_ice_by_ufrag(ice, "onlyUfrag", 9, ag, 4), 2);
    assert_string_equal(ag[0]->pwd, "");
    assert_null(ag[1]->pwd);
    assert_string_equal(ag[1]->ufrag, "onlyUfrag");
    assert_int_equal(stun_ice_agent_count(ice), 1);

    /* without ICE, every section shares the SDP's one agent */
    memset(m, 0, sizeof m);
    for (guint i = 0; i < 2; i++) {
        ep4(&m[i].rtp, 2, (guint16)(9000 + 2 * i));
        m[i].port = m[i].rtp.port;
    }
    s.n_media = 2;
    stun_ice_add_sdp(ice, &s, 5, 50);
    assert_ptr_equal(find(ice, 2, 9000), find(ice, 2, 9002));
    assert_int_equal(find(ice, 2, 9002)->sdp_frame, 50);
    stun_ice_free(ice);
}

/* What stun_ice must answer, kept the obvious way. */
typedef struct {
    ss_endpoint_t ep;
    guint         call;
    char          ufrag[16];
} model_ep_t;

static void model_add(GHashTable *map, GQueue *order, guint cap, const ss_endpoint_t *ep, guint call,
                      const char *uf)
{
    model_ep_t *m = g_hash_table_lookup(map, ep);
    if (!m) {
        m = g_new0(model_ep_t, 1);
        m->ep = *ep;
        g_hash_table_insert(map, &m->ep, m);
        g_queue_push_tail(order, m);
        if (g_hash_table_size(map) > cap)
            g_hash_table_remove(map, &((model_ep_t *)g_queue_pop_head(order))->ep);
    }
    m->call = call;
    g_strlcpy(m->ufrag, uf ? uf : "", sizeof m->ufrag);
}

static void pool_ep(ss_endpoint_t *e, guint i)
{
    if (i % 3 == 0) {
        guint8 b[16] = { 0x20, 0x01, 0x0d, 0xb8 };
        b[14] = (guint8)(i >> 8);
        b[15] = (guint8)i;
        ss_endpoint_set(e, b, 16, (guint16)(10000 + i % 7));
    } else {
        ep4(e, i / 5, (guint16)(20000 + 2 * (i % 5)));
    }
}

static void matches_model(void **state)
{
    const guint cap = 700, pool = 2500;
    stun_ice_t *ice = stun_ice_new(64, cap);
    GHashTable *map = g_hash_table_new_full(ss_endpoint_ghash, ss_endpoint_gequal, NULL, g_free);
    GQueue order = G_QUEUE_INIT;
    GRand *rnd = g_rand_new_with_seed(4242);

    for (guint sdp = 1; sdp <= 6000; sdp++) {
        ss_endpoint_t e[4];
        guint n = (guint)g_rand_int_range(rnd, 1, 5);
        char uf[16];
        const char *u = NULL;

        if (sdp % 4 == 0) {
            g_snprintf(uf, sizeof uf, "u%u", sdp % 97);
            u = uf;
        }
        /* mostly new addresses early on, re-announcements later */
        for (guint i = 0; i < n; i++)
            pool_ep(&e[i], sdp < 1500 ? (4 * sdp + i) % pool : (guint)g_rand_int_range(rnd, 0, (gint32)pool));
        add_eps(ice, e, n, u, u ? "pw" : NULL, sdp, sdp);
        for (guint i = 0; i < n; i++)
            model_add(map, &order, cap, &e[i], sdp, u);
        assert_int_equal(stun_ice_endpoint_count(ice), g_hash_table_size(map));

        if (sdp % 500 == 0 || sdp == 6000) {
            for (guint i = 0; i < pool; i++) {
                ss_endpoint_t q;
                const model_ep_t *m;
                const stun_ice_agent_t *a;
                pool_ep(&q, i);
                m = g_hash_table_lookup(map, &q);
                a = stun_ice_by_endpoint(ice, &q);
                if (!m) {
                    assert_null(a);
                    continue;
                }
                assert_non_null(a);
                assert_int_equal(a->call, m->call);
                assert_int_equal(a->sdp_frame, m->call);
                assert_string_equal(a->ufrag ? a->ufrag : "", m->ufrag);
                if (a->ufrag)
                    assert_string_equal(a->pwd, "pw");
                else
                    assert_null(a->pwd);
            }
        }
    }
    g_rand_free(rnd);
    g_queue_clear(&order);
    g_hash_table_destroy(map);
    stun_ice_free(ice);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ufrags_and_endpoints),
        cmocka_unit_test(several_passwords),
        cmocka_unit_test(split),
        cmocka_unit_test(bounded),
        cmocka_unit_test(eviction_order),
        cmocka_unit_test(cap_below_one_sdp),
        cmocka_unit_test(newest_wins),
        cmocka_unit_test(agent_credentials),
        cmocka_unit_test(matches_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
