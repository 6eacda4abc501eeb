/* ws_layers.c: see ws_layers.h. */
#include "plugins/core/ws_layers.h"

#include <epan/proto.h>

static const char *const names[SS_LAYER_COUNT] = {
    [SS_LAYER_SIP] = "sip", [SS_LAYER_STUN] = "stun", [SS_LAYER_CLASSICSTUN] = "classicstun",
    [SS_LAYER_RTP] = "rtp", [SS_LAYER_RTCP] = "rtcp", [SS_LAYER_SRTCP] = "srtcp",
    [SS_LAYER_T38] = "t38", [SS_LAYER_DATA] = "data", [SS_LAYER_ICMP] = "icmp",
    [SS_LAYER_ICMPV6] = "icmpv6", [SS_LAYER_DTLS] = "dtls", [SS_LAYER_TLS] = "tls",
    [SS_LAYER_WEBSOCKET] = "websocket",
};
static int ids[SS_LAYER_COUNT];          /* -1: protocol absent from this Wireshark */

/* The last frame walked. Its list and length identify it: a redissection gets a new list,
 * and a list that grew since (a part called before the last dissector) is walked again. */
static struct {
    guint32            num;
    const wmem_list_t *list;
    guint              len;
    guint32            mask;
    guint8             count[SS_LAYER_COUNT];
} last;

void ss_layers_resolve(void)
{
    for (guint i = 0; i < SS_LAYER_COUNT; i++)
        ids[i] = proto_get_id_by_filter_name(names[i]);
    memset(&last, 0, sizeof last);
}

static void walk(const packet_info *pinfo)
{
    guint len = pinfo->layers ? wmem_list_count(pinfo->layers) : 0;

    if (last.list == pinfo->layers && last.num == pinfo->num && last.len == len && last.list)
        return;
    memset(&last, 0, sizeof last);
    last.num = pinfo->num;
    last.list = pinfo->layers;
    last.len = len;
    if (!pinfo->layers)
        return;
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f)) {
        int id = GPOINTER_TO_INT(wmem_list_frame_data(f));
        for (guint i = 0; i < SS_LAYER_COUNT; i++) {
            if (id == ids[i] && id > 0) {
                last.mask |= SS_LAYER_BIT(i);
                if (last.count[i] < G_MAXUINT8)
                    last.count[i]++;
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
