/* auth_rounds.c: digest round trips, nonce bookkeeping and verification (see auth_rounds.h). */
#include <string.h>

#include "plugins/sipauth/auth_rounds.h"
#include "plugins/sipauth/digest_params.h"
#include "plugins/sipauth/digest_verify.h"

/* ---- engine state ------------------------------------------------------------------------ */

typedef struct {
    guint8 k[16];        /* first 16 bytes of SHA-256(nonce): fixed size whatever the nonce */
} nkey_t;

#define NONCE_CH_MAX 4

typedef struct chal chal_t;

typedef struct {
    nkey_t    key;
    chal_t   *ch[NONCE_CH_MAX];   /* the latest challenges that issued it */
    guint     n_ch;
    gboolean  issued;             /* by a challenge or an Authentication-Info nextnonce */
    guint32   issued_frame;
    gint64    issued_ts;
    guint     uses;
    gboolean  has_nc;
    guint32   last_nc;
    gboolean  has_user;
    guint64   user_h;
} nonce_t;

struct chal {
    sipauth_challenge_t pub;      /* first member: the public record */
    guint64   realm_h;
    guint64   opaque_h;
    dv_alg_t  alg;
};

typedef struct rsp_data {
    dv_alg_t alg;
    dv_qop_t qop;
    char     ha1[DV_HEX_MAX];
    char    *nonce, *cnonce, *nc, *uri;
} rsp_data_t;

struct sa_attempt_priv {
    ss_endpoint_t src, dst;
    guint64     fp;               /* fingerprint of the credentials, method excluded */
    guint64     realm_h;
    rsp_data_t *rsp;              /* set while an rspauth check is possible */
    gboolean    weak_result;      /* concluded by a final response of another hop (its
                                   * addresses are not ours reversed): a later one of our hop
                                   * replaces it */
};

typedef struct {
    GPtrArray *attempts;          /* sipauth_attempt_t *, this transaction key's requests */
} txn_t;

struct sa_engine {
    GStringChunk *str;
    GHashTable   *nonces;         /* nkey_t * -> nonce_t * (key inside the value) */
    guint         n_nonces;
    GHashTable   *txns;           /* "call-id\ncseq\nmethod" -> txn_t * */
    GPtrArray    *blocks;         /* g_free at the end */
    GPtrArray    *attempts;       /* every attempt, to free their private parts */
    guint         pending_rsp;
};

static guint nkey_hash(gconstpointer p)
{
    const nkey_t *k = (const nkey_t *)p;
    guint h;
    memcpy(&h, k->k, sizeof h);
    return h;
}

static gboolean nkey_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(nkey_t)) == 0;
}

static void txn_free(gpointer p)
{
    txn_t *t = (txn_t *)p;
    g_ptr_array_free(t->attempts, TRUE);
    g_free(t);
}

static void rsp_free(rsp_data_t *r)
{
    if (!r)
        return;
    memset(r->ha1, 0, sizeof r->ha1);
    g_free(r->nonce);
    g_free(r->cnonce);
    g_free(r->nc);
    g_free(r->uri);
    g_free(r);
}

sa_engine_t *sa_engine_new(void)
{
    sa_engine_t *e = g_new0(sa_engine_t, 1);
    e->str = g_string_chunk_new(4096);
    e->nonces = g_hash_table_new_full(nkey_hash, nkey_equal, NULL, g_free);
    e->txns = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, txn_free);
    e->blocks = g_ptr_array_new_with_free_func(g_free);
    e->attempts = g_ptr_array_new();
    return e;
}

void sa_engine_free(sa_engine_t *e)
{
    if (!e)
        return;
    for (guint i = 0; i < e->attempts->len; i++) {
        sipauth_attempt_t *a = (sipauth_attempt_t *)g_ptr_array_index(e->attempts, i);
        if (a->priv) {
            rsp_free(a->priv->rsp);
            g_free(a->priv);
            a->priv = NULL;
        }
    }
    g_ptr_array_free(e->attempts, TRUE);
    g_hash_table_destroy(e->txns);
    g_hash_table_destroy(e->nonces);
    g_ptr_array_free(e->blocks, TRUE);
    g_string_chunk_free(e->str);
    g_free(e);
}

static gpointer block(sa_engine_t *e, gsize size)
{
    gpointer p = g_malloc0(size);
    g_ptr_array_add(e->blocks, p);
    return p;
}

/* file-lifetime copy for display, cut at SA_MAX_DISPLAY bytes on a UTF-8 boundary */
static const char *intern(sa_engine_t *e, const char *s)
{
    gsize n;
    if (!s)
        return NULL;
    n = strlen(s);
    if (n > SA_MAX_DISPLAY) {
        char *t;
        const char *r;
        n = SA_MAX_DISPLAY;
        while (n > 0 && ((guchar)s[n] & 0xC0) == 0x80)
            n--;
        t = g_strndup(s, n);
        r = g_string_chunk_insert_const(e->str, t);
        g_free(t);
        return r;
    }
    return g_string_chunk_insert_const(e->str, s);
}

