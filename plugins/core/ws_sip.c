/* ws_sip.c: reads the SIP messages of a frame into ss_sip_msg_t (see ws_sip.h). */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/proto_data.h>
#include <wsutil/wmem/wmem_user_cb.h>

#include <stdlib.h>
#include <string.h>

#include "plugins/core/ws_sip.h"

enum {
    F_SIP, F_METHOD, F_STATUS, F_REASON, F_RURI, F_RURI_USER, F_CALLID,
    F_FROM_TAG, F_TO_TAG, F_FROM_ADDR, F_FROM_USER, F_FROM_DISPLAY, F_TO_ADDR, F_TO_USER, F_TO_DISPLAY,
    F_CSEQ_SEQ, F_CSEQ_METHOD, F_VIA, F_VIA_TRANSPORT, F_VIA_BRANCH, F_VIA_HOST, F_VIA_PORT,
    F_VIA_RECEIVED, F_VIA_RPORT, F_CONTACT_URI, F_CONTACT_HOST, F_CONTACT_PORT, F_RR_URI,
    F_USER_AGENT, F_SERVER, F_CONTENT_TYPE, F_REASON_HDR, F_RSEQ, F_RACK_RSEQ, F_RACK_CSEQ,
    F_EXPIRES, F_RESEND, F_RESEND_ORIG, F_BODY, F_SDP, F_STATUS_LINE,
    F_COUNT
};

static ss_field_t sip_fields[F_COUNT] = {
    [F_SIP]            = { "sip", -1 },
    [F_METHOD]         = { "sip.Method", -1 },
    [F_STATUS]         = { "sip.Status-Code", -1 },
    [F_REASON]         = { "sip.Reason-Phrase", -1 },
    [F_RURI]           = { "sip.r-uri", -1 },
    [F_RURI_USER]      = { "sip.r-uri.user", -1 },
    [F_CALLID]         = { "sip.Call-ID", -1 },
    [F_FROM_TAG]       = { "sip.from.tag", -1 },
    [F_TO_TAG]         = { "sip.to.tag", -1 },
    [F_FROM_ADDR]      = { "sip.from.addr", -1 },
    [F_FROM_USER]      = { "sip.from.user", -1 },
    [F_FROM_DISPLAY]   = { "sip.from.display.info", -1 },
    [F_TO_ADDR]        = { "sip.to.addr", -1 },
    [F_TO_USER]        = { "sip.to.user", -1 },
    [F_TO_DISPLAY]     = { "sip.to.display.info", -1 },
    [F_CSEQ_SEQ]       = { "sip.CSeq.seq", -1 },
    [F_CSEQ_METHOD]    = { "sip.CSeq.method", -1 },
    [F_VIA]            = { "sip.Via", -1 },
    [F_VIA_TRANSPORT]  = { "sip.Via.transport", -1 },
    [F_VIA_BRANCH]     = { "sip.Via.branch", -1 },
    [F_VIA_HOST]       = { "sip.Via.sent-by.address", -1 },
    [F_VIA_PORT]       = { "sip.Via.sent-by.port", -1 },
    [F_VIA_RECEIVED]   = { "sip.Via.received", -1 },
    [F_VIA_RPORT]      = { "sip.Via.rport", -1 },
    [F_CONTACT_URI]    = { "sip.contact.uri", -1 },
    [F_CONTACT_HOST]   = { "sip.contact.host", -1 },
    [F_CONTACT_PORT]   = { "sip.contact.port", -1 },
    [F_RR_URI]         = { "sip.Record-Route.uri", -1 },
    [F_USER_AGENT]     = { "sip.User-Agent", -1 },
    [F_SERVER]         = { "sip.Server", -1 },
    [F_CONTENT_TYPE]   = { "sip.Content-Type", -1 },
    [F_REASON_HDR]     = { "sip.Reason", -1 },
    [F_RSEQ]           = { "sip.RSeq", -1 },
    [F_RACK_RSEQ]      = { "sip.RAck.RSeq.seq", -1 },
    [F_RACK_CSEQ]      = { "sip.RAck.CSeq.seq", -1 },
    [F_EXPIRES]        = { "sip.Expires", -1 },
    [F_RESEND]         = { "sip.resend", -1 },
    [F_RESEND_ORIG]    = { "sip.resend-original", -1 },
    [F_BODY]           = { "sip.msg_body", -1 },
    [F_SDP]            = { "sdp", -1 },
    [F_STATUS_LINE]    = { "sip.Status-Line", -1 },
};

#define HF(f) (sip_fields[f].hf)
/* key for the per-frame cache in pinfo->pool proto data, under SIP's protocol id */
#define SS_FRAME_CACHE_KEY 0x53535346u   /* "SSSF" */

static int proto_sip_id = -1;
static ss_call_registry_t *calls;

ss_call_registry_t *ss_calls(void)
{
    return calls;
}

static void core_init(void)
{
    ss_call_registry_free(calls);
    calls = ss_call_registry_new();
}

static void core_cleanup(void)
{
    ss_call_registry_free(calls);
    calls = NULL;
}

