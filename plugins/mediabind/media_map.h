/* media_map.h: sipscope's own address:port -> SDP map (plain C, GLib only).
 *
 * Fed, in capture order, with every SIP message of a call (mb_map_signal) and with every
 * media packet (mb_map_media), it pairs SDP offers with answers and binds packets to the
 * m-line that announced their addresses.
 *
 * Offer/answer (RFC 3264, RFC 6337):
 *   - an INVITE, UPDATE, re-INVITE or PRACK with SDP is an offer; its answer is the first
 *     response with SDP of the same CSeq from the other side (183 or 200; a later 200 with
 *     an identical SDP changes nothing, a different one replaces the answer);
 *   - an INVITE without SDP (late offer): the offer is in the 2xx/reliable 18x, the answer
 *     in the ACK (or PRACK);
 *   - a final response >= 300 withdraws a pending offer (the previous negotiation stays);
 *   - each To-tag (fork) gets its own answer; messages relayed by a proxy (one offer per
 *     hop) are paired hop by hop: an answer goes with the offer whose source is the
 *     answer's destination address.
 * An initial offer is usable at once (media to the offerer binds before the answer); a
 * re-offer only takes effect with its answer.
 *
 * Binding a packet: by destination (the receiver announced it: c=/m=, a=rtcp/port+1 for
 * RTCP, or an a=candidate), else by source (the sender announced it and sends from its
 * receive port: symmetric RTP behind NAT, latching). The latest announcement of an
 * address wins (port reuse by a later call). */
#ifndef SIPSCOPE_MEDIA_MAP_H
#define SIPSCOPE_MEDIA_MAP_H

#include <glib.h>
#include "plugins/core/endpoint.h"
#include "plugins/core/sdp_parse.h"
#include "plugins/mediabind/mediabind_record.h"

/* bindings a call may create (renegotiations beyond it are ignored and counted) */
#define MB_MAX_BINDINGS_PER_CALL 64
/* formats and candidates kept per side and m-line */
#define MB_MAX_FMT  32
#define MB_MAX_CAND 16
/* offers kept pending per call (one per proxy hop) */
#define MB_MAX_PENDING 4

typedef struct mb_map mb_map_t;

typedef enum {
    MB_ROLE_UNKNOWN = 0,   /* media_map works it out from the From-tag of the first INVITE */
    MB_ROLE_CALLER,
    MB_ROLE_CALLEE
} mb_role_t;

/* One SIP message of a call, in dialog terms. */
typedef struct {
    guint32       frame;
    guint         call;          /* call number, > 0 */
    guint         leg;           /* dialog within the call (sipdialog.leg), 0 = unknown */
    mb_role_t     sender;        /* who sent it, when the dialog engine knows */
    gboolean      is_request;
    const char   *method;        /* requests */
    guint         status;        /* responses */
    const char   *cseq_method;
    guint32       cseq;
    const char   *from_tag;
    const char   *to_tag;
    ss_endpoint_t src, dst;      /* signalling addresses of the frame */
    const ss_sdp_t *sdp;         /* NULL without SDP */
} mb_sig_t;

/* One media packet. */
typedef struct {
    guint32          frame;
    mediabind_kind_t kind;
    ss_endpoint_t    src, dst;
    gint64           ts_ns;
    guint            len;        /* bytes of the RTP/RTCP/UDPTL packet */
    guint            rtp_offset; /* where its header starts in the frame */
    gboolean         decoded_by_sipscope;
    gboolean         has_rtp;    /* RTP header below is valid (kind RTP) */
    guint16          seq;
    guint32          timestamp;
    guint32          ssrc;
    guint8           pt;
    gboolean         marker;
} mb_media_t;

mb_map_t *mb_map_new(void);
void      mb_map_free(mb_map_t *m);

/* Account a SIP message (with or without SDP). */
void mb_map_signal(mb_map_t *m, const mb_sig_t *sig);

/* Does any SDP announce this address (as a receiver)? Cheap; lets the glue skip
 * undecoded UDP that is not media. */
gboolean mb_map_known(const mb_map_t *m, const ss_endpoint_t *ep);

/* Bind a packet and account it in its stream. Returns the per-frame record (0 when the
 * packet is not bound to any SDP). */
mediabind_frame_t mb_map_media(mb_map_t *m, const mb_media_t *pkt);

/* The call record of a call number, NULL when the call negotiated no media. */
const mediabind_call_t *mb_map_call(const mb_map_t *m, guint call);
/* All calls with media, in call-number order (array of const mediabind_call_t *). */
GPtrArray *mb_map_calls(const mb_map_t *m);

/* Memory held by the map in bytes (approximate, for the benchmark). */
gsize mb_map_memory(const mb_map_t *m);

#endif
