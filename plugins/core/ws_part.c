/* ws_part.c: post-dissector registration, wanted-field management and the sipscope tap. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/tap.h>
#include <epan/epan_dissect.h>
#include <epan/exceptions.h>

#include "plugins/core/ws_part.h"
#include "plugins/core/ws_sip.h"
#include "plugins/core/ws_input.h"
#include "plugins/core/ws_layers.h"

#define MAX_PARTS 8

static ss_part_t *parts[MAX_PARTS];
static guint n_parts;
static gboolean part_enabled[MAX_PARTS];
static const char *part_short_name[MAX_PARTS];
static gboolean any_enabled;
static dissector_handle_t post_handle;
static int sipscope_tap = -1;

/* Tap mode (ws_input.h): a frame's first-pass work runs from this tap, which the post-dissector
 * queues after everything Wireshark's dissectors queued for the frame. */
static int compute_tap = -1;
static int compute_tapdata;
static gboolean computing;        /* the parts are being run from compute_packet */
static gboolean compute_listening;
/* While computing: the frame's sipscope tap entry (queued by the post-dissector) and the last
 * record chained to it. */
static ss_tap_data_t *chain_head, *chain_tail;

void ss_part_register(ss_part_t *part)
{
    DISSECTOR_ASSERT(n_parts < MAX_PARTS);
    parts[n_parts++] = part;
}

static void run_parts(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    const char *saved = pinfo->current_proto;
    /* From the taps, most frames are RTP: parts that only read SIP or STUN are not even
     * called for them (each call costs instruction-cache room on every packet). */
    guint32 layers = computing ? ss_frame_layers(pinfo) : 0;
    for (guint i = 0; i < n_parts; i++) {
        if (!part_enabled[i])
            continue;
        if (computing && parts[i]->layers && !(parts[i]->layers & layers))
            continue;
        pinfo->current_proto = part_short_name[i];   /* what expert infos name as their protocol */
        parts[i]->dissect(tvb, pinfo, tree, NULL);
    }
    pinfo->current_proto = saved;
}

static tap_packet_status compute_packet(void *tapdata _U_, packet_info *pinfo, epan_dissect_t *edt,
                                        const void *data, tap_flags_t flags _U_)
{
    gboolean visited = pinfo->fd->visited;
    const char *saved_proto = pinfo->current_proto;

    /* dissect_record() marks the frame visited before the taps run; this is still its first pass */
    pinfo->fd->visited = FALSE;
    chain_head = chain_tail = (ss_tap_data_t *)data;
    ss_input_frame(pinfo);
    computing = TRUE;
    /* Taps run outside dissect_record()'s exception handler: a part that throws on bad input
     * here must not take tshark down. A dissector bug is reported the way Wireshark words it. */
    TRY {
        run_parts(edt->tvb, pinfo, NULL);
    }
    CATCH(DissectorError) {
        ws_warning("Dissector bug, protocol %s, in packet %u: %s", pinfo->current_proto, pinfo->num,
                   GET_MESSAGE ? GET_MESSAGE : "(no message)");
    }
    CATCH_BOUNDS_ERRORS {
        /* a malformed frame: its records stop where its bytes did */
    }
    CATCH(ReassemblyError) {
    }
    ENDTRY;
    pinfo->current_proto = saved_proto;
    computing = FALSE;
    chain_head = chain_tail = NULL;
    pinfo->fd->visited = visited;
    return TAP_PACKET_DONT_REDRAW;
}

/* The one post-dissector: the parts now, or (tap mode, first pass without a tree) once the
 * frame's taps ran. Then one sipscope tap entry is queued now, before the taps start, and
 * the parts' records are chained to it. */
static int dissect_sipscope(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (!any_enabled)
        return 0;
    if (compute_listening && !tree && !PINFO_FD_VISITED(pinfo)) {
        ss_tap_data_t *entry = NULL;
        if (have_tap_listener(sipscope_tap))
            entry = wmem_new0(pinfo->pool, ss_tap_data_t);
        tap_queue_packet(compute_tap, pinfo, entry);
        if (entry)
            tap_queue_packet(sipscope_tap, pinfo, entry);
        return 0;
    }
    run_parts(tvb, pinfo, tree);
    return 0;
}

