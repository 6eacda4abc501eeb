/* rtp_header.c: RTP/RTCP header validation (see rtp_header.h). */
#include "plugins/mediabind/rtp_header.h"

static guint16 be16(const guint8 *p)
{
    return (guint16)((p[0] << 8) | p[1]);
}

static guint32 be32(const guint8 *p)
{
    return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

mb_pkt_kind_t mb_pkt_classify(const guint8 *p, gsize len)
{
    if (!p || len < 4 || (p[0] >> 6) != 2)
        return MB_PKT_INVALID;
    if (p[1] >= 192 && p[1] <= 223)
        return MB_PKT_RTCP;
    return len >= 12 ? MB_PKT_RTP : MB_PKT_INVALID;
}

gboolean mb_rtp_parse(const guint8 *p, gsize len, mb_rtp_hdr_t *out)
{
    gsize hlen;

    if (mb_pkt_classify(p, len) != MB_PKT_RTP)
        return FALSE;
    out->csrc_count = p[0] & 0x0f;
    out->extension = (p[0] & 0x10) != 0;
    out->marker = p[1] >> 7;
    out->pt = p[1] & 0x7f;
    out->seq = be16(p + 2);
    out->timestamp = be32(p + 4);
    out->ssrc = be32(p + 8);
    hlen = 12 + 4u * out->csrc_count;
    if (hlen > len)
        return FALSE;
    if (out->extension) {
        gsize words;
        if (hlen + 4 > len)
            return FALSE;
        words = be16(p + hlen + 2);
        hlen += 4 + 4 * words;
        if (hlen > len)
            return FALSE;
    }
    out->header_len = (guint)hlen;
    out->padding_len = 0;
    if (p[0] & 0x20) {
        guint8 pad = p[len - 1];
        /* the count includes itself, so 0 is invalid; it cannot eat into the header */
        if (pad == 0 || pad > len - hlen)
            return FALSE;
        out->padding_len = pad;
    }
    out->payload_len = (guint)(len - hlen - out->padding_len);
    return TRUE;
}

gboolean mb_rtcp_parse(const guint8 *p, gsize len, mb_rtcp_hdr_t *out)
{
    gsize off = 0;

    if (mb_pkt_classify(p, len) != MB_PKT_RTCP)
        return FALSE;
    out->first_pt = p[1];
    out->count = 0;
    out->ssrc = len >= 8 ? be32(p + 4) : 0;
    out->srtcp_trailer = 0;
    while (off < len) {
        gsize plen;
        if (len - off < 4 || (p[off] >> 6) != 2 || p[off + 1] < 192 || p[off + 1] > 223) {
            /* SRTCP (RFC 3711 section 3.4): E flag + index, optional MKI, auth tag */
            if (out->count > 0 && len - off >= 4 && len - off <= MB_SRTCP_MAX_TRAILER) {
                out->srtcp_trailer = (guint)(len - off);
                return TRUE;
            }
            return FALSE;
        }
        plen = 4 * ((gsize)be16(p + off + 2) + 1);
        if (plen > len - off)
            return FALSE;
        off += plen;
        out->count++;
    }
    return TRUE;
}
