/* Unit tests: dialog_engine.c on hand-made message sequences. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "plugins/sipdialog/dialog_engine.h"

#define MS (G_GINT64_CONSTANT(1000000))
#define SEC (G_GINT64_CONSTANT(1000000000))
#define T0 (G_GINT64_CONSTANT(1767225600) * SEC)

static const char *SDP_OFFER =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
    "m=audio 4000 RTP/AVP 8 0 101\r\na=rtpmap:101 telephone-event/8000\r\n";
static const char *SDP_ANSWER =
    "v=0\r\no=- 2 2 IN IP4 203.0.113.1\r\ns=-\r\nc=IN IP4 203.0.113.1\r\nt=0 0\r\n"
    "m=audio 5000 RTP/AVP 8 101\r\na=rtpmap:101 telephone-event/8000\r\n";

typedef struct {
    sd_engine_t  *e;
    guint32       frame;
    ss_endpoint_t A, P, B;
    GPtrArray    *sdps;
} tc_t;

static int setup(void **state)
{
    tc_t *t = g_new0(tc_t, 1);
    t->e = sd_engine_new();
    ss_endpoint_parse(&t->A, "192.0.2.1", 5060);
    ss_endpoint_parse(&t->P, "198.51.100.1", 5060);
    ss_endpoint_parse(&t->B, "203.0.113.1", 5060);
    t->sdps = g_ptr_array_new_with_free_func((GDestroyNotify)ss_sdp_free);
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    tc_t *t = (tc_t *)*state;
    sd_engine_free(t->e);
    g_ptr_array_free(t->sdps, TRUE);
    g_free(t);
    return 0;
}

/* a message with the usual defaults: call 1, From alice;tag=ftag, To bob */
static ss_sip_msg_t msg(tc_t *t, const char *method, guint status, const char *cseq_method,
                        guint32 cseq, const char *branch, const char *to_tag,
                        const ss_endpoint_t *src, const ss_endpoint_t *dst, guint vias)
{
    ss_sip_msg_t m;
    memset(&m, 0, sizeof m);
    m.is_request = method != NULL;
    m.method = method;
    m.status = status;
    m.reason = status == 200 ? "OK" : status == 180 ? "Ringing" : status == 100 ? "Trying" : "Reason";
    m.ruri_user = method ? "bob" : NULL;
    m.call_id = "call-1@test";
    m.call = 1;
    m.from_tag = "ftag";
    m.to_tag = to_tag;
    m.from_user = "alice";
    m.from_addr = "sip:alice@example.com";
    m.to_user = "bob";
    m.to_addr = "sip:bob@example.com";
    m.has_cseq = TRUE;
    m.cseq = cseq;
    m.cseq_method = cseq_method;
    m.via_branch = branch;
    m.via_host = "192.0.2.1";
    m.via_port = 5060;
    m.via_count = vias;
    m.src = *src;
    m.dst = *dst;
    m.transport = SS_TRANSPORT_UDP;
    return m;
}

static ss_sip_msg_t req(tc_t *t, const char *method, guint32 cseq, const char *branch,
                        const char *to_tag, const ss_endpoint_t *src, const ss_endpoint_t *dst)
{
    return msg(t, method, 0, method, cseq, branch, to_tag, src, dst, 1);
}

static ss_sip_msg_t rsp(tc_t *t, guint status, const char *cseq_method, guint32 cseq,
                        const char *branch, const char *to_tag, const ss_endpoint_t *src,
                        const ss_endpoint_t *dst)
{
    return msg(t, NULL, status, cseq_method, cseq, branch, to_tag, src, dst, 1);
}

static void with_sdp(tc_t *t, ss_sip_msg_t *m, const char *sdp)
{
    ss_sdp_t *s = ss_sdp_parse(sdp, strlen(sdp));
    g_ptr_array_add(t->sdps, s);
    m->sdp = s;
    m->body = (const guint8 *)sdp;
    m->body_len = (guint)strlen(sdp);
}

/* feed one message in its own frame at T0 + ms */
static const sipdialog_msg_t *feed_ext(tc_t *t, ss_sip_msg_t m, gint64 ms, const sd_msg_ext_t *x)
{
    const sipdialog_frame_t *f;
    m.frame = ++t->frame;
    m.ts_ns = T0 + ms * MS;
    f = sd_engine_feed(t->e, &m, x, 1);
    assert_non_null(f);
    assert_int_equal(f->n, 1);
    assert_int_equal(f->msg[0].frame, m.frame);
    return &f->msg[0];
}

static const sipdialog_msg_t *feed(tc_t *t, ss_sip_msg_t m, gint64 ms)
{
    return feed_ext(t, m, ms, NULL);
}

#define ST(d) sd_state_str((sd_state_t)(d)->state)

