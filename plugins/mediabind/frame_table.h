/* frame_table.h: one pointer-sized value per frame number, in pages allocated on demand.
 * Plain C (GLib only).
 *
 * mediabind's per-frame record is a single guintptr (mediabind_frame_t). Storing it with
 * p_add_proto_data() costs Wireshark's own container per frame (a proto_data_t in file scope
 * plus a list node: about 32 bytes measured on 1M RTP packets); this table costs 8 bytes
 * per frame of a page that holds a bound frame, and nothing for pages without media. */
#ifndef SIPSCOPE_FRAME_TABLE_H
#define SIPSCOPE_FRAME_TABLE_H

#include <glib.h>

#define MB_FRAME_PAGE_BITS 12    /* 4096 frames (32 KB on 64-bit) per page */

typedef struct mb_frame_table mb_frame_table_t;

mb_frame_table_t *mb_frame_table_new(void);
void     mb_frame_table_free(mb_frame_table_t *t);
void     mb_frame_table_set(mb_frame_table_t *t, guint32 frame, guintptr value);
/* 0 for a frame never set */
guintptr mb_frame_table_get(const mb_frame_table_t *t, guint32 frame);
/* bytes held (pages and directory) */
gsize    mb_frame_table_memory(const mb_frame_table_t *t);

#endif
