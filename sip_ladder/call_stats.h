/* call_stats.h: SIPMan's traffic measures over the calls of a capture, for -z sipcalls,tree
 * (and the GUI Statistics menu): calls by method and by outcome, sessions per caller user and
 * per hour,
 * setup-time and duration histograms, auth verdicts, NAT share, and signalling/media bytes
 * per second (average and peak). Plain C (GLib only).
 *
 * A call's values change while the capture is read (the outcome arrives with the final
 * response, the duration with the BYE), so the glue sets a call's contribution again whenever
 * it sees one of its messages; the counters always reflect the latest values. */
#ifndef SIPSCOPE_CALL_STATS_H
#define SIPSCOPE_CALL_STATS_H

#include <glib.h>

#define CALL_STATS_BUCKETS 7
/* histogram bucket names (stats_tree range syntax: inclusive integers, "N-" open) */
extern const char *const call_stats_setup_ranges[CALL_STATS_BUCKETS];     /* milliseconds */
extern const char *const call_stats_duration_ranges[CALL_STATS_BUCKETS];  /* seconds */

typedef struct {
    const char *method;        /* first request method; NULL unknown */
    const char *outcome;       /* NULL: unknown / in progress */
    const char *caller_user;   /* NULL unknown */
    gint64      start_ns;      /* first message; < 0 unknown (counted per hour, UTC) */
    gint64      setup_ns;      /* < 0 unknown */
    gint64      duration_ns;   /* < 0 unknown */
    guint       auth_challenges, auth_valid, auth_invalid, auth_unverified, auth_unsupported;
    gboolean    nat_translated;   /* a STUN binding of the call was translated */
    gboolean    nat_mismatch;     /* a media stream went to an address SDP did not announce */
} call_stats_call_t;

typedef enum {
    CALL_STATS_SIGNALLING = 0,
    CALL_STATS_MEDIA,
    CALL_STATS_TRAFFIC_KINDS
} call_stats_traffic_t;

typedef struct call_stats call_stats_t;

call_stats_t *call_stats_new(void);
void call_stats_free(call_stats_t *s);
void call_stats_reset(call_stats_t *s);

/* Set (or replace) the contribution of call number n. Returns TRUE when any value changed. */
gboolean call_stats_set_call(call_stats_t *s, guint n, const call_stats_call_t *c);
/* Count a frame's bytes at its capture time. */
void call_stats_add_bytes(call_stats_t *s, call_stats_traffic_t kind, gint64 ts_ns, guint bytes);

/* ---- results ---- */
guint call_stats_calls(const call_stats_t *s);                 /* every call (Call-ID) */
guint call_stats_invite_calls(const call_stats_t *s);          /* calls started by INVITE */
/* name -> count maps (read-only; keys are strings, values GUINT_TO_POINTER) */
GHashTable *call_stats_by_method(const call_stats_t *s);
GHashTable *call_stats_by_outcome(const call_stats_t *s);      /* INVITE calls */
GHashTable *call_stats_by_caller(const call_stats_t *s);       /* INVITE calls */
GHashTable *call_stats_by_hour(const call_stats_t *s);         /* INVITE calls: "2026-01-01 05:00" (UTC) */
/* histogram counts; *n_known: calls that have the measure */
const guint *call_stats_setup_hist(const call_stats_t *s, guint *n_known);
const guint *call_stats_duration_hist(const call_stats_t *s, guint *n_known);
/* values in each bucket (setup: ms, duration: whole seconds): the sum is exact, min/max are
 * the extremes ever counted there (a call whose value moves to another bucket, which is rare,
 * leaves them) */
typedef struct {
    gint64   sum, min, max;
    gboolean seen;
} call_stats_bucket_t;
const call_stats_bucket_t *call_stats_setup_values(const call_stats_t *s);
const call_stats_bucket_t *call_stats_duration_values(const call_stats_t *s);
void call_stats_auth(const call_stats_t *s, guint *challenges, guint *valid, guint *invalid,
                     guint *unverified, guint *unsupported);
/* INVITE calls with a translated STUN mapping, with media not to the SDP address, with either */
void call_stats_nat(const call_stats_t *s, guint *translated, guint *mismatch, guint *any);
/* bytes per second: average over the span of all counted traffic (at least 1 s), and the
 * busiest one-second interval */
void call_stats_rate(const call_stats_t *s, call_stats_traffic_t kind, guint64 *total,
                     guint64 *avg_bps, guint64 *peak_bps);

/* bucket of a value (exposed for tests) */
guint call_stats_setup_bucket(gint64 ns);
guint call_stats_duration_bucket(gint64 ns);

#endif
