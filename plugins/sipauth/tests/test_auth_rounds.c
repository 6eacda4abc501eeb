/* Unit tests: auth_rounds.c (pairing, nonce bookkeeping, checks, verdicts, rspauth). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "plugins/sipauth/auth_rounds.h"
#include "plugins/sipauth/digest_verify.h"
#include "plugins/sipauth/digest_params.h"

#define REALM "sipscope.test"
#define RURI  "sip:sipscope.test"

static ss_endpoint_t A, P, B;   /* alice, proxy/registrar, bob */

static int setup(void **state)
{
    ss_endpoint_parse(&A, "192.0.2.10", 5060);
    ss_endpoint_parse(&P, "198.51.100.1", 5060);
    ss_endpoint_parse(&B, "203.0.113.20", 5060);
    return 0;
}

static ss_sip_msg_t req(guint32 frame, gint64 ms, const char *method, const char *ruri,
                        const char *callid, guint32 cseq)
{
    ss_sip_msg_t m;
    memset(&m, 0, sizeof m);
    m.frame = frame;
    m.ts_ns = ms * 1000000;
    m.is_request = TRUE;
    m.method = method;
    m.ruri = ruri;
    m.call_id = callid;
    m.call = 1;
    m.has_cseq = TRUE;
    m.cseq = cseq;
    m.cseq_method = method;
    m.src = A;
    m.dst = P;
    return m;
}

static ss_sip_msg_t rsp(guint32 frame, gint64 ms, guint status, const ss_sip_msg_t *r)
{
    ss_sip_msg_t m;
    memset(&m, 0, sizeof m);
    m.frame = frame;
    m.ts_ns = ms * 1000000;
    m.status = status;
    m.call_id = r->call_id;
    m.call = r->call;
    m.has_cseq = TRUE;
    m.cseq = r->cseq;
    m.cseq_method = r->cseq_method;
    m.src = r->dst;
    m.dst = r->src;
    return m;
}

/* Authorization value with a computed response */
static char *authz(const char *user, const char *pw, const char *alg, const char *qop,
                   const char *method, const char *uri, const char *nonce, guint nc,
                   const char *cnonce, const char *extra)
{
    dv_input_t in;
    char ha1[DV_HEX_MAX], r[DV_HEX_MAX], ncs[16];
    memset(&in, 0, sizeof in);
    g_snprintf(ncs, sizeof ncs, "%08x", nc);
    in.alg = dv_alg_parse(alg);
    in.qop = dv_qop_parse(qop);
    in.username = user;
    in.realm = REALM;
    in.nonce = nonce;
    in.cnonce = cnonce;
    in.nc = ncs;
    in.method = method;
    in.uri = uri;
    dv_ha1_base(in.alg, user, REALM, pw, ha1);
    if (dv_alg_is_sess(in.alg)) {
        char s[DV_HEX_MAX];
        dv_ha1_sess(in.alg, ha1, nonce, cnonce, s);
        strcpy(ha1, s);
    }
    dv_compute(&in, ha1, r);
    if (qop)
        return g_strdup_printf("Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", "
                               "response=\"%s\"%s%s, qop=%s, nc=%s, cnonce=\"%s\"%s", user, REALM,
                               nonce, uri, r, alg ? ", algorithm=" : "", alg ? alg : "", qop, ncs,
                               cnonce, extra ? extra : "");
    return g_strdup_printf("Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", "
                           "response=\"%s\"%s%s%s", user, REALM, nonce, uri, r,
                           alg ? ", algorithm=" : "", alg ? alg : "", extra ? extra : "");
}

static sipauth_msg_t *run(sa_engine_t *e, const ss_cred_store_t *c, const ss_sip_msg_t *m,
                          sa_hdr_kind_t kind, const char *value)
{
    sa_hdr_t h = { kind, value, value ? strlen(value) : 0 };
    sa_input_t in = { m, &h, value ? 1 : 0, FALSE, 0 };
    return sa_engine_process(e, c, &in);
}

static ss_cred_store_t *creds(void)
{
    ss_cred_store_t *s = ss_cred_store_new();
    ss_cred_store_add(s, "alice", REALM, "alicepw", "", NULL);
    return s;
}

