/* tap-sipladder.c: sipscope's tap listeners, all on the `sipscope` tap:
 *
 *   -z sipladder[,call=N][,format=text|json|mermaid|plantuml|html][,time=rel|abs|delta][,width=N][,FILTER]
 *   -z sipcdr[,call=N][,format=csv|json][,FILTER]
 *   -z sipcalls,tree[,FILTER]      and Statistics > SIP calls (sipscope) in the GUI
 *   -z sipcalls,table[,FILTER]     and Telephony > SIP calls (sipscope) in the GUI
 *
 * The glue only turns pinfo + tap record into ladder_feed calls and prints what the plain-C
 * renderers produce. "A call is shown when any of its messages matches the filter": the
 * ladder and CDR listeners are registered with the filter and TL_IGNORE_DISPLAY_FILTER, so
 * they see every record (to draw whole calls) and are told which frames matched. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/tap.h>
#include <epan/stat_tap_ui.h>
#include <epan/stats_tree.h>
#include <epan/stats_tree_priv.h>

#include <stdio.h>
#include <stdlib.h>

#include "plugins/core/sipscope.h"
#include "plugins/core/ws_part.h"
#include "sip_ladder/ladder_feed.h"
#include "sip_ladder/ladder_opts.h"
#include "sip_ladder/ladder_render.h"
#include "sip_ladder/cdr_format.h"
#include "sip_ladder/call_stats.h"

/* ---- shared glue ---- */

static void endpoint_from(ss_endpoint_t *ep, const address *a, guint32 port)
{
    if ((a->type == AT_IPv4 && a->len == 4) || (a->type == AT_IPv6 && a->len == 16))
        ss_endpoint_set(ep, (const guint8 *)a->data, (guint)a->len, (guint16)port);
    else
        memset(ep, 0, sizeof *ep);
}

static gint64 nstime_ns(const nstime_t *t)
{
    return (gint64)t->secs * G_GINT64_CONSTANT(1000000000) + t->nsecs;
}

/* what only pinfo knows; the addresses only for STUN (the other records carry their own) */
static void pkt_from(ladder_pkt_t *p, packet_info *pinfo, tap_flags_t flags, const ss_tap_data_t *d)
{
    p->frame = pinfo->num;
    p->ts_ns = nstime_ns(&pinfo->abs_ts);
    p->t0_ns = p->ts_ns - nstime_ns(&pinfo->rel_ts);
    if (d && d->kind == SS_TAP_STUN) {
        endpoint_from(&p->src, &pinfo->src, pinfo->srcport);
        endpoint_from(&p->dst, &pinfo->dst, pinfo->destport);
    } else {
        memset(&p->src, 0, sizeof p->src);
        memset(&p->dst, 0, sizeof p->dst);
    }
    p->len = pinfo->fd ? pinfo->fd->pkt_len : 0;
    p->matched = !(flags & TL_DISPLAY_FILTER_IGNORED);
}

/* feeds one tap record; returns the call it touched (0 none) */
static guint feed_record(ladder_feed_t *f, const ladder_pkt_t *p, const ss_tap_data_t *d, gboolean *new_stream)
{
    if (new_stream)
        *new_stream = FALSE;
    switch (d->kind) {
    case SS_TAP_DIALOG: return ladder_feed_dialog(f, p, d->rec);
    case SS_TAP_AUTH:   return ladder_feed_auth(f, p, d->rec);
    case SS_TAP_STUN:   return ladder_feed_stun(f, p, d->rec);
    case SS_TAP_MEDIA:  return ladder_feed_media(f, p, d->rec, new_stream);
    }
    return 0;
}

/* Every feed holds pointers into the part records of the open capture file. When that file is
 * closed (tshark -b ring buffers, a GUI reload) the records go away, so every feed is emptied:
 * the next file starts afresh, as the parts' own state does. */
static GPtrArray *live_feeds;

static ladder_feed_t *feed_new(void)
{
    ladder_feed_t *f = ladder_feed_new();
    if (!live_feeds)
        live_feeds = g_ptr_array_new();
    g_ptr_array_add(live_feeds, f);
    return f;
}

