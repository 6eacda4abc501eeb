/* ws_part.h: what every sipscope protocol (sipdialog, sipauth, stunverify, mediabind) shares
 * in its epan glue: registration as a post-dissector whose wanted fields are set only while
 * the protocol is enabled, and the one `sipscope` tap that carries the per-frame records. */
#ifndef SIPSCOPE_WS_PART_H
#define SIPSCOPE_WS_PART_H

#include <epan/packet.h>

typedef struct {
    int        *proto;              /* the part's protocol id (already registered) */
    dissector_t dissect;            /* its per-frame work, called by sipscope's post-dissector */
    void      (*want)(GArray *wanted);   /* appends the hf ids the part reads (resolved ids only) */
    guint32     layers;             /* computing from the taps: the frame's layers (ws_layers.h
                                     * SS_LAYER_BIT) without which the part has nothing to do
                                     * on a first pass, so it is not called; 0: every frame */
} ss_part_t;

/* Call from the part's register_protoinfo, after proto_register_protocol. The part struct
 * must be static. sipscope registers one post-dissector that calls the enabled parts, in
 * registration order (one call per frame instead of one per part: Wireshark's per-call cost
 * is paid on every packet of a capture). */
void ss_part_register(ss_part_t *part);

/* TRUE while parts run from the taps (tap mode, ws_input.h): a first pass without a tree is
 * deferred until Wireshark's taps ran, and the parts then read input through ws_input.h. */
gboolean ss_part_computing(void);

/* The sipscope tap: every part queues its frame record here, on every pass. An entry is a
 * chain (next) of records; a deferred frame's entry can have kind 0 and rec NULL (no part
 * found anything in the frame): skip those. Listeners walk the chain. */
typedef enum {
    SS_TAP_DIALOG = 1,   /* rec: const sipdialog_frame_t * */
    SS_TAP_AUTH,         /* rec: const sipauth_frame_t * */
    SS_TAP_STUN,         /* rec: const stunverify_frame_t * */
    SS_TAP_MEDIA         /* rec: const mediabind_pkt_t * (plugins/mediabind/mediabind_record.h), packet scope */
} ss_tap_kind_t;

typedef struct ss_tap_data {
    ss_tap_kind_t kind;
    const void   *rec;   /* file scope; the kind's header says what it points to */
    const struct ss_tap_data *next;   /* more records of the same frame (tap mode), or NULL */
} ss_tap_data_t;

#define SS_TAP_NAME "sipscope"
void ss_tap_queue(packet_info *pinfo, ss_tap_kind_t kind, const void *rec);

/* Core registration/handoff (plugin.c). */
void ss_parts_register_core(void);
void ss_parts_handoff_core(void);

#endif
