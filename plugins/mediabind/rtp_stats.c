/* rtp_stats.c: constant-memory RTP stream statistics (see rtp_stats.h). */
#include "plugins/mediabind/rtp_stats.h"

#include <math.h>
#include <string.h>

#define WINDOW_BITS 64

gboolean mb_rtp_pt_is_cn(guint8 pt)
{
    return pt == 13 || pt == 19;
}

void mb_rtp_stats_init(mb_rtp_stats_t *s)
{
    memset(s, 0, sizeof *s);
}

/* Start a sequence segment at seq (first packet, or a new SSRC). */
static void seq_start(mb_rtp_stats_t *s, guint16 seq)
{
    s->seq_base = s->seq_max = seq;
    s->seq_window = 1;
    s->base_locked = FALSE;
}

void mb_rtp_stats_continue(mb_rtp_stats_t *s, const mb_rtp_stats_t *prev)
{
    mb_rtp_stats_init(s);
    if (prev->packets == 0 && !prev->continued)
        return;
    s->continued = TRUE;
    s->base_locked = TRUE;
    s->ssrc = prev->ssrc;
    s->seq_max = prev->seq_max;
    s->seq_base = prev->seq_max + 1;
    s->seq_window = prev->seq_window;
    s->last_pt = prev->last_pt;
    s->have_jitter_ref = prev->have_jitter_ref;
    s->ref_timestamp = prev->ref_timestamp;
    s->ref_clock = prev->ref_clock;
    s->ref_arrival_ns = prev->ref_arrival_ns;
    s->jitter_ms = prev->jitter_ms;
    /* the summaries are the flow's */
    s->max_delta_ns = prev->max_delta_ns;
    s->max_jitter_ms = prev->max_jitter_ms;
    s->mean_jitter_ms = prev->mean_jitter_ms;
    s->jitter_samples = prev->jitter_samples;
    s->ws_total = prev->ws_total;
    s->ws_first_ts = prev->ws_first_ts;
    s->ws_base_ns = prev->ws_base_ns;
    s->ws_time_ms = prev->ws_time_ms;
    s->ws_nominal_ms = prev->ws_nominal_ms;
    s->ws_jitter_ms = prev->ws_jitter_ms;
}

static guint seq_update(mb_rtp_stats_t *s, guint16 seq)
{
    gint16 d = (gint16)(guint16)(seq - (guint16)(s->seq_max & 0xffff));
    gint64 ext = s->seq_max + d;
    guint flags = 0;

    if (ext > s->seq_max) {
        gint64 shift = ext - s->seq_max;
        if (shift > 1)
            flags |= MB_RTP_GAP;
        s->seq_window = shift >= WINDOW_BITS ? 0 : s->seq_window << shift;
        s->seq_window |= 1;
        s->seq_max = ext;
        return flags;
    }
    /* at or below the highest: a duplicate when the window remembers it, else late */
    {
        gint64 back = s->seq_max - ext;
        if (back < WINDOW_BITS) {
            guint64 bit = G_GUINT64_CONSTANT(1) << back;
            if (s->seq_window & bit)
                return MB_RTP_DUPLICATE;
            s->seq_window |= bit;
        }
    }
    if (ext < s->seq_base && !s->base_locked)
        s->seq_base = ext;      /* the segment started earlier than its first arrival */
    return MB_RTP_OUT_OF_ORDER;
}

