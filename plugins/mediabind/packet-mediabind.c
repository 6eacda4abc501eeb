/* packet-mediabind.c: epan glue of the mediabind protocol (media bound to its SDP).
 *
 * First pass: every SIP message with a Call-ID goes to the media map (media_map.c), which
 * pairs SDP offers and answers; every RTP, RTCP and T.38/UDPTL packet, and UDP payload
 * Wireshark left undecoded but that goes to or comes from an SDP-announced address, is
 * bound to its stream. The frame keeps one pointer-sized value (mediabind_frame_t) in a
 * paged frame-number table (frame_table.h).
 * Every pass: the fields are rendered from that value, the shared stream/binding/call
 * objects and the frame's own bytes (payload type), and the frame is queued to the
 * sipscope tap as a mediabind_pkt_t. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/expert.h>

#include "plugins/core/sipscope.h"
#include "plugins/core/ws_part.h"
#include "plugins/core/ws_sip.h"
#include "plugins/core/ws_fields.h"
#include "plugins/core/ws_input.h"
#include "plugins/core/ws_layers.h"
#include "plugins/mediabind/media_map.h"
#include "plugins/mediabind/rtp_header.h"
#include "plugins/mediabind/frame_table.h"
#include "plugins/mediabind/ws_mediabind.h"
#include "plugins/sipdialog/ws_dialog.h"

static int proto_mediabind = -1;

static int hf_call = -1;
static int hf_call_id = -1;
static int hf_leg = -1;
static int hf_stream = -1;
static int hf_kind = -1;
static int hf_media = -1;
static int hf_offer = -1;
static int hf_answer = -1;
static int hf_codec = -1;
static int hf_pt_negotiated = -1;
static int hf_direction = -1;
static int hf_sdp_addr = -1;
static int hf_addr_match = -1;
static int hf_candidate = -1;
static int hf_src_match = -1;
static int hf_phase = -1;
static int hf_decoded_by = -1;
static int hf_ssrc_changed = -1;
static int hf_duplicate = -1;
static int hf_out_of_order = -1;
static int hf_oneway = -1;
static int hf_st = -1;
static int hf_st_first = -1;
static int hf_st_last = -1;
static int hf_st_packets = -1;
static int hf_st_bytes = -1;
static int hf_st_expected = -1;
static int hf_st_lost = -1;
static int hf_st_lost_cum = -1;
static int hf_st_dups = -1;
static int hf_st_ooo = -1;
static int hf_st_ssrc_changes = -1;
static int hf_st_jitter = -1;
static int hf_st_max_jitter = -1;
static int hf_st_mean_jitter = -1;
static int hf_st_max_delta = -1;
static int hf_st_duration = -1;
static int hf_st_pt_mismatch = -1;

static gint ett_mediabind = -1;
static gint ett_stream = -1;

static expert_field ei_addr_mismatch = EI_INIT;
static expert_field ei_pt_not_negotiated = EI_INIT;
static expert_field ei_after_bye = EI_INIT;
static expert_field ei_oneway = EI_INIT;
static expert_field ei_ssrc_change = EI_INIT;

/* The media packet is read from the frame's bytes: the protocol items give where it starts,
 * the UDP header before them where the datagram ends (no Ethernet padding). Only protocol
 * items are primed: udp.payload would copy every payload into a byte array. */
enum { F_RTP, F_RTCP, F_SRTCP, F_T38, F_DATA, F_COUNT };
static ss_field_t fields[F_COUNT] = {
    [F_RTP]         = { "rtp", -1 },
    [F_RTCP]        = { "rtcp", -1 },
    [F_SRTCP]       = { "srtcp", -1 },
    [F_T38]         = { "t38", -1 },
    [F_DATA]        = { "data", -1 },
};
#define HF(f) (fields[f].hf)

static mb_map_t *map;
/* the per-frame records: one guintptr per frame (see frame_table.h for why not
 * p_add_proto_data) */
static mb_frame_table_t *frames;
/* Frames whose RTP header is not at their stream's offset in the frame: their payload type,
 * so that visited passes can still name the codec (rare: varying encapsulation). */
static wmem_map_t *pt_exceptions;

/* ---------------------------------------------------------------------------------- */

const mb_map_t *mediabind_map(void)
{
    return map;
}

static void mb_init(void)
{
    mb_map_free(map);
    map = mb_map_new();
    mb_frame_table_free(frames);
    frames = mb_frame_table_new();
    pt_exceptions = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
}

static void mb_cleanup(void)
{
    mb_map_free(map);
    map = NULL;
    mb_frame_table_free(frames);
    frames = NULL;
    pt_exceptions = NULL;
}

static void want(GArray *w)
{
    ss_fields_want(w, fields, F_COUNT);
    sd_dialog_want(w);      /* the dialog engine runs for us even with sipdialog disabled */
}

