/* packet-sipauth.c: epan glue of the sipauth protocol (digest-auth challenge/response round
 * trips, verified).
 *
 * First pass: the SIP messages of the frame (ss_sip_frame_get) and their raw digest headers
 * (sip.WWW-Authenticate, sip.Proxy-Authenticate, sip.Authorization, sip.Proxy-Authorization,
 * sip.Authentication-Info, one value per header, grouped per message by span) go through
 * the pure engine (auth_rounds.c), which returns one record per message. Every pass renders
 * the stored frame record and queues it to the `sipscope` tap. Forward references
 * (answered_in, result_in, outcome on the request) show with `tshark -2` and in the GUI.
 * Secrets: only verdicts leave the engine; no password, HA1 or expected response is rendered. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>

#include <stdlib.h>
#include <string.h>

#include "plugins/core/sipscope.h"
#include "plugins/core/ws_part.h"
#include "plugins/core/ws_layers.h"
#include "plugins/core/ws_sip.h"
#include "plugins/core/ws_credentials.h"
#include "plugins/core/ws_input.h"
#include "plugins/sipauth/auth_rounds.h"
#include "plugins/sipauth/digest_params.h"
#include "plugins/sipauth/sipauth_record.h"

static int proto_sipauth = -1;

static int hf_challenge = -1;
static int hf_answered_in = -1;
static int hf_answers = -1;
static int hf_result_in = -1;
static int hf_result_status = -1;
static int hf_request = -1;
static int hf_outcome = -1;
static int hf_verdict = -1;
static int hf_header = -1;
static int hf_scheme = -1;
static int hf_username = -1;
static int hf_real_username = -1;
static int hf_realm = -1;
static int hf_algorithm = -1;
static int hf_qop = -1;
static int hf_uri = -1;
static int hf_nonce_known = -1;
static int hf_nonce_from = -1;
static int hf_nonce_uses = -1;
static int hf_nonce_age = -1;
static int hf_nc = -1;
static int hf_nc_ok = -1;
static int hf_uri_match = -1;
static int hf_realm_ok = -1;
static int hf_opaque_ok = -1;
static int hf_alg_offered = -1;
static int hf_qop_offered = -1;
static int hf_user_ok = -1;
static int hf_rtt = -1;
static int hf_stale = -1;
static int hf_duplicate_of = -1;
static int hf_rspauth = -1;
static int hf_nextnonce = -1;

static gint ett_sipauth = -1;
static gint ett_item = -1;

static expert_field ei_valid = EI_INIT;
static expert_field ei_invalid = EI_INIT;
static expert_field ei_unverified = EI_INIT;
static expert_field ei_unsupported = EI_INIT;
static expert_field ei_malformed = EI_INIT;
static expert_field ei_nonce_unknown = EI_INIT;
static expert_field ei_nc = EI_INIT;
static expert_field ei_uri = EI_INIT;
static expert_field ei_realm = EI_INIT;
static expert_field ei_opaque = EI_INIT;
static expert_field ei_alg = EI_INIT;
static expert_field ei_qop = EI_INIT;
static expert_field ei_user = EI_INIT;
static expert_field ei_body = EI_INIT;
static expert_field ei_rechallenged = EI_INIT;
static expert_field ei_stale = EI_INIT;
static expert_field ei_stale_invalid = EI_INIT;
static expert_field ei_forbidden = EI_INIT;
static expert_field ei_no_answer = EI_INIT;
static expert_field ei_unanswered = EI_INIT;
static expert_field ei_rspauth = EI_INIT;

/* The headers sipauth reads, from the parsed message (sip_parse.c), in message order. */
static const struct { const char *name; sa_hdr_kind_t kind; } auth_headers[] = {
    { "WWW-Authenticate",    SA_HDR_WWW_AUTHENTICATE },
    { "Proxy-Authenticate",  SA_HDR_PROXY_AUTHENTICATE },
    { "Authorization",       SA_HDR_AUTHORIZATION },
    { "Proxy-Authorization", SA_HDR_PROXY_AUTHORIZATION },
    { "Authentication-Info", SA_HDR_AUTHENTICATION_INFO },
};

static sa_engine_t *engine;

