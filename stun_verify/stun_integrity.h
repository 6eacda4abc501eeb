/* stun_integrity.h: MESSAGE-INTEGRITY (HMAC-SHA1), MESSAGE-INTEGRITY-SHA256 and
 * GOOG-MESSAGE-INTEGRITY-32 verification (RFC 5389 section 15.4, RFC 8489 sections 14.5-14.6)
 * and the key derivations (short-term: the password; long-term: MD5 or SHA-256 of
 * "username:realm:password"). Plain C (GLib only). Keys never leave these functions. */
#ifndef SIPSCOPE_STUN_INTEGRITY_H
#define SIPSCOPE_STUN_INTEGRITY_H

#include <glib.h>
#include "stun_verify/stun_msg.h"

typedef enum {
    STUN_INTEGRITY_ABSENT = 0,   /* no integrity attribute */
    STUN_INTEGRITY_NO_KEY,       /* present, no key known */
    STUN_INTEGRITY_VALID,
    STUN_INTEGRITY_INVALID
} stun_integrity_t;

const char *stun_integrity_str(stun_integrity_t v);   /* "absent", "no-key", "valid", "invalid" */

/* TRUE when the message carries MESSAGE-INTEGRITY, -SHA256 or GOOG-MESSAGE-INTEGRITY-32. */
gboolean stun_integrity_present(const stun_msg_t *m);
/* "HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA1+HMAC-SHA256", "HMAC-SHA1/32"; NULL when absent. */
const char *stun_integrity_alg_str(const stun_msg_t *m);

/* Verify every integrity attribute of m with key. VALID when all present ones match, INVALID
 * when one does not or has an illegal length, ABSENT when there is none. The HMAC covers the
 * message up to the attribute, with the header length set to end at the attribute (RFC 5389);
 * classic RFC 3489 messages additionally pad the input with zeroes to a multiple of 64 bytes. */
stun_integrity_t stun_integrity_verify(const stun_msg_t *m, const guint8 *key, gsize key_len);

/* The HMAC the attribute at attr_offset (its header) should carry; out needs 32 bytes.
 * Returns the digest length, 0 when the attribute is not within the message. */
gsize stun_integrity_compute(const stun_msg_t *m, guint attr_offset, GChecksumType alg,
                             const guint8 *key, gsize key_len, guint8 *out);

/* Long-term key (RFC 8489 section 9.2.2; the plugin takes it from the shared credentials store,
 * ss_cred_key(), which also accepts a stored HA1): MD5 (algorithm 1 or 0) or SHA-256 (algorithm 2) of
 * "username:realm:password"; the password must already be SASLprep/OpaqueString-processed.
 * Returns the key length (16 or 32), 0 for an unknown algorithm. out needs 32 bytes. */
gsize stun_key_long_term(const char *username, const char *realm, const char *password,
                         guint16 algorithm, guint8 *out);

#endif
