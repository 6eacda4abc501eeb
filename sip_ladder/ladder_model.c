/* ladder_model.c: the call-flow model (see ladder_model.h). */
#include "sip_ladder/ladder_model.h"

#include <string.h>
#include <stdio.h>
#include <time.h>

const char *ladder_row_kind_str(ladder_row_kind_t k)
{
    switch (k) {
    case LADDER_ROW_SIP:   return "sip";
    case LADDER_ROW_MEDIA: return "media";
    case LADDER_ROW_STUN:  return "stun";
    }
    return "?";
}

static void row_free(gpointer p)
{
    ladder_row_t *r = p;
    if (r->notes)
        g_ptr_array_free(r->notes, TRUE);
    if (r->attrs)
        g_array_free(r->attrs, TRUE);
    g_free(r);
}

ladder_call_t *ladder_call_new(guint num, const char *call_id)
{
    ladder_call_t *c = g_new0(ladder_call_t, 1);
    c->num = num;
    c->strings = g_string_chunk_new(512);
    c->rows = g_ptr_array_new_with_free_func(row_free);
    c->streams = g_ptr_array_new_with_free_func(g_free);
    c->cols = g_ptr_array_new_with_free_func(g_free);
    c->call_id = ladder_call_str(c, call_id);
    c->start_ns = c->stop_ns = LADDER_NO_TIME;
    c->pdd_ns = c->setup_ns = c->duration_ns = LADDER_NO_TIME;
    return c;
}

void ladder_call_free(ladder_call_t *c)
{
    if (!c)
        return;
    g_ptr_array_free(c->rows, TRUE);
    g_ptr_array_free(c->streams, TRUE);
    g_ptr_array_free(c->cols, TRUE);
    g_string_chunk_free(c->strings);
    g_free(c);
}

/* Valid UTF-8 without control characters; everything else as \xNN. */
static gboolean needs_escape(const char *s)
{
    const unsigned char *a = (const unsigned char *)s;
    const char *end;
    const gchar *bad = NULL;
    while (*a >= 0x20 && *a < 0x7f)
        a++;                    /* printable ASCII, nearly every string: one pass */
    if (!*a)
        return FALSE;
    end = s + strlen(s);
    if (!g_utf8_validate(s, end - s, &bad))
        return TRUE;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return TRUE;
    /* C1 controls U+0080..U+009F (UTF-8 C2 80..C2 9F) */
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar u = g_utf8_get_char(p);
        if (u >= 0x80 && u <= 0x9f)
            return TRUE;
    }
    return FALSE;
}

