/* ladder_model.h: the call-flow model behind -z sipladder, -z sipcdr, the statistics tree and
 * the GUI table. A call has a summary (who, when, outcome, timings, auth and NAT verdicts), its
 * media streams, and rows (SIP messages, media streams placed at their first packet, STUN
 * transactions) drawn between columns (endpoints).
 *
 * Plain C (GLib only): the tap glue (ladder_feed.c) fills it from the sipscope records, the
 * renderers (ladder_text.c, ladder_json.c, ladder_diagram.c, cdr_format.c) only read it.
 * Every string is copied into the call (ladder_call_str), made valid UTF-8 with control
 * characters escaped, so renderers never see raw packet bytes. */
#ifndef SIPSCOPE_LADDER_MODEL_H
#define SIPSCOPE_LADDER_MODEL_H

#include <glib.h>
#include "plugins/core/endpoint.h"

/* "unknown" for every gint64 time or duration below */
#define LADDER_NO_TIME G_MININT64

typedef enum {
    LADDER_ROW_SIP = 0,     /* one SIP message */
    LADDER_ROW_MEDIA,       /* one media stream, at its first packet */
    LADDER_ROW_STUN         /* one STUN message (request or response) */
} ladder_row_kind_t;

const char *ladder_row_kind_str(ladder_row_kind_t k);   /* "sip", "media", "stun" */

typedef enum {
    LADDER_ATTR_STR = 0,
    LADDER_ATTR_INT,
    LADDER_ATTR_DOUBLE,
    LADDER_ATTR_BOOL
} ladder_attr_type_t;

/* A structured value of a row, for the machine-readable formats (JSON keys). */
typedef struct {
    const char        *key;      /* a static string: the JSON key */
    ladder_attr_type_t type;
    union {
        const char *s;           /* owned by the call */
        gint64      i;
        double      d;
        gboolean    b;
    } v;
} ladder_attr_t;

typedef struct {
    ladder_row_kind_t kind;
    guint32       frame;         /* frame number (media: first packet) */
    guint         index;         /* message index within the frame (TCP: several per segment) */
    gint64        ts_ns;         /* absolute capture time, ns since the epoch */
    ss_endpoint_t src, dst;
    const char   *label;         /* primary label: "INVITE bob", "180 Ringing", "RTP PCMA/8000" */
    GPtrArray    *notes;         /* annotations after the label, in order ("SDP offer PCMA,PCMU",
                                    "[407 challenge]", "[retransmission x2]"); may be NULL */
    GArray       *attrs;         /* ladder_attr_t; may be NULL */
    gboolean      no_attrs;      /* its call's no_attrs: ladder_row_attr_* do nothing */
    gboolean      response;      /* a SIP response (drawing only) */
    const struct ladder_stream *stream;   /* MEDIA rows: the stream */
    guint         src_col, dst_col;   /* set by ladder_call_finish */
} ladder_row_t;

typedef struct ladder_stream {
    guint         num;           /* stream number within the call, 1-based */
    const char   *media;         /* "audio", "video", ...; NULL unknown */
    const char   *proto;         /* "RTP", "RTCP", "UDP" (undecoded media) */
    const char   *codec;         /* "PCMA/8000"; NULL unknown */
    ss_endpoint_t src, dst;      /* as observed */
    ss_endpoint_t sdp_addr;      /* what the receiver announced in SDP (family 0: unknown) */
    int           from_caller;   /* 1 caller->callee, 0 callee->caller, -1 unknown */
    guint32       first_frame;
    gint64        first_ns, last_ns;
    guint64       packets, bytes;
    gint64        lost;          /* expected - received (RFC 3550; may be negative with duplicates) */
    guint64       expected;      /* 0 unknown */
    double        jitter_ms;     /* RFC 3550 interarrival jitter at the end; < 0 unknown */
    double        max_jitter_ms; /* < 0 unknown */
    gboolean      addr_mismatch; /* destination is not what SDP announced */
    const char   *candidate;     /* ICE candidate type the destination matched; NULL */
    gboolean      one_way;       /* no reverse stream */
    guint         ssrc_changes;
    guint         duplicates, out_of_order;
    guint         pt_mismatch;   /* packets whose payload type was not negotiated */
    gboolean      early;         /* started before the call's first 2xx (early media) */
    gboolean      after_bye;     /* went on after the call's first BYE */
} ladder_stream_t;