/* ---------------------------------------------------------------------------------- */
/* first pass                                                                          */

/* Who sent a message: the dialog engine knows the caller's tag (From of the initial
 * request); requests travel from their From, responses towards it. */
static mb_role_t sender_of(const ss_sip_msg_t *msg, const sipdialog_msg_t *dm)
{
    gboolean from_caller;
    if (!dm || !dm->call || !dm->call->caller_tag || !msg->from_tag)
        return MB_ROLE_UNKNOWN;
    from_caller = strcmp(msg->from_tag, dm->call->caller_tag) == 0;
    return (msg->is_request == from_caller) ? MB_ROLE_CALLER : MB_ROLE_CALLEE;
}

static void feed_sip(proto_tree *tree, packet_info *pinfo)
{
    const ss_sip_frame_t *f = ss_sip_frame_get(tree, pinfo);
    const sipdialog_frame_t *d;
    if (!f)
        return;
    d = sd_frame_get(tree, pinfo);
    for (guint i = 0; i < f->n; i++) {
        const ss_sip_msg_t *msg = &f->msg[i];
        const sipdialog_msg_t *dm = NULL;
        mb_sig_t s;
        if (!msg->call)
            continue;
        for (guint j = 0; d && j < d->n; j++)
            if (d->msg[j].index == msg->index)
                dm = &d->msg[j];
        memset(&s, 0, sizeof s);
        s.frame = msg->frame;
        s.call = msg->call;
        s.leg = dm ? dm->leg : 0;
        s.sender = sender_of(msg, dm);
        s.is_request = msg->is_request;
        s.method = msg->method;
        s.status = msg->status;
        s.cseq_method = msg->cseq_method;
        s.cseq = msg->cseq;
        s.from_tag = msg->from_tag;
        s.to_tag = msg->to_tag;
        s.src = msg->src;
        s.dst = msg->dst;
        s.sdp = msg->sdp;
        mb_map_signal(map, &s);
    }
}

/* The end of the UDP datagram holding a field: it bounds the media packet (no Ethernet
 * padding). Media that UDP hands straight to RTP/RTCP/UDPTL/data starts right after the UDP
 * header, so the header is read from the 8 bytes before the field when its ports are the
 * frame's; otherwise (media inside TURN ChannelData, ...) the data source's end bounds it.
 * Reading the header instead of priming udp/udp.length saves two tree items per packet. */
static gint payload_end(packet_info *pinfo, tvbuff_t *ds, gint start)
{
    gint end = start + tvb_captured_length_remaining(ds, start);
    gint h = start - 8;
    if (h >= 0 && tvb_bytes_exist(ds, h, 8) && tvb_get_ntohs(ds, h) == pinfo->srcport &&
        tvb_get_ntohs(ds, h + 2) == pinfo->destport) {
        gint len = tvb_get_ntohs(ds, h + 4);
        if (len >= 8 && h + len > start && h + len < end)
            end = h + len;
    }
    return end;
}

static field_info *last_field(proto_tree *tree, int hf)
{
    GPtrArray *a = ss_field_array(tree, hf);
    return (a && a->len) ? (field_info *)g_ptr_array_index(a, a->len - 1) : NULL;
}

/* The protocols of a frame mediabind cares about (ws_layers.h: one walk per frame). */
#define L_RTP   SS_LAYER_BIT(SS_LAYER_RTP)
#define L_RTCP  SS_LAYER_BIT(SS_LAYER_RTCP)
#define L_SRTCP SS_LAYER_BIT(SS_LAYER_SRTCP)
#define L_DATA  SS_LAYER_BIT(SS_LAYER_DATA)
#define L_T38   SS_LAYER_BIT(SS_LAYER_T38)
/* not media: SIP, ICMP errors quoting a datagram, STUN/DTLS on the 5-tuple */
#define L_NOT_MEDIA (SS_LAYER_BIT(SS_LAYER_SIP) | SS_LAYER_BIT(SS_LAYER_ICMP) | SS_LAYER_BIT(SS_LAYER_ICMPV6) | \
                     SS_LAYER_BIT(SS_LAYER_STUN) | SS_LAYER_BIT(SS_LAYER_CLASSICSTUN) | SS_LAYER_BIT(SS_LAYER_DTLS))