static void want(GArray *w)
{
    ss_sip_fields_want(w);
}

static void sipauth_init(void)
{
    sa_engine_free(engine);
    engine = sa_engine_new();
}

static void sipauth_cleanup(void)
{
    sa_engine_free(engine);
    engine = NULL;
}

/* ---- first pass ------------------------------------------------------------------------ */

static sipauth_frame_t *compute(proto_tree *tree, packet_info *pinfo)
{
    const ss_sip_frame_t *f = ss_sip_frame_get(tree, pinfo);
    const ss_cred_store_t *creds;
    sipauth_msg_t **out;
    sipauth_frame_t *rec;
    guint n = 0;

    if (!f || !engine)
        return NULL;
    creds = ss_credentials_store();
    out = (sipauth_msg_t **)wmem_alloc0_array(pinfo->pool, sipauth_msg_t *, f->n);
    for (guint i = 0; i < f->n; i++) {
        const ss_sip_msg_t *msg = &f->msg[i];
        GArray *hs = NULL;      /* made on the first auth header: most messages have none */
        sa_input_t in;
        sipauth_msg_t *m;

        for (guint h = 0; h < msg->n_headers; h++) {
            char c0 = g_ascii_tolower(msg->headers[h].name[0]);
            if (c0 != 'w' && c0 != 'p' && c0 != 'a')
                continue;       /* not an auth header: most headers stop here */
            for (guint k = 0; k < G_N_ELEMENTS(auth_headers); k++) {
                if (g_ascii_strcasecmp(msg->headers[h].name, auth_headers[k].name) == 0) {
                    sa_hdr_t hd;
                    hd.kind = auth_headers[k].kind;
                    hd.value = msg->headers[h].value;
                    hd.len = strlen(hd.value);
                    if (!hs)
                        hs = g_array_new(FALSE, FALSE, sizeof(sa_hdr_t));
                    g_array_append_val(hs, hd);
                    break;
                }
            }
        }
        memset(&in, 0, sizeof in);
        in.msg = msg;
        in.n_hdrs = hs ? hs->len : 0;
        if (in.n_hdrs)
            in.hdrs = (sa_hdr_t *)wmem_memdup(pinfo->pool, hs->data, hs->len * sizeof(sa_hdr_t));
        in.has_content_length = msg->has_content_length;
        in.content_length = msg->content_length;
        m = sa_engine_process(engine, creds, &in);
        if (hs)
            g_array_free(hs, TRUE);
        if (m)
            out[n++] = m;
    }
    if (!n)
        return NULL;
    rec = wmem_new0(wmem_file_scope(), sipauth_frame_t);
    rec->n = n;
    rec->msg = (sipauth_msg_t **)wmem_memdup(wmem_file_scope(), out, n * sizeof *out);
    return rec;
}

/* ---- rendering ------------------------------------------------------------------------- */

static proto_item *gen(proto_item *ti)
{
    if (ti)
        proto_item_set_generated(ti);
    return ti;
}

static void add_str(proto_tree *t, int hf, tvbuff_t *tvb, const char *s)
{
    if (s)
        gen(proto_tree_add_string(t, hf, tvb, 0, 0, s));
}

static void add_tri(proto_tree *t, int hf, tvbuff_t *tvb, sa_tri_t v)
{
    if (v >= 0)
        gen(proto_tree_add_boolean(t, hf, tvb, 0, 0, v ? 1 : 0));
}

static void add_reltime(proto_tree *t, int hf, tvbuff_t *tvb, gint64 ns)
{
    nstime_t ts;
    if (ns < 0)
        return;
    ts.secs = (time_t)(ns / 1000000000);
    ts.nsecs = (int)(ns % 1000000000);
    gen(proto_tree_add_time(t, hf, tvb, 0, 0, &ts));
}