/* 1. INVITE(offer) 100 180 200(answer) ACK BYE 200 */
static void basic_call(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;
    const sd_call_t *c;
    ss_sip_msg_t m;

    m = req(t, "INVITE", 1, "z9hG4bK1", NULL, &t->A, &t->B);
    m.user_agent = "alice-phone";
    with_sdp(t, &m, SDP_OFFER);
    d = feed(t, m, 0);
    assert_string_equal(ST(d), "calling");
    assert_int_equal(d->sdp, SD_SDP_OFFER);
    assert_string_equal(d->codecs, "PCMA,PCMU,telephone-event");
    assert_int_equal(d->leg, 0);
    assert_int_equal(d->hop, 1);
    assert_true(d->flags & SD_MSG_REQUEST);
    c = d->call;
    assert_int_equal(sd_call_outcome(c), SD_OUTCOME_IN_PROGRESS);

    d = feed(t, rsp(t, 100, "INVITE", 1, "z9hG4bK1", NULL, &t->B, &t->A), 10);
    assert_string_equal(ST(d), "proceeding");
    assert_int_equal(d->txn->request_frame, 1);
    m = rsp(t, 180, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A);
    m.user_agent = "bob-phone";
    d = feed(t, m, 500);
    assert_string_equal(ST(d), "early");
    assert_int_equal(d->leg, 1);
    m = rsp(t, 200, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A);
    with_sdp(t, &m, SDP_ANSWER);
    d = feed(t, m, 3000);
    assert_string_equal(ST(d), "confirmed");
    assert_int_equal(d->sdp, SD_SDP_ANSWER);
    assert_int_equal(d->txn->final_frame, 4);
    assert_int_equal(sd_call_outcome(c), SD_OUTCOME_ANSWERED);
    d = feed(t, req(t, "ACK", 1, "z9hG4bK2", "btag", &t->A, &t->B), 3010);
    assert_true(d->flags & SD_MSG_ACKS_2XX);
    assert_false(d->flags & SD_MSG_ORPHAN);
    assert_int_equal(d->related_frame, 4);
    assert_int_equal(d->txn->request_frame, 5);
    assert_string_equal(ST(d), "confirmed");
    d = feed(t, req(t, "BYE", 2, "z9hG4bK3", "btag", &t->A, &t->B), 63010);
    assert_string_equal(ST(d), "terminating");
    d = feed(t, rsp(t, 200, "BYE", 2, "z9hG4bK3", "btag", &t->B, &t->A), 63020);
    assert_string_equal(ST(d), "terminated");
    assert_int_equal(d->txn->request_frame, 6);

    assert_int_equal(c->number, 1);
    assert_string_equal(c->kind, "INVITE");
    assert_int_equal(c->invite_frame, 1);
    assert_int_equal(c->answer_frame, 4);
    assert_int_equal(c->ack_frame, 5);
    assert_int_equal(c->bye_frame, 6);
    assert_int_equal(c->bye_final_frame, 7);
    assert_int_equal(c->hangup_by, SD_SIDE_CALLER);
    assert_int_equal(sd_call_pdd_ns(c), 500 * MS);
    assert_int_equal(sd_call_setup_ns(c), 3000 * MS);
    assert_int_equal(sd_call_duration_ns(c), 60000 * MS);
    assert_int_equal(c->final_status, 200);
    assert_string_equal(c->caller_user, "alice");
    assert_string_equal(c->callee_user, "bob");
    assert_string_equal(c->caller_ua, "alice-phone");
    assert_string_equal(c->callee_ua, "bob-phone");
    assert_true(ss_endpoint_equal(c->caller_ep, &t->A));
    assert_true(ss_endpoint_equal(c->callee_ep, &t->B));
    assert_int_equal(c->n_legs, 1);
    assert_int_equal(c->legs->state, SD_STATE_TERMINATED);
    assert_int_equal(c->legs->offer_frame, 1);
    assert_int_equal(c->legs->answer_frame, 4);
    assert_int_equal(c->n_messages, 7);
    assert_int_equal(c->n_retransmissions, 0);
    assert_int_equal(c->attempts, 1);
    assert_ptr_equal(sd_engine_call(t->e, 1), c);
    assert_int_equal(sd_engine_call_count(t->e), 1);
}

/* 2. retransmitted INVITE, 180, 200 and ACK */
static void retransmissions(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;

    d = feed(t, req(t, "INVITE", 1, "z9hG4bK1", NULL, &t->A, &t->B), 0);
    assert_false(d->flags & SD_MSG_RETRANSMISSION);
    d = feed(t, req(t, "INVITE", 1, "z9hG4bK1", NULL, &t->A, &t->B), 500);
    assert_true(d->flags & SD_MSG_RETRANSMISSION);
    assert_int_equal(d->copy, 1);
    assert_int_equal(d->txn->request_frame, 1);
    d = feed(t, req(t, "INVITE", 1, "z9hG4bK1", NULL, &t->A, &t->B), 1500);
    assert_int_equal(d->copy, 2);
    assert_string_equal(ST(d), "calling");
    d = feed(t, rsp(t, 180, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A), 1600);
    assert_false(d->flags & SD_MSG_RETRANSMISSION);
    d = feed(t, rsp(t, 180, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A), 1700);
    assert_true(d->flags & SD_MSG_RETRANSMISSION);
    d = feed(t, rsp(t, 200, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A), 2000);   /* 6 */
    assert_false(d->flags & SD_MSG_RETRANSMISSION);
    d = feed(t, rsp(t, 200, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A), 2500);
    assert_true(d->flags & SD_MSG_RETRANSMISSION);
    assert_int_equal(d->txn->final_frame, 6);
    d = feed(t, req(t, "ACK", 1, "z9hG4bKa", "btag", &t->A, &t->B), 2510);           /* 8 */
    assert_false(d->flags & SD_MSG_RETRANSMISSION);
    d = feed(t, req(t, "ACK", 1, "z9hG4bKa", "btag", &t->A, &t->B), 2520);
    assert_true(d->flags & SD_MSG_RETRANSMISSION);
    assert_true(d->flags & SD_MSG_ACKS_2XX);
    assert_int_equal(d->txn->request_frame, 8);
    assert_int_equal(d->txn->retransmissions, 1);
    assert_int_equal(d->call->n_retransmissions, 5);
    assert_int_equal(d->call->ack_frame, 8);
    assert_int_equal(d->call->attempts, 1);
}

/* 3. forking: two early dialogs, the second answers */
static void forking(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;
    const sd_call_t *c;
    ss_endpoint_t B2;
    ss_endpoint_parse(&B2, "203.0.113.2", 5060);

    d = feed(t, req(t, "INVITE", 1, "z9hG4bK1", NULL, &t->A, &t->P), 0);
    c = d->call;
    d = feed(t, rsp(t, 180, "INVITE", 1, "z9hG4bK1", "b1", &t->P, &t->A), 100);
    assert_int_equal(d->leg, 1);
    assert_string_equal(ST(d), "early");
    d = feed(t, rsp(t, 183, "INVITE", 1, "z9hG4bK1", "b2", &t->P, &t->A), 150);
    assert_int_equal(d->leg, 2);
    assert_false(d->flags & SD_MSG_RETRANSMISSION);
    d = feed(t, rsp(t, 180, "INVITE", 1, "z9hG4bK1", "b1", &t->P, &t->A), 160);
    assert_true(d->flags & SD_MSG_RETRANSMISSION);
    d = feed(t, rsp(t, 200, "INVITE", 1, "z9hG4bK1", "b2", &t->P, &t->A), 2000);
    assert_int_equal(d->leg, 2);
    assert_string_equal(ST(d), "confirmed");
    d = feed(t, req(t, "ACK", 1, "z9hG4bK2", "b2", &t->A, &t->P), 2010);
    assert_true(d->flags & SD_MSG_ACKS_2XX);
    assert_int_equal(d->leg, 2);
    assert_int_equal(c->n_legs, 2);
    assert_int_equal(sd_call_leg(c, 1)->state, SD_STATE_EARLY);
    assert_int_equal(sd_call_leg(c, 2)->state, SD_STATE_CONFIRMED);
    assert_int_equal(c->answer_frame, 5);
    assert_int_equal(c->ringing_frame, 2);
    assert_int_equal(c->ack_frame, 6);
    assert_int_equal(sd_call_outcome(c), SD_OUTCOME_ANSWERED);
    /* a late 2xx from the first fork: answered stays, leg 1 confirmed too */
    d = feed(t, rsp(t, 200, "INVITE", 1, "z9hG4bK1", "b1", &t->P, &t->A), 2100);
    assert_int_equal(d->leg, 1);
    assert_false(d->flags & SD_MSG_RETRANSMISSION);
    assert_int_equal(c->answer_frame, 5);
    (void)B2;
}

