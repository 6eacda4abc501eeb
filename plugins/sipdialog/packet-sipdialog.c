/* packet-sipdialog.c: epan glue of the sipdialog protocol (SIP dialog and transaction state).
 * Foundation stage: registers the protocol and its field contract and numbers calls; the
 * dialog/transaction state machine arrives with its own plain-C files. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto_data.h>

#include "plugins/core/sipscope.h"
#include "plugins/core/ws_part.h"
#include "plugins/core/ws_sip.h"

static int proto_sipdialog = -1;
static int hf_call = -1;
static gint ett_sipdialog = -1;

typedef struct {
    guint n;
    guint *call;     /* per SIP message of the frame */
} sipdialog_frame_t;

static void want(GArray *w)
{
    ss_sip_fields_want(w);
}

static sipdialog_frame_t *analyze(proto_tree *tree, packet_info *pinfo)
{
    const ss_sip_frame_t *sf = ss_sip_frame_get(tree, pinfo);
    sipdialog_frame_t *r;
    if (!sf)
        return NULL;
    r = wmem_new0(wmem_file_scope(), sipdialog_frame_t);
    r->n = sf->n;
    r->call = wmem_alloc_array(wmem_file_scope(), guint, sf->n);
    for (guint i = 0; i < sf->n; i++)
        r->call[i] = sf->msg[i].call;
    return r;
}

static int dissect_sipdialog(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    sipdialog_frame_t *r;
    if (!PINFO_FD_VISITED(pinfo)) {
        r = analyze(tree, pinfo);
        if (r)
            p_add_proto_data(wmem_file_scope(), pinfo, proto_sipdialog, 0, r);
    } else {
        r = (sipdialog_frame_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_sipdialog, 0);
    }
    if (!r)
        return 0;
    for (guint i = 0; i < r->n; i++) {
        proto_item *ti = proto_tree_add_item(tree, proto_sipdialog, tvb, 0, 0, ENC_NA);
        proto_tree *st = proto_item_add_subtree(ti, ett_sipdialog);
        proto_item_set_generated(ti);
        if (r->call[i])
            proto_item_set_generated(proto_tree_add_uint(st, hf_call, tvb, 0, 0, r->call[i]));
    }
    ss_tap_queue(pinfo, SS_TAP_DIALOG, r);
    return 0;
}

void sipdialog_register(void)
{
    static hf_register_info hf[] = {
        { &hf_call, { "Call", "sipdialog.call", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Call number, 1-based, in order of first appearance of the Call-ID", HFILL } },
    };
    static gint *ett[] = { &ett_sipdialog };
    static ss_part_t part = { "sipdialog", &proto_sipdialog, dissect_sipdialog, want, NULL };

    proto_sipdialog = proto_register_protocol("SIP Dialog and Transaction State (sipscope)",
                                              "SIPDIALOG", "sipdialog");
    proto_register_field_array(proto_sipdialog, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    ss_part_register(&part);
}

void sipdialog_handoff(void)
{
}
