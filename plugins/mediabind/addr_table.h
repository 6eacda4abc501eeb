/* addr_table.h: receive address:port -> the m-line side that announced it (the media map's
 * address index). Plain C (GLib only).
 *
 * Open addressing with the entries in the slots: no allocation per entry. An IPv4 entry is 16
 * bytes (address, port, flags, binding); anything else (IPv6) goes to a second table of 32-byte
 * slots, created on first use. Keys compare as ss_endpoint_equal() does. Entries are replaced,
 * never removed. At most 3/4 full; capacities grow by half (not doubling to a power of two), so
 * the slots hold 50-75% entries, not 37-75%. */
#ifndef SIPSCOPE_MB_ADDR_TABLE_H
#define SIPSCOPE_MB_ADDR_TABLE_H

#include <glib.h>
#include "plugins/core/endpoint.h"
#include "plugins/mediabind/mediabind_record.h"

typedef struct {
    mediabind_binding_t *b;        /* never NULL in an entry */
    guint8 side;                   /* mediabind_side_t that announced the address (it receives there) */
    guint8 cand_type;              /* mediabind_cand_type_t (0..7), when the address is also a candidate */
    guint8 candidate_only;         /* announced only as an a=candidate, not as c=/m=/a=rtcp */
} mb_addr_val_t;

typedef struct mb_addr_table mb_addr_table_t;

mb_addr_table_t *mb_addr_table_new(void);
void     mb_addr_table_free(mb_addr_table_t *t);
/* TRUE and *out filled when ep has an entry */
gboolean mb_addr_table_find(const mb_addr_table_t *t, const ss_endpoint_t *ep, mb_addr_val_t *out);
/* Insert or replace the entry of ep (v->b must not be NULL). */
void     mb_addr_table_put(mb_addr_table_t *t, const ss_endpoint_t *ep, const mb_addr_val_t *v);
guint    mb_addr_table_size(const mb_addr_table_t *t);
/* bytes held by the slot arrays */
gsize    mb_addr_table_memory(const mb_addr_table_t *t);

#endif