/* REGISTER -> 401 -> REGISTER (auth) -> 200, with right/wrong/no credentials */
static void basic_round(void **state)
{
    const char *pws[] = { "alicepw", "wrongpw", "alicepw" };
    for (int k = 0; k < 3; k++) {
        sa_engine_t *e = sa_engine_new();
        ss_cred_store_t *c = k == 2 ? NULL : creds();
        ss_sip_msg_t r1 = req(1, 0, "REGISTER", RURI, "c1", 1);
        assert_null(run(e, c, &r1, SA_HDR_AUTHORIZATION, NULL));
        ss_sip_msg_t s1 = rsp(2, 2, 401, &r1);
        sipauth_msg_t *m2 = run(e, c, &s1, SA_HDR_WWW_AUTHENTICATE,
                                "Digest realm=\"" REALM "\", nonce=\"n1\", algorithm=MD5, qop=\"auth\", opaque=\"op\"");
        assert_non_null(m2);
        assert_int_equal(m2->n_challenges, 1);
        assert_int_equal(m2->n_results, 0);
        sipauth_challenge_t *ch = m2->challenges[0];
        assert_string_equal(ch->realm, REALM);
        assert_int_equal(ch->stale, -1);

        ss_sip_msg_t r2 = req(3, 5, "REGISTER", RURI, "c1", 2);
        char *v = authz("alice", pws[k], "MD5", "auth", "REGISTER", RURI, "n1", 1, "cn", ", opaque=\"op\"");
        sipauth_msg_t *m3 = run(e, c, &r2, SA_HDR_AUTHORIZATION, v);
        g_free(v);
        assert_int_equal(m3->n_attempts, 1);
        sipauth_attempt_t *a = m3->attempts[0];
        assert_ptr_equal(a->challenge, ch);
        assert_int_equal(ch->answered_in, 3);
        assert_int_equal(a->verdict, k == 0 ? SA_VERDICT_VALID : k == 1 ? SA_VERDICT_INVALID : SA_VERDICT_UNVERIFIED);
        assert_true(a->nonce_known);
        assert_int_equal(a->nonce_uses, 1);
        assert_int_equal(a->nc_ok, 1);
        assert_int_equal(a->uri_match, 1);
        assert_int_equal(a->realm_ok, 1);
        assert_int_equal(a->opaque_ok, 1);
        assert_int_equal(a->alg_offered, 1);
        assert_int_equal(a->qop_offered, 1);
        assert_int_equal(a->rtt_ns, 3000000);
        assert_int_equal(a->flags, 0);
        assert_string_equal(a->username, "alice");
        assert_string_equal(a->qop, "auth");
        assert_int_equal(a->outcome, SA_OUTCOME_PENDING);

        ss_sip_msg_t s2 = rsp(4, 7, k == 1 ? 403 : 200, &r2);
        sipauth_msg_t *m4 = run(e, c, &s2, SA_HDR_AUTHORIZATION, NULL);
        assert_non_null(m4);
        assert_int_equal(m4->n_results, 1);
        assert_int_equal(a->result_in, 4);
        assert_int_equal(a->outcome, k == 1 ? SA_OUTCOME_FORBIDDEN : SA_OUTCOME_ACCEPTED);

        /* a retransmitted 200 refers back without changing anything */
        ss_sip_msg_t s3 = rsp(5, 9, 200, &r2);
        sipauth_msg_t *m5 = run(e, c, &s3, SA_HDR_AUTHORIZATION, NULL);
        assert_non_null(m5);
        assert_int_equal(m5->n_results, 1);
        assert_int_equal(a->result_in, 4);
        sa_engine_free(e);
        ss_cred_store_free(c);
    }
}

/* one 401 with SHA-256 and MD5 challenges; the answer uses the SHA-256 nonce */
static void two_challenges(void **state)
{
    sa_engine_t *e = sa_engine_new();
    ss_cred_store_t *c = creds();
    ss_sip_msg_t r1 = req(1, 0, "REGISTER", RURI, "c2", 1);
    ss_sip_msg_t s1 = rsp(2, 2, 401, &r1);
    sa_hdr_t hs[2] = {
        { SA_HDR_WWW_AUTHENTICATE, "Digest realm=\"" REALM "\", nonce=\"sha\", algorithm=SHA-256, qop=\"auth\"", 0 },
        { SA_HDR_WWW_AUTHENTICATE, "Digest realm=\"" REALM "\", nonce=\"md5\", algorithm=MD5, qop=\"auth\"", 0 },
    };
    hs[0].len = strlen(hs[0].value);
    hs[1].len = strlen(hs[1].value);
    sa_input_t in = { &s1, hs, 2, FALSE, 0 };
    sipauth_msg_t *m2 = sa_engine_process(e, c, &in);
    assert_int_equal(m2->n_challenges, 2);

    ss_sip_msg_t r2 = req(3, 5, "REGISTER", RURI, "c2", 2);
    char *v = authz("alice", "alicepw", "SHA-256", "auth", "REGISTER", RURI, "sha", 1, "cn", NULL);
    sipauth_msg_t *m3 = run(e, c, &r2, SA_HDR_AUTHORIZATION, v);
    g_free(v);
    sipauth_attempt_t *a = m3->attempts[0];
    assert_ptr_equal(a->challenge, m2->challenges[0]);
    assert_int_equal(a->verdict, SA_VERDICT_VALID);
    assert_int_equal(a->alg_offered, 1);
    assert_int_equal(m2->challenges[0]->answered_in, 3);
    assert_int_equal(m2->challenges[1]->answered_in, 0);
    sa_engine_free(e);
    ss_cred_store_free(c);
}

