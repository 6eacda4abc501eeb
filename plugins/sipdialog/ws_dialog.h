/* ws_dialog.h: access to the sipdialog engine from any sipscope protocol (epan glue).
 *
 * The dialog/transaction engine runs whenever some part asks for a frame's record, even when
 * the sipdialog protocol itself is disabled (its own tree items and expert infos are then
 * absent, but mediabind, sipauth, stunverify and the taps still get calls, legs and
 * transactions). Usage from a post-dissector:
 *
 *     first pass:   const sipdialog_frame_t *d = sd_frame_get(tree, pinfo);
 *     any pass:     same call; on visited passes it returns the stored record
 *
 * and in the part's want() callback: sd_dialog_want(w) (the SIP fields the engine reads,
 * including ss_sip_fields_want()). Parts registered after sipdialog (post-dissectors run in
 * registration order) find the record already computed for the frame.
 *
 * The returned record and everything it points to live until the capture file is closed
 * (see sipdialog_record.h for the semantics and the "read at render time" rule). */
#ifndef SIPSCOPE_WS_DIALOG_H
#define SIPSCOPE_WS_DIALOG_H

#include <epan/packet.h>
#include "plugins/sipdialog/sipdialog_record.h"

/* The frame's dialog record, NULL when the frame has no SIP message. On the first pass the
 * frame's SIP messages (ss_sip_frame_get) are fed to the engine exactly once per frame, in
 * capture order; later calls (other parts, visited passes) return the stored record. A NULL
 * tree on the first pass (no fields) gives NULL. Each first-pass frame also moves the
 * engine's clock (working-state expiry) to its time, SIP or not. */
const sipdialog_frame_t *sd_frame_get(proto_tree *tree, packet_info *pinfo);

/* Call number n (sipdialog.call, 1-based) of the current capture file; NULL when unknown. */
const sd_call_t *sd_call_get(guint number);
/* Number of calls the engine has seen so far (highest call number). */
guint sd_call_count(void);

/* Append the hf ids the engine reads (the core SIP fields plus sipdialog's own). */
void sd_dialog_want(GArray *wanted);

#endif
