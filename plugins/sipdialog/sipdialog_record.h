/* sipdialog_record.h: the records the sipdialog engine keeps, read by every other part.
 *
 * Pure header (GLib + core types only). The engine (dialog_engine.h) fills these on the first
 * pass; the sipdialog post-dissector, the other protocols (through ws_dialog.h) and the taps
 * (ladder, CDR, stats: through the `sipscope` tap, kind SS_TAP_DIALOG) only read them.
 * Taps run on visited passes where no field of any dissector is available, so a per-frame
 * record carries everything a ladder row needs, and a call object everything a call summary
 * (CDR) needs.
 *
 * Lifetime: all objects belong to the capture file's engine and stay valid (and at the same
 * address) from the frame that created them until the file is closed. Objects reached from
 * a frame record keep changing while later frames are read for the first time (a call's
 * answer frame, outcome, a transaction's final response): read them at render time, never
 * copy them on the first pass. Strings are NUL-terminated, interned, and owned by the engine.
 *
 * Semantics (summary; details at each field):
 * - call: all messages with one Call-ID (numbered by the core call registry, 1-based).
 * - leg: one dialog of the call (Call-ID + the two tags), numbered 1, 2, ... in order of the
 *   first response that carried its To-tag (1xx with To-tag or 2xx to INVITE, 2xx to
 *   SUBSCRIBE/REFER, NOTIFY). A non-2xx final response does not create a leg (a 407 from a
 *   proxy carries the proxy's tag, not a dialog). Messages outside any leg have leg 0.
 * - transaction (RFC 3261 section 17): top Via branch + CSeq method (ACK of a non-2xx and
 *   CANCEL follow the INVITE's branch; ACK of a 2xx is its own transaction); RFC 2543 peers
 *   (branch without "z9hG4bK") are matched by Call-ID, From tag, CSeq and top Via sent-by.
 * - hop: the same request seen on several hops (a proxy forwards it with its own Via on top:
 *   a new branch, same Call-ID, CSeq and From tag) is one logical request counted once per
 *   call; each copy is its own transaction with hop 2, 3, ... in order of first sight. A copy
 *   on another hop is NOT a retransmission. Call times use the first sighting of each event.
 * - retransmission: a copy of a request (same transaction, same method) or of a response
 *   (same transaction, status, To-tag, RSeq and body) already seen on the same path (source and
 *   destination). The same message seen at another capture point (both sides of a NAT, same
 *   branch) is a copy on another path: hop > 1, not a retransmission.
 * See README.md in this directory for the state and outcome rules. */
#ifndef SIPSCOPE_SIPDIALOG_RECORD_H
#define SIPSCOPE_SIPDIALOG_RECORD_H

#include <glib.h>
#include "plugins/core/endpoint.h"
#include "plugins/core/sip_msg.h"

/* Dialog state after a message (`sipdialog.state`). */
typedef enum {
    SD_STATE_NONE = 0,     /* not tracked (no Call-ID) */
    SD_STATE_CALLING,      /* initial request sent, no response yet */
    SD_STATE_PROCEEDING,   /* provisional response without To-tag (100 Trying) */
    SD_STATE_EARLY,        /* early dialog: 1xx with To-tag */
    SD_STATE_CONFIRMED,    /* 2xx to a dialog-creating request: dialog established */
    SD_STATE_TERMINATING,  /* BYE (or CANCEL, or NOTIFY "terminated") sent, awaiting its answer */
    SD_STATE_TERMINATED,   /* BYE answered, 487 after CANCEL, 481/408 in a dialog, or a
                              non-dialog request (REGISTER, OPTIONS, MESSAGE...) answered 2xx */
    SD_STATE_FAILED        /* the initial request got a final non-2xx response */
} sd_state_t;

