/* digest_verify.c: digest computation (see digest_verify.h). */
#include <string.h>

#include "plugins/sipauth/digest_verify.h"
#include "plugins/core/sha512.h"

struct dv_hash {
    dv_alg_t    alg;
    GChecksum  *gc;      /* MD5, SHA-256 */
    ss_sha512_t s5;      /* SHA-512/256 */
};

static const struct { dv_alg_t alg; const char *name; } alg_names[] = {
    { DV_ALG_MD5,             "MD5" },
    { DV_ALG_MD5_SESS,        "MD5-sess" },
    { DV_ALG_SHA256,          "SHA-256" },
    { DV_ALG_SHA256_SESS,     "SHA-256-sess" },
    { DV_ALG_SHA512_256,      "SHA-512-256" },
    { DV_ALG_SHA512_256_SESS, "SHA-512-256-sess" },
};

dv_alg_t dv_alg_parse(const char *name)
{
    if (!name || !*name)
        return DV_ALG_MD5;
    for (guint i = 0; i < G_N_ELEMENTS(alg_names); i++)
        if (g_ascii_strcasecmp(name, alg_names[i].name) == 0)
            return alg_names[i].alg;
    return DV_ALG_UNKNOWN;
}

const char *dv_alg_name(dv_alg_t alg)
{
    for (guint i = 0; i < G_N_ELEMENTS(alg_names); i++)
        if (alg_names[i].alg == alg)
            return alg_names[i].name;
    return "?";
}

dv_alg_t dv_alg_base(dv_alg_t alg)
{
    switch (alg) {
    case DV_ALG_MD5: case DV_ALG_MD5_SESS:               return DV_ALG_MD5;
    case DV_ALG_SHA256: case DV_ALG_SHA256_SESS:         return DV_ALG_SHA256;
    case DV_ALG_SHA512_256: case DV_ALG_SHA512_256_SESS: return DV_ALG_SHA512_256;
    default:                                             return DV_ALG_UNKNOWN;
    }
}

gsize dv_alg_hash_len(dv_alg_t alg)
{
    switch (dv_alg_base(alg)) {
    case DV_ALG_MD5:        return 16;
    case DV_ALG_SHA256:     return 32;
    case DV_ALG_SHA512_256: return 32;
    default:                return 0;
    }
}

gboolean dv_alg_is_sess(dv_alg_t alg)
{
    return alg == DV_ALG_MD5_SESS || alg == DV_ALG_SHA256_SESS || alg == DV_ALG_SHA512_256_SESS;
}

dv_qop_t dv_qop_parse(const char *qop)
{
    if (!qop)
        return DV_QOP_NONE;
    if (g_ascii_strcasecmp(qop, "auth") == 0)
        return DV_QOP_AUTH;
    if (g_ascii_strcasecmp(qop, "auth-int") == 0)
        return DV_QOP_AUTH_INT;
    return DV_QOP_UNKNOWN;
}

const char *dv_qop_name(dv_qop_t qop)
{
    switch (qop) {
    case DV_QOP_AUTH:     return "auth";
    case DV_QOP_AUTH_INT: return "auth-int";
    case DV_QOP_NONE:     return "";
    default:              return "?";
    }
}

dv_hash_t *dv_hash_new(dv_alg_t alg)
{
    dv_hash_t *h = g_new0(dv_hash_t, 1);
    h->alg = dv_alg_base(alg);
    switch (h->alg) {
    case DV_ALG_SHA512_256:
        ss_sha512_256_init(&h->s5);
        break;
    case DV_ALG_SHA256:
        h->gc = g_checksum_new(G_CHECKSUM_SHA256);
        break;
    default:
        h->alg = DV_ALG_MD5;
        h->gc = g_checksum_new(G_CHECKSUM_MD5);
        break;
    }
    return h;
}

void dv_hash_update(dv_hash_t *h, const void *data, gsize len)
{
    if (!len)
        return;
    if (h->gc) {
        /* g_checksum_update takes a gssize: feed huge inputs in pieces */
        const guchar *p = (const guchar *)data;
        while (len) {
            gsize n = len > G_MAXINT32 ? G_MAXINT32 : len;
            g_checksum_update(h->gc, p, (gssize)n);
            p += n;
            len -= n;
        }
    } else {
        ss_sha512_update(&h->s5, data, len);
    }
}

void dv_hash_str(dv_hash_t *h, const char *s)
{
    if (s)
        dv_hash_update(h, s, strlen(s));
}

void dv_hash_final_hex(dv_hash_t *h, char out[DV_HEX_MAX])
{
    guint8 d[32];
    gsize n = sizeof d;
    if (h->gc) {
        g_checksum_get_digest(h->gc, d, &n);
        g_checksum_free(h->gc);
    } else {
        ss_sha512_final(&h->s5, d);
        n = 32;
    }
    for (gsize i = 0; i < n; i++) {
        static const char hx[] = "0123456789abcdef";
        out[2 * i] = hx[d[i] >> 4];
        out[2 * i + 1] = hx[d[i] & 15];
    }
    out[2 * n] = '\0';
    memset(d, 0, sizeof d);
    g_free(h);
}