/* At exit: the list itself (each feed belongs to its tap listener, which tshark keeps). */
static void feeds_shutdown(void)
{
    if (live_feeds)
        g_ptr_array_free(live_feeds, TRUE);
    live_feeds = NULL;
}

static void feed_free(ladder_feed_t *f)
{
    if (live_feeds)
        g_ptr_array_remove_fast(live_feeds, f);
    ladder_feed_free(f);
}

static void feeds_file_closed(void)
{
    for (guint i = 0; live_feeds && i < live_feeds->len; i++)
        ladder_feed_reset(g_ptr_array_index(live_feeds, i));
}

static void out_flush(GString *s)
{
    if (s->len)
        fwrite(s->str, 1, s->len, stdout);
    g_string_truncate(s, 0);
}

/* ---- -z sipladder / -z sipcdr (tshark) ---- */

typedef enum { CLI_LADDER, CLI_CDR } cli_kind_t;

typedef struct {
    cli_kind_t     kind;
    ladder_opts_t  opts;
    ladder_feed_t *feed;
} cli_tap_t;

static const ladder_opts_spec_t ladder_spec = {
    "sipladder", LADDER_OPT_CALL | LADDER_OPT_FORMAT | LADDER_OPT_TIME | LADDER_OPT_WIDTH,
    (1u << LADDER_FMT_TEXT) | (1u << LADDER_FMT_JSON) | (1u << LADDER_FMT_MERMAID) |
    (1u << LADDER_FMT_PLANTUML) | (1u << LADDER_FMT_HTML), LADDER_FMT_TEXT
};

static const ladder_opts_spec_t cdr_spec = {
    "sipcdr", LADDER_OPT_CALL | LADDER_OPT_FORMAT,
    (1u << LADDER_FMT_CSV) | (1u << LADDER_FMT_JSON), LADDER_FMT_CSV
};

static void cli_reset(void *tapdata)
{
    cli_tap_t *t = tapdata;
    ladder_feed_reset(t->feed);
}

static tap_packet_status cli_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_,
                                    const void *data, tap_flags_t flags)
{
    cli_tap_t *t = tapdata;
    tap_packet_status r = TAP_PACKET_DONT_REDRAW;
    for (const ss_tap_data_t *d = data; d; d = d->next) {
        ladder_pkt_t p;
        if (!d->rec)
            continue;   /* a deferred frame where no part found anything (ws_part.h) */
        pkt_from(&p, pinfo, flags, d);
        feed_record(t->feed, &p, d, NULL);
        r = TAP_PACKET_REDRAW;
    }
    return r;
}

/* one call (or the STUN outside calls) of the ladder in the chosen format */
static void ladder_call_out(GString *out, ladder_call_t *c, const ladder_opts_t *o, gint64 t0, gboolean first)
{
    switch (o->format) {
    case LADDER_FMT_JSON:     ladder_json_call(out, c, first, t0); break;
    case LADDER_FMT_MERMAID:  ladder_mermaid_call(out, c, o, t0); break;
    case LADDER_FMT_PLANTUML: ladder_plantuml_call(out, c, o, t0); break;
    case LADDER_FMT_HTML:     ladder_html_call(out, c, o, t0); break;
    case LADDER_FMT_TEXT:
    default:                  ladder_text_call(out, c, o, t0); break;
    }
}