/* refresh with nc 2 (fine), replay with nc 1 (nc_ok 0), unknown nonce re-challenged stale */
static void reuse_replay_stale(void **state)
{
    sa_engine_t *e = sa_engine_new();
    ss_cred_store_t *c = creds();
    ss_sip_msg_t r1 = req(1, 0, "REGISTER", RURI, "c3", 1), s1 = rsp(2, 2, 401, &r1);
    sipauth_msg_t *m2 = run(e, c, &s1, SA_HDR_WWW_AUTHENTICATE, "Digest realm=\"" REALM "\", nonce=\"n3\", qop=\"auth\"");
    ss_sip_msg_t r2 = req(3, 5, "REGISTER", RURI, "c3", 2), s2 = rsp(4, 7, 200, &r2);
    char *v = authz("alice", "alicepw", NULL, "auth", "REGISTER", RURI, "n3", 1, "cn", NULL);
    sipauth_attempt_t *a1 = run(e, c, &r2, SA_HDR_AUTHORIZATION, v)->attempts[0];
    g_free(v);
    run(e, c, &s2, SA_HDR_AUTHORIZATION, NULL);

    ss_sip_msg_t r3 = req(5, 60000, "REGISTER", RURI, "c3", 3), s3 = rsp(6, 60002, 200, &r3);
    v = authz("alice", "alicepw", NULL, "auth", "REGISTER", RURI, "n3", 2, "cn", NULL);
    sipauth_attempt_t *a2 = run(e, c, &r3, SA_HDR_AUTHORIZATION, v)->attempts[0];
    g_free(v);
    run(e, c, &s3, SA_HDR_AUTHORIZATION, NULL);
    assert_ptr_equal(a2->challenge, m2->challenges[0]);
    assert_int_equal(a2->nonce_uses, 2);
    assert_int_equal(a2->nc_ok, 1);
    assert_int_equal(a2->rtt_ns, -1);             /* not the first answer */
    assert_int_equal(a2->nonce_age_ns, 60000 * G_GINT64_CONSTANT(1000000) - 2000000);
    assert_int_equal(a2->verdict, SA_VERDICT_VALID);
    assert_int_equal(a2->outcome, SA_OUTCOME_ACCEPTED);
    assert_int_equal(a1->nonce_uses, 1);

    /* replay: identical credentials on a new CSeq */
    ss_sip_msg_t r4 = req(7, 90000, "REGISTER", RURI, "c3", 4);
    v = authz("alice", "alicepw", NULL, "auth", "REGISTER", RURI, "n3", 1, "cn", NULL);
    sipauth_attempt_t *a3 = run(e, c, &r4, SA_HDR_AUTHORIZATION, v)->attempts[0];
    g_free(v);
    assert_int_equal(a3->nc_ok, 0);
    assert_true(a3->flags & SA_F_NC_NOT_INCREASING);
    assert_int_equal(a3->nonce_uses, 3);
    assert_int_equal(a3->duplicate_of, 0);
    assert_int_equal(a3->verdict, SA_VERDICT_VALID);

    /* unknown nonce, answered 401 stale=TRUE */
    ss_sip_msg_t r5 = req(9, 100000, "REGISTER", RURI, "c3", 5), s5 = rsp(10, 100002, 401, &r5);
    v = authz("alice", "alicepw", NULL, "auth", "REGISTER", RURI, "never-issued", 1, "cn", NULL);
    sipauth_attempt_t *a4 = run(e, c, &r5, SA_HDR_AUTHORIZATION, v)->attempts[0];
    g_free(v);
    assert_false(a4->nonce_known);
    assert_null(a4->challenge);
    assert_true(a4->flags & SA_F_NONCE_UNKNOWN);
    assert_int_equal(a4->verdict, SA_VERDICT_VALID);
    sipauth_msg_t *m10 = run(e, c, &s5, SA_HDR_WWW_AUTHENTICATE, "Digest realm=\"" REALM "\", nonce=\"n5\", stale=TRUE, qop=\"auth\"");
    assert_int_equal(m10->challenges[0]->stale, 1);
    assert_int_equal(a4->outcome, SA_OUTCOME_RECHALLENGED);
    assert_true(a4->rechallenged_stale);
    assert_false(m10->challenges[0]->stale_but_invalid);
    sa_engine_free(e);
    ss_cred_store_free(c);
}

/* INVITE 407 via a proxy: ACK of the 407, retry with Proxy-Authorization retransmitted,
 * ACK of the 2xx copying the credentials, a nonce reused on another Call-ID */
static void proxy_retrans_ack_other_call(void **state)
{
    sa_engine_t *e = sa_engine_new();
    ss_cred_store_t *c = creds();
    const char *uri = "sip:bob@sipscope.test";
    ss_sip_msg_t i1 = req(1, 0, "INVITE", uri, "call", 1), s1 = rsp(2, 2, 407, &i1);
    sipauth_msg_t *m2 = run(e, c, &s1, SA_HDR_PROXY_AUTHENTICATE,
                            "Digest realm=\"" REALM "\", nonce=\"pn\", algorithm=SHA-512-256, qop=\"auth\"");
    assert_true(m2->challenges[0]->proxy);
    ss_sip_msg_t ack1 = req(3, 3, "ACK", uri, "call", 1);
    assert_null(run(e, c, &ack1, SA_HDR_AUTHORIZATION, NULL));

    ss_sip_msg_t i2 = req(4, 5, "INVITE", uri, "call", 2);
    char *v = authz("alice", "alicepw", "SHA-512-256", "auth", "INVITE", uri, "pn", 1, "cn", NULL);
    sipauth_attempt_t *a = run(e, c, &i2, SA_HDR_PROXY_AUTHORIZATION, v)->attempts[0];
    assert_true(a->proxy);
    assert_int_equal(a->verdict, SA_VERDICT_VALID);
    ss_sip_msg_t i2r = req(5, 505, "INVITE", uri, "call", 2);     /* retransmission */
    sipauth_attempt_t *ar = run(e, c, &i2r, SA_HDR_PROXY_AUTHORIZATION, v)->attempts[0];
    assert_int_equal(ar->duplicate_of, 4);
    assert_int_equal(ar->verdict, SA_VERDICT_VALID);
    assert_int_equal(ar->nonce_uses, 1);
    ss_sip_msg_t p100 = rsp(6, 506, 100, &i2);
    assert_null(run(e, c, &p100, SA_HDR_AUTHORIZATION, NULL));
    ss_sip_msg_t ok = rsp(7, 900, 200, &i2);
    sipauth_msg_t *m7 = run(e, c, &ok, SA_HDR_AUTHORIZATION, NULL);
    assert_int_equal(m7->n_results, 2);
    assert_int_equal(a->result_in, 7);
    assert_int_equal(ar->result_in, 7);
    ss_sip_msg_t ack2 = req(8, 901, "ACK", uri, "call", 2);
    ack2.cseq_method = "ACK";
    sipauth_attempt_t *aa = run(e, c, &ack2, SA_HDR_PROXY_AUTHORIZATION, v)->attempts[0];
    g_free(v);
    assert_int_equal(aa->duplicate_of, 4);
    assert_int_equal(aa->outcome, SA_OUTCOME_NONE);
    assert_int_equal(aa->nonce_uses, 1);

    /* the nonce used by a MESSAGE on another Call-ID */
    ss_sip_msg_t msg = req(9, 2000, "MESSAGE", uri, "other-call", 1);
    msg.call = 2;
    v = authz("alice", "alicepw", "SHA-512-256", "auth", "MESSAGE", uri, "pn", 2, "cn", NULL);
    sipauth_attempt_t *am = run(e, c, &msg, SA_HDR_PROXY_AUTHORIZATION, v)->attempts[0];
    g_free(v);
    assert_ptr_equal(am->challenge, m2->challenges[0]);
    assert_int_equal(am->nonce_uses, 2);
    assert_int_equal(am->nc_ok, 1);
    assert_int_equal(am->verdict, SA_VERDICT_VALID);
    sa_engine_free(e);
    ss_cred_store_free(c);
}