static mediabind_frame_t bind_media(tvbuff_t *tvb, proto_tree *tree, packet_info *pinfo, gint *pt_out)
{
    field_info *fi;
    tvbuff_t *ds;
    gboolean undecoded = FALSE;
    mb_media_t pkt;
    const guint8 *p = NULL;
    gint start, end = 0;
    guint layers;

    *pt_out = -1;
    if (pinfo->ptype != PT_UDP)
        return 0;
    /* not media: SIP, ICMP errors quoting a datagram, and STUN/DTLS that share the media
     * 5-tuple (Wireshark's RTP dissector adds its item before handing those over) */
    layers = ss_frame_layers(pinfo);
    if (layers & L_NOT_MEDIA)
        return 0;
    memset(&pkt, 0, sizeof pkt);
    if (ss_part_computing()) {
        /* from the taps: media goes straight over UDP (the layers say which), from the payload */
        tvbuff_t *payload = ss_input_udp_payload();
        if (!payload)
            return 0;
        if (layers & L_RTP)
            pkt.kind = MB_KIND_RTP;
        else if (layers & (L_RTCP | L_SRTCP))
            pkt.kind = MB_KIND_RTCP;
        else if (layers & L_T38)
            pkt.kind = MB_KIND_UDPTL;
        else if (layers & L_DATA)
            undecoded = TRUE;
        else
            return 0;
        ds = tvb_get_ds_tvb(payload);
        start = tvb_raw_offset(payload);
        end = start + (gint)tvb_captured_length(payload);   /* udp_follow's tvb: the UDP length */
    } else {
        if ((fi = last_field(tree, HF(F_RTP))) != NULL) {
            pkt.kind = MB_KIND_RTP;
        } else if ((fi = ss_field_first(tree, HF(F_RTCP), NULL)) != NULL ||
                   (fi = ss_field_first(tree, HF(F_SRTCP), NULL)) != NULL) {
            /* a compound packet has an item per RTCP packet: the datagram starts at the first */
            pkt.kind = MB_KIND_RTCP;
        } else if ((fi = last_field(tree, HF(F_T38))) != NULL) {
            pkt.kind = MB_KIND_UDPTL;
        } else if ((layers & L_DATA) && (fi = last_field(tree, HF(F_DATA))) != NULL) {
            undecoded = TRUE;
        } else {
            return 0;
        }
        ds = fi->ds_tvb;
        start = fi->start;
    }
    if (undecoded) {
        /* undecoded UDP: media only if an SDP announced one of its addresses and the bytes
         * are a valid RTP or RTCP packet */
        ss_endpoint_t src, dst;
        ss_pinfo_src(pinfo, &src);
        ss_pinfo_dst(pinfo, &dst);
        if (!mb_map_known(map, &dst) && !mb_map_known(map, &src))
            return 0;
        pkt.decoded_by_sipscope = TRUE;
    }
    if (!ds)
        return 0;
    if (!ss_part_computing())
        end = payload_end(pinfo, ds, start);
    if (end > start && tvb_bytes_exist(ds, start, end - start))
        p = tvb_get_ptr(ds, start, end - start);
    if (pkt.kind == MB_KIND_RTP && !pkt.decoded_by_sipscope &&
        (!p || mb_pkt_classify(p, (gsize)(end - start)) != MB_PKT_RTP))
        return 0;       /* not version 2: whatever Wireshark tried, it is not RTP */
    if (pkt.decoded_by_sipscope) {
        mb_pkt_kind_t k = p ? mb_pkt_classify(p, (gsize)(end - start)) : MB_PKT_INVALID;
        if (k == MB_PKT_RTP)
            pkt.kind = MB_KIND_RTP;
        else if (k == MB_PKT_RTCP) {
            mb_rtcp_hdr_t rh;
            if (!mb_rtcp_parse(p, (gsize)(end - start), &rh))
                return 0;
            pkt.kind = MB_KIND_RTCP;
        } else
            return 0;
    }
    pkt.frame = pinfo->num;
    ss_pinfo_src(pinfo, &pkt.src);
    ss_pinfo_dst(pinfo, &pkt.dst);
    pkt.ts_ns = ss_pinfo_ts_ns(pinfo);
    pkt.len = end > start ? (guint)(end - start) : 0;
    pkt.rtp_offset = (guint)start;
    if (pkt.kind == MB_KIND_RTP && p) {
        mb_rtp_hdr_t h;
        if (mb_rtp_parse(p, (gsize)(end - start), &h)) {
            pkt.has_rtp = TRUE;
            pkt.seq = h.seq;
            pkt.timestamp = h.timestamp;
            pkt.ssrc = h.ssrc;
            pkt.pt = h.pt;
            pkt.marker = h.marker;
            *pt_out = h.pt;
        } else if (pkt.decoded_by_sipscope) {
            return 0;           /* not trusted without a valid header */
        }
    }
    {
        mediabind_frame_t rec = mb_map_media(map, &pkt);
        mediabind_stream_t *s = mediabind_frame_stream(rec);
        /* visited passes re-read the payload type at the stream's offset in the frame */
        if (s && *pt_out >= 0 && (ds != tvb || (guint)start != s->rtp_offset))
            wmem_map_insert(pt_exceptions, GUINT_TO_POINTER(pinfo->num), GINT_TO_POINTER(*pt_out + 1));
        return rec;
    }
}