static void cli_draw(void *tapdata)
{
    cli_tap_t *t = tapdata;
    GString *out = g_string_sized_new(65536);
    guint max = ladder_feed_max_call(t->feed), shown = 0, total = 0;
    gboolean use_filter = t->opts.filter != NULL;
    gint64 t0 = ladder_feed_t0(t->feed);
    ladder_call_t *other;

    for (guint n = 1; n <= max; n++) {
        if (!ladder_feed_has_call(t->feed, n))
            continue;
        total++;
        if (ladder_feed_selected(t->feed, n, use_filter) && (!t->opts.call || t->opts.call == n))
            shown++;
    }

    if (t->kind == CLI_LADDER && t->opts.format == LADDER_FMT_TEXT)
        ladder_text_begin(out, shown, total, t->opts.filter, t->opts.call);
    else if (t->kind == CLI_LADDER && t->opts.format == LADDER_FMT_HTML)
        ladder_html_begin(out, t->opts.filter);
    else if (t->kind == CLI_LADDER && t->opts.format == LADDER_FMT_JSON)
        ladder_json_begin(out, "sipladder", t->opts.filter);
    else if (t->kind == CLI_LADDER)
        ;   /* mermaid, plantuml: one block per call */
    else if (t->opts.format == LADDER_FMT_JSON)
        cdr_json_begin(out, t->opts.filter);
    else
        cdr_csv_header(out);

    guint written = 0;
    for (guint n = 1; n <= max; n++) {
        ladder_call_t *c;
        if (!ladder_feed_selected(t->feed, n, use_filter) || (t->opts.call && t->opts.call != n))
            continue;
        c = ladder_feed_build(t->feed, n, TRUE, t->kind == CLI_LADDER);
        if (!c)
            continue;
        if (t->kind == CLI_LADDER)
            ladder_call_out(out, c, &t->opts, t0, written == 0);
        else if (t->opts.format == LADDER_FMT_JSON)
            cdr_json_call(out, c, written == 0);
        else
            cdr_csv_call(out, c);
        written++;
        ladder_call_free(c);
        if (out->len > 60000)
            out_flush(out);
    }

    /* the STUN no call claimed, as a last block of the ladder (not with call=N) */
    other = t->kind == CLI_LADDER && !t->opts.call ? ladder_feed_build_unbound_stun(t->feed, use_filter) : NULL;
    if (t->kind == CLI_LADDER && t->opts.format == LADDER_FMT_JSON) {
        ladder_json_end(out, written, other, t0);
    } else if (t->kind == CLI_LADDER) {
        if (other)
            ladder_call_out(out, other, &t->opts, t0, FALSE);
        if (t->opts.format == LADDER_FMT_TEXT)
            ladder_text_end(out, written);
        else if (t->opts.format == LADDER_FMT_HTML)
            ladder_html_end(out);
    }
    else if (t->opts.format == LADDER_FMT_JSON)
        cdr_json_end(out, written);
    out_flush(out);
    fflush(stdout);
    g_string_free(out, TRUE);
    ladder_call_free(other);
}

static void cli_finish(void *tapdata)
{
    cli_tap_t *t = tapdata;
    feed_free(t->feed);
    ladder_opts_clear(&t->opts);
    g_free(t);
}

static void cli_init(cli_kind_t kind, const ladder_opts_spec_t *spec, const char *opt_arg)
{
    cli_tap_t *t = g_new0(cli_tap_t, 1);
    char *err = NULL;
    GString *gerr;

    if (!ladder_opts_parse(spec, opt_arg, &t->opts, &err)) {
        fprintf(stderr, "tshark: %s\n", err);
        g_free(err);
        g_free(t);
        exit(1);
    }
    t->kind = kind;
    t->feed = feed_new();
    ladder_feed_set_no_attrs(t->feed, !(kind == CLI_LADDER && t->opts.format == LADDER_FMT_JSON));
    gerr = register_tap_listener(SS_TAP_NAME, t, t->opts.filter,
                                 t->opts.filter ? TL_IGNORE_DISPLAY_FILTER : TL_REQUIRES_NOTHING,
                                 cli_reset, cli_packet, cli_draw, cli_finish);
    if (gerr) {
        fprintf(stderr, "tshark: Couldn't register %s tap: %s\n", spec->name, gerr->str);
        g_string_free(gerr, TRUE);
        feed_free(t->feed);
        ladder_opts_clear(&t->opts);
        g_free(t);
        exit(1);
    }
}

static void ladder_cli_init(const char *opt_arg, void *userdata _U_)
{
    cli_init(CLI_LADDER, &ladder_spec, opt_arg);
}

static void cdr_cli_init(const char *opt_arg, void *userdata _U_)
{
    cli_init(CLI_CDR, &cdr_spec, opt_arg);
}

/* ---- -z sipcalls,tree and Statistics > SIP calls (sipscope) ----
 *
 * Top-level nodes keep their creation order; children are sorted by count (Wireshark's
 * default), except the histogram buckets, which are range nodes sorted by range. A call's
 * values change while the capture is read (outcome, duration), so every counter is *set*
 * from call_stats, never just ticked. */

