/* endpoint.h: an IP address and port, the unit every sipscope map is keyed by.
 * Plain C (GLib only) so the logic parts and their unit tests can use it. */
#ifndef SIPSCOPE_ENDPOINT_H
#define SIPSCOPE_ENDPOINT_H

#include <glib.h>

#define SS_ENDPOINT_STRLEN 56   /* "[xxxx:...:xxxx]:65535" plus NUL, rounded up */

typedef struct {
    guint8  family;   /* 0 = none, 4 = IPv4, 6 = IPv6 */
    guint16 port;     /* 0 = unknown */
    guint8  addr[16]; /* network byte order; IPv4 uses the first 4 bytes, the rest are 0 */
} ss_endpoint_t;

/* Parse an address literal ("192.0.2.1", "2001:db8::1", "[2001:db8::1]") into ep with port.
 * Returns FALSE (and leaves ep zeroed) for anything that is not a numeric address. */
gboolean ss_endpoint_parse(ss_endpoint_t *ep, const char *addr, guint16 port);
/* Set from raw bytes: len 4 (IPv4) or 16 (IPv6); FALSE for any other length. */
gboolean ss_endpoint_set(ss_endpoint_t *ep, const guint8 *bytes, guint len, guint16 port);

gboolean ss_endpoint_equal(const ss_endpoint_t *a, const ss_endpoint_t *b);
gboolean ss_endpoint_addr_equal(const ss_endpoint_t *a, const ss_endpoint_t *b);
guint    ss_endpoint_hash(const ss_endpoint_t *ep);
/* GHashTable / wmem_map adaptors (keys are ss_endpoint_t*) */
guint    ss_endpoint_ghash(gconstpointer k);
gboolean ss_endpoint_gequal(gconstpointer a, gconstpointer b);

/* "192.0.2.1:5060", "[2001:db8::1]:5060"; port omitted when 0. buf needs SS_ENDPOINT_STRLEN. */
const char *ss_endpoint_to_str(const ss_endpoint_t *ep, char *buf, gsize buflen);
/* Address only: "192.0.2.1", "2001:db8::1". */
const char *ss_endpoint_addr_to_str(const ss_endpoint_t *ep, char *buf, gsize buflen);

#endif
