/* txn_table.c: transaction keys, lookup and working-state expiry (see txn_table.h). */
#include "plugins/sipdialog/txn_table.h"

#include <string.h>

struct sd_txn_table {
    GHashTable *by_key;      /* key -> sd_txn_work_t* (key owned by the work item) */
    GQueue      pending;     /* no final response yet, oldest activity first */
    GQueue      completed;   /* final response seen, oldest activity first */
};

static void work_free(sd_txn_work_t *w)
{
    g_free(w->sig);
    g_free(w->key);
    g_free(w);
}

sd_txn_table_t *sd_txn_table_new(void)
{
    sd_txn_table_t *t = g_new0(sd_txn_table_t, 1);
    t->by_key = g_hash_table_new(g_str_hash, g_str_equal);
    g_queue_init(&t->pending);
    g_queue_init(&t->completed);
    return t;
}

void sd_txn_table_free(sd_txn_table_t *t)
{
    GList *l, *next;
    if (!t)
        return;
    g_hash_table_destroy(t->by_key);
    for (l = t->pending.head; l; l = next) {
        next = l->next;
        work_free((sd_txn_work_t *)l->data);
    }
    for (l = t->completed.head; l; l = next) {
        next = l->next;
        work_free((sd_txn_work_t *)l->data);
    }
    g_free(t);
}

gboolean sd_branch_is_rfc3261(const char *branch)
{
    return branch && strncmp(branch, "z9hG4bK", 7) == 0 && branch[7] != '\0';
}

char *sd_txn_key(const ss_sip_msg_t *m, const char *mclass)
{
    if (!m->call || !m->has_cseq || !mclass)
        return NULL;
    if (sd_branch_is_rfc3261(m->via_branch))
        return g_strdup_printf("%u|B|%s|%s", m->call, m->via_branch, mclass);
    /* RFC 2543: Call-ID, From tag, CSeq number and top Via (the To tag is added by the
       response and so is left out; the Request-URI is not in responses) */
    return g_strdup_printf("%u|L|%u|%s|%s:%u|%s|%s", m->call, m->cseq,
                           m->from_tag ? m->from_tag : "",
                           m->via_host ? m->via_host : "", m->via_port,
                           m->via_branch ? m->via_branch : "", mclass);
}

sd_txn_work_t *sd_txn_lookup(sd_txn_table_t *t, const char *key)
{
    if (!key)
        return NULL;
    return (sd_txn_work_t *)g_hash_table_lookup(t->by_key, key);
}

static void release(sd_txn_table_t *t, sd_txn_work_t *w)
{
    g_queue_unlink(w->done ? &t->completed : &t->pending, &w->link);
    g_hash_table_remove(t->by_key, w->key);
    work_free(w);
}

sd_txn_work_t *sd_txn_insert(sd_txn_table_t *t, char *key, sd_txn_t *txn, gint64 ts)
{
    sd_txn_work_t *w = g_new0(sd_txn_work_t, 1), *old;

    old = (sd_txn_work_t *)g_hash_table_lookup(t->by_key, key);
    if (old)
        release(t, old);
    w->key = key;
    w->txn = txn;
    w->last_ts = ts;
    w->link.data = w;
    g_queue_push_tail_link(&t->pending, &w->link);
    g_hash_table_insert(t->by_key, w->key, w);
    if (g_hash_table_size(t->by_key) > SD_TXN_MAX_LIVE) {
        GQueue *q = t->completed.head ? &t->completed : &t->pending;
        sd_txn_work_t *oldest = (sd_txn_work_t *)q->head->data;
        if (oldest != w)
            release(t, oldest);
    }
    return w;
}

void sd_txn_touch(sd_txn_table_t *t, sd_txn_work_t *w, gint64 ts)
{
    if (ts > w->last_ts)
        w->last_ts = ts;
    g_queue_unlink(w->done ? &t->completed : &t->pending, &w->link);
    if (w->txn->final_frame || w->no_response)
        w->done = TRUE;
    g_queue_push_tail_link(w->done ? &t->completed : &t->pending, &w->link);
}

