/* credentials.c: the credentials store and the UAT CSV record parser (see credentials.h). */
#include <string.h>

#include "plugins/core/credentials.h"
#include "plugins/core/sha512.h"

struct ss_cred_store {
    GPtrArray *rows;   /* ss_cred_t * */
};

/* Overwrite a secret before freeing it. */
static void free_secret(char *s)
{
    if (s) {
        volatile char *v = s;
        while (*v)
            *v++ = 0;
        g_free(s);
    }
}

static void free_secret_cb(gpointer p)
{
    free_secret((char *)p);
}

static void row_free(gpointer p)
{
    ss_cred_t *r = (ss_cred_t *)p;
    if (!r)
        return;
    g_free(r->username);
    g_free(r->realm);
    free_secret(r->password);
    free_secret(r->ha1);
    g_free(r->ha1_alg);
    g_free(r);
}

ss_cred_store_t *ss_cred_store_new(void)
{
    ss_cred_store_t *s = g_new0(ss_cred_store_t, 1);
    s->rows = g_ptr_array_new_with_free_func(row_free);
    return s;
}

void ss_cred_store_free(ss_cred_store_t *store)
{
    if (!store)
        return;
    g_ptr_array_free(store->rows, TRUE);
    g_free(store);
}

void ss_cred_store_clear(ss_cred_store_t *store)
{
    if (store)
        g_ptr_array_set_size(store->rows, 0);
}

guint ss_cred_store_count(const ss_cred_store_t *store)
{
    return store ? store->rows->len : 0;
}

const ss_cred_t *ss_cred_store_nth(const ss_cred_store_t *store, guint i)
{
    if (!store || i >= store->rows->len)
        return NULL;
    return (const ss_cred_t *)g_ptr_array_index(store->rows, i);
}

static gboolean all_hex(const char *s, gsize n)
{
    for (gsize i = 0; i < n; i++)
        if (!g_ascii_isxdigit(s[i]))
            return FALSE;
    return TRUE;
}

/* Split "ALG:hex" / "hex"; returns FALSE when the hex part is not 32 or 64 hex digits. */
static gboolean split_ha1(const char *ha1, const char **hex, gsize *alg_len)
{
    const char *colon = strrchr(ha1, ':');
    gsize n;
    *hex = colon ? colon + 1 : ha1;
    *alg_len = colon ? (gsize)(colon - ha1) : 0;
    n = strlen(*hex);
    return (n == 32 || n == 64) && all_hex(*hex, n) && (!colon || *alg_len > 0);
}

gboolean ss_cred_check(const char *username, const char *realm, const char *password,
                       const char *ha1, char **err)
{
    const char *hex;
    gsize alg_len;
    (void)realm;
    if (!username || !*username) {
        if (err)
            *err = g_strdup("the username is empty");
        return FALSE;
    }
    if ((!password || !*password) && (!ha1 || !*ha1)) {
        if (err)
            *err = g_strdup("neither a password nor an HA1 is given");
        return FALSE;
    }
    if (ha1 && *ha1 && !split_ha1(ha1, &hex, &alg_len)) {
        if (err)
            *err = g_strdup("the HA1 must be 32 (MD5) or 64 (SHA-256, SHA-512-256) hex digits, "
                            "optionally prefixed by the algorithm and a colon");
        return FALSE;
    }
    return TRUE;
}

gboolean ss_cred_store_add(ss_cred_store_t *store, const char *username, const char *realm,
                           const char *password, const char *ha1, char **err)
{
    ss_cred_t *r;
    if (!store) {
        if (err)
            *err = g_strdup("no credentials store");
        return FALSE;
    }
    if (!ss_cred_check(username, realm, password, ha1, err))
        return FALSE;
    r = g_new0(ss_cred_t, 1);
    r->username = g_strdup(username);
    r->realm = g_strdup(realm ? realm : "");
    r->password = g_strdup(password ? password : "");
    if (ha1 && *ha1) {
        const char *hex;
        gsize alg_len;
        split_ha1(ha1, &hex, &alg_len);
        r->ha1 = g_ascii_strdown(hex, -1);
        r->ha1_alg = g_strndup(ha1, alg_len);
    } else {
        r->ha1 = g_strdup("");
        r->ha1_alg = g_strdup("");
    }
    g_ptr_array_add(store->rows, r);
    return TRUE;
}

const ss_cred_t *ss_cred_store_find(const ss_cred_store_t *store, const char *user, const char *realm)
{
    const ss_cred_t *r = NULL;
    return ss_cred_store_find_all(store, user, realm, &r, 1) ? r : NULL;
}

