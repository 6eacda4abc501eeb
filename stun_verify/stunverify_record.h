/* stunverify_record.h: what stunverify computed for one frame's STUN messages, stored per frame
 * (file scope) on the first pass and handed to the `sipscope` tap on every pass as
 * SS_TAP_STUN (rec: const stunverify_frame_t *). Plain C (GLib only): the ladder/CDR taps
 * read it without Wireshark headers.
 *
 * Forward references (the request's response, where a learned mapping was used) live in the
 * shared transaction and mapping objects that later frames update on their first pass; read them
 * through the accessors below. All pointers stay valid until the capture file is closed. */
#ifndef SIPSCOPE_STUNVERIFY_RECORD_H
#define SIPSCOPE_STUNVERIFY_RECORD_H

#include <glib.h>
#include "plugins/core/endpoint.h"
#include "stun_verify/stun_txn.h"
#include "stun_verify/stun_usage.h"

typedef enum {
    STUNV_ROLE_NONE = 0,
    STUNV_ROLE_SRFLX_DISCOVERY,   /* "server-reflexive-discovery": Binding to a STUN server */
    STUNV_ROLE_CONNECTIVITY_CHECK,/* "connectivity-check": between media peers (ICE or SDP addresses) */
    STUNV_ROLE_TURN               /* "turn": TURN allocation, permission, channel, Send/Data */
} stunverify_role_t;

typedef enum {   /* values of stunverify_msg_t.integrity (= stun_integrity_t) */
    STUNV_INTEGRITY_ABSENT = 0,
    STUNV_INTEGRITY_NO_KEY,
    STUNV_INTEGRITY_VALID,
    STUNV_INTEGRITY_INVALID
} stunverify_integrity_t;

typedef enum {   /* FINGERPRINT as Wireshark's STUN dissector checked it (stun.att.crc32.status) */
    STUNV_FP_ABSENT = 0,
    STUNV_FP_VALID,
    STUNV_FP_INVALID,
    STUNV_FP_UNVERIFIED
} stunverify_fp_t;

/* flags */
#define STUNV_F_CLASSIC         0x00000001u  /* RFC 3489 (no magic cookie) */
#define STUNV_F_CHANNEL_DATA    0x00000002u  /* a TURN ChannelData header, not a STUN message */
#define STUNV_F_FRAMED          0x00000004u  /* RFC 4571 length prefix (ICE-TCP) */
#define STUNV_F_WRAPPED         0x00000008u  /* carried in a TURN Send/Data indication's DATA */
#define STUNV_F_HAS_OBSERVED    0x00000010u  /* observed is set */
#define STUNV_F_HAS_MAPPED      0x00000020u  /* mapped is set */
#define STUNV_F_MAPPED_XOR      0x00000040u  /* mapped came from XOR-MAPPED-ADDRESS */
#define STUNV_F_XOR_COMPARED    0x00000080u  /* XOR-MAPPED and MAPPED both decoded: see XOR_CONSISTENT */
#define STUNV_F_XOR_CONSISTENT  0x00000100u
#define STUNV_F_TRANSLATED      0x00000200u  /* mapped != observed (needs HAS_MAPPED|HAS_OBSERVED) */
#define STUNV_F_HAS_RELAYED     0x00000400u  /* XOR-RELAYED-ADDRESS */
#define STUNV_F_HAS_PEER        0x00000800u  /* XOR-PEER-ADDRESS */
#define STUNV_F_HAS_ERROR       0x00001000u  /* ERROR-CODE: error_code */
#define STUNV_F_RETRANSMISSION  0x00002000u  /* a copy of a request already seen */
#define STUNV_F_DUP_RESPONSE    0x00004000u  /* another response to an answered transaction */
#define STUNV_F_ORPHAN_RESPONSE 0x00008000u  /* response whose request is not in the capture */
#define STUNV_F_MALFORMED       0x00010000u  /* see issues */
#define STUNV_F_USE_CANDIDATE   0x00020000u  /* ICE nomination */
#define STUNV_F_ICE_CONTROLLING 0x00040000u
#define STUNV_F_ICE_CONTROLLED  0x00080000u
#define STUNV_F_LONG_TERM       0x00100000u  /* integrity with long-term credentials (REALM) */