/* two hops of the same request: each final response goes to the attempt of its hop */
static void two_hops(void **state)
{
    sa_engine_t *e = sa_engine_new();
    const char *uri = "sip:bob@sipscope.test";
    ss_sip_msg_t i1 = req(1, 0, "INVITE", uri, "hop", 1), s1 = rsp(2, 1, 407, &i1);
    run(e, NULL, &s1, SA_HDR_PROXY_AUTHENTICATE, "Digest realm=\"" REALM "\", nonce=\"h\"");
    char *v = authz("alice", "alicepw", NULL, NULL, "INVITE", uri, "h", 1, NULL, NULL);
    ss_sip_msg_t h1 = req(3, 2, "INVITE", uri, "hop", 2);
    ss_sip_msg_t h2 = h1;
    h2.frame = 4;
    h2.src = P;
    h2.dst = B;
    sipauth_attempt_t *a1 = run(e, NULL, &h1, SA_HDR_AUTHORIZATION, v)->attempts[0];
    sipauth_attempt_t *a2 = run(e, NULL, &h2, SA_HDR_AUTHORIZATION, v)->attempts[0];
    g_free(v);
    assert_int_equal(a1->verdict, SA_VERDICT_UNVERIFIED);
    assert_int_equal(a2->duplicate_of, 3);
    ss_sip_msg_t ok2 = rsp(5, 10, 200, &h2), ok1 = rsp(6, 11, 200, &h1);
    run(e, NULL, &ok2, SA_HDR_AUTHORIZATION, NULL);
    assert_int_equal(a2->result_in, 5);
    assert_int_equal(a1->result_in, 0);
    run(e, NULL, &ok1, SA_HDR_AUTHORIZATION, NULL);
    assert_int_equal(a1->result_in, 6);

    /* only the first hop's request is captured; the 200 of a hop further away comes first
     * (weak result), then the one on our hop replaces it */
    ss_sip_msg_t i3 = req(7, 20, "INVITE", uri, "hop", 3);
    v = authz("alice", "alicepw", NULL, NULL, "INVITE", uri, "h", 2, NULL, NULL);
    sipauth_attempt_t *a3 = run(e, NULL, &i3, SA_HDR_AUTHORIZATION, v)->attempts[0];
    g_free(v);
    ss_sip_msg_t far = rsp(8, 30, 200, &i3);
    far.src = B;
    far.dst = P;
    sipauth_msg_t *m8 = run(e, NULL, &far, SA_HDR_AUTHORIZATION, NULL);
    assert_int_equal(m8->n_results, 1);
    assert_int_equal(a3->result_in, 8);
    ss_sip_msg_t near = rsp(9, 31, 200, &i3);
    run(e, NULL, &near, SA_HDR_AUTHORIZATION, NULL);
    assert_int_equal(a3->result_in, 9);
    ss_sip_msg_t again = rsp(10, 32, 200, &i3);     /* a retransmission changes nothing */
    run(e, NULL, &again, SA_HDR_AUTHORIZATION, NULL);
    assert_int_equal(a3->result_in, 9);
    sa_engine_free(e);
}

