/* ws_credentials.c: the sipscope_credentials UAT and the credentials_file preference. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/uat.h>

#include <string.h>

#include "plugins/core/ws_credentials.h"

typedef struct {
    char *username;
    char *realm;
    char *password;
    char *ha1;
} cred_uat_rec_t;

static cred_uat_rec_t *uat_recs;
static guint uat_n;
static const char *cred_file_pref = "";
static ss_cred_store_t *store;
static gboolean dirty = TRUE;

UAT_CSTRING_CB_DEF(sscred, username, cred_uat_rec_t)
UAT_CSTRING_CB_DEF(sscred, realm, cred_uat_rec_t)
UAT_CSTRING_CB_DEF(sscred, password, cred_uat_rec_t)
UAT_CSTRING_CB_DEF(sscred, ha1, cred_uat_rec_t)

static void wipe_free(char *s)
{
    if (s) {
        volatile char *v = s;
        while (*v)
            *v++ = 0;
        g_free(s);
    }
}

static void *rec_copy(void *dst, const void *src, size_t len _U_)
{
    cred_uat_rec_t *d = (cred_uat_rec_t *)dst;
    const cred_uat_rec_t *s = (const cred_uat_rec_t *)src;
    d->username = g_strdup(s->username);
    d->realm = g_strdup(s->realm);
    d->password = g_strdup(s->password);
    d->ha1 = g_strdup(s->ha1);
    return d;
}

/* Error messages name the problem, never the secret values. */
static gboolean rec_update(void *r, char **err)
{
    const cred_uat_rec_t *c = (const cred_uat_rec_t *)r;
    char *e = NULL;
    if (!ss_cred_check(c->username, c->realm, c->password, c->ha1, &e)) {
        *err = g_strdup_printf("sipscope credentials: %s", e);
        g_free(e);
        return FALSE;
    }
    return TRUE;
}

static void rec_free(void *r)
{
    cred_uat_rec_t *c = (cred_uat_rec_t *)r;
    g_free(c->username);
    g_free(c->realm);
    wipe_free(c->password);
    wipe_free(c->ha1);
    c->username = c->realm = c->password = c->ha1 = NULL;
}

static void mark_dirty(void)
{
    dirty = TRUE;
}

static void rebuild(void)
{
    if (!store)
        store = ss_cred_store_new();
    ss_cred_store_clear(store);
    for (guint i = 0; i < uat_n; i++) {
        const cred_uat_rec_t *c = &uat_recs[i];
        ss_cred_store_add(store, c->username, c->realm, c->password, c->ha1, NULL);
    }
    if (cred_file_pref && cred_file_pref[0]) {
        gchar *text = NULL;
        gsize len = 0;
        GError *gerr = NULL;
        if (g_file_get_contents(cred_file_pref, &text, &len, &gerr)) {
            char *e = NULL;
            ss_cred_store_load_text(store, text, len, &e);
            if (e)
                ws_warning("sipscope: credentials file %s: %s", cred_file_pref, e);
            g_free(e);
            memset(text, 0, len);
            g_free(text);
        } else {
            ws_warning("sipscope: cannot read the credentials file %s: %s", cred_file_pref,
                       gerr ? gerr->message : "unknown error");
            g_clear_error(&gerr);
        }
    }
    dirty = FALSE;
}

const ss_cred_store_t *ss_credentials_store(void)
{
    if (dirty || !store)
        rebuild();
    return store;
}

const ss_cred_t *ss_credentials_find(const char *user, const char *realm)
{
    return ss_cred_store_find(ss_credentials_store(), user, realm);
}

static void credentials_cleanup(void)
{
    /* nothing to free per file; re-read the file for the next one */
    dirty = TRUE;
}

/* At exit: wipe and free the store (the plugin is unloaded after this, and nothing of it may
 * outlive it, least of all passwords). */
static void credentials_shutdown(void)
{
    if (store)
        ss_cred_store_free(store);
    store = NULL;
}

void ss_credentials_register(module_t *module)
{
    static uat_field_t fields[] = {
        UAT_FLD_CSTRING(sscred, username, "Username", "Digest / STUN long-term username"),
        UAT_FLD_CSTRING(sscred, realm, "Realm", "Realm (empty: any realm)"),
        UAT_FLD_CSTRING(sscred, password, "Password", "Plain-text password (or leave empty and give the HA1)"),
        UAT_FLD_CSTRING(sscred, ha1, "HA1",
                        "Precomputed HA1 = H(username:realm:password) in hex (32 digits MD5, 64 SHA-256 or "
                        "SHA-512-256), optionally prefixed by the algorithm and a colon, e.g. SHA-512-256:..."),
        UAT_END_FIELDS
    };
    uat_t *u = uat_new("sipscope credentials", sizeof(cred_uat_rec_t), "sipscope_credentials",
                       TRUE, &uat_recs, &uat_n, UAT_AFFECTS_DISSECTION, NULL,
                       rec_copy, rec_update, rec_free, mark_dirty, NULL, fields);
    prefs_register_uat_preference(module, "credentials", "Credentials (sipscope_credentials)",
                                  "Usernames, realms and passwords or HA1s used to verify SIP digest "
                                  "authentication and STUN long-term credentials. Never shown in any output.",
                                  u);
    prefs_register_filename_preference(module, "credentials_file", "Credentials file",
                                       "A file with more credentials, one per line in the same CSV format as "
                                       "the table: \"username\",\"realm\",\"password\",\"ha1\"",
                                       &cred_file_pref, FALSE);
    register_init_routine(mark_dirty);
    register_cleanup_routine(credentials_cleanup);
    register_shutdown_routine(credentials_shutdown);
}
