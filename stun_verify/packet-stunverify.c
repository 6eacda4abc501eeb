/* packet-stunverify.c: epan glue of the stunverify protocol (STUN and ICE checks).
 * Foundation stage: registers the protocol as a post-dissector that asks for the fields it
 * will read; the analysis arrives with its own plain-C files. */
#include <wireshark.h>
#include <epan/packet.h>

#include "plugins/core/sipscope.h"
#include "plugins/core/ws_part.h"
#include "plugins/core/ws_sip.h"

static int proto_stunverify = -1;
static ss_field_t fields[] = { { "stun", -1 } };

static void want(GArray *w)
{
    ss_fields_want(w, fields, G_N_ELEMENTS(fields));
    ss_sip_fields_want(w);
}

static int dissect_stunverify(tvbuff_t *tvb _U_, packet_info *pinfo _U_, proto_tree *tree _U_, void *data _U_)
{
    return 0;
}

void stunverify_register(void)
{
    static ss_part_t part = { "stunverify", &proto_stunverify, dissect_stunverify, want, NULL };

    proto_stunverify = proto_register_protocol("STUN/ICE Verification (stunverify)", "STUNVERIFY", "stunverify");
    ss_part_register(&part);
}

void stunverify_handoff(void)
{
    ss_fields_resolve(fields, G_N_ELEMENTS(fields));
}
