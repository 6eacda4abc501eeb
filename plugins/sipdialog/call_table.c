/* call_table.c: calls, legs and logical requests (see call_table.h). */
#include "plugins/sipdialog/call_table.h"

#include <string.h>

/* A call's working state: its recent logical requests and 2xx paths (rings) and its place in
 * the table's queue of calls holding one. */
struct sd_call_work {
    GList       link;         /* data: the sd_call_state_t */
    gint64      used_ns;      /* clock of the call's last request or 2xx */
    guint8      next;         /* ring position of the next group */
    guint8      n_ok, next_ok;
    sd_group_t  group[SD_CALL_GROUPS];
    struct {
        const sd_leg_t *leg;
        guint32 cseq, frame;
        const ss_endpoint_t *src, *dst;
    } ok[SD_CALL_2XX_PATHS];
};

struct sd_call_table {
    sd_store_t       *store;
    const sd_clock_t *clock;
    GPtrArray        *calls;   /* index n-1 -> sd_call_state_t* or NULL */
    GQueue            with_work;   /* sd_call_work_t links, least recently used first */
};

sd_call_table_t *sd_call_table_new(sd_store_t *store, const sd_clock_t *clock)
{
    sd_call_table_t *t = g_new0(sd_call_table_t, 1);
    t->store = store;
    t->clock = clock;
    t->calls = g_ptr_array_new();
    g_queue_init(&t->with_work);
    return t;
}

void sd_call_table_free(sd_call_table_t *t)
{
    GList *l, *next;
    if (!t)
        return;
    for (l = t->with_work.head; l; l = next) {
        next = l->next;
        g_free(((sd_call_state_t *)l->data)->work);
    }
    g_ptr_array_free(t->calls, TRUE);   /* the calls themselves live in the store */
    g_free(t);
}

sd_call_state_t *sd_call_table_find(const sd_call_table_t *t, guint n)
{
    if (!t || n == 0 || n > t->calls->len)
        return NULL;
    return (sd_call_state_t *)g_ptr_array_index(t->calls, n - 1);
}

sd_call_state_t *sd_call_table_get(sd_call_table_t *t, guint n, const char *call_id)
{
    sd_call_state_t *c;
    if (n == 0)
        return NULL;
    c = sd_call_table_find(t, n);
    if (c)
        return c;
    if (n > t->calls->len)
        g_ptr_array_set_size(t->calls, n);
    c = sd_store_new0(t->store, sd_call_state_t);
    c->pub.number = n;
    c->pub.call_id = sd_store_str(t->store, call_id);
    c->pub.clock = t->clock;
    g_ptr_array_index(t->calls, n - 1) = c;
    return c;
}

guint sd_call_table_count(const sd_call_table_t *t)
{
    return t ? t->calls->len : 0;
}

guint sd_call_table_work_live(const sd_call_table_t *t)
{
    return t ? t->with_work.length : 0;
}

sd_leg_state_t *sd_leg_find(sd_call_state_t *c, const char *a, const char *b)
{
    for (sd_leg_t *l = c->pub.legs; l; l = l->next) {
        if ((l->local_tag == a && l->remote_tag == b) || (l->local_tag == b && l->remote_tag == a))
            return (sd_leg_state_t *)l;
    }
    return NULL;
}

sd_leg_state_t *sd_leg_add(sd_call_state_t *c, sd_store_t *store, const char *local_tag,
                           const char *remote_tag, guint32 frame)
{
    sd_leg_state_t *l;
    if (c->pub.n_legs >= SD_MAX_LEGS)
        return NULL;
    l = sd_store_new0(store, sd_leg_state_t);
    l->pub.call = &c->pub;
    l->pub.number = ++c->pub.n_legs;
    l->pub.local_tag = local_tag;
    l->pub.remote_tag = remote_tag;
    l->pub.created_frame = frame;
    if (c->last_leg)
        c->last_leg->next = &l->pub;
    else
        c->pub.legs = &l->pub;
    c->last_leg = &l->pub;
    return l;
}

static gint64 now_ns(const sd_call_table_t *t)
{
    return t->clock ? t->clock->now_ns : 0;
}

/* the call's working state was just used: it moves to the end of the queue */
static void work_touch(sd_call_table_t *t, sd_call_work_t *w)
{
    w->used_ns = now_ns(t);
    if (t->with_work.tail != &w->link) {
        g_queue_unlink(&t->with_work, &w->link);
        g_queue_push_tail_link(&t->with_work, &w->link);
    }
}