typedef struct {
    ladder_feed_t *feed;
    call_stats_t  *stats;
    GHashTable    *outcomes_seen;   /* names ever shown: set back to 0 when they vanish */
    int calls, outcomes, callers, hours, setup, duration, nat, auth, sig, media;
} st_state_t;

static GHashTable *st_states;   /* stats_tree * -> st_state_t * */

#define ST_CALLS    "Calls (Call-IDs) by first request"
#define ST_OUTCOMES "INVITE calls by outcome"
#define ST_CALLERS  "INVITE calls per caller user"
#define ST_HOURS    "INVITE calls per hour (UTC)"
#define ST_SETUP    "Setup time INVITE->2xx (ms)"
#define ST_DURATION "Duration ACK->BYE (s)"
#define ST_NAT      "NAT signs (INVITE calls)"
#define ST_CHALL    "Auth challenges (401, 407)"
#define ST_AUTH     "Authorised requests by verdict"
#define ST_SIG      "Signalling bytes"
#define ST_MEDIA    "Media bytes"

static void st_state_free(gpointer p)
{
    st_state_t *s = p;
    feed_free(s->feed);
    call_stats_free(s->stats);
    g_hash_table_destroy(s->outcomes_seen);
    g_free(s);
}

static void st_init(stats_tree *st)
{
    st_state_t *s;
    if (!st_states)
        st_states = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, st_state_free);
    /* a GUI retap re-initialises the same tree */
    s = g_new0(st_state_t, 1);
    s->feed = feed_new();
    s->stats = call_stats_new();
    s->outcomes_seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->calls = stats_tree_create_node(st, ST_CALLS, 0, STAT_DT_INT, TRUE);
    s->outcomes = stats_tree_create_node(st, ST_OUTCOMES, 0, STAT_DT_INT, TRUE);
    s->callers = stats_tree_create_node(st, ST_CALLERS, 0, STAT_DT_INT, TRUE);
    s->hours = stats_tree_create_node(st, ST_HOURS, 0, STAT_DT_INT, TRUE);
    s->setup = stats_tree_create_range_node(st, ST_SETUP, 0,
                                            call_stats_setup_ranges[0], call_stats_setup_ranges[1],
                                            call_stats_setup_ranges[2], call_stats_setup_ranges[3],
                                            call_stats_setup_ranges[4], call_stats_setup_ranges[5],
                                            call_stats_setup_ranges[6], NULL);
    s->duration = stats_tree_create_range_node(st, ST_DURATION, 0,
                                               call_stats_duration_ranges[0], call_stats_duration_ranges[1],
                                               call_stats_duration_ranges[2], call_stats_duration_ranges[3],
                                               call_stats_duration_ranges[4], call_stats_duration_ranges[5],
                                               call_stats_duration_ranges[6], NULL);
    s->nat = stats_tree_create_node(st, ST_NAT, 0, STAT_DT_INT, TRUE);
    stats_tree_create_node(st, ST_CHALL, 0, STAT_DT_INT, FALSE);
    s->auth = stats_tree_create_node(st, ST_AUTH, 0, STAT_DT_INT, TRUE);
    s->sig = stats_tree_create_node(st, ST_SIG, 0, STAT_DT_INT, TRUE);
    s->media = stats_tree_create_node(st, ST_MEDIA, 0, STAT_DT_INT, TRUE);
    g_hash_table_replace(st_states, st, s);
}

static void st_cleanup(stats_tree *st)
{
    if (st_states)
        g_hash_table_remove(st_states, st);
}

typedef struct {
    stats_tree *st;
    int parent;
} st_set_ctx_t;

static void st_set_each(gpointer key, gpointer value, gpointer user)
{
    st_set_ctx_t *c = user;
    set_stat_node(c->st, (const char *)key, c->parent, FALSE, (gint)GPOINTER_TO_UINT(value));
}

static void st_set_map(stats_tree *st, int parent, GHashTable *now)
{
    st_set_ctx_t c = { st, parent };
    g_hash_table_foreach(now, st_set_each, &c);
}

