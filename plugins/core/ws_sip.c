/* ws_sip.c: reads the SIP messages of a frame into ss_sip_msg_t (see ws_sip.h). */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/proto_data.h>
#include <wsutil/wmem/wmem_user_cb.h>

#include <string.h>

#include "plugins/core/ws_sip.h"
#include "plugins/core/sip_parse.h"
#include "plugins/core/sip_body.h"
#include "plugins/core/ws_input.h"
#include "plugins/core/ws_layers.h"
#include "plugins/core/ws_part.h"

/* Only the message boundaries come from Wireshark (its `sip` item or sip_follow tap, after
 * TCP/TLS/WebSocket reassembly); the message and its body are parsed by sip_parse.c and
 * sip_body.c. See sip_parse.h for why. */
enum { F_SIP, F_COUNT };

static ss_field_t sip_fields[F_COUNT] = {
    [F_SIP] = { "sip", -1 },
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

static ss_transport_t frame_transport(const packet_info *pinfo)
{
    guint32 layers = ss_frame_layers(pinfo);
    gboolean tls = (layers & SS_LAYER_BIT(SS_LAYER_TLS)) != 0;
    if (layers & SS_LAYER_BIT(SS_LAYER_WEBSOCKET))
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

static gboolean free_parsed_cb(wmem_allocator_t *a, wmem_cb_event_t ev, void *data)
{
    ss_sip_parsed_free((ss_sip_parsed_t *)data);
    return FALSE;   /* once */
}

/* The message's own bytes -> ss_sip_msg_t, with its SDP (the body's, sip_body.h). FALSE when the
 * bytes are not a SIP message (a continuation Wireshark could not parse, junk). */
static gboolean read_msg(packet_info *pinfo, const ss_span_t *span, ss_sip_msg_t *m)
{
    guint len = 0;
    guint8 *raw = ss_span_raw(pinfo->pool, span, &len);
    ss_sip_parsed_t *parsed;
    gsize off = 0, slen = 0;

    if (!raw)
        return FALSE;
    parsed = ss_sip_parse(raw, len, m);
    if (!parsed)
        return FALSE;
    wmem_register_callback(pinfo->pool, free_parsed_cb, parsed);
    if (m->body && ss_sip_body_sdp(m->content_type, m->body, m->body_len, &off, &slen)) {
        ss_sdp_t *sdp = ss_sdp_parse((const char *)m->body + off, slen);
        wmem_register_callback(pinfo->pool, free_sdp_cb, sdp);
        m->sdp = sdp;
    }
    return TRUE;
}

/* Tap mode: the sip_follow tap gives each message's tvb but not its offset; messages sharing a
 * tvb (several in one TCP segment) follow each other, each where the previous one ended. */
static void tap_span(guint i, tvbuff_t **prev, gint *next_off, ss_span_t *span)
{
    tvbuff_t *tvb = ss_input_sip_tvb(i);
    gint off = tvb == *prev ? *next_off : 0;
    gint rest = tvb_captured_length_remaining(tvb, off);
    *span = ss_span_of_tvb(tvb, off, rest > 0 ? rest : 0);
    *prev = tvb;
    *next_off = off;
}

const ss_sip_frame_t *ss_sip_frame_get(proto_tree *tree, packet_info *pinfo)
{
    ss_sip_frame_t *f;
    GPtrArray *sips = NULL;
    ss_endpoint_t src, dst;
    ss_transport_t transport;
    gboolean from_taps = ss_part_computing();
    tvbuff_t *prev = NULL;
    gint next_off = 0;
    guint n;

    if (proto_sip_id <= 0)
        return NULL;
    /* most frames (RTP) have no SIP: answer that before touching the per-frame cache */
    if (from_taps) {
        n = ss_input_sip_count();
    } else {
        sips = ss_field_array(tree, HF(F_SIP));
        n = sips ? sips->len : 0;
    }
    if (n == 0)
        return NULL;
    f = (ss_sip_frame_t *)p_get_proto_data(pinfo->pool, pinfo, proto_sip_id, SS_FRAME_CACHE_KEY);
    if (f)
        return f->n ? f : NULL;

    f = wmem_new0(pinfo->pool, ss_sip_frame_t);
    p_add_proto_data(pinfo->pool, pinfo, proto_sip_id, SS_FRAME_CACHE_KEY, f);
    /* SIP quoted inside an ICMP error is not a message of this frame's flow */
    if (ss_frame_is_icmp(pinfo))
        return NULL;

    ss_pinfo_src(pinfo, &src);
    ss_pinfo_dst(pinfo, &dst);
    transport = frame_transport(pinfo);
    f->msg = wmem_alloc0_array(pinfo->pool, ss_sip_msg_t, n);
    f->span = wmem_alloc0_array(pinfo->pool, ss_span_t, n);
    if (!from_taps)
        n = ss_proto_spans(sips, f->span, n);
    for (guint i = 0; i < n; i++) {
        ss_sip_msg_t *m = &f->msg[f->n];
        if (from_taps)
            tap_span(i, &prev, &next_off, &f->span[i]);
        f->span[f->n] = f->span[i];
        if (!read_msg(pinfo, &f->span[f->n], m)) {
            memset(m, 0, sizeof *m);
            continue;          /* not a SIP start line (a continuation Wireshark could not parse) */
        }
        next_off += (gint)m->wire_len;
        m->frame = pinfo->num;
        m->index = f->n;
        m->ts_ns = ss_pinfo_ts_ns(pinfo);
        m->src = src;
        m->dst = dst;
        m->transport = transport;
        m->call = ss_call_registry_get(calls, m->call_id, NULL);
        f->n++;
    }
    return f->n ? f : NULL;
}
