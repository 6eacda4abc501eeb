/* txn_table.h: SIP transaction matching (RFC 3261 section 17.1.3/17.2.3, RFC 2543 fallback)
 * and the per-transaction working state of the sipdialog engine. Plain C (GLib only).
 *
 * The working state (key, response signatures, copy counters) exists only while a
 * transaction can still see messages: it is released once the transaction has been idle
 * for SD_TXN_DONE_IDLE_NS after its final response, or SD_TXN_PENDING_IDLE_NS without one
 * (longer than Timers B/D/F/H/J of 32 s and the 3 min proxy Timer C). The permanent summary
 * (sd_txn_t) stays in the engine's store. */
#ifndef SIPSCOPE_TXN_TABLE_H
#define SIPSCOPE_TXN_TABLE_H

#include <glib.h>
#include "plugins/core/sip_msg.h"
#include "plugins/sipdialog/sipdialog_record.h"

#define SD_TXN_DONE_IDLE_NS     (40 * G_GINT64_CONSTANT(1000000000))
#define SD_TXN_PENDING_IDLE_NS  (200 * G_GINT64_CONSTANT(1000000000))
#define SD_TXN_MAX_LIVE         200000   /* hard cap: the oldest are released beyond it */
#define SD_TXN_MAX_SIGS         12       /* distinct responses remembered per transaction */
#define SD_TXN_MAX_PATHS        4        /* capture points remembered per transaction */

typedef struct sd_txn_work {
    char       *key;            /* owned */
    sd_txn_t   *txn;            /* permanent summary */
    gboolean    initial;        /* the request carried no To-tag (dialog-less) */
    gboolean    has_auth;       /* the request carried (Proxy-)Authorization */
    gboolean    request_seen;
    /* where copies of the request (kind 0) and of the ACK of a non-2xx (kind 1) were seen:
       a copy on the same path is a retransmission; the same message on another path was
       captured at another point (both sides of a NAT or a mirror), not re-sent */
    guint8      n_paths;
    struct {
        const ss_endpoint_t *src, *dst;   /* interned */
        guint8      kind;
        guint16     copies;
    } path[SD_TXN_MAX_PATHS];
    const char *final_to_tag;   /* To-tag of the first final response (interned) */
    guint8      n_sigs, sig_cap;
    /* distinct responses seen, grown on demand (most transactions see 1 to 3; the working
       state of every transaction of the last 40 s is alive at once) */
    struct sd_txn_sig {
        guint16     status;
        guint16     copies;
        guint32     rseq;
        guint32     body_hash;
        const char *to_tag;     /* interned */
        const ss_endpoint_t *src, *dst;   /* interned */
    } *sig;
    gint64      last_ts;
    gboolean    no_response;    /* a 2xx-ACK transaction: nothing answers it */
    gboolean    done;           /* on the completed list */
    GList       link;           /* node in the pending or completed list (data = self) */
} sd_txn_work_t;

typedef struct sd_txn_table sd_txn_table_t;

sd_txn_table_t *sd_txn_table_new(void);
void            sd_txn_table_free(sd_txn_table_t *t);

/* The matching key of message m for transaction class mclass ("INVITE" for an INVITE and
 * the ACK of its non-2xx final, "ACK" for a 2xx-ACK, "CANCEL", or the method). Requests and
 * responses of one transaction give the same key. Returns a new string (g_free) or NULL
 * when m has no call number or no CSeq. */
char *sd_txn_key(const ss_sip_msg_t *m, const char *mclass);
/* TRUE when the branch carries the RFC 3261 magic cookie. */
gboolean sd_branch_is_rfc3261(const char *branch);

sd_txn_work_t *sd_txn_lookup(sd_txn_table_t *t, const char *key);
/* Add a transaction (takes ownership of key). */
sd_txn_work_t *sd_txn_insert(sd_txn_table_t *t, char *key, sd_txn_t *txn, gint64 ts);
/* Record activity at ts (moves it to the completed list once txn->final_frame is set). */
void sd_txn_touch(sd_txn_table_t *t, sd_txn_work_t *w, gint64 ts);
/* Release the working state of transactions idle long enough at time now. */
void sd_txn_expire(sd_txn_table_t *t, gint64 now);
guint sd_txn_live(const sd_txn_table_t *t);

/* A response of the transaction: how many times an identical one (status, To-tag, RSeq,
 * body, same src -> dst) was seen before (0 = new; it is remembered). */
guint sd_txn_response_copy(sd_txn_work_t *w, guint status, const char *to_tag, guint32 rseq,
                           guint32 body_hash, const ss_endpoint_t *src, const ss_endpoint_t *dst);
/* A copy of the request (kind 0) or non-2xx ACK (kind 1) sent src -> dst (interned): returns
 * how many copies were seen before on that path (0 = first) and sets *index to the path's
 * order of first sight for that kind (0 = the first path). */
guint sd_txn_path_copy(sd_txn_work_t *w, guint kind, const ss_endpoint_t *src,
                       const ss_endpoint_t *dst, guint *index);
/* The order of first sight of path src -> dst for kind, or -1 when not seen. */
gint  sd_txn_path_index(const sd_txn_work_t *w, guint kind, const ss_endpoint_t *src,
                        const ss_endpoint_t *dst);

/* FNV-1a over a body (0 for none). */
guint32 sd_body_hash(const guint8 *body, guint len);

#endif