/* The call's outcome (`sipdialog.outcome`); see sd_outcome_str() for the rules. */
typedef enum {
    SD_OUTCOME_NONE = 0,      /* no initial request seen (capture started mid-call): not shown */
    SD_OUTCOME_IN_PROGRESS,   /* no final response yet (or the capture ended first) */
    SD_OUTCOME_ANSWERED,      /* a 2xx to an initial INVITE (or request) on any leg */
    SD_OUTCOME_BUSY,          /* 486 Busy Here, 600 Busy Everywhere */
    SD_OUTCOME_REJECTED,      /* any other 4xx/5xx/6xx (603 Decline, 404, 503...) */
    SD_OUTCOME_CANCELLED,     /* 487, or CANCEL seen and no 2xx */
    SD_OUTCOME_UNANSWERED,    /* 408 Request Timeout, 480 Temporarily Unavailable */
    SD_OUTCOME_AUTH_FAILED,   /* last final was 401/407 with no authorised retry after it, or
                                 403 after a challenge in this call */
    SD_OUTCOME_REDIRECTED,    /* 3xx */
    SD_OUTCOME_FAILED         /* no response at all within Timer B (32 s) while the capture
                                 went on: the request timed out */
} sd_outcome_t;

typedef enum {
    SD_SIDE_UNKNOWN = 0,
    SD_SIDE_CALLER,
    SD_SIDE_CALLEE
} sd_side_t;

/* SDP role of a message body in the offer/answer exchange of its dialog (RFC 3264/6337). */
typedef enum {
    SD_SDP_NONE = 0,
    SD_SDP_OFFER,
    SD_SDP_ANSWER
} sd_sdp_role_t;

/* Per-message flags (sipdialog_msg_t.flags). */
enum {
    SD_MSG_REQUEST         = 1u << 0,   /* a request (else a response) */
    SD_MSG_RETRANSMISSION  = 1u << 1,   /* sipdialog.retransmission */
    SD_MSG_HOP_COPY        = 1u << 2,   /* a request seen earlier on another hop (hop > 1) */
    SD_MSG_ORPHAN          = 1u << 3,   /* BYE/ACK/CANCEL (or a response) matching nothing seen */
    SD_MSG_CSEQ_BACKWARDS  = 1u << 4,   /* CSeq lower than an earlier request of the same side
                                           in the same dialog */
    SD_MSG_DIALOG_ERROR    = 1u << 5,   /* 481 or 408 to a request inside a dialog: the dialog
                                           is terminated */
    SD_MSG_UNKNOWN_DIALOG  = 1u << 6,   /* in-dialog request (To-tag) whose dialog was not seen
                                           being established (capture started mid-call) */
    SD_MSG_INITIAL         = 1u << 7,   /* dialog-less request starting a call attempt (or its
                                           response): counts for the outcome */
    SD_MSG_RELIABLE_1XX    = 1u << 8,   /* provisional response with RSeq (100rel) */
    SD_MSG_ACKS_2XX        = 1u << 9    /* an ACK of a 2xx (related_frame says which) */
};

struct sd_call;
struct sd_leg;

/* Legs numbered per call; further dialogs of a call get leg 0 (untracked). */
#define SD_MAX_LEGS 32

/* The engine's notion of "now": the time of the latest frame it was told about. */
typedef struct sd_clock {
    gint64   now_ns;
    gboolean complete;   /* a rendering pass after the first one has begun (tshark -2, GUI):
                            everything the capture holds has been read */
} sd_clock_t;


/* Transaction summary: small, permanent (the matching state is released when the
 * transaction ends). One per transaction branch; hop copies have their own. */
typedef struct sd_txn {
    const char *method;        /* INVITE, BYE, ...; ACK only for a 2xx-ACK transaction */
    struct sd_txn *first_hop;  /* the hop-1 transaction of the same request (itself on hop 1) */
    gint64      request_ts;    /* ns since the epoch of request_frame */
    gint64      final_ts;
    guint32     cseq;
    guint32     request_frame; /* first frame of the request (0: never seen, e.g. capture
                                  started after it) */
    guint32     final_frame;   /* first final response (0: none yet) */
    guint32     ack_frame;     /* INVITE: first ACK of its non-2xx final (same transaction) */
    guint32     cancel_frame;  /* INVITE: first CANCEL for it */
    guint32     related_frame; /* CANCEL: the INVITE it cancels; 2xx-ACK: the 2xx it
                                  acknowledges; PRACK: the reliable 1xx it acknowledges */
    guint16     final_status;  /* 0: none yet */
    guint16     retransmissions;   /* copies of messages of this transaction */
    guint8      hop;           /* 1 = first sighting of this request, 2, 3... = other hops */
    guint8      request_sdp;   /* boolean: the request carried SDP */
} sd_txn_t;