/* The payload type of a bound RTP frame on a visited pass. */
static gint frame_pt(tvbuff_t *tvb, packet_info *pinfo, const mediabind_stream_t *s)
{
    gpointer e;
    if (s->kind != MB_KIND_RTP)
        return -1;
    e = wmem_map_lookup(pt_exceptions, GUINT_TO_POINTER(pinfo->num));
    if (e)
        return GPOINTER_TO_INT(e) - 1;
    if (tvb_captured_length_remaining(tvb, s->rtp_offset) < 12)
        return -1;
    if ((tvb_get_guint8(tvb, s->rtp_offset) >> 6) != 2)
        return -1;
    return tvb_get_guint8(tvb, s->rtp_offset + 1) & 0x7f;
}

/* ---------------------------------------------------------------------------------- */
/* rendering                                                                           */

/* early / established / after-bye from the dialog engine's call milestones (first 2xx to
 * the initial INVITE, first BYE); the media map's own when the engine has no such call */
static mediabind_phase_t frame_phase(const mediabind_stream_t *s, guint32 frame)
{
    const sd_call_t *c = sd_call_get(s->call->call);
    mediabind_call_t m;
    if (!c)
        return mediabind_phase(s->call, frame);
    memset(&m, 0, sizeof m);
    m.answer_frame = c->answer_frame;
    m.bye_frame = c->bye_frame;
    return mediabind_phase(&m, frame);
}

static guint32 call_bye_frame(const mediabind_stream_t *s)
{
    const sd_call_t *c = sd_call_get(s->call->call);
    return c ? c->bye_frame : s->call->bye_frame;
}

static proto_item *add_gen(proto_item *ti)
{
    if (ti)
        proto_item_set_generated(ti);
    return ti;
}

static void add_ms(proto_tree *t, int hf, tvbuff_t *tvb, double v)
{
    add_gen(proto_tree_add_double_format_value(t, hf, tvb, 0, 0, v, "%.3f ms", v));
}

static void render_stream_stats(proto_tree *tree, tvbuff_t *tvb, const mediabind_stream_t *s)
{
    const mb_rtp_stats_t *st = &s->stats;
    proto_item *ti = add_gen(proto_tree_add_uint(tree, hf_st, tvb, 0, 0, s->number));
    proto_tree *t = proto_item_add_subtree(ti, ett_stream);
    nstime_t d;

    proto_item_append_text(ti, " (%s %s, totals of this flow under this negotiation)",
                           mediabind_kind_str(s->kind), mediabind_dir_str(s->direction));
    add_gen(proto_tree_add_uint(t, hf_st_first, tvb, 0, 0, s->first_frame));
    add_gen(proto_tree_add_uint(t, hf_st_last, tvb, 0, 0, s->last_frame));
    add_gen(proto_tree_add_uint(t, hf_st_packets, tvb, 0, 0, st->packets));
    add_gen(proto_tree_add_uint64(t, hf_st_bytes, tvb, 0, 0, st->bytes));
    d.secs = (time_t)((st->last_ns - st->first_ns) / 1000000000);
    d.nsecs = (int)((st->last_ns - st->first_ns) % 1000000000);
    add_gen(proto_tree_add_time(t, hf_st_duration, tvb, 0, 0, &d));
    if (s->kind != MB_KIND_RTP)
        return;
    add_gen(proto_tree_add_uint64(t, hf_st_expected, tvb, 0, 0, mb_rtp_stats_expected(st)));
    add_gen(proto_tree_add_int64(t, hf_st_lost, tvb, 0, 0, mb_rtp_stats_lost(st)));
    add_gen(proto_tree_add_int64(t, hf_st_lost_cum, tvb, 0, 0, mb_rtp_stats_lost_cumulative(st)));
    add_gen(proto_tree_add_uint(t, hf_st_dups, tvb, 0, 0, st->duplicates));
    add_gen(proto_tree_add_uint(t, hf_st_ooo, tvb, 0, 0, st->out_of_order));
    add_gen(proto_tree_add_uint(t, hf_st_ssrc_changes, tvb, 0, 0, st->ssrc_changes));
    add_gen(proto_tree_add_uint(t, hf_st_pt_mismatch, tvb, 0, 0, s->pt_mismatch));
    add_ms(t, hf_st_jitter, tvb, st->jitter_ms);
    add_ms(t, hf_st_max_jitter, tvb, st->max_jitter_ms);
    add_ms(t, hf_st_mean_jitter, tvb, st->mean_jitter_ms);
    add_ms(t, hf_st_max_delta, tvb, (double)st->max_delta_ns / 1e6);
}

