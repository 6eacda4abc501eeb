/* call_stats.c: call and traffic statistics (see call_stats.h). */
#include "sip_ladder/call_stats.h"

#include <string.h>

const char *const call_stats_setup_ranges[CALL_STATS_BUCKETS] = {
    "0-499", "500-999", "1000-1999", "2000-4999", "5000-9999", "10000-29999", "30000-"
};
static const gint64 setup_limits_ms[CALL_STATS_BUCKETS - 1] = { 500, 1000, 2000, 5000, 10000, 30000 };

const char *const call_stats_duration_ranges[CALL_STATS_BUCKETS] = {
    "0-9", "10-29", "30-59", "60-299", "300-899", "900-3599", "3600-"
};
static const gint64 duration_limits_s[CALL_STATS_BUCKETS - 1] = { 10, 30, 60, 300, 900, 3600 };

typedef struct {
    char    *method, *outcome, *caller_user, *hour;
    gint     setup_bucket, duration_bucket;   /* -1 none */
    gint64   setup_ms, duration_s;
    guint    auth_challenges, auth_valid, auth_invalid, auth_unverified, auth_unsupported;
    gboolean nat_translated, nat_mismatch;
} contrib_t;

struct call_stats {
    GHashTable *calls;        /* GUINT_TO_POINTER(n) -> contrib_t* */
    GHashTable *by_method, *by_outcome, *by_caller, *by_hour;   /* owned string -> count */
    guint       invite_calls;
    guint       setup[CALL_STATS_BUCKETS], setup_n;
    guint       duration[CALL_STATS_BUCKETS], duration_n;
    call_stats_bucket_t setup_v[CALL_STATS_BUCKETS], duration_v[CALL_STATS_BUCKETS];
    guint       auth_challenges, auth_valid, auth_invalid, auth_unverified, auth_unsupported;
    guint       nat_translated, nat_mismatch, nat_any;
    /* traffic */
    GHashTable *seconds;      /* gint64* second -> guint64[CALL_STATS_TRAFFIC_KINDS] */
    guint64     total[CALL_STATS_TRAFFIC_KINDS], peak[CALL_STATS_TRAFFIC_KINDS];
    gint64      first_ns, last_ns;
    gboolean    any_traffic;
};

static void contrib_free(gpointer p)
{
    contrib_t *c = p;
    g_free(c->method);
    g_free(c->outcome);
    g_free(c->caller_user);
    g_free(c->hour);
    g_free(c);
}

call_stats_t *call_stats_new(void)
{
    call_stats_t *s = g_new0(call_stats_t, 1);
    s->calls = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, contrib_free);
    s->by_method = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->by_outcome = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->by_caller = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->by_hour = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->seconds = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    return s;
}

void call_stats_reset(call_stats_t *s)
{
    g_hash_table_remove_all(s->calls);
    g_hash_table_remove_all(s->by_method);
    g_hash_table_remove_all(s->by_outcome);
    g_hash_table_remove_all(s->by_caller);
    g_hash_table_remove_all(s->by_hour);
    g_hash_table_remove_all(s->seconds);
    s->invite_calls = 0;
    memset(s->setup, 0, sizeof s->setup);
    memset(s->duration, 0, sizeof s->duration);
    memset(s->setup_v, 0, sizeof s->setup_v);
    memset(s->duration_v, 0, sizeof s->duration_v);
    s->setup_n = s->duration_n = 0;
    s->auth_challenges = s->auth_valid = s->auth_invalid = s->auth_unverified = s->auth_unsupported = 0;
    s->nat_translated = s->nat_mismatch = s->nat_any = 0;
    memset(s->total, 0, sizeof s->total);
    memset(s->peak, 0, sizeof s->peak);
    s->first_ns = s->last_ns = 0;
    s->any_traffic = FALSE;
}

void call_stats_free(call_stats_t *s)
{
    if (!s)
        return;
    g_hash_table_destroy(s->calls);
    g_hash_table_destroy(s->by_method);
    g_hash_table_destroy(s->by_outcome);
    g_hash_table_destroy(s->by_caller);
    g_hash_table_destroy(s->by_hour);
    g_hash_table_destroy(s->seconds);
    g_free(s);
}

guint call_stats_setup_bucket(gint64 ns)
{
    gint64 ms = ns / 1000000;
    guint i;
    for (i = 0; i < CALL_STATS_BUCKETS - 1; i++)
        if (ms < setup_limits_ms[i])
            break;
    return i;
}

guint call_stats_duration_bucket(gint64 ns)
{
    gint64 s = ns / 1000000000;
    guint i;
    for (i = 0; i < CALL_STATS_BUCKETS - 1; i++)
        if (s < duration_limits_s[i])
            break;
    return i;
}

