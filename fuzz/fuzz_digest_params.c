/* fuzz_digest_params.c: a WWW-/Proxy-Authenticate, (Proxy-)Authorization or Authentication-Info
 * value -> dp_parse(), then the digest computation over whatever parameters came out. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include "plugins/sipauth/digest_params.h"
#include "plugins/sipauth/digest_verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dp_list_t *l;
    char *errs;
    if (size < 1)
        return 0;
    l = dp_parse((const char *)data + 1, size - 1, (data[0] & 1) != 0);
    errs = dp_errors_str(l->errors);
    g_free(errs);
    for (guint i = 0; i < l->n; i++) {
        const dp_item_t *it = &l->items[i];
        char ha1[DV_HEX_MAX], out[DV_HEX_MAX];
        dv_input_t in = {
            .alg = dv_alg_parse(dp_get(it, "algorithm") ? dp_get(it, "algorithm") : "MD5"),
            .qop = dv_qop_parse(dp_get(it, "qop")),
            .username = dp_get(it, "username"),
            .realm = dp_get(it, "realm"),
            .nonce = dp_get(it, "nonce"),
            .cnonce = dp_get(it, "cnonce"),
            .nc = dp_get(it, "nc"),
            .method = "INVITE",
            .uri = dp_get(it, "uri"),
            .body = data,
            .body_len = size,
        };
        const char *resp = dp_get(it, "response");
        (void)dp_find(it, "opaque");
        (void)dp_list_has(dp_get(it, "qop"), "auth-int");
        if (in.alg == DV_ALG_UNKNOWN)
            continue;
        dv_ha1_base(in.alg, in.username, in.realm, "fuzz", ha1);
        if (dv_compute(&in, ha1, out) && resp)
            (void)dv_hex_equal(out, resp);
        if (in.username && in.realm)
            dv_userhash(in.alg, in.username, in.realm, out);
    }
    dp_list_free(l);
    return 0;
}