static guint64 fnv(guint64 h, const char *s)
{
    if (s) {
        for (const guchar *p = (const guchar *)s; *p; p++) {
            h ^= *p;
            h *= 1099511628211ULL;
        }
    }
    h ^= 0x1ff;                   /* field separator, distinct from any byte */
    h *= 1099511628211ULL;
    return h;
}
#define FNV0 14695981039346656037ULL

static guint64 hash_str(const char *s)
{
    return s ? fnv(FNV0, s) : 0;
}

static nkey_t nonce_key(const char *nonce)
{
    nkey_t k;
    guint8 d[32];
    gsize n = sizeof d;
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(c, (const guchar *)nonce, (gssize)strlen(nonce));
    g_checksum_get_digest(c, d, &n);
    g_checksum_free(c);
    memcpy(k.k, d, sizeof k.k);
    return k;
}

static nonce_t *nonce_get(sa_engine_t *e, const char *nonce, gboolean create)
{
    nkey_t k;
    nonce_t *n;
    if (!nonce)
        return NULL;
    k = nonce_key(nonce);
    n = (nonce_t *)g_hash_table_lookup(e->nonces, &k);
    if (n || !create || e->n_nonces >= SA_MAX_NONCES)
        return n;
    n = g_new0(nonce_t, 1);
    n->key = k;
    g_hash_table_insert(e->nonces, &n->key, n);
    e->n_nonces++;
    return n;
}

static void nonce_issue(nonce_t *n, guint32 frame, gint64 ts)
{
    if (n && !n->issued) {
        n->issued = TRUE;
        n->issued_frame = frame;
        n->issued_ts = ts;
    }
}

static char *txn_key(const char *call_id, guint32 cseq, const char *method)
{
    return g_strdup_printf("%s\n%u\n%s", call_id, cseq, method ? method : "");
}

static txn_t *txn_get(sa_engine_t *e, const ss_sip_msg_t *m, const char *method, gboolean create)
{
    char *k;
    txn_t *t;
    if (!m->call_id || !m->has_cseq || !method)
        return NULL;
    k = txn_key(m->call_id, m->cseq, method);
    t = (txn_t *)g_hash_table_lookup(e->txns, k);
    if (!t && create) {
        t = g_new0(txn_t, 1);
        t->attempts = g_ptr_array_new();
        g_hash_table_insert(e->txns, k, t);
        return t;
    }
    g_free(k);
    return t;
}

/* ---- challenges ----------------------------------------------------------------------------- */

static void add_challenges(sa_engine_t *e, const sa_input_t *in, GPtrArray *out)
{
    const ss_sip_msg_t *m = in->msg;
    guint idx = 0;
    for (guint h = 0; h < in->n_hdrs; h++) {
        const sa_hdr_t *hd = &in->hdrs[h];
        dp_list_t *l;
        if (hd->kind != SA_HDR_WWW_AUTHENTICATE && hd->kind != SA_HDR_PROXY_AUTHENTICATE)
            continue;
        l = dp_parse(hd->value, hd->len, TRUE);
        for (guint i = 0; i <= l->n; i++) {
            const dp_item_t *it = i < l->n ? &l->items[i] : NULL;
            chal_t *c;
            const char *nonce, *stale;
            if (!it && l->n > 0)
                break;             /* an item-less header still gets one (malformed) record */
            c = (chal_t *)block(e, sizeof *c);
            c->pub.frame = m->frame;
            c->pub.msg_index = (guint16)m->index;
            c->pub.index = (guint16)MIN(idx, G_MAXUINT16);
            idx++;
            c->pub.status = (guint16)m->status;
            c->pub.proxy = hd->kind == SA_HDR_PROXY_AUTHENTICATE;
            c->pub.ts_ns = m->ts_ns;
            c->pub.call = m->call;
            c->pub.stale = -1;
            c->pub.malformed = it ? it->errors : l->errors;
            if (it) {
                c->pub.scheme = intern(e, it->scheme);
                c->pub.realm = intern(e, dp_get(it, "realm"));
                c->pub.algorithm = intern(e, dp_get(it, "algorithm"));
                c->pub.qop = intern(e, dp_get(it, "qop"));
                c->pub.has_opaque = dp_find(it, "opaque") != NULL;
                c->opaque_h = hash_str(dp_get(it, "opaque"));
                c->realm_h = hash_str(dp_get(it, "realm"));
                c->alg = dv_alg_parse(dp_get(it, "algorithm"));
                stale = dp_get(it, "stale");
                if (stale)
                    c->pub.stale = g_ascii_strcasecmp(stale, "true") == 0 ? 1 : 0;
                /* a malformed challenge can still name a nonce; do not let clients "answer"
                 * a nonce we only guessed from a broken header */
                nonce = dp_get(it, "nonce");
                if (nonce && !(it->errors & (DP_ERR_UNTERMINATED | DP_ERR_DUPLICATE)) &&
                    !(l->errors & DP_ERR_UNTERMINATED)) {
                    nonce_t *n = nonce_get(e, nonce, TRUE);
                    if (n) {
                        nonce_issue(n, m->frame, m->ts_ns);
                        if (n->n_ch == NONCE_CH_MAX) {
                            memmove(n->ch, n->ch + 1, (NONCE_CH_MAX - 1) * sizeof n->ch[0]);
                            n->n_ch--;
                        }
                        n->ch[n->n_ch++] = c;
                    }
                }
            }
            g_ptr_array_add(out, c);
        }
        dp_list_free(l);
    }
}

