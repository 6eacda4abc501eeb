/* call_table.h: the sipdialog engine's calls (by call number), their legs (dialogs) and the
 * recent logical requests of each call used to recognise the same request on several hops.
 * Plain C (GLib only); all objects live in the engine's store. */
#ifndef SIPSCOPE_CALL_TABLE_H
#define SIPSCOPE_CALL_TABLE_H

#include <glib.h>
#include "plugins/sipdialog/sipdialog_record.h"
#include "plugins/sipdialog/sd_store.h"

#define SD_CALL_GROUPS      4    /* logical requests remembered per call (a ring) */
#define SD_GROUP_MAX_HOPS   3    /* hop signatures remembered per logical request */
#define SD_CALL_2XX_PATHS   8    /* 2xx (per leg and hop) remembered per call for ACK pairing */
/* A call's logical requests and recent 2xx are working state: released once no request (or
 * 2xx) of the call was seen for this long (a hop copy follows its original within
 * milliseconds, an ACK its 2xx within Timer H's 32 s; transactions are forgotten after
 * SD_TXN_DONE_IDLE_NS as well), made again by its next request or 2xx. */
#define SD_CALL_WORK_IDLE_NS (40 * G_GINT64_CONSTANT(1000000000))

/* One logical request (CSeq number + method + From and To tags) and the hops it was seen on. */
typedef struct {
    guint32     cseq;
    const char *method;       /* interned */
    const char *from_tag;     /* interned, may be NULL */
    const char *to_tag;       /* interned, NULL for dialog-less requests */
    sd_txn_t   *first;        /* hop-1 transaction */
    guint8      n_hops;
    guint8      n_sigs;
    struct {
        const ss_endpoint_t *src, *dst;
        guint16 vias;
    } sig[SD_GROUP_MAX_HOPS];
} sd_group_t;

/* Engine-private extension of a leg. */
typedef struct {
    sd_leg_t    pub;          /* first: a sd_leg_t* is a sd_leg_state_t* */
    guint32     cseq[2];      /* highest request CSeq per side: [0] local side (caller of the
                                 dialog), [1] remote side */
    guint32     rel_rseq, rel_cseq, rel_frame;   /* latest reliable provisional (100rel) */
    guint8      cseq_set[2];  /* booleans: cseq[i] is set */
    guint8      rel_offer;    /* boolean: it carried an SDP offer */
} sd_leg_state_t;

typedef struct sd_call_work sd_call_work_t;   /* call_table.c */

/* Engine-private extension of a call. */
typedef struct {
    sd_call_t   pub;          /* first */
    sd_leg_t   *last_leg;
    sd_call_work_t *work;         /* its recent logical requests and 2xx paths, or NULL (working
                                     state, released after SD_CALL_WORK_IDLE_NS without a request
                                     or 2xx) */
    guint32     answer_cseq;      /* CSeq of the INVITE the call's answer (2xx) answers */
    guint16     callee_vias;      /* Via count of the message that set pub.callee_ep */
    guint8      attempt_state;    /* sd_state_t of the dialog-less part (before/without a leg) */
    guint8      final_hop;        /* hop of the response that set pub.final_* (0: none) */
    guint8      callee_by_response;   /* boolean */
} sd_call_state_t;

typedef struct sd_call_table sd_call_table_t;

sd_call_table_t *sd_call_table_new(sd_store_t *store, const sd_clock_t *clock);
void             sd_call_table_free(sd_call_table_t *t);

/* Call number n, created on first use (n > 0). */
sd_call_state_t *sd_call_table_get(sd_call_table_t *t, guint n, const char *call_id);
sd_call_state_t *sd_call_table_find(const sd_call_table_t *t, guint n);
guint            sd_call_table_count(const sd_call_table_t *t);
/* Calls currently holding working state (logical requests, 2xx paths; for tests and budget
 * checks). */
guint            sd_call_table_work_live(const sd_call_table_t *t);

/* The leg with tags {a, b} in either order (interned pointers), NULL when none. */
sd_leg_state_t *sd_leg_find(sd_call_state_t *c, const char *a, const char *b);
/* A new leg (local = tag of the dialog's initiator); NULL beyond SD_MAX_LEGS. */
sd_leg_state_t *sd_leg_add(sd_call_state_t *c, sd_store_t *store, const char *local_tag,
                           const char *remote_tag, guint32 frame);

/* The remembered logical request (cseq, method, from_tag, to_tag), NULL when none. */
sd_group_t *sd_group_find(sd_call_table_t *t, sd_call_state_t *c, guint32 cseq,
                          const char *method, const char *from_tag, const char *to_tag);
/* Remember a new logical request (replaces the oldest of the ring). Releases the working
 * state of other calls idle for SD_CALL_WORK_IDLE_NS. */
sd_group_t *sd_group_add(sd_call_table_t *t, sd_call_state_t *c, guint32 cseq,
                         const char *method, const char *from_tag, const char *to_tag,
                         sd_txn_t *first);
/* A 2xx to an INVITE (CSeq cseq) on leg l, sent src -> dst in frame: remembered per path (one
 * per hop) while the call is active, to pair each ACK with its own 2xx. */
void        sd_call_note_2xx(sd_call_table_t *t, sd_call_state_t *c, const sd_leg_t *l,
                             guint32 cseq, guint32 frame, const ss_endpoint_t *src,
                             const ss_endpoint_t *dst);
/* The 2xx an ACK on leg l (CSeq cseq, sent src -> dst) acknowledges: the one that came back on
 * the same path, else one from the ACK's destination, else the first one seen; 0 when none. */
guint32     sd_call_ack_2xx_frame(const sd_call_state_t *c, const sd_leg_t *l, guint32 cseq,
                                  const ss_endpoint_t *src, const ss_endpoint_t *dst);

/* Whether a copy sent src -> dst with vias Via headers was already recorded in g. */
gboolean    sd_group_has_sig(const sd_group_t *g, const ss_endpoint_t *src,
                             const ss_endpoint_t *dst, guint vias);
void        sd_group_add_sig(sd_group_t *g, const ss_endpoint_t *src, const ss_endpoint_t *dst,
                             guint vias);

#endif
