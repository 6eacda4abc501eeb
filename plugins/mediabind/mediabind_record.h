/* mediabind_record.h: what mediabind knows about media, for the ladder/CDR taps and tests.
 * Plain C (GLib only): no Wireshark header.
 *
 * Objects (all owned by the capture file's media map, valid until the file is closed):
 *
 *   mediabind_call_t     one per call that negotiated media: signalling milestones and
 *                        the list of its streams.
 *   mediabind_binding_t  one m-line of one SDP offer/answer exchange: what each side
 *                        (caller, callee) announced: receive address, RTCP address, formats,
 *                        direction, ICE candidates. Identical renegotiations (session
 *                        refreshes) reuse the existing binding.
 *   mediabind_stream_t   one direction of one media flow as seen on the wire: a (source,
 *                        destination, RTP|RTCP|UDPTL) flow bound to one binding, with constant-
 *                        size statistics. A renegotiation that changes the binding of a flow
 *                        starts a new stream object whose `prev` is the old one; sequence and
 *                        jitter tracking continue across the boundary, the counters do not, so
 *                        summing a flow's pieces gives the flow's totals.
 *
 * Per frame: an RTP/RTCP frame stores one pointer-sized value (mediabind_frame_t, a stream
 * pointer whose low bits carry per-packet flags, see below). The sipscope tap gets a
 * mediabind_pkt_t (packet scope: copy what you keep). */
#ifndef SIPSCOPE_MEDIABIND_RECORD_H
#define SIPSCOPE_MEDIABIND_RECORD_H

#include <glib.h>
#include "plugins/core/endpoint.h"
#include "plugins/core/sdp_parse.h"
#include "plugins/mediabind/rtp_stats.h"

typedef enum {
    MB_SIDE_CALLER = 0,
    MB_SIDE_CALLEE = 1
} mediabind_side_t;

typedef enum {
    MB_DIR_CALLER_TO_CALLEE = 0,
    MB_DIR_CALLEE_TO_CALLER = 1
} mediabind_dir_t;

typedef enum {
    MB_KIND_RTP = 0,
    MB_KIND_RTCP,
    MB_KIND_UDPTL          /* T.38 fax over UDPTL (m=image udptl t38) */
} mediabind_kind_t;

typedef enum {
    MB_PHASE_EARLY = 0,    /* before the call's first 2xx to INVITE */
    MB_PHASE_ESTABLISHED,
    MB_PHASE_AFTER_BYE
} mediabind_phase_t;

/* ICE candidate types (mediabind.candidate) */
typedef enum {
    MB_CAND_NONE = 0,
    MB_CAND_HOST,
    MB_CAND_SRFLX,
    MB_CAND_PRFLX,
    MB_CAND_RELAY,
    MB_CAND_OTHER
} mediabind_cand_type_t;

/* How a stream was tied to its binding. */
typedef enum {
    MB_MATCH_DST_SDP = 0,  /* destination = the receiver's c=/m= (or a=rtcp) address */
    MB_MATCH_DST_CANDIDATE,/* destination = one of the receiver's a=candidate addresses */
    MB_MATCH_SRC           /* only the source matched what the sender announced (symmetric
                            * RTP seen from the other side of a NAT, or latching): the
                            * destination is not what the receiver announced */
} mediabind_match_t;

typedef struct {
    guint8      pt;
    guint8      channels;     /* 0 when not given */
    guint8      has_rtpmap;   /* boolean (guint8: kept per format of every binding) */
    guint32     clock;        /* Hz, 0 when unknown */
    const char *name;         /* "PCMU", "telephone-event"; "" when unknown */
} mediabind_fmt_t;

typedef struct {
    ss_endpoint_t addr;
    guint8        type;       /* mediabind_cand_type_t */
    guint8        component;  /* 1 RTP, 2 RTCP */
} mediabind_cand_t;

/* What one side announced for one m-line. */
typedef struct {
    guint32          sdp_frame;   /* frame of the SDP; 0 when this side has not announced */
    ss_endpoint_t    rtp;         /* receive address (port 0: rejected / not announced) */
    ss_endpoint_t    rtcp;        /* a=rtcp or port+1 */
    guint8           rtcp_mux;    /* boolean */
    guint8           dir;         /* ss_sdp_dir_t */
    guint8           n_fmt;
    guint8           n_cand;
    mediabind_fmt_t *fmt;
    mediabind_cand_t *cand;
} mediabind_sdp_side_t;

struct mediabind_call;

typedef struct mediabind_binding {
    struct mediabind_call *call;
    guint            leg;         /* dialog within the call (1 = first) */
    guint            mline;       /* m-line index, 0-based; mediabind.stream = mline + 1 */
    char             media[16];   /* "audio", "video", "image" */
    char             proto[16];   /* "RTP/AVP", "udptl" */
    guint32          offer_frame;
    guint32          answer_frame;   /* 0: not answered (yet) */
    mediabind_side_t offerer;
    mediabind_sdp_side_t side[2];    /* [MB_SIDE_CALLER], [MB_SIDE_CALLEE] */
} mediabind_binding_t;