/* Range buckets cannot be reached by name (range roots have no child index), so they are set
 * through the node list (epan/stats_tree_priv.h). */
static void st_set_range(stats_tree *st, int range_id, const char *const *names, const guint *counts,
                         const call_stats_bucket_t *vals, guint known)
{
    stat_node *root;
    if (range_id < 0 || (guint)range_id >= st->parents->len)
        return;
    root = g_ptr_array_index(st->parents, range_id);
    root->counter = (gint)known;
    for (stat_node *n = root->children; n; n = n->next)
        for (guint i = 0; i < CALL_STATS_BUCKETS; i++)
            if (strcmp(n->name, names[i]) == 0) {
                n->counter = (gint)counts[i];
                /* the Average/Min/Max columns of a bucket */
                n->total.int_total = vals[i].sum;
                if (counts[i] && vals[i].seen) {
                    n->minvalue.int_min = (gint)CLAMP(vals[i].min, G_MININT, G_MAXINT);
                    n->maxvalue.int_max = (gint)CLAMP(vals[i].max, G_MININT, G_MAXINT);
                }
            }
}

static void st_update_calls(stats_tree *st, st_state_t *s)
{
    const guint *h;
    guint known, ch, v, inv, unv, uns, tr, mm, any;
    GHashTableIter it;
    gpointer k;
    GHashTable *outcomes = call_stats_by_outcome(s->stats);

    set_stat_node(st, ST_CALLS, 0, TRUE, (gint)call_stats_calls(s->stats));
    st_set_map(st, s->calls, call_stats_by_method(s->stats));

    set_stat_node(st, ST_OUTCOMES, 0, TRUE, (gint)call_stats_invite_calls(s->stats));
    g_hash_table_iter_init(&it, s->outcomes_seen);
    while (g_hash_table_iter_next(&it, &k, NULL))
        if (!g_hash_table_contains(outcomes, k))
            set_stat_node(st, (const char *)k, s->outcomes, FALSE, 0);
    g_hash_table_iter_init(&it, outcomes);
    while (g_hash_table_iter_next(&it, &k, NULL))
        if (!g_hash_table_contains(s->outcomes_seen, k))
            g_hash_table_add(s->outcomes_seen, g_strdup(k));
    st_set_map(st, s->outcomes, outcomes);

    set_stat_node(st, ST_CALLERS, 0, TRUE, (gint)call_stats_invite_calls(s->stats));
    st_set_map(st, s->callers, call_stats_by_caller(s->stats));
    set_stat_node(st, ST_HOURS, 0, TRUE, (gint)call_stats_invite_calls(s->stats));
    st_set_map(st, s->hours, call_stats_by_hour(s->stats));

    h = call_stats_setup_hist(s->stats, &known);
    st_set_range(st, s->setup, call_stats_setup_ranges, h, call_stats_setup_values(s->stats), known);
    h = call_stats_duration_hist(s->stats, &known);
    st_set_range(st, s->duration, call_stats_duration_ranges, h, call_stats_duration_values(s->stats), known);

    call_stats_nat(s->stats, &tr, &mm, &any);
    set_stat_node(st, ST_NAT, 0, TRUE, (gint)call_stats_invite_calls(s->stats));
    set_stat_node(st, "with a translated STUN mapping", s->nat, FALSE, (gint)tr);
    set_stat_node(st, "with media not to the SDP address", s->nat, FALSE, (gint)mm);
    set_stat_node(st, "with any NAT sign", s->nat, FALSE, (gint)any);

    call_stats_auth(s->stats, &ch, &v, &inv, &unv, &uns);
    set_stat_node(st, ST_CHALL, 0, FALSE, (gint)ch);
    set_stat_node(st, ST_AUTH, 0, TRUE, (gint)(v + inv + unv + uns));
    set_stat_node(st, "valid", s->auth, FALSE, (gint)v);
    set_stat_node(st, "invalid", s->auth, FALSE, (gint)inv);
    set_stat_node(st, "unverified", s->auth, FALSE, (gint)unv);
    set_stat_node(st, "unsupported", s->auth, FALSE, (gint)uns);
}