static char *escape_str(const char *s)
{
    GString *o = g_string_sized_new(strlen(s) + 16);
    const char *p = s, *end = s + strlen(s);
    while (p < end) {
        gunichar u = g_utf8_get_char_validated(p, end - p);
        if (u == (gunichar)-1 || u == (gunichar)-2) {
            g_string_append_printf(o, "\\x%02X", (unsigned char)*p);
            p++;
            continue;
        }
        if (u < 0x20 || u == 0x7f || (u >= 0x80 && u <= 0x9f)) {
            const char *next = g_utf8_next_char(p);
            for (const char *q = p; q < next; q++)
                g_string_append_printf(o, "\\x%02X", (unsigned char)*q);
            p = next;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        g_string_append_len(o, p, next - p);
        p = next;
    }
    return g_string_free(o, FALSE);
}

const char *ladder_call_str(ladder_call_t *c, const char *s)
{
    if (!s)
        return NULL;
    /* not interned: a call's model lives for one render, and hashing every string cost more
     * than the copies it saved */
    if (!needs_escape(s))
        return g_string_chunk_insert(c->strings, s);
    char *e = escape_str(s);
    const char *r = g_string_chunk_insert(c->strings, e);
    g_free(e);
    return r;
}

const char *ladder_call_strf(ladder_call_t *c, const char *fmt, ...)
{
    va_list ap;
    char *s;
    const char *r;
    va_start(ap, fmt);
    s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    r = ladder_call_str(c, s);
    g_free(s);
    return r;
}

ladder_row_t *ladder_call_add_row(ladder_call_t *c, ladder_row_kind_t kind, guint32 frame,
                                  guint index, gint64 ts_ns, const ss_endpoint_t *src,
                                  const ss_endpoint_t *dst, const char *label)
{
    ladder_row_t *r = g_new0(ladder_row_t, 1);
    r->kind = kind;
    r->frame = frame;
    r->index = index;
    r->ts_ns = ts_ns;
    if (src)
        r->src = *src;
    if (dst)
        r->dst = *dst;
    r->label = ladder_call_str(c, label ? label : "?");
    r->no_attrs = c->no_attrs;
    g_ptr_array_add(c->rows, r);
    c->finished = FALSE;
    return r;
}

void ladder_row_note(ladder_call_t *c, ladder_row_t *r, const char *note)
{
    if (!note || !*note)
        return;
    if (!r->notes)
        r->notes = g_ptr_array_new();
    g_ptr_array_add(r->notes, (gpointer)ladder_call_str(c, note));
}

void ladder_row_notef(ladder_call_t *c, ladder_row_t *r, const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    ladder_row_note(c, r, s);
    g_free(s);
}

static ladder_attr_t *attr_slot(ladder_row_t *r, const char *key)
{
    if (!r->attrs)
        r->attrs = g_array_new(FALSE, TRUE, sizeof(ladder_attr_t));
    for (guint i = 0; i < r->attrs->len; i++) {
        ladder_attr_t *a = &g_array_index(r->attrs, ladder_attr_t, i);
        if (strcmp(a->key, key) == 0)
            return a;   /* a key set twice keeps its place and takes the last value */
    }
    g_array_set_size(r->attrs, r->attrs->len + 1);
    ladder_attr_t *a = &g_array_index(r->attrs, ladder_attr_t, r->attrs->len - 1);
    a->key = key;
    return a;
}

void ladder_row_attr_str(ladder_call_t *c, ladder_row_t *r, const char *key, const char *v)
{
    if (!v || r->no_attrs)
        return;
    ladder_attr_t *a = attr_slot(r, key);
    a->type = LADDER_ATTR_STR;
    a->v.s = ladder_call_str(c, v);
}

void ladder_row_attr_int(ladder_row_t *r, const char *key, gint64 v)
{
    ladder_attr_t *a;
    if (r->no_attrs)
        return;
    a = attr_slot(r, key);
    a->type = LADDER_ATTR_INT;
    a->v.i = v;
}

void ladder_row_attr_double(ladder_row_t *r, const char *key, double v)
{
    ladder_attr_t *a;
    if (r->no_attrs)
        return;
    a = attr_slot(r, key);
    a->type = LADDER_ATTR_DOUBLE;
    a->v.d = v;
}

void ladder_row_attr_bool(ladder_row_t *r, const char *key, gboolean v)
{
    ladder_attr_t *a;
    if (r->no_attrs)
        return;
    a = attr_slot(r, key);
    a->type = LADDER_ATTR_BOOL;
    a->v.b = v ? TRUE : FALSE;
}

char *ladder_row_full_label(const ladder_row_t *r)
{
    GString *s = g_string_new(r->label);
    if (r->notes)
        for (guint i = 0; i < r->notes->len; i++) {
            g_string_append_c(s, ' ');
            g_string_append(s, g_ptr_array_index(r->notes, i));
        }
    return g_string_free(s, FALSE);
}

ladder_stream_t *ladder_call_add_stream(ladder_call_t *c)
{
    ladder_stream_t *s = g_new0(ladder_stream_t, 1);
    s->num = c->streams->len + 1;
    s->from_caller = -1;
    s->jitter_ms = -1.0;
    s->max_jitter_ms = -1.0;
    s->first_ns = s->last_ns = LADDER_NO_TIME;
    g_ptr_array_add(c->streams, s);
    c->finished = FALSE;
    return s;
}

const char *ladder_stream_direction(const ladder_stream_t *s)
{
    if (s->from_caller == 1)
        return "caller->callee";
    if (s->from_caller == 0)
        return "callee->caller";
    return NULL;
}

guint ladder_call_media_mismatches(const ladder_call_t *c)
{
    guint n = 0;
    for (guint i = 0; i < c->streams->len; i++)
        if (((const ladder_stream_t *)g_ptr_array_index(c->streams, i))->addr_mismatch)
            n++;
    return n;
}

/* ---- finishing: stream rows, order, columns ---- */

static void add_stream_row(ladder_call_t *c, const ladder_stream_t *s)
{
    char buf[64];
    const char *proto = s->proto ? s->proto : "RTP";
    gboolean is_rtp = strcmp(proto, "RTP") == 0;
    ladder_row_t *r;

    if (s->codec && s->media && strcmp(s->media, "audio") != 0)
        r = ladder_call_add_row(c, LADDER_ROW_MEDIA, s->first_frame, 0, s->first_ns, &s->src, &s->dst,
                                ladder_call_strf(c, "%s %s %s", proto, s->media, s->codec));
    else if (s->codec)
        r = ladder_call_add_row(c, LADDER_ROW_MEDIA, s->first_frame, 0, s->first_ns, &s->src, &s->dst,
                                ladder_call_strf(c, "%s %s", proto, s->codec));
    else if (s->media)
        r = ladder_call_add_row(c, LADDER_ROW_MEDIA, s->first_frame, 0, s->first_ns, &s->src, &s->dst,
                                ladder_call_strf(c, "%s %s", proto, s->media));
    else
        r = ladder_call_add_row(c, LADDER_ROW_MEDIA, s->first_frame, 0, s->first_ns, &s->src, &s->dst, proto);
    r->stream = s;

    if (ladder_stream_direction(s))
        ladder_row_note(c, r, ladder_stream_direction(s));
    ladder_row_notef(c, r, "%" G_GUINT64_FORMAT " pkt%s", s->packets, s->packets == 1 ? "" : "s");
    if (s->expected > 0)
        ladder_row_notef(c, r, "lost %" G_GINT64_FORMAT " (%.1f%%)", s->lost,
                         100.0 * (double)s->lost / (double)s->expected);
    else if (is_rtp)
        ladder_row_notef(c, r, "lost %" G_GINT64_FORMAT, s->lost);
    if (s->duplicates)
        ladder_row_notef(c, r, "dup %u", s->duplicates);
    if (s->out_of_order)
        ladder_row_notef(c, r, "out-of-order %u", s->out_of_order);
    if (s->jitter_ms >= 0)
        ladder_row_notef(c, r, "jitter %.2f ms", s->jitter_ms);
    if (s->max_jitter_ms >= 0)
        ladder_row_notef(c, r, "max jitter %.2f ms", s->max_jitter_ms);
    if (s->first_ns != LADDER_NO_TIME && s->last_ns != LADDER_NO_TIME && s->last_ns >= s->first_ns)
        ladder_row_notef(c, r, "duration %s s", ladder_secs3(s->last_ns - s->first_ns, buf, sizeof buf));
    if (s->addr_mismatch) {
        if (s->sdp_addr.family)
            ladder_row_notef(c, r, "[address mismatch: SDP %s]", ss_endpoint_to_str(&s->sdp_addr, buf, sizeof buf));
        else
            ladder_row_note(c, r, "[address mismatch]");
    }
    if (s->candidate)
        ladder_row_notef(c, r, "[ICE %s]", s->candidate);
    if (s->one_way)
        ladder_row_note(c, r, "[one-way]");
    if (s->ssrc_changes)
        ladder_row_notef(c, r, "[SSRC changed x%u]", s->ssrc_changes);
    if (s->pt_mismatch)
        ladder_row_notef(c, r, "[%u pkt%s with a payload type not negotiated]", s->pt_mismatch,
                         s->pt_mismatch == 1 ? "" : "s");
    if (s->early)
        ladder_row_note(c, r, "[early media]");
    if (s->after_bye)
        ladder_row_note(c, r, "[media after BYE]");

    ladder_row_attr_int(r, "stream", s->num);
    ladder_row_attr_str(c, r, "media", s->media);
    ladder_row_attr_str(c, r, "codec", s->codec);
    ladder_row_attr_str(c, r, "direction", ladder_stream_direction(s));
    ladder_row_attr_int(r, "packets", (gint64)s->packets);
    ladder_row_attr_int(r, "bytes", (gint64)s->bytes);
    if (is_rtp) {
        ladder_row_attr_int(r, "lost", s->lost);
        ladder_row_attr_int(r, "duplicates", s->duplicates);
        ladder_row_attr_int(r, "out_of_order", s->out_of_order);
    }
    if (s->jitter_ms >= 0)
        ladder_row_attr_double(r, "jitter_ms", s->jitter_ms);
    if (s->max_jitter_ms >= 0)
        ladder_row_attr_double(r, "max_jitter_ms", s->max_jitter_ms);
    ladder_row_attr_bool(r, "addr_match", !s->addr_mismatch);
    if (s->sdp_addr.family)
        ladder_row_attr_str(c, r, "sdp_addr", ss_endpoint_to_str(&s->sdp_addr, buf, sizeof buf));
    if (s->last_ns != LADDER_NO_TIME && s->first_ns != LADDER_NO_TIME)
        ladder_row_attr_double(r, "duration", (double)(s->last_ns - s->first_ns) / 1e9);
}

static int row_cmp(gconstpointer a, gconstpointer b)
{
    const ladder_row_t *x = *(ladder_row_t *const *)a, *y = *(ladder_row_t *const *)b;
    if (x->ts_ns != y->ts_ns)
        return x->ts_ns < y->ts_ns ? -1 : 1;
    if (x->frame != y->frame)
        return x->frame < y->frame ? -1 : 1;
    if (x->index != y->index)
        return x->index < y->index ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return 0;
}

/* Addresses that talk to themselves on different ports (loopback, two UAs on one host) get
 * one column per port; every other address is one column. */
static gboolean addr_in(const GArray *a, const ss_endpoint_t *ep)
{
    for (guint i = 0; i < a->len; i++)
        if (ss_endpoint_addr_equal(&g_array_index(a, ss_endpoint_t, i), ep))
            return TRUE;
    return FALSE;
}

static ss_endpoint_t col_key(const ladder_call_t *c, const GArray *split, const ladder_row_t *r,
                             gboolean is_src)
{
    ss_endpoint_t k = is_src ? r->src : r->dst;
    if (!addr_in(split, &k)) {
        k.port = 0;
        return k;
    }
    /* a split address: media belongs to the signalling endpoint of its sender/receiver */
    if (r->kind == LADDER_ROW_MEDIA && r->stream && r->stream->from_caller >= 0) {
        gboolean caller_side = (is_src != 0) == (r->stream->from_caller == 1);
        const ss_endpoint_t *owner = caller_side ? &c->caller_sig : &c->callee_sig;
        if (owner->family && ss_endpoint_addr_equal(owner, &k))
            return *owner;
    }
    return k;
}

static guint col_index(ladder_call_t *c, const ss_endpoint_t *k)
{
    for (guint i = 0; i < c->cols->len; i++) {
        const ladder_col_t *col = g_ptr_array_index(c->cols, i);
        if (ss_endpoint_equal(&col->ep, k))
            return i;
    }
    ladder_col_t *col = g_new0(ladder_col_t, 1);
    col->ep = *k;
    if (!k->family)
        g_strlcpy(col->name, "?", sizeof col->name);
    else if (k->port)
        ss_endpoint_to_str(k, col->name, sizeof col->name);
    else
        ss_endpoint_addr_to_str(k, col->name, sizeof col->name);
    g_ptr_array_add(c->cols, col);
    return c->cols->len - 1;
}

void ladder_call_finish(ladder_call_t *c)
{
    GArray *split;

    if (c->finished)
        return;
    /* media rows (once) */
    for (guint i = 0; i < c->streams->len; i++) {
        const ladder_stream_t *s = g_ptr_array_index(c->streams, i);
        gboolean have = FALSE;
        for (guint j = 0; j < c->rows->len && !have; j++)
            have = ((ladder_row_t *)g_ptr_array_index(c->rows, j))->stream == s;
        if (!have)
            add_stream_row(c, s);
    }
    g_ptr_array_sort(c->rows, row_cmp);

    split = g_array_new(FALSE, FALSE, sizeof(ss_endpoint_t));
    for (guint i = 0; i < c->rows->len; i++) {
        const ladder_row_t *r = g_ptr_array_index(c->rows, i);
        if (r->src.family && ss_endpoint_addr_equal(&r->src, &r->dst) && r->src.port != r->dst.port &&
            !addr_in(split, &r->src))
            g_array_append_val(split, r->src);
    }
    g_ptr_array_set_size(c->cols, 0);
    for (guint i = 0; i < c->rows->len; i++) {
        ladder_row_t *r = g_ptr_array_index(c->rows, i);
        ss_endpoint_t ks = col_key(c, split, r, TRUE), kd = col_key(c, split, r, FALSE);
        r->src_col = col_index(c, &ks);
        r->dst_col = col_index(c, &kd);
    }
    g_array_free(split, TRUE);

    if (c->rows->len) {
        const ladder_row_t *first = g_ptr_array_index(c->rows, 0);
        const ladder_row_t *last = g_ptr_array_index(c->rows, c->rows->len - 1);
        gint64 stop = last->ts_ns;
        for (guint i = 0; i < c->streams->len; i++) {
            const ladder_stream_t *s = g_ptr_array_index(c->streams, i);
            if (s->last_ns != LADDER_NO_TIME && s->last_ns > stop)
                stop = s->last_ns;
        }
        if (c->start_ns == LADDER_NO_TIME)
            c->start_ns = first->ts_ns;
        if (c->stop_ns == LADDER_NO_TIME)
            c->stop_ns = stop;
    }
    c->finished = TRUE;
}

/* ---- summaries ---- */

char *ladder_auth_summary(const ladder_auth_t *a)
{
    GString *s = g_string_new(NULL);
    if (!a->challenges && !a->requests) {
        g_string_append(s, "none");
        return g_string_free(s, FALSE);
    }
    if (a->challenges) {
        g_string_append_printf(s, "%u challenge%s", a->challenges, a->challenges == 1 ? "" : "s");
        if (a->challenge_code)
            g_string_append_printf(s, " (%u)", a->challenge_code);
    }
    if (a->requests) {
        struct { guint n; const char *w; } v[] = {
            { a->valid, "valid" }, { a->invalid, "invalid" },
            { a->unverified, "unverified" }, { a->unsupported, "unsupported" } };
        guint kinds = 0;
        for (guint i = 0; i < G_N_ELEMENTS(v); i++)
            kinds += v[i].n ? 1 : 0;
        if (s->len)
            g_string_append(s, ", ");
        g_string_append_printf(s, "%u authorised request%s", a->requests, a->requests == 1 ? "" : "s");
        if (kinds) {
            gboolean first = TRUE;
            g_string_append(s, ": ");
            for (guint i = 0; i < G_N_ELEMENTS(v); i++) {
                if (!v[i].n)
                    continue;
                if (!first)
                    g_string_append(s, ", ");
                if (kinds == 1 && v[i].n == a->requests)
                    g_string_append(s, v[i].w);
                else
                    g_string_append_printf(s, "%u %s", v[i].n, v[i].w);
                first = FALSE;
            }
        }
    }
    if (a->outcome)
        g_string_append_printf(s, "; %s", a->outcome);
    if (a->stale)
        g_string_append_printf(s, "; %u stale", a->stale);
    if (a->nonce_reuse)
        g_string_append_printf(s, "; nonce reused x%u", a->nonce_reuse);
    if (a->username || a->realm || a->algorithm) {
        g_string_append(s, " (");
        if (a->username)
            g_string_append(s, a->username);
        if (a->realm)
            g_string_append_printf(s, "%s%s", a->username ? "@" : "realm ", a->realm);
        if (a->algorithm)
            g_string_append_printf(s, "%s%s", (a->username || a->realm) ? " " : "", a->algorithm);
        g_string_append_c(s, ')');
    }
    return g_string_free(s, FALSE);
}

char *ladder_nat_summary(const ladder_call_t *c)
{
    const ladder_nat_t *n = &c->nat;
    GString *s = g_string_new(NULL);
    guint mism = ladder_call_media_mismatches(c);

    if (n->stun_requests || n->stun_responses) {
        g_string_append_printf(s, "STUN %u request%s/%u response%s", n->stun_requests,
                               n->stun_requests == 1 ? "" : "s", n->stun_responses,
                               n->stun_responses == 1 ? "" : "s");
        if (n->mapped) {
            g_string_append_printf(s, ", mapped %s", n->mapped);
            if (n->observed)
                g_string_append_printf(s, " (seen as %s)", n->observed);
        }
        if (n->translated)
            g_string_append_printf(s, ", translated x%u", n->translated);
        if (n->alg)
            g_string_append_printf(s, ", payload rewritten (ALG) x%u", n->alg);
        if (n->integrity_bad)
            g_string_append_printf(s, ", integrity invalid x%u", n->integrity_bad);
        if (n->checks)
            g_string_append_printf(s, ", %u connectivity check%s", n->checks, n->checks == 1 ? "" : "s");
        if (n->mapped_used_in)
            g_string_append_printf(s, ", mapping used in frame %u", n->mapped_used_in);
    }
    if (n->via_received) {
        if (s->len)
            g_string_append(s, "; ");
        g_string_append_printf(s, "Via received/rport differs x%u", n->via_received);
    }
    if (mism) {
        if (s->len)
            g_string_append(s, "; ");
        g_string_append_printf(s, "media: %u of %u stream%s not to the SDP address", mism,
                               c->streams->len, c->streams->len == 1 ? "" : "s");
    }
    if (!s->len)
        g_string_append(s, "none seen");
    return g_string_free(s, FALSE);
}

/* ---- time formatting ---- */

static void split_ns(gint64 ns, gint64 *sec, gint64 *frac_us)
{
    /* floor division so times before the epoch stay ordered */
    gint64 s = ns / 1000000000;
    gint64 r = ns % 1000000000;
    if (r < 0) {
        r += 1000000000;
        s -= 1;
    }
    *sec = s;
    *frac_us = r / 1000;
}

const char *ladder_time_iso(gint64 ns, char *buf, gsize len)
{
    gint64 sec, us;
    GDateTime *dt;
    if (ns == LADDER_NO_TIME) {
        g_strlcpy(buf, "", len);
        return buf;
    }
    split_ns(ns, &sec, &us);
    dt = g_date_time_new_from_unix_utc(sec);
    if (!dt) {
        g_strlcpy(buf, "", len);
        return buf;
    }
    g_snprintf(buf, (gulong)len, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", g_date_time_get_year(dt),
               g_date_time_get_month(dt), g_date_time_get_day_of_month(dt), g_date_time_get_hour(dt),
               g_date_time_get_minute(dt), g_date_time_get_second(dt), (int)us);
    g_date_time_unref(dt);
    return buf;
}

const char *ladder_time_of_day(gint64 ns, char *buf, gsize len)
{
    gint64 sec, us, day;
    if (ns == LADDER_NO_TIME) {
        g_strlcpy(buf, "", len);
        return buf;
    }
    split_ns(ns, &sec, &us);
    day = sec % 86400;
    if (day < 0)
        day += 86400;
    g_snprintf(buf, (gulong)len, "%02d:%02d:%02d.%06d", (int)(day / 3600), (int)(day / 60 % 60),
               (int)(day % 60), (int)us);
    return buf;
}

gsize ladder_uint_str(guint64 v, char *buf)
{
    char tmp[20];
    gsize n = 0, i = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        buf[i++] = tmp[--n];
    buf[i] = '\0';
    return i;
}

/* "[-]S.fff..." with digits fraction digits: what "%s%" G_GINT64_FORMAT ".%0*d" prints, without
 * printf's cost (the ladder prints two of these per row). */
static const char *fixed_point(char *buf, gsize len, gboolean neg, guint64 whole, guint frac, guint digits)
{
    gsize i = 0;

    if (len < 32) {
        g_snprintf(buf, (gulong)len, "%s%" G_GUINT64_FORMAT ".%0*u", neg ? "-" : "", whole, (int)digits, frac);
        return buf;
    }
    if (neg)
        buf[i++] = '-';
    i += ladder_uint_str(whole, buf + i);
    buf[i++] = '.';
    for (guint d = digits; d-- > 0;) {
        buf[i + d] = (char)('0' + frac % 10);
        frac /= 10;
    }
    buf[i + digits] = '\0';
    return buf;
}

const char *ladder_secs3(gint64 ns, char *buf, gsize len)
{
    guint64 ms, a;
    if (ns == LADDER_NO_TIME) {
        g_strlcpy(buf, "", len);
        return buf;
    }
    /* round half away from zero to milliseconds */
    a = ns < 0 ? (guint64)0 - (guint64)ns : (guint64)ns;
    ms = (a + 500000) / 1000000;
    return fixed_point(buf, len, ns < 0, ms / 1000, (guint)(ms % 1000), 3);
}

const char *ladder_secs6(gint64 ns, char *buf, gsize len)
{
    guint64 us, a;
    if (ns == LADDER_NO_TIME) {
        g_strlcpy(buf, "", len);
        return buf;
    }
    a = ns < 0 ? (guint64)0 - (guint64)ns : (guint64)ns;
    us = (a + 500) / 1000;
    return fixed_point(buf, len, ns < 0, us / 1000000, (guint)(us % 1000000), 6);
}

/* ---- SIP rows ---- */

ladder_row_t *ladder_call_add_sip(ladder_call_t *c, const ladder_sip_msg_t *m)
{
    ladder_row_t *r;
    const char *label;

    if (m->method && m->ruri_user && *m->ruri_user)
        label = ladder_call_strf(c, "%s %s", m->method, m->ruri_user);
    else if (m->method)
        label = m->method;
    else if (m->reason && *m->reason)
        label = ladder_call_strf(c, "%u %s", m->status, m->reason);
    else
        label = ladder_call_strf(c, "%u", m->status);
    r = ladder_call_add_row(c, LADDER_ROW_SIP, m->frame, m->index, m->ts_ns, &m->src, &m->dst, label);
    r->response = m->method == NULL;

    if (m->sdp) {
        if (strcmp(m->sdp, "offer") == 0 || strcmp(m->sdp, "answer") == 0) {
            if (m->codecs && *m->codecs)
                ladder_row_notef(c, r, "SDP %s %s", m->sdp, m->codecs);
            else
                ladder_row_notef(c, r, "SDP %s", m->sdp);
        } else if (m->codecs && *m->codecs) {
            ladder_row_notef(c, r, "SDP %s", m->codecs);
        } else {
            ladder_row_note(c, r, "SDP");
        }
    }
    if (m->auth_label && *m->auth_label) {
        ladder_row_note(c, r, m->auth_label);
    } else {
        if (m->challenge)
            ladder_row_notef(c, r, "[%u challenge]", m->challenge);
        if (m->auth_verdict)
            ladder_row_notef(c, r, "[auth %s]", m->auth_verdict);
    }
    if (m->leg && m->show_leg)
        ladder_row_notef(c, r, "[leg %u]", m->leg);
    if (m->retransmission == 1)
        ladder_row_note(c, r, "[retransmission]");
    else if (m->retransmission > 1)
        ladder_row_notef(c, r, "[retransmission x%u]", m->retransmission);
    if (m->extra)
        ladder_row_note(c, r, m->extra);

    ladder_row_attr_str(c, r, "method", m->method);
    ladder_row_attr_str(c, r, "ruri_user", m->method ? m->ruri_user : NULL);
    if (!m->method) {
        ladder_row_attr_int(r, "status", m->status);
        ladder_row_attr_str(c, r, "reason", m->reason);
    }
    ladder_row_attr_str(c, r, "transport", m->transport);
    ladder_row_attr_str(c, r, "sdp", m->sdp);
    ladder_row_attr_str(c, r, "codecs", m->codecs);
    if (m->leg)
        ladder_row_attr_int(r, "leg", m->leg);
    ladder_row_attr_str(c, r, "state", m->state);
    ladder_row_attr_int(r, "retransmission", m->retransmission);
    if (m->challenge)
        ladder_row_attr_int(r, "challenge", m->challenge);
    ladder_row_attr_str(c, r, "auth_verdict", m->auth_verdict);

    c->sip_messages++;
    if (m->retransmission)
        c->retransmissions++;
    return r;
}
