/* packet-sipauth.c: epan glue of the sipauth protocol (digest-auth challenge/response round trips).
 * Foundation stage: registers the protocol as a post-dissector that asks for the fields it
 * will read; the analysis arrives with its own plain-C files. */
#include <wireshark.h>
#include <epan/packet.h>

#include "plugins/core/sipscope.h"
#include "plugins/core/ws_part.h"
#include "plugins/core/ws_sip.h"
#include "plugins/core/ws_credentials.h"

static int proto_sipauth = -1;

static void want(GArray *w)
{
    ss_sip_fields_want(w);
}

static int dissect_sipauth(tvbuff_t *tvb _U_, packet_info *pinfo _U_, proto_tree *tree _U_, void *data _U_)
{
    return 0;
}

void sipauth_register(void)
{
    static ss_part_t part = { "sipauth", &proto_sipauth, dissect_sipauth, want, NULL };

    proto_sipauth = proto_register_protocol("SIP Digest Authentication Check (sipauth)", "SIPAUTH", "sipauth");
    ss_part_register(&part);
    ss_credentials_register(prefs_register_protocol(proto_sipauth, NULL));
}

void sipauth_handoff(void)
{

}
