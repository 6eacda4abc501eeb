/* sha512.h: SHA-512 and SHA-512/256 (FIPS 180-4), plain C. GLib's GChecksum has SHA-512
 * but not the truncated SHA-512/256 with its own initial hash value, which RFC 7616/8760
 * digest (algorithm=SHA-512-256) needs. */
#ifndef SIPSCOPE_SHA512_H
#define SIPSCOPE_SHA512_H

#include <glib.h>

typedef struct {
    guint64 h[8];
    guint64 len_lo, len_hi;   /* message length in bytes (128-bit) */
    guint8  buf[128];
    guint   fill;
    guint   out_len;          /* 64 (SHA-512) or 32 (SHA-512/256) */
} ss_sha512_t;

#define SS_SHA512_LEN     64
#define SS_SHA512_256_LEN 32

void ss_sha512_init(ss_sha512_t *c);
void ss_sha512_256_init(ss_sha512_t *c);
/* SHA-512 compression with an arbitrary initial hash value (FIPS 180-4 5.3.6 IV generation) */
void ss_sha512_init_iv(ss_sha512_t *c, const guint64 iv[8], guint out_len);
void ss_sha512_update(ss_sha512_t *c, const void *data, gsize len);
/* Writes out_len bytes (see init) to out and wipes the context. */
void ss_sha512_final(ss_sha512_t *c, guint8 *out);

/* The initial hash values, exposed for the unit test that derives the SHA-512/256 one. */
extern const guint64 ss_sha512_iv[8];
extern const guint64 ss_sha512_256_iv[8];

#endif