guint ss_cred_store_find_all(const ss_cred_store_t *store, const char *user, const char *realm,
                             const ss_cred_t **out, guint max)
{
    guint n = 0;
    if (!store || !user || !out || !max)
        return 0;
    if (!realm)
        realm = "";
    /* tier 0: exact realm; 1: realm equal ignoring case (not exactly); 2: realm-less row */
    for (int tier = 0; tier < 3; tier++) {
        for (guint i = 0; i < store->rows->len; i++) {
            const ss_cred_t *r = (const ss_cred_t *)g_ptr_array_index(store->rows, i);
            gboolean hit;
            if (strcmp(r->username, user) != 0)
                continue;
            switch (tier) {
            case 0:  hit = strcmp(r->realm, realm) == 0; break;
            case 1:  hit = strcmp(r->realm, realm) != 0 && g_ascii_strcasecmp(r->realm, realm) == 0; break;
            default: hit = r->realm[0] == '\0' && realm[0] != '\0'; break;
            }
            if (hit) {
                out[n++] = r;
                if (n == max)
                    return n;
            }
        }
    }
    return n;
}

/* ---- UAT CSV records ------------------------------------------------------------------ */

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Unescape the inside of a quoted field (p..end), as Wireshark's uat_unesc does, except
 * that "\\" and "\"" keep their character (the UAT loader drops a character there). */
static GString *unescape(const char *p, const char *end)
{
    GString *g = g_string_sized_new((gsize)(end - p));
    while (p < end) {
        char c = *p++;
        if (c != '\\' || p >= end) {
            g_string_append_c(g, c);
            continue;
        }
        c = *p++;
        switch (c) {
        case 'a': g_string_append_c(g, '\a'); break;
        case 'b': g_string_append_c(g, '\b'); break;
        case 'e': g_string_append_c(g, '\033'); break;
        case 'f': g_string_append_c(g, '\f'); break;
        case 'n': g_string_append_c(g, '\n'); break;
        case 'r': g_string_append_c(g, '\r'); break;
        case 't': g_string_append_c(g, '\t'); break;
        case 'v': g_string_append_c(g, '\v'); break;
        case 'x':
            if (p + 1 < end && hexval(p[0]) >= 0 && hexval(p[1]) >= 0) {
                g_string_append_c(g, (char)(hexval(p[0]) * 16 + hexval(p[1])));
                p += 2;
            } else {
                g_string_append_c(g, 'x');
            }
            break;
        default:
            if (c >= '0' && c <= '7') {
                int v = c - '0';
                for (int k = 0; k < 2 && p < end && *p >= '0' && *p <= '7'; k++)
                    v = v * 8 + (*p++ - '0');
                g_string_append_c(g, (char)(v > 255 ? 255 : v));
            } else {
                g_string_append_c(g, c);
            }
            break;
        }
    }
    return g;
}

static gboolean set_err(char **err, const char *msg)
{
    if (err)
        *err = g_strdup(msg);
    return FALSE;
}

gboolean ss_cred_parse_record(const char *line, gsize len, char ***fields, guint *n_fields,
                              guint max_fields, char **err)
{
    const char *p = line, *end = line + len;
    GPtrArray *out;

    if (err)
        *err = NULL;
    *fields = NULL;
    *n_fields = 0;
    if (!line)
        return FALSE;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    while (end > p && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (p == end || *p == '#')
        return FALSE;               /* blank or comment: no record, no error */

    out = g_ptr_array_new_with_free_func(free_secret_cb);
    for (;;) {
        GString *v;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p < end && *p == '"') {
            const char *q = ++p;
            while (q < end && *q != '"') {
                if (*q == '\\' && q + 1 < end)
                    q++;
                q++;
            }
            if (q >= end) {
                g_ptr_array_free(out, TRUE);
                return set_err(err, "unterminated quoted field");
            }
            v = unescape(p, q);
            p = q + 1;
        } else {
            /* unquoted: empty, or a hex string the UAT loader decodes to bytes */
            const char *q = p;
            while (q < end && *q != ',' && *q != ' ' && *q != '\t')
                q++;
            if ((q - p) % 2 != 0 || !all_hex(p, (gsize)(q - p))) {
                g_ptr_array_free(out, TRUE);
                return set_err(err, "unquoted field is not a hex string");
            }
            v = g_string_new(NULL);
            for (const char *h = p; h < q; h += 2)
                g_string_append_c(v, (char)(hexval(h[0]) * 16 + hexval(h[1])));
            p = q;
        }
        if (memchr(v->str, '\0', v->len)) {
            g_string_free(v, TRUE);
            g_ptr_array_free(out, TRUE);
            return set_err(err, "field contains a NUL byte");
        }
        if (out->len >= max_fields) {
            g_string_free(v, TRUE);
            g_ptr_array_free(out, TRUE);
            return set_err(err, "more fields than expected");
        }
        g_ptr_array_add(out, g_string_free(v, FALSE));
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p >= end)
            break;
        if (*p != ',') {
            g_ptr_array_free(out, TRUE);
            return set_err(err, "expected a comma between fields");
        }
        p++;
    }
    *n_fields = out->len;
    g_ptr_array_add(out, NULL);
    *fields = (char **)g_ptr_array_free(out, FALSE);
    return TRUE;
}

