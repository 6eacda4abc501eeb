/* stun_usage.h: where a STUN-learned address was used. A mapping learned from a response
 * waits for the first later SIP/SDP frame that advertises the same ip:port (top Via sent-by
 * or received/rport, Contact, SDP c=/m= or a=rtcp, a=candidate). Plain C (GLib only).
 *
 * Identical mappings learned while one is still waiting share one object. Mapping objects are
 * owned by the index and live until stun_usage_free(); the set of waiting mappings is bounded
 * (the oldest waiting one is given up, marked `expired`, when more than max_pending wait). */
#ifndef SIPSCOPE_STUN_USAGE_H
#define SIPSCOPE_STUN_USAGE_H

#include <glib.h>
#include "plugins/core/endpoint.h"

typedef enum {
    STUN_ADV_NONE = 0,
    STUN_ADV_VIA,            /* top Via sent-by */
    STUN_ADV_VIA_RECEIVED,   /* top Via received/rport */
    STUN_ADV_CONTACT,
    STUN_ADV_SDP_MEDIA,      /* c= + m= port, or a=rtcp */
    STUN_ADV_SDP_CANDIDATE   /* a=candidate */
} stun_adv_where_t;

typedef struct stun_mapping {
    ss_endpoint_t    addr;
    guint32          learned_frame;   /* first response that reported it */
    guint32          used_in;         /* first later frame advertising it, 0 = none (yet) */
    stun_adv_where_t where;
    gboolean         expired;         /* dropped from the waiting set before being advertised */
} stun_mapping_t;

typedef struct stun_usage stun_usage_t;

stun_usage_t *stun_usage_new(guint max_pending);
void stun_usage_free(stun_usage_t *u);

/* A response at frame reported addr: the waiting mapping for it (new, or shared). */
stun_mapping_t *stun_usage_learn(stun_usage_t *u, const ss_endpoint_t *addr, guint32 frame);
/* A SIP/SDP message at frame advertises ep: resolve the waiting mappings learned before frame.
 * Returns how many were resolved. */
guint stun_usage_advertise(stun_usage_t *u, const ss_endpoint_t *ep, guint32 frame, stun_adv_where_t where);

const char *stun_adv_where_str(stun_adv_where_t w);   /* "Via", "Via received/rport", "Contact", "SDP c=/m=", "SDP candidate" */
guint stun_usage_pending(const stun_usage_t *u);

#endif