/* 4. CANCEL / 487 / ACK of the 487 */
static void cancel_487(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;
    const sd_call_t *c;

    d = feed(t, req(t, "INVITE", 1, "z9hG4bK1", NULL, &t->A, &t->B), 0);
    c = d->call;
    feed(t, rsp(t, 180, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A), 100);
    d = feed(t, req(t, "CANCEL", 1, "z9hG4bK1", NULL, &t->A, &t->B), 5000);          /* 3 */
    assert_int_equal(d->related_frame, 1);
    assert_false(d->flags & SD_MSG_ORPHAN);
    assert_string_equal(ST(d), "terminating");
    assert_string_equal(d->txn->method, "CANCEL");
    assert_int_equal(sd_call_outcome(c), SD_OUTCOME_CANCELLED);
    assert_int_equal(c->legs->state, SD_STATE_TERMINATING);
    d = feed(t, rsp(t, 200, "CANCEL", 1, "z9hG4bK1", "btag", &t->B, &t->A), 5010);
    assert_int_equal(d->txn->request_frame, 3);
    assert_int_equal(d->leg, 1);
    assert_string_equal(ST(d), "terminating");
    assert_int_equal(d->call->n_legs, 1);   /* a CANCEL's 200 creates no dialog */
    d = feed(t, rsp(t, 487, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A), 5020);    /* 5 */
    assert_string_equal(ST(d), "terminated");
    assert_int_equal(d->txn->request_frame, 1);
    d = feed(t, req(t, "ACK", 1, "z9hG4bK1", "btag", &t->A, &t->B), 5030);
    assert_string_equal(d->txn->method, "INVITE");
    assert_int_equal(d->txn->request_frame, 1);
    assert_int_equal(d->txn->final_frame, 5);
    assert_int_equal(d->txn->cancel_frame, 3);
    assert_false(d->flags & (SD_MSG_ORPHAN | SD_MSG_ACKS_2XX));
    /* the 487 is retransmitted, so is the ACK */
    d = feed(t, rsp(t, 487, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A), 5500);
    assert_true(d->flags & SD_MSG_RETRANSMISSION);
    d = feed(t, req(t, "ACK", 1, "z9hG4bK1", "btag", &t->A, &t->B), 5510);
    assert_true(d->flags & SD_MSG_RETRANSMISSION);
    assert_int_equal(sd_call_outcome(c), SD_OUTCOME_CANCELLED);
    assert_int_equal(c->cancel_frame, 3);
    assert_int_equal(c->final_status, 487);
    assert_int_equal(c->ack_frame, 0);
    assert_int_equal(c->legs->state, SD_STATE_TERMINATED);
}

/* 5. busy, and the outcome filter values */
static void busy(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;
    d = feed(t, req(t, "INVITE", 1, "z9hG4bK1", NULL, &t->A, &t->B), 0);
    d = feed(t, rsp(t, 486, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A), 100);
    assert_string_equal(ST(d), "failed");
    assert_int_equal(d->leg, 0);     /* a non-2xx final creates no dialog */
    assert_int_equal(sd_call_outcome(d->call), SD_OUTCOME_BUSY);
    d = feed(t, req(t, "ACK", 1, "z9hG4bK1", "btag", &t->A, &t->B), 110);
    assert_string_equal(ST(d), "failed");
    assert_int_equal(d->txn->final_frame, 2);
    assert_int_equal(d->call->n_legs, 0);
}

/* 6. 407 challenge, ACK, authorised retry answered: one call, answered */
static void auth_retry(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;
    const sd_call_t *c;
    sd_msg_ext_t auth = { TRUE, FALSE };

    d = feed(t, req(t, "INVITE", 1, "z9hG4bK1", NULL, &t->A, &t->P), 0);
    c = d->call;
    d = feed(t, rsp(t, 407, "INVITE", 1, "z9hG4bK1", "proxytag", &t->P, &t->A), 10);
    assert_string_equal(ST(d), "failed");
    assert_int_equal(d->leg, 0);
    /* a retry may follow: in-progress for now */
    assert_int_equal(sd_call_outcome(c), SD_OUTCOME_IN_PROGRESS);
    d = feed(t, req(t, "ACK", 1, "z9hG4bK1", "proxytag", &t->A, &t->P), 20);
    assert_int_equal(d->txn->request_frame, 1);
    d = feed_ext(t, req(t, "INVITE", 2, "z9hG4bK2", NULL, &t->A, &t->P), 30, &auth);     /* 4 */
    assert_string_equal(ST(d), "calling");
    assert_int_equal(d->hop, 1);
    assert_int_equal(c->invite_frame, 4);
    assert_int_equal(c->first_invite_frame, 1);
    feed(t, rsp(t, 100, "INVITE", 2, "z9hG4bK2", NULL, &t->P, &t->A), 40);
    feed(t, rsp(t, 180, "INVITE", 2, "z9hG4bK2", "btag", &t->P, &t->A), 1030);
    d = feed(t, rsp(t, 200, "INVITE", 2, "z9hG4bK2", "btag", &t->P, &t->A), 2030);     /* 7 */
    assert_int_equal(d->leg, 1);
    d = feed(t, req(t, "ACK", 2, "z9hG4bK3", "btag", &t->A, &t->P), 2040);
    assert_true(d->flags & SD_MSG_ACKS_2XX);
    assert_int_equal(sd_call_outcome(c), SD_OUTCOME_ANSWERED);
    assert_int_equal(c->attempts, 2);
    assert_int_equal(c->challenges, 1);
    assert_int_equal(c->n_legs, 1);
    assert_int_equal(sd_call_setup_ns(c), 2000 * MS);
    assert_int_equal(sd_call_pdd_ns(c), 1000 * MS);
    assert_int_equal(c->ack_frame, 8);
}

/* 6b. challenged and never retried: auth-failed once the capture is complete */
static void auth_no_retry(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;
    d = feed(t, req(t, "REGISTER", 1, "z9hG4bK1", NULL, &t->A, &t->P), 0);
    d = feed(t, rsp(t, 401, "REGISTER", 1, "z9hG4bK1", "ptag", &t->P, &t->A), 10);
    assert_int_equal(sd_call_outcome(d->call), SD_OUTCOME_IN_PROGRESS);
    sd_engine_tick(t->e, T0 + 40 * SEC);
    assert_int_equal(sd_call_outcome(d->call), SD_OUTCOME_AUTH_FAILED);
}