/* One dialog of a call. */
typedef struct sd_leg {
    struct sd_leg   *next;         /* next leg of the same call */
    struct sd_call  *call;
    const char      *local_tag;    /* From tag of the request that created it (caller side) */
    const char      *remote_tag;   /* To tag */
    const char      *remote_ua;    /* Server/User-Agent of the remote side, when seen */
    guint            number;       /* sipdialog.leg */
    guint32          created_frame;    /* the response that created it */
    guint32          confirmed_frame;  /* first 2xx on it (0: never confirmed) */
    guint32          ended_frame;      /* message that terminated/failed it */
    /* offer/answer: latest offer and answer frames in this dialog (0: none) */
    guint32          offer_frame;
    guint32          answer_frame;
    /* 2xx/ACK bookkeeping for "2xx never ACKed" */
    guint32          last_2xx_cseq;    /* CSeq of the latest 2xx to an INVITE on this leg */
    guint32          last_2xx_frame;
    guint32          acked_cseq;       /* highest CSeq of an ACK for a 2xx on this leg */
    guint16          final_status;     /* final response to the initial request on this leg */
    guint8           state;            /* sd_state_t: current state */
    guint8           offer_side;       /* sd_side_t: who made the latest offer */
    guint8           has_2xx, has_ack; /* booleans */
} sd_leg_t;

/* One call (all messages with one Call-ID). Kept for every call of the capture: packed
 * (pointers, then times, then frame numbers, then the small fields). */
typedef struct sd_call {
    const char      *call_id;
    const char      *kind;         /* method of the initial request: "INVITE", "REGISTER"... NULL
                                      when none was seen */
    /* parties, from the initial request (first hop) */
    const char      *caller_addr, *caller_user, *caller_display;   /* From */
    const char      *callee_addr, *callee_user, *callee_display;   /* To */
    const char      *caller_tag;   /* From tag of the initial request */
    const char      *caller_ua;    /* User-Agent of the initial request */
    const char      *callee_ua;    /* Server/User-Agent of the answering side */
    const ss_endpoint_t *caller_ep;    /* source of the initial request on its first hop */
    const ss_endpoint_t *callee_ep;    /* UAS: source of the responses on the deepest hop seen
                                          (destination of the deepest request copy before any) */
    const char      *final_reason;
    sd_leg_t        *legs;         /* leg 1 first */
    const struct sd_clock *clock;  /* the engine's clock (time of the latest frame) */

    /* times (ns since the epoch) of the frames below */
    gint64           first_ts, last_ts;
    gint64           invite_ts, ringing_ts, answer_ts, ack_ts, bye_ts, final_ts;
    gint64           attempt_ts;   /* first sighting of the current attempt's request */

    guint            number;       /* sipdialog.call */
    guint32          first_frame;  /* first message of the call */
    guint32          last_frame;
    /* the call's INVITE = first INVITE of the latest initial attempt (after a 401/407 or 3xx
       the retry starts a new attempt); times are measured from it */
    guint32          first_invite_frame;   /* very first initial request (before any challenge) */
    guint32          invite_frame;
    guint32          ringing_frame;    /* first 18x of that attempt */
    guint32          answer_frame;     /* first 2xx to an initial INVITE (any hop); calls without
                                          INVITE: the 2xx of the latest attempt (REGISTER...) */
    guint32          ack_frame;        /* first ACK of that 2xx */
    guint32          bye_frame;        /* first BYE on the answered leg (any leg when none was
                                          answered) */
    guint32          bye_final_frame;  /* first final response to that BYE */
    guint32          cancel_frame;     /* first CANCEL of an initial INVITE */
    guint32          final_frame;      /* final response that decides the outcome (0: none) */
    guint32          n_messages;       /* messages seen (all hops, with retransmissions) */
    guint32          n_retransmissions;

    guint16          final_status;
    guint16          answer_leg;   /* leg number of the answer (0: none) */
    guint16          attempts;     /* initial request attempts (auth retries, redirects...) */
    guint16          challenges;   /* 401/407 to initial requests */
    guint16          n_legs;
    guint8           transport;    /* ss_transport_t of the initial request on its first hop */
    guint8           hangup_by;    /* sd_side_t: sender of the first BYE (caller: From tag =
                                      caller_tag) */

    /* outcome inputs (see sd_call_outcome()) */
    guint8           outcome_final;    /* sd_outcome_t decided by a final response; NONE while
                                          pending */
    guint8           has_initial;      /* booleans: an initial (dialog-less) request was seen */
    guint8           answered;         /* a 2xx to an initial request */
    guint8           provisional;      /* any response to the current attempt */
    guint8           challenge_pending;/* outcome_final is AUTH_FAILED from a 401/407 that a
                                          retry may still answer */
} sd_call_t;

