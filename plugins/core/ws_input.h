/* ws_input.h: where sipscope's parts get a frame's SIP, UDP and TCP bytes (epan glue).
 *
 * Two ways, chosen per capture file:
 * - from the protocol tree (Wireshark's `sip`, `rtp`, `stun`... items): whenever a tree is
 *   built anyway (display filter, -V, -T fields, the GUI's packet details), and on every
 *   packet when sipscope asks for it through wanted fields. It must ask where a first pass runs
 *   no taps: tshark -2 (its first pass), and programs not known to run taps on the first pass.
 * - from Wireshark's taps (sip_follow: each SIP message's tvb; udp_follow/tcp_follow: the
 *   transport payload) when the pass builds no tree. Taps run after the post-dissectors, so the
 *   parts' first-pass work for such a frame is deferred to a tap of sipscope's own that the
 *   post-dissector queues after Wireshark's (ws_part.c). A tree on every packet costs more
 *   than all of sipscope's analysis; this is what keeps `tshark -q -z sipladder` near plain tshark. */
#ifndef SIPSCOPE_WS_INPUT_H
#define SIPSCOPE_WS_INPUT_H

#include <epan/packet.h>

/* Per capture file (init routine): whether the parts need wanted fields (a tree on every packet).
 * SIPSCOPE_INPUT=tree in the environment forces it (tests compare both ways). */
gboolean ss_input_decide_tree(void);
/* tshark without -2: every frame is dissected once, so per-frame records kept only for a later
 * dissection of the same frame (GUI clicks, the second pass) are not needed. */
gboolean ss_input_single_pass(void);

/* Tap mode only: listen to Wireshark's taps for the frame being dissected (init/cleanup). */
void ss_input_listen(void);
void ss_input_unlisten(void);

/* Before the deferred pass of a frame: what the taps gave is this frame's, or nothing (a frame
 * without UDP, TCP or SIP, e.g. ARP or a first IP fragment, gets no tap data at all). */
void ss_input_frame(const packet_info *pinfo);
/* What the taps gave for the frame being computed (valid during the deferred first pass). */
guint      ss_input_sip_count(void);
tvbuff_t  *ss_input_sip_tvb(guint i);        /* the i-th SIP message's tvb, in dissection order */
tvbuff_t  *ss_input_udp_payload(void);       /* the last UDP payload of the frame, or NULL */
tvbuff_t  *ss_input_tcp_payload(void);       /* the last TCP segment payload of the frame, or NULL */
/* That segment's place in its stream (raw sequence numbers), for parts that join messages
 * split over segments the way Wireshark's reassembly did; NULL when unknown. */
typedef struct {
    gboolean valid;
    guint32  stream;    /* tcp.stream */
    guint32  seq;       /* raw sequence number of the first payload byte */
    guint32  len;       /* payload bytes */
} ss_tcp_seg_t;
const ss_tcp_seg_t *ss_input_tcp_seg(void);

#endif
