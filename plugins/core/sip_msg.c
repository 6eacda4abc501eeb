/* sip_msg.c: small helpers for ss_sip_msg_t. */
#include "plugins/core/sip_msg.h"

const char *ss_transport_str(ss_transport_t t)
{
    switch (t) {
    case SS_TRANSPORT_UDP:  return "UDP";
    case SS_TRANSPORT_TCP:  return "TCP";
    case SS_TRANSPORT_TLS:  return "TLS";
    case SS_TRANSPORT_WS:   return "WS";
    case SS_TRANSPORT_WSS:  return "WSS";
    case SS_TRANSPORT_SCTP: return "SCTP";
    default:                return "?";
    }
}

const char *ss_sip_msg_header(const ss_sip_msg_t *m, const char *name, guint idx)
{
    char c0 = g_ascii_tolower(name[0]);
    for (guint i = 0; m && i < m->n_headers; i++) {
        /* the first letter rules out nearly every header before the full comparison */
        if (g_ascii_tolower(m->headers[i].name[0]) == c0 && g_ascii_strcasecmp(m->headers[i].name, name) == 0) {
            if (idx == 0)
                return m->headers[i].value;
            idx--;
        }
    }
    return NULL;
}
