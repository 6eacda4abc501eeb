/* ladder_fixture.c: see ladder_fixture.h */
#include "sip_ladder/tests/ladder_fixture.h"

#include <string.h>

ss_endpoint_t fixture_ep(const char *addr, guint16 port)
{
    ss_endpoint_t e;
    g_assert(ss_endpoint_parse(&e, addr, port));
    return e;
}

static void sip(ladder_call_t *c, guint32 frame, gint64 ms, const char *src, guint16 sp,
                const char *dst, guint16 dp, const char *method, const char *ruser, guint status,
                const char *reason, const char *sdp, const char *codecs)
{
    ladder_sip_msg_t m;
    memset(&m, 0, sizeof m);
    m.frame = frame;
    m.ts_ns = FIX_T0 + ms * FIX_MS;
    m.src = fixture_ep(src, sp);
    m.dst = fixture_ep(dst, dp);
    m.transport = "UDP";
    m.method = method;
    m.ruri_user = ruser;
    m.status = status;
    m.reason = reason;
    m.sdp = sdp;
    m.codecs = codecs;
    ladder_call_add_sip(c, &m);
}

ladder_call_t *fixture_call_proxy_auth(void)
{
    const char *A = "192.0.2.10", *P = "198.51.100.1", *B = "203.0.113.5";
    ladder_call_t *c = ladder_call_new(1, "a84b4c76e66710@pc33.example.com");
    ladder_sip_msg_t m;
    ladder_stream_t *s;

    c->method = "INVITE";
    c->caller = ladder_call_str(c, "sip:alice@example.com");
    c->callee = ladder_call_str(c, "sip:bob@example.com");
    c->caller_user = "alice";
    c->callee_user = "bob";
    c->caller_ua = "Linphone/5.2";
    c->callee_ua = "Asterisk PBX 20";
    c->caller_sig = fixture_ep(A, 5060);
    c->callee_sig = fixture_ep(P, 5060);
    c->transport = "UDP";
    c->outcome = "answered";
    c->state = "terminated";
    c->final_status = 200;
    c->final_reason = "OK";
    c->pdd_ns = 120 * FIX_MS;
    c->setup_ns = 1500 * FIX_MS;
    c->duration_ns = 10000 * FIX_MS;
    c->hangup_by = "caller";
    c->invite_frame = 4;
    c->answer_frame = 10;
    c->ack_frame = 11;
    c->bye_frame = 14;
    c->legs = 1;
    c->auth.challenges = 1;
    c->auth.challenge_code = 407;
    c->auth.requests = 1;
    c->auth.valid = 1;
    c->auth.outcome = "accepted";
    c->auth.username = "alice";
    c->auth.realm = "example.com";
    c->auth.algorithm = "MD5";

    sip(c, 1, 0, A, 5060, P, 5060, "INVITE", "bob", 0, NULL, "offer", "PCMA,PCMU");
    memset(&m, 0, sizeof m);
    m.frame = 2; m.ts_ns = FIX_T0 + 3 * FIX_MS; m.src = fixture_ep(P, 5060); m.dst = fixture_ep(A, 5060);
    m.status = 407; m.reason = "Proxy Authentication Required"; m.challenge = 407; m.transport = "UDP";
    ladder_call_add_sip(c, &m);
    sip(c, 3, 4, A, 5060, P, 5060, "ACK", "bob", 0, NULL, NULL, NULL);
    memset(&m, 0, sizeof m);
    m.frame = 4; m.ts_ns = FIX_T0 + 6 * FIX_MS; m.src = fixture_ep(A, 5060); m.dst = fixture_ep(P, 5060);
    m.method = "INVITE"; m.ruri_user = "bob"; m.sdp = "offer"; m.codecs = "PCMA,PCMU"; m.auth_verdict = "valid";
    m.transport = "UDP";
    ladder_call_add_sip(c, &m);
    sip(c, 5, 7, P, 5060, A, 5060, NULL, NULL, 100, "Trying", NULL, NULL);
    sip(c, 6, 8, P, 5060, B, 5060, "INVITE", "bob", 0, NULL, "offer", "PCMA,PCMU");
    sip(c, 7, 120, B, 5060, P, 5060, NULL, NULL, 180, "Ringing", NULL, NULL);
    sip(c, 8, 126, P, 5060, A, 5060, NULL, NULL, 180, "Ringing", NULL, NULL);
    sip(c, 9, 1500, B, 5060, P, 5060, NULL, NULL, 200, "OK", "answer", "PCMA");
    sip(c, 10, 1506, P, 5060, A, 5060, NULL, NULL, 200, "OK", "answer", "PCMA");
    sip(c, 11, 1510, A, 5060, P, 5060, "ACK", "bob", 0, NULL, NULL, NULL);
    sip(c, 14, 11510, A, 5060, P, 5060, "BYE", "bob", 0, NULL, NULL, NULL);
    sip(c, 15, 11520, P, 5060, A, 5060, NULL, NULL, 200, "OK", NULL, NULL);

    s = ladder_call_add_stream(c);
    s->media = "audio";
    s->proto = "RTP";
    s->codec = "PCMA/8000";
    s->src = fixture_ep(A, 40000);
    s->dst = fixture_ep(B, 30000);
    s->sdp_addr = s->dst;
    s->from_caller = 1;
    s->first_frame = 12;
    s->first_ns = FIX_T0 + 1520 * FIX_MS;
    s->last_ns = FIX_T0 + 11500 * FIX_MS;
    s->packets = 500;
    s->bytes = 86000;
    s->lost = 2;
    s->expected = 502;
    s->jitter_ms = 0.5;
    s->max_jitter_ms = 2.25;

    s = ladder_call_add_stream(c);
    s->media = "audio";
    s->proto = "RTP";
    s->codec = "PCMA/8000";
    s->src = fixture_ep(B, 30000);
    s->dst = fixture_ep("198.51.100.77", 40000);
    s->sdp_addr = fixture_ep(A, 40000);
    s->addr_mismatch = TRUE;
    s->from_caller = 0;
    s->first_frame = 13;
    s->first_ns = FIX_T0 + 1530 * FIX_MS;
    s->last_ns = FIX_T0 + 11490 * FIX_MS;
    s->packets = 498;
    s->bytes = 85656;
    s->lost = 0;
    s->expected = 498;
    s->jitter_ms = 1.25;
    return c;
}