static gint clamp_int(guint64 v)
{
    return v > G_MAXINT ? G_MAXINT : (gint)v;
}

static void st_update_traffic(stats_tree *st, st_state_t *s)
{
    guint64 total, avg, peak;
    call_stats_rate(s->stats, CALL_STATS_SIGNALLING, &total, &avg, &peak);
    set_stat_node(st, ST_SIG, 0, TRUE, clamp_int(total));
    set_stat_node(st, "average bytes/s", s->sig, FALSE, clamp_int(avg));
    set_stat_node(st, "peak bytes/s (1 s)", s->sig, FALSE, clamp_int(peak));
    call_stats_rate(s->stats, CALL_STATS_MEDIA, &total, &avg, &peak);
    set_stat_node(st, ST_MEDIA, 0, TRUE, clamp_int(total));
    set_stat_node(st, "average bytes/s", s->media, FALSE, clamp_int(avg));
    set_stat_node(st, "peak bytes/s (1 s)", s->media, FALSE, clamp_int(peak));
}

static tap_packet_status st_record(stats_tree *st, packet_info *pinfo, const ss_tap_data_t *data,
                                   tap_flags_t flags)
{
    st_state_t *s = st_states ? g_hash_table_lookup(st_states, st) : NULL;
    const ss_tap_data_t *d = data;
    ladder_pkt_t p;
    gboolean new_stream = FALSE;
    guint call;

    if (!s || !d || !d->rec)
        return TAP_PACKET_DONT_REDRAW;
    pkt_from(&p, pinfo, flags, data);
    call = feed_record(s->feed, &p, d, &new_stream);
    if (d->kind == SS_TAP_DIALOG)
        call_stats_add_bytes(s->stats, CALL_STATS_SIGNALLING, p.ts_ns, p.len);
    else if (d->kind == SS_TAP_MEDIA)
        call_stats_add_bytes(s->stats, CALL_STATS_MEDIA, p.ts_ns, p.len);
    if (call && (d->kind != SS_TAP_MEDIA || new_stream)) {
        call_stats_call_t cs;
        if (ladder_feed_call_stats(s->feed, call, &cs) && call_stats_set_call(s->stats, call, &cs))
            st_update_calls(st, s);
    }
    if (d->kind == SS_TAP_DIALOG || d->kind == SS_TAP_MEDIA)
        st_update_traffic(st, s);
    return TAP_PACKET_REDRAW;
}

static tap_packet_status st_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
                                   const void *data, tap_flags_t flags)
{
    tap_packet_status r = TAP_PACKET_DONT_REDRAW;
    for (const ss_tap_data_t *d = data; d; d = d->next)
        if (st_record(st, pinfo, d, flags) == TAP_PACKET_REDRAW)
            r = TAP_PACKET_REDRAW;
    return r;
}

/* ---- -z sipcalls,table and Telephony > SIP calls (sipscope) ---- */

enum {
    TC_CALL = 0, TC_START, TC_METHOD, TC_CALLER, TC_CALLEE, TC_OUTCOME, TC_STATUS, TC_PDD, TC_SETUP,
    TC_DURATION, TC_HANGUP, TC_CODECS, TC_STREAMS, TC_AUTH, TC_NAT, TC_CALLID, TC_COUNT
};

