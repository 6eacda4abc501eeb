/* stun_txn.c: STUN transaction pairing by ID (see stun_txn.h). */
#include "stun_verify/stun_txn.h"

#include <string.h>

struct stun_txn_table {
    GHashTable *open;       /* id -> stun_txn_t*, the lookup index */
    GQueue      order;      /* stun_txn_t* in the index, oldest activity first (lazy) */
    GPtrArray  *all;        /* every transaction, owned */
    guint       max_open;
    gint64      timeout_ns;
};

static guint id_hash(gconstpointer k)
{
    const guint8 *p = k;
    guint32 h = 2166136261u;
    for (guint i = 0; i < STUN_TXN_ID_LEN; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static gboolean id_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, STUN_TXN_ID_LEN) == 0;
}

static void txn_free(gpointer p)
{
    stun_txn_t *x = p;
    if (x->key)
        memset(x->key, 0, x->key_len);
    g_free(x->key);
    g_free(x->key_from);
    g_free(x);
}

stun_txn_table_t *stun_txn_table_new(guint max_open, gint64 timeout_ns)
{
    stun_txn_table_t *t = g_new0(stun_txn_table_t, 1);
    t->open = g_hash_table_new(id_hash, id_equal);
    g_queue_init(&t->order);
    t->all = g_ptr_array_new_with_free_func(txn_free);
    t->max_open = max_open ? max_open : 1;
    t->timeout_ns = timeout_ns;
    return t;
}

void stun_txn_table_free(stun_txn_table_t *t)
{
    if (!t)
        return;
    g_hash_table_destroy(t->open);
    g_queue_clear(&t->order);
    g_ptr_array_free(t->all, TRUE);
    g_free(t);
}

static gboolean idle(const stun_txn_table_t *t, const stun_txn_t *x, gint64 now)
{
    return t->timeout_ns > 0 && now - x->last_ts > t->timeout_ns;
}

/* Drop from the index the oldest transactions beyond max_open, and idle ones reaching the head
 * of the queue (the queue is in order of creation; lookups check idleness exactly). */
static void expire(stun_txn_table_t *t, gint64 now)
{
    while (!g_queue_is_empty(&t->order)) {
        stun_txn_t *x = g_queue_peek_head(&t->order);
        if (g_hash_table_lookup(t->open, x->id) != x) {   /* already left the index */
            g_queue_pop_head(&t->order);
            continue;
        }
        if (g_hash_table_size(t->open) <= t->max_open && !idle(t, x, now))
            break;
        g_queue_pop_head(&t->order);
        g_hash_table_remove(t->open, x->id);
    }
}

static stun_txn_t *create(stun_txn_table_t *t, const guint8 *id, guint16 method, gint64 now)
{
    stun_txn_t *x = g_new0(stun_txn_t, 1);
    memcpy(x->id, id, STUN_TXN_ID_LEN);
    x->method = method;
    x->last_ts = now;
    g_ptr_array_add(t->all, x);
    g_hash_table_replace(t->open, x->id, x);
    g_queue_push_tail(&t->order, x);
    expire(t, now);
    return x;
}

stun_txn_t *stun_txn_seen(stun_txn_table_t *t, const guint8 id[STUN_TXN_ID_LEN], guint16 method,
                          gboolean is_request, guint32 frame, gint64 ts_ns,
                          const ss_endpoint_t *src, const ss_endpoint_t *dst, stun_txn_event_t *ev)
{
    stun_txn_t *x;

    expire(t, ts_ns);
    x = g_hash_table_lookup(t->open, id);
    if (x && idle(t, x, ts_ns)) {
        g_hash_table_remove(t->open, id);
        x = NULL;
    }
    if (x && x->method != method)
        x = NULL;   /* same ID, another method: not the same transaction */

    if (is_request) {
        if (x && x->request_frame) {
            x->requests++;
            x->last_ts = ts_ns;
            *ev = STUN_TXN_RETRANSMISSION;
            return x;
        }
        if (!x)
            x = create(t, id, method, ts_ns);
        /* (a response seen before its request keeps its transaction: reordered capture) */
        x->request_frame = frame;
        x->requests = 1;
        x->request_ts = ts_ns;
        x->last_ts = ts_ns;
        if (src)
            x->request_src = *src;
        if (dst)
            x->request_dst = *dst;
        *ev = STUN_TXN_NEW_REQUEST;
        return x;
    }

    if (!x) {
        x = create(t, id, method, ts_ns);
        x->response_frame = frame;
        x->responses = 1;
        x->response_ts = ts_ns;
        *ev = STUN_TXN_ORPHAN_RESPONSE;
        return x;
    }
    x->last_ts = ts_ns;
    x->responses++;
    if (x->response_frame) {
        *ev = x->request_frame ? STUN_TXN_DUP_RESPONSE : STUN_TXN_ORPHAN_RESPONSE;
        return x;
    }
    x->response_frame = frame;
    x->response_ts = ts_ns;
    *ev = x->request_frame ? STUN_TXN_RESPONSE : STUN_TXN_ORPHAN_RESPONSE;
    return x;
}

void stun_txn_set_key(stun_txn_t *txn, const guint8 *key, gsize key_len, const char *from, gboolean valid)
{
    if (txn->key)
        memset(txn->key, 0, txn->key_len);
    g_free(txn->key);
    g_free(txn->key_from);
    txn->key = key_len ? g_memdup2(key, key_len) : NULL;
    txn->key_len = key_len;
    txn->key_from = g_strdup(from);
    txn->key_valid = valid;
}

guint stun_txn_open_count(const stun_txn_table_t *t)
{
    return g_hash_table_size(t->open);
}

guint stun_txn_total_count(const stun_txn_table_t *t)
{
    return t->all->len;
}
