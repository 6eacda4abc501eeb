/* packet-mediabind.c: epan glue of the mediabind protocol (media bound to its SDP).
 * Foundation stage: registers the protocol as a post-dissector that asks for the fields it
 * will read; the analysis arrives with its own plain-C files. */
#include <wireshark.h>
#include <epan/packet.h>

#include "plugins/core/sipscope.h"
#include "plugins/core/ws_part.h"
#include "plugins/core/ws_sip.h"

static int proto_mediabind = -1;
static ss_field_t fields[] = { { "rtp", -1 }, { "rtcp", -1 } };

static void want(GArray *w)
{
    ss_fields_want(w, fields, G_N_ELEMENTS(fields));
    ss_sip_fields_want(w);
}

static int dissect_mediabind(tvbuff_t *tvb _U_, packet_info *pinfo _U_, proto_tree *tree _U_, void *data _U_)
{
    return 0;
}

void mediabind_register(void)
{
    static ss_part_t part = { "mediabind", &proto_mediabind, dissect_mediabind, want, NULL };

    proto_mediabind = proto_register_protocol("Media Bound to SDP (mediabind)", "MEDIABIND", "mediabind");
    ss_part_register(&part);
}

void mediabind_handoff(void)
{
    ss_fields_resolve(fields, G_N_ELEMENTS(fields));
}
