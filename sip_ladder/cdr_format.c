/* cdr_format.c: call detail records (see cdr_format.h).
 *
 * Directions: caller_rtp_* aggregate the streams the caller sent (caller->callee), callee_rtp_*
 * the streams the callee sent: packets and losses are summed, the jitter is the largest final
 * RFC 3550 jitter of those streams. *_media are the observed source addresses of those streams
 * (where media really came from), space-separated. Only RTP streams count there (not RTCP). Times are seconds with millisecond
 * precision; an unknown value is empty (CSV) or null (JSON). */
#include "sip_ladder/cdr_format.h"
#include "sip_ladder/json_out.h"

#include <string.h>

const char *const cdr_columns[] = {
    "call", "call_id", "method", "start", "stop", "caller", "callee", "caller_user", "callee_user",
    "caller_ua", "callee_ua", "caller_sig", "callee_sig", "transport", "caller_media", "callee_media",
    "outcome", "final_status", "final_reason", "pdd", "setup_time", "duration", "hangup_by",
    "codecs", "streams", "caller_rtp_packets", "caller_rtp_lost", "caller_rtp_jitter_ms",
    "callee_rtp_packets", "callee_rtp_lost", "callee_rtp_jitter_ms", "media_mismatch",
    "auth", "auth_challenges", "auth_valid", "auth_invalid", "auth_unverified", "auth_outcome",
    "nat", "stun_translated", "sip_messages", "retransmissions", "invite_frame", "bye_frame",
    NULL
};

typedef enum { V_NULL = 0, V_STR, V_NUM } vkind_t;

typedef struct {
    vkind_t kind;
    char   *s;     /* V_STR: owned; V_NUM: the number's text */
} value_t;

typedef struct {
    guint   n;
    value_t v[G_N_ELEMENTS(cdr_columns)];
} record_t;

static void put_str(record_t *r, const char *s)
{
    value_t *v = &r->v[r->n++];
    v->kind = s ? V_STR : V_NULL;
    v->s = g_strdup(s);
}

static void put_own(record_t *r, char *s)   /* takes s; "" counts as a value */
{
    value_t *v = &r->v[r->n++];
    v->kind = s ? V_STR : V_NULL;
    v->s = s;
}

static void put_num(record_t *r, char *text)   /* takes text; NULL is null */
{
    value_t *v = &r->v[r->n++];
    v->kind = text ? V_NUM : V_NULL;
    v->s = text;
}

static char *uint_text(guint64 u)
{
    return g_strdup_printf("%" G_GUINT64_FORMAT, u);
}

static char *secs_text(gint64 ns)
{
    char buf[48];
    return ns == LADDER_NO_TIME ? NULL : g_strdup(ladder_secs3(ns, buf, sizeof buf));
}

static char *ep_text(const ss_endpoint_t *ep)
{
    char buf[SS_ENDPOINT_STRLEN];
    return ep->family ? g_strdup(ss_endpoint_to_str(ep, buf, sizeof buf)) : NULL;
}

/* unique values joined by sep, in first-seen order; NULL when none */
static void add_unique(GPtrArray *a, const char *s)
{
    if (!s)
        return;
    for (guint i = 0; i < a->len; i++)
        if (strcmp(g_ptr_array_index(a, i), s) == 0)
            return;
    g_ptr_array_add(a, g_strdup(s));
}

static char *join(GPtrArray *a, const char *sep)
{
    GString *s;
    if (!a->len)
        return NULL;
    s = g_string_new(NULL);
    for (guint i = 0; i < a->len; i++)
        g_string_append_printf(s, "%s%s", i ? sep : "", (const char *)g_ptr_array_index(a, i));
    return g_string_free(s, FALSE);
}

/* RTCP flows are rows of the ladder but not the call's media in the CDR */
static gboolean is_rtp(const ladder_stream_t *s)
{
    return !s->proto || strcmp(s->proto, "RTP") == 0;
}

static void direction(record_t *r, const ladder_call_t *c, int from_caller)
{
    guint64 packets = 0;
    gint64 lost = 0;
    double jitter = -1;
    guint n = 0;
    for (guint i = 0; i < c->streams->len; i++) {
        const ladder_stream_t *s = g_ptr_array_index(c->streams, i);
        if (s->from_caller != from_caller || !is_rtp(s))
            continue;
        n++;
        packets += s->packets;
        lost += s->lost;
        if (s->jitter_ms > jitter)
            jitter = s->jitter_ms;
    }
    put_num(r, n ? uint_text(packets) : NULL);
    put_num(r, n ? g_strdup_printf("%" G_GINT64_FORMAT, lost) : NULL);
    if (n && jitter >= 0) {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        put_num(r, g_strdup(g_ascii_formatd(buf, sizeof buf, "%.3f", jitter)));
    } else {
        put_num(r, NULL);
    }
}

static void media_addrs(record_t *r, const ladder_call_t *c, int from_caller)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
    char buf[SS_ENDPOINT_STRLEN];
    for (guint i = 0; i < c->streams->len; i++) {
        const ladder_stream_t *s = g_ptr_array_index(c->streams, i);
        if (s->from_caller == from_caller && s->src.family && is_rtp(s))
            add_unique(a, ss_endpoint_to_str(&s->src, buf, sizeof buf));
    }
    put_own(r, join(a, " "));
    g_ptr_array_free(a, TRUE);
}