gboolean ss_part_computing(void)
{
    return computing;
}

/* Per capture file: only enabled parts count, and only they ask for fields. Wanted fields force
 * Wireshark to build a (hidden) tree for every packet, so they are asked for only where the
 * parts read the tree (ws_input.h). */
static void parts_init(void)
{
    GHashTable *given = g_hash_table_new(g_direct_hash, g_direct_equal);
    gboolean tree_mode = ss_input_decide_tree();
    GArray *w = g_array_new(FALSE, FALSE, sizeof(int));

    any_enabled = FALSE;
    for (guint i = 0; i < n_parts; i++) {
        ss_part_t *p = parts[i];
        protocol_t *proto = find_protocol_by_id(*p->proto);
        part_enabled[i] = proto_is_protocol_enabled(proto);
        part_short_name[i] = proto_get_protocol_short_name(proto);
        any_enabled |= part_enabled[i];
        if (part_enabled[i] && tree_mode) {
            GArray *all = g_array_new(FALSE, FALSE, sizeof(int));
            p->want(all);
            for (guint j = 0; j < all->len; j++) {
                int hf = g_array_index(all, int, j);
                if (hf > 0 && g_hash_table_add(given, GINT_TO_POINTER(hf)))
                    g_array_append_val(w, hf);
            }
            g_array_free(all, TRUE);
        }
    }
    g_hash_table_destroy(given);
    if (w->len)
        set_postdissector_wanted_hfids(post_handle, w);   /* takes ownership */
    else
        g_array_free(w, TRUE);
    if (any_enabled && !tree_mode) {
        GString *err = register_tap_listener("sipscope_compute", &compute_tapdata, NULL,
                                             TL_IS_DISSECTOR_HELPER, NULL, compute_packet, NULL, NULL);
        if (err) {
            ws_warning("sipscope: %s", err->str);
            g_string_free(err, TRUE);
        } else {
            compute_listening = TRUE;
            ss_input_listen();
        }
    }
}

static void parts_cleanup(void)
{
    set_postdissector_wanted_hfids(post_handle, NULL);
    if (compute_listening) {
        remove_tap_listener(&compute_tapdata);
        ss_input_unlisten();
        compute_listening = FALSE;
    }
}

void ss_tap_queue(packet_info *pinfo, ss_tap_kind_t kind, const void *rec)
{
    ss_tap_data_t *d;
    if (!rec)
        return;
    if (computing) {
        /* deferred: the frame's entry was queued by the post-dissector; fill it, then chain */
        if (!chain_head)
            return;     /* nobody listens */
        if (chain_head->rec) {
            d = wmem_new0(pinfo->pool, ss_tap_data_t);
            chain_tail->next = d;
            chain_tail = d;
        } else {
            d = chain_head;
        }
        d->kind = kind;
        d->rec = rec;
        return;
    }
    if (!have_tap_listener(sipscope_tap))
        return;
    d = wmem_new0(pinfo->pool, ss_tap_data_t);
    d->kind = kind;
    d->rec = rec;
    tap_queue_packet(sipscope_tap, pinfo, d);
}

void ss_parts_register_core(void)
{
    sipscope_tap = register_tap(SS_TAP_NAME);
    compute_tap = register_tap("sipscope_compute");
    /* no protocol of its own: Wireshark neither checks nor records one per call; each part's
     * own enable switch is read per capture file (parts_init) */
    post_handle = create_dissector_handle(dissect_sipscope, -1);
    register_postdissector(post_handle);
    ss_core_register();
    register_init_routine(parts_init);
    ss_layers_register();
    register_cleanup_routine(parts_cleanup);
}

void ss_parts_handoff_core(void)
{
    ss_layers_resolve();
    ss_sip_fields_resolve();
}
