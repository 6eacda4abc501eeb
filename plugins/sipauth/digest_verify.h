/* digest_verify.h: HTTP/SIP digest computation (RFC 2069, RFC 2617, RFC 7616, RFC 8760).
 *
 *   HA1      = H(username ":" realm ":" password)                       (base)
 *   HA1-sess = H(HA1 ":" nonce ":" cnonce)                              (*-sess algorithms)
 *   HA2      = H(method ":" uri)                  qop absent or auth
 *            = H(method ":" uri ":" H(body))      qop auth-int
 *   response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2)      qop present
 *            = H(HA1 ":" nonce ":" HA2)                                 qop absent (RFC 2069)
 *   rspauth  = the response computed with an empty method (Authentication-Info), body = the
 *              response's body for auth-int
 *   userhash = H(username ":" realm)                                    (RFC 7616 3.4.4)
 *
 * H is MD5, SHA-256 or SHA-512/256; results are lower-case hex. Plain C, GLib only.
 * Nothing here logs; callers must not output HA1s or expected responses. */
#ifndef SIPSCOPE_DIGEST_VERIFY_H
#define SIPSCOPE_DIGEST_VERIFY_H

#include <glib.h>
#include "plugins/core/credentials.h"

typedef enum {
    DV_ALG_UNKNOWN = 0,
    DV_ALG_MD5,
    DV_ALG_MD5_SESS,
    DV_ALG_SHA256,
    DV_ALG_SHA256_SESS,
    DV_ALG_SHA512_256,
    DV_ALG_SHA512_256_SESS
} dv_alg_t;

typedef enum {
    DV_QOP_NONE = 0,      /* RFC 2069 */
    DV_QOP_AUTH,
    DV_QOP_AUTH_INT,
    DV_QOP_UNKNOWN
} dv_qop_t;

#define DV_HEX_MAX 65     /* 64 hex digits + NUL */

/* NULL or "" = MD5 (the RFC default); names are case-insensitive; unknown -> DV_ALG_UNKNOWN */
dv_alg_t    dv_alg_parse(const char *name);
const char *dv_alg_name(dv_alg_t alg);          /* canonical spelling, "?" for unknown */
gsize       dv_alg_hash_len(dv_alg_t alg);      /* bytes: 16 or 32; 0 unknown */
gboolean    dv_alg_is_sess(dv_alg_t alg);
dv_alg_t    dv_alg_base(dv_alg_t alg);          /* MD5-sess -> MD5 ... */
dv_qop_t    dv_qop_parse(const char *qop);      /* NULL -> NONE */
const char *dv_qop_name(dv_qop_t qop);

/* Incremental hash with hex output. */
typedef struct dv_hash dv_hash_t;
dv_hash_t *dv_hash_new(dv_alg_t alg);
void       dv_hash_update(dv_hash_t *h, const void *data, gsize len);
void       dv_hash_str(dv_hash_t *h, const char *s);          /* s may be NULL = "" */
void       dv_hash_final_hex(dv_hash_t *h, char out[DV_HEX_MAX]);   /* frees h */
void       dv_hex(dv_alg_t alg, const void *data, gsize len, char out[DV_HEX_MAX]);

/* The pieces (all hex in, hex out). */
void dv_ha1_base(dv_alg_t alg, const char *user, const char *realm, const char *password,
                 char out[DV_HEX_MAX]);
void dv_ha1_sess(dv_alg_t alg, const char *ha1_base, const char *nonce, const char *cnonce,
                 char out[DV_HEX_MAX]);
void dv_ha2(dv_alg_t alg, dv_qop_t qop, const char *method, const char *uri,
            const guint8 *body, gsize body_len, char out[DV_HEX_MAX]);
void dv_response(dv_alg_t alg, const char *ha1, const char *nonce, const char *nc,
                 const char *cnonce, dv_qop_t qop, const char *ha2, char out[DV_HEX_MAX]);
void dv_userhash(dv_alg_t alg, const char *user, const char *realm, char out[DV_HEX_MAX]);

/* Everything a response depends on. qop NONE ignores nc/cnonce; body only for auth-int. */
typedef struct {
    dv_alg_t      alg;
    dv_qop_t      qop;
    const char   *username;   /* the real username (not the userhash) */
    const char   *realm;
    const char   *nonce;
    const char   *cnonce;
    const char   *nc;
    const char   *method;     /* "" for rspauth */
    const char   *uri;
    const guint8 *body;
    gsize         body_len;
} dv_input_t;

/* The HA1 (session HA1 for *-sess) for this input from a credentials row: from its
 * password, or its precomputed base HA1 when the length/algorithm fits. FALSE when the row
 * cannot give one (no row, HA1 of another algorithm). */
gboolean dv_ha1_from_cred(const dv_input_t *in, const ss_cred_t *row, char out[DV_HEX_MAX]);

/* response (or rspauth with method "") from a known HA1. FALSE for an unknown algorithm or qop. */
gboolean dv_compute(const dv_input_t *in, const char *ha1, char out[DV_HEX_MAX]);

/* Case-insensitive comparison of two hex strings of equal length (no early exit). */
gboolean dv_hex_equal(const char *a, const char *b);

#endif
