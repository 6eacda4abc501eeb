/* fuzz_stun_msg.c: STUN bytes from the wire -> stun_msg_parse(), the integrity checks (a fixed key,
 * short- and long-term) and every string accessor on the result. */
#include <stdint.h>
#include <stddef.h>
#include "stun_verify/stun_msg.h"
#include "stun_verify/stun_integrity.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    stun_msg_t m;
    char buf[600];
    guint8 key[32];
    gsize kl;

    if (!stun_msg_parse(data, size, &m))
        return 0;
    stun_msg_str(&m, &m.username, buf, sizeof buf);
    stun_msg_str(&m, &m.realm, buf, sizeof buf);
    stun_msg_str(&m, &m.nonce, buf, sizeof buf);
    stun_msg_str(&m, &m.software, buf, sizeof buf);
    stun_msg_str(&m, &m.error_reason, buf, sizeof buf);
    for (guint i = 0; i < m.n_issues; i++) {
        (void)stun_issue_str(m.issue[i].code);
        (void)stun_attr_str(m.issue[i].attr, m.classic);
    }
    (void)stun_method_str(m.method);
    (void)stun_class_str(m.cls);
    (void)stun_integrity_alg_str(&m);
    (void)stun_integrity_verify(&m, (const guint8 *)"password", 8);
    kl = stun_key_long_term("user", "realm", "password", m.password_algorithm, key);
    if (kl)
        (void)stun_integrity_verify(&m, key, kl);
    return 0;
}
