/* plugin.c: the Wireshark 4.0 plugin entry points for sipscope.so. Wireshark loads plugins
 * with local symbol binding, so all parts are built into this one module. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/tap.h>

#include "plugins/core/sipscope.h"
#include "plugins/core/ws_part.h"

#ifndef SIPSCOPE_VERSION
#define SIPSCOPE_VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = SIPSCOPE_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

static void sipscope_register_protoinfo(void)
{
    ss_parts_register_core();
    sipdialog_register();
    sipauth_register();
    stunverify_register();
    mediabind_register();
}

static void sipscope_register_handoff(void)
{
    ss_parts_handoff_core();
    sipdialog_handoff();
    sipauth_handoff();
    stunverify_handoff();
    mediabind_handoff();
}

void plugin_register(void)
{
    static proto_plugin proto;
    static tap_plugin tap;

    proto.register_protoinfo = sipscope_register_protoinfo;
    proto.register_handoff = sipscope_register_handoff;
    proto_register_plugin(&proto);

    tap.register_tap_listener = sipladder_register_taps;
    tap_register_plugin(&tap);
}