/* ---- attempts --------------------------------------------------------------------------------- */

static gboolean parse_nc(const char *s, guint32 *out, gboolean *exact8)
{
    gsize n;
    guint32 v = 0;
    if (!s)
        return FALSE;
    n = strlen(s);
    if (n == 0 || n > 8)
        return FALSE;
    for (gsize i = 0; i < n; i++) {
        if (!g_ascii_isxdigit(s[i]))
            return FALSE;
        v = v * 16 + (guint32)g_ascii_xdigit_value(s[i]);
    }
    *out = v;
    *exact8 = n == 8;
    return TRUE;
}

static chal_t *pick_challenge(const nonce_t *n, guint64 realm_h, dv_alg_t alg, guint call)
{
    chal_t *best = NULL;
    int best_score = -1;
    if (!n)
        return NULL;
    for (guint i = 0; i < n->n_ch; i++) {
        chal_t *c = n->ch[i];
        int score = (c->realm_h == realm_h) * 4 + (c->alg == alg) * 2 + (call && c->pub.call == call);
        if (score >= best_score) {
            best = c;
            best_score = score;
        }
    }
    return best;
}

static const ss_cred_t *find_userhash(const ss_cred_store_t *creds, dv_alg_t alg, const char *hash,
                                      const char *realm)
{
    guint n = ss_cred_store_count(creds);
    for (guint i = 0; i < n; i++) {
        const ss_cred_t *r = ss_cred_store_nth(creds, i);
        char h[DV_HEX_MAX];
        if (r->realm[0] && g_strcmp0(r->realm, realm) != 0)
            continue;
        dv_userhash(alg, r->username, realm ? realm : "", h);
        if (dv_hex_equal(h, hash))
            return r;
    }
    return NULL;
}

static gboolean same_uri(const char *a, const char *b)
{
    if (!a || !b)
        return FALSE;
    return strcmp(a, b) == 0 || g_ascii_strcasecmp(a, b) == 0;
}

/* Verify one credentials item; fills verdict, flags, real_user and the rspauth data. */
static void verify(sa_engine_t *e, const ss_cred_store_t *creds, const sa_input_t *in,
                   const dp_item_t *it, sipauth_attempt_t *a)
{
    const ss_sip_msg_t *m = in->msg;
    const char *user = dp_get(it, "username");
    const char *realm = dp_get(it, "realm");
    const char *qops = dp_get(it, "qop");
    const char *uh = dp_get(it, "userhash");
    const ss_cred_t *row, *rows[8];
    guint n_rows;
    dv_input_t din;
    char ha1[DV_HEX_MAX], want[DV_HEX_MAX];
    const char *resp = dp_get(it, "response");

    if (!it->scheme || g_ascii_strcasecmp(it->scheme, "Digest") != 0) {
        a->verdict = SA_VERDICT_UNSUPPORTED;
        return;
    }
    memset(&din, 0, sizeof din);
    din.alg = dv_alg_parse(dp_get(it, "algorithm"));
    din.qop = dv_qop_parse(qops);
    if (a->flags & SA_F_MALFORMED) {
        a->verdict = SA_VERDICT_INVALID;
        return;
    }
    if (din.alg == DV_ALG_UNKNOWN) {
        a->verdict = SA_VERDICT_UNSUPPORTED;
        return;
    }
    if (!creds) {
        a->verdict = SA_VERDICT_UNVERIFIED;
        return;
    }
    if (uh && g_ascii_strcasecmp(uh, "true") == 0) {
        row = find_userhash(creds, din.alg, user, realm);
        if (row)
            a->real_user = intern(e, row->username);
        din.username = row ? row->username : user;
        rows[0] = row;
        n_rows = row ? 1 : 0;
    } else {
        n_rows = ss_cred_store_find_all(creds, user, realm, rows, G_N_ELEMENTS(rows));
        din.username = user;
    }
    din.realm = realm;
    din.nonce = dp_get(it, "nonce");
    din.cnonce = dp_get(it, "cnonce");
    din.nc = dp_get(it, "nc");
    din.method = m->method ? m->method : "";
    din.uri = dp_get(it, "uri");
    if (din.qop == DV_QOP_AUTH_INT) {
        guint body_len = m->body ? m->body_len : 0;
        if (in->has_content_length && in->content_length != body_len) {
            a->flags |= SA_F_BODY_UNAVAILABLE;
            a->verdict = SA_VERDICT_UNVERIFIED;
            return;
        }
        din.body = m->body;
        din.body_len = body_len;
    }
    /* every matching row that can give an HA1 for this algorithm: valid when one matches
     * (a user may have several passwords), invalid when all give another response,
     * unverified when none can be used */
    a->verdict = SA_VERDICT_UNVERIFIED;
    for (guint i = 0; i < n_rows; i++) {
        char h[DV_HEX_MAX];
        if (!dv_ha1_from_cred(&din, rows[i], h))
            continue;
        dv_compute(&din, h, want);
        if (a->verdict == SA_VERDICT_UNVERIFIED || dv_hex_equal(want, resp))
            memcpy(ha1, h, sizeof ha1);
        memset(h, 0, sizeof h);
        if (dv_hex_equal(want, resp)) {
            a->verdict = SA_VERDICT_VALID;
            break;
        }
        a->verdict = SA_VERDICT_INVALID;
    }
    memset(want, 0, sizeof want);
    if (a->verdict == SA_VERDICT_UNVERIFIED) {
        if (n_rows)
            a->flags |= SA_F_KEY_UNUSABLE;
        return;
    }
    if (din.qop != DV_QOP_NONE && e->pending_rsp < SA_MAX_PENDING_RSP) {
        rsp_data_t *r = g_new0(rsp_data_t, 1);
        r->alg = din.alg;
        r->qop = din.qop;
        memcpy(r->ha1, ha1, sizeof r->ha1);
        r->nonce = g_strdup(din.nonce);
        r->cnonce = g_strdup(din.cnonce);
        r->nc = g_strdup(din.nc);
        r->uri = g_strdup(din.uri);
        a->priv->rsp = r;
        e->pending_rsp++;
    }
    memset(ha1, 0, sizeof ha1);
}

