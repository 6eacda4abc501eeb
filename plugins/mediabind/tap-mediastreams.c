/* tap-mediastreams.c: `tshark -z mediabind,streams[,FILTER]`, one line per media stream seen
 * on the sipscope tap, with its binding and statistics (key=value, for people and for the
 * rtp,streams comparison test). Streams are printed by call, stream number, kind and first
 * frame. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/tap.h>
#include <epan/stat_tap_ui.h>

#include <stdio.h>
#include <string.h>

#include "plugins/core/ws_part.h"
#include "plugins/mediabind/ws_mediabind.h"

#define CLI_NAME "mediabind,streams"

typedef struct {
    GHashTable *seen;   /* const mediabind_stream_t * set */
} streams_ctx_t;

static void streams_reset(void *p)
{
    streams_ctx_t *c = p;
    g_hash_table_remove_all(c->seen);
}

static tap_packet_status streams_packet(void *p, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                        const void *data, tap_flags_t flags _U_)
{
    streams_ctx_t *c = p;
    tap_packet_status r = TAP_PACKET_DONT_REDRAW;
    for (const ss_tap_data_t *d = data; d; d = d->next) {
        const mediabind_pkt_t *m = d->rec;
        if (d->kind != SS_TAP_MEDIA || !m)
            continue;
        g_hash_table_add(c->seen, (gpointer)m->stream);
        r = TAP_PACKET_REDRAW;
    }
    return r;
}

static gint cmp_stream(gconstpointer a, gconstpointer b)
{
    const mediabind_stream_t *x = *(const mediabind_stream_t *const *)a;
    const mediabind_stream_t *y = *(const mediabind_stream_t *const *)b;
    if (x->call->call != y->call->call)
        return x->call->call < y->call->call ? -1 : 1;
    if (x->number != y->number)
        return x->number < y->number ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->first_frame < y->first_frame ? -1 : x->first_frame > y->first_frame;
}

static void streams_draw(void *p)
{
    streams_ctx_t *c = p;
    GPtrArray *a = g_ptr_array_new();
    GHashTableIter it;
    gpointer k;

    g_hash_table_iter_init(&it, c->seen);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_ptr_array_add(a, k);
    g_ptr_array_sort(a, cmp_stream);

    printf("========================= mediabind streams =========================\n");
    for (guint i = 0; i < a->len; i++) {
        const mediabind_stream_t *s = g_ptr_array_index(a, i);
        const mediabind_binding_t *b = s->binding;
        const mb_rtp_stats_t *st = &s->stats;
        char src[SS_ENDPOINT_STRLEN], dst[SS_ENDPOINT_STRLEN], codec[64];
        const char *cand = mediabind_cand_str(s->cand_type);
        int sm = mediabind_stream_src_match(s);

        printf("call=%u leg=%u stream=%u kind=%s media=%s dir=%s src=%s dst=%s match=%s src_match=%s candidate=%s "
               "offer=%u answer=%u frames=%u-%u packets=%u bytes=%" G_GUINT64_FORMAT,
               s->call->call, b->leg, s->number, mediabind_kind_str(s->kind), b->media[0] ? b->media : "-",
               mediabind_dir_str(s->direction), ss_endpoint_to_str(&s->src, src, sizeof src),
               ss_endpoint_to_str(&s->dst, dst, sizeof dst), s->addr_match ? "1" : "0", sm < 0 ? "-" : sm ? "1" : "0",
               cand ? cand : "-", b->offer_frame, b->answer_frame, s->first_frame, s->last_frame,
               st->packets, st->bytes);
        if (s->kind == MB_KIND_RTP) {
            printf(" ssrc=0x%08X codec=%s expected=%" G_GUINT64_FORMAT " lost=%" G_GINT64_FORMAT
                   " lost_cumulative=%" G_GINT64_FORMAT " duplicates=%u out_of_order=%u ssrc_changes=%u"
                   " pt_not_negotiated=%u max_delta=%.3f jitter=%.3f max_jitter=%.3f mean_jitter=%.3f jitter_n=%u oneway=%d",
                   st->ssrc, mediabind_fmt_str(mediabind_stream_fmt(s, s->first_pt, NULL), s->first_pt, codec, sizeof codec),
                   mb_rtp_stats_expected(st), mb_rtp_stats_lost(st), mb_rtp_stats_lost_cumulative(st),
                   st->duplicates, st->out_of_order, st->ssrc_changes, s->pt_mismatch,
                   (double)st->max_delta_ns / 1e6, st->jitter_ms, st->max_jitter_ms,
                   st->mean_jitter_ms, st->jitter_samples, mediabind_stream_oneway(s) ? 1 : 0);
        }
        if (s->decoded_by_sipscope)
            printf(" decoded_by=sipscope");
        if (s->prev)
            printf(" continues=%u", s->prev->first_frame);
        printf("\n");
    }
    printf("======================================================================\n");
    g_ptr_array_free(a, TRUE);
}

static void streams_finish(void *p)
{
    streams_ctx_t *c = p;
    g_hash_table_destroy(c->seen);
    g_free(c);
}

static void streams_init(const char *opt_arg, void *userdata _U_)
{
    const char *filter = NULL;
    streams_ctx_t *c;
    GString *err;
    gsize n = strlen(CLI_NAME);

    if (opt_arg && strncmp(opt_arg, CLI_NAME, n) == 0 && opt_arg[n] == ',' && opt_arg[n + 1])
        filter = opt_arg + n + 1;
    c = g_new0(streams_ctx_t, 1);
    c->seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    err = register_tap_listener(SS_TAP_NAME, c, filter, TL_REQUIRES_NOTHING, streams_reset, streams_packet,
                                streams_draw, streams_finish);
    if (err) {
        fprintf(stderr, "tshark: " CLI_NAME ": %s\n", err->str);
        g_string_free(err, TRUE);
        g_hash_table_destroy(c->seen);
        g_free(c);
        exit(1);
    }
}

void mediabind_register_streams_tap(void)
{
    static stat_tap_ui ui = { REGISTER_STAT_GROUP_TELEPHONY, "sipscope media streams", CLI_NAME,
                              streams_init, 0, NULL };
    register_stat_tap_ui(&ui, NULL);
}
