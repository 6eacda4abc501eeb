/* ws_layers.c: see ws_layers.h. */
#include "plugins/core/ws_layers.h"

#include <epan/packet.h>
#include <epan/proto.h>

static const char *const names[SS_LAYER_COUNT] = {
    [SS_LAYER_SIP] = "sip", [SS_LAYER_STUN] = "stun", [SS_LAYER_CLASSICSTUN] = "classicstun",
    [SS_LAYER_RTP] = "rtp", [SS_LAYER_RTCP] = "rtcp", [SS_LAYER_SRTCP] = "srtcp",
    [SS_LAYER_T38] = "t38", [SS_LAYER_DATA] = "data", [SS_LAYER_ICMP] = "icmp",
    [SS_LAYER_ICMPV6] = "icmpv6", [SS_LAYER_DTLS] = "dtls", [SS_LAYER_TLS] = "tls",
    [SS_LAYER_WEBSOCKET] = "websocket",
};
/* protocol id -> layer: a small open-addressing table (a frame's other layers, frame/eth/ip/
 * udp, mostly land on an empty slot at once) */
#define SLOT_BITS 6
#define SLOTS (1u << SLOT_BITS)
G_STATIC_ASSERT(SLOTS >= 2 * SS_LAYER_COUNT);
static struct {
    int   id;       /* 0: empty */
    guint layer;
} slots[SLOTS];

static guint slot_of(int id)
{
    return ((guint32)id * 2654435761u) >> (32 - SLOT_BITS);
}

/* The last frame walked. Its number, list and length identify it within a capture file: a
 * redissection gets a new list, and a list that grew since (a part called before the last
 * dissector) is walked again. Forgotten per capture file: another file's frame of the same
 * number could get a list at the same address. */
static struct {
    guint32            num;
    const wmem_list_t *list;
    guint              len;
    guint32            mask;
    guint8             count[SS_LAYER_COUNT];
} last;

static void forget_last(void)
{
    memset(&last, 0, sizeof last);
}

void ss_layers_register(void)
{
    register_init_routine(forget_last);
}

void ss_layers_resolve(void)
{
    memset(slots, 0, sizeof slots);
    for (guint i = 0; i < SS_LAYER_COUNT; i++) {
        int id = proto_get_id_by_filter_name(names[i]);   /* -1: absent from this Wireshark */
        guint k;
        if (id <= 0)
            continue;
        for (k = slot_of(id); slots[k].id; k = (k + 1) & (SLOTS - 1))
            ;
        slots[k].id = id;
        slots[k].layer = i;
    }
    forget_last();
}

static void walk(const packet_info *pinfo)
{
    guint len = pinfo->layers ? wmem_list_count(pinfo->layers) : 0;

    if (last.list == pinfo->layers && last.num == pinfo->num && last.len == len && last.list)
        return;
    forget_last();
    last.num = pinfo->num;
    last.list = pinfo->layers;
    last.len = len;
    if (!pinfo->layers)
        return;
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f)) {
        int id = GPOINTER_TO_INT(wmem_list_frame_data(f));
        for (guint k = slot_of(id); slots[k].id; k = (k + 1) & (SLOTS - 1)) {
            if (slots[k].id == id) {
                guint l = slots[k].layer;
                last.mask |= SS_LAYER_BIT(l);
                if (last.count[l] < G_MAXUINT8)
                    last.count[l]++;
                break;
            }
        }
    }
}

guint32 ss_frame_layers(const packet_info *pinfo)
{
    walk(pinfo);
    return last.mask;
}

guint ss_frame_layer_count(const packet_info *pinfo, ss_layer_t l)
{
    walk(pinfo);
    return l < SS_LAYER_COUNT ? last.count[l] : 0;
}