/* What a frame's mediabind record says on a frame: computed for every media packet, so it
 * stays short; the items, made only when asked for or when there is an expert info to
 * attach, are out of line (most packets never reach them, and their code stays out of the
 * instruction cache that Wireshark's own per-packet path needs). */
typedef struct {
    const mediabind_stream_t *s;
    guint flags;
    mediabind_phase_t phase;
    gint pt;
    const mediabind_fmt_t *fmt;
    gboolean negotiated, mismatch_note, oneway_note, oneway;
} frame_facts_t;

static G_GNUC_NO_INLINE __attribute__((cold))
void render_items(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const frame_facts_t *ff)
{
    const mediabind_stream_t *s = ff->s;
    const mediabind_binding_t *b = s->binding;
    const mediabind_sdp_side_t *recv = mediabind_stream_receiver(s);
    guint flags = ff->flags;
    mediabind_phase_t phase = ff->phase;
    gboolean visited = PINFO_FD_VISITED(pinfo);
    gint pt = ff->pt;
    const mediabind_fmt_t *fmt = ff->fmt;
    gboolean negotiated = ff->negotiated, mismatch_note = ff->mismatch_note;
    gboolean oneway_note = ff->oneway_note, oneway = ff->oneway;
    gboolean sipscope_decoded;
    proto_item *ti, *top;
    proto_tree *mt;
    char buf[64], ebuf[SS_ENDPOINT_STRLEN], sbuf[SS_ENDPOINT_STRLEN];

    if (visited && s->kind == MB_KIND_RTP && !oneway_note)
        oneway = mediabind_stream_oneway(s);
    sipscope_decoded = s->kind != MB_KIND_UDPTL && !(ss_frame_layers(pinfo) & (L_RTP | L_RTCP | L_SRTCP));

    top = proto_tree_add_item(tree, proto_mediabind, tvb, 0, 0, ENC_NA);
    add_gen(top);
    mt = proto_item_add_subtree(top, ett_mediabind);
    proto_item_append_text(top, ", call %u stream %u %s %s", s->call->call, s->number,
                           mediabind_kind_str(s->kind), mediabind_dir_str(s->direction));

    add_gen(proto_tree_add_uint(mt, hf_call, tvb, 0, 0, s->call->call));
    {
        const char *cid = ss_call_registry_call_id(ss_calls(), s->call->call);
        if (cid)
            add_gen(proto_tree_add_string(mt, hf_call_id, tvb, 0, 0, cid));
    }
    add_gen(proto_tree_add_uint(mt, hf_leg, tvb, 0, 0, b->leg));
    add_gen(proto_tree_add_uint(mt, hf_stream, tvb, 0, 0, s->number));
    add_gen(proto_tree_add_string(mt, hf_kind, tvb, 0, 0, mediabind_kind_str(s->kind)));
    if (b->media[0])
        add_gen(proto_tree_add_string(mt, hf_media, tvb, 0, 0, b->media));
    add_gen(proto_tree_add_uint(mt, hf_offer, tvb, 0, 0, b->offer_frame));
    if (b->answer_frame)
        add_gen(proto_tree_add_uint(mt, hf_answer, tvb, 0, 0, b->answer_frame));
    /* strings are formatted only when someone looks at them (most RTP frames are dissected
     * with an invisible tree for the wanted fields only) */
    if (pt >= 0) {
        if (!negotiated || proto_field_is_referenced(tree, hf_codec))
            add_gen(proto_tree_add_string(mt, hf_codec, tvb, 0, 0,
                                          mediabind_fmt_str(fmt, (guint8)pt, buf, sizeof buf)));
        ti = add_gen(proto_tree_add_boolean(mt, hf_pt_negotiated, tvb, 0, 0, negotiated));
        if (!negotiated)
            expert_add_info_format(pinfo, ti, &ei_pt_not_negotiated,
                                   "Payload type %d (%s) was not negotiated in the SDP offer/answer (frames %u/%u)",
                                   pt, buf, b->offer_frame, b->answer_frame);
    }
    add_gen(proto_tree_add_string(mt, hf_direction, tvb, 0, 0, mediabind_dir_str(s->direction)));
    if (recv && (mismatch_note || proto_field_is_referenced(tree, hf_sdp_addr))) {
        const ss_endpoint_t *ann = s->kind == MB_KIND_RTCP ? &recv->rtcp : &recv->rtp;
        add_gen(proto_tree_add_string(mt, hf_sdp_addr, tvb, 0, 0, ss_endpoint_to_str(ann, ebuf, sizeof ebuf)));
    }
    ti = add_gen(proto_tree_add_boolean(mt, hf_addr_match, tvb, 0, 0, s->addr_match));
    if (mismatch_note)
        expert_add_info_format(pinfo, ti, &ei_addr_mismatch,
                               "Media sent to %s, which no SDP of call %u announced (receiver's SDP: %s): NAT or latching",
                               ss_endpoint_to_str(&s->dst, sbuf, sizeof sbuf), s->call->call,
                               recv ? ebuf : "none");
    {
        int sm = mediabind_stream_src_match(s);
        if (sm >= 0)
            add_gen(proto_tree_add_boolean(mt, hf_src_match, tvb, 0, 0, sm));
    }
    if (mediabind_cand_str(s->cand_type))
        add_gen(proto_tree_add_string(mt, hf_candidate, tvb, 0, 0, mediabind_cand_str(s->cand_type)));
    ti = add_gen(proto_tree_add_string(mt, hf_phase, tvb, 0, 0, mediabind_phase_str(phase)));
    if (phase == MB_PHASE_AFTER_BYE)
        expert_add_info_format(pinfo, ti, &ei_after_bye, "Media after the BYE of call %u (frame %u)",
                               s->call->call, call_bye_frame(s));
    if (sipscope_decoded)
        add_gen(proto_tree_add_string(mt, hf_decoded_by, tvb, 0, 0, "sipscope"));
    if (flags & MB_FRAME_SSRC_CHANGED) {
        ti = add_gen(proto_tree_add_boolean(mt, hf_ssrc_changed, tvb, 0, 0, TRUE));
        expert_add_info(pinfo, ti, &ei_ssrc_change);
    }
    if (flags & MB_FRAME_DUPLICATE)
        add_gen(proto_tree_add_boolean(mt, hf_duplicate, tvb, 0, 0, TRUE));
    if (flags & MB_FRAME_OUT_OF_ORDER)
        add_gen(proto_tree_add_boolean(mt, hf_out_of_order, tvb, 0, 0, TRUE));

    if (visited) {
        if (s->kind == MB_KIND_RTP) {
            ti = add_gen(proto_tree_add_boolean(mt, hf_oneway, tvb, 0, 0, oneway));
            if (oneway_note)
                expert_add_info_format(pinfo, ti, &ei_oneway,
                                       "One-way media: no RTP flowed back on stream %u of call %u",
                                       s->number, s->call->call);
        }
        render_stream_stats(mt, tvb, s);
    }
}