void ss_core_register(void)
{
    register_init_routine(core_init);
    register_cleanup_routine(core_cleanup);
}

void ss_sip_fields_resolve(void)
{
    ss_fields_resolve(sip_fields, F_COUNT);
    proto_sip_id = proto_get_id_by_filter_name("sip");
}

void ss_sip_fields_want(GArray *wanted)
{
    ss_fields_want(wanted, sip_fields, F_COUNT);
}

static gboolean free_sdp_cb(wmem_allocator_t *a, wmem_cb_event_t ev, void *data)
{
    ss_sdp_free((ss_sdp_t *)data);
    return FALSE;   /* once */
}

static guint16 port_of(const char *s)
{
    char *end;
    unsigned long v;
    if (!s || !*s)
        return 0;
    v = strtoul(s, &end, 10);
    return (*end == '\0' && v <= 65535) ? (guint16)v : 0;
}

/* The Reason-Phrase of "SIP/2.0 481 Call/Transaction Does Not Exist" (sip.Reason-Phrase is
 * an RFC 3326 header field in Wireshark 4.0, not the status line's phrase). */
static const char *status_line_reason(packet_info *pinfo, const char *line)
{
    const char *p;
    if (!line || !(p = strchr(line, ' ')))
        return NULL;
    while (*p == ' ')
        p++;
    while (*p >= '0' && *p <= '9')
        p++;
    while (*p == ' ')
        p++;
    return *p ? wmem_strdup(pinfo->pool, p) : NULL;
}

static ss_transport_t frame_transport(const packet_info *pinfo)
{
    gboolean tls = proto_is_frame_protocol(pinfo->layers, "tls");
    if (proto_is_frame_protocol(pinfo->layers, "websocket"))
        return tls ? SS_TRANSPORT_WSS : SS_TRANSPORT_WS;
    if (tls)
        return SS_TRANSPORT_TLS;
    switch (pinfo->ptype) {
    case PT_UDP:  return SS_TRANSPORT_UDP;
    case PT_TCP:  return SS_TRANSPORT_TCP;
    case PT_SCTP: return SS_TRANSPORT_SCTP;
    default:      return SS_TRANSPORT_UNKNOWN;
    }
}

/* The top via-parm's byte range: from the first Via transport to the second one (several
 * via-parms can share one Via header line, and each has its own transport token). */
static ss_span_t top_via_span(proto_tree *tree, const ss_span_t *msg)
{
    field_info *t0 = ss_field_nth(tree, HF(F_VIA_TRANSPORT), msg, 0);
    field_info *t1 = ss_field_nth(tree, HF(F_VIA_TRANSPORT), msg, 1);
    field_info *line = ss_field_first(tree, HF(F_VIA), msg);
    ss_span_t s;

    if (!t0)
        return line ? ss_span_of(line) : *msg;
    s = ss_span_of(t0);
    s.end = msg->ds_tvb ? msg->end : G_MAXINT;
    if (line && line->ds_tvb == t0->ds_tvb && line->start + line->length > t0->start)
        s.end = line->start + line->length;
    if (t1 && t1->ds_tvb == t0->ds_tvb && t1->start < s.end)
        s.end = t1->start;
    return s;
}