typedef struct mediabind_stream {
    /* Fields a packet reads or writes first (the flow key, the memo, the counters), then the
     * rest; one-byte fields instead of enums/gboolean: one object per stream direction. */
    ss_endpoint_t     src, dst;
    guint8            kind;                /* mediabind_kind_t */
    guint8            direction;           /* mediabind_dir_t */
    guint8            match;               /* mediabind_match_t */
    guint8            addr_match;          /* boolean: match != MB_MATCH_SRC */
    /* Working memo of the media map (first pass; next to the flow key: the cache lines a
     * packet touches): the map generation under which this stream was last confirmed as its
     * flow's binding, and what the SDP said of the payload type of the stream's latest packet.
     * Most packets repeat both, so they skip the lookups. */
    guint32           map_gen;
    struct {
        const mediabind_fmt_t *fmt;        /* codec (receiver's, sender's or static), or NULL */
        guint32       gen;                 /* map generation it holds for (0: none yet) */
        guint32       clock;               /* jitter clock, 0 = no jitter for this type */
        guint8        pt;
        guint8        negotiated;          /* boolean */
    } last_pt;
    guint32           last_frame;
    guint32           pt_mismatch;         /* packets whose PT was not negotiated */
    guint8            decoded_by_sipscope; /* boolean: some packets were not decoded as RTP/RTCP
                                            * by Wireshark and were read by sipscope */
    guint8            cand_type;           /* mediabind_cand_type_t of the destination */
    guint8            first_pt;            /* PT of the first packet */
    guint32           first_frame;
    guint             rtp_offset;          /* RTP header offset in the frame (first packet) */
    guint             number;              /* mediabind.stream: binding->mline + 1 */
    struct mediabind_call    *call;
    const mediabind_binding_t *binding;
    struct mediabind_stream  *prev;        /* same flow under the previous binding, or NULL */
    struct mediabind_stream  *next_in_call;
    mb_rtp_stats_t    stats;               /* RTP: everything; RTCP/UDPTL: packets/bytes/times */
} mediabind_stream_t;

typedef struct mediabind_call {
    guint               call;             /* sipdialog.call */
    guint32             answer_frame;     /* first 2xx to an INVITE; 0: none */
    guint32             bye_frame;        /* first BYE; 0: none */
    guint               n_streams;
    mediabind_stream_t *streams;          /* first stream; chained by next_in_call, in order of
                                           * first packet */
    mediabind_stream_t *last_stream;
    guint               n_bindings;
    guint               truncated;        /* bindings dropped by the per-call cap */
} mediabind_call_t;

/* --- per-frame record ---------------------------------------------------------------
 * A stream pointer (at least 8-byte aligned) with per-packet flags in the low 3 bits:
 * only facts that need the stream's history live here; everything else (payload type,
 * codec, pt_negotiated, phase, one-way) is derived when rendering from the packet bytes
 * and the shared objects. */
typedef guintptr mediabind_frame_t;

#define MB_FRAME_SSRC_CHANGED  ((guintptr)1)   /* first packet of a new SSRC in the stream */
#define MB_FRAME_DUPLICATE     ((guintptr)2)
#define MB_FRAME_OUT_OF_ORDER  ((guintptr)4)
#define MB_FRAME_FLAG_MASK     ((guintptr)7)

static inline mediabind_stream_t *mediabind_frame_stream(mediabind_frame_t f)
{
    return (mediabind_stream_t *)(f & ~MB_FRAME_FLAG_MASK);
}

/* --- what the sipscope tap carries (SS_TAP_MEDIA) ------------------------------------- */
typedef struct {
    const mediabind_stream_t *stream;
    guint32           frame;
    guint             flags;           /* MB_FRAME_* */
    mediabind_phase_t phase;
    gboolean          has_pt;          /* RTP: the payload type below is valid */
    guint8            pt;
    gboolean          pt_negotiated;
    const mediabind_fmt_t *fmt;        /* the codec, NULL when unknown */
} mediabind_pkt_t;

/* Helpers shared by renderers (media_map.c). */
const char *mediabind_dir_str(mediabind_dir_t d);        /* "caller->callee" */
const char *mediabind_phase_str(mediabind_phase_t p);    /* "early" */
const char *mediabind_cand_str(guint8 t);                /* "host", ..., NULL for none */
const char *mediabind_kind_str(mediabind_kind_t k);      /* "RTP", "RTCP", "UDPTL" */
/* The receiver's SDP side of a stream, and the sender's. */
const mediabind_sdp_side_t *mediabind_stream_receiver(const mediabind_stream_t *s);
const mediabind_sdp_side_t *mediabind_stream_sender(const mediabind_stream_t *s);
/* Phase of a frame of this call. */
mediabind_phase_t mediabind_phase(const mediabind_call_t *c, guint32 frame);
/* Codec of a payload type for packets of this stream: the receiver's rtpmap, else the
 * sender's, else the static table; NULL when unknown. *negotiated: PT in both the offer
 * and the answer (in the offer when not answered). */
const mediabind_fmt_t *mediabind_stream_fmt(const mediabind_stream_t *s, guint8 pt, gboolean *negotiated);
/* "PCMA/8000" into buf (SS style: "PT 96" when unknown). */
const char *mediabind_fmt_str(const mediabind_fmt_t *f, guint8 pt, char *buf, gsize len);
/* Does the source equal what the sender announced (its SDP address, a=rtcp for RTCP, or one
 * of its candidates)? 1 yes, 0 no (a NAT seen from inside, asymmetric RTP), -1 unknown (the
 * sender has not announced anything yet). Can change while the capture is read (an answer
 * arriving after the first packets). */
int mediabind_stream_src_match(const mediabind_stream_t *s);
/* One-way: the call was answered, this RTP stream has packets, the SDP allowed media in
 * the reverse direction, and no RTP stream of the same m-line flowed back. Final only once
 * the whole capture has been read. */
gboolean mediabind_stream_oneway(const mediabind_stream_t *s);

#endif