static const char *hdr_name(gboolean challenge, gboolean proxy)
{
    if (challenge)
        return proxy ? "Proxy-Authenticate" : "WWW-Authenticate";
    return proxy ? "Proxy-Authorization" : "Authorization";
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

/* "alice@sipscope.test" for messages (packet scope) */
static const char *who(packet_info *pinfo, const sipauth_attempt_t *a)
{
    if (!a->username && !a->realm)
        return "(no username)";
    return wmem_strdup_printf(pinfo->pool, "%s@%s", a->username ? a->username : "(no username)",
                              a->realm ? a->realm : "(no realm)");
}

static void malformed_expert(packet_info *pinfo, proto_item *ti, const char *hdr, guint32 bits,
                             guint32 flags)
{
    char *why = dp_errors_str(bits);
    const char *missing = (flags & SA_F_MISSING_PARAM) ? "missing parameters" : "";
    expert_add_info_format(pinfo, ti, &ei_malformed, "Malformed %s header: %s%s%s", hdr, why,
                           why[0] && missing[0] ? ", " : "", missing);
    g_free(why);
}

static void render_challenge(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                             const sipauth_msg_t *m, const sipauth_challenge_t *c)
{
    const char *hn = hdr_name(TRUE, c->proxy);
    proto_item *ti;
    proto_tree *st = proto_tree_add_subtree_format(tree, tvb, 0, 0, ett_item, &ti,
                                                   "%s %u: realm \"%s\", %s%s", hn, c->index + 1,
                                                   nz(c->realm), c->algorithm ? c->algorithm : "MD5 (default)",
                                                   c->stale == 1 ? ", stale" : "");
    gen(ti);
    add_str(st, hf_header, tvb, hn);
    add_str(st, hf_scheme, tvb, c->scheme);
    add_str(st, hf_realm, tvb, c->realm);
    add_str(st, hf_algorithm, tvb, c->algorithm);
    add_str(st, hf_qop, tvb, c->qop);
    gen(proto_tree_add_boolean(st, hf_stale, tvb, 0, 0, c->stale == 1));
    if (c->answered_in)
        gen(proto_tree_add_uint(st, hf_answered_in, tvb, 0, 0, c->answered_in));
    if (c->answers)
        gen(proto_tree_add_uint(st, hf_answers, tvb, 0, 0, c->answers));
    if (c->malformed)
        malformed_expert(pinfo, ti, hn, c->malformed, 0);
    if (c->stale == 1)
        expert_add_info(pinfo, ti, &ei_stale);
    if (c->stale_but_invalid)
        expert_add_info(pinfo, ti, &ei_stale_invalid);
    if (PINFO_FD_VISITED(pinfo) && !c->answered_in) {
        /* several challenges in one response are alternatives: one answer is enough */
        gboolean any = FALSE;
        for (guint i = 0; i < m->n_challenges; i++)
            any |= m->challenges[i]->answered_in != 0;
        if (!any && c->index == 0)
            expert_add_info(pinfo, ti, &ei_unanswered);
    }
}

static void outcome_expert(packet_info *pinfo, proto_item *ti, const sipauth_attempt_t *a)
{
    switch (a->outcome) {
    case SA_OUTCOME_RECHALLENGED:
        if (a->rechallenged_stale)
            expert_add_info_format(pinfo, ti, &ei_stale, "Re-challenged with stale=TRUE in frame %u "
                                   "(nonce expired; the client retries without asking the user)", a->result_in);
        else
            expert_add_info_format(pinfo, ti, &ei_rechallenged, "Authentication failed: %s re-challenged "
                                   "(%u) in frame %u", who(pinfo, a), a->result_status, a->result_in);
        break;
    case SA_OUTCOME_FORBIDDEN:
        expert_add_info_format(pinfo, ti, &ei_forbidden, "Authentication failed: %s answered 403 "
                               "Forbidden in frame %u", who(pinfo, a), a->result_in);
        break;
    default:
        break;
    }
}

static void render_attempt(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                           const sipauth_attempt_t *a)
{
    const char *hn = hdr_name(FALSE, a->proxy);
    const char *verdict = sipauth_verdict_str(a->verdict);
    const char *outcome = sipauth_outcome_str(a->outcome, PINFO_FD_VISITED(pinfo));
    proto_item *ti, *vi = NULL;
    proto_tree *st = proto_tree_add_subtree_format(tree, tvb, 0, 0, ett_item, &ti,
                                                   "%s %u: %s@%s, %s%s%s", hn, a->index + 1,
                                                   nz(a->username), nz(a->realm),
                                                   a->algorithm ? a->algorithm : "MD5",
                                                   verdict ? ", " : "", verdict ? verdict : "");
    gen(ti);
    if (verdict)
        vi = gen(proto_tree_add_string(st, hf_verdict, tvb, 0, 0, verdict));
    if (!vi)
        vi = ti;
    if (outcome)
        gen(proto_tree_add_string(st, hf_outcome, tvb, 0, 0, outcome));
    add_str(st, hf_header, tvb, hn);
    add_str(st, hf_scheme, tvb, a->scheme);
    add_str(st, hf_username, tvb, a->username);
    add_str(st, hf_real_username, tvb, a->real_user);
    add_str(st, hf_realm, tvb, a->realm);
    add_str(st, hf_algorithm, tvb, a->algorithm);
    add_str(st, hf_qop, tvb, a->qop);
    add_str(st, hf_uri, tvb, a->uri);
    if (a->challenge)
        gen(proto_tree_add_uint(st, hf_challenge, tvb, 0, 0, a->challenge->frame));
    if (a->nonce_from)
        gen(proto_tree_add_uint(st, hf_nonce_from, tvb, 0, 0, a->nonce_from));
    if (a->scheme || a->nonce_uses) {
        gen(proto_tree_add_boolean(st, hf_nonce_known, tvb, 0, 0, a->nonce_known));
        if (a->nonce_uses)
            gen(proto_tree_add_uint(st, hf_nonce_uses, tvb, 0, 0, a->nonce_uses));
    }
    if (a->has_nc)
        gen(proto_tree_add_uint(st, hf_nc, tvb, 0, 0, a->nc));
    add_tri(st, hf_nc_ok, tvb, a->nc_ok);
    add_tri(st, hf_uri_match, tvb, a->uri_match);
    add_tri(st, hf_realm_ok, tvb, a->realm_ok);
    add_tri(st, hf_opaque_ok, tvb, a->opaque_ok);
    add_tri(st, hf_alg_offered, tvb, a->alg_offered);
    add_tri(st, hf_qop_offered, tvb, a->qop_offered);
    add_tri(st, hf_user_ok, tvb, a->user_ok);
    add_reltime(st, hf_rtt, tvb, a->rtt_ns);
    add_reltime(st, hf_nonce_age, tvb, a->nonce_age_ns);
    if (a->duplicate_of)
        gen(proto_tree_add_uint(st, hf_duplicate_of, tvb, 0, 0, a->duplicate_of));
    if (a->result_in) {
        gen(proto_tree_add_uint(st, hf_result_in, tvb, 0, 0, a->result_in));
        gen(proto_tree_add_uint(st, hf_result_status, tvb, 0, 0, a->result_status));
    }
    if (a->rspauth != SA_VERDICT_NONE)
        add_str(st, hf_rspauth, tvb, sipauth_verdict_str(a->rspauth));

    /* expert infos: one per failed check (a copy of earlier credentials repeats none) */
    if (a->duplicate_of)
        return;
    switch (a->verdict) {
    case SA_VERDICT_VALID:
        expert_add_info_format(pinfo, vi, &ei_valid, "Digest valid for %s", who(pinfo, a));
        break;
    case SA_VERDICT_INVALID:
        if (a->flags & SA_F_MALFORMED)
            expert_add_info_format(pinfo, vi, &ei_invalid, "Digest credentials of %s are malformed",
                                   who(pinfo, a));
        else
            expert_add_info_format(pinfo, vi, &ei_invalid, "Digest response does not match the configured "
                                   "credentials of %s", who(pinfo, a));
        break;
    case SA_VERDICT_UNSUPPORTED:
        if (a->scheme && g_ascii_strcasecmp(a->scheme, "Digest") != 0)
            expert_add_info_format(pinfo, vi, &ei_unsupported, "Authentication scheme %s is not verified",
                                   a->scheme);
        else
            expert_add_info_format(pinfo, vi, &ei_unsupported, "Digest algorithm %s is not supported",
                                   nz(a->algorithm));
        break;
    default:
        break;
    }
    if (a->flags & SA_F_MALFORMED || a->malformed)
        malformed_expert(pinfo, ti, hn, a->malformed, a->flags);
    if (a->flags & SA_F_NONCE_UNKNOWN)
        expert_add_info(pinfo, ti, &ei_nonce_unknown);
    if (a->flags & SA_F_NC_NOT_INCREASING)
        expert_add_info_format(pinfo, ti, &ei_nc, "Nonce-count %08x does not increase for this nonce "
                               "(use %u): replayed credentials?", a->nc, a->nonce_uses);
    if (a->flags & SA_F_URI_MISMATCH)
        expert_add_info(pinfo, ti, &ei_uri);
    if (a->flags & SA_F_REALM_MISMATCH)
        expert_add_info(pinfo, ti, &ei_realm);
    if (a->flags & SA_F_OPAQUE_MISMATCH)
        expert_add_info(pinfo, ti, &ei_opaque);
    if (a->flags & SA_F_ALG_NOT_OFFERED)
        expert_add_info_format(pinfo, ti, &ei_alg, "Algorithm %s was not offered by the challenge (%s)",
                               a->algorithm ? a->algorithm : "MD5",
                               a->challenge && a->challenge->algorithm ? a->challenge->algorithm : "MD5");
    if (a->flags & SA_F_QOP_NOT_OFFERED)
        expert_add_info(pinfo, ti, &ei_qop);
    if (a->flags & SA_F_USER_CHANGED)
        expert_add_info(pinfo, ti, &ei_user);
    if (a->flags & SA_F_BODY_UNAVAILABLE)
        expert_add_info(pinfo, ti, &ei_body);
    if (a->verdict == SA_VERDICT_UNVERIFIED && (a->flags & SA_F_KEY_UNUSABLE))
        expert_add_info_format(pinfo, vi, &ei_unverified, "The credentials configured for %s only have "
                               "an HA1 for another algorithm than %s", who(pinfo, a),
                               a->algorithm ? a->algorithm : "MD5");
    else if (a->verdict == SA_VERDICT_UNVERIFIED && !(a->flags & SA_F_BODY_UNAVAILABLE))
        expert_add_info_format(pinfo, vi, &ei_unverified, "No credentials configured for %s "
                               "(sipscope_credentials)", who(pinfo, a));
    outcome_expert(pinfo, ti, a);
    if (a->outcome == SA_OUTCOME_PENDING && PINFO_FD_VISITED(pinfo))
        expert_add_info(pinfo, ti, &ei_no_answer);
}

static void render_results(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const sipauth_msg_t *m)
{
    for (guint i = 0; i < m->n_results; i++) {
        const sipauth_attempt_t *a = m->results[i];
        const char *outcome = sipauth_outcome_str(a->outcome, TRUE);
        proto_item *ti;
        proto_tree *st = proto_tree_add_subtree_format(tree, tvb, 0, 0, ett_item, &ti,
                                                       "Final response to the %s of frame %u (%s@%s)%s%s",
                                                       hdr_name(FALSE, a->proxy), a->frame, nz(a->username),
                                                       nz(a->realm), outcome ? ": " : "", outcome ? outcome : "");
        gen(ti);
        gen(proto_tree_add_uint(st, hf_request, tvb, 0, 0, a->frame));
        if (a->result_in == m->frame) {
            add_str(st, hf_outcome, tvb, outcome);
            if (!a->duplicate_of)
                outcome_expert(pinfo, ti, a);
        }
    }
    if (m->has_auth_info) {
        proto_item *ti;
        proto_tree *st = proto_tree_add_subtree(tree, tvb, 0, 0, ett_item, &ti, "Authentication-Info");
        gen(ti);
        if (m->rspauth != SA_VERDICT_NONE) {
            proto_item *ri = gen(proto_tree_add_string(st, hf_rspauth, tvb, 0, 0, sipauth_verdict_str(m->rspauth)));
            proto_item_append_text(ti, ": rspauth %s", sipauth_verdict_str(m->rspauth));
            if (m->rspauth == SA_VERDICT_INVALID)
                expert_add_info_format(pinfo, ri ? ri : ti, &ei_rspauth, "rspauth in Authentication-Info does not "
                                       "authenticate the server%s", m->info_mismatch ? " (cnonce/nc differ from "
                                       "the request's)" : "");
        }
        gen(proto_tree_add_boolean(st, hf_nextnonce, tvb, 0, 0, m->nextnonce));
        if (m->info_malformed)
            malformed_expert(pinfo, ti, "Authentication-Info", m->info_malformed, 0);
    }
}

static void render(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const sipauth_frame_t *rec)
{
    for (guint i = 0; i < rec->n; i++) {
        const sipauth_msg_t *m = rec->msg[i];
        char label[128];
        proto_item *ti = gen(proto_tree_add_item(tree, proto_sipauth, tvb, 0, 0, ENC_NA));
        proto_tree *st = proto_item_add_subtree(ti, ett_sipauth);

        sipauth_msg_label(m, label, sizeof label);
        if (rec->n > 1)
            proto_item_append_text(ti, " (SIP message %u)", m->msg_index + 1);
        if (label[0])
            proto_item_append_text(ti, ": %s", label);
        for (guint k = 0; k < m->n_challenges; k++)
            render_challenge(tvb, pinfo, st, m, m->challenges[k]);
        for (guint k = 0; k < m->n_attempts; k++)
            render_attempt(tvb, pinfo, st, m->attempts[k]);
        render_results(tvb, pinfo, st, m);
    }
}

static int dissect_sipauth(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    sipauth_frame_t *rec;

    if (!PINFO_FD_VISITED(pinfo)) {
        rec = compute(tree, pinfo);
        if (rec && !ss_input_single_pass())   /* kept only for a later dissection of the frame */
            p_add_proto_data(wmem_file_scope(), pinfo, proto_sipauth, 0, rec);
    } else {
        rec = (sipauth_frame_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_sipauth, 0);
    }
    if (!rec)
        return 0;
    render(tvb, pinfo, tree, rec);
    ss_tap_queue(pinfo, SS_TAP_AUTH, rec);
    return 0;
}

/* ---- registration ---------------------------------------------------------------------- */

void sipauth_register(void)
{
    static ss_part_t part = { &proto_sipauth, dissect_sipauth, want, SS_LAYER_BIT(SS_LAYER_SIP) };
    static hf_register_info hf[] = {
        { &hf_challenge, { "Challenge", "sipauth.challenge", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0, "The 401/407 whose nonce these credentials answer", HFILL } },
        { &hf_answered_in, { "Answered in", "sipauth.answered_in", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0, "The first request that answered this challenge", HFILL } },
        { &hf_answers, { "Requests answering it", "sipauth.answers", FT_UINT32, BASE_DEC, NULL, 0,
          "How many requests used this challenge's nonce", HFILL } },
        { &hf_result_in, { "Result in", "sipauth.result_in", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0, "The final response to this authorised request", HFILL } },
        { &hf_result_status, { "Result status", "sipauth.result_status", FT_UINT16, BASE_DEC, NULL, 0,
          "Status code of the final response", HFILL } },
        { &hf_request, { "Authorised request", "sipauth.request", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0, "On a final response: the authorised request it answers", HFILL } },
        { &hf_outcome, { "Outcome", "sipauth.outcome", FT_STRING, BASE_NONE, NULL, 0,
          "accepted, rechallenged, forbidden or no-answer", HFILL } },
        { &hf_verdict, { "Verdict", "sipauth.verdict", FT_STRING, BASE_NONE, NULL, 0,
          "valid, invalid, unverified (no credentials known) or unsupported", HFILL } },
        { &hf_header, { "Header", "sipauth.header", FT_STRING, BASE_NONE, NULL, 0,
          "WWW-Authenticate, Proxy-Authenticate, Authorization or Proxy-Authorization", HFILL } },
        { &hf_scheme, { "Scheme", "sipauth.scheme", FT_STRING, BASE_NONE, NULL, 0, NULL, HFILL } },
        { &hf_username, { "Username", "sipauth.username", FT_STRING, BASE_NONE, NULL, 0, NULL, HFILL } },
        { &hf_real_username, { "Username behind the userhash", "sipauth.real_username", FT_STRING, BASE_NONE,
          NULL, 0, "RFC 7616 userhash=true resolved through the configured credentials", HFILL } },
        { &hf_realm, { "Realm", "sipauth.realm", FT_STRING, BASE_NONE, NULL, 0, NULL, HFILL } },
        { &hf_algorithm, { "Algorithm", "sipauth.algorithm", FT_STRING, BASE_NONE, NULL, 0,
          "As written; absent means MD5", HFILL } },
        { &hf_qop, { "QOP", "sipauth.qop", FT_STRING, BASE_NONE, NULL, 0,
          "Chosen qop (credentials) or the offered list (challenge)", HFILL } },
        { &hf_uri, { "Digest URI", "sipauth.uri", FT_STRING, BASE_NONE, NULL, 0, NULL, HFILL } },
        { &hf_nonce_known, { "Nonce known", "sipauth.nonce_known", FT_BOOLEAN, BASE_NONE, NULL, 0,
          "The nonce was issued in this capture (challenge or nextnonce)", HFILL } },
        { &hf_nonce_from, { "Nonce issued in", "sipauth.nonce_from", FT_FRAMENUM, BASE_NONE, NULL, 0,
          "The frame that issued the nonce (challenge or Authentication-Info nextnonce)", HFILL } },
        { &hf_nonce_uses, { "Nonce uses", "sipauth.nonce_uses", FT_UINT32, BASE_DEC, NULL, 0,
          "Requests that used this nonce so far, this one included", HFILL } },
        { &hf_nonce_age, { "Nonce age", "sipauth.nonce_age", FT_RELATIVE_TIME, BASE_NONE, NULL, 0,
          "Time since the nonce was issued", HFILL } },
        { &hf_nc, { "Nonce count", "sipauth.nc", FT_UINT32, BASE_HEX, NULL, 0, NULL, HFILL } },
        { &hf_nc_ok, { "Nonce count increases", "sipauth.nc_ok", FT_BOOLEAN, BASE_NONE, NULL, 0,
          "nc is greater than any earlier nc with this nonce", HFILL } },
        { &hf_uri_match, { "URI matches Request-URI", "sipauth.uri_match", FT_BOOLEAN, BASE_NONE, NULL, 0,
          NULL, HFILL } },
        { &hf_realm_ok, { "Realm echoed", "sipauth.realm_ok", FT_BOOLEAN, BASE_NONE, NULL, 0,
          "The realm is the challenge's", HFILL } },
        { &hf_opaque_ok, { "Opaque echoed", "sipauth.opaque_ok", FT_BOOLEAN, BASE_NONE, NULL, 0,
          "The opaque is the challenge's", HFILL } },
        { &hf_alg_offered, { "Algorithm offered", "sipauth.algorithm_offered", FT_BOOLEAN, BASE_NONE, NULL, 0,
          "The algorithm is the one the challenge offered", HFILL } },
        { &hf_qop_offered, { "QOP offered", "sipauth.qop_offered", FT_BOOLEAN, BASE_NONE, NULL, 0,
          "The qop is one the challenge offered (or none when none was offered)", HFILL } },
        { &hf_user_ok, { "Same user as earlier uses", "sipauth.user_ok", FT_BOOLEAN, BASE_NONE, NULL, 0,
          "The nonce was not used before by another username/realm", HFILL } },
        { &hf_rtt, { "Round-trip time", "sipauth.rtt", FT_RELATIVE_TIME, BASE_NONE, NULL, 0,
          "Challenge -> authorised retry", HFILL } },
        { &hf_stale, { "Stale", "sipauth.stale", FT_BOOLEAN, BASE_NONE, NULL, 0,
          "The challenge says stale=TRUE", HFILL } },
        { &hf_duplicate_of, { "Same credentials as in", "sipauth.duplicate_of", FT_FRAMENUM, BASE_NONE, NULL, 0,
          "A retransmission, another hop, or an ACK/CANCEL copying the INVITE's credentials", HFILL } },
        { &hf_rspauth, { "rspauth", "sipauth.rspauth", FT_STRING, BASE_NONE, NULL, 0,
          "Verdict on the rspauth of Authentication-Info (server authentication)", HFILL } },
        { &hf_nextnonce, { "Next nonce", "sipauth.nextnonce", FT_BOOLEAN, BASE_NONE, NULL, 0,
          "Authentication-Info carries a nextnonce", HFILL } },
    };
    static gint *ett[] = { &ett_sipauth, &ett_item };
    static ei_register_info ei[] = {
        { &ei_valid, { "sipauth.valid", PI_SECURITY, PI_CHAT, "Digest valid", EXPFILL } },
        { &ei_invalid, { "sipauth.invalid", PI_SECURITY, PI_WARN, "Digest response invalid", EXPFILL } },
        { &ei_unverified, { "sipauth.unverified", PI_SECURITY, PI_CHAT,
          "No credentials configured for this user and realm", EXPFILL } },
        { &ei_unsupported, { "sipauth.unsupported", PI_UNDECODED, PI_NOTE, "Algorithm or scheme not supported", EXPFILL } },
        { &ei_malformed, { "sipauth.malformed", PI_MALFORMED, PI_WARN, "Malformed digest header", EXPFILL } },
        { &ei_nonce_unknown, { "sipauth.nonce_unknown", PI_SEQUENCE, PI_NOTE,
          "Nonce not issued in this capture", EXPFILL } },
        { &ei_nc, { "sipauth.nc_not_increasing", PI_SECURITY, PI_WARN,
          "Nonce count does not increase (replay?)", EXPFILL } },
        { &ei_uri, { "sipauth.uri_mismatch", PI_PROTOCOL, PI_WARN,
          "Digest uri differs from the Request-URI", EXPFILL } },
        { &ei_realm, { "sipauth.realm_mismatch", PI_PROTOCOL, PI_WARN,
          "Realm differs from the challenge's", EXPFILL } },
        { &ei_opaque, { "sipauth.opaque_mismatch", PI_PROTOCOL, PI_WARN,
          "Opaque not echoed as the challenge sent it", EXPFILL } },
        { &ei_alg, { "sipauth.algorithm_not_offered", PI_PROTOCOL, PI_WARN,
          "Algorithm not offered by the challenge", EXPFILL } },
        { &ei_qop, { "sipauth.qop_not_offered", PI_PROTOCOL, PI_WARN,
          "qop not offered by the challenge", EXPFILL } },
        { &ei_user, { "sipauth.user_changed", PI_SECURITY, PI_WARN,
          "Nonce used before by another username/realm", EXPFILL } },
        { &ei_body, { "sipauth.body_unavailable", PI_UNDECODED, PI_NOTE,
          "qop=auth-int but the message body is not completely captured: not verified", EXPFILL } },
        { &ei_rechallenged, { "sipauth.rechallenged", PI_SECURITY, PI_WARN,
          "Authentication failed: re-challenged", EXPFILL } },
        { &ei_stale, { "sipauth.stale_nonce", PI_SEQUENCE, PI_NOTE,
          "Stale nonce: re-challenged with stale=TRUE", EXPFILL } },
        { &ei_stale_invalid, { "sipauth.stale_but_invalid", PI_SECURITY, PI_WARN,
          "stale=TRUE sent to a request whose digest was wrong", EXPFILL } },
        { &ei_forbidden, { "sipauth.forbidden", PI_SECURITY, PI_WARN,
          "Authentication failed: 403 Forbidden", EXPFILL } },
        { &ei_no_answer, { "sipauth.no_answer", PI_SEQUENCE, PI_NOTE,
          "No final response to the authorised request in the capture", EXPFILL } },
        { &ei_unanswered, { "sipauth.unanswered", PI_SEQUENCE, PI_NOTE,
          "No request answered this challenge in the capture", EXPFILL } },
        { &ei_rspauth, { "sipauth.rspauth_invalid", PI_SECURITY, PI_WARN,
          "rspauth does not authenticate the server", EXPFILL } },
    };
    module_t *m;

    proto_sipauth = proto_register_protocol("SIP Digest Authentication Check (sipauth)", "SIPAUTH", "sipauth");
    proto_register_field_array(proto_sipauth, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_sipauth), ei, array_length(ei));
    ss_part_register(&part);
    m = prefs_register_protocol(proto_sipauth, NULL);
    ss_credentials_register(m);
    register_init_routine(sipauth_init);
    register_cleanup_routine(sipauth_cleanup);
}

void sipauth_handoff(void)
{
}