static void count(GHashTable *h, const char *key, int delta)
{
    gpointer orig, val;
    guint n = 0;
    if (!key)
        return;
    if (g_hash_table_lookup_extended(h, key, &orig, &val))
        n = GPOINTER_TO_UINT(val);
    if (delta < 0 && n == 0)
        return;
    n = (guint)((int)n + delta);
    if (n == 0)
        g_hash_table_remove(h, key);
    else
        g_hash_table_replace(h, g_strdup(key), GUINT_TO_POINTER(n));
}

static gboolean is_invite(const char *method)
{
    return method && strcmp(method, "INVITE") == 0;
}

static void bucket_value(call_stats_bucket_t *b, gint64 v, int sign)
{
    b->sum += sign * v;
    if (sign > 0) {
        if (!b->seen || v < b->min)
            b->min = v;
        if (!b->seen || v > b->max)
            b->max = v;
        b->seen = TRUE;
    }
}

/* add (sign +1) or remove (sign -1) a contribution */
static void apply(call_stats_t *s, const contrib_t *c, int sign)
{
    count(s->by_method, c->method ? c->method : "(unknown)", sign);
    if (is_invite(c->method)) {
        s->invite_calls += sign;
        count(s->by_outcome, c->outcome ? c->outcome : "in-progress", sign);
        if (c->caller_user)
            count(s->by_caller, c->caller_user, sign);
        if (c->hour)
            count(s->by_hour, c->hour, sign);
    }
    if (c->setup_bucket >= 0) {
        s->setup[c->setup_bucket] += sign;
        s->setup_n += sign;
        bucket_value(&s->setup_v[c->setup_bucket], c->setup_ms, sign);
    }
    if (c->duration_bucket >= 0) {
        s->duration[c->duration_bucket] += sign;
        s->duration_n += sign;
        bucket_value(&s->duration_v[c->duration_bucket], c->duration_s, sign);
    }
    s->auth_challenges += sign * (int)c->auth_challenges;
    s->auth_valid += sign * (int)c->auth_valid;
    s->auth_invalid += sign * (int)c->auth_invalid;
    s->auth_unverified += sign * (int)c->auth_unverified;
    s->auth_unsupported += sign * (int)c->auth_unsupported;
    if (is_invite(c->method)) {
        s->nat_translated += c->nat_translated ? sign : 0;
        s->nat_mismatch += c->nat_mismatch ? sign : 0;
        s->nat_any += (c->nat_translated || c->nat_mismatch) ? sign : 0;
    }
}

/* "2026-01-01 05:00" (UTC) of a time, NULL when unknown; caller frees */
static char *hour_of(gint64 ns)
{
    GDateTime *dt;
    char *r;
    if (ns < 0)
        return NULL;
    dt = g_date_time_new_from_unix_utc(ns / 1000000000);
    if (!dt)
        return NULL;
    r = g_date_time_format(dt, "%Y-%m-%d %H:00");
    g_date_time_unref(dt);
    return r;
}

static gboolean str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

gboolean call_stats_set_call(call_stats_t *s, guint n, const call_stats_call_t *in)
{
    contrib_t *old = g_hash_table_lookup(s->calls, GUINT_TO_POINTER(n));
    contrib_t nc;

    memset(&nc, 0, sizeof nc);
    nc.method = (char *)in->method;
    nc.outcome = (char *)in->outcome;
    nc.caller_user = (char *)in->caller_user;
    nc.hour = hour_of(in->start_ns);
    nc.setup_bucket = in->setup_ns >= 0 ? (gint)call_stats_setup_bucket(in->setup_ns) : -1;
    nc.duration_bucket = in->duration_ns >= 0 ? (gint)call_stats_duration_bucket(in->duration_ns) : -1;
    nc.setup_ms = in->setup_ns >= 0 ? (in->setup_ns + 500000) / 1000000 : 0;   /* as the ladder rounds */
    nc.duration_s = in->duration_ns >= 0 ? in->duration_ns / 1000000000 : 0;
    nc.auth_challenges = in->auth_challenges;
    nc.auth_valid = in->auth_valid;
    nc.auth_invalid = in->auth_invalid;
    nc.auth_unverified = in->auth_unverified;
    nc.auth_unsupported = in->auth_unsupported;
    nc.nat_translated = in->nat_translated ? TRUE : FALSE;
    nc.nat_mismatch = in->nat_mismatch ? TRUE : FALSE;

    if (old && str_eq(old->method, nc.method) && str_eq(old->outcome, nc.outcome) &&
        str_eq(old->caller_user, nc.caller_user) && str_eq(old->hour, nc.hour) &&
        old->setup_bucket == nc.setup_bucket &&
        old->duration_bucket == nc.duration_bucket && old->setup_ms == nc.setup_ms &&
        old->duration_s == nc.duration_s && old->auth_challenges == nc.auth_challenges &&
        old->auth_valid == nc.auth_valid && old->auth_invalid == nc.auth_invalid &&
        old->auth_unverified == nc.auth_unverified && old->auth_unsupported == nc.auth_unsupported &&
        old->nat_translated == nc.nat_translated && old->nat_mismatch == nc.nat_mismatch) {
        g_free(nc.hour);
        return FALSE;
    }

    if (old)
        apply(s, old, -1);
    apply(s, &nc, +1);
    contrib_t *keep = g_new(contrib_t, 1);
    *keep = nc;
    keep->method = g_strdup(in->method);
    keep->outcome = g_strdup(in->outcome);
    keep->caller_user = g_strdup(in->caller_user);
    g_hash_table_replace(s->calls, GUINT_TO_POINTER(n), keep);   /* keeps nc.hour */
    return TRUE;
}