/* 6c. REGISTER 401 then authorised REGISTER 200 */
static void register_401(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;
    sd_msg_ext_t auth = { TRUE, FALSE };
    d = feed(t, req(t, "REGISTER", 1, "z9hG4bK1", NULL, &t->A, &t->P), 0);
    assert_string_equal(ST(d), "calling");
    d = feed(t, rsp(t, 401, "REGISTER", 1, "z9hG4bK1", "ptag", &t->P, &t->A), 10);
    assert_string_equal(ST(d), "failed");
    d = feed_ext(t, req(t, "REGISTER", 2, "z9hG4bK2", NULL, &t->A, &t->P), 20, &auth);
    assert_string_equal(ST(d), "calling");
    d = feed(t, rsp(t, 200, "REGISTER", 2, "z9hG4bK2", "ptag2", &t->P, &t->A), 30);
    assert_string_equal(ST(d), "terminated");
    assert_int_equal(d->leg, 0);
    assert_int_equal(sd_call_outcome(d->call), SD_OUTCOME_ANSWERED);
    assert_string_equal(d->call->kind, "REGISTER");
    assert_int_equal(d->call->invite_frame, 0);
    sd_engine_set_complete(t->e);
    assert_int_equal(sd_call_outcome(d->call), SD_OUTCOME_ANSWERED);
    /* a 403 to an authorised request: auth-failed */
    d = feed_ext(t, req(t, "REGISTER", 3, "z9hG4bK3", NULL, &t->A, &t->P), 3600000, &auth);
    d = feed(t, rsp(t, 403, "REGISTER", 3, "z9hG4bK3", "ptag3", &t->P, &t->A), 3600010);
    assert_int_equal(sd_call_outcome(d->call), SD_OUTCOME_AUTH_FAILED);
}

/* 7. re-INVITE inside the confirmed dialog (from the callee), then a 491 to another */
static void reinvite(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;
    ss_sip_msg_t m;

    feed(t, req(t, "INVITE", 1, "z9hG4bK1", NULL, &t->A, &t->B), 0);
    feed(t, rsp(t, 200, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A), 100);
    feed(t, req(t, "ACK", 1, "z9hG4bK2", "btag", &t->A, &t->B), 110);
    /* callee's re-INVITE: From = bob;tag=btag, To = alice;tag=ftag */
    m = req(t, "INVITE", 10, "z9hG4bKb1", "ftag", &t->B, &t->A);
    m.from_tag = "btag";
    with_sdp(t, &m, SDP_ANSWER);
    d = feed(t, m, 5000);                                                           /* 4 */
    assert_string_equal(ST(d), "confirmed");
    assert_int_equal(d->leg, 1);
    assert_int_equal(d->sdp, SD_SDP_OFFER);
    assert_false(d->flags & (SD_MSG_INITIAL | SD_MSG_CSEQ_BACKWARDS));
    m = rsp(t, 200, "INVITE", 10, "z9hG4bKb1", "ftag", &t->A, &t->B);
    m.from_tag = "btag";
    with_sdp(t, &m, SDP_OFFER);
    d = feed(t, m, 5010);
    assert_int_equal(d->sdp, SD_SDP_ANSWER);
    assert_string_equal(ST(d), "confirmed");
    m = req(t, "ACK", 10, "z9hG4bKb2", "ftag", &t->B, &t->A);
    m.from_tag = "btag";
    d = feed(t, m, 5020);
    assert_true(d->flags & SD_MSG_ACKS_2XX);
    assert_int_equal(d->related_frame, 5);
    /* the call-level ACK is still the first one */
    assert_int_equal(d->call->ack_frame, 3);
    assert_int_equal(d->call->answer_frame, 2);
    assert_int_equal(d->call->invite_frame, 1);
    assert_int_equal(d->call->attempts, 1);
    assert_int_equal(d->call->legs->offer_frame, 4);
    assert_int_equal(d->call->legs->offer_side, SD_SIDE_CALLEE);
    /* a glare 491: no change */
    feed(t, req(t, "INVITE", 2, "z9hG4bK5", "btag", &t->A, &t->B), 6000);
    d = feed(t, rsp(t, 491, "INVITE", 2, "z9hG4bK5", "btag", &t->B, &t->A), 6010);
    assert_string_equal(ST(d), "confirmed");
    assert_false(d->flags & SD_MSG_DIALOG_ERROR);
    assert_int_equal(sd_call_outcome(d->call), SD_OUTCOME_ANSWERED);
}

/* 8. reliable 183 with an SDP answer, PRACK, 200 PRACK, 200 INVITE */
static void prack(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;
    ss_sip_msg_t m;

    m = req(t, "INVITE", 1, "z9hG4bK1", NULL, &t->A, &t->B);
    with_sdp(t, &m, SDP_OFFER);
    feed(t, m, 0);
    m = rsp(t, 183, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A);
    m.has_rseq = TRUE;
    m.rseq = 1;
    with_sdp(t, &m, SDP_ANSWER);
    d = feed(t, m, 100);                                                            /* 2 */
    assert_true(d->flags & SD_MSG_RELIABLE_1XX);
    assert_int_equal(d->sdp, SD_SDP_ANSWER);
    assert_string_equal(ST(d), "early");
    m = req(t, "PRACK", 2, "z9hG4bK2", "btag", &t->A, &t->B);
    m.has_rack = TRUE;
    m.rack_rseq = 1;
    m.rack_cseq = 1;
    d = feed(t, m, 110);
    assert_int_equal(d->related_frame, 2);
    assert_string_equal(ST(d), "early");
    assert_false(d->flags & SD_MSG_CSEQ_BACKWARDS);
    d = feed(t, rsp(t, 200, "PRACK", 2, "z9hG4bK2", "btag", &t->B, &t->A), 120);
    assert_int_equal(d->txn->request_frame, 3);
    assert_string_equal(ST(d), "early");
    /* a retransmitted 183 (same RSeq) */
    m = rsp(t, 183, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A);
    m.has_rseq = TRUE;
    m.rseq = 1;
    with_sdp(t, &m, SDP_ANSWER);
    d = feed(t, m, 600);
    assert_true(d->flags & SD_MSG_RETRANSMISSION);
    /* a second reliable 183 (RSeq 2) is new */
    m.rseq = 2;
    d = feed(t, m, 700);
    assert_false(d->flags & SD_MSG_RETRANSMISSION);
    d = feed(t, rsp(t, 200, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A), 2000);
    assert_string_equal(ST(d), "confirmed");
    /* ACK carries CSeq 1 after PRACK 2: not "backwards" */
    d = feed(t, req(t, "ACK", 1, "z9hG4bK3", "btag", &t->A, &t->B), 2010);
    assert_false(d->flags & SD_MSG_CSEQ_BACKWARDS);
    assert_true(d->flags & SD_MSG_ACKS_2XX);
    assert_int_equal(d->call->ringing_frame, 2);
}