static void copy_results(sipauth_attempt_t *a, const sipauth_attempt_t *o)
{
    a->verdict = o->verdict;
    a->real_user = o->real_user;
    a->malformed = o->malformed;
    a->flags = o->flags;
    a->challenge = o->challenge;
    a->nonce_from = o->nonce_from;
    a->nonce_known = o->nonce_known;
    a->nonce_uses = o->nonce_uses;
    a->has_nc = o->has_nc;
    a->nc = o->nc;
    a->nc_ok = o->nc_ok;
    a->uri_match = o->uri_match;
    a->realm_ok = o->realm_ok;
    a->opaque_ok = o->opaque_ok;
    a->alg_offered = o->alg_offered;
    a->qop_offered = o->qop_offered;
    a->user_ok = o->user_ok;
    a->duplicate_of = o->duplicate_of ? o->duplicate_of : o->frame;
}

static sipauth_attempt_t *find_fp(txn_t *t, guint64 fp)
{
    if (!t)
        return NULL;
    for (guint i = 0; i < t->attempts->len; i++) {
        sipauth_attempt_t *a = (sipauth_attempt_t *)g_ptr_array_index(t->attempts, i);
        if (a->priv && a->priv->fp == fp)
            return a;
    }
    return NULL;
}

static void evaluate(sa_engine_t *e, const ss_cred_store_t *creds, const sa_input_t *in,
                     const dp_list_t *l, const dp_item_t *it, sipauth_attempt_t *a)
{
    const ss_sip_msg_t *m = in->msg;
    const char *nonce = dp_get(it, "nonce");
    const char *qop = dp_get(it, "qop");
    const char *nc_s = dp_get(it, "nc");
    nonce_t *n;
    chal_t *c;
    gboolean exact8 = TRUE;
    static const char *const required[] = { "username", "realm", "nonce", "uri", "response" };

    a->malformed = it->errors | (l->errors & DP_ERR_UNTERMINATED);
    if (a->malformed & (DP_ERR_UNTERMINATED | DP_ERR_DUPLICATE | DP_ERR_SYNTAX | DP_ERR_NO_PARAMS |
                        DP_ERR_NO_SCHEME | DP_ERR_TOO_MANY | DP_ERR_EMPTY | DP_ERR_TOO_LONG))
        a->flags |= SA_F_MALFORMED;
    if (a->scheme && g_ascii_strcasecmp(a->scheme, "Digest") == 0) {
        for (guint i = 0; i < G_N_ELEMENTS(required); i++)
            if (!dp_find(it, required[i]))
                a->flags |= SA_F_MISSING_PARAM | SA_F_MALFORMED;
        if (qop && (!nc_s || !dp_find(it, "cnonce")))
            a->flags |= SA_F_MISSING_PARAM | SA_F_MALFORMED;
        if (qop && dv_qop_parse(qop) == DV_QOP_UNKNOWN)
            a->flags |= SA_F_MALFORMED;
    }
    if (nc_s) {
        a->has_nc = parse_nc(nc_s, &a->nc, &exact8);
        if (!a->has_nc || !exact8)
            a->malformed |= DP_ERR_SYNTAX;   /* shown as malformed; the digest uses nc as sent */
    }

    /* nonce bookkeeping */
    n = nonce_get(e, nonce, TRUE);
    a->nonce_known = n && n->issued;
    if (nonce && !a->nonce_known)
        a->flags |= SA_F_NONCE_UNKNOWN;
    c = pick_challenge(n, a->priv->realm_h, dv_alg_parse(dp_get(it, "algorithm")), m->call);
    if (n) {
        n->uses++;
        a->nonce_uses = n->uses;
        if (n->issued) {
            a->nonce_from = c ? c->pub.frame : n->issued_frame;
            a->nonce_age_ns = m->ts_ns - (c ? c->pub.ts_ns : n->issued_ts);
        }
        if (a->has_nc) {
            a->nc_ok = (!n->has_nc || a->nc > n->last_nc) ? 1 : 0;
            if (!n->has_nc || a->nc > n->last_nc)
                n->last_nc = a->nc;
            n->has_nc = TRUE;
            if (!a->nc_ok)
                a->flags |= SA_F_NC_NOT_INCREASING;
        }
        {
            guint64 uh = fnv(fnv(FNV0, dp_get(it, "username")), dp_get(it, "realm"));
            if (!n->has_user) {
                n->has_user = TRUE;
                n->user_h = uh;
                a->user_ok = 1;
            } else {
                a->user_ok = n->user_h == uh ? 1 : 0;
                if (!a->user_ok)
                    a->flags |= SA_F_USER_CHANGED;
            }
        }
    } else if (nonce) {
        a->nonce_uses = 1;
    }

    /* the challenge it answers */
    if (c) {
        const char *opaque = dp_get(it, "opaque");
        const char *alg = dp_get(it, "algorithm");
        gboolean first = c->pub.answered_in == 0;
        a->challenge = &c->pub;
        a->realm_ok = c->realm_h == a->priv->realm_h ? 1 : 0;
        if (c->pub.has_opaque || opaque)
            a->opaque_ok = (opaque && c->pub.has_opaque && hash_str(opaque) == c->opaque_h) ? 1 : 0;
        a->alg_offered = c->alg == dv_alg_parse(alg) &&
                         (c->alg != DV_ALG_UNKNOWN || g_strcmp0(c->pub.algorithm, alg) == 0) ? 1 : 0;
        if (c->pub.qop)
            a->qop_offered = (qop && dp_list_has(c->pub.qop, qop)) ? 1 : 0;
        else
            a->qop_offered = qop ? 0 : 1;
        if (!a->realm_ok) a->flags |= SA_F_REALM_MISMATCH;
        if (a->opaque_ok == 0) a->flags |= SA_F_OPAQUE_MISMATCH;
        if (!a->alg_offered) a->flags |= SA_F_ALG_NOT_OFFERED;
        if (!a->qop_offered) a->flags |= SA_F_QOP_NOT_OFFERED;
        if (first)
            a->rtt_ns = m->ts_ns - c->pub.ts_ns;
        c->pub.answers++;
        /* the same challenge repeated (retransmitted 401, another hop) is answered too */
        for (guint i = 0; i < n->n_ch; i++) {
            chal_t *o = n->ch[i];
            if (o->pub.answered_in == 0 && (o == c || (o->realm_h == c->realm_h && o->alg == c->alg)))
                o->pub.answered_in = m->frame;
        }
    }

    /* digest uri == Request-URI */
    if (dp_get(it, "uri") && m->ruri) {
        a->uri_match = same_uri(dp_get(it, "uri"), m->ruri) ? 1 : 0;
        if (!a->uri_match)
            a->flags |= SA_F_URI_MISMATCH;
    }

    verify(e, creds, in, it, a);
}

