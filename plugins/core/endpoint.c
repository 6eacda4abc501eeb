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
    /* FNV-1a over the meaningful bytes */
    guint32 h = 2166136261u;
    guint n = ep->family == 6 ? 16 : 4;
    for (guint i = 0; i < n; i++)
        h = (h ^ ep->addr[i]) * 16777619u;
    h = (h ^ (ep->port & 0xff)) * 16777619u;
    h = (h ^ (ep->port >> 8)) * 16777619u;
    h = (h ^ ep->family) * 16777619u;
    return h;
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
