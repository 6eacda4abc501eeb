/* ws_input.c: see ws_input.h. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/tap.h>
#include <epan/dissectors/packet-tcp.h>

#include <stdio.h>
#include <string.h>

#include "plugins/core/ws_input.h"
#include "plugins/core/tshark_args.h"

#define MAX_SIP_PER_FRAME 64

static gboolean single_pass;
static gboolean listening;

/* The frame whose tap data is collected: reset when another frame's data arrives. */
static struct {
    guint32   frame;
    guint     n_sip;
    tvbuff_t *sip[MAX_SIP_PER_FRAME];
    tvbuff_t *udp;
    tvbuff_t *tcp;
    ss_tcp_seg_t seg;
} cur;

static gboolean listeners_registered[3];
static int listener_ids[3];   /* one identity per listener, for remove_tap_listener */

/* argv of this process (/proc/self/cmdline), NULL-terminated; free with g_strfreev. */
static char **self_argv(int *argc)
{
    gchar *buf = NULL;
    gsize len = 0;
    GPtrArray *v;

    *argc = 0;
    if (!g_file_get_contents("/proc/self/cmdline", &buf, &len, NULL))
        return NULL;
    v = g_ptr_array_new();
    for (gsize i = 0; i < len; i += strlen(buf + i) + 1)
        g_ptr_array_add(v, g_strdup(buf + i));
    g_free(buf);
    *argc = (int)v->len;
    g_ptr_array_add(v, NULL);
    return (char **)g_ptr_array_free(v, FALSE);
}

gboolean ss_input_decide_tree(void)
{
    const char *force = g_getenv("SIPSCOPE_INPUT");
    int argc = 0;
    char **argv;
    gchar *prog;
    gboolean tree_mode;

    single_pass = FALSE;
    if (force && strcmp(force, "tree") == 0)
        return TRUE;
    argv = self_argv(&argc);
    if (!argv || argc < 1) {
        g_strfreev(argv);
        return TRUE;
    }
    prog = g_path_get_basename(argv[0]);
    /* tshark runs taps on its only pass, not on the first of -2; the GUI runs them on its
     * first pass (file.c add_packet_to_packet_list). Anything else gets trees, as before. */
    if (strcmp(prog, "tshark") == 0) {
        single_pass = !ss_tshark_two_pass(argc, argv);
        tree_mode = !single_pass || ss_tshark_expert_tap(argc, argv);
    }
    else if (strcmp(prog, "wireshark") == 0)
        tree_mode = FALSE;
    else
        tree_mode = TRUE;
    g_free(prog);
    g_strfreev(argv);
    return tree_mode;
}

gboolean ss_input_single_pass(void)
{
    return single_pass;
}

static void frame_of(const packet_info *pinfo)
{
    if (cur.frame != pinfo->num) {
        /* not a memset: this runs for every frame, and sip[] is read only below n_sip */
        cur.frame = pinfo->num;
        cur.n_sip = 0;
        cur.udp = cur.tcp = NULL;
        cur.seg.valid = FALSE;
    }
}

void ss_input_frame(const packet_info *pinfo)
{
    frame_of(pinfo);    /* a frame no tap gave anything for must not see the previous frame's */
}

static tap_packet_status sip_packet(void *tapdata _U_, packet_info *pinfo, epan_dissect_t *edt _U_,
                                    const void *data, tap_flags_t flags _U_)
{
    frame_of(pinfo);
    if (data && cur.n_sip < MAX_SIP_PER_FRAME)
        cur.sip[cur.n_sip++] = (tvbuff_t *)data;
    return TAP_PACKET_DONT_REDRAW;
}

static tap_packet_status udp_packet(void *tapdata _U_, packet_info *pinfo, epan_dissect_t *edt _U_,
                                    const void *data, tap_flags_t flags _U_)
{
    frame_of(pinfo);
    cur.udp = (tvbuff_t *)data;
    return TAP_PACKET_DONT_REDRAW;
}

/* tcp_follow's data (packet-tcp.c tcp_follow_tap_data_t, not in the installed headers): the
 * segment's payload tvb, then its header (packet-tcp.h struct tcpheader). */
typedef struct { tvbuff_t *tvb; const struct tcpheader *tcph; } tcp_follow_head_t;

static tap_packet_status tcp_packet(void *tapdata _U_, packet_info *pinfo, epan_dissect_t *edt _U_,
                                    const void *data, tap_flags_t flags _U_)
{
    frame_of(pinfo);
    const tcp_follow_head_t *h = (const tcp_follow_head_t *)data;
    cur.tcp = h ? h->tvb : NULL;
    memset(&cur.seg, 0, sizeof cur.seg);
    if (h && h->tcph && h->tcph->th_have_seglen) {
        cur.seg.valid = TRUE;
        cur.seg.stream = h->tcph->th_stream;
        cur.seg.seq = h->tcph->th_rawseq;
        cur.seg.len = h->tcph->th_seglen;
    }
    return TAP_PACKET_DONT_REDRAW;
}

static const struct {
    const char *tap;
    tap_packet_cb cb;
} sources[3] = {
    { "sip_follow", sip_packet },
    { "udp_follow", udp_packet },
    { "tcp_follow", tcp_packet },
};

void ss_input_listen(void)
{
    if (listening)
        return;
    for (guint i = 0; i < G_N_ELEMENTS(sources); i++) {
        GString *err = register_tap_listener(sources[i].tap, &listener_ids[i], NULL, TL_IS_DISSECTOR_HELPER,
                                             NULL, sources[i].cb, NULL, NULL);
        if (err) {
            ws_warning("sipscope: cannot listen to the %s tap: %s", sources[i].tap, err->str);
            g_string_free(err, TRUE);
            listeners_registered[i] = FALSE;
        } else {
            listeners_registered[i] = TRUE;
        }
    }
    memset(&cur, 0, sizeof cur);
    listening = TRUE;
}

void ss_input_unlisten(void)
{
    if (!listening)
        return;
    for (guint i = 0; i < G_N_ELEMENTS(sources); i++)
        if (listeners_registered[i])
            remove_tap_listener(&listener_ids[i]);
    memset(&cur, 0, sizeof cur);
    listening = FALSE;
}

guint ss_input_sip_count(void)
{
    return cur.n_sip;
}

tvbuff_t *ss_input_sip_tvb(guint i)
{
    return i < cur.n_sip ? cur.sip[i] : NULL;
}

tvbuff_t *ss_input_udp_payload(void)
{
    return cur.udp;
}

tvbuff_t *ss_input_tcp_payload(void)
{
    return cur.tcp;
}

const ss_tcp_seg_t *ss_input_tcp_seg(void)
{
    return cur.tcp && cur.seg.valid ? &cur.seg : NULL;
}