static void add_attempts(sa_engine_t *e, const ss_cred_store_t *creds, const sa_input_t *in, GPtrArray *out)
{
    const ss_sip_msg_t *m = in->msg;
    const char *method = m->cseq_method ? m->cseq_method : m->method;
    guint idx = 0;
    gboolean is_ack = m->method && strcmp(m->method, "ACK") == 0;
    gboolean is_cancel = m->method && strcmp(m->method, "CANCEL") == 0;

    for (guint h = 0; h < in->n_hdrs; h++) {
        const sa_hdr_t *hd = &in->hdrs[h];
        dp_list_t *l;
        if (hd->kind != SA_HDR_AUTHORIZATION && hd->kind != SA_HDR_PROXY_AUTHORIZATION)
            continue;
        l = dp_parse(hd->value, hd->len, TRUE);
        for (guint i = 0; i < MAX(l->n, 1u); i++) {
            static const dp_item_t empty_item;
            const dp_item_t *it = i < l->n ? &l->items[i] : &empty_item;
            sipauth_attempt_t *a = (sipauth_attempt_t *)block(e, sizeof *a);
            sipauth_attempt_t *orig;
            txn_t *t;
            guint64 fp = FNV0;
            static const char *const fpk[] = { "username", "realm", "nonce", "uri", "response",
                                               "nc", "cnonce", "qop", "algorithm", "opaque" };

            a->priv = g_new0(struct sa_attempt_priv, 1);
            g_ptr_array_add(e->attempts, a);
            a->frame = m->frame;
            a->msg_index = (guint16)m->index;
            a->index = (guint16)MIN(idx, G_MAXUINT16);
            idx++;
            a->proxy = hd->kind == SA_HDR_PROXY_AUTHORIZATION;
            a->ts_ns = m->ts_ns;
            a->call = m->call;
            a->method = intern(e, m->method);
            a->scheme = intern(e, it->scheme);
            a->username = intern(e, dp_get(it, "username"));
            a->realm = intern(e, dp_get(it, "realm"));
            a->algorithm = intern(e, dp_get(it, "algorithm"));
            a->qop = intern(e, dp_get(it, "qop"));
            a->uri = intern(e, dp_get(it, "uri"));
            a->nc_ok = a->uri_match = a->realm_ok = a->opaque_ok = -1;
            a->alg_offered = a->qop_offered = a->user_ok = -1;
            a->rtt_ns = -1;
            a->nonce_age_ns = -1;
            a->priv->src = m->src;
            a->priv->dst = m->dst;
            a->priv->realm_h = hash_str(dp_get(it, "realm"));
            fp = fnv(fp, it->scheme);
            for (guint k = 0; k < G_N_ELEMENTS(fpk); k++)
                fp = fnv(fp, dp_get(it, fpk[k]));
            fp = fnv(fp, a->proxy ? "P" : "W");
            a->priv->fp = fp;
            if (is_ack)
                a->outcome = SA_OUTCOME_NONE;   /* an ACK has no response */

            /* same credentials again in this transaction (retransmission, another hop), or an
             * ACK/CANCEL carrying the INVITE's credentials unchanged */
            t = txn_get(e, m, method, !is_ack);
            orig = i < l->n ? find_fp(t, fp) : NULL;
            if (!orig && i < l->n && (is_ack || is_cancel)) {
                orig = find_fp(txn_get(e, m, "INVITE", FALSE), fp);
                if (orig)
                    a->outcome = SA_OUTCOME_NONE;
            }
            if (orig)
                copy_results(a, orig);
            else if (i < l->n)
                evaluate(e, creds, in, l, it, a);
            else {
                a->malformed = l->errors;
                a->flags |= SA_F_MALFORMED;
                a->verdict = SA_VERDICT_INVALID;
            }
            if (t && t->attempts->len < SA_MAX_TXN_ATTEMPTS && a->outcome != SA_OUTCOME_NONE)
                g_ptr_array_add(t->attempts, a);
            g_ptr_array_add(out, a);
        }
        dp_list_free(l);
    }
}

