/* endpoint.c: IP address + port values (see endpoint.h). */
#include "plugins/core/endpoint.h"

#include <arpa/inet.h>
#include <string.h>

gboolean ss_endpoint_parse(ss_endpoint_t *ep, const char *addr, guint16 port)
{
    char tmp[64];
    gsize n;

    memset(ep, 0, sizeof *ep);
    if (!addr)
        return FALSE;
    n = strlen(addr);
    if (n >= 2 && addr[0] == '[' && addr[n - 1] == ']') {   /* bracketed IPv6 from a URI */
        addr++;
        n -= 2;
    }
    if (n == 0 || n >= sizeof tmp)
        return FALSE;
    memcpy(tmp, addr, n);
    tmp[n] = '\0';
    if (inet_pton(AF_INET, tmp, ep->addr) == 1) {
        ep->family = 4;
    } else if (inet_pton(AF_INET6, tmp, ep->addr) == 1) {
        ep->family = 6;
    } else {
        memset(ep, 0, sizeof *ep);
        return FALSE;
    }
    ep->port = port;
    return TRUE;
}

gboolean ss_endpoint_set(ss_endpoint_t *ep, const guint8 *bytes, guint len, guint16 port)
{
    memset(ep, 0, sizeof *ep);
    if (!bytes || (len != 4 && len != 16))
        return FALSE;
    memcpy(ep->addr, bytes, len);
    ep->family = len == 4 ? 4 : 6;
    ep->port = port;
    return TRUE;
}

gboolean ss_endpoint_addr_equal(const ss_endpoint_t *a, const ss_endpoint_t *b)
{
    return a->family == b->family && memcmp(a->addr, b->addr, sizeof a->addr) == 0;
}

gboolean ss_endpoint_equal(const ss_endpoint_t *a, const ss_endpoint_t *b)
{
    return a->port == b->port && ss_endpoint_addr_equal(a, b);
}

guint ss_endpoint_hash(const ss_endpoint_t *ep)
{
    /* word-wise multiply-xor (media lookups run per packet): all 16 address bytes, as
     * ss_endpoint_addr_equal compares them (IPv4 leaves the last 12 zero), then port and
     * family in bits IPv4 leaves free */
    guint64 w[2], h;
    memcpy(w, ep->addr, sizeof w);
    h = (w[0] ^ ((guint64)ep->port << 48) ^ ((guint64)ep->family << 40)) * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15);
    h ^= h >> 29;
    h = (h ^ w[1]) * G_GUINT64_CONSTANT(0xBF58476D1CE4E5B9);
    return (guint)(h ^ (h >> 32));
}

guint ss_endpoint_ghash(gconstpointer k) { return ss_endpoint_hash(k); }
gboolean ss_endpoint_gequal(gconstpointer a, gconstpointer b) { return ss_endpoint_equal(a, b); }

const char *ss_endpoint_addr_to_str(const ss_endpoint_t *ep, char *buf, gsize buflen)
{
    if (buflen == 0)
        return buf;
    buf[0] = '\0';
    if (ep->family == 4)
        inet_ntop(AF_INET, ep->addr, buf, (socklen_t)buflen);
    else if (ep->family == 6)
        inet_ntop(AF_INET6, ep->addr, buf, (socklen_t)buflen);
    return buf;
}

const char *ss_endpoint_to_str(const ss_endpoint_t *ep, char *buf, gsize buflen)
{
    char a[INET6_ADDRSTRLEN];

    ss_endpoint_addr_to_str(ep, a, sizeof a);
    if (ep->port == 0)
        g_strlcpy(buf, a, buflen);
    else if (ep->family == 6)
        g_snprintf(buf, (gulong)buflen, "[%s]:%u", a, ep->port);
    else
        g_snprintf(buf, (gulong)buflen, "%s:%u", a, ep->port);
    return buf;
}
