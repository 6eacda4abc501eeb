/* packet-sipdialog.c: epan glue of the sipdialog protocol (SIP dialog and transaction state).
 *
 * The engine (dialog_engine.c, through ws_dialog.c) computes everything on the first pass;
 * this post-dissector renders the frame record on every pass: one `sipdialog` subtree per
 * SIP message, the field contract of SPEC.md, expert infos from stored flags, and the record
 * queued to the `sipscope` tap. Call-level values (outcome, answer/ACK/BYE frames, times)
 * are read from the shared call object at render time: one pass shows what is known so far,
 * `tshark -2` and the GUI show the final values. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>

#include "plugins/core/sipscope.h"
#include "plugins/core/ws_part.h"
#include "plugins/sipdialog/dialog_fsm.h"
#include "plugins/sipdialog/ws_dialog.h"
#include "plugins/sipdialog/ws_dialog_glue.h"

static int proto_sipdialog = -1;

static int hf_call = -1;
static int hf_leg = -1;
static int hf_hop = -1;
static int hf_state = -1;
static int hf_outcome = -1;
static int hf_txn_method = -1;
static int hf_txn_request = -1;
static int hf_txn_final = -1;
static int hf_retransmission = -1;
static int hf_retrans_count = -1;
static int hf_acks = -1;
static int hf_cancels = -1;
static int hf_sdp = -1;
static int hf_codecs = -1;
static int hf_cseq_backwards = -1;
static int hf_invite = -1;
static int hf_answer = -1;
static int hf_ack = -1;
static int hf_bye = -1;
static int hf_pdd = -1;
static int hf_setup_time = -1;
static int hf_duration = -1;
static int hf_hangup_by = -1;
static int hf_final_status = -1;
static int hf_attempts = -1;

static gint ett_sipdialog = -1;

static expert_field ei_orphan = EI_INIT;
static expert_field ei_response_no_request = EI_INIT;
static expert_field ei_unknown_dialog = EI_INIT;
static expert_field ei_cseq_backwards = EI_INIT;
static expert_field ei_not_acked = EI_INIT;
static expert_field ei_no_final_timeout = EI_INIT;
static expert_field ei_no_final_end = EI_INIT;
static expert_field ei_dialog_error = EI_INIT;
static expert_field ei_retransmissions = EI_INIT;

static guint pref_retrans_threshold = 3;

static void want(GArray *w)
{
    sd_dialog_want(w);
}

static proto_item *add_gen(proto_item *ti)
{
    if (ti)
        proto_item_set_generated(ti);
    return ti;
}

static void add_duration(proto_tree *st, int hf, tvbuff_t *tvb, gint64 ns)
{
    nstime_t t;
    if (ns < 0)
        return;
    t.secs = (time_t)(ns / 1000000000);
    t.nsecs = (int)(ns % 1000000000);
    add_gen(proto_tree_add_time(st, hf, tvb, 0, 0, &t));
}

/* Time-dependent checks: a missing final response or ACK is a finding once the capture is
 * complete (a later pass) or 64*T1 passed while the capture went on. */
static gboolean overdue(const sd_clock_t *clk, gint64 since, gboolean *timed_out)
{
    *timed_out = clk && clk->now_ns - since > SD_TIMER_64T1_NS;
    return *timed_out || (clk && clk->complete);
}

