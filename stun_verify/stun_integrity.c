/* stun_integrity.c: STUN message-integrity checks and key derivation (see stun_integrity.h). */
#include "stun_verify/stun_integrity.h"

#include <string.h>

const char *stun_integrity_str(stun_integrity_t v)
{
    switch (v) {
    case STUN_INTEGRITY_ABSENT:  return "absent";
    case STUN_INTEGRITY_NO_KEY:  return "no-key";
    case STUN_INTEGRITY_VALID:   return "valid";
    case STUN_INTEGRITY_INVALID: return "invalid";
    }
    return "absent";
}

gboolean stun_integrity_present(const stun_msg_t *m)
{
    return m->kind == STUN_KIND_MESSAGE && (m->mi.present || m->mi256.present || m->goog_mi32.present);
}

const char *stun_integrity_alg_str(const stun_msg_t *m)
{
    if (m->kind != STUN_KIND_MESSAGE)
        return NULL;
    if (m->mi.present && m->mi256.present)
        return "HMAC-SHA1+HMAC-SHA256";
    if (m->mi256.present)
        return "HMAC-SHA256";
    if (m->mi.present)
        return "HMAC-SHA1";
    if (m->goog_mi32.present)
        return "HMAC-SHA1/32";
    return NULL;
}

gsize stun_integrity_compute(const stun_msg_t *m, guint attr_offset, GChecksumType alg,
                             const guint8 *key, gsize key_len, guint8 *out)
{
    static const guint8 zeros[64];
    GHmac *h;
    guint8 hdr[4];
    guint vlen, adj;
    gsize dlen = 32;

    if (m->kind != STUN_KIND_MESSAGE || !m->hdr || attr_offset < STUN_HDR_LEN || attr_offset + 4 > m->avail)
        return 0;
    vlen = ((guint)m->hdr[attr_offset + 2] << 8) | m->hdr[attr_offset + 3];
    if (attr_offset + 4 + vlen > m->avail)
        return 0;
    /* the header length as if the message ended with this attribute */
    adj = attr_offset + 4 + vlen - STUN_HDR_LEN;
    if (adj > G_MAXUINT16)
        return 0;
    hdr[0] = m->hdr[0];
    hdr[1] = m->hdr[1];
    hdr[2] = (guint8)(adj >> 8);
    hdr[3] = (guint8)adj;

    h = g_hmac_new(alg, key ? key : zeros, key ? key_len : 0);
    g_hmac_update(h, hdr, 4);
    g_hmac_update(h, m->hdr + 4, attr_offset - 4);
    if (m->classic && attr_offset % 64)
        g_hmac_update(h, zeros, 64 - attr_offset % 64);
    g_hmac_get_digest(h, out, &dlen);
    g_hmac_unref(h);
    return dlen;
}

/* 1 match, 0 mismatch */
static int check_one(const stun_msg_t *m, const stun_span_t *a, GChecksumType alg,
                     const guint8 *key, gsize key_len)
{
    guint8 mac[32];
    gsize n = stun_integrity_compute(m, a->offset, alg, key, key_len, mac);
    if (n == 0 || a->len > n || a->len == 0)
        return 0;
    /* truncated HMACs (MI-SHA256 >= 16 bytes, GOOG 4 bytes) compare their leading bytes */
    return memcmp(mac, m->hdr + a->offset + 4, a->len) == 0;
}

stun_integrity_t stun_integrity_verify(const stun_msg_t *m, const guint8 *key, gsize key_len)
{
    gboolean ok = TRUE;

    if (!stun_integrity_present(m))
        return STUN_INTEGRITY_ABSENT;
    if (m->mi.present)
        ok = ok && !m->mi_bad_length && check_one(m, &m->mi, G_CHECKSUM_SHA1, key, key_len);
    if (m->mi256.present)
        ok = ok && !m->mi256_bad_length && check_one(m, &m->mi256, G_CHECKSUM_SHA256, key, key_len);
    if (m->goog_mi32.present && !m->mi.present && !m->mi256.present)
        ok = ok && check_one(m, &m->goog_mi32, G_CHECKSUM_SHA1, key, key_len);
    return ok ? STUN_INTEGRITY_VALID : STUN_INTEGRITY_INVALID;
}

gsize stun_key_long_term(const char *username, const char *realm, const char *password,
                         guint16 algorithm, guint8 *out)
{
    GChecksum *c;
    gsize n = 32;
    GChecksumType t;

    if (!username || !realm || !password)
        return 0;
    switch (algorithm) {
    case 0:
    case 1: t = G_CHECKSUM_MD5; break;
    case 2: t = G_CHECKSUM_SHA256; break;
    default: return 0;
    }
    c = g_checksum_new(t);
    g_checksum_update(c, (const guchar *)username, (gssize)strlen(username));
    g_checksum_update(c, (const guchar *)":", 1);
    g_checksum_update(c, (const guchar *)realm, (gssize)strlen(realm));
    g_checksum_update(c, (const guchar *)":", 1);
    g_checksum_update(c, (const guchar *)password, (gssize)strlen(password));
    g_checksum_get_digest(c, out, &n);
    g_checksum_free(c);
    return n;
}
