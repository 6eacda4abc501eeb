/* credentials.h: the sipscope credentials store (plain C, GLib only).
 *
 * One row per (username, realm) with a password and/or a precomputed HA1. Rows come from the
 * `sipscope_credentials` UAT and the `sipauth.credentials_file` preference (both in the UAT
 * CSV format, one record per line: "alice","sipscope.test","alicepw",""), see
 * ws_credentials.h for the epan glue and the lookup other parts call.
 *
 * Secrets: nothing in this file logs, formats or returns a password or HA1 in an error
 * message. Callers must keep it that way (never put row->password / row->ha1 in a field,
 * expert info, log line or tap record). */
#ifndef SIPSCOPE_CREDENTIALS_H
#define SIPSCOPE_CREDENTIALS_H

#include <glib.h>

typedef struct {
    char *username;   /* never NULL, never empty */
    char *realm;      /* "" = any realm (fallback row) */
    char *password;   /* "" when only an HA1 is known */
    char *ha1;        /* "" or lower-case hex (32 hex = MD5, 64 hex = SHA-256 / SHA-512-256),
                       * optionally given as "ALGORITHM:hex" in the source (stored without
                       * the prefix; see ha1_alg) */
    char *ha1_alg;    /* "" or the algorithm named in an "ALGORITHM:hex" HA1 (e.g. "SHA-512-256") */
} ss_cred_t;

typedef struct ss_cred_store ss_cred_store_t;

ss_cred_store_t *ss_cred_store_new(void);
void             ss_cred_store_free(ss_cred_store_t *store);
void             ss_cred_store_clear(ss_cred_store_t *store);
guint            ss_cred_store_count(const ss_cred_store_t *store);
const ss_cred_t *ss_cred_store_nth(const ss_cred_store_t *store, guint i);

/* Check a row. On error returns FALSE and sets *err (g_free) to a message that names the
 * problem but never contains the password or HA1. Rules: username non-empty; password or
 * HA1 present; HA1 is 32 or 64 hex digits, optionally prefixed by "ALGORITHM:". */
gboolean ss_cred_check(const char *username, const char *realm, const char *password,
                       const char *ha1, char **err);

/* Add a row (copied; HA1 normalised to lower case). Invalid rows are refused (see ss_cred_check). */
gboolean ss_cred_store_add(ss_cred_store_t *store, const char *username, const char *realm,
                           const char *password, const char *ha1, char **err);

/* Lookup: the first row with this username and exactly this realm; else the first with the
 * realm differing only in letter case; else the first with an empty realm (any realm).
 * NULL when none. user NULL returns NULL; realm NULL is treated as "". */
const ss_cred_t *ss_cred_store_find(const ss_cred_store_t *store, const char *user, const char *realm);
/* Every row that matches, in that order of preference (at most max); returns the count.
 * Lets a verifier try a second row when the first cannot give a key (e.g. an HA1 of
 * another algorithm) or when a user has several passwords. */
guint ss_cred_store_find_all(const ss_cred_store_t *store, const char *user, const char *realm,
                             const ss_cred_t **out, guint max);

/* Parse one record in the UAT CSV format: comma-separated fields, each a double-quoted
 * string (escapes \" \\ \xHH \ooo \a \b \e \f \n \r \t \v as in Wireshark's uat_unesc),
 * an unquoted hex string (decoded to bytes, as the UAT loader does), or empty. Blank
 * and comment (#) lines return FALSE with *err == NULL. Fields beyond max_fields, a field
 * containing a NUL byte, or bad syntax give FALSE and *err (no field content in it).
 * On success fields[0..*n_fields) are newly allocated (free with g_strfreev). */
gboolean ss_cred_parse_record(const char *line, gsize len, char ***fields, guint *n_fields,
                              guint max_fields, char **err);

/* Load a whole text in that format (a credentials file): one record per line, 4 fields
 * (username, realm, password, ha1; a missing trailing ha1 is allowed). Returns the number of
 * rows added. Bad lines are skipped; their 1-based numbers (at most 8) and the count go to
 * *err (may be NULL) without any field content. */
guint ss_cred_store_load_text(ss_cred_store_t *store, const char *text, gsize len, char **err);

/* The long-term key / digest HA1 for user:realm with a hash algorithm: H(user ":" realm ":"
 * password) when the row has a password, else the row's HA1 when its length fits (and its
 * algorithm prefix, if any, matches alg_name). Used by sipauth (digest HA1) and stunverify
 * (TURN long-term credential key = MD5(username:realm:password), RFC 5389 15.4; SHA-256
 * variant RFC 8489 18.5.1.1). user/realm are the values from the message being checked.
 * Returns the number of bytes written to out (0 when not computable). */
typedef enum {
    SS_CRED_MD5 = 1,       /* 16 bytes */
    SS_CRED_SHA256,        /* 32 bytes */
    SS_CRED_SHA512_256     /* 32 bytes */
} ss_cred_hash_t;
gsize ss_cred_key(const ss_cred_t *row, ss_cred_hash_t hash, const char *alg_name,
                  const char *user, const char *realm, guint8 *out, gsize out_size);

#endif