static stat_tap_table_item table_fields[TC_COUNT] = {
    { TABLE_ITEM_UINT,   TAP_ALIGN_RIGHT, "Call", "%u" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Start (UTC)", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Method", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Caller", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Callee", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Outcome", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Final", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "PDD (s)", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Setup (s)", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Duration (s)", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Hang-up", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Codecs", "%s" },
    { TABLE_ITEM_UINT,   TAP_ALIGN_RIGHT, "Streams", "%u" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Auth", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "NAT", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT,  "Call-ID", "%s" },
};

#define TABLE_NAME "SIP calls"

typedef struct {
    ladder_feed_t *feed;
    GHashTable    *rows;   /* call number -> row index + 1 */
} table_state_t;

static GHashTable *table_states;   /* stat_tap_table * -> table_state_t * */

static table_state_t *table_state(stat_tap_table *t)
{
    table_state_t *s;
    if (!table_states)
        table_states = g_hash_table_new(g_direct_hash, g_direct_equal);
    s = g_hash_table_lookup(table_states, t);
    if (!s) {
        s = g_new0(table_state_t, 1);
        s->feed = feed_new();
        s->rows = g_hash_table_new(g_direct_hash, g_direct_equal);
        g_hash_table_insert(table_states, t, s);
    }
    return s;
}

static void table_free_item(stat_tap_table *t _U_, guint row _U_, guint col _U_, stat_tap_table_item_type *f)
{
    if (f->type == TABLE_ITEM_STRING) {
        g_free((char *)f->value.string_value);
        f->value.string_value = NULL;
    }
}

static void table_reset(stat_tap_table *t)
{
    table_state_t *s = table_state(t);
    for (guint r = 0; r < t->num_elements; r++) {
        for (guint c = 0; c < t->num_fields; c++)
            table_free_item(t, r, c, &t->elements[r][c]);
        g_free(t->elements[r]);
    }
    g_free(t->elements);
    t->elements = NULL;
    t->num_elements = 0;
    ladder_feed_reset(s->feed);
    g_hash_table_remove_all(s->rows);
}

static void table_init(stat_tap_table_ui *ui)
{
    stat_tap_table *t = stat_tap_find_table(ui, TABLE_NAME);
    if (t) {
        table_reset(t);
        return;
    }
    t = stat_tap_init_table(TABLE_NAME, TC_COUNT, 0, NULL);
    stat_tap_add_table(ui, t);
    /* a table freed with its dialog may have left a state under the same address */
    if (table_states) {
        table_state_t *old = g_hash_table_lookup(table_states, t);
        if (old) {
            g_hash_table_remove(table_states, t);
            feed_free(old->feed);
            g_hash_table_destroy(old->rows);
            g_free(old);
        }
    }
    table_state(t);
}

static char *secs_or_empty(gint64 ns)
{
    char buf[48];
    return g_strdup(ns == LADDER_NO_TIME ? "" : ladder_secs3(ns, buf, sizeof buf));
}

static void table_fill(stat_tap_table_item_type *it, const ladder_call_t *c)
{
    char buf[64];
    GString *codecs = g_string_new(NULL);

    it[TC_CALL].type = TABLE_ITEM_UINT;
    it[TC_CALL].value.uint_value = c->num;
    for (guint i = TC_START; i < TC_COUNT; i++)
        if (i != TC_STREAMS)
            it[i].type = TABLE_ITEM_STRING;
    it[TC_START].value.string_value = g_strdup(c->start_ns != LADDER_NO_TIME ? ladder_time_iso(c->start_ns, buf, sizeof buf) : "");
    it[TC_METHOD].value.string_value = g_strdup(c->method ? c->method : "");
    it[TC_CALLER].value.string_value = g_strdup(c->caller ? c->caller : "");
    it[TC_CALLEE].value.string_value = g_strdup(c->callee ? c->callee : "");
    it[TC_OUTCOME].value.string_value = g_strdup(c->outcome ? c->outcome : "");
    if (c->final_status)
        it[TC_STATUS].value.string_value = g_strdup_printf("%u %s", c->final_status, c->final_reason ? c->final_reason : "");
    else
        it[TC_STATUS].value.string_value = g_strdup("");
    it[TC_PDD].value.string_value = secs_or_empty(c->pdd_ns);
    it[TC_SETUP].value.string_value = secs_or_empty(c->setup_ns);
    it[TC_DURATION].value.string_value = secs_or_empty(c->duration_ns);
    it[TC_HANGUP].value.string_value = g_strdup(c->hangup_by ? c->hangup_by : "");
    for (guint i = 0; i < c->streams->len; i++) {
        const ladder_stream_t *s = g_ptr_array_index(c->streams, i);
        if (s->codec && !strstr(codecs->str, s->codec))
            g_string_append_printf(codecs, "%s%s", codecs->len ? " " : "", s->codec);
    }
    it[TC_CODECS].value.string_value = g_string_free(codecs, FALSE);
    it[TC_STREAMS].type = TABLE_ITEM_UINT;
    it[TC_STREAMS].value.uint_value = c->streams->len;
    it[TC_AUTH].value.string_value = ladder_auth_summary(&c->auth);
    it[TC_NAT].value.string_value = ladder_nat_summary(c);
    it[TC_CALLID].value.string_value = g_strdup(c->call_id ? c->call_id : "");
}

static tap_packet_status table_record(void *tapdata, packet_info *pinfo, const ss_tap_data_t *data,
                                      tap_flags_t flags)
{
    stat_data_t *sd = tapdata;
    stat_tap_table *t;
    table_state_t *s;
    const ss_tap_data_t *d = data;
    ladder_pkt_t p;
    gboolean new_stream = FALSE;
    guint call, row;
    ladder_call_t *c;
    stat_tap_table_item_type items[TC_COUNT];

    if (!d || !d->rec || !sd->stat_tap_data->tables || !sd->stat_tap_data->tables->len)
        return TAP_PACKET_DONT_REDRAW;
    t = g_array_index(sd->stat_tap_data->tables, stat_tap_table *, 0);
    s = table_state(t);
    pkt_from(&p, pinfo, flags, data);
    call = feed_record(s->feed, &p, d, &new_stream);
    if (!call || (d->kind == SS_TAP_MEDIA && !new_stream) || !ladder_feed_has_call(s->feed, call))
        return TAP_PACKET_DONT_REDRAW;
    c = ladder_feed_build(s->feed, call, FALSE, FALSE);
    if (!c)
        return TAP_PACKET_DONT_REDRAW;
    memset(items, 0, sizeof items);
    table_fill(items, c);
    row = GPOINTER_TO_UINT(g_hash_table_lookup(s->rows, GUINT_TO_POINTER(call)));
    if (row > t->num_elements)   /* the table was emptied behind our back */
        row = 0;
    if (!row) {
        row = t->num_elements + 1;
        g_hash_table_insert(s->rows, GUINT_TO_POINTER(call), GUINT_TO_POINTER(row));
    } else {
        for (guint i = 0; i < TC_COUNT; i++)
            table_free_item(t, row - 1, i, stat_tap_get_field_data(t, row - 1, i));
    }
    stat_tap_init_table_row(t, row - 1, TC_COUNT, items);
    ladder_call_free(c);
    return TAP_PACKET_REDRAW;
}

static tap_packet_status table_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_,
                                      const void *data, tap_flags_t flags)
{
    tap_packet_status r = TAP_PACKET_DONT_REDRAW;
    for (const ss_tap_data_t *d = data; d; d = d->next)
        if (table_record(tapdata, pinfo, d, flags) == TAP_PACKET_REDRAW)
            r = TAP_PACKET_REDRAW;
    return r;
}