typedef struct {
    guint8  code;     /* stun_issue_code_t */
    guint16 attr;     /* attribute type, 0 for the header */
    guint16 offset;   /* from the STUN header */
} stunverify_issue_t;

typedef struct stunverify_msg {
    guint32  flags;
    guint16  method;          /* 12-bit STUN method (1 = Binding); 0 for ChannelData */
    guint8   cls;             /* stun_class_t: 0 request, 1 indication, 2 success, 3 error */
    guint8   role;            /* stunverify_role_t */
    guint8   integrity;       /* stunverify_integrity_t */
    guint8   integrity_alg;   /* bit 0 HMAC-SHA1, bit 1 HMAC-SHA256, bit 2 GOOG 32-bit */
    guint8   fingerprint;     /* stunverify_fp_t */
    guint8   n_issues;
    guint16  error_code;      /* with STUNV_F_HAS_ERROR */
    guint16  channel;         /* ChannelData channel or CHANNEL-NUMBER, 0 = none */
    guint    ice_call;        /* call number of the bound SDP, 0 = none */
    guint32  sdp_frame;       /* SIP frame whose SDP the message is bound to, 0 = none */
    ss_endpoint_t observed;   /* the request's source at the capture point */
    ss_endpoint_t mapped;     /* XOR-MAPPED-ADDRESS, else MAPPED-ADDRESS */
    ss_endpoint_t mapped_plain;  /* MAPPED-ADDRESS when it disagrees with XOR-MAPPED */
    ss_endpoint_t relayed;    /* TURN XOR-RELAYED-ADDRESS */
    ss_endpoint_t peer;       /* TURN XOR-PEER-ADDRESS (first) */
    const stun_txn_t     *txn;          /* request/response pairing; NULL for indications */
    const stun_mapping_t *usage;        /* the learned mapping (responses), NULL when none */
    const stun_mapping_t *relay_usage;  /* the learned relayed address (Allocate), NULL when none */
    const char           *key_from;     /* where the integrity key came from (never the key) */
    const stunverify_issue_t *issues;   /* n_issues malformed items */
} stunverify_msg_t;

/* One frame: STUN over TCP can carry several messages in a segment. */
typedef struct stunverify_frame {
    guint             n;
    stunverify_msg_t *msg;
} stunverify_frame_t;

static inline guint32 stunverify_msg_request_frame(const stunverify_msg_t *m)
{
    return m->txn ? m->txn->request_frame : 0;
}

static inline guint32 stunverify_msg_response_frame(const stunverify_msg_t *m)
{
    return m->txn ? m->txn->response_frame : 0;
}

/* First later SIP/SDP frame that advertised the mapped address, 0 = none (known at the end). */
static inline guint32 stunverify_msg_used_in(const stunverify_msg_t *m)
{
    return m->usage ? m->usage->used_in : 0;
}

static inline const char *stunverify_role_str(guint8 role)
{
    switch (role) {
    case STUNV_ROLE_SRFLX_DISCOVERY:    return "server-reflexive-discovery";
    case STUNV_ROLE_CONNECTIVITY_CHECK: return "connectivity-check";
    case STUNV_ROLE_TURN:               return "turn";
    default:                            return NULL;
    }
}

static inline const char *stunverify_integrity_str(guint8 v)
{
    switch (v) {
    case STUNV_INTEGRITY_NO_KEY:  return "no-key";
    case STUNV_INTEGRITY_VALID:   return "valid";
    case STUNV_INTEGRITY_INVALID: return "invalid";
    default:                      return "absent";
    }
}

static inline const char *stunverify_fp_str(guint8 v)
{
    switch (v) {
    case STUNV_FP_VALID:      return "valid";
    case STUNV_FP_INVALID:    return "invalid";
    case STUNV_FP_UNVERIFIED: return "unverified";
    default:                  return "absent";
    }
}

#endif