typedef struct {
    guint         challenges;    /* 401/407 responses in the call */
    guint         challenge_code;/* the first one's status (401 or 407) */
    guint         requests;      /* requests carrying credentials */
    guint         valid, invalid, unverified, unsupported;
    const char   *outcome;       /* last authorised request: accepted/rechallenged/forbidden/no-answer */
    const char   *username, *realm, *algorithm;
    guint         stale, nonce_reuse;
} ladder_auth_t;

typedef struct {
    guint         stun_requests, stun_responses;
    guint         translated;    /* binding responses whose mapped address differs from the observed one */
    guint         alg;           /* XOR-MAPPED and MAPPED disagree (payload rewritten) */
    guint         integrity_bad;
    guint         checks;        /* connectivity checks between media peers */
    const char   *mapped;        /* first mapped address, "ip:port" */
    const char   *observed;      /* the request source it was mapped from */
    guint32       mapped_used_in;/* first SIP/SDP frame advertising it; 0 none */
    guint         via_received;  /* SIP responses whose Via received/rport differ from sent-by */
} ladder_nat_t;

typedef struct ladder_call {
    guint         num;           /* sipdialog.call */
    const char   *call_id;
    const char   *method;        /* first request's method: INVITE, REGISTER, MESSAGE... */
    const char   *caller, *callee;           /* From / To address (URI), NULL unknown */
    const char   *caller_user, *callee_user; /* user parts */
    const char   *caller_ua, *callee_ua;     /* User-Agent / Server */
    ss_endpoint_t caller_sig, callee_sig;    /* signalling: the first request's src and dst */
    const char   *transport;     /* of the first request: UDP, TCP, TLS, ... */
    const char   *state;         /* dialog state after the last message */
    const char   *outcome;       /* answered, busy, ...; NULL unknown */
    guint         final_status;  /* final response to the (last) INVITE; 0 none */
    const char   *final_reason;
    gint64        start_ns, stop_ns;         /* first/last row (set by finish when unknown) */
    gint64        pdd_ns, setup_ns, duration_ns;
    const char   *hangup_by;     /* caller / callee; NULL */
    guint32       invite_frame, answer_frame, ack_frame, bye_frame;
    guint         legs;          /* dialogs (To-tags) in the call */
    guint         sip_messages;  /* SIP rows, retransmissions included */
    guint         retransmissions;
    ladder_auth_t auth;
    ladder_nat_t  nat;
    GPtrArray    *streams;       /* ladder_stream_t*, in stream-number order */
    GPtrArray    *rows;          /* ladder_row_t*, sorted by finish */
    GPtrArray    *cols;          /* ladder_col_t*, set by finish */
    gboolean      finished;
    gboolean      no_attrs;      /* rows keep no attributes (only the JSON ladder prints them) */
    GStringChunk *strings;       /* owns every string of the call */
} ladder_call_t;

typedef struct {
    ss_endpoint_t ep;            /* port 0: the whole address; else a split column */
    char          name[SS_ENDPOINT_STRLEN];
} ladder_col_t;

ladder_call_t *ladder_call_new(guint num, const char *call_id);
void           ladder_call_free(ladder_call_t *c);

/* Copy s into the call (NULL stays NULL): invalid UTF-8 bytes and control characters become
 * "\xNN" so output stays printable and parseable. Each call gets its own copy (the model
 * lives for one render: not worth a hash of every string). */