/* RFC 2069 (no qop), MD5-sess, auth-int with the body, auth-int body not captured */
static void noqop_sess_authint(void **state)
{
    sa_engine_t *e = sa_engine_new();
    ss_cred_store_t *c = creds();
    ss_sip_msg_t r1 = req(1, 0, "REGISTER", RURI, "c4", 1), s1 = rsp(2, 1, 401, &r1);
    run(e, c, &s1, SA_HDR_WWW_AUTHENTICATE, "Digest realm=\"" REALM "\", nonce=\"old\"");
    ss_sip_msg_t r2 = req(3, 2, "REGISTER", RURI, "c4", 2);
    char *v = authz("alice", "alicepw", NULL, NULL, "REGISTER", RURI, "old", 0, NULL, NULL);
    sipauth_attempt_t *a = run(e, c, &r2, SA_HDR_AUTHORIZATION, v)->attempts[0];
    g_free(v);
    assert_int_equal(a->verdict, SA_VERDICT_VALID);
    assert_int_equal(a->nc_ok, -1);
    assert_int_equal(a->qop_offered, 1);
    assert_int_equal(a->alg_offered, 1);

    ss_sip_msg_t r3 = req(5, 10, "REGISTER", RURI, "c4", 3), s3 = rsp(6, 11, 401, &r3);
    run(e, c, &s3, SA_HDR_WWW_AUTHENTICATE, "Digest realm=\"" REALM "\", nonce=\"sess\", algorithm=MD5-sess, qop=\"auth\"");
    ss_sip_msg_t r4 = req(7, 12, "REGISTER", RURI, "c4", 4);
    v = authz("alice", "alicepw", "MD5-sess", "auth", "REGISTER", RURI, "sess", 1, "cc", NULL);
    a = run(e, c, &r4, SA_HDR_AUTHORIZATION, v)->attempts[0];
    g_free(v);
    assert_int_equal(a->verdict, SA_VERDICT_VALID);

    /* auth-int */
    const char *body = "hello bob";
    const char *uri = "sip:bob@sipscope.test";
    ss_sip_msg_t m1 = req(8, 20, "MESSAGE", uri, "c5", 1), s8 = rsp(9, 21, 407, &m1);
    run(e, c, &s8, SA_HDR_PROXY_AUTHENTICATE, "Digest realm=\"" REALM "\", nonce=\"ai\", qop=\"auth,auth-int\"");
    ss_sip_msg_t m2 = req(10, 22, "MESSAGE", uri, "c5", 2);
    m2.body = (const guint8 *)body;
    m2.body_len = (guint)strlen(body);
    {
        dv_input_t in = { DV_ALG_MD5, DV_QOP_AUTH_INT, "alice", REALM, "ai", "x", "00000001",
                          "MESSAGE", uri, (const guint8 *)body, strlen(body) };
        char ha1[DV_HEX_MAX], r[DV_HEX_MAX];
        dv_ha1_base(DV_ALG_MD5, "alice", REALM, "alicepw", ha1);
        dv_compute(&in, ha1, r);
        v = g_strdup_printf("Digest username=\"alice\", realm=\"" REALM "\", nonce=\"ai\", uri=\"%s\", "
                            "response=\"%s\", qop=auth-int, nc=00000001, cnonce=\"x\"", uri, r);
    }
    sa_hdr_t h = { SA_HDR_PROXY_AUTHORIZATION, v, strlen(v) };
    sa_input_t in = { &m2, &h, 1, TRUE, (guint32)strlen(body) };
    a = sa_engine_process(e, c, &in)->attempts[0];
    assert_int_equal(a->verdict, SA_VERDICT_VALID);
    assert_int_equal(a->qop_offered, 1);
    /* the same with a body shorter than Content-Length: not verifiable */
    ss_sip_msg_t m3 = m2;
    m3.frame = 11;
    m3.cseq = 3;
    m3.body_len = 5;
    sa_input_t in3 = { &m3, &h, 1, TRUE, (guint32)strlen(body) };
    a = sa_engine_process(e, c, &in3)->attempts[0];
    assert_int_equal(a->verdict, SA_VERDICT_UNVERIFIED);
    assert_true(a->flags & SA_F_BODY_UNAVAILABLE);
    /* and with the body ignored (empty): invalid */
    ss_sip_msg_t m4 = m2;
    m4.frame = 12;
    m4.cseq = 4;
    m4.body = NULL;
    m4.body_len = 0;
    sa_input_t in4 = { &m4, &h, 1, FALSE, 0 };
    a = sa_engine_process(e, c, &in4)->attempts[0];
    assert_int_equal(a->verdict, SA_VERDICT_INVALID);
    g_free(v);
    sa_engine_free(e);
    ss_cred_store_free(c);
}

/* rspauth in Authentication-Info, and a nextnonce used later counts as issued */
static void rspauth_nextnonce(void **state)
{
    sa_engine_t *e = sa_engine_new();
    ss_cred_store_t *c = creds();
    ss_sip_msg_t r1 = req(1, 0, "REGISTER", RURI, "c6", 1), s1 = rsp(2, 1, 401, &r1);
    run(e, c, &s1, SA_HDR_WWW_AUTHENTICATE, "Digest realm=\"" REALM "\", nonce=\"rn\", algorithm=SHA-256, qop=\"auth\"");
    ss_sip_msg_t r2 = req(3, 2, "REGISTER", RURI, "c6", 2), s2 = rsp(4, 3, 200, &r2);
    char *v = authz("alice", "alicepw", "SHA-256", "auth", "REGISTER", RURI, "rn", 1, "cn", NULL);
    sipauth_attempt_t *a = run(e, c, &r2, SA_HDR_AUTHORIZATION, v)->attempts[0];
    g_free(v);
    char ha1[DV_HEX_MAX], good[DV_HEX_MAX];
    dv_input_t in = { DV_ALG_SHA256, DV_QOP_AUTH, "alice", REALM, "rn", "cn", "00000001", "", RURI, NULL, 0 };
    dv_ha1_base(DV_ALG_SHA256, "alice", REALM, "alicepw", ha1);
    dv_compute(&in, ha1, good);
    char *info = g_strdup_printf("nextnonce=\"nn\", qop=auth, rspauth=\"%s\", cnonce=\"cn\", nc=00000001", good);
    sipauth_msg_t *m4 = run(e, c, &s2, SA_HDR_AUTHENTICATION_INFO, info);
    assert_true(m4->has_auth_info);
    assert_true(m4->nextnonce);
    assert_int_equal(m4->rspauth, SA_VERDICT_VALID);
    assert_int_equal(a->rspauth, SA_VERDICT_VALID);
    g_free(info);

    ss_sip_msg_t r3 = req(5, 10, "REGISTER", RURI, "c6", 3);
    v = authz("alice", "alicepw", "SHA-256", "auth", "REGISTER", RURI, "nn", 1, "cn2", NULL);
    sipauth_attempt_t *b = run(e, c, &r3, SA_HDR_AUTHORIZATION, v)->attempts[0];
    g_free(v);
    assert_true(b->nonce_known);
    assert_null(b->challenge);
    assert_int_equal(b->nonce_from, 4);
    /* a wrong rspauth */
    ss_sip_msg_t s3 = rsp(6, 11, 200, &r3);
    sipauth_msg_t *m6 = run(e, c, &s3, SA_HDR_AUTHENTICATION_INFO, "qop=auth, rspauth=\"00\", cnonce=\"cn2\", nc=00000001");
    assert_int_equal(m6->rspauth, SA_VERDICT_INVALID);
    /* Authentication-Info on a proxy's 100 Trying (the 200 comes from the callee) */
    {
        ss_sip_msg_t i1 = req(20, 100, "INVITE", "sip:bob@x", "c6i", 2);
        char *pv = authz("alice", "alicepw", "SHA-256", "auth", "INVITE", "sip:bob@x", "rn", 2, "cz", NULL);
        sipauth_attempt_t *pa = run(e, c, &i1, SA_HDR_PROXY_AUTHORIZATION, pv)->attempts[0];
        g_free(pv);
        dv_input_t pin = { DV_ALG_SHA256, DV_QOP_AUTH, "alice", REALM, "rn", "cz", "00000002", "", "sip:bob@x", NULL, 0 };
        char pgood[DV_HEX_MAX];
        dv_compute(&pin, ha1, pgood);
        char *pinfo = g_strdup_printf("qop=auth, rspauth=\"%s\", cnonce=\"cz\", nc=00000002", pgood);
        ss_sip_msg_t t100 = rsp(21, 101, 100, &i1);
        sipauth_msg_t *m21 = run(e, c, &t100, SA_HDR_AUTHENTICATION_INFO, pinfo);
        g_free(pinfo);
        assert_int_equal(m21->rspauth, SA_VERDICT_VALID);
        assert_int_equal(pa->rspauth, SA_VERDICT_VALID);
        assert_int_equal(pa->result_in, 0);
        ss_sip_msg_t ok = rsp(22, 102, 200, &i1);
        run(e, c, &ok, SA_HDR_AUTHENTICATION_INFO, NULL);
        assert_int_equal(pa->result_in, 22);
    }
    /* without credentials: unverified */
    sa_engine_t *e2 = sa_engine_new();
    run(e2, NULL, &s1, SA_HDR_WWW_AUTHENTICATE, "Digest realm=\"" REALM "\", nonce=\"rn\", algorithm=SHA-256, qop=\"auth\"");
    v = authz("alice", "alicepw", "SHA-256", "auth", "REGISTER", RURI, "rn", 1, "cn", NULL);
    run(e2, NULL, &r2, SA_HDR_AUTHORIZATION, v);
    g_free(v);
    m4 = run(e2, NULL, &s2, SA_HDR_AUTHENTICATION_INFO, "qop=auth, rspauth=\"00\", cnonce=\"cn\", nc=00000001");
    assert_int_equal(m4->rspauth, SA_VERDICT_UNVERIFIED);
    sa_engine_free(e2);
    sa_engine_free(e);
    ss_cred_store_free(c);
}