static void render(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, mediabind_frame_t rec, gint pt)
{
    const mediabind_stream_t *s = mediabind_frame_stream(rec);
    guint flags = (guint)(rec & MB_FRAME_FLAG_MASK);
    mediabind_phase_t phase = frame_phase(s, pinfo->num);
    gboolean visited = PINFO_FD_VISITED(pinfo);
    mediabind_pkt_t *tp;
    const mediabind_fmt_t *fmt = NULL;
    gboolean negotiated = TRUE, mismatch_note;
    gboolean oneway = FALSE, oneway_note;

    if (pt >= 0 && !visited && s->last_pt.gen && s->last_pt.pt == pt) {
        fmt = s->last_pt.fmt;           /* what mb_map_media just found for this packet */
        negotiated = s->last_pt.negotiated;
    } else if (pt >= 0) {
        fmt = mediabind_stream_fmt(s, (guint8)pt, &negotiated);
    }
    mismatch_note = !s->addr_match && phase != MB_PHASE_AFTER_BYE;
    /* stream-level facts are final only once the whole capture has been read */
    oneway_note = visited && s->kind == MB_KIND_RTP && s->first_frame == pinfo->num &&
                  (oneway = mediabind_stream_oneway(s));

    /* Most frames are RTP dissected with an invisible tree that only carries the wanted
     * fields: without an expert info to attach and with no mediabind field asked for,
     * there is nothing to add (the tap below still gets the frame). */
    if (!negotiated || mismatch_note || phase == MB_PHASE_AFTER_BYE || (flags & MB_FRAME_SSRC_CHANGED) ||
        oneway_note || proto_field_is_referenced(tree, proto_mediabind)) {
        frame_facts_t ff = { s, flags, phase, pt, fmt, negotiated, mismatch_note, oneway_note, oneway };
        render_items(tvb, pinfo, tree, &ff);
    }

    tp = wmem_new0(pinfo->pool, mediabind_pkt_t);
    tp->stream = s;
    tp->frame = pinfo->num;
    tp->flags = flags;
    tp->phase = phase;
    tp->has_pt = pt >= 0;
    tp->pt = pt >= 0 ? (guint8)pt : 0;
    tp->pt_negotiated = negotiated;
    tp->fmt = fmt;
    ss_tap_queue(pinfo, SS_TAP_MEDIA, tp);
}

