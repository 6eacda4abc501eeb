/* fuzz_sip_parse.c: raw SIP message bytes -> ss_sip_parse(), then every header through the
 * comma splitter and the parameter reader the parts use on other headers. */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "plugins/core/sip_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ss_sip_msg_t m;
    ss_sip_parsed_t *p;

    memset(&m, 0, sizeof m);
    p = ss_sip_parse(data, size, &m);
    if (!p)
        return 0;
    for (guint i = 0; i < m.n_headers; i++) {
        char *copy = g_strdup(m.headers[i].value);
        char *elems[8], val[32];
        guint n = ss_sip_split_commas(copy, elems, G_N_ELEMENTS(elems));
        for (guint j = 0; j < n; j++) {
            const char *semi = strchr(elems[j], ';');
            (void)ss_sip_param(semi ? semi : "", "tag", val, sizeof val);
            (void)ss_sip_param(semi ? semi : "", "branch", val, sizeof val);
        }
        (void)ss_sip_msg_header(&m, m.headers[i].name, 1);
        g_free(copy);
    }
    /* every string the parser handed out must be readable */
    {
        const char *strs[] = { m.method, m.reason, m.ruri, m.ruri_user, m.call_id, m.from_tag,
                               m.to_tag, m.from_addr, m.from_user, m.from_display, m.to_addr,
                               m.to_user, m.to_display, m.cseq_method, m.via_branch, m.via_transport,
                               m.via_host, m.via_received, m.contact_uri, m.contact_host,
                               m.user_agent, m.server, m.content_type, m.reason_hdr };
        volatile size_t total = 0;
        for (gsize i = 0; i < G_N_ELEMENTS(strs); i++)
            if (strs[i])
                total += strlen(strs[i]);
        if (m.body_len)
            total += m.body[m.body_len - 1];
        (void)total;
    }
    ss_sip_parsed_free(p);
    return 0;
}