ladder_call_t *fixture_call_ipv6_busy(void)
{
    const char *A = "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1", *B = "2001:db8:aaaa:bbbb:cccc:dddd:eeee:2";
    ladder_call_t *c = ladder_call_new(2, "v6-call@[2001:db8::1]");
    ladder_sip_msg_t m;

    c->method = "INVITE";
    c->caller = ladder_call_str(c, "sip:carol@[2001:db8::1]");
    c->callee = ladder_call_str(c, "sip:dave@[2001:db8::2]");
    c->caller_user = "carol";
    c->callee_user = "dave";
    c->caller_sig = fixture_ep(A, 5060);
    c->callee_sig = fixture_ep(B, 5062);
    c->transport = "UDP";
    c->outcome = "busy";
    c->final_status = 486;
    c->final_reason = "Busy Here, \"try\" again later";
    c->pdd_ns = LADDER_NO_TIME;
    c->setup_ns = LADDER_NO_TIME;
    c->duration_ns = LADDER_NO_TIME;

    sip(c, 20, 60000, A, 5060, B, 5062, "INVITE", "dave", 0, NULL, "offer", "opus,G722,PCMU,telephone-event");
    memset(&m, 0, sizeof m);
    m.frame = 21; m.ts_ns = FIX_T0 + 60500 * FIX_MS; m.src = fixture_ep(A, 5060); m.dst = fixture_ep(B, 5062);
    m.method = "INVITE"; m.ruri_user = "dave"; m.sdp = "offer"; m.codecs = "opus,G722,PCMU,telephone-event";
    m.retransmission = 1; m.transport = "UDP";
    ladder_call_add_sip(c, &m);
    m.frame = 22; m.ts_ns = FIX_T0 + 61500 * FIX_MS; m.retransmission = 2;
    ladder_call_add_sip(c, &m);
    sip(c, 23, 61600, B, 5062, A, 5060, NULL, NULL, 486, "Busy Here, \"try\" again later", NULL, NULL);
    sip(c, 24, 61601, A, 5060, B, 5062, "ACK", "dave", 0, NULL, NULL, NULL);
    return c;
}

ladder_call_t *fixture_call_loopback(void)
{
    const char *L = "127.0.0.1";
    ladder_call_t *c = ladder_call_new(3, "loop-1@127.0.0.1");
    ladder_stream_t *s;

    c->method = "INVITE";
    c->caller_sig = fixture_ep(L, 5060);
    c->callee_sig = fixture_ep(L, 5070);
    sip(c, 1, 0, L, 5060, L, 5070, "INVITE", "uas", 0, NULL, "offer", "PCMU");
    sip(c, 2, 1, L, 5070, L, 5060, NULL, NULL, 200, "OK", "answer", "PCMU");
    sip(c, 3, 2, L, 5060, L, 5070, "ACK", "uas", 0, NULL, NULL, NULL);
    s = ladder_call_add_stream(c);
    s->codec = "PCMU/8000";
    s->src = fixture_ep(L, 6000);
    s->dst = fixture_ep(L, 6002);
    s->from_caller = 1;
    s->first_frame = 4;
    s->first_ns = FIX_T0 + 3 * FIX_MS;
    s->last_ns = FIX_T0 + 1003 * FIX_MS;
    s->packets = 50;
    return c;
}