/* release the working state of calls idle for SD_CALL_WORK_IDLE_NS (never that of keep) */
static void work_expire(sd_call_table_t *t, const sd_call_state_t *keep)
{
    gint64 now = now_ns(t);
    GList *l;
    while ((l = t->with_work.head) != NULL) {
        sd_call_state_t *o = (sd_call_state_t *)l->data;
        if (o == keep || now - o->work->used_ns < SD_CALL_WORK_IDLE_NS)
            break;
        g_queue_unlink(&t->with_work, l);
        g_free(o->work);
        o->work = NULL;
    }
}

sd_group_t *sd_group_find(sd_call_table_t *t, sd_call_state_t *c, guint32 cseq,
                          const char *method, const char *from_tag, const char *to_tag)
{
    if (!c->work)
        return NULL;
    for (guint i = 0; i < SD_CALL_GROUPS; i++) {
        sd_group_t *g = &c->work->group[i];
        if (g->first && g->cseq == cseq && g->method == method && g->from_tag == from_tag &&
            g->to_tag == to_tag) {
            work_touch(t, c->work);
            return g;
        }
    }
    return NULL;
}

/* the call's working state, made when it has none; it was just used */
static sd_call_work_t *work_get(sd_call_table_t *t, sd_call_state_t *c)
{
    sd_call_work_t *w = c->work;
    if (!w) {
        w = c->work = g_new0(sd_call_work_t, 1);
        w->link.data = c;
        w->used_ns = now_ns(t);
        g_queue_push_tail_link(&t->with_work, &w->link);
    } else {
        work_touch(t, w);
    }
    work_expire(t, c);
    return w;
}

sd_group_t *sd_group_add(sd_call_table_t *t, sd_call_state_t *c, guint32 cseq,
                         const char *method, const char *from_tag, const char *to_tag,
                         sd_txn_t *first)
{
    sd_call_work_t *w = work_get(t, c);
    sd_group_t *g;
    g = &w->group[w->next];
    w->next = (w->next + 1) % SD_CALL_GROUPS;
    memset(g, 0, sizeof(*g));
    g->cseq = cseq;
    g->method = method;
    g->from_tag = from_tag;
    g->to_tag = to_tag;
    g->first = first;
    g->n_hops = 1;
    return g;
}

void sd_call_note_2xx(sd_call_table_t *t, sd_call_state_t *c, const sd_leg_t *l, guint32 cseq,
                      guint32 frame, const ss_endpoint_t *src, const ss_endpoint_t *dst)
{
    sd_call_work_t *w = work_get(t, c);
    guint i;
    for (i = 0; i < w->n_ok; i++)
        if (w->ok[i].leg == l && w->ok[i].cseq == cseq && w->ok[i].src == src &&
            w->ok[i].dst == dst)
            return;
    i = w->next_ok;
    w->next_ok = (guint8)((w->next_ok + 1) % SD_CALL_2XX_PATHS);
    if (w->n_ok < SD_CALL_2XX_PATHS)
        w->n_ok++;
    w->ok[i].leg = l;
    w->ok[i].cseq = cseq;
    w->ok[i].frame = frame;
    w->ok[i].src = src;
    w->ok[i].dst = dst;
}

guint32 sd_call_ack_2xx_frame(const sd_call_state_t *c, const sd_leg_t *l, guint32 cseq,
                              const ss_endpoint_t *src, const ss_endpoint_t *dst)
{
    const sd_call_work_t *w = c->work;
    guint32 same_path = 0, from_dst = 0, first = 0;
    for (guint i = 0; w && i < w->n_ok; i++) {
        if (w->ok[i].leg != l || w->ok[i].cseq != cseq)
            continue;
        if (w->ok[i].src == dst && w->ok[i].dst == src && !same_path)
            same_path = w->ok[i].frame;
        if (w->ok[i].src == dst && !from_dst)
            from_dst = w->ok[i].frame;
        if (!first || w->ok[i].frame < first)
            first = w->ok[i].frame;
    }
    return same_path ? same_path : from_dst ? from_dst : first;
}

gboolean sd_group_has_sig(const sd_group_t *g, const ss_endpoint_t *src,
                          const ss_endpoint_t *dst, guint vias)
{
    for (guint i = 0; i < g->n_sigs; i++)
        if (g->sig[i].src == src && g->sig[i].dst == dst && g->sig[i].vias == vias)
            return TRUE;
    return FALSE;
}

void sd_group_add_sig(sd_group_t *g, const ss_endpoint_t *src, const ss_endpoint_t *dst,
                      guint vias)
{
    if (g->n_sigs >= SD_GROUP_MAX_HOPS)
        return;
    g->sig[g->n_sigs].src = src;
    g->sig[g->n_sigs].dst = dst;
    g->sig[g->n_sigs].vias = (guint16)MIN(vias, G_MAXUINT16);
    g->n_sigs++;
}