static void render_msg(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                       const sipdialog_msg_t *d)
{
    const sd_call_t *c = d->call;
    const sd_txn_t *t = d->txn;
    const sd_clock_t *clk = sd_dialog_clock();
    gboolean is_req = (d->flags & SD_MSG_REQUEST) != 0;
    const char *what = is_req ? (d->method ? d->method : "request") : "response";
    proto_item *ti, *anchor;
    proto_tree *st;
    const char *state = sd_state_str((sd_state_t)d->state);
    sd_outcome_t outcome = sd_call_outcome(c);
    gboolean timed_out;

    ti = add_gen(proto_tree_add_item(tree, proto_sipdialog, tvb, 0, 0, ENC_NA));
    st = proto_item_add_subtree(ti, ett_sipdialog);
    anchor = ti;
    if (c) {
        proto_item_append_text(ti, ": call %u", c->number);
        add_gen(proto_tree_add_uint(st, hf_call, tvb, 0, 0, c->number));
    }
    if (d->leg) {
        proto_item_append_text(ti, ", leg %u", d->leg);
        add_gen(proto_tree_add_uint(st, hf_leg, tvb, 0, 0, d->leg));
    }
    if (state) {
        proto_item_append_text(ti, ", %s", state);
        add_gen(proto_tree_add_string(st, hf_state, tvb, 0, 0, state));
    }
    if (outcome != SD_OUTCOME_NONE)
        add_gen(proto_tree_add_string(st, hf_outcome, tvb, 0, 0, sd_outcome_str(outcome)));
    if (t) {
        if (d->hop)
            add_gen(proto_tree_add_uint(st, hf_hop, tvb, 0, 0, d->hop));
        if (t->method)
            add_gen(proto_tree_add_string(st, hf_txn_method, tvb, 0, 0, t->method));
        if (t->request_frame)
            add_gen(proto_tree_add_uint(st, hf_txn_request, tvb, 0, 0, t->request_frame));
        if (t->final_frame)
            add_gen(proto_tree_add_uint(st, hf_txn_final, tvb, 0, 0, t->final_frame));
    }
    if (d->flags & SD_MSG_RETRANSMISSION) {
        proto_item_append_text(ti, ", retransmission");
        anchor = add_gen(proto_tree_add_boolean(st, hf_retransmission, tvb, 0, 0, TRUE));
        add_gen(proto_tree_add_uint(st, hf_retrans_count, tvb, 0, 0, d->copy));
        if (d->copy > pref_retrans_threshold)
        {
            if (is_req)
                expert_add_info_format(pinfo, anchor, &ei_retransmissions,
                                       "%s (CSeq %u) retransmitted %u times (threshold %u)",
                                       what, d->cseq, d->copy, pref_retrans_threshold);
            else
                expert_add_info_format(pinfo, anchor, &ei_retransmissions,
                                       "%u %s to %s (CSeq %u) retransmitted %u times (threshold %u)",
                                       d->status, d->reason ? d->reason : "",
                                       d->cseq_method ? d->cseq_method : "?", d->cseq,
                                       d->copy, pref_retrans_threshold);
        }
    }
    if (d->related_frame) {
        if (is_req && d->method && strcmp(d->method, "CANCEL") == 0)
            add_gen(proto_tree_add_uint(st, hf_cancels, tvb, 0, 0, d->related_frame));
        else
            add_gen(proto_tree_add_uint(st, hf_acks, tvb, 0, 0, d->related_frame));
    }
    if (d->sdp != SD_SDP_NONE)
        add_gen(proto_tree_add_string(st, hf_sdp, tvb, 0, 0, sd_sdp_role_str((sd_sdp_role_t)d->sdp)));
    if (d->codecs)
        add_gen(proto_tree_add_string(st, hf_codecs, tvb, 0, 0, d->codecs));

    if (c) {
        if (c->invite_frame)
            add_gen(proto_tree_add_uint(st, hf_invite, tvb, 0, 0, c->invite_frame));
        if (c->answer_frame)
            add_gen(proto_tree_add_uint(st, hf_answer, tvb, 0, 0, c->answer_frame));
        if (c->ack_frame)
            add_gen(proto_tree_add_uint(st, hf_ack, tvb, 0, 0, c->ack_frame));
        if (c->bye_frame)
            add_gen(proto_tree_add_uint(st, hf_bye, tvb, 0, 0, c->bye_frame));
        add_duration(st, hf_pdd, tvb, sd_call_pdd_ns(c));
        add_duration(st, hf_setup_time, tvb, sd_call_setup_ns(c));
        add_duration(st, hf_duration, tvb, sd_call_duration_ns(c));
        if (sd_side_str(c->hangup_by))
            add_gen(proto_tree_add_string(st, hf_hangup_by, tvb, 0, 0, sd_side_str(c->hangup_by)));
        if (c->final_status)
            add_gen(proto_tree_add_uint(st, hf_final_status, tvb, 0, 0, c->final_status));
        if (c->attempts)
            add_gen(proto_tree_add_uint(st, hf_attempts, tvb, 0, 0, c->attempts));
    }

    /* expert infos, from stored flags and the shared objects (every pass) */
    if (d->flags & SD_MSG_ORPHAN) {
        if (is_req)
            expert_add_info_format(pinfo, ti, &ei_orphan,
                                   "%s outside any known dialog or transaction of call %u",
                                   what, c ? c->number : 0);
        else
            expert_add_info_format(pinfo, ti, &ei_response_no_request,
                                   "%u %s (to %s): its request is not in the capture",
                                   d->status, d->reason ? d->reason : "",
                                   d->cseq_method ? d->cseq_method : "?");
    }
    if (d->flags & SD_MSG_UNKNOWN_DIALOG)
        expert_add_info_format(pinfo, ti, &ei_unknown_dialog,
                               "%s inside a dialog whose establishment is not in the capture", what);
    if (d->flags & SD_MSG_CSEQ_BACKWARDS) {
        proto_item *bi = add_gen(proto_tree_add_boolean(st, hf_cseq_backwards, tvb, 0, 0, TRUE));
        expert_add_info_format(pinfo, bi ? bi : ti, &ei_cseq_backwards,
                               "CSeq %u %s goes backwards in dialog (leg %u)", d->cseq,
                               d->cseq_method ? d->cseq_method : "", d->leg);
    }
    if (d->flags & SD_MSG_DIALOG_ERROR)
        expert_add_info_format(pinfo, ti, &ei_dialog_error,
                               "%u %s to %s inside a dialog: the dialog is terminated",
                               d->status, d->reason ? d->reason : "",
                               d->cseq_method ? d->cseq_method : "a request");
    if (!(d->flags & SD_MSG_RETRANSMISSION) && t) {
        const sd_leg_t *dl = is_req ? NULL : sd_msg_dialog(d);
        if (is_req && d->method && strcmp(d->method, "INVITE") == 0 && !t->final_frame &&
            overdue(clk, d->ts_ns, &timed_out))
            expert_add_info_format(pinfo, ti, timed_out ? &ei_no_final_timeout : &ei_no_final_end,
                                   timed_out ? "INVITE got no final response within 32 s (Timer B)"
                                             : "INVITE has no final response before the capture ends");
        if (!is_req && d->status >= 200 && d->status < 300 && dl &&
            t->method && strcmp(t->method, "INVITE") == 0 &&
            (!dl->has_ack || dl->acked_cseq < d->cseq) &&
            overdue(clk, d->ts_ns, &timed_out))
            expert_add_info_format(pinfo, ti, &ei_not_acked,
                                   "%u %s to INVITE (CSeq %u) was never ACKed%s", d->status,
                                   d->reason ? d->reason : "", d->cseq,
                                   timed_out ? " within 32 s" : " in the capture");
    }
}

