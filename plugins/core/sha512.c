/* sha512.c: SHA-512 and SHA-512/256 per FIPS 180-4 (see sha512.h). */
#include <string.h>

#include "plugins/core/sha512.h"

/* First 64 bits of the fractional parts of the cube roots of the first 80 primes (4.2.3). */
static const guint64 K[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
    0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
    0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
    0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
    0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
    0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
    0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
    0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
    0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
    0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
    0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
    0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

/* 5.3.5: first 64 bits of the fractional parts of the square roots of the first 8 primes */
const guint64 ss_sha512_iv[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

/* 5.3.6.2: SHA-512/256 initial hash value (the unit test re-derives it with the 5.3.6
 * IV generation function: SHA-512 with IV ^ 0xa5.. over the string "SHA-512/256"). */
const guint64 ss_sha512_256_iv[8] = {
    0x22312194fc2bf72cULL, 0x9f555fa3c84c64c2ULL, 0x2393b86b6f53b151ULL, 0x963877195940eabdULL,
    0x96283ee2a88effe3ULL, 0xbe5e1e2553863992ULL, 0x2b0199fc2c85b8aaULL, 0x0eb72ddc81c52ca2ULL,
};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (64 - (n))))

static guint64 load_be64(const guint8 *p)
{
    return ((guint64)p[0] << 56) | ((guint64)p[1] << 48) | ((guint64)p[2] << 40) |
           ((guint64)p[3] << 32) | ((guint64)p[4] << 24) | ((guint64)p[5] << 16) |
           ((guint64)p[6] << 8) | (guint64)p[7];
}

static void store_be64(guint8 *p, guint64 v)
{
    for (int i = 7; i >= 0; i--) {
        p[i] = (guint8)(v & 0xff);
        v >>= 8;
    }
}

static void compress(ss_sha512_t *c, const guint8 *block)
{
    guint64 w[80], a, b, cc, d, e, f, g, h;

    for (int t = 0; t < 16; t++)
        w[t] = load_be64(block + 8 * t);
    for (int t = 16; t < 80; t++) {
        guint64 s0 = ROTR(w[t - 15], 1) ^ ROTR(w[t - 15], 8) ^ (w[t - 15] >> 7);
        guint64 s1 = ROTR(w[t - 2], 19) ^ ROTR(w[t - 2], 61) ^ (w[t - 2] >> 6);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    a = c->h[0]; b = c->h[1]; cc = c->h[2]; d = c->h[3];
    e = c->h[4]; f = c->h[5]; g = c->h[6]; h = c->h[7];
    for (int t = 0; t < 80; t++) {
        guint64 S1 = ROTR(e, 14) ^ ROTR(e, 18) ^ ROTR(e, 41);
        guint64 ch = (e & f) ^ (~e & g);
        guint64 t1 = h + S1 + ch + K[t] + w[t];
        guint64 S0 = ROTR(a, 28) ^ ROTR(a, 34) ^ ROTR(a, 39);
        guint64 maj = (a & b) ^ (a & cc) ^ (b & cc);
        guint64 t2 = S0 + maj;
        h = g; g = f; f = e; e = d + t1;
        d = cc; cc = b; b = a; a = t1 + t2;
    }
    c->h[0] += a; c->h[1] += b; c->h[2] += cc; c->h[3] += d;
    c->h[4] += e; c->h[5] += f; c->h[6] += g; c->h[7] += h;
}

void ss_sha512_init_iv(ss_sha512_t *c, const guint64 iv[8], guint out_len)
{
    memset(c, 0, sizeof *c);
    memcpy(c->h, iv, sizeof c->h);
    c->out_len = out_len > SS_SHA512_LEN ? SS_SHA512_LEN : out_len;
}

void ss_sha512_init(ss_sha512_t *c)
{
    ss_sha512_init_iv(c, ss_sha512_iv, SS_SHA512_LEN);
}

void ss_sha512_256_init(ss_sha512_t *c)
{
    ss_sha512_init_iv(c, ss_sha512_256_iv, SS_SHA512_256_LEN);
}

void ss_sha512_update(ss_sha512_t *c, const void *data, gsize len)
{
    const guint8 *p = (const guint8 *)data;
    guint64 old = c->len_lo;

    c->len_lo += (guint64)len;
    if (c->len_lo < old)
        c->len_hi++;
    while (len > 0) {
        gsize take = 128 - c->fill;
        if (take > len)
            take = len;
        memcpy(c->buf + c->fill, p, take);
        c->fill += (guint)take;
        p += take;
        len -= take;
        if (c->fill == 128) {
            compress(c, c->buf);
            c->fill = 0;
        }
    }
}

void ss_sha512_final(ss_sha512_t *c, guint8 *out)
{
    guint8 full[SS_SHA512_LEN];
    /* length in bits, 128-bit big-endian */
    guint64 bits_hi = (c->len_hi << 3) | (c->len_lo >> 61);
    guint64 bits_lo = c->len_lo << 3;

    c->buf[c->fill++] = 0x80;
    if (c->fill > 112) {
        memset(c->buf + c->fill, 0, 128 - c->fill);
        compress(c, c->buf);
        c->fill = 0;
    }
    memset(c->buf + c->fill, 0, 112 - c->fill);
    store_be64(c->buf + 112, bits_hi);
    store_be64(c->buf + 120, bits_lo);
    compress(c, c->buf);
    for (int i = 0; i < 8; i++)
        store_be64(full + 8 * i, c->h[i]);
    memcpy(out, full, c->out_len);
    memset(full, 0, sizeof full);
    memset(c, 0, sizeof *c);
}
