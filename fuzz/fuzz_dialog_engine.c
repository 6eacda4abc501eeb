/* fuzz_dialog_engine.c: random SIP message sequences -> the sipdialog engine.
 *
 * Each message is 8 input bytes choosing from small vocabularies (methods, statuses, Call-IDs,
 * tags, branches, CSeqs, endpoints), so sequences hit real transactions, forks, hops, CANCELs,
 * orphans and retransmissions instead of never matching anything. A frame carries 1-3 messages;
 * time moves forward by a fuzzed step (and sometimes far, to expire working state). */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "plugins/sipdialog/dialog_engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *methods[] = { "INVITE", "ACK", "BYE", "CANCEL", "PRACK", "UPDATE", "REGISTER",
                                 "OPTIONS", "SUBSCRIBE", "NOTIFY", "INFO", "MESSAGE", "REFER", "FOO" };
static const guint statuses[] = { 100, 180, 183, 200, 202, 302, 401, 403, 407, 408, 481, 486, 487, 491,
                                  500, 603, 699, 0 };
static const char *call_ids[] = { "a@x", "b@x", "c@y", "" };
static const char *tags[] = { NULL, "t1", "t2", "t3" };
static const char *branches[] = { NULL, "z9hG4bK1", "z9hG4bK2", "z9hG4bK3", "old-2543", "z9hG4bK1.hop" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sd_engine_t *e = sd_engine_new();
    ss_sdp_t *sdp = ss_sdp_parse("v=0\r\nc=IN IP4 192.0.2.1\r\nm=audio 4000 RTP/AVP 0\r\n", 47);
    ss_endpoint_t eps[4];
    gint64 now = G_GINT64_CONSTANT(1767225600) * 1000000000;
    guint32 frame = 0;
    size_t i = 0;

    ss_endpoint_parse(&eps[0], "192.0.2.1", 5060);
    ss_endpoint_parse(&eps[1], "192.0.2.2", 5060);
    ss_endpoint_parse(&eps[2], "198.51.100.1", 5060);
    ss_endpoint_parse(&eps[3], "2001:db8::1", 5062);

    while (i + 1 <= size) {
        ss_sip_msg_t msgs[3];
        sd_msg_ext_t ext[3];
        guint n = 1 + data[i++] % 3;
        guint k;
        memset(msgs, 0, sizeof msgs);
        memset(ext, 0, sizeof ext);
        frame++;
        for (k = 0; k < n && i + 8 <= size; k++, i += 8) {
            const uint8_t *b = data + i;
            ss_sip_msg_t *m = &msgs[k];
            m->frame = frame;
            m->index = k;
            m->ts_ns = now;
            m->src = eps[b[0] & 3];
            m->dst = eps[(b[0] >> 2) & 3];
            m->transport = (b[0] >> 4) & 7;
            m->is_request = (b[1] & 1) != 0;
            if (m->is_request) {
                m->method = methods[(b[1] >> 1) % G_N_ELEMENTS(methods)];
                m->ruri = "sip:bob@192.0.2.2";
                m->ruri_user = "bob";
            } else {
                m->status = statuses[(b[1] >> 1) % G_N_ELEMENTS(statuses)];
                m->reason = "R";
            }
            m->call_id = call_ids[b[2] & 3];
            m->call = (b[2] & 3) == 3 ? 0 : (b[2] & 3) + 1;   /* no number without Call-ID */
            m->from_tag = tags[(b[2] >> 2) & 3];
            m->to_tag = tags[(b[2] >> 4) & 3];
            m->from_user = "alice";
            m->to_user = "bob";
            m->has_cseq = (b[2] & 0x40) == 0;
            m->cseq = b[3] % 8;
            m->cseq_method = (b[4] & 1) ? methods[(b[4] >> 1) % G_N_ELEMENTS(methods)]
                                        : (m->method ? m->method : "INVITE");
            m->via_count = b[5] & 3;
            m->via_branch = branches[(b[5] >> 2) % G_N_ELEMENTS(branches)];
            m->via_host = "192.0.2.1";
            m->via_port = 5060;
            m->has_rseq = (b[6] & 1) != 0;
            m->rseq = b[6] >> 1;
            m->has_rack = (b[6] & 0x80) != 0;
            m->rack_rseq = b[6] >> 1;
            m->rack_cseq = m->cseq;
            m->sdp = (b[7] & 1) ? sdp : NULL;
            ext[k].has_auth = (b[7] & 2) != 0;
            ext[k].subscription_terminated = (b[7] & 4) != 0;
            now += (gint64)(b[7] >> 3) * ((b[7] & 0x80) ? G_GINT64_CONSTANT(10000000000) : 1000000);
        }
        if (k == 0) {
            sd_engine_tick(e, now);
            break;
        }
        {
            const sipdialog_frame_t *f = sd_engine_feed(e, msgs, ext, k);
            for (guint j = 0; f && j < f->n; j++) {
                const sipdialog_msg_t *dm = &f->msg[j];
                if (dm->call) {
                    (void)sd_call_outcome(dm->call);
                    (void)sd_call_pdd_ns(dm->call);
                    (void)sd_call_setup_ns(dm->call);
                    (void)sd_call_duration_ns(dm->call);
                    (void)sd_call_leg(dm->call, dm->leg);
                }
                (void)sd_state_str((sd_state_t)dm->state);
            }
        }
    }
    sd_engine_set_complete(e);
    for (guint c = 1; c <= sd_engine_call_count(e); c++) {
        const sd_call_t *call = sd_engine_call(e, c);
        if (call)
            (void)sd_outcome_str(sd_call_outcome(call));
    }
    sd_engine_free(e);
    ss_sdp_free(sdp);
    return 0;
}
