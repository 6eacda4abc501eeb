/* rtp_header.h: validate and parse RTP (RFC 3550 section 5.1) and RTCP (section 6) headers
 * from raw, untrusted bytes. Plain C (GLib only).
 *
 * RTP and RTCP on one port (rtcp-mux, RFC 5761 section 4) are told apart by the second
 * octet: RTCP packet types 192..223 there; RTP payload types 64..95 with the marker bit
 * would collide and are not used with rtcp-mux, so such a packet is read as RTCP. */
#ifndef SIPSCOPE_RTP_HEADER_H
#define SIPSCOPE_RTP_HEADER_H

#include <glib.h>

typedef enum {
    MB_PKT_INVALID = 0,
    MB_PKT_RTP,
    MB_PKT_RTCP
} mb_pkt_kind_t;

typedef struct {
    guint8  marker;        /* 0/1 */
    guint8  pt;            /* payload type 0..127 */
    guint8  csrc_count;
    gboolean extension;
    guint16 seq;
    guint32 timestamp;
    guint32 ssrc;
    guint   header_len;    /* fixed header + CSRC list + extension */
    guint   padding_len;   /* from the last octet when P is set, else 0 */
    guint   payload_len;   /* packet length - header_len - padding_len */
} mb_rtp_hdr_t;

typedef struct {
    guint8  first_pt;      /* packet type of the first packet (200 SR, 201 RR, ...) */
    guint   count;         /* packets in the compound */
    guint32 ssrc;          /* sender SSRC of the first packet (0 when it has none) */
    guint   srtcp_trailer; /* bytes after the last packet (SRTCP index, MKI, tag); 0 for RTCP */
} mb_rtcp_hdr_t;

/* longest SRTCP trailer accepted: 4 (E + index) + 4 (MKI) + 16 (authentication tag) */
#define MB_SRTCP_MAX_TRAILER 24

/* What the bytes look like (version 2 and the packet-type ranges only; not a full check). */
mb_pkt_kind_t mb_pkt_classify(const guint8 *p, gsize len);

/* Full RTP header check: version 2, 12 bytes, CSRC list, extension and padding inside len.
 * FALSE for anything else (out is then undefined). */
gboolean mb_rtp_parse(const guint8 *p, gsize len, mb_rtp_hdr_t *out);

/* Compound RTCP check: every packet version 2, type 192..223, and the lengths add up to
 * exactly len (RFC 3550 section 6.1), or leave an SRTCP trailer of 4..MB_SRTCP_MAX_TRAILER
 * bytes. FALSE for anything else. */
gboolean mb_rtcp_parse(const guint8 *p, gsize len, mb_rtcp_hdr_t *out);

#endif