/* ---- registration (a tap plugin callback) ---- */

void sipladder_register_taps(void)
{
    static tap_param filter_param[] = { { PARAM_FILTER, "filter", "Filter", NULL, TRUE } };
    static stat_tap_ui ladder_ui = {
        REGISTER_STAT_GROUP_TELEPHONY, "SIP call ladder (sipscope)", "sipladder", ladder_cli_init,
        0, NULL
    };
    static stat_tap_ui cdr_ui = {
        REGISTER_STAT_GROUP_TELEPHONY, "SIP call detail records (sipscope)", "sipcdr", cdr_cli_init,
        0, NULL
    };
    static stat_tap_table_ui table_ui = {
        REGISTER_STAT_GROUP_TELEPHONY, "SIP call list (sipscope)", SS_TAP_NAME, "sipcalls,table",
        table_init, table_packet, table_reset, table_free_item, NULL,
        TC_COUNT, table_fields, G_N_ELEMENTS(filter_param), filter_param, NULL, 0
    };

    register_cleanup_routine(feeds_file_closed);
    register_shutdown_routine(feeds_shutdown);
    register_stat_tap_ui(&ladder_ui, NULL);
    register_stat_tap_ui(&cdr_ui, NULL);
    stats_tree_register_plugin(SS_TAP_NAME, "sipcalls", "SIP calls (sipscope)", 0, st_packet, st_init, st_cleanup);
    register_stat_tap_table_ui(&table_ui);
}
