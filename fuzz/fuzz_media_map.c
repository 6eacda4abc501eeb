/* fuzz_media_map.c: SDP offers/answers and media packets -> mediabind's map and stream stats.
 *
 * The input is a script: op 0 = a SIP message whose SDP text follows (length byte + text),
 * op 1 = a media packet sent to/from an address the last SDPs announced (so packets bind),
 * op 2 = a media packet between arbitrary addresses. Everything a packet reports is read back
 * through the record accessors. */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "plugins/mediabind/media_map.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *methods[] = { "INVITE", "ACK", "UPDATE", "PRACK", "BYE", NULL };
static const guint statuses[] = { 180, 183, 200, 486, 0 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mb_map_t *map = mb_map_new();
    ss_sdp_t *sdps[4] = { NULL, NULL, NULL, NULL };
    ss_endpoint_t fixed[2];
    gint64 now = G_GINT64_CONSTANT(1767225600) * 1000000000;
    guint32 frame = 0;
    guint nsdp = 0;
    size_t i = 0;

    ss_endpoint_parse(&fixed[0], "192.0.2.1", 5060);
    ss_endpoint_parse(&fixed[1], "192.0.2.2", 5060);
    while (i + 6 <= size) {
        const uint8_t *b = data + i;
        guint op = b[0] % 3;
        frame++;
        now += (gint64)b[1] * 1000000;
        i += 6;
        if (op == 0) {
            guint len = b[2];
            mb_sig_t s;
            ss_sdp_t *sdp = NULL;
            if (len > size - i)
                len = (guint)(size - i);
            if (len) {
                sdp = ss_sdp_parse((const char *)data + i, len);
                ss_sdp_free(sdps[nsdp % 4]);
                sdps[nsdp++ % 4] = sdp;
            }
            i += len;
            memset(&s, 0, sizeof s);
            s.frame = frame;
            s.call = 1 + (b[3] & 1);
            s.leg = (b[3] >> 1) & 3;
            s.sender = (b[3] >> 3) % 3;
            s.is_request = (b[4] & 1) != 0;
            s.method = s.is_request ? methods[(b[4] >> 1) % G_N_ELEMENTS(methods)] : NULL;
            s.status = s.is_request ? 0 : statuses[(b[4] >> 1) % G_N_ELEMENTS(statuses)];
            s.cseq_method = "INVITE";
            s.cseq = b[5] & 3;
            s.from_tag = (b[5] & 4) ? "ft" : "ft2";
            s.to_tag = (b[5] & 8) ? "tt" : NULL;
            s.src = fixed[(b[5] >> 4) & 1];
            s.dst = fixed[!((b[5] >> 4) & 1)];
            s.sdp = sdp;
            mb_map_signal(map, &s);
        } else {
            mb_media_t p;
            mediabind_frame_t rec;
            memset(&p, 0, sizeof p);
            p.frame = frame;
            p.kind = (mediabind_kind_t)(b[2] % 3);
            p.ts_ns = now;
            p.len = 12 + b[3];
            p.has_rtp = p.kind == MB_KIND_RTP;
            p.seq = (guint16)(b[4] * 257 + frame);
            p.timestamp = frame * 160u * (b[5] & 3);
            p.ssrc = b[5] >> 6;
            p.pt = b[4] & 0x7f;
            p.marker = (b[5] & 4) != 0;
            if (op == 1 && nsdp) {
                const ss_sdp_t *sd = sdps[(b[2] >> 2) % (nsdp < 4 ? nsdp : 4)];
                if (sd && sd->n_media) {
                    const ss_sdp_media_t *m = &sd->media[(b[3] >> 4) % sd->n_media];
                    p.dst = (b[2] & 0x80) ? m->rtcp : m->rtp;
                    if (m->n_cand && (b[3] & 8))
                        p.dst = m->cand[b[3] % m->n_cand].addr;
                    p.src = fixed[b[3] & 1];
                }
            } else {
                ss_endpoint_parse(&p.src, "198.51.100.1", (guint16)(b[3] * 2));
                ss_endpoint_parse(&p.dst, "198.51.100.2", (guint16)(b[4] * 2));
            }
            (void)mb_map_known(map, &p.dst);
            rec = mb_map_media(map, &p);
            if (rec) {
                const mediabind_stream_t *st = mediabind_frame_stream(rec);
                gboolean neg;
                char buf[64];
                const mediabind_fmt_t *f = mediabind_stream_fmt(st, p.pt, &neg);
                (void)mediabind_fmt_str(f, p.pt, buf, sizeof buf);
                (void)mediabind_stream_receiver(st);
                (void)mediabind_stream_sender(st);
                (void)mediabind_stream_oneway(st);
            }
        }
    }
    (void)mb_map_call(map, 1);
    {
        GPtrArray *calls = mb_map_calls(map);
        if (calls)
            g_ptr_array_free(calls, TRUE);
    }
    (void)mb_map_memory(map);
    mb_map_free(map);
    for (guint k = 0; k < 4; k++)
        ss_sdp_free(sdps[k]);
    return 0;
}