/* The Wireshark-compatible jitter/delta summaries (see rtp_stats.h). */
static void ws_summary(mb_rtp_stats_t *s, const mb_rtp_sample_t *p, guint flags)
{
    double t, nominal, delta = 0.0;
    gboolean in_seq, computed = FALSE, regular;
    guint32 khz = p->clock / 1000;

    if (flags & MB_RTP_FIRST) {
        s->ws_base_ns = p->arrival_ns;
        s->ws_total = 0;
    }
    if (flags & (MB_RTP_FIRST | MB_RTP_SSRC_CHANGED)) {
        /* a new source: Wireshark starts another stream, the reference restarts */
        s->ws_first_ts = p->timestamp;
        s->ws_time_ms = (double)(p->arrival_ns - s->ws_base_ns) / 1e6;
        s->ws_nominal_ms = 0.0;
        s->ws_jitter_ms = 0.0;
        s->ws_total++;
        return;
    }
    t = (double)(p->arrival_ns - s->ws_base_ns) / 1e6;
    /* the timestamp is at most half the range after the first one */
    in_seq = (guint32)(p->timestamp - s->ws_first_ts) < 0x80000000u;
    if (in_seq) {
        delta = t - s->ws_time_ms;
        if (khz) {
            nominal = (double)(guint32)(p->timestamp - s->ws_first_ts) / khz;
            s->ws_jitter_ms = (15.0 * s->ws_jitter_ms + fabs(t - (s->ws_time_ms + nominal - s->ws_nominal_ms))) / 16.0;
            s->ws_nominal_ms = nominal;
            computed = TRUE;
        }
    }
    regular = in_seq && !p->marker && !mb_rtp_pt_is_cn(p->pt) && !mb_rtp_pt_is_cn(s->last_pt);
    if (regular) {
        gint64 dns = (gint64)(delta * 1e6 + (delta >= 0 ? 0.5 : -0.5));
        if (dns > s->max_delta_ns)
            s->max_delta_ns = dns;
        if (computed) {
            if (s->ws_jitter_ms > s->max_jitter_ms)
                s->max_jitter_ms = s->ws_jitter_ms;
            s->mean_jitter_ms = (s->mean_jitter_ms * (s->ws_total - 1) + s->ws_jitter_ms) / s->ws_total;
            s->jitter_samples++;
        }
    }
    if (in_seq)
        s->ws_time_ms = t;
    s->ws_total++;
}

guint mb_rtp_stats_add(mb_rtp_stats_t *s, const mb_rtp_sample_t *p)
{
    guint flags = 0;
    gboolean flow_first = s->packets == 0 && !s->continued;

    if (s->packets == 0)
        s->first_ns = p->arrival_ns;
    if (flow_first) {
        flags |= MB_RTP_FIRST;
        s->ssrc = p->ssrc;
        seq_start(s, p->seq);
    } else if (p->ssrc != s->ssrc) {
        flags |= MB_RTP_SSRC_CHANGED;
        s->ssrc_changes++;
        if (s->seq_max >= s->seq_base)
            s->expected_prior += (guint64)(s->seq_max - s->seq_base + 1);
        s->ssrc = p->ssrc;
        s->have_jitter_ref = FALSE;
        seq_start(s, p->seq);
    } else {
        flags |= seq_update(s, p->seq);
    }
    if (flags & MB_RTP_DUPLICATE)
        s->duplicates++;
    else if (flags & MB_RTP_OUT_OF_ORDER)
        s->out_of_order++;

    s->packets++;
    s->bytes += p->len;

    /* RFC 3550 interarrival jitter */
    if (p->clock) {
        if (s->have_jitter_ref && s->ref_clock == p->clock) {
            double arrival_ms = (double)(p->arrival_ns - s->ref_arrival_ns) / 1e6;
            double media_ms = (double)(gint32)(p->timestamp - s->ref_timestamp) * 1000.0 / p->clock;
            s->jitter_ms += (fabs(arrival_ms - media_ms) - s->jitter_ms) / 16.0;
        }
        s->have_jitter_ref = TRUE;
        s->ref_clock = p->clock;
        s->ref_timestamp = p->timestamp;
        s->ref_arrival_ns = p->arrival_ns;
    }
    ws_summary(s, p, flags);

    s->last_pt = p->pt;
    if (p->arrival_ns > s->last_ns || s->packets == 1)
        s->last_ns = p->arrival_ns;
    return flags;
}

guint64 mb_rtp_stats_expected(const mb_rtp_stats_t *s)
{
    if (s->packets == 0)
        return 0;
    if (s->seq_max < s->seq_base)
        return s->expected_prior;
    return s->expected_prior + (guint64)(s->seq_max - s->seq_base + 1);
}

gint64 mb_rtp_stats_lost(const mb_rtp_stats_t *s)
{
    return (gint64)mb_rtp_stats_expected(s) - (gint64)(s->packets - s->duplicates);
}

gint64 mb_rtp_stats_lost_cumulative(const mb_rtp_stats_t *s)
{
    return (gint64)mb_rtp_stats_expected(s) - (gint64)s->packets;
}