static int dissect_mediabind(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    mediabind_frame_t rec;
    gint pt = -1;

    if (!map || !frames)
        return 0;
    if (!PINFO_FD_VISITED(pinfo)) {
        if (!tree && !ss_part_computing())
            return 0;
        feed_sip(tree, pinfo);
        rec = bind_media(tvb, tree, pinfo, &pt);
        if (!rec)
            return 0;
        if (!ss_input_single_pass())
            mb_frame_table_set(frames, pinfo->num, rec);   /* a pointer per media packet */
    } else {
        rec = mb_frame_table_get(frames, pinfo->num);
        if (!rec)
            return 0;
        pt = frame_pt(tvb, pinfo, mediabind_frame_stream(rec));
    }
    render(tvb, pinfo, tree, rec, pt);
    return 0;
}

/* ---------------------------------------------------------------------------------- */

void mediabind_register(void)
{
    /* SIP for the offers and answers, and what media can arrive as (bind_media) */
    static ss_part_t part = { &proto_mediabind, dissect_mediabind, want,
                              SS_LAYER_BIT(SS_LAYER_SIP) | L_RTP | L_RTCP | L_SRTCP | L_T38 | L_DATA };
    static hf_register_info hf[] = {
        { &hf_call, { "Call", "mediabind.call", FT_UINT32, BASE_DEC, NULL, 0x0,
            "The call (sipdialog.call) whose SDP negotiated this media", HFILL } },
        { &hf_call_id, { "Call-ID", "mediabind.call_id", FT_STRING, BASE_NONE, NULL, 0x0,
            "Call-ID of that call", HFILL } },
        { &hf_leg, { "Leg", "mediabind.leg", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Dialog of the call that negotiated this media (1 = first To-tag)", HFILL } },
        { &hf_stream, { "Stream", "mediabind.stream", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Stream number within the call: the SDP m-line (1 = first)", HFILL } },
        { &hf_kind, { "Kind", "mediabind.kind", FT_STRING, BASE_NONE, NULL, 0x0,
            "RTP, RTCP or UDPTL", HFILL } },
        { &hf_media, { "Media", "mediabind.media", FT_STRING, BASE_NONE, NULL, 0x0,
            "Media type of the m-line (audio, video, image)", HFILL } },
        { &hf_offer, { "SDP offer", "mediabind.offer", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "Frame of the SDP offer", HFILL } },
        { &hf_answer, { "SDP answer", "mediabind.answer", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "Frame of the SDP answer", HFILL } },
        { &hf_codec, { "Codec", "mediabind.codec", FT_STRING, BASE_NONE, NULL, 0x0,
            "Codec of the payload type, from a=rtpmap or the static table", HFILL } },
        { &hf_pt_negotiated, { "Payload type negotiated", "mediabind.pt_negotiated", FT_BOOLEAN, BASE_NONE,
            NULL, 0x0, "The payload type is in both the offer and the answer", HFILL } },
        { &hf_direction, { "Direction", "mediabind.direction", FT_STRING, BASE_NONE, NULL, 0x0,
            "caller->callee or callee->caller", HFILL } },
        { &hf_sdp_addr, { "SDP address", "mediabind.sdp_addr", FT_STRING, BASE_NONE, NULL, 0x0,
            "What the receiver announced in SDP (c=/m=, a=rtcp or port+1 for RTCP)", HFILL } },
        { &hf_addr_match, { "Address matches SDP", "mediabind.addr_match", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The destination is what the receiver announced: its SDP address or one of its ICE candidates", HFILL } },
        { &hf_src_match, { "Source matches SDP", "mediabind.src_match", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The source is what the sender announced in SDP (its address or an ICE candidate); "
            "false behind a NAT seen from inside, or with asymmetric RTP", HFILL } },
        { &hf_candidate, { "ICE candidate", "mediabind.candidate", FT_STRING, BASE_NONE, NULL, 0x0,
            "Type of the receiver's ICE candidate the destination matched (host, srflx, prflx, relay)", HFILL } },
        { &hf_phase, { "Phase", "mediabind.phase", FT_STRING, BASE_NONE, NULL, 0x0,
            "early (before the call's 2xx), established, after-bye", HFILL } },
        { &hf_decoded_by, { "Decoded by", "mediabind.decoded_by", FT_STRING, BASE_NONE, NULL, 0x0,
            "sipscope: Wireshark did not decode this packet as RTP/RTCP (e.g. STUN took the 5-tuple); "
            "sipscope validated and read its header", HFILL } },
        { &hf_ssrc_changed, { "SSRC changed", "mediabind.ssrc_changed", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "First packet of a new SSRC in this stream", HFILL } },
        { &hf_duplicate, { "Duplicate", "mediabind.duplicate", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Same sequence number as a recent packet of the stream", HFILL } },
        { &hf_out_of_order, { "Out of order", "mediabind.out_of_order", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Lower sequence number than a packet already received", HFILL } },
        { &hf_oneway, { "One-way", "mediabind.oneway", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The call was answered, SDP allowed media back, and no RTP of this m-line flowed back "
            "(known once the whole capture was read: two-pass/GUI)", HFILL } },
        { &hf_st, { "Stream totals", "mediabind.stream.totals", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Statistics of this stream (two-pass/GUI only)", HFILL } },
        { &hf_st_first, { "First packet", "mediabind.stream.first", FT_FRAMENUM, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_st_last, { "Last packet", "mediabind.stream.last", FT_FRAMENUM, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_st_packets, { "Packets", "mediabind.stream.packets", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Packets received (duplicates included)", HFILL } },
        { &hf_st_bytes, { "Bytes", "mediabind.stream.bytes", FT_UINT64, BASE_DEC, NULL, 0x0,
            "Bytes of the RTP/RTCP/UDPTL packets (UDP payload)", HFILL } },
        { &hf_st_duration, { "Duration", "mediabind.stream.duration", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "First to last packet", HFILL } },
        { &hf_st_expected, { "Expected", "mediabind.stream.expected", FT_UINT64, BASE_DEC, NULL, 0x0,
            "Extended highest - lowest sequence number + 1 (per SSRC, summed)", HFILL } },
        { &hf_st_lost, { "Lost", "mediabind.stream.lost", FT_INT64, BASE_DEC, NULL, 0x0,
            "Expected - distinct packets received", HFILL } },
        { &hf_st_lost_cum, { "Lost (RFC 3550 cumulative)", "mediabind.stream.lost_cumulative", FT_INT64, BASE_DEC,
            NULL, 0x0, "Expected - packets received, duplicates counted (negative with duplicates)", HFILL } },
        { &hf_st_dups, { "Duplicates", "mediabind.stream.duplicates", FT_UINT32, BASE_DEC, NULL, 0x0, NULL, HFILL } },
        { &hf_st_ooo, { "Out of order", "mediabind.stream.out_of_order", FT_UINT32, BASE_DEC, NULL, 0x0, NULL, HFILL } },
        { &hf_st_ssrc_changes, { "SSRC changes", "mediabind.stream.ssrc_changes", FT_UINT32, BASE_DEC, NULL, 0x0,
            NULL, HFILL } },
        { &hf_st_pt_mismatch, { "Payload type not negotiated", "mediabind.stream.pt_not_negotiated", FT_UINT32,
            BASE_DEC, NULL, 0x0, "Packets whose payload type was not negotiated", HFILL } },
        { &hf_st_jitter, { "Jitter", "mediabind.stream.jitter", FT_DOUBLE, BASE_NONE, NULL, 0x0,
            "RFC 3550 interarrival jitter after the last packet (ms)", HFILL } },
        { &hf_st_max_jitter, { "Max jitter", "mediabind.stream.max_jitter", FT_DOUBLE, BASE_NONE, NULL, 0x0,
            "Maximum jitter as Wireshark's RTP stream analysis computes it (ms)", HFILL } },
        { &hf_st_mean_jitter, { "Mean jitter", "mediabind.stream.mean_jitter", FT_DOUBLE, BASE_NONE, NULL, 0x0,
            "Mean jitter as Wireshark's RTP stream analysis computes it (ms)", HFILL } },
        { &hf_st_max_delta, { "Max delta", "mediabind.stream.max_delta", FT_DOUBLE, BASE_NONE, NULL, 0x0,
            "Largest gap between consecutive packets (ms)", HFILL } },
    };
    static gint *ett[] = { &ett_mediabind, &ett_stream };
    static ei_register_info ei[] = {
        { &ei_addr_mismatch, { "mediabind.addr_mismatch", PI_PROTOCOL, PI_NOTE,
            "Media to an address no SDP announced (NAT or latching)", EXPFILL } },
        { &ei_pt_not_negotiated, { "mediabind.pt_not_negotiated", PI_PROTOCOL, PI_WARN,
            "Payload type not negotiated in SDP", EXPFILL } },
        { &ei_after_bye, { "mediabind.after_bye", PI_SEQUENCE, PI_NOTE, "Media after BYE", EXPFILL } },
        { &ei_oneway, { "mediabind.oneway_stream", PI_SEQUENCE, PI_WARN, "One-way media stream", EXPFILL } },
        { &ei_ssrc_change, { "mediabind.ssrc_change", PI_SEQUENCE, PI_NOTE, "SSRC changed mid-stream", EXPFILL } },
    };

    proto_mediabind = proto_register_protocol("Media Bound to SDP (mediabind)", "MEDIABIND", "mediabind");
    proto_register_field_array(proto_mediabind, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_mediabind), ei, array_length(ei));
    ss_part_register(&part);
    register_init_routine(mb_init);
    register_cleanup_routine(mb_cleanup);
    mediabind_register_streams_tap();
}

void mediabind_handoff(void)
{
    ss_fields_resolve(fields, F_COUNT);
}
