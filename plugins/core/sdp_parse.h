/* sdp_parse.h: a tolerant SDP (RFC 4566/8866) parser for what sipscope needs: media
 * endpoints, payload formats, direction, RTCP port and ICE credentials/candidates.
 * Plain C (GLib only). Input is untrusted packet text: every field is length-checked,
 * unknown lines are skipped, and counts are capped (see the SS_SDP_MAX_* limits). */
#ifndef SIPSCOPE_SDP_PARSE_H
#define SIPSCOPE_SDP_PARSE_H

#include <glib.h>
#include "plugins/core/endpoint.h"

#define SS_SDP_MAX_MEDIA 16
#define SS_SDP_MAX_FMT   64
#define SS_SDP_MAX_CAND  32

typedef enum {
    SS_SDP_SENDRECV = 0,
    SS_SDP_SENDONLY,
    SS_SDP_RECVONLY,
    SS_SDP_INACTIVE
} ss_sdp_dir_t;

typedef struct {
    guint8  pt;
    gboolean has_rtpmap;   /* name/clock came from a=rtpmap, not the static table */
    char    name[32];      /* "PCMA", "telephone-event"; "" when unknown */
    guint32 clock;         /* 0 when unknown */
    guint8  channels;      /* 0 when not given */
} ss_sdp_fmt_t;

typedef struct {
    char          foundation[33];
    guint8        component;   /* 1 = RTP, 2 = RTCP */
    gboolean      udp;         /* transport UDP (else TCP) */
    guint32       priority;
    char          type[8];     /* host, srflx, prflx, relay */
    ss_endpoint_t addr;        /* family 0 when the address is an mDNS/FQDN name */
    ss_endpoint_t raddr;       /* related address, when given */
} ss_sdp_cand_t;

typedef struct {
    char          media[16];   /* audio, video, image, application, ... */
    char          proto[32];   /* RTP/AVP, RTP/SAVPF, udptl, ... */
    guint16       port;        /* 0 = stream rejected/disabled */
    guint16       nports;
    ss_endpoint_t rtp;         /* connection address (media c=, else session c=) + port */
    ss_endpoint_t rtcp;        /* a=rtcp (port and optional address), else port+1; port 0 if rtcp-mux only */
    gboolean      rtcp_mux;
    gboolean      has_crypto;  /* a=crypto or a=fingerprint: SRTP/DTLS-SRTP */
    ss_sdp_dir_t  dir;         /* media attribute, else session attribute, else sendrecv */
    guint         n_fmt;
    ss_sdp_fmt_t *fmt;         /* in m= line order */
    char         *ice_ufrag;   /* media level, else session level; NULL when absent */
    char         *ice_pwd;
    guint         n_cand;
    ss_sdp_cand_t *cand;
} ss_sdp_media_t;

typedef struct {
    ss_endpoint_t origin;      /* o= address (port 0) */
    ss_endpoint_t conn;        /* session-level c= address (port 0) */
    char         *session_ice_ufrag;
    char         *session_ice_pwd;
    guint         n_media;
    ss_sdp_media_t *media;
    guint         truncated;   /* how many media/format/candidate entries were dropped by the caps */
    guint         bad_lines;   /* lines that could not be parsed */
} ss_sdp_t;

/* Parse len bytes of SDP text (need not be NUL-terminated). Never returns NULL. */
ss_sdp_t *ss_sdp_parse(const char *text, gsize len);
void      ss_sdp_free(ss_sdp_t *sdp);

/* Find a format by payload type in a media section; NULL when absent. */
const ss_sdp_fmt_t *ss_sdp_media_fmt(const ss_sdp_media_t *m, guint8 pt);

/* "PCMA/8000" style codec string of a format ("PT 96" when nothing is known). */
const char *ss_sdp_fmt_str(const ss_sdp_fmt_t *f, char *buf, gsize buflen);

/* Static RTP payload types (RFC 3551 table 4/5): name and clock; FALSE when pt is dynamic/unassigned. */
gboolean ss_rtp_static_pt(guint8 pt, const char **name, guint32 *clock, guint8 *channels);

const char *ss_sdp_dir_str(ss_sdp_dir_t d);

#endif