/* malformed and unsupported credentials never give valid */
static void malformed_unsupported(void **state)
{
    sa_engine_t *e = sa_engine_new();
    ss_cred_store_t *c = creds();
    ss_sip_msg_t r1 = req(1, 0, "REGISTER", RURI, "c7", 1), s1 = rsp(2, 1, 401, &r1);
    sipauth_msg_t *m2 = run(e, c, &s1, SA_HDR_WWW_AUTHENTICATE,
                            "Digest realm=\"sipscope.test, nonce=\"bad, algorithm=MD5, qop=\"auth");
    assert_true(m2->challenges[0]->malformed & DP_ERR_UNTERMINATED);

    ss_sip_msg_t r2 = req(3, 2, "REGISTER", RURI, "c7", 2);
    char *good = authz("alice", "alicepw", "MD5", "auth", "REGISTER", RURI, "bad", 1, "cn", NULL);
    char *dup = g_strdup_printf("%s, username=\"mallory\", response=\"0000\"", good);
    sipauth_attempt_t *a = run(e, c, &r2, SA_HDR_AUTHORIZATION, dup)->attempts[0];
    assert_int_equal(a->verdict, SA_VERDICT_INVALID);
    assert_true(a->flags & SA_F_MALFORMED);
    assert_false(a->nonce_known);      /* the broken challenge's nonce was not registered */
    g_free(dup);
    g_free(good);

    ss_sip_msg_t r3 = req(5, 3, "REGISTER", RURI, "c7", 3);
    a = run(e, c, &r3, SA_HDR_AUTHORIZATION,
            "Digest username=\"alice\", realm=\"" REALM "\", nonce=\"x\", uri=\"" RURI "\", qop=auth, nc=00000001, cnonce=\"c\"")->attempts[0];
    assert_int_equal(a->verdict, SA_VERDICT_INVALID);
    assert_true(a->flags & SA_F_MISSING_PARAM);

    ss_sip_msg_t r4 = req(7, 4, "REGISTER", RURI, "c7", 4);
    a = run(e, c, &r4, SA_HDR_AUTHORIZATION,
            "Digest username=\"alice\", realm=\"" REALM "\", nonce=\"x\", uri=\"" RURI "\", response=\"00\", algorithm=SHA3-256, qop=auth, nc=00000002, cnonce=\"c\"")->attempts[0];
    assert_int_equal(a->verdict, SA_VERDICT_UNSUPPORTED);
    assert_string_equal(a->algorithm, "SHA3-256");

    ss_sip_msg_t r5 = req(9, 5, "REGISTER", RURI, "c7", 5);
    a = run(e, c, &r5, SA_HDR_AUTHORIZATION, "Digest")->attempts[0];
    assert_int_equal(a->verdict, SA_VERDICT_INVALID);
    assert_true(a->flags & SA_F_MALFORMED);

    ss_sip_msg_t r6 = req(11, 6, "REGISTER", RURI, "c7", 6);
    a = run(e, c, &r6, SA_HDR_AUTHORIZATION, "")->attempts[0];
    assert_int_equal(a->verdict, SA_VERDICT_INVALID);
    ss_sip_msg_t s6 = rsp(12, 7, 400, &r6);          /* still paired with its response */
    run(e, c, &s6, SA_HDR_AUTHORIZATION, NULL);
    assert_int_equal(a->result_in, 12);
    assert_int_equal(a->outcome, SA_OUTCOME_ACCEPTED);

    ss_sip_msg_t r7 = req(13, 7, "REGISTER", RURI, "c7", 7);
    a = run(e, c, &r7, SA_HDR_AUTHORIZATION, "Basic YWxpY2U6YWxpY2Vwdw==")->attempts[0];
    assert_int_equal(a->verdict, SA_VERDICT_UNSUPPORTED);
    assert_false(a->flags & SA_F_MALFORMED);

    /* uri differing from the Request-URI, realm not the challenge's */
    ss_sip_msg_t r8 = req(15, 8, "REGISTER", RURI, "c7", 8), s8 = rsp(16, 9, 401, &r8);
    run(e, c, &s8, SA_HDR_WWW_AUTHENTICATE, "Digest realm=\"other\", nonce=\"o\", opaque=\"abc\"");
    ss_sip_msg_t r9 = req(17, 10, "REGISTER", "sip:elsewhere", "c7", 9);
    char *v = authz("alice", "alicepw", NULL, NULL, "REGISTER", RURI, "o", 0, NULL, NULL);
    a = run(e, c, &r9, SA_HDR_AUTHORIZATION, v)->attempts[0];
    g_free(v);
    assert_int_equal(a->uri_match, 0);
    assert_int_equal(a->realm_ok, 0);
    assert_int_equal(a->opaque_ok, 0);
    assert_true(a->flags & (SA_F_URI_MISMATCH | SA_F_REALM_MISMATCH | SA_F_OPAQUE_MISMATCH));
    assert_int_equal(a->verdict, SA_VERDICT_VALID);   /* the digest itself is right */
    sa_engine_free(e);
    ss_cred_store_free(c);
}

