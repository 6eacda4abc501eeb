/* sip_parse.h: one SIP message (RFC 3261 section 7) from its raw bytes into ss_sip_msg_t.
 *
 * Wireshark's SIP dissector finds the message (UDP datagram, TCP/TLS/WebSocket reassembly, several
 * messages per segment): sipscope primes only its `sip` protocol item and parses the bytes it
 * covers here. Asking Wireshark for ~45 individual SIP fields instead made every SIP header a real
 * tree item on every message and cost more than all of sipscope's own analysis.
 *
 * Plain C (GLib only); the input is untrusted: everything is bounded by len, a message that does
 * not start with a SIP request or status line gives NULL, and any header may be missing or junk. */
#ifndef SIPSCOPE_SIP_PARSE_H
#define SIPSCOPE_SIP_PARSE_H

#include <glib.h>
#include "plugins/core/sip_msg.h"

#define SS_SIP_MAX_HEADERS 256   /* header lines kept per message; the rest are counted only */

typedef struct ss_sip_parsed ss_sip_parsed_t;

/* Parse len bytes. Fills the message-content members of *msg (start line, headers, body; not
 * frame, index, time, addresses, transport, call, sdp) with strings owned by the result.
 * NULL (and *msg untouched) when the bytes do not start with a SIP start line. */
ss_sip_parsed_t *ss_sip_parse(const guint8 *raw, gsize len, ss_sip_msg_t *msg);
void ss_sip_parsed_free(ss_sip_parsed_t *p);
/* Header lines beyond SS_SIP_MAX_HEADERS that were dropped. */
guint ss_sip_parsed_dropped(const ss_sip_parsed_t *p);

/* Pieces of the grammar, exposed for the parts that read other headers. All return pointers
 * into buf (which they modify) or NULL. */
/* The top-level comma-separated elements of a header value (commas inside quotes or <> don't
 * split): returns how many were found (at most max), start pointers in out (NUL-terminated). */
guint ss_sip_split_commas(char *buf, char **out, guint max);
/* A parameter value (";name=value") of a header element, from after its URI/addr part. */
const char *ss_sip_param(const char *params, const char *name, char *out, gsize outlen);

#endif
