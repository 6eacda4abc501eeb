/* ladder_fixture.h: hand-made calls for the sip_ladder unit tests, and a strict JSON checker. */
#ifndef SIPSCOPE_LADDER_FIXTURE_H
#define SIPSCOPE_LADDER_FIXTURE_H

#include <glib.h>
#include "sip_ladder/ladder_model.h"

#define FIX_T0 G_GINT64_CONSTANT(1767225600000000000)   /* 2026-01-01T00:00:00Z */
#define FIX_MS G_GINT64_CONSTANT(1000000)

/* Call 1: alice -> proxy -> bob, 407 challenge and authorised retry, 180, 200, ACK, two RTP
 * streams (one to an address SDP did not announce), BYE from the caller. IPv4. */
ladder_call_t *fixture_call_proxy_auth(void);
/* Call 2: IPv6 UAs, a long reason phrase, a retransmitted INVITE, 486 Busy Here. */
ladder_call_t *fixture_call_ipv6_busy(void);
/* Call 3: two UAs on 127.0.0.1 (ports 5060 and 5070) and their RTP on the same address. */
ladder_call_t *fixture_call_loopback(void);

ss_endpoint_t fixture_ep(const char *addr, guint16 port);

/* TRUE when s is exactly one valid JSON value (RFC 8259), with *err set otherwise. */
gboolean fixture_json_valid(const char *s, const char **err);

#endif
