/* dialog_engine.h: the sipdialog engine. Fed with the SIP messages of each frame in capture
 * order (first pass only), it matches transactions, follows dialogs and calls, and returns
 * the frame's record (sipdialog_record.h). Plain C (GLib only): unit-tested with hand-made
 * ss_sip_msg_t sequences; the epan glue is ws_dialog.c. */
#ifndef SIPSCOPE_DIALOG_ENGINE_H
#define SIPSCOPE_DIALOG_ENGINE_H

#include <glib.h>
#include "plugins/core/sip_msg.h"
#include "plugins/sipdialog/sipdialog_record.h"

/* What the engine reads beyond ss_sip_msg_t (sipdialog's own fields), per message. */
typedef struct {
    gboolean has_auth;                 /* Authorization or Proxy-Authorization present */
    gboolean subscription_terminated;  /* Subscription-State: terminated */
} sd_msg_ext_t;

typedef struct sd_engine sd_engine_t;

sd_engine_t *sd_engine_new(void);
void         sd_engine_free(sd_engine_t *e);

/* Feed the n messages of one frame (ext: n entries or NULL). Returns the frame record (owned
 * by the engine, valid until sd_engine_free), NULL when n is 0. Each frame once, in order. */
const sipdialog_frame_t *sd_engine_feed(sd_engine_t *e, const ss_sip_msg_t *msgs,
                                        const sd_msg_ext_t *ext, guint n);
/* Time advances (a frame without SIP): ns since the epoch. */
void sd_engine_tick(sd_engine_t *e, gint64 ts_ns);
/* Everything the capture holds was fed (a later pass started). */
void sd_engine_set_complete(sd_engine_t *e);
const sd_clock_t *sd_engine_clock(const sd_engine_t *e);

const sd_call_t *sd_engine_call(const sd_engine_t *e, guint number);
guint            sd_engine_call_count(const sd_engine_t *e);

/* Diagnostics for tests and budgets. */
guint sd_engine_live_transactions(const sd_engine_t *e);
gsize sd_engine_bytes(const sd_engine_t *e);

#endif