void dv_hex(dv_alg_t alg, const void *data, gsize len, char out[DV_HEX_MAX])
{
    dv_hash_t *h = dv_hash_new(alg);
    dv_hash_update(h, data, len);
    dv_hash_final_hex(h, out);
}

void dv_ha1_base(dv_alg_t alg, const char *user, const char *realm, const char *password,
                 char out[DV_HEX_MAX])
{
    dv_hash_t *h = dv_hash_new(alg);
    dv_hash_str(h, user);
    dv_hash_str(h, ":");
    dv_hash_str(h, realm);
    dv_hash_str(h, ":");
    dv_hash_str(h, password);
    dv_hash_final_hex(h, out);
}

void dv_ha1_sess(dv_alg_t alg, const char *ha1_base, const char *nonce, const char *cnonce,
                 char out[DV_HEX_MAX])
{
    dv_hash_t *h = dv_hash_new(alg);
    dv_hash_str(h, ha1_base);
    dv_hash_str(h, ":");
    dv_hash_str(h, nonce);
    dv_hash_str(h, ":");
    dv_hash_str(h, cnonce);
    dv_hash_final_hex(h, out);
}

void dv_ha2(dv_alg_t alg, dv_qop_t qop, const char *method, const char *uri,
            const guint8 *body, gsize body_len, char out[DV_HEX_MAX])
{
    dv_hash_t *h = dv_hash_new(alg);
    dv_hash_str(h, method);
    dv_hash_str(h, ":");
    dv_hash_str(h, uri);
    if (qop == DV_QOP_AUTH_INT) {
        char bh[DV_HEX_MAX];
        dv_hex(alg, body, body ? body_len : 0, bh);
        dv_hash_str(h, ":");
        dv_hash_str(h, bh);
    }
    dv_hash_final_hex(h, out);
}

void dv_response(dv_alg_t alg, const char *ha1, const char *nonce, const char *nc,
                 const char *cnonce, dv_qop_t qop, const char *ha2, char out[DV_HEX_MAX])
{
    dv_hash_t *h = dv_hash_new(alg);
    dv_hash_str(h, ha1);
    dv_hash_str(h, ":");
    dv_hash_str(h, nonce);
    dv_hash_str(h, ":");
    if (qop != DV_QOP_NONE) {
        dv_hash_str(h, nc);
        dv_hash_str(h, ":");
        dv_hash_str(h, cnonce);
        dv_hash_str(h, ":");
        dv_hash_str(h, dv_qop_name(qop));
        dv_hash_str(h, ":");
    }
    dv_hash_str(h, ha2);
    dv_hash_final_hex(h, out);
}

void dv_userhash(dv_alg_t alg, const char *user, const char *realm, char out[DV_HEX_MAX])
{
    dv_hash_t *h = dv_hash_new(alg);
    dv_hash_str(h, user);
    dv_hash_str(h, ":");
    dv_hash_str(h, realm);
    dv_hash_final_hex(h, out);
}

gboolean dv_ha1_from_cred(const dv_input_t *in, const ss_cred_t *row, char out[DV_HEX_MAX])
{
    guint8 key[32];
    gsize n;
    ss_cred_hash_t ht;
    char base[DV_HEX_MAX];

    if (!row || !in)
        return FALSE;
    switch (dv_alg_base(in->alg)) {
    case DV_ALG_MD5:        ht = SS_CRED_MD5; break;
    case DV_ALG_SHA256:     ht = SS_CRED_SHA256; break;
    case DV_ALG_SHA512_256: ht = SS_CRED_SHA512_256; break;
    default:                return FALSE;
    }
    n = ss_cred_key(row, ht, dv_alg_name(in->alg), in->username, in->realm, key, sizeof key);
    if (!n)
        return FALSE;
    for (gsize i = 0; i < n; i++) {
        static const char hx[] = "0123456789abcdef";
        base[2 * i] = hx[key[i] >> 4];
        base[2 * i + 1] = hx[key[i] & 15];
    }
    base[2 * n] = '\0';
    memset(key, 0, sizeof key);
    if (dv_alg_is_sess(in->alg))
        dv_ha1_sess(in->alg, base, in->nonce, in->cnonce, out);
    else
        memcpy(out, base, 2 * n + 1);
    memset(base, 0, sizeof base);
    return TRUE;
}

gboolean dv_compute(const dv_input_t *in, const char *ha1, char out[DV_HEX_MAX])
{
    char ha2[DV_HEX_MAX];
    if (!in || !ha1 || in->alg == DV_ALG_UNKNOWN || in->qop == DV_QOP_UNKNOWN)
        return FALSE;
    dv_ha2(in->alg, in->qop, in->method ? in->method : "", in->uri, in->body, in->body_len, ha2);
    dv_response(in->alg, ha1, in->nonce, in->nc, in->cnonce, in->qop, ha2, out);
    return TRUE;
}

gboolean dv_hex_equal(const char *a, const char *b)
{
    gsize la, lb;
    guint diff = 0;
    if (!a || !b)
        return FALSE;
    la = strlen(a);
    lb = strlen(b);
    if (la != lb || la == 0)
        return FALSE;
    for (gsize i = 0; i < la; i++)
        diff |= (guint)(g_ascii_tolower(a[i]) ^ g_ascii_tolower(b[i]));
    return diff == 0;
}