/* One SIP message of a frame: everything a ladder row needs. Kept for every SIP message of
 * the capture, so it is packed (96 bytes): numbers first, then the pointers. */
typedef struct {
    guint32          frame;
    guint32          cseq;
    guint32          related_frame;/* ACK of a 2xx: that 2xx; PRACK: the reliable 1xx it
                                      acknowledges; CANCEL: the INVITE it cancels (0: none) */
    guint16          index;        /* position in the frame (ss_sip_msg_t.index) */
    guint16          flags;        /* SD_MSG_* */
    guint16          status;       /* responses: status code; requests: 0 */
    guint16          copy;         /* retransmission count: 0 original, 1 first repeat, ... */
    guint8           leg;          /* leg number, 0 = none (at most SD_MAX_LEGS) */
    guint8           transport;    /* ss_transport_t */
    guint8           state : 4;    /* sd_state_t after this message */
    guint8           sdp : 4;      /* sd_sdp_role_t of its body */
    guint8           hop;          /* its transaction's hop (1, 2, ...), or higher for a copy seen
                                      at another capture point; 0 when untracked */
    gint64           ts_ns;
    const ss_endpoint_t *src, *dst;   /* interned */
    const char      *method;       /* request method; NULL on responses */
    const char      *cseq_method;  /* CSeq method (on responses: what it answers) */
    union {                        /* (a request has no reason phrase, a response no R-URI) */
        const char  *ruri_user;    /* Request-URI user (requests) */
        const char  *reason;       /* reason phrase (responses) */
    };
    const char      *codecs;       /* SDP summary "PCMA,PCMU,telephone-event"; several media
                                      sections: "audio:PCMU,PCMA video:H264" (port 0: "video:-");
                                      NULL without SDP */
    sd_call_t       *call;         /* NULL without Call-ID; its dialog: sd_msg_dialog() */
    sd_txn_t        *txn;          /* NULL when untracked */
} sipdialog_msg_t;

/* The per-frame record: one entry per SIP message, in frame order (one allocation). */
typedef struct {
    guint            n;
    sipdialog_msg_t  msg[];
} sipdialog_frame_t;

/* Strings for enum values (the filterable field values). */
const char *sd_state_str(sd_state_t s);
const char *sd_outcome_str(sd_outcome_t o);   /* NULL for SD_OUTCOME_NONE */
const char *sd_side_str(sd_side_t s);         /* "caller", "callee", NULL */
const char *sd_sdp_role_str(sd_sdp_role_t r); /* "offer", "answer", NULL */

/* The call's outcome now (final response rules, then the clock for Timer B). */
sd_outcome_t sd_call_outcome(const sd_call_t *call);

/* Durations in ns, or -1 when not known. */
gint64 sd_call_pdd_ns(const sd_call_t *call);         /* INVITE -> first 18x */
gint64 sd_call_setup_ns(const sd_call_t *call);       /* INVITE -> 2xx */
gint64 sd_call_duration_ns(const sd_call_t *call);    /* ACK -> BYE */

/* Leg number n of a call (NULL when out of range). */
const sd_leg_t *sd_call_leg(const sd_call_t *call, guint n);

/* The dialog (leg) of a message, NULL when leg == 0 (looked up: the record does not keep a
 * pointer for it). */
static inline const sd_leg_t *sd_msg_dialog(const sipdialog_msg_t *m)
{
    return m->leg ? sd_call_leg(m->call, m->leg) : NULL;
}

#endif