static void read_msg(proto_tree *tree, packet_info *pinfo, const ss_span_t *span,
                     gboolean only_message, ss_sip_msg_t *m)
{
    guint32 u;
    field_info *fi;
    ss_span_t via;

    m->method = ss_field_str(tree, HF(F_METHOD), span);
    if (ss_field_uint(tree, HF(F_STATUS), span, &u))
        m->status = u;
    m->is_request = m->method != NULL;
    if (m->status)
        m->reason = status_line_reason(pinfo, ss_field_str(tree, HF(F_STATUS_LINE), span));
    if (!m->reason)
        m->reason = ss_field_str(tree, HF(F_REASON), span);
    m->ruri = ss_field_str(tree, HF(F_RURI), span);
    m->ruri_user = ss_field_str(tree, HF(F_RURI_USER), span);
    m->call_id = ss_field_str(tree, HF(F_CALLID), span);
    m->from_tag = ss_field_str(tree, HF(F_FROM_TAG), span);
    m->to_tag = ss_field_str(tree, HF(F_TO_TAG), span);
    m->from_addr = ss_field_str(tree, HF(F_FROM_ADDR), span);
    m->from_user = ss_field_str(tree, HF(F_FROM_USER), span);
    m->from_display = ss_field_str(tree, HF(F_FROM_DISPLAY), span);
    m->to_addr = ss_field_str(tree, HF(F_TO_ADDR), span);
    m->to_user = ss_field_str(tree, HF(F_TO_USER), span);
    m->to_display = ss_field_str(tree, HF(F_TO_DISPLAY), span);
    m->has_cseq = ss_field_uint(tree, HF(F_CSEQ_SEQ), span, &m->cseq);
    m->cseq_method = ss_field_str(tree, HF(F_CSEQ_METHOD), span);

    m->via_count = ss_field_count(tree, HF(F_VIA_TRANSPORT), span);
    if (m->via_count == 0)
        m->via_count = ss_field_count(tree, HF(F_VIA), span);
    via = top_via_span(tree, span);
    m->via_transport = ss_field_str(tree, HF(F_VIA_TRANSPORT), &via);
    m->via_branch = ss_field_str(tree, HF(F_VIA_BRANCH), &via);
    m->via_host = ss_field_str(tree, HF(F_VIA_HOST), &via);
    if (ss_field_uint(tree, HF(F_VIA_PORT), &via, &u))
        m->via_port = (guint16)u;
    m->via_received = ss_field_str(tree, HF(F_VIA_RECEIVED), &via);
    m->via_rport = port_of(ss_field_str(tree, HF(F_VIA_RPORT), &via));

    m->contact_uri = ss_field_str(tree, HF(F_CONTACT_URI), span);
    m->contact_host = ss_field_str(tree, HF(F_CONTACT_HOST), span);
    m->contact_port = port_of(ss_field_str(tree, HF(F_CONTACT_PORT), span));
    m->record_route_count = ss_field_count(tree, HF(F_RR_URI), span);
    m->user_agent = ss_field_str(tree, HF(F_USER_AGENT), span);
    m->server = ss_field_str(tree, HF(F_SERVER), span);
    m->content_type = ss_field_str(tree, HF(F_CONTENT_TYPE), span);
    m->reason_hdr = ss_field_str(tree, HF(F_REASON_HDR), span);
    m->has_rseq = ss_field_uint(tree, HF(F_RSEQ), span, &m->rseq);
    m->has_rack = ss_field_uint(tree, HF(F_RACK_RSEQ), span, &m->rack_rseq);
    if (m->has_rack)
        ss_field_uint(tree, HF(F_RACK_CSEQ), span, &m->rack_cseq);
    m->has_expires = ss_field_uint(tree, HF(F_EXPIRES), span, &m->expires);
    m->ws_resend = ss_field_bool(tree, HF(F_RESEND), span);
    ss_field_uint(tree, HF(F_RESEND_ORIG), span, &m->ws_resend_original);

    fi = ss_field_first(tree, HF(F_BODY), span);
    if (fi)
        m->body = ss_fi_raw(pinfo->pool, fi, &m->body_len);

    /* A decompressed or reassembled body can live in another data source than the headers;
     * with a single message in the frame its SDP is still unambiguous. */
    fi = ss_field_first(tree, HF(F_SDP), only_message ? NULL : span);
    if (fi) {
        guint len = 0;
        guint8 *raw = ss_fi_raw(pinfo->pool, fi, &len);
        if (raw) {
            ss_sdp_t *sdp = ss_sdp_parse((const char *)raw, len);
            wmem_register_callback(pinfo->pool, free_sdp_cb, sdp);
            m->sdp = sdp;
        }
    }
}

const ss_sip_frame_t *ss_sip_frame_get(proto_tree *tree, packet_info *pinfo)
{
    ss_sip_frame_t *f;
    GPtrArray *sips;
    ss_endpoint_t src, dst;
    ss_transport_t transport;

    if (!tree || proto_sip_id <= 0)
        return NULL;
    /* most frames (RTP) have no SIP: answer that before touching the per-frame cache */
    sips = ss_field_array(tree, HF(F_SIP));
    if (!sips || sips->len == 0)
        return NULL;
    f = (ss_sip_frame_t *)p_get_proto_data(pinfo->pool, pinfo, proto_sip_id, SS_FRAME_CACHE_KEY);
    if (f)
        return f->n ? f : NULL;

    f = wmem_new0(pinfo->pool, ss_sip_frame_t);
    p_add_proto_data(pinfo->pool, pinfo, proto_sip_id, SS_FRAME_CACHE_KEY, f);
    /* SIP quoted inside an ICMP error is not a message of this frame's flow */
    if (proto_is_frame_protocol(pinfo->layers, "icmp") || proto_is_frame_protocol(pinfo->layers, "icmpv6"))
        return NULL;

    ss_pinfo_src(pinfo, &src);
    ss_pinfo_dst(pinfo, &dst);
    transport = frame_transport(pinfo);
    f->msg = wmem_alloc0_array(pinfo->pool, ss_sip_msg_t, sips->len);
    f->span = wmem_alloc0_array(pinfo->pool, ss_span_t, sips->len);
    for (guint i = 0; i < sips->len; i++) {
        field_info *sfi = (field_info *)g_ptr_array_index(sips, i);
        ss_sip_msg_t *m = &f->msg[f->n];
        f->span[f->n] = ss_span_of(sfi);
        m->frame = pinfo->num;
        m->index = f->n;
        m->ts_ns = ss_pinfo_ts_ns(pinfo);
        m->src = src;
        m->dst = dst;
        m->transport = transport;
        read_msg(tree, pinfo, &f->span[f->n], sips->len == 1, m);
        if (!m->method && !m->status)
            continue;        /* not a SIP start line (e.g. a continuation Wireshark could not parse) */
        m->call = ss_call_registry_get(calls, m->call_id, NULL);
        f->n++;
    }
    return f->n ? f : NULL;
}