static void expire_queue(sd_txn_table_t *t, GQueue *q, gint64 now, gint64 idle)
{
    while (q->head) {
        sd_txn_work_t *w = (sd_txn_work_t *)q->head->data;
        if (now - w->last_ts <= idle)
            break;   /* activity times are (nearly) in order: the rest are younger */
        release(t, w);
    }
}

void sd_txn_expire(sd_txn_table_t *t, gint64 now)
{
    expire_queue(t, &t->completed, now, SD_TXN_DONE_IDLE_NS);
    expire_queue(t, &t->pending, now, SD_TXN_PENDING_IDLE_NS);
}

guint sd_txn_live(const sd_txn_table_t *t)
{
    return g_hash_table_size(t->by_key);
}

guint sd_txn_response_copy(sd_txn_work_t *w, guint status, const char *to_tag, guint32 rseq,
                           guint32 body_hash, const ss_endpoint_t *src, const ss_endpoint_t *dst)
{
    for (guint i = 0; i < w->n_sigs; i++) {
        if (w->sig[i].status == status && w->sig[i].to_tag == to_tag &&
            w->sig[i].rseq == rseq && w->sig[i].body_hash == body_hash &&
            w->sig[i].src == src && w->sig[i].dst == dst) {
            if (w->sig[i].copies < G_MAXUINT16)
                w->sig[i].copies++;
            return w->sig[i].copies;
        }
    }
    if (w->n_sigs < SD_TXN_MAX_SIGS) {
        guint i;
        if (w->n_sigs == w->sig_cap) {
            w->sig_cap = (guint8)MIN(w->sig_cap ? 2u * w->sig_cap : 2u, (guint)SD_TXN_MAX_SIGS);
            w->sig = g_renew(struct sd_txn_sig, w->sig, w->sig_cap);
        }
        i = w->n_sigs++;
        w->sig[i].status = (guint16)status;
        w->sig[i].to_tag = to_tag;
        w->sig[i].rseq = rseq;
        w->sig[i].body_hash = body_hash;
        w->sig[i].src = src;
        w->sig[i].dst = dst;
        w->sig[i].copies = 0;
    }
    return 0;
}

gint sd_txn_path_index(const sd_txn_work_t *w, guint kind, const ss_endpoint_t *src,
                       const ss_endpoint_t *dst)
{
    gint n = 0;
    for (guint i = 0; i < w->n_paths; i++) {
        if (w->path[i].kind != kind)
            continue;
        if (w->path[i].src == src && w->path[i].dst == dst)
            return n;
        n++;
    }
    return -1;
}

guint sd_txn_path_copy(sd_txn_work_t *w, guint kind, const ss_endpoint_t *src,
                       const ss_endpoint_t *dst, guint *index)
{
    guint n = 0;
    for (guint i = 0; i < w->n_paths; i++) {
        if (w->path[i].kind != kind)
            continue;
        if (w->path[i].src == src && w->path[i].dst == dst) {
            if (w->path[i].copies < G_MAXUINT16)
                w->path[i].copies++;
            *index = n;
            return w->path[i].copies;
        }
        n++;
    }
    *index = n;       /* a new path (remembered while there is room) */
    if (w->n_paths < SD_TXN_MAX_PATHS) {
        guint i = w->n_paths++;
        w->path[i].src = src;
        w->path[i].dst = dst;
        w->path[i].kind = (guint8)kind;
        w->path[i].copies = 0;
    }
    return 0;
}

guint32 sd_body_hash(const guint8 *body, guint len)
{
    guint32 h = 2166136261u;
    if (!body || !len)
        return 0;
    for (guint i = 0; i < len; i++) {
        h ^= body[i];
        h *= 16777619u;
    }
    return h ? h : 1;
}
