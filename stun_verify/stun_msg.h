/* stun_msg.h: a STUN message (RFC 3489 classic, RFC 5389/8489, TURN RFC 8656) parsed from
 * its raw bytes. Plain C (GLib only).
 *
 * The input is untrusted packet data: every read is bounded by the bytes given, attributes
 * that run past the message or have the wrong length for their type are recorded as issues
 * (never decoded), and nothing is allocated: string and integrity attributes are offsets into
 * the caller's buffer, which must outlive the stun_msg_t. */
#ifndef SIPSCOPE_STUN_MSG_H
#define SIPSCOPE_STUN_MSG_H

#include <glib.h>
#include "plugins/core/endpoint.h"

#define STUN_HDR_LEN        20
#define STUN_MAGIC_COOKIE   0x2112A442u
#define STUN_MAX_ISSUES     8

/* Message classes (RFC 5389 section 6), decoded from the C1/C0 bits of the type. */
typedef enum {
    STUN_CLASS_REQUEST = 0,
    STUN_CLASS_INDICATION = 1,
    STUN_CLASS_SUCCESS = 2,
    STUN_CLASS_ERROR = 3
} stun_class_t;

/* Methods (12-bit, decoded from the type). */
enum {
    STUN_METHOD_BINDING = 0x001,
    STUN_METHOD_SHARED_SECRET = 0x002,   /* RFC 3489 */
    STUN_METHOD_ALLOCATE = 0x003,
    STUN_METHOD_REFRESH = 0x004,
    STUN_METHOD_SEND = 0x006,
    STUN_METHOD_DATA = 0x007,
    STUN_METHOD_CREATE_PERMISSION = 0x008,
    STUN_METHOD_CHANNEL_BIND = 0x009,
    STUN_METHOD_CONNECT = 0x00a,          /* RFC 6062 */
    STUN_METHOD_CONNECTION_BIND = 0x00b,
    STUN_METHOD_CONNECTION_ATTEMPT = 0x00c,
    STUN_METHOD_GOOG_PING = 0x080
};

/* Attribute types (RFC 5389/8489/8656/8445 numbering; classic-only ones noted). */
enum {
    STUN_ATTR_MAPPED_ADDRESS = 0x0001,
    STUN_ATTR_RESPONSE_ADDRESS = 0x0002,   /* RFC 3489 */
    STUN_ATTR_CHANGE_REQUEST = 0x0003,     /* RFC 3489 */
    STUN_ATTR_SOURCE_ADDRESS = 0x0004,     /* RFC 3489 */
    STUN_ATTR_CHANGED_ADDRESS = 0x0005,    /* RFC 3489 */
    STUN_ATTR_USERNAME = 0x0006,
    STUN_ATTR_PASSWORD = 0x0007,           /* RFC 3489 */
    STUN_ATTR_MESSAGE_INTEGRITY = 0x0008,
    STUN_ATTR_ERROR_CODE = 0x0009,
    STUN_ATTR_UNKNOWN_ATTRIBUTES = 0x000a,
    STUN_ATTR_REFLECTED_FROM = 0x000b,     /* RFC 3489 */
    STUN_ATTR_CHANNEL_NUMBER = 0x000c,
    STUN_ATTR_LIFETIME = 0x000d,
    STUN_ATTR_XOR_PEER_ADDRESS = 0x0012,
    STUN_ATTR_DATA = 0x0013,
    STUN_ATTR_REALM = 0x0014,              /* classic drafts: NONCE */
    STUN_ATTR_NONCE = 0x0015,              /* classic drafts: REALM */
    STUN_ATTR_XOR_RELAYED_ADDRESS = 0x0016,
    STUN_ATTR_REQUESTED_TRANSPORT = 0x0019,
    STUN_ATTR_MESSAGE_INTEGRITY_SHA256 = 0x001c,
    STUN_ATTR_PASSWORD_ALGORITHM = 0x001d,
    STUN_ATTR_USERHASH = 0x001e,
    STUN_ATTR_XOR_MAPPED_ADDRESS = 0x0020,
    STUN_ATTR_PRIORITY = 0x0024,
    STUN_ATTR_USE_CANDIDATE = 0x0025,
    STUN_ATTR_XOR_MAPPED_ADDRESS_OLD = 0x8020,  /* pre-RFC 5389 drafts, MS-TURN */
    STUN_ATTR_SOFTWARE = 0x8022,
    STUN_ATTR_ALTERNATE_SERVER = 0x8023,
    STUN_ATTR_FINGERPRINT = 0x8028,
    STUN_ATTR_ICE_CONTROLLED = 0x8029,
    STUN_ATTR_ICE_CONTROLLING = 0x802a,
    STUN_ATTR_RESPONSE_ORIGIN = 0x802b,
    STUN_ATTR_OTHER_ADDRESS = 0x802c,
    STUN_ATTR_GOOG_MESSAGE_INTEGRITY_32 = 0xc060
};

