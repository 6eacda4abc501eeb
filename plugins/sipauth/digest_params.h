/* digest_params.h: parse the value of a WWW-Authenticate, Proxy-Authenticate, Authorization,
 * Proxy-Authorization or Authentication-Info header (RFC 3261 25.1, RFC 7235 / 7616 syntax):
 *
 *     Digest realm="sipscope.test", nonce="...", algorithm=MD5, qop="auth,auth-int"
 *
 * Plain C, GLib only. Never fails on bad input: what cannot be parsed is reported through
 * error flags, and every value is bounded by the input. Quoted strings are unescaped
 * (quoted-pair "\x" -> x). */
#ifndef SIPSCOPE_DIGEST_PARAMS_H
#define SIPSCOPE_DIGEST_PARAMS_H

#include <glib.h>

#define DP_MAX_LEN     65536   /* longer header values are not parsed at all */
#define DP_MAX_PARAMS  64      /* per challenge/credentials */
#define DP_MAX_ITEMS   16      /* challenges in one header value */

typedef enum {
    DP_ERR_UNTERMINATED = 1u << 0,   /* a quoted string has no closing quote */
    DP_ERR_DUPLICATE    = 1u << 1,   /* a parameter name appears twice */
    DP_ERR_SYNTAX       = 1u << 2,   /* stray characters, missing '=' or ',' */
    DP_ERR_TOO_LONG     = 1u << 3,   /* value longer than DP_MAX_LEN: not parsed */
    DP_ERR_TOO_MANY     = 1u << 4,   /* more than DP_MAX_PARAMS / DP_MAX_ITEMS: rest ignored */
    DP_ERR_NO_PARAMS    = 1u << 5,   /* a scheme without any parameter ("Digest") */
    DP_ERR_EMPTY        = 1u << 6,   /* nothing at all */
    DP_ERR_NO_SCHEME    = 1u << 7    /* parameters before any scheme token */
} dp_error_t;

typedef struct {
    char    *name;     /* as written */
    char    *value;    /* unquoted and unescaped; "" for an empty value */
    gboolean quoted;
} dp_param_t;

typedef struct {
    char       *scheme;    /* "Digest", "Basic"...; NULL for Authentication-Info or when missing */
    guint       n;
    dp_param_t *params;
    guint32     errors;    /* dp_error_t bits of this item */
    char       *dup_name;  /* the first duplicated parameter name, NULL when none */
} dp_item_t;

typedef struct {
    guint      n;
    dp_item_t *items;
    guint32    errors;     /* union of all items' bits, plus list-level ones */
} dp_list_t;

/* Parse len bytes of value (a NUL stops the parse). with_scheme: the header starts with an
 * auth-scheme token and may list several challenges ("Digest a=1, Digest b=2"); FALSE for
 * Authentication-Info (one list of parameters, no scheme). Never returns NULL. */
dp_list_t *dp_parse(const char *value, gsize len, gboolean with_scheme);
void       dp_list_free(dp_list_t *l);

/* The first parameter with this name (ASCII case-insensitive), NULL when absent. */
const dp_param_t *dp_find(const dp_item_t *it, const char *name);
const char       *dp_get(const dp_item_t *it, const char *name);

/* Is `tok` one of the comma/space separated tokens of list ("auth,auth-int")? */
gboolean dp_list_has(const char *list, const char *tok);

/* Human-readable text for error bits, e.g. "unterminated quoted string, duplicated
 * parameter". Static storage is not used: free with g_free. Contains no parameter values. */
char *dp_errors_str(guint32 errors);

#endif