/* 9. a proxy on the path: every request and response seen on two hops */
static void proxy_two_hops(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;
    const sd_call_t *c;

    d = feed(t, msg(t, "INVITE", 0, "INVITE", 1, "z9hG4bKa1", NULL, &t->A, &t->P, 1), 0);       /* 1 */
    c = d->call;
    assert_int_equal(d->hop, 1);
    d = feed(t, msg(t, "INVITE", 0, "INVITE", 1, "z9hG4bKp1", NULL, &t->P, &t->B, 2), 5);       /* 2 */
    assert_int_equal(d->hop, 2);
    assert_true(d->flags & SD_MSG_HOP_COPY);
    assert_false(d->flags & SD_MSG_RETRANSMISSION);
    assert_int_equal(d->txn->request_frame, 2);
    assert_ptr_equal(d->txn->first_hop->request_frame, 1);
    feed(t, msg(t, NULL, 100, "INVITE", 1, "z9hG4bKa1", NULL, &t->P, &t->A, 1), 6);              /* 3 */
    d = feed(t, msg(t, NULL, 180, "INVITE", 1, "z9hG4bKp1", "btag", &t->B, &t->P, 2), 400);    /* 4 */
    assert_int_equal(d->hop, 2);
    assert_int_equal(d->leg, 1);
    d = feed(t, msg(t, NULL, 180, "INVITE", 1, "z9hG4bKa1", "btag", &t->P, &t->A, 1), 405);    /* 5 */
    assert_int_equal(d->hop, 1);
    assert_int_equal(d->leg, 1);
    assert_false(d->flags & SD_MSG_RETRANSMISSION);
    d = feed(t, msg(t, NULL, 200, "INVITE", 1, "z9hG4bKp1", "btag", &t->B, &t->P, 2), 3000);   /* 6 */
    assert_int_equal(d->txn->request_frame, 2);
    d = feed(t, msg(t, NULL, 200, "INVITE", 1, "z9hG4bKa1", "btag", &t->P, &t->A, 1), 3005);   /* 7 */
    assert_int_equal(d->txn->request_frame, 1);
    assert_false(d->flags & SD_MSG_RETRANSMISSION);
    d = feed(t, msg(t, "ACK", 0, "ACK", 1, "z9hG4bKa2", "btag", &t->A, &t->P, 1), 3010);       /* 8 */
    assert_int_equal(d->hop, 1);
    d = feed(t, msg(t, "ACK", 0, "ACK", 1, "z9hG4bKp2", "btag", &t->P, &t->B, 2), 3015);       /* 9 */
    assert_int_equal(d->hop, 2);
    assert_true(d->flags & SD_MSG_ACKS_2XX);
    assert_false(d->flags & SD_MSG_RETRANSMISSION);
    /* the callee hangs up: BYE B->P->A */
    {
        ss_sip_msg_t m = msg(t, "BYE", 0, "BYE", 1, "z9hG4bKb1", "ftag", &t->B, &t->P, 1);
        m.from_tag = "btag";
        d = feed(t, m, 10000);                                                                  /* 10 */
        assert_int_equal(d->hop, 1);
        m = msg(t, "BYE", 0, "BYE", 1, "z9hG4bKp3", "ftag", &t->P, &t->A, 2);
        m.from_tag = "btag";
        d = feed(t, m, 10005);                                                                  /* 11 */
        assert_int_equal(d->hop, 2);
        assert_string_equal(ST(d), "terminating");
        m = msg(t, NULL, 200, "BYE", 1, "z9hG4bKp3", "ftag", &t->A, &t->P, 2);
        m.from_tag = "btag";
        d = feed(t, m, 10010);
        assert_string_equal(ST(d), "terminated");
        assert_int_equal(d->txn->request_frame, 11);
        m = msg(t, NULL, 200, "BYE", 1, "z9hG4bKb1", "ftag", &t->P, &t->B, 1);
        m.from_tag = "btag";
        d = feed(t, m, 10015);
        assert_int_equal(d->txn->request_frame, 10);
    }
    assert_int_equal(c->attempts, 1);
    assert_int_equal(c->invite_frame, 1);
    assert_int_equal(c->ringing_frame, 4);
    assert_int_equal(c->answer_frame, 6);
    assert_int_equal(c->ack_frame, 8);
    assert_int_equal(c->bye_frame, 10);
    assert_int_equal(c->bye_final_frame, 12);   /* first sighting */
    assert_int_equal(c->hangup_by, SD_SIDE_CALLEE);
    assert_int_equal(c->n_legs, 1);
    assert_int_equal(c->n_retransmissions, 0);
    assert_true(ss_endpoint_equal(c->caller_ep, &t->A));
    assert_true(ss_endpoint_equal(c->callee_ep, &t->B));
    assert_int_equal(sd_call_setup_ns(c), 3000 * MS);
    assert_int_equal(sd_call_duration_ns(c), 6990 * MS);
}

