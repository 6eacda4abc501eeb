/* dialog_fsm.h: the rules of the sipdialog state machine (RFC 3261 sections 12-17, RFC 6665,
 * RFC 3262): which responses create dialogs, how a dialog's state moves, and how a final
 * response decides a call's outcome. Plain C (GLib only), no storage. */
#ifndef SIPSCOPE_DIALOG_FSM_H
#define SIPSCOPE_DIALOG_FSM_H

#include <glib.h>
#include "plugins/sipdialog/sipdialog_record.h"

/* Timer B / F / H (64 * T1, T1 = 500 ms). */
#define SD_TIMER_64T1_NS (32 * G_GINT64_CONSTANT(1000000000))

gboolean sd_method_is(const char *method, const char *name);
/* Requests whose 2xx (or 1xx with To-tag, for INVITE) creates a dialog. */
gboolean sd_method_creates_dialog(const char *method);
/* Dialog-creating responses: 101-199 with To-tag to INVITE, 2xx to INVITE/SUBSCRIBE/REFER/NOTIFY. */
gboolean sd_response_creates_dialog(const char *cseq_method, guint status, gboolean has_to_tag);

gboolean sd_status_is_challenge(guint status);      /* 401, 407 */

/* Outcome decided by a final response (>= 300) to an initial request of the call.
 * challenged: an earlier attempt of the call was challenged (401/407);
 * had_auth: the request answered carried credentials. */
sd_outcome_t sd_outcome_for_final(guint status, gboolean challenged, gboolean had_auth);

/* A dialog's state after events (never moves a terminated/failed dialog back, except that
 * a 2xx revives an early dialog the proxy marked failed on another branch). */
sd_state_t sd_state_on_provisional(sd_state_t s, gboolean has_to_tag);   /* 1xx */
sd_state_t sd_state_on_2xx_initial(sd_state_t s);                         /* 2xx to the initial request */
/* >= 300 to the initial request; was_confirmed: the dialog had a 2xx (then it is not ended) */
sd_state_t sd_state_on_final_error(sd_state_t s, guint status, gboolean was_confirmed);
sd_state_t sd_state_on_bye(sd_state_t s);                                 /* BYE, NOTIFY terminated */
sd_state_t sd_state_on_bye_final(sd_state_t s);                           /* any final to BYE */

#endif
