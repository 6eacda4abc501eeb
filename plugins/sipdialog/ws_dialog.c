/* ws_dialog.c: the sipdialog engine inside Wireshark (see ws_dialog.h). */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto_data.h>

#include <string.h>

#include "plugins/core/ws_fields.h"
#include "plugins/core/ws_sip.h"
#include "plugins/core/ws_input.h"
#include "plugins/sipdialog/dialog_engine.h"
#include "plugins/sipdialog/ws_dialog.h"
#include "plugins/sipdialog/ws_dialog_glue.h"

static int proto_key = -1;          /* the sipdialog protocol: owner of the frame records */
static sd_engine_t *engine;
/* First pass: frames come in order and several parts ask for the same frame's record; the
 * last answer saves a per-frame proto-data lookup on every packet (most have no SIP). */
static guint32 last_frame;
static const sipdialog_frame_t *last_rec;

static void dialog_init(void)
{
    sd_engine_free(engine);
    engine = sd_engine_new();
    last_frame = 0;
    last_rec = NULL;
}

static void dialog_cleanup(void)
{
    sd_engine_free(engine);
    engine = NULL;
    last_frame = 0;
    last_rec = NULL;
}

void sd_dialog_register(int proto_sipdialog)
{
    proto_key = proto_sipdialog;
    register_init_routine(dialog_init);
    register_cleanup_routine(dialog_cleanup);
}

void sd_dialog_handoff(void)
{
}

void sd_dialog_want(GArray *wanted)
{
    ss_sip_fields_want(wanted);   /* the extra headers come from the parsed message */
}

const sd_clock_t *sd_dialog_clock(void)
{
    return engine ? sd_engine_clock(engine) : NULL;
}

static gboolean subscription_terminated(const char *s)
{
    while (s && (*s == ' ' || *s == '\t'))
        s++;
    return s && g_ascii_strncasecmp(s, "terminated", 10) == 0 &&
           (s[10] == '\0' || s[10] == ';' || s[10] == ' ' || s[10] == '\t');
}

const sipdialog_frame_t *sd_frame_get(proto_tree *tree, packet_info *pinfo)
{
    const ss_sip_frame_t *sf;
    const sipdialog_frame_t *rec;
    sd_msg_ext_t *ext;

    if (!engine || proto_key < 0)
        return NULL;
    if (PINFO_FD_VISITED(pinfo)) {
        sd_engine_set_complete(engine);
        return (const sipdialog_frame_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_key, 0);
    }
    if (pinfo->num == last_frame)
        return last_rec;
    sd_engine_tick(engine, ss_pinfo_ts_ns(pinfo));
    last_frame = pinfo->num;
    last_rec = NULL;
    sf = ss_sip_frame_get(tree, pinfo);
    if (!sf)
        return NULL;
    ext = wmem_alloc0_array(pinfo->pool, sd_msg_ext_t, sf->n);
    for (guint i = 0; i < sf->n; i++) {
        const ss_sip_msg_t *m = &sf->msg[i];
        ext[i].has_auth = ss_sip_msg_header(m, "Authorization", 0) != NULL ||
                          ss_sip_msg_header(m, "Proxy-Authorization", 0) != NULL;
        ext[i].subscription_terminated =
            subscription_terminated(ss_sip_msg_header(m, "Subscription-State", 0));
    }
    rec = sd_engine_feed(engine, sf->msg, ext, sf->n);
    if (rec && !ss_input_single_pass())   /* kept only for a later dissection of the frame */
        p_add_proto_data(wmem_file_scope(), pinfo, proto_key, 0, (void *)rec);
    last_rec = rec;
    return rec;
}

const sd_call_t *sd_call_get(guint number)
{
    return engine ? sd_engine_call(engine, number) : NULL;
}

guint sd_call_count(void)
{
    return engine ? sd_engine_call_count(engine) : 0;
}