/* 10. orphans: BYE, ACK and CANCEL with nothing before, a response without request */
static void orphans(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;
    ss_sip_msg_t m;

    m = req(t, "BYE", 5, "z9hG4bK1", "btag", &t->A, &t->B);
    d = feed(t, m, 0);
    assert_true(d->flags & SD_MSG_ORPHAN);
    assert_string_equal(ST(d), "terminating");
    assert_int_equal(d->leg, 1);
    assert_int_equal(sd_call_outcome(d->call), SD_OUTCOME_NONE);
    d = feed(t, rsp(t, 200, "BYE", 5, "z9hG4bK1", "btag", &t->B, &t->A), 10);
    assert_false(d->flags & SD_MSG_ORPHAN);
    assert_string_equal(ST(d), "terminated");

    m = req(t, "ACK", 1, "z9hG4bK7", "xtag", &t->A, &t->B);
    m.call = 2;
    m.call_id = "call-2@test";
    d = feed(t, m, 20);
    assert_true(d->flags & SD_MSG_ORPHAN);
    assert_int_equal(d->call->number, 2);

    m = req(t, "CANCEL", 1, "z9hG4bK8", NULL, &t->A, &t->B);
    m.call = 3;
    m.call_id = "call-3@test";
    d = feed(t, m, 30);
    assert_true(d->flags & SD_MSG_ORPHAN);

    m = rsp(t, 200, "OPTIONS", 1, "z9hG4bK9", "otag", &t->B, &t->A);
    m.call = 4;
    m.call_id = "call-4@test";
    d = feed(t, m, 40);
    assert_true(d->flags & SD_MSG_ORPHAN);
    assert_int_equal(d->txn->request_frame, 0);
    assert_int_equal(d->txn->final_frame, 5);

    /* an in-dialog INFO whose dialog was never seen */
    m = req(t, "INFO", 3, "z9hG4bKa", "itag", &t->A, &t->B);
    m.call = 5;
    m.call_id = "call-5@test";
    d = feed(t, m, 50);
    assert_true(d->flags & SD_MSG_UNKNOWN_DIALOG);
    assert_false(d->flags & SD_MSG_ORPHAN);
    assert_string_equal(ST(d), "confirmed");

    /* no Call-ID: untracked but recorded */
    m = req(t, "OPTIONS", 1, "z9hG4bKb", NULL, &t->A, &t->B);
    m.call = 0;
    m.call_id = NULL;
    d = feed(t, m, 60);
    assert_null(d->call);
    assert_int_equal(d->state, SD_STATE_NONE);
    assert_string_equal(d->method, "OPTIONS");
}

/* 11. RFC 2543 peers: branches without the magic cookie (or none) */
static void rfc2543(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;

    feed(t, req(t, "INVITE", 1, NULL, NULL, &t->A, &t->B), 0);
    d = feed(t, req(t, "INVITE", 1, NULL, NULL, &t->A, &t->B), 500);
    assert_true(d->flags & SD_MSG_RETRANSMISSION);
    d = feed(t, rsp(t, 200, "INVITE", 1, NULL, "btag", &t->B, &t->A), 1000);
    assert_int_equal(d->txn->request_frame, 1);
    assert_string_equal(ST(d), "confirmed");
    /* the ACK of a 2xx: same (absent) branch and CSeq, yet its own transaction */
    d = feed(t, req(t, "ACK", 1, NULL, "btag", &t->A, &t->B), 1010);
    assert_true(d->flags & SD_MSG_ACKS_2XX);
    assert_false(d->flags & SD_MSG_ORPHAN);
    /* two in-dialog re-INVITEs with branch "0" and different CSeq are two transactions */
    d = feed(t, req(t, "INVITE", 2, "0", "btag", &t->A, &t->B), 2000);
    assert_false(d->flags & SD_MSG_RETRANSMISSION);
    d = feed(t, rsp(t, 200, "INVITE", 2, "0", "btag", &t->B, &t->A), 2010);
    assert_int_equal(d->txn->request_frame, 5);
    d = feed(t, req(t, "INVITE", 3, "0", "btag", &t->A, &t->B), 3000);
    assert_false(d->flags & SD_MSG_RETRANSMISSION);
    assert_int_equal(d->txn->request_frame, 7);
    d = feed(t, req(t, "ACK", 3, "0", "btag", &t->A, &t->B), 3010);
    assert_true(d->flags & SD_MSG_ORPHAN);    /* no 2xx for CSeq 3 yet */
}

/* 12. several messages in one TCP segment */
static void tcp_multi(void **state)
{
    tc_t *t = (tc_t *)*state;
    ss_sip_msg_t ms[3];
    const sipdialog_frame_t *f;

    ms[0] = req(t, "INVITE", 1, "z9hG4bK1", NULL, &t->A, &t->B);
    ms[0].frame = 1;
    ms[0].ts_ns = T0;
    f = sd_engine_feed(t->e, ms, NULL, 1);
    assert_int_equal(f->n, 1);
    ms[0] = rsp(t, 100, "INVITE", 1, "z9hG4bK1", NULL, &t->B, &t->A);
    ms[1] = rsp(t, 180, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A);
    ms[2] = rsp(t, 200, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A);
    for (guint i = 0; i < 3; i++) {
        ms[i].frame = 2;
        ms[i].index = i;
        ms[i].ts_ns = T0 + 100 * MS;
        ms[i].transport = SS_TRANSPORT_TCP;
    }
    f = sd_engine_feed(t->e, ms, NULL, 3);
    assert_int_equal(f->n, 3);
    assert_int_equal(f->msg[0].index, 0);
    assert_int_equal(f->msg[2].index, 2);
    assert_int_equal(f->msg[0].state, SD_STATE_PROCEEDING);
    assert_int_equal(f->msg[1].state, SD_STATE_EARLY);
    assert_int_equal(f->msg[2].state, SD_STATE_CONFIRMED);
    assert_int_equal(f->msg[2].transport, SS_TRANSPORT_TCP);
    assert_false(f->msg[2].flags & SD_MSG_RETRANSMISSION);
    assert_int_equal(f->msg[2].call->answer_frame, 2);
    assert_int_equal(f->msg[2].call->ringing_frame, 2);
    assert_null(sd_engine_feed(t->e, ms, NULL, 0));
}

/* 13. CSeq backwards, 481 inside a dialog */
static void cseq_and_481(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;

    feed(t, req(t, "INVITE", 1, "z9hG4bK1", NULL, &t->A, &t->B), 0);
    feed(t, rsp(t, 200, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A), 100);
    feed(t, req(t, "ACK", 1, "z9hG4bK2", "btag", &t->A, &t->B), 110);
    d = feed(t, req(t, "INFO", 5, "z9hG4bK3", "btag", &t->A, &t->B), 1000);
    assert_false(d->flags & SD_MSG_CSEQ_BACKWARDS);
    d = feed(t, req(t, "INFO", 4, "z9hG4bK4", "btag", &t->A, &t->B), 2000);
    assert_true(d->flags & SD_MSG_CSEQ_BACKWARDS);
    d = feed(t, rsp(t, 481, "INFO", 4, "z9hG4bK4", "btag", &t->B, &t->A), 2010);
    assert_true(d->flags & SD_MSG_DIALOG_ERROR);
    assert_string_equal(ST(d), "terminated");
    assert_int_equal(sd_call_outcome(d->call), SD_OUTCOME_ANSWERED);
}