/* ---- final responses ----------------------------------------------------------------------- */

/* cands: the attempts the response answers (the concluded ones for a final response; the
 * pending ones of the transaction for a provisional response, e.g. a proxy's 100 Trying) */
static void check_rspauth(sa_engine_t *e, const sa_input_t *in, sipauth_msg_t *rec, GPtrArray *cands)
{
    const ss_sip_msg_t *m = in->msg;
    sipauth_attempt_t *a = NULL;

    for (guint h = 0; h < in->n_hdrs; h++) {
        const sa_hdr_t *hd = &in->hdrs[h];
        dp_list_t *l;
        const dp_item_t *it;
        const char *rsp, *qop, *cnonce, *nc, *next;
        if (hd->kind != SA_HDR_AUTHENTICATION_INFO)
            continue;
        rec->has_auth_info = TRUE;
        l = dp_parse(hd->value, hd->len, FALSE);
        rec->info_malformed |= l->errors & ~(guint32)DP_ERR_NO_PARAMS;
        it = l->n ? &l->items[0] : NULL;
        next = it ? dp_get(it, "nextnonce") : NULL;
        if (next) {
            rec->nextnonce = TRUE;
            if (!(l->errors & (DP_ERR_UNTERMINATED | DP_ERR_DUPLICATE)))
                nonce_issue(nonce_get(e, next, TRUE), m->frame, m->ts_ns);
        }
        rsp = it ? dp_get(it, "rspauth") : NULL;
        if (rsp && rec->rspauth == SA_VERDICT_NONE) {
            /* the credentials this response concludes: Authorization before
             * Proxy-Authorization, one still holding its rspauth data first */
            for (guint pass = 0; pass < 4 && !a; pass++) {
                for (guint i = 0; i < cands->len && !a; i++) {
                    sipauth_attempt_t *r = (sipauth_attempt_t *)g_ptr_array_index(cands, i);
                    gboolean has = r->priv && r->priv->rsp;
                    if ((pass == 0 && has && !r->proxy) || (pass == 1 && has) ||
                        (pass == 2 && !r->proxy) || pass == 3)
                        a = r;
                }
            }
            if (!a || !a->priv) {
                rec->rspauth = SA_VERDICT_UNVERIFIED;
            } else if (!a->priv->rsp && a->rspauth != SA_VERDICT_NONE) {
                rec->rspauth = a->rspauth;     /* a repeated final response */
            } else if (l->errors & (DP_ERR_UNTERMINATED | DP_ERR_DUPLICATE | DP_ERR_SYNTAX)) {
                rec->rspauth = SA_VERDICT_INVALID;
            } else if (!a->priv->rsp) {
                rec->rspauth = a->verdict == SA_VERDICT_UNSUPPORTED ? SA_VERDICT_UNSUPPORTED
                                                                    : SA_VERDICT_UNVERIFIED;
            } else {
                rsp_data_t *r = a->priv->rsp;
                dv_input_t din;
                char want[DV_HEX_MAX];
                qop = dp_get(it, "qop");
                cnonce = dp_get(it, "cnonce");
                nc = dp_get(it, "nc");
                memset(&din, 0, sizeof din);
                din.alg = r->alg;
                din.qop = qop ? dv_qop_parse(qop) : r->qop;
                din.nonce = r->nonce;
                din.cnonce = cnonce ? cnonce : r->cnonce;
                din.nc = nc ? nc : r->nc;
                din.method = "";
                din.uri = r->uri;
                din.body = m->body;
                din.body_len = m->body ? m->body_len : 0;
                if ((cnonce && g_strcmp0(cnonce, r->cnonce) != 0) || (nc && g_strcmp0(nc, r->nc) != 0))
                    rec->info_mismatch = TRUE;
                if (din.qop == DV_QOP_AUTH_INT && in->has_content_length &&
                    in->content_length != din.body_len) {
                    rec->rspauth = SA_VERDICT_UNVERIFIED;
                } else if (!dv_compute(&din, r->ha1, want)) {
                    rec->rspauth = SA_VERDICT_INVALID;
                } else {
                    rec->rspauth = dv_hex_equal(want, rsp) && !rec->info_mismatch
                                   ? SA_VERDICT_VALID : SA_VERDICT_INVALID;
                }
                memset(want, 0, sizeof want);
            }
            if (a && a->rspauth == SA_VERDICT_NONE)
                a->rspauth = rec->rspauth;
        }
        dp_list_free(l);
    }
}

