/* ws_layers.h: the protocols of interest a frame went through (pinfo->layers), read in one
 * walk per frame: several parts ask the same frame (is it SIP, STUN, RTP, an ICMP error?), and
 * most frames are RTP, where every part's own walk was paid per packet. */
#ifndef SIPSCOPE_WS_LAYERS_H
#define SIPSCOPE_WS_LAYERS_H

#include <wireshark.h>
#include <epan/packet_info.h>

typedef enum {
    SS_LAYER_SIP,
    SS_LAYER_STUN,
    SS_LAYER_CLASSICSTUN,
    SS_LAYER_RTP,
    SS_LAYER_RTCP,
    SS_LAYER_SRTCP,
    SS_LAYER_T38,
    SS_LAYER_DATA,
    SS_LAYER_ICMP,
    SS_LAYER_ICMPV6,
    SS_LAYER_DTLS,
    SS_LAYER_TLS,
    SS_LAYER_WEBSOCKET,
    SS_LAYER_COUNT
} ss_layer_t;

#define SS_LAYER_BIT(l) (1u << (l))

/* At registration: forget the last frame per capture file (an init routine). */
void ss_layers_register(void);
/* At handoff, once all protocols are registered: their ids. */
void ss_layers_resolve(void);

/* Bit SS_LAYER_BIT(l) set when the frame's layers include protocol l (so far: a part called
 * from a post-dissector or a tap sees them all). */
guint32 ss_frame_layers(const packet_info *pinfo);
/* How many times the frame entered protocol l (STUN inside a TURN DATA attribute: twice). */
guint ss_frame_layer_count(const packet_info *pinfo, ss_layer_t l);

#endif