static int dissect_sipdialog(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    const sipdialog_frame_t *r;

    r = sd_frame_get(tree, pinfo);     /* also moves the engine's clock to this frame */
    if (!r)
        return 0;
    for (guint i = 0; i < r->n; i++)
        render_msg(tvb, pinfo, tree, &r->msg[i]);
    ss_tap_queue(pinfo, SS_TAP_DIALOG, r);
    return 0;
}

void sipdialog_register(void)
{
    static hf_register_info hf[] = {
        { &hf_call, { "Call", "sipdialog.call", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Call number, 1-based, in order of first appearance of the Call-ID", HFILL } },
        { &hf_leg, { "Leg", "sipdialog.leg", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Dialog within the call (1 = first To-tag; forks and serial legs get 2, 3, ...)", HFILL } },
        { &hf_hop, { "Hop", "sipdialog.hop", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Which sighting of this request (1 = first hop seen; a proxy's forwarded copy gets 2, 3, ...; not a retransmission)", HFILL } },
        { &hf_state, { "State", "sipdialog.state", FT_STRING, BASE_NONE, NULL, 0x0,
            "Dialog state after this message: calling, proceeding, early, confirmed, terminating, terminated, failed", HFILL } },
        { &hf_outcome, { "Call outcome", "sipdialog.outcome", FT_STRING, BASE_NONE, NULL, 0x0,
            "answered, busy, rejected, cancelled, unanswered, auth-failed, redirected, failed, in-progress", HFILL } },
        { &hf_txn_method, { "Transaction method", "sipdialog.txn.method", FT_STRING, BASE_NONE, NULL, 0x0,
            "Method of this message's transaction (an ACK of a non-2xx belongs to the INVITE's)", HFILL } },
        { &hf_txn_request, { "Transaction request", "sipdialog.txn.request", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "First frame of this message's transaction request", HFILL } },
        { &hf_txn_final, { "Transaction final response", "sipdialog.txn.final", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, "Frame of the transaction's final response", HFILL } },
        { &hf_retransmission, { "Retransmission", "sipdialog.retransmission", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "This message repeats an earlier one of the same transaction (present only on repeats)", HFILL } },
        { &hf_retrans_count, { "Copy number", "sipdialog.retransmission.count", FT_UINT32, BASE_DEC, NULL, 0x0,
            "1 = first repeat of the message, 2 = second, ...", HFILL } },
        { &hf_acks, { "Acknowledges", "sipdialog.acks", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_ACK), 0x0, "ACK: the 2xx it acknowledges; PRACK: the reliable provisional response", HFILL } },
        { &hf_cancels, { "Cancels", "sipdialog.cancels", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "CANCEL: the INVITE it cancels", HFILL } },
        { &hf_sdp, { "SDP role", "sipdialog.sdp", FT_STRING, BASE_NONE, NULL, 0x0,
            "The body is an SDP offer or answer", HFILL } },
        { &hf_codecs, { "SDP codecs", "sipdialog.codecs", FT_STRING, BASE_NONE, NULL, 0x0,
            "Payload formats of the SDP body", HFILL } },
        { &hf_cseq_backwards, { "CSeq backwards", "sipdialog.cseq_backwards", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "CSeq lower than an earlier request of the same side in this dialog", HFILL } },
        { &hf_invite, { "Call INVITE", "sipdialog.invite", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "The call's INVITE (of the attempt that was answered, or the latest)", HFILL } },
        { &hf_answer, { "Call answered in", "sipdialog.answer", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, "The 2xx to the call's INVITE (first seen)", HFILL } },
        { &hf_ack, { "Call ACK", "sipdialog.ack", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_ACK), 0x0, "The ACK of the call's 2xx", HFILL } },
        { &hf_bye, { "Call BYE", "sipdialog.bye", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_NONE), 0x0, "The call's first BYE", HFILL } },
        { &hf_pdd, { "Post-dial delay", "sipdialog.pdd", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "INVITE to first 18x", HFILL } },
        { &hf_setup_time, { "Setup time", "sipdialog.setup_time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "INVITE to 2xx", HFILL } },
        { &hf_duration, { "Duration", "sipdialog.duration", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "ACK to BYE (talk time)", HFILL } },
        { &hf_hangup_by, { "Hung up by", "sipdialog.hangup_by", FT_STRING, BASE_NONE, NULL, 0x0,
            "Sender of the first BYE: caller or callee", HFILL } },
        { &hf_final_status, { "Call final status", "sipdialog.final_status", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Final response that decided the call's outcome", HFILL } },
        { &hf_attempts, { "Call attempts", "sipdialog.attempts", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Initial requests of the call (retries after 401/407 or 3xx count)", HFILL } },
    };
    static gint *ett[] = { &ett_sipdialog };
    static ei_register_info ei[] = {
        { &ei_orphan, { "sipdialog.orphan", PI_SEQUENCE, PI_WARN,
            "Message outside any known dialog or transaction", EXPFILL } },
        { &ei_response_no_request, { "sipdialog.response_without_request", PI_SEQUENCE, PI_NOTE,
            "Response to a request that is not in the capture", EXPFILL } },
        { &ei_unknown_dialog, { "sipdialog.unknown_dialog", PI_SEQUENCE, PI_NOTE,
            "Request inside a dialog whose establishment is not in the capture", EXPFILL } },
        { &ei_cseq_backwards, { "sipdialog.cseq_backwards.expert", PI_SEQUENCE, PI_WARN,
            "CSeq goes backwards inside a dialog", EXPFILL } },
        { &ei_not_acked, { "sipdialog.not_acked", PI_SEQUENCE, PI_WARN,
            "2xx to INVITE never ACKed", EXPFILL } },
        { &ei_no_final_timeout, { "sipdialog.no_final", PI_SEQUENCE, PI_WARN,
            "INVITE got no final response (timed out)", EXPFILL } },
        { &ei_no_final_end, { "sipdialog.no_final.capture_end", PI_SEQUENCE, PI_NOTE,
            "INVITE has no final response before the capture ends", EXPFILL } },
        { &ei_dialog_error, { "sipdialog.dialog_error", PI_SEQUENCE, PI_WARN,
            "481/408 inside a dialog: the dialog is terminated", EXPFILL } },
        { &ei_retransmissions, { "sipdialog.retransmissions", PI_SEQUENCE, PI_WARN,
            "Message retransmitted more often than the threshold", EXPFILL } },
    };
    /* every frame: each moves the engine's clock (transaction timers) */
    static ss_part_t part = { &proto_sipdialog, dissect_sipdialog, want, 0 };
    module_t *m;

    proto_sipdialog = proto_register_protocol("SIP Dialog and Transaction State (sipscope)",
                                              "SIPDIALOG", "sipdialog");
    proto_register_field_array(proto_sipdialog, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_sipdialog), ei, array_length(ei));
    m = prefs_register_protocol(proto_sipdialog, NULL);
    prefs_register_uint_preference(m, "retrans_threshold", "Retransmission warning threshold",
                                   "Add an expert warning to a message repeated more than this many times",
                                   10, &pref_retrans_threshold);
    ss_part_register(&part);
    sd_dialog_register(proto_sipdialog);
}

void sipdialog_handoff(void)
{
    sd_dialog_handoff();
}
