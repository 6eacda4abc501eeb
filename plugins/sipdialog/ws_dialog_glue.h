/* ws_dialog_glue.h: what packet-sipdialog.c needs from ws_dialog.c beyond the public
 * ws_dialog.h (engine lifetime, clock). Epan glue. */
#ifndef SIPSCOPE_WS_DIALOG_GLUE_H
#define SIPSCOPE_WS_DIALOG_GLUE_H

#include <epan/packet.h>
#include "plugins/sipdialog/sipdialog_record.h"

/* From sipdialog_register(): the protocol that owns the frame records; registers the
 * engine's init/cleanup routines. */
void sd_dialog_register(int proto_sipdialog);
/* From sipdialog_handoff(): resolve the engine's own fields. */
void sd_dialog_handoff(void);
/* The engine's clock (NULL outside a capture file). */
const sd_clock_t *sd_dialog_clock(void);

#endif