/* What went wrong in a message (each recorded once per attribute occurrence). */
typedef enum {
    STUN_ISSUE_NONE = 0,
    STUN_ISSUE_LEN_NOT_MULT4,     /* RFC 5389: message length must be a multiple of 4 */
    STUN_ISSUE_TRUNCATED,         /* header length runs past the bytes available */
    STUN_ISSUE_TRAILING,          /* bytes after the last attribute that do not form one */
    STUN_ISSUE_ATTR_OVERRUN,      /* an attribute's length runs past the end of the message */
    STUN_ISSUE_ADDR_LENGTH,       /* address attribute length does not fit its family */
    STUN_ISSUE_ADDR_FAMILY,       /* unknown address family */
    STUN_ISSUE_MI_LENGTH,         /* MESSAGE-INTEGRITY not 20 bytes */
    STUN_ISSUE_MI256_LENGTH,      /* MESSAGE-INTEGRITY-SHA256 not 16..32 bytes in steps of 4 */
    STUN_ISSUE_FP_LENGTH,         /* FINGERPRINT not 4 bytes */
    STUN_ISSUE_FP_NOT_LAST,       /* an attribute follows FINGERPRINT */
    STUN_ISSUE_ERROR_CODE,        /* ERROR-CODE too short or its class is not 3..6 */
    STUN_ISSUE_USERNAME_LENGTH,   /* USERNAME longer than 513 bytes (RFC 8489) */
    STUN_ISSUE_VALUE_LENGTH,      /* fixed-size attribute with the wrong length */
    STUN_ISSUE_COUNT
} stun_issue_code_t;

typedef struct {
    stun_issue_code_t code;
    guint16 attr;     /* attribute type, 0 for header problems */
    guint16 offset;   /* from the start of the STUN header */
} stun_issue_t;

/* An address attribute: present (seen at least once), decoded when its family and length are
 * valid. XOR forms are already de-XORed. The first occurrence of a type wins (RFC 8489). */
typedef struct {
    gboolean      present;
    gboolean      ok;
    ss_endpoint_t ep;
} stun_addr_attr_t;

/* A byte range inside the message: offset from the start of the STUN header, 0 length = none.
 * For integrity attributes `offset` is the attribute header (type field). */
typedef struct {
    gboolean present;
    guint16  offset;
    guint16  len;
} stun_span_t;

typedef enum {
    STUN_KIND_NONE = 0,     /* not STUN */
    STUN_KIND_MESSAGE,      /* a STUN message (RFC 5389 or classic) */
    STUN_KIND_CHANNEL_DATA  /* TURN ChannelData header (RFC 8656 section 12.4) */
} stun_kind_t;

