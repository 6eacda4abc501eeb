/* flow_table.h: the current stream of each media flow (source, destination, kind), found once
 * per media packet. Plain C (GLib only).
 *
 * An open-addressing table of (32-bit hash, stream pointer) slots: a lookup reads one slot
 * and then the stream it points to, which the packet updates next anyway. GHashTable keeps
 * hashes, keys and values in three arrays, and on a capture's worth of other data between two
 * packets of a flow each of them was a cache miss (measured: the largest single cost of
 * binding an RTP packet). */
#ifndef SIPSCOPE_FLOW_TABLE_H
#define SIPSCOPE_FLOW_TABLE_H

#include <glib.h>
#include "plugins/mediabind/mediabind_record.h"

typedef struct mb_flow_table mb_flow_table_t;

mb_flow_table_t *mb_flow_table_new(void);
/* Frees the table, not the streams. */
void mb_flow_table_free(mb_flow_table_t *t);
/* The stream standing for the flow, or NULL. */
mediabind_stream_t *mb_flow_table_find(const mb_flow_table_t *t, const ss_endpoint_t *src,
                                       const ss_endpoint_t *dst, mediabind_kind_t kind);
/* s stands for its flow (s->src, s->dst, s->kind) from now on, in place of any earlier piece. */
void mb_flow_table_put(mb_flow_table_t *t, mediabind_stream_t *s);
guint mb_flow_table_size(const mb_flow_table_t *t);
/* bytes held by the slot array */
gsize mb_flow_table_memory(const mb_flow_table_t *t);

#endif
