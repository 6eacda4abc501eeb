/* ladder_feed.h: the adapter from the sipscope part records (sipdialog, sipauth, stunverify,
 * mediabind) to the ladder model. Plain C (GLib + the parts' record headers): the tap glue
 * hands it every record it gets from the `sipscope` tap together with what only pinfo knows
 * (frame, time, addresses), and asks it to build one call at a time when drawing.
 *
 * What is kept while packets flow is small: per call a pointer to its sipdialog call object,
 * its mediabind call object, and one pointer per SIP message and per sipauth message; per
 * STUN message a short reference. Nothing is kept per RTP packet. Records are read when a
 * call is built, so the forward references the parts fill in later (outcome, final
 * response, stream statistics) are complete by then, and one pass and two passes (-2) give
 * the same output.
 *
 * Call selection: a call is selected when the -z filter matched any of its frames (SIP, auth,
 * STUN bound to it, media); without a filter every call is. */
#ifndef SIPSCOPE_LADDER_FEED_H
#define SIPSCOPE_LADDER_FEED_H

#include <glib.h>
#include "plugins/core/endpoint.h"
#include "sip_ladder/ladder_model.h"
#include "sip_ladder/call_stats.h"

typedef struct ladder_feed ladder_feed_t;

/* What the glue knows about the frame a record came with. */
typedef struct {
    guint32       frame;
    gint64        ts_ns;       /* absolute capture time */
    gint64        t0_ns;       /* the capture's first packet (abs_ts - rel_ts) */
    ss_endpoint_t src, dst;    /* network addresses and transport ports (for STUN rows) */
    guint         len;         /* frame length (statistics) */
    gboolean      matched;     /* the -z filter matched this frame */
} ladder_pkt_t;

ladder_feed_t *ladder_feed_new(void);
void ladder_feed_reset(ladder_feed_t *f);
void ladder_feed_free(ladder_feed_t *f);

/* One tap record each (rec types: see the parts' record headers). Each returns the call
 * number the record touched (0: none, or a media packet of an already known stream). */
guint ladder_feed_dialog(ladder_feed_t *f, const ladder_pkt_t *p, const void *sipdialog_frame);
guint ladder_feed_auth(ladder_feed_t *f, const ladder_pkt_t *p, const void *sipauth_frame);
guint ladder_feed_stun(ladder_feed_t *f, const ladder_pkt_t *p, const void *stunverify_frame);
/* *new_stream: the packet's stream had not been seen before */
guint ladder_feed_media(ladder_feed_t *f, const ladder_pkt_t *p, const void *mediabind_pkt,
                        gboolean *new_stream);

/* Highest call number seen (calls are 1..n; some numbers may have no records). */
guint ladder_feed_max_call(const ladder_feed_t *f);
gboolean ladder_feed_has_call(const ladder_feed_t *f, guint n);
/* Selected by the filter (every known call when no frame was ever marked matched and
 * use_filter is FALSE). */
gboolean ladder_feed_selected(const ladder_feed_t *f, guint n, gboolean use_filter);
gint64 ladder_feed_t0(const ladder_feed_t *f);

/* The model of call n (NULL when unknown); the caller frees it. `complete`: the capture has
 * been read entirely (end of a tshark run): pending auth outcomes become "no-answer".
 * Without rows only the summary, auth/NAT counters and streams are filled (cheaper; the STUN
 * rows still count into the NAT summary but the call is not finished). */
ladder_call_t *ladder_feed_build(ladder_feed_t *f, guint n, gboolean complete, gboolean with_rows);
/* Calls built from now on have rows without attributes (row->attrs stays NULL): only the JSON
 * ladder prints them, and building them costs as much as drawing the text. */
void ladder_feed_set_no_attrs(ladder_feed_t *f, gboolean no_attrs);

/* The STUN messages no call claimed (not bound to a call's SDP, their mapping not advertised
 * by a SIP frame of a call): a pseudo-call numbered 0 holding only STUN rows and the NAT
 * summary; NULL when there are none (with use_filter: when none of them matched). */
ladder_call_t *ladder_feed_build_unbound_stun(ladder_feed_t *f, gboolean use_filter);

/* The statistics inputs of call n without building its rows (cheap; for the stats tree and
 * the GUI table, which update while packets flow). FALSE when unknown. Strings point into
 * the part records (valid until the capture file is closed). */
gboolean ladder_feed_call_stats(ladder_feed_t *f, guint n, call_stats_call_t *out);

#endif