/* 14. an ACK of a non-2xx sent with a new branch (seen in the wild) */
static void ack_new_branch(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;
    feed(t, req(t, "INVITE", 2206, "z9hG4bK1", NULL, &t->A, &t->P), 0);
    feed(t, rsp(t, 407, "INVITE", 2206, "z9hG4bK1", "ptag", &t->P, &t->A), 10);
    d = feed(t, req(t, "ACK", 2206, "z9hG4bKx", "ptag", &t->A, &t->P), 20);
    assert_false(d->flags & SD_MSG_ORPHAN);
    assert_string_equal(d->txn->method, "INVITE");
    assert_int_equal(d->txn->ack_frame, 3);
    d = feed(t, req(t, "ACK", 2206, "z9hG4bKx", "ptag", &t->A, &t->P), 30);
    assert_true(d->flags & SD_MSG_RETRANSMISSION);
}

/* 15. timing: no response at all times out; capture end keeps in-progress */
static void timeouts(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;
    const sd_call_t *c;

    d = feed(t, req(t, "INVITE", 1, "z9hG4bK1", NULL, &t->A, &t->B), 0);
    c = d->call;
    sd_engine_tick(t->e, T0 + 10 * SEC);
    assert_int_equal(sd_call_outcome(c), SD_OUTCOME_IN_PROGRESS);
    sd_engine_tick(t->e, T0 + 33 * SEC);
    assert_int_equal(sd_call_outcome(c), SD_OUTCOME_FAILED);
    /* a ringing call stays in progress however long it rings */
    {
        ss_sip_msg_t m = req(t, "INVITE", 1, "z9hG4bK2", NULL, &t->A, &t->B);
        m.call = 2;
        m.call_id = "c2";
        d = feed(t, m, 40000);
        m = rsp(t, 180, "INVITE", 1, "z9hG4bK2", "b", &t->B, &t->A);
        m.call = 2;
        m.call_id = "c2";
        feed(t, m, 40100);
        sd_engine_tick(t->e, T0 + 200 * SEC);
        sd_engine_set_complete(t->e);
        assert_int_equal(sd_call_outcome(d->call), SD_OUTCOME_IN_PROGRESS);
    }
}

/* 16. working state is released; records stay */
static void release_working_state(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d, *first;
    ss_sip_msg_t m;

    first = feed(t, req(t, "OPTIONS", 1, "z9hG4bK1", NULL, &t->A, &t->B), 0);
    feed(t, rsp(t, 200, "OPTIONS", 1, "z9hG4bK1", "o", &t->B, &t->A), 10);
    assert_int_equal(sd_engine_live_transactions(t->e), 1);
    m = req(t, "OPTIONS", 1, "z9hG4bK2", NULL, &t->A, &t->B);
    m.call = 2;
    m.call_id = "c2";
    d = feed(t, m, 60000);
    assert_int_equal(sd_engine_live_transactions(t->e), 1);   /* the first one expired */
    assert_int_equal(first->txn->final_frame, 2);              /* its summary stays */
    assert_int_equal(d->call->number, 2);
}

/* 17. budget: many short calls stay well under 4 KB each in the engine's store */
static void budget(void **state)
{
    tc_t *t = (tc_t *)*state;
    const guint calls = 2000;
    char id[32], btag[16], br[32];
    for (guint i = 1; i <= calls; i++) {
        gint64 base = (gint64)i * 1000;
        ss_sip_msg_t m;
        const char *seq[][2] = { { "INVITE", NULL } };
        (void)seq;
        g_snprintf(id, sizeof id, "call-%u", i);
        g_snprintf(btag, sizeof btag, "b%u", i);
        g_snprintf(br, sizeof br, "z9hG4bK%u", i);
#define CALLMSG(mm) do { ss_sip_msg_t x_ = (mm); x_.call = i; x_.call_id = id; m = x_; } while (0)
        CALLMSG(req(t, "INVITE", 1, br, NULL, &t->A, &t->B));
        with_sdp(t, &m, SDP_OFFER);
        feed(t, m, base);
        CALLMSG(rsp(t, 100, "INVITE", 1, br, NULL, &t->B, &t->A)); feed(t, m, base + 1);
        CALLMSG(rsp(t, 180, "INVITE", 1, br, btag, &t->B, &t->A)); feed(t, m, base + 2);
        CALLMSG(rsp(t, 200, "INVITE", 1, br, btag, &t->B, &t->A));
        with_sdp(t, &m, SDP_ANSWER);
        feed(t, m, base + 3);
        g_strlcat(br, "a", sizeof br);
        CALLMSG(req(t, "ACK", 1, br, btag, &t->A, &t->B)); feed(t, m, base + 4);
        g_strlcat(br, "b", sizeof br);
        CALLMSG(req(t, "BYE", 2, br, btag, &t->A, &t->B)); feed(t, m, base + 500);
        CALLMSG(rsp(t, 200, "BYE", 2, br, btag, &t->B, &t->A)); feed(t, m, base + 501);
    }
    assert_int_equal(sd_engine_call_count(t->e), calls);
    /* store bytes per call (records, calls, legs, transactions; strings are extra) */
    print_message("store: %zu bytes per call, %u live transactions\n",
                  sd_engine_bytes(t->e) / calls, sd_engine_live_transactions(t->e));
    assert_true(sd_engine_bytes(t->e) / calls < 3072);
    assert_true(sd_engine_live_transactions(t->e) < 200);
    assert_int_equal(sd_call_outcome(sd_engine_call(t->e, calls)), SD_OUTCOME_ANSWERED);
}

/* 18. the same message captured on both sides of a NAT (same branch, other addresses) */
static void nat_copies(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;
    ss_endpoint_t Ai, Pi;
    ss_endpoint_parse(&Ai, "10.0.0.2", 5060);
    ss_endpoint_parse(&Pi, "10.0.0.1", 5060);

    d = feed(t, req(t, "INVITE", 1, "z9hG4bK1", NULL, &Ai, &Pi), 0);
    assert_int_equal(d->hop, 1);
    d = feed(t, req(t, "INVITE", 1, "z9hG4bK1", NULL, &t->A, &t->P), 1);
    assert_false(d->flags & SD_MSG_RETRANSMISSION);
    assert_true(d->flags & SD_MSG_HOP_COPY);
    assert_int_equal(d->hop, 2);
    assert_int_equal(d->txn->request_frame, 1);
    d = feed(t, req(t, "INVITE", 1, "z9hG4bK1", NULL, &t->A, &t->P), 500);
    assert_true(d->flags & SD_MSG_RETRANSMISSION);
    assert_int_equal(d->copy, 1);
    assert_int_equal(d->hop, 2);
    d = feed(t, rsp(t, 200, "INVITE", 1, "z9hG4bK1", "b", &t->P, &t->A), 600);        /* 4 */
    assert_false(d->flags & SD_MSG_RETRANSMISSION);
    assert_int_equal(d->hop, 2);
    d = feed(t, rsp(t, 200, "INVITE", 1, "z9hG4bK1", "b", &Pi, &Ai), 601);
    assert_false(d->flags & SD_MSG_RETRANSMISSION);
    assert_int_equal(d->hop, 1);
    d = feed(t, rsp(t, 200, "INVITE", 1, "z9hG4bK1", "b", &Pi, &Ai), 1100);
    assert_true(d->flags & SD_MSG_RETRANSMISSION);
    assert_int_equal(d->call->answer_frame, 4);
    assert_int_equal(d->call->n_retransmissions, 2);
}