void call_stats_add_bytes(call_stats_t *s, call_stats_traffic_t kind, gint64 ts_ns, guint bytes)
{
    gint64 sec;
    guint64 *b;
    if ((guint)kind >= CALL_STATS_TRAFFIC_KINDS)
        return;
    sec = ts_ns / 1000000000;
    if (ts_ns < 0 && ts_ns % 1000000000)
        sec--;
    b = g_hash_table_lookup(s->seconds, &sec);
    if (!b) {
        gint64 *k = g_new(gint64, 1);
        *k = sec;
        b = g_new0(guint64, CALL_STATS_TRAFFIC_KINDS);
        g_hash_table_insert(s->seconds, k, b);
    }
    b[kind] += bytes;
    if (b[kind] > s->peak[kind])
        s->peak[kind] = b[kind];
    s->total[kind] += bytes;
    if (!s->any_traffic || ts_ns < s->first_ns)
        s->first_ns = ts_ns;
    if (!s->any_traffic || ts_ns > s->last_ns)
        s->last_ns = ts_ns;
    s->any_traffic = TRUE;
}

guint call_stats_calls(const call_stats_t *s) { return g_hash_table_size(s->calls); }
guint call_stats_invite_calls(const call_stats_t *s) { return s->invite_calls; }
GHashTable *call_stats_by_method(const call_stats_t *s) { return s->by_method; }
GHashTable *call_stats_by_outcome(const call_stats_t *s) { return s->by_outcome; }
GHashTable *call_stats_by_caller(const call_stats_t *s) { return s->by_caller; }
GHashTable *call_stats_by_hour(const call_stats_t *s) { return s->by_hour; }

const guint *call_stats_setup_hist(const call_stats_t *s, guint *n_known)
{
    if (n_known)
        *n_known = s->setup_n;
    return s->setup;
}

const call_stats_bucket_t *call_stats_setup_values(const call_stats_t *s)
{
    return s->setup_v;
}

const call_stats_bucket_t *call_stats_duration_values(const call_stats_t *s)
{
    return s->duration_v;
}

const guint *call_stats_duration_hist(const call_stats_t *s, guint *n_known)
{
    if (n_known)
        *n_known = s->duration_n;
    return s->duration;
}

void call_stats_auth(const call_stats_t *s, guint *challenges, guint *valid, guint *invalid,
                     guint *unverified, guint *unsupported)
{
    *challenges = s->auth_challenges;
    *valid = s->auth_valid;
    *invalid = s->auth_invalid;
    *unverified = s->auth_unverified;
    *unsupported = s->auth_unsupported;
}

void call_stats_nat(const call_stats_t *s, guint *translated, guint *mismatch, guint *any)
{
    *translated = s->nat_translated;
    *mismatch = s->nat_mismatch;
    *any = s->nat_any;
}

void call_stats_rate(const call_stats_t *s, call_stats_traffic_t kind, guint64 *total,
                     guint64 *avg_bps, guint64 *peak_bps)
{
    gint64 span_ns;
    if ((guint)kind >= CALL_STATS_TRAFFIC_KINDS) {
        *total = *avg_bps = *peak_bps = 0;
        return;
    }
    span_ns = s->any_traffic ? s->last_ns - s->first_ns : 0;
    if (span_ns < 1000000000)
        span_ns = 1000000000;
    *total = s->total[kind];
    /* rounded to the nearest byte per second */
    *avg_bps = (guint64)(((double)s->total[kind] * 1e9) / (double)span_ns + 0.5);
    *peak_bps = s->peak[kind];
}