/* a row with an HA1 of another algorithm: unverified, flagged, never invalid */
static void ha1_other_algorithm(void **state)
{
    sa_engine_t *e = sa_engine_new();
    ss_cred_store_t *c = ss_cred_store_new();
    char ha1[DV_HEX_MAX];
    dv_ha1_base(DV_ALG_MD5, "alice", REALM, "alicepw", ha1);
    ss_cred_store_add(c, "alice", REALM, "", ha1, NULL);
    ss_sip_msg_t r1 = req(1, 0, "REGISTER", RURI, "c10", 1);
    char *v = authz("alice", "alicepw", "SHA-256", "auth", "REGISTER", RURI, "k", 1, "c", NULL);
    sipauth_attempt_t *a = run(e, c, &r1, SA_HDR_AUTHORIZATION, v)->attempts[0];
    assert_int_equal(a->verdict, SA_VERDICT_UNVERIFIED);
    assert_true(a->flags & SA_F_KEY_UNUSABLE);
    /* a second row for the same user with the password makes it verifiable */
    ss_cred_store_add(c, "alice", "", "alicepw", "", NULL);
    ss_sip_msg_t r2 = req(2, 1, "REGISTER", RURI, "c10", 2);
    a = run(e, c, &r2, SA_HDR_AUTHORIZATION, v)->attempts[0];
    g_free(v);
    assert_int_equal(a->verdict, SA_VERDICT_VALID);
    sa_engine_free(e);
    ss_cred_store_free(c);
}

/* RFC 7616 userhash=true resolves the user through the credentials */
static void userhash(void **state)
{
    sa_engine_t *e = sa_engine_new();
    ss_cred_store_t *c = creds();
    char uh[DV_HEX_MAX];
    dv_userhash(DV_ALG_SHA256, "alice", REALM, uh);
    ss_sip_msg_t r1 = req(1, 0, "REGISTER", RURI, "c8", 1);
    char *v = authz(uh, "x", "SHA-256", "auth", "REGISTER", RURI, "u", 1, "c", ", userhash=true");
    /* recompute the response with the real user (authz used the hash as the user) */
    dv_input_t in = { DV_ALG_SHA256, DV_QOP_AUTH, "alice", REALM, "u", "c", "00000001", "REGISTER", RURI, NULL, 0 };
    char ha1[DV_HEX_MAX], r[DV_HEX_MAX];
    dv_ha1_base(DV_ALG_SHA256, "alice", REALM, "alicepw", ha1);
    dv_compute(&in, ha1, r);
    g_free(v);
    v = g_strdup_printf("Digest username=\"%s\", realm=\"" REALM "\", nonce=\"u\", uri=\"" RURI "\", response=\"%s\", "
                        "algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"c\", userhash=true", uh, r);
    sipauth_attempt_t *a = run(e, c, &r1, SA_HDR_AUTHORIZATION, v)->attempts[0];
    g_free(v);
    assert_int_equal(a->verdict, SA_VERDICT_VALID);
    assert_string_equal(a->real_user, "alice");
    sa_engine_free(e);
    ss_cred_store_free(c);
}

static void labels(void **state)
{
    sa_engine_t *e = sa_engine_new();
    char buf[64];
    ss_sip_msg_t r1 = req(1, 0, "REGISTER", RURI, "c9", 1), s1 = rsp(2, 1, 407, &r1);
    sipauth_msg_t *m = run(e, NULL, &s1, SA_HDR_PROXY_AUTHENTICATE, "Digest realm=\"r\", nonce=\"n\", stale=true");
    sipauth_msg_label(m, buf, sizeof buf);
    assert_string_equal(buf, "[407 challenge, stale]");
    ss_sip_msg_t r2 = req(3, 2, "REGISTER", RURI, "c9", 2);
    m = run(e, NULL, &r2, SA_HDR_PROXY_AUTHORIZATION, "Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"x\", response=\"00\"");
    sipauth_msg_label(m, buf, sizeof buf);
    assert_string_equal(buf, "[auth unverified]");
    assert_string_equal(sipauth_outcome_str(SA_OUTCOME_PENDING, TRUE), "no-answer");
    assert_null(sipauth_outcome_str(SA_OUTCOME_PENDING, FALSE));
    assert_null(sipauth_outcome_str(SA_OUTCOME_NONE, TRUE));
    sa_engine_free(e);
}