static void record_make(record_t *r, ladder_call_t *c)
{
    char iso[48];
    GPtrArray *codecs = g_ptr_array_new_with_free_func(g_free);

    ladder_call_finish(c);
    memset(r, 0, sizeof *r);
    put_num(r, uint_text(c->num));
    put_str(r, c->call_id);
    put_str(r, c->method);
    put_str(r, c->start_ns != LADDER_NO_TIME ? ladder_time_iso(c->start_ns, iso, sizeof iso) : NULL);
    put_str(r, c->stop_ns != LADDER_NO_TIME ? ladder_time_iso(c->stop_ns, iso, sizeof iso) : NULL);
    put_str(r, c->caller);
    put_str(r, c->callee);
    put_str(r, c->caller_user);
    put_str(r, c->callee_user);
    put_str(r, c->caller_ua);
    put_str(r, c->callee_ua);
    put_own(r, ep_text(&c->caller_sig));
    put_own(r, ep_text(&c->callee_sig));
    put_str(r, c->transport);
    media_addrs(r, c, 1);
    media_addrs(r, c, 0);
    put_str(r, c->outcome);
    put_num(r, c->final_status ? uint_text(c->final_status) : NULL);
    put_str(r, c->final_reason);
    put_num(r, secs_text(c->pdd_ns));
    put_num(r, secs_text(c->setup_ns));
    put_num(r, secs_text(c->duration_ns));
    put_str(r, c->hangup_by);
    for (guint i = 0; i < c->streams->len; i++)
        add_unique(codecs, ((const ladder_stream_t *)g_ptr_array_index(c->streams, i))->codec);
    put_own(r, join(codecs, " "));
    g_ptr_array_free(codecs, TRUE);
    put_num(r, uint_text(c->streams->len));
    direction(r, c, 1);
    direction(r, c, 0);
    put_num(r, uint_text(ladder_call_media_mismatches(c)));
    put_own(r, ladder_auth_summary(&c->auth));
    put_num(r, uint_text(c->auth.challenges));
    put_num(r, uint_text(c->auth.valid));
    put_num(r, uint_text(c->auth.invalid));
    put_num(r, uint_text(c->auth.unverified));
    put_str(r, c->auth.outcome);
    put_own(r, ladder_nat_summary(c));
    put_num(r, uint_text(c->nat.translated));
    put_num(r, uint_text(c->sip_messages));
    put_num(r, uint_text(c->retransmissions));
    put_num(r, c->invite_frame ? uint_text(c->invite_frame) : NULL);
    put_num(r, c->bye_frame ? uint_text(c->bye_frame) : NULL);
    g_assert(r->n == G_N_ELEMENTS(cdr_columns) - 1);
}

static void record_clear(record_t *r)
{
    for (guint i = 0; i < r->n; i++)
        g_free(r->v[i].s);
    r->n = 0;
}

void cdr_csv_field(GString *out, const char *s)
{
    if (!s)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        g_string_append(out, s);
        return;
    }
    g_string_append_c(out, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            g_string_append_c(out, '"');
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '"');
}

void cdr_csv_header(GString *out)
{
    for (guint i = 0; cdr_columns[i]; i++) {
        if (i)
            g_string_append_c(out, ',');
        g_string_append(out, cdr_columns[i]);
    }
    g_string_append_c(out, '\n');
}

void cdr_csv_call(GString *out, ladder_call_t *c)
{
    record_t r;
    record_make(&r, c);
    for (guint i = 0; i < r.n; i++) {
        if (i)
            g_string_append_c(out, ',');
        if (r.v[i].kind != V_NULL)
            cdr_csv_field(out, r.v[i].s);
    }
    g_string_append_c(out, '\n');
    record_clear(&r);
}

void cdr_json_begin(GString *out, const char *filter)
{
    g_string_append(out, "{\n  ");
    json_key(out, "tap");
    json_str(out, "sipcdr");
    g_string_append(out, ",\n  ");
    json_key(out, "filter");
    json_str(out, filter);
    g_string_append(out, ",\n  ");
    json_key(out, "calls");
    g_string_append(out, "[");
}

void cdr_json_call(GString *out, ladder_call_t *c, gboolean first)
{
    record_t r;
    record_make(&r, c);
    g_string_append(out, first ? "\n    {" : ",\n    {");
    for (guint i = 0; i < r.n; i++) {
        g_string_append(out, i ? ", " : "");
        json_key(out, cdr_columns[i]);
        switch (r.v[i].kind) {
        case V_NULL: g_string_append(out, "null"); break;
        case V_STR:  json_str(out, r.v[i].s); break;
        case V_NUM:  g_string_append(out, r.v[i].s); break;
        }
    }
    g_string_append(out, "}");
    record_clear(&r);
}

void cdr_json_end(GString *out, guint count)
{
    if (count == 0)
        g_string_append(out, "]\n}\n");
    else
        g_string_append(out, "\n  ]\n}\n");
}
