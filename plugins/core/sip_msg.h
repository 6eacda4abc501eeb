/* sip_msg.h: one SIP message as sipscope sees it, read once per frame from Wireshark's SIP
 * fields (ws_sip.c) and handed to every part. Plain C struct so the logic parts can be unit-
 * tested with hand-made messages. Strings are valid for the current frame only: copy to keep. */
#ifndef SIPSCOPE_SIP_MSG_H
#define SIPSCOPE_SIP_MSG_H

#include <glib.h>
#include "plugins/core/endpoint.h"
#include "plugins/core/sdp_parse.h"

typedef enum {
    SS_TRANSPORT_UNKNOWN = 0,
    SS_TRANSPORT_UDP,
    SS_TRANSPORT_TCP,
    SS_TRANSPORT_TLS,
    SS_TRANSPORT_WS,
    SS_TRANSPORT_WSS,
    SS_TRANSPORT_SCTP
} ss_transport_t;

const char *ss_transport_str(ss_transport_t t);

struct ss_sip_msg;
/* The idx-th header called name (ASCII case-insensitive, long form), NULL when absent. */
const char *ss_sip_msg_header(const struct ss_sip_msg *m, const char *name, guint idx);

/* One header line: compact names expanded to the long form ("i" -> "Call-ID"), the value
 * unfolded and trimmed. Several values in one line (Via: a, b) stay in one entry. */
typedef struct ss_sip_hdr {
    const char *name;
    const char *value;
} ss_sip_hdr_t;

typedef struct ss_sip_msg {
    guint32        frame;
    guint          index;        /* position of this message in its frame (TCP can carry several) */
    gint64         ts_ns;        /* capture time, ns since the epoch */
    ss_endpoint_t  src, dst;     /* IP addresses and transport ports of the frame */
    ss_transport_t transport;

    gboolean       is_request;
    const char    *method;       /* request method; NULL on responses */
    guint          status;       /* response code; 0 on requests */
    const char    *reason;       /* Reason-Phrase of a response */
    const char    *ruri;         /* Request-URI */
    const char    *ruri_user;

    const char    *call_id;
    guint          call;         /* call number (call_registry), 0 without Call-ID */
    const char    *from_tag, *to_tag;
    const char    *from_addr, *from_user, *from_display;
    const char    *to_addr, *to_user, *to_display;
    gboolean       has_cseq;
    guint32        cseq;
    const char    *cseq_method;

    guint          via_count;    /* via-parms in the message (comma-separated ones count too) */
    const char    *via_branch;   /* top Via branch; NULL when absent */
    const char    *via_transport;
    const char    *via_host;     /* top Via sent-by host */
    guint16        via_port;     /* top Via sent-by port, 0 when absent */
    const char    *via_received; /* top Via received= */
    guint16        via_rport;    /* top Via rport=value, 0 when absent or valueless */

    const char    *contact_uri;  /* first Contact */
    const char    *contact_host;
    guint16        contact_port;
    guint          record_route_count;
    const char    *user_agent;
    const char    *server;
    const char    *content_type;
    const char    *reason_hdr;   /* Reason header (RFC 3326), e.g. on BYE/CANCEL */
    gboolean       has_rseq;     /* RSeq (reliable provisional, RFC 3262) */
    guint32        rseq;
    gboolean       has_rack;     /* RAck on PRACK */
    guint32        rack_rseq;
    guint32        rack_cseq;
    gboolean       has_expires;
    guint32        expires;
    gboolean       has_content_length;
    guint32        content_length;

    guint          n_headers;    /* every header line of the message, in order (sip_parse.h) */
    const struct ss_sip_hdr *headers;

    guint          wire_len;     /* bytes from the start line to the end of the body (Content-Length
                                    bounded by the bytes given; all of them without it) */
    const guint8  *body;         /* message body bytes (copied), NULL when none */
    guint          body_len;
    const ss_sdp_t *sdp;         /* parsed SDP body (first SDP part), NULL when none */
} ss_sip_msg_t;

#endif