static gboolean same_dir(const sipauth_attempt_t *a, const ss_sip_msg_t *m)
{
    return a->priv && ss_endpoint_equal(&a->priv->src, &m->dst) && ss_endpoint_equal(&a->priv->dst, &m->src);
}

static void conclude(sa_engine_t *e, const ss_sip_msg_t *m, GPtrArray *chs, GPtrArray *results)
{
    txn_t *t = txn_get(e, m, m->cseq_method, FALSE);
    GPtrArray *cands;
    gboolean any_dir = FALSE, any_realm = FALSE;

    if (!t)
        return;
    cands = g_ptr_array_new();
    for (guint i = 0; i < t->attempts->len; i++) {
        sipauth_attempt_t *a = (sipauth_attempt_t *)g_ptr_array_index(t->attempts, i);
        if ((a->result_in == 0 && a->outcome == SA_OUTCOME_PENDING) ||
            (a->priv && a->priv->weak_result && same_dir(a, m))) {
            g_ptr_array_add(cands, a);
            any_dir |= same_dir(a, m);
        }
    }
    if (cands->len == 0) {
        /* a repeated final response: refer back to the attempts it answers again */
        for (guint i = 0; i < t->attempts->len; i++) {
            sipauth_attempt_t *a = (sipauth_attempt_t *)g_ptr_array_index(t->attempts, i);
            if (a->result_in && a->result_in != m->frame)
                g_ptr_array_add(cands, a);
            any_dir |= same_dir(a, m);
        }
        for (guint i = 0; i < cands->len; i++) {
            sipauth_attempt_t *a = (sipauth_attempt_t *)g_ptr_array_index(cands, i);
            if (!any_dir || same_dir(a, m))
                g_ptr_array_add(results, a);
        }
        g_ptr_array_free(cands, TRUE);
        return;
    }
    /* does the re-challenge name any concluded attempt's realm? */
    for (guint i = 0; i < cands->len; i++) {
        sipauth_attempt_t *a = (sipauth_attempt_t *)g_ptr_array_index(cands, i);
        for (guint k = 0; chs && k < chs->len; k++)
            if (((chal_t *)g_ptr_array_index(chs, k))->realm_h == a->priv->realm_h)
                any_realm = TRUE;
    }
    for (guint i = 0; i < cands->len; i++) {
        sipauth_attempt_t *a = (sipauth_attempt_t *)g_ptr_array_index(cands, i);
        if (any_dir && !same_dir(a, m))
            continue;
        a->result_in = m->frame;
        a->result_status = (guint16)m->status;
        a->priv->weak_result = !same_dir(a, m);
        a->rechallenged_stale = FALSE;
        if (m->status == 403) {
            a->outcome = SA_OUTCOME_FORBIDDEN;
        } else if (m->status == 401 || m->status == 407) {
            chal_t *match = NULL;
            gboolean rech;
            for (guint k = 0; chs && k < chs->len; k++) {
                chal_t *c = (chal_t *)g_ptr_array_index(chs, k);
                if (c->realm_h == a->priv->realm_h && (!match || c->pub.stale == 1))
                    match = c;
            }
            if (match)
                rech = TRUE;
            else if (any_realm)
                rech = FALSE;          /* another realm is challenged; this one passed */
            else
                rech = !chs || chs->len == 0 || (m->status == 407) == a->proxy;
            a->outcome = rech ? SA_OUTCOME_RECHALLENGED : SA_OUTCOME_ACCEPTED;
            if (rech && match && match->pub.stale == 1) {
                a->rechallenged_stale = TRUE;
                if (a->verdict == SA_VERDICT_INVALID)
                    match->pub.stale_but_invalid = TRUE;
            }
        } else {
            a->outcome = SA_OUTCOME_ACCEPTED;
        }
        g_ptr_array_add(results, a);
    }
    g_ptr_array_free(cands, TRUE);
}

/* the transaction's attempts still waiting for a final response (ours reversed first) */
static void pending_of(sa_engine_t *e, const ss_sip_msg_t *m, GPtrArray *out)
{
    txn_t *t = txn_get(e, m, m->cseq_method, FALSE);
    gboolean any_dir = FALSE;
    if (!t)
        return;
    for (guint i = 0; i < t->attempts->len; i++) {
        sipauth_attempt_t *a = (sipauth_attempt_t *)g_ptr_array_index(t->attempts, i);
        if (a->result_in == 0)
            any_dir |= same_dir(a, m);
    }
    for (guint i = 0; i < t->attempts->len; i++) {
        sipauth_attempt_t *a = (sipauth_attempt_t *)g_ptr_array_index(t->attempts, i);
        if (a->result_in == 0 && (!any_dir || same_dir(a, m)))
            g_ptr_array_add(out, a);
    }
}