const char *ladder_call_str(ladder_call_t *c, const char *s);
const char *ladder_call_strf(ladder_call_t *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Rows. label must not be NULL. The row belongs to the call. */
ladder_row_t *ladder_call_add_row(ladder_call_t *c, ladder_row_kind_t kind, guint32 frame,
                                  guint index, gint64 ts_ns, const ss_endpoint_t *src,
                                  const ss_endpoint_t *dst, const char *label);
void ladder_row_note(ladder_call_t *c, ladder_row_t *r, const char *note);
void ladder_row_notef(ladder_call_t *c, ladder_row_t *r, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
void ladder_row_attr_str(ladder_call_t *c, ladder_row_t *r, const char *key, const char *v);
void ladder_row_attr_int(ladder_row_t *r, const char *key, gint64 v);
void ladder_row_attr_double(ladder_row_t *r, const char *key, double v);
void ladder_row_attr_bool(ladder_row_t *r, const char *key, gboolean v);
/* The full label: label and notes separated by single spaces (caller frees). */
char *ladder_row_full_label(const ladder_row_t *r);

/* One SIP message as the ladder shows it; ladder_call_add_sip builds its row with the standard
 * label ("INVITE bob", "180 Ringing") and notes ("SDP offer PCMA,PCMU", "[407 challenge]",
 * "[auth valid]", "[retransmission x2]"). Strings are copied. */
typedef struct {
    guint32       frame;
    guint         index;
    gint64        ts_ns;
    ss_endpoint_t src, dst;
    const char   *transport;     /* "UDP", "TCP", ... */
    const char   *method;        /* requests */
    const char   *ruri_user;     /* requests: Request-URI user part */
    guint         status;        /* responses */
    const char   *reason;        /* responses */
    const char   *sdp;           /* "offer", "answer", "sdp" (a body that is neither), NULL none */
    const char   *codecs;        /* "PCMA,PCMU" */
    guint         retransmission;/* 0 original, n: the n-th repeat */
    guint         leg;           /* dialog within the call (JSON "leg") */
    gboolean      show_leg;      /* add "[leg N]": the call has several legs */
    const char   *state;         /* dialog state after the message (JSON only) */
    guint         challenge;     /* a 401/407 challenge: its status */
    const char   *auth_verdict;  /* a request with credentials: valid/invalid/unverified/unsupported */
    const char   *auth_label;    /* a ready-made auth note ("[407 challenge, stale]"); when set it
                                    replaces the challenge/auth_verdict notes */
    const char   *extra;         /* one more note, last ("[orphan]") */
} ladder_sip_msg_t;

ladder_row_t *ladder_call_add_sip(ladder_call_t *c, const ladder_sip_msg_t *m);

/* A new zeroed stream (jitter unknown, direction unknown); fill it, finish adds its row. */
ladder_stream_t *ladder_call_add_stream(ladder_call_t *c);
/* "caller->callee" / "callee->caller" / NULL */
const char *ladder_stream_direction(const ladder_stream_t *s);

/* Sort the rows (time, frame, message index, kind), add one MEDIA row per stream, derive the
 * columns, start/stop when unset and the NAT media counters. Call once, after filling. */
void ladder_call_finish(ladder_call_t *c);

/* Media streams with an address mismatch (valid after finish). */
guint ladder_call_media_mismatches(const ladder_call_t *c);

/* Summaries shared by every renderer (caller frees): */
char *ladder_auth_summary(const ladder_auth_t *a);   /* "none" when nothing was seen */
char *ladder_nat_summary(const ladder_call_t *c);    /* "none seen" when nothing was seen */

/* Time helpers (UTC): "2026-01-01T00:00:00.000000Z" and "00:00:00.000000". buf >= 32. */
const char *ladder_time_iso(gint64 ns, char *buf, gsize len);
const char *ladder_time_of_day(gint64 ns, char *buf, gsize len);
/* The decimal digits of v and a NUL into buf (room for them: 21 bytes for any guint64), without
 * printf (the ladder prints several numbers per row); returns the number of digits. */
gsize ladder_uint_str(guint64 v, char *buf);
/* Seconds with 3 decimals ("1.500"), or "" when unknown. buf >= 32. */
const char *ladder_secs3(gint64 ns, char *buf, gsize len);
/* Seconds with 6 decimals ("1.500000", negative keeps its sign). buf >= 32. */
const char *ladder_secs6(gint64 ns, char *buf, gsize len);

#endif