guint ss_cred_store_load_text(ss_cred_store_t *store, const char *text, gsize len, char **err)
{
    const char *p = text, *end = text + len;
    guint lineno = 0, added = 0, bad = 0;
    GString *badlist = g_string_new(NULL);

    if (err)
        *err = NULL;
    while (text && p < end) {
        const char *nl = memchr(p, '\n', (gsize)(end - p));
        const char *le = nl ? nl : end;
        char **f = NULL;
        guint nf = 0;
        char *e = NULL;
        lineno++;
        if (ss_cred_parse_record(p, (gsize)(le - p), &f, &nf, 4, &e)) {
            if (nf >= 3 && ss_cred_store_add(store, f[0], f[1], f[2], nf > 3 ? f[3] : "", NULL))
                added++;
            else
                e = g_strdup("bad record");
            for (guint i = 0; i < nf; i++)
                free_secret(f[i]);
            g_free(f);
        }
        if (e) {
            if (bad < 8)
                g_string_append_printf(badlist, "%s%u", bad ? ", " : "", lineno);
            bad++;
            g_free(e);
        }
        p = nl ? nl + 1 : end;
    }
    if (bad && err)
        *err = g_strdup_printf("%u bad record%s (line%s %s%s)", bad, bad == 1 ? "" : "s",
                               bad == 1 ? "" : "s", badlist->str, bad > 8 ? ", ..." : "");
    g_string_free(badlist, TRUE);
    return added;
}

/* ---- keys ------------------------------------------------------------------------------ */

static gsize hash_len(ss_cred_hash_t h)
{
    switch (h) {
    case SS_CRED_MD5:        return 16;
    case SS_CRED_SHA256:     return 32;
    case SS_CRED_SHA512_256: return 32;
    default:                 return 0;
    }
}

gsize ss_cred_key(const ss_cred_t *row, ss_cred_hash_t hash, const char *alg_name,
                  const char *user, const char *realm, guint8 *out, gsize out_size)
{
    gsize n = hash_len(hash);
    if (!row || !n || out_size < n || !user)
        return 0;
    if (!realm)
        realm = "";
    if (row->password && row->password[0]) {
        if (hash == SS_CRED_SHA512_256) {
            ss_sha512_t c;
            ss_sha512_256_init(&c);
            ss_sha512_update(&c, user, strlen(user));
            ss_sha512_update(&c, ":", 1);
            ss_sha512_update(&c, realm, strlen(realm));
            ss_sha512_update(&c, ":", 1);
            ss_sha512_update(&c, row->password, strlen(row->password));
            ss_sha512_final(&c, out);
        } else {
            GChecksum *c = g_checksum_new(hash == SS_CRED_MD5 ? G_CHECKSUM_MD5 : G_CHECKSUM_SHA256);
            gsize got = n;
            g_checksum_update(c, (const guchar *)user, (gssize)strlen(user));
            g_checksum_update(c, (const guchar *)":", 1);
            g_checksum_update(c, (const guchar *)realm, (gssize)strlen(realm));
            g_checksum_update(c, (const guchar *)":", 1);
            g_checksum_update(c, (const guchar *)row->password, (gssize)strlen(row->password));
            g_checksum_get_digest(c, out, &got);
            g_checksum_free(c);
        }
        return n;
    }
    if (row->ha1 && strlen(row->ha1) == 2 * n) {
        if (row->ha1_alg && row->ha1_alg[0] && alg_name && alg_name[0]) {
            /* "SHA-256:..." fits SHA-256 and SHA-256-sess (the stored HA1 is the base one) */
            gsize al = strlen(row->ha1_alg);
            if (g_ascii_strncasecmp(row->ha1_alg, alg_name, al) != 0 ||
                (alg_name[al] != '\0' && g_ascii_strcasecmp(alg_name + al, "-sess") != 0))
                return 0;
        }
        for (gsize i = 0; i < n; i++)
            out[i] = (guint8)(hexval(row->ha1[2 * i]) * 16 + hexval(row->ha1[2 * i + 1]));
        return n;
    }
    return 0;
}