/* random message sequences with mutated headers: no crash, no leak (run under ASan) */
static void fuzz_sequences(void **state)
{
    static const char *const pool[] = {
        "Digest realm=\"sipscope.test\", nonce=\"n1\", qop=\"auth,auth-int\", algorithm=MD5-sess, opaque=\"o\"",
        "Digest realm=\"sipscope.test\", nonce=\"n2\", algorithm=SHA-512-256, stale=TRUE",
        "Digest username=\"alice\", realm=\"sipscope.test\", nonce=\"n1\", uri=\"sip:x\", response=\"00\", "
        "qop=auth-int, nc=00000001, cnonce=\"c\", algorithm=MD5-sess, opaque=\"o\"",
        "Digest username=\"alice\", realm=\"sipscope.test\", nonce=\"n2\", uri=\"sip:x\", response=\"00\", "
        "algorithm=SHA-512-256, userhash=true, qop=auth, nc=ffffffff, cnonce=\"c\"",
        "nextnonce=\"n3\", qop=auth-int, rspauth=\"00\", cnonce=\"c\", nc=00000001",
        "Basic YWxpY2U6cHc=", "Digest", "", "\"", "Digest ,,,=,\"\\",
    };
    static const char *const methods[] = { "REGISTER", "INVITE", "ACK", "CANCEL", "MESSAGE", NULL };
    static const guint statuses[] = { 100, 180, 200, 401, 403, 407, 486, 500 };
    const char body[] = "v=0\r\n";
    GRand *r = g_rand_new_with_seed(4242);
    ss_cred_store_t *c = creds();
    ss_cred_store_add(c, "alice", "", "", "SHA-512-256:e4f5d60f2d1d07280b8297dde405e50225977fe968a1103c03b102a3d3fc727c", NULL);
    for (int round = 0; round < 20; round++) {
        sa_engine_t *e = sa_engine_new();
        for (guint32 f = 1; f <= 400; f++) {
            ss_sip_msg_t m;
            sa_hdr_t h[3];
            char *vals[3];
            guint nh = (guint)g_rand_int_range(r, 0, 4);
            const char *meth = methods[g_rand_int_range(r, 0, G_N_ELEMENTS(methods))];
            memset(&m, 0, sizeof m);
            m.frame = f;
            m.ts_ns = f * 1000;
            m.is_request = meth != NULL;
            m.method = meth;
            m.status = meth ? 0 : statuses[g_rand_int_range(r, 0, G_N_ELEMENTS(statuses))];
            m.ruri = g_rand_boolean(r) ? "sip:x" : NULL;
            m.call_id = g_rand_boolean(r) ? "c1" : (g_rand_boolean(r) ? "c2" : NULL);
            m.has_cseq = g_rand_int_range(r, 0, 8) != 0;
            m.cseq = (guint32)g_rand_int_range(r, 1, 4);
            m.cseq_method = g_rand_boolean(r) ? (meth ? meth : "INVITE") : methods[g_rand_int_range(r, 0, 5)];
            m.src = g_rand_boolean(r) ? A : P;
            m.dst = g_rand_boolean(r) ? P : B;
            if (g_rand_boolean(r)) {
                m.body = (const guint8 *)body;
                m.body_len = (guint)strlen(body);
            }
            for (guint k = 0; k < 3; k++) {
                const char *base = pool[g_rand_int_range(r, 0, G_N_ELEMENTS(pool))];
                gsize n = strlen(base);
                vals[k] = g_strdup(base);
                if (n && g_rand_boolean(r))
                    vals[k][g_rand_int_range(r, 0, (gint32)n)] = "\",=\\ x"[g_rand_int_range(r, 0, 6)];
                if (n && g_rand_int_range(r, 0, 4) == 0)
                    vals[k][g_rand_int_range(r, 0, (gint32)n)] = '\0';
                h[k].kind = (sa_hdr_kind_t)g_rand_int_range(r, 0, 5);
                h[k].value = vals[k];
                h[k].len = strlen(vals[k]);
            }
            sa_input_t in = { &m, h, nh, g_rand_boolean(r), (guint32)g_rand_int_range(r, 0, 10) };
            sipauth_msg_t *rec = sa_engine_process(e, g_rand_boolean(r) ? c : NULL, &in);
            if (rec) {
                char label[64];
                sipauth_msg_label(rec, label, sizeof label);
                for (guint k = 0; k < rec->n_attempts; k++)
                    assert_true(rec->attempts[k]->verdict != SA_VERDICT_VALID ||
                                rec->attempts[k]->scheme != NULL);
            }
            for (guint k = 0; k < 3; k++)
                g_free(vals[k]);
        }
        sa_engine_free(e);
    }
    ss_cred_store_free(c);
    g_rand_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(basic_round),
        cmocka_unit_test(two_challenges),
        cmocka_unit_test(reuse_replay_stale),
        cmocka_unit_test(proxy_retrans_ack_other_call),
        cmocka_unit_test(two_hops),
        cmocka_unit_test(noqop_sess_authint),
        cmocka_unit_test(rspauth_nextnonce),
        cmocka_unit_test(malformed_unsupported),
        cmocka_unit_test(ha1_other_algorithm),
        cmocka_unit_test(userhash),
        cmocka_unit_test(labels),
        cmocka_unit_test(fuzz_sequences),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