/* 19. SUBSCRIBE/NOTIFY: the NOTIFY may arrive before the 2xx; "terminated" ends the dialog */
static void subscribe_notify(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;
    ss_sip_msg_t m;
    sd_msg_ext_t term = { FALSE, TRUE };

    d = feed(t, req(t, "SUBSCRIBE", 1, "z9hG4bK1", NULL, &t->A, &t->B), 0);
    assert_string_equal(ST(d), "calling");
    m = req(t, "NOTIFY", 1, "z9hG4bKn1", "ftag", &t->B, &t->A);
    m.from_tag = "btag";
    d = feed(t, m, 10);
    assert_int_equal(d->leg, 1);
    assert_false(d->flags & (SD_MSG_UNKNOWN_DIALOG | SD_MSG_ORPHAN));
    assert_string_equal(ST(d), "confirmed");
    d = feed(t, rsp(t, 202, "SUBSCRIBE", 1, "z9hG4bK1", "btag", &t->B, &t->A), 12);
    assert_int_equal(d->leg, 1);
    assert_string_equal(ST(d), "confirmed");
    assert_int_equal(sd_call_outcome(d->call), SD_OUTCOME_ANSWERED);
    m = rsp(t, 200, "NOTIFY", 1, "z9hG4bKn1", "ftag", &t->A, &t->B);
    m.from_tag = "btag";
    d = feed(t, m, 13);
    assert_int_equal(d->txn->request_frame, 2);
    m = req(t, "NOTIFY", 2, "z9hG4bKn2", "ftag", &t->B, &t->A);
    m.from_tag = "btag";
    d = feed_ext(t, m, 60000, &term);
    assert_string_equal(ST(d), "terminating");
    m = rsp(t, 200, "NOTIFY", 2, "z9hG4bKn2", "ftag", &t->A, &t->B);
    m.from_tag = "btag";
    d = feed(t, m, 60010);
    assert_string_equal(ST(d), "terminated");
    assert_int_equal(d->call->n_legs, 1);
    assert_string_equal(d->call->kind, "SUBSCRIBE");
}

/* 20. UPDATE with an SDP offer in an early dialog; a 408 to an in-dialog request */
static void update_early_and_408(void **state)
{
    tc_t *t = (tc_t *)*state;
    const sipdialog_msg_t *d;
    ss_sip_msg_t m;

    feed(t, req(t, "INVITE", 1, "z9hG4bK1", NULL, &t->A, &t->B), 0);
    feed(t, rsp(t, 183, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A), 100);
    m = req(t, "UPDATE", 2, "z9hG4bK2", "btag", &t->A, &t->B);
    with_sdp(t, &m, SDP_OFFER);
    d = feed(t, m, 200);                                                            /* 3 */
    assert_int_equal(d->sdp, SD_SDP_OFFER);
    assert_string_equal(ST(d), "early");
    m = rsp(t, 200, "UPDATE", 2, "z9hG4bK2", "btag", &t->B, &t->A);
    with_sdp(t, &m, SDP_ANSWER);
    d = feed(t, m, 210);
    assert_int_equal(d->sdp, SD_SDP_ANSWER);
    assert_string_equal(ST(d), "early");
    assert_int_equal(sd_msg_dialog(d)->offer_frame, 3);
    assert_int_equal(sd_msg_dialog(d)->answer_frame, 4);
    feed(t, rsp(t, 200, "INVITE", 1, "z9hG4bK1", "btag", &t->B, &t->A), 1000);
    feed(t, req(t, "ACK", 1, "z9hG4bK3", "btag", &t->A, &t->B), 1010);
    feed(t, req(t, "OPTIONS", 3, "z9hG4bK4", "btag", &t->A, &t->B), 5000);
    d = feed(t, rsp(t, 408, "OPTIONS", 3, "z9hG4bK4", "btag", &t->B, &t->A), 5010);
    assert_true(d->flags & SD_MSG_DIALOG_ERROR);
    assert_string_equal(ST(d), "terminated");
    assert_int_equal(sd_call_outcome(d->call), SD_OUTCOME_ANSWERED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(basic_call, setup, teardown),
        cmocka_unit_test_setup_teardown(retransmissions, setup, teardown),
        cmocka_unit_test_setup_teardown(forking, setup, teardown),
        cmocka_unit_test_setup_teardown(cancel_487, setup, teardown),
        cmocka_unit_test_setup_teardown(busy, setup, teardown),
        cmocka_unit_test_setup_teardown(auth_retry, setup, teardown),
        cmocka_unit_test_setup_teardown(auth_no_retry, setup, teardown),
        cmocka_unit_test_setup_teardown(register_401, setup, teardown),
        cmocka_unit_test_setup_teardown(reinvite, setup, teardown),
        cmocka_unit_test_setup_teardown(prack, setup, teardown),
        cmocka_unit_test_setup_teardown(proxy_two_hops, setup, teardown),
        cmocka_unit_test_setup_teardown(orphans, setup, teardown),
        cmocka_unit_test_setup_teardown(rfc2543, setup, teardown),
        cmocka_unit_test_setup_teardown(tcp_multi, setup, teardown),
        cmocka_unit_test_setup_teardown(cseq_and_481, setup, teardown),
        cmocka_unit_test_setup_teardown(ack_new_branch, setup, teardown),
        cmocka_unit_test_setup_teardown(timeouts, setup, teardown),
        cmocka_unit_test_setup_teardown(release_working_state, setup, teardown),
        cmocka_unit_test_setup_teardown(nat_copies, setup, teardown),
        cmocka_unit_test_setup_teardown(subscribe_notify, setup, teardown),
        cmocka_unit_test_setup_teardown(update_early_and_408, setup, teardown),
        cmocka_unit_test_setup_teardown(budget, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