/* ---- a strict JSON checker (RFC 8259 grammar, UTF-8 input) ---- */

typedef struct {
    const char *p;
    const char *err;
    int depth;
} js_t;

static void ws(js_t *j)
{
    while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
        j->p++;
}

static gboolean value(js_t *j);

static gboolean string(js_t *j)
{
    if (*j->p != '"') { j->err = j->p; return FALSE; }
    j->p++;
    while (*j->p && *j->p != '"') {
        unsigned char ch = (unsigned char)*j->p;
        if (ch < 0x20) { j->err = j->p; return FALSE; }
        if (ch == '\\') {
            j->p++;
            if (strchr("\"\\/bfnrt", *j->p) && *j->p) {
                j->p++;
            } else if (*j->p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!g_ascii_isxdigit(j->p[i])) { j->err = j->p; return FALSE; }
                j->p += 5;
            } else {
                j->err = j->p;
                return FALSE;
            }
        } else if (ch >= 0x80) {
            gunichar u = g_utf8_get_char_validated(j->p, -1);
            if (u == (gunichar)-1 || u == (gunichar)-2) { j->err = j->p; return FALSE; }
            j->p = g_utf8_next_char(j->p);
        } else {
            j->p++;
        }
    }
    if (*j->p != '"') { j->err = j->p; return FALSE; }
    j->p++;
    return TRUE;
}

static gboolean number(js_t *j)
{
    const char *s = j->p;
    if (*j->p == '-')
        j->p++;
    if (*j->p == '0')
        j->p++;
    else if (*j->p >= '1' && *j->p <= '9')
        while (g_ascii_isdigit(*j->p)) j->p++;
    else { j->err = s; return FALSE; }
    if (*j->p == '.') {
        j->p++;
        if (!g_ascii_isdigit(*j->p)) { j->err = j->p; return FALSE; }
        while (g_ascii_isdigit(*j->p)) j->p++;
    }
    if (*j->p == 'e' || *j->p == 'E') {
        j->p++;
        if (*j->p == '+' || *j->p == '-') j->p++;
        if (!g_ascii_isdigit(*j->p)) { j->err = j->p; return FALSE; }
        while (g_ascii_isdigit(*j->p)) j->p++;
    }
    return TRUE;
}

static gboolean value(js_t *j)
{
    ws(j);
    if (++j->depth > 64) { j->err = j->p; return FALSE; }
    switch (*j->p) {
    case '{':
        j->p++;
        ws(j);
        if (*j->p == '}') { j->p++; break; }
        for (;;) {
            ws(j);
            if (!string(j)) return FALSE;
            ws(j);
            if (*j->p != ':') { j->err = j->p; return FALSE; }
            j->p++;
            if (!value(j)) return FALSE;
            ws(j);
            if (*j->p == ',') { j->p++; continue; }
            if (*j->p == '}') { j->p++; break; }
            j->err = j->p;
            return FALSE;
        }
        break;
    case '[':
        j->p++;
        ws(j);
        if (*j->p == ']') { j->p++; break; }
        for (;;) {
            if (!value(j)) return FALSE;
            ws(j);
            if (*j->p == ',') { j->p++; continue; }
            if (*j->p == ']') { j->p++; break; }
            j->err = j->p;
            return FALSE;
        }
        break;
    case '"':
        if (!string(j)) return FALSE;
        break;
    case 't': if (strncmp(j->p, "true", 4)) { j->err = j->p; return FALSE; } j->p += 4; break;
    case 'f': if (strncmp(j->p, "false", 5)) { j->err = j->p; return FALSE; } j->p += 5; break;
    case 'n': if (strncmp(j->p, "null", 4)) { j->err = j->p; return FALSE; } j->p += 4; break;
    default:
        if (!number(j)) return FALSE;
    }
    j->depth--;
    return TRUE;
}

gboolean fixture_json_valid(const char *s, const char **err)
{
    js_t j = { s, NULL, 0 };
    gboolean ok = value(&j);
    if (ok) {
        ws(&j);
        if (*j.p) { ok = FALSE; j.err = j.p; }
    }
    if (err)
        *err = j.err;
    return ok;
}
