/* stun_txn.h: STUN transactions paired by transaction ID across conversations (the built-in
 * pairing is per 5-tuple and fails in ICE captures and for RFC 3489 CHANGE-REQUEST answers).
 * Plain C (GLib only).
 *
 * Memory: transaction objects are owned by the table and live until stun_txn_table_free()
 * (per-frame records point at them for forward references). Only the lookup index is
 * bounded: a transaction leaves it when idle longer than the timeout or when more than
 * max_open are open (oldest first); a later message with the same ID then starts a new one. */
#ifndef SIPSCOPE_STUN_TXN_H
#define SIPSCOPE_STUN_TXN_H

#include <glib.h>
#include "plugins/core/endpoint.h"

#define STUN_TXN_ID_LEN 16   /* header bytes 4..19: magic cookie + 96-bit ID, or classic 128-bit ID */

typedef struct stun_txn {
    guint8   id[STUN_TXN_ID_LEN];
    guint16  method;
    guint32  request_frame;    /* first request, 0 = not seen */
    guint32  response_frame;   /* first response (success or error), 0 = none (yet) */
    guint    requests;         /* copies of the request seen (retransmissions + 1) */
    guint    responses;
    gint64   request_ts;       /* ns, of the first request */
    gint64   response_ts;
    gint64   last_ts;          /* last activity, for expiry */
    ss_endpoint_t request_src; /* the request's source and destination at the capture point */
    ss_endpoint_t request_dst;

    /* what the request established, for its response (filled by the caller) */
    guint8   role;
    guint    ice_call;
    guint32  sdp_frame;
    guint8  *key;              /* integrity key of the request (owned; never printed) */
    gsize    key_len;
    char    *key_from;         /* description of where the key came from (no secret) */
    gboolean key_valid;        /* the request verified with it */
} stun_txn_t;

typedef struct stun_txn_table stun_txn_table_t;

/* timeout_ns: idle time after which a transaction can no longer be matched (0 = never). */
stun_txn_table_t *stun_txn_table_new(guint max_open, gint64 timeout_ns);
void stun_txn_table_free(stun_txn_table_t *t);

typedef enum {
    STUN_TXN_NEW_REQUEST,      /* first copy of a request */
    STUN_TXN_RETRANSMISSION,   /* another copy of a request already seen */
    STUN_TXN_RESPONSE,         /* first response to a known request */
    STUN_TXN_DUP_RESPONSE,     /* another response to the same transaction */
    STUN_TXN_ORPHAN_RESPONSE   /* a response whose request was not seen (or expired) */
} stun_txn_event_t;

/* Record a request (is_request) or a response seen at frame/ts_ns from src to dst and return its
 * transaction; *ev says what it was. Requests and responses with the same ID but another
 * method do not pair (a new transaction replaces the old one in the index). */
stun_txn_t *stun_txn_seen(stun_txn_table_t *t, const guint8 id[STUN_TXN_ID_LEN], guint16 method,
                          gboolean is_request, guint32 frame, gint64 ts_ns,
                          const ss_endpoint_t *src, const ss_endpoint_t *dst, stun_txn_event_t *ev);

/* Give the transaction its request's key (copied; replaces an earlier one). */
void stun_txn_set_key(stun_txn_t *txn, const guint8 *key, gsize key_len, const char *from, gboolean valid);

guint stun_txn_open_count(const stun_txn_table_t *t);   /* in the lookup index */
guint stun_txn_total_count(const stun_txn_table_t *t);  /* all ever created */

#endif