typedef struct {
    stun_kind_t kind;
    gboolean classic;        /* RFC 3489: no magic cookie, 128-bit transaction ID */
    guint    framing;        /* 2 when an RFC 4571 length prefix precedes the header */
    const guint8 *hdr;       /* the STUN header inside the caller's buffer */
    guint    avail;          /* bytes available from hdr (can be less than STUN_HDR_LEN + length) */
    guint    end;            /* where the attribute walk stopped (<= avail) */

    guint16  type;           /* raw message type */
    guint16  method;
    stun_class_t cls;
    guint16  length;         /* header length field */
    guint8   tid[16];        /* bytes 4..19: cookie + 96-bit ID, or the classic 128-bit ID */

    /* ChannelData */
    guint16  channel;
    guint16  data_len;

    /* address attributes */
    stun_addr_attr_t mapped;          /* MAPPED-ADDRESS */
    stun_addr_attr_t xor_mapped;      /* XOR-MAPPED-ADDRESS (0x0020, else 0x8020) */
    stun_addr_attr_t xor_peer;        /* first XOR-PEER-ADDRESS */
    stun_addr_attr_t xor_relayed;     /* XOR-RELAYED-ADDRESS */
    stun_addr_attr_t source;          /* RFC 3489 SOURCE-ADDRESS / RFC 5780 RESPONSE-ORIGIN */
    stun_addr_attr_t changed;         /* RFC 3489 CHANGED-ADDRESS / RFC 5780 OTHER-ADDRESS */
    stun_addr_attr_t alternate;       /* ALTERNATE-SERVER */

    /* strings (not NUL-terminated, inside hdr) */
    stun_span_t username, realm, nonce, software, error_reason, data;
    gboolean has_userhash;

    gboolean has_error_code;
    guint16  error_code;              /* class * 100 + number */

    gboolean has_priority, use_candidate, ice_controlling, ice_controlled;
    guint32  priority;
    gboolean has_channel_number;
    guint16  channel_number;
    gboolean has_lifetime;
    guint32  lifetime;
    gboolean has_password_algorithm;
    guint16  password_algorithm;      /* 1 MD5, 2 SHA-256 */

    /* integrity and fingerprint attributes (offset = attribute header) */
    stun_span_t mi;                   /* MESSAGE-INTEGRITY */
    stun_span_t mi256;                /* MESSAGE-INTEGRITY-SHA256 */
    stun_span_t goog_mi32;            /* GOOG-MESSAGE-INTEGRITY-32 (WebRTC GOOG-PING) */
    gboolean mi_bad_length, mi256_bad_length;
    stun_span_t fingerprint;
    guint    attrs_after_integrity;   /* attributes other than FINGERPRINT/MI-SHA256 after MI */

    guint    n_attrs;
    guint    n_issues;
    stun_issue_t issue[STUN_MAX_ISSUES];
    guint    issues_dropped;
} stun_msg_t;

/* Parse `len` bytes that should hold one STUN message or ChannelData header (optionally after
 * an RFC 4571 length prefix). Returns FALSE when the bytes are not STUN at all (too short,
 * first two bits not 00/01); a message with problems returns TRUE with issues recorded. */
gboolean stun_msg_parse(const guint8 *buf, gsize len, stun_msg_t *m);

/* Decode an (XOR-)address attribute value. xor_key is the 16 bytes following the type and
 * length (cookie + transaction ID) for XOR forms, NULL for plain ones. */
stun_issue_code_t stun_addr_decode(const guint8 *val, guint len, const guint8 *xor_key, ss_endpoint_t *out);

const char *stun_class_str(stun_class_t c);            /* "request", "indication", "success", "error" */
const char *stun_method_str(guint16 method);           /* "Binding", "Allocate", ...; NULL if unknown */
const char *stun_issue_str(stun_issue_code_t code);    /* human text for expert infos */
const char *stun_attr_str(guint16 type, gboolean classic);   /* NULL if unknown */
gboolean    stun_method_is_turn(guint16 method);

/* The message's string attributes copied into buf (NUL-terminated, truncated to buflen-1). */
const char *stun_msg_str(const stun_msg_t *m, const stun_span_t *s, char *buf, gsize buflen);

#endif
