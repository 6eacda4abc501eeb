/* fuzz_sdp_parse.c: SDP text from the wire -> ss_sdp_parse(), and every accessor on the result. */
#include <stdint.h>
#include <stddef.h>
#include "plugins/core/sdp_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ss_sdp_t *s = ss_sdp_parse((const char *)data, size);
    char buf[64];
    for (guint i = 0; i < s->n_media; i++) {
        const ss_sdp_media_t *m = &s->media[i];
        ss_endpoint_to_str(&m->rtp, buf, sizeof buf);
        ss_endpoint_to_str(&m->rtcp, buf, sizeof buf);
        for (guint j = 0; j < m->n_fmt; j++) {
            ss_sdp_fmt_str(&m->fmt[j], buf, sizeof buf);
            (void)ss_sdp_media_fmt(m, m->fmt[j].pt);
        }
        for (guint j = 0; j < m->n_cand; j++)
            ss_endpoint_to_str(&m->cand[j].addr, buf, sizeof buf);
        (void)ss_sdp_dir_str(m->dir);
    }
    ss_sdp_free(s);
    return 0;
}
