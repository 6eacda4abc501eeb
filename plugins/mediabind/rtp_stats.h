/* rtp_stats.h: constant-memory statistics of one RTP stream (one direction of one flow).
 * Plain C (GLib only).
 *
 * Every received packet updates a fixed set of counters; nothing is kept per packet.
 *
 * Sequence numbers are extended to 64 bits by taking, for each packet, the value closest to
 * the highest one seen so far (a 16-bit signed difference), so wrap-around at 65535 and
 * reordering across it count neither as loss nor as a new cycle. A 64-bit window of the
 * most recent sequence numbers tells duplicates from late (out-of-order) packets; a packet
 * more than 64 behind the highest one counts as out-of-order.
 *
 *   expected        = extended highest - extended lowest + 1 (summed over SSRC segments)
 *   lost            = expected - (packets - duplicates)
 *   lost_cumulative = expected - packets   (RFC 3550 6.4.1 "cumulative number of packets
 *                     lost", duplicates counted as received; what `tshark -z rtp,streams`
 *                     prints as Lost)
 *
 * A change of SSRC closes the current sequence segment (its expected count is kept) and
 * starts a new one, so a source switch is not counted as loss; jitter restarts too.
 *
 * jitter_ms is RFC 3550 6.4.1 interarrival jitter over all packets in arrival order,
 * J += (|D| - J) / 16, D = (Rj - Ri) - (Sj - Si) / clock, in milliseconds: what an RTCP
 * receiver report of this stream would say. The clock is the payload type's (the caller picks
 * it, see media_map.c): packets without a clock (unknown dynamic type, telephone-event, whose
 * timestamps stay put during an event) leave it alone, and a change of clock rate restarts
 * the difference (D is never computed across two clocks).
 *
 * max_jitter_ms, mean_jitter_ms and max_delta_ns summarise the stream the way Wireshark's RTP
 * stream analysis (Telephony > RTP > RTP Streams, `tshark -z rtp,streams`) does, so that the
 * numbers people compare agree: its jitter is measured against the stream's first timestamp
 * with the clock in whole kHz, packets whose timestamp precedes the first are skipped, a
 * packet without a clock still moves the arrival reference, and the summaries take only
 * "regular" packets (not the first, not marked (talk spurt start), not comfort noise (PT 13/19)
 * or the packet after it); the mean is Wireshark's running mean weighted by all packets
 * received so far. These three cover the whole flow when a stream continues another (see
 * mb_rtp_stats_continue), while the counters cover the piece only. */
#ifndef SIPSCOPE_RTP_STATS_H
#define SIPSCOPE_RTP_STATS_H

#include <glib.h>

typedef struct {
    guint16 seq;
    guint32 timestamp;
    guint32 ssrc;
    guint8  pt;
    gboolean marker;
    guint32 clock;        /* payload clock rate in Hz; 0 = do not use for jitter */
    guint   len;          /* bytes counted (the whole RTP packet) */
    gint64  arrival_ns;   /* capture time */
} mb_rtp_sample_t;

/* what mb_rtp_stats_add() found about one packet */
enum {
    MB_RTP_FIRST        = 1 << 0,   /* first packet of the stream */
    MB_RTP_SSRC_CHANGED = 1 << 1,   /* SSRC differs from the previous packet's */
    MB_RTP_DUPLICATE    = 1 << 2,
    MB_RTP_OUT_OF_ORDER = 1 << 3,   /* lower sequence number than one already received */
    MB_RTP_GAP          = 1 << 4    /* sequence numbers skipped before this one */
};

typedef struct {
    /* ordered to leave no holes: one per stream direction */
    guint32 packets;          /* all received, duplicates included */
    guint32 duplicates;
    guint32 out_of_order;
    guint32 ssrc_changes;
    guint64 bytes;
    guint64 expected_prior;   /* expected packets of closed SSRC segments */
    gint64  seq_base;         /* lowest extended sequence number of the current segment */
    gint64  seq_max;          /* highest one */
    guint64 seq_window;       /* bit i: seq_max - i received */
    guint32 ssrc;
    guint32 ref_timestamp;    /* previous packet used for jitter */
    guint32 ref_clock;
    guint8  last_pt;
    guint8  continued;        /* boolean: a piece continuing another flow's tracking (see _continue) */
    guint8  base_locked;      /* boolean: late packets do not extend the segment below its start */
    guint8  have_jitter_ref;  /* boolean */
    gint64  ref_arrival_ns;
    gint64  first_ns, last_ns;
    double  jitter_ms;        /* RFC 3550 J after the last packet */
    /* Wireshark-compatible summaries (see above) and their running state */
    gint64  max_delta_ns;
    double  max_jitter_ms;
    double  mean_jitter_ms;
    guint32 jitter_samples;   /* regular packets that entered the summaries */
    guint32 ws_total;         /* packets of the flow so far */
    guint32 ws_first_ts;
    gint64  ws_base_ns;       /* arrival of the flow's first packet */
    double  ws_time_ms;       /* arrival of the last in-sequence packet, from ws_base_ns */
    double  ws_nominal_ms;    /* media time of the last packet with a clock */
    double  ws_jitter_ms;
} mb_rtp_stats_t;

void    mb_rtp_stats_init(mb_rtp_stats_t *s);
/* Start s as the continuation of prev (the same flow under a new SDP negotiation): the
 * sequence, SSRC and jitter tracking carry on, the counters start from zero, and packets
 * that belong before the boundary are not expected again. */
void    mb_rtp_stats_continue(mb_rtp_stats_t *s, const mb_rtp_stats_t *prev);
/* Account one packet; returns MB_RTP_* flags. */
guint   mb_rtp_stats_add(mb_rtp_stats_t *s, const mb_rtp_sample_t *p);

guint64 mb_rtp_stats_expected(const mb_rtp_stats_t *s);
gint64  mb_rtp_stats_lost(const mb_rtp_stats_t *s);
gint64  mb_rtp_stats_lost_cumulative(const mb_rtp_stats_t *s);

/* Comfort noise payload types (RFC 3389 PT 13, and the old PT 19). */
gboolean mb_rtp_pt_is_cn(guint8 pt);

#endif
