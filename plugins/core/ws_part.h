/* ws_part.h: what every sipscope protocol (sipdialog, sipauth, stunverify, mediabind) shares
 * in its epan glue: registration as a post-dissector whose wanted fields are set only while
 * the protocol is enabled, and the one `sipscope` tap that carries the per-frame records. */
#ifndef SIPSCOPE_WS_PART_H
#define SIPSCOPE_WS_PART_H

#include <epan/packet.h>

typedef struct {
    const char *name;               /* dissector name, e.g. "sipdialog" */
    int        *proto;              /* the part's protocol id (already registered) */
    dissector_t dissect;            /* the post-dissector */
    void      (*want)(GArray *wanted);   /* appends the hf ids the part reads (resolved ids only) */
    dissector_handle_t handle;      /* set by ss_part_register */
} ss_part_t;

/* Call from the part's register_protoinfo, after proto_register_protocol. The part struct
 * must be static. Post-dissectors run in registration order. */
void ss_part_register(ss_part_t *part);

/* The sipscope tap: every part queues its frame record here, on every pass. */
typedef enum {
    SS_TAP_DIALOG = 1,   /* rec: const sipdialog_frame_t * */
    SS_TAP_AUTH,         /* rec: const sipauth_frame_t * */
    SS_TAP_STUN,         /* rec: const stunverify_frame_t * */
    SS_TAP_MEDIA         /* rec: const mediabind_pkt_t * (plugins/mediabind/mediabind_record.h), packet scope */
} ss_tap_kind_t;

typedef struct {
    ss_tap_kind_t kind;
    const void   *rec;   /* file scope; the kind's header says what it points to */
} ss_tap_data_t;

#define SS_TAP_NAME "sipscope"
void ss_tap_queue(packet_info *pinfo, ss_tap_kind_t kind, const void *rec);

/* Core registration/handoff (plugin.c). */
void ss_parts_register_core(void);
void ss_parts_handoff_core(void);

#endif
