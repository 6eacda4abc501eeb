/* stun_ice.h: what the capture's SDP told about ICE agents and media endpoints, for binding
 * STUN messages to calls: ice-ufrag -> (call, ice-pwd, SDP frame) and media endpoint (c=/m=,
 * a=rtcp, a=candidate) -> the SDP that announced it. Fed from every SIP message's SDP on the
 * first pass. Plain C (GLib only); bounded (oldest entries are forgotten first). */
#ifndef SIPSCOPE_STUN_ICE_H
#define SIPSCOPE_STUN_ICE_H

#include <glib.h>
#include "plugins/core/endpoint.h"
#include "plugins/core/sdp_parse.h"

#define STUN_ICE_MAX_PWDS 4

/* One SDP's view of one agent (one ufrag; several m-sections with the same ufrag share it). */
typedef struct stun_ice_agent {
    guint    call;        /* call number of the SIP message carrying the SDP (0: none) */
    guint32  sdp_frame;   /* that SIP message's frame */
    char    *ufrag;       /* NULL for an SDP without ICE (endpoint entries only) */
    char    *pwd;         /* NULL when the SDP gave no ice-pwd */
} stun_ice_agent_t;

typedef struct stun_ice stun_ice_t;

stun_ice_t *stun_ice_new(guint max_agents, guint max_endpoints);
void stun_ice_free(stun_ice_t *ice);

/* Learn the agents and media endpoints of one SDP. */
void stun_ice_add_sdp(stun_ice_t *ice, const ss_sdp_t *sdp, guint call, guint32 frame);

/* The newest agents that announced ufrag (len bytes, not NUL-terminated), newest first, one per
 * distinct ice-pwd (at most max, at most STUN_ICE_MAX_PWDS). Returns how many. */
guint stun_ice_by_ufrag(const stun_ice_t *ice, const char *ufrag, gsize len,
                        const stun_ice_agent_t **out, guint max);
/* The newest SDP that announced ep as a media endpoint or candidate; NULL when none. The
 * agents returned by both lookups stay valid until the next stun_ice_add_sdp(). */
const stun_ice_agent_t *stun_ice_by_endpoint(const stun_ice_t *ice, const ss_endpoint_t *ep);

/* Split a short-term USERNAME "receiver:sender" (RFC 8445 section 7.2.2) at its first colon.
 * FALSE when there is no colon. */
gboolean stun_ice_split_username(const char *u, gsize len, const char **recv, gsize *recv_len,
                                 const char **send, gsize *send_len);

guint stun_ice_agent_count(const stun_ice_t *ice);
guint stun_ice_endpoint_count(const stun_ice_t *ice);

#endif
