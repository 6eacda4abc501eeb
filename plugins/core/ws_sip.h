/* ws_sip.h: the SIP messages of a frame, read once from Wireshark's SIP and SDP fields and
 * shared by every sipscope protocol (epan glue). First pass only: on visited passes the
 * wanted fields are not primed, so parts must render from their stored records instead. */
#ifndef SIPSCOPE_WS_SIP_H
#define SIPSCOPE_WS_SIP_H

#include <epan/packet.h>
#include "plugins/core/sip_msg.h"
#include "plugins/core/ws_fields.h"
#include "plugins/core/call_registry.h"

typedef struct {
    guint          n;
    ss_sip_msg_t  *msg;    /* n messages, pinfo->pool */
    ss_span_t     *span;   /* each message's byte range, to read further fields of it */
} ss_sip_frame_t;

/* Look up the SIP/SDP field ids (handoff) and add them to a wanted array (init). */
void ss_sip_fields_resolve(void);
void ss_sip_fields_want(GArray *wanted);

/* The SIP messages of the frame being dissected, NULL when it has none (or tree is NULL).
 * Computed on the first call for a frame and cached for the other parts. Assigns call
 * numbers, so call it on the first pass of every frame whatever the part needs. */
const ss_sip_frame_t *ss_sip_frame_get(proto_tree *tree, packet_info *pinfo);

/* The capture file's Call-ID numbering (valid between the init and cleanup routines). */
ss_call_registry_t *ss_calls(void);

/* Core lifetime: called from plugin registration. */
void ss_core_register(void);

#endif
