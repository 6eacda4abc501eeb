/* sip_body.h: where the SDP is in a SIP message body: the whole body for application/sdp, the
 * first application/sdp part of a multipart body (RFC 2046 boundaries, one level, e.g. SDP +
 * ISUP in SIP-I). Plain C (GLib only); the body and Content-Type are untrusted. */
#ifndef SIPSCOPE_SIP_BODY_H
#define SIPSCOPE_SIP_BODY_H

#include <glib.h>

/* TRUE with the SDP's offset and length inside body; FALSE when the body carries none. */
gboolean ss_sip_body_sdp(const char *content_type, const guint8 *body, gsize len,
                         gsize *sdp_off, gsize *sdp_len);

#endif
