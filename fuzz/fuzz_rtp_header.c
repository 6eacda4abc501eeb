/* fuzz_rtp_header.c: UDP payload bytes -> RTP/RTCP classification and header validation, with
 * the parsed lengths checked to stay inside the packet. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include "plugins/mediabind/rtp_header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mb_rtp_hdr_t r;
    mb_rtcp_hdr_t c;
    (void)mb_pkt_classify(data, size);
    if (mb_rtp_parse(data, size, &r)) {
        if ((size_t)r.header_len + r.padding_len + r.payload_len != size)
            abort();   /* the parts must add up to the packet */
    }
    if (mb_rtcp_parse(data, size, &c)) {
        if (c.srtcp_trailer > MB_SRTCP_MAX_TRAILER || c.count == 0)
            abort();
    }
    return 0;
}