static void release_rsp(sa_engine_t *e, GPtrArray *results)
{
    for (guint i = 0; i < results->len; i++) {
        sipauth_attempt_t *a = (sipauth_attempt_t *)g_ptr_array_index(results, i);
        if (a->priv && a->priv->rsp && !a->priv->weak_result) {
            rsp_free(a->priv->rsp);
            a->priv->rsp = NULL;
            e->pending_rsp--;
        }
    }
}

/* ---- entry ---------------------------------------------------------------------------------- */

static gpointer *to_block(sa_engine_t *e, GPtrArray *a, guint *n)
{
    gpointer *v;
    *n = a->len;
    if (!a->len)
        return NULL;
    v = (gpointer *)block(e, a->len * sizeof(gpointer));
    memcpy(v, a->pdata, a->len * sizeof(gpointer));
    return v;
}

sipauth_msg_t *sa_engine_process(sa_engine_t *e, const ss_cred_store_t *creds, const sa_input_t *in)
{
    const ss_sip_msg_t *m;
    GPtrArray *chs, *atts, *results;
    sipauth_msg_t *rec;
    gboolean has_info = FALSE;

    if (!e || !in || !in->msg)
        return NULL;
    m = in->msg;
    chs = g_ptr_array_new();
    atts = g_ptr_array_new();
    results = g_ptr_array_new();
    for (guint h = 0; h < in->n_hdrs; h++)
        has_info |= in->hdrs[h].kind == SA_HDR_AUTHENTICATION_INFO;

    if (m->is_request) {
        add_attempts(e, creds, in, atts);
    } else {
        if (m->status == 401 || m->status == 407)
            add_challenges(e, in, chs);
        if (m->status >= 200)
            conclude(e, m, chs, results);
    }

    if (chs->len == 0 && atts->len == 0 && results->len == 0 && !(has_info && !m->is_request)) {
        g_ptr_array_free(chs, TRUE);
        g_ptr_array_free(atts, TRUE);
        g_ptr_array_free(results, TRUE);
        return NULL;
    }
    rec = (sipauth_msg_t *)block(e, sizeof *rec);
    rec->frame = m->frame;
    rec->msg_index = (guint16)m->index;
    rec->status = (guint16)m->status;
    rec->call = m->call;
    rec->challenges = (sipauth_challenge_t **)to_block(e, chs, &rec->n_challenges);
    rec->attempts = (sipauth_attempt_t **)to_block(e, atts, &rec->n_attempts);
    rec->results = (sipauth_attempt_t **)to_block(e, results, &rec->n_results);
    if (!m->is_request) {
        if (has_info && m->status < 200) {
            GPtrArray *pend = g_ptr_array_new();
            pending_of(e, m, pend);
            check_rspauth(e, in, rec, pend);
            g_ptr_array_free(pend, TRUE);
        } else if (has_info) {
            check_rspauth(e, in, rec, results);
        }
        release_rsp(e, results);
    }
    g_ptr_array_free(chs, TRUE);
    g_ptr_array_free(atts, TRUE);
    g_ptr_array_free(results, TRUE);
    return rec;
}

/* ---- strings --------------------------------------------------------------------------------- */

const char *sipauth_verdict_str(sa_verdict_t v)
{
    switch (v) {
    case SA_VERDICT_VALID:       return "valid";
    case SA_VERDICT_INVALID:     return "invalid";
    case SA_VERDICT_UNVERIFIED:  return "unverified";
    case SA_VERDICT_UNSUPPORTED: return "unsupported";
    default:                     return NULL;
    }
}

const char *sipauth_outcome_str(sa_outcome_t o, gboolean complete)
{
    switch (o) {
    case SA_OUTCOME_ACCEPTED:     return "accepted";
    case SA_OUTCOME_RECHALLENGED: return "rechallenged";
    case SA_OUTCOME_FORBIDDEN:    return "forbidden";
    case SA_OUTCOME_PENDING:      return complete ? "no-answer" : NULL;
    default:                      return NULL;
    }
}

void sipauth_msg_label(const sipauth_msg_t *m, char *buf, gsize size)
{
    GString *g = g_string_new(NULL);
    if (!buf || !size) {
        g_string_free(g, TRUE);
        return;
    }
    if (m && m->n_challenges) {
        gboolean stale = FALSE;
        for (guint i = 0; i < m->n_challenges; i++)
            stale |= m->challenges[i]->stale == 1;
        g_string_append_printf(g, "[%u challenge%s]", m->status, stale ? ", stale" : "");
    }
    if (m && m->n_attempts) {
        const char *v = sipauth_verdict_str(m->attempts[0]->verdict);
        g_string_append_printf(g, "%s[auth %s]", g->len ? " " : "", v ? v : "?");
    }
    if (m && m->rspauth != SA_VERDICT_NONE)
        g_string_append_printf(g, "%s[rspauth %s]", g->len ? " " : "", sipauth_verdict_str(m->rspauth));
    g_strlcpy(buf, g->str, size);
    g_string_free(g, TRUE);
}
