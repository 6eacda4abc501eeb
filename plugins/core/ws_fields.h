/* ws_fields.h: the shared field-reading layer (epan glue).
 *
 * sipscope reads other dissectors' values from the fields primed through
 * set_postdissector_wanted_hfids(). Everything here tolerates a NULL tree, an hf id of -1
 * (a field this Wireshark does not have) and absent fields: "absent" is the answer then.
 *
 * Grouping: all values of a field in a frame come back in one flat array. A value belongs to
 * a container (one SIP message of several in a TCP segment, one header, one SDP m-section)
 * when it lies in the container's byte range of the same data source; see ss_span_t. */
#ifndef SIPSCOPE_WS_FIELDS_H
#define SIPSCOPE_WS_FIELDS_H

#include <epan/packet.h>
#include "plugins/core/endpoint.h"

/* A field another dissector registers, looked up by its filter name. */
typedef struct {
    const char *abbrev;
    int         hf;      /* -1 until ss_fields_resolve(); stays -1 if unknown */
} ss_field_t;

/* Resolve names to hf ids (call from a handoff routine, after all protocols registered). */
void ss_fields_resolve(ss_field_t *fields, gsize n);
/* Append the resolved ids to a wanted array, skipping -1 and ids already present. */
void ss_fields_want(GArray *wanted, const ss_field_t *fields, gsize n);

/* A byte range in a data source: the extent of a container field. */
typedef struct {
    tvbuff_t *ds_tvb;   /* NULL = no restriction: the whole frame */
    gint      start;
    gint      end;      /* exclusive */
} ss_span_t;

extern const ss_span_t ss_span_all;     /* matches every field */

ss_span_t ss_span_of(const field_info *fi);
/* The same for len bytes at offset of a tvb (len -1: to its end), in its data source's
 * coordinates as Wireshark gives them to field_info. */
ss_span_t ss_span_of_tvb(tvbuff_t *tvb, gint offset, gint len);
/* The spans of the items (ss_field_array() of a protocol, typically) in tree order, at most max.
 * Wireshark 4.0 ignores proto_item_set_len() on an invisible tree (tshark without -V/-T, the
 * GUI's first pass), so a protocol item added with length -1 keeps reaching the end of its
 * data source: each span is clipped at the start of the next item in the same data source
 * (several SIP messages in one TCP segment). */
guint ss_proto_spans(const GPtrArray *items, ss_span_t *out, guint max);
/* The bytes of a span, copied to scope (NULL when nothing was captured there). */
guint8 *ss_span_raw(wmem_allocator_t *scope, const ss_span_t *span, guint *len);
gboolean  ss_span_contains(const ss_span_t *span, const field_info *fi);

/* Raw access: the primed array, else (unprimed tree) the protocol's top-level items; do not free
 * or change it. NULL when there is none. */
GPtrArray  *ss_field_array(proto_tree *tree, int hf);
/* Only the protocol's items at the top of the tree (not those nested in another protocol's
 * subtree), primed or not; pinfo->pool, read only. NULL when there is none. */
GPtrArray  *ss_top_items(proto_tree *tree, int hf);
/* The idx-th value of hf inside span (span NULL = whole frame); NULL when there is none. */
field_info *ss_field_nth(proto_tree *tree, int hf, const ss_span_t *span, guint idx);
static inline field_info *ss_field_first(proto_tree *tree, int hf, const ss_span_t *span)
{
    return ss_field_nth(tree, hf, span, 0);
}
/* How many values of hf lie inside span. */
guint ss_field_count(proto_tree *tree, int hf, const ss_span_t *span);

/* Typed views of one value; NULL/FALSE when the type does not fit. */
const char   *ss_fi_str(field_info *fi);                       /* FT_STRING, FT_STRINGZ...: packet scope */
gboolean      ss_fi_uint(field_info *fi, guint32 *out);        /* FT_UINT8..32, FT_FRAMENUM, FT_BOOLEAN */
gboolean      ss_fi_bool(field_info *fi, gboolean *out);
gboolean      ss_fi_addr(field_info *fi, ss_endpoint_t *out);  /* FT_IPv4, FT_IPv6 (port 0) */
const guint8 *ss_fi_bytes(field_info *fi, guint *len);         /* FT_BYTES; else the field's raw bytes */
/* The bytes a field covers in its data source, copied to scope (NULL when unavailable). */
guint8       *ss_fi_raw(wmem_allocator_t *scope, field_info *fi, guint *len);

/* Convenience: first value of hf inside span. */
const char *ss_field_str(proto_tree *tree, int hf, const ss_span_t *span);
gboolean    ss_field_uint(proto_tree *tree, int hf, const ss_span_t *span, guint32 *out);
gboolean    ss_field_bool(proto_tree *tree, int hf, const ss_span_t *span);   /* FALSE when absent */

/* Strip one pair of surrounding double quotes (Wireshark keeps them in sip.auth.*). */
char *ss_unquote(wmem_allocator_t *scope, const char *s);

/* pinfo's addresses as endpoints (family 0 when not IP). */
void ss_pinfo_src(const packet_info *pinfo, ss_endpoint_t *ep);
void ss_pinfo_dst(const packet_info *pinfo, ss_endpoint_t *ep);
/* pinfo->abs_ts in ns since the epoch */
gint64 ss_pinfo_ts_ns(const packet_info *pinfo);
/* Whether the frame is an ICMP/ICMPv6 message: the SIP/STUN/RTP it carries is a datagram quoted
 * by an error, not a message of the frame's own flow. */
gboolean ss_frame_is_icmp(const packet_info *pinfo);

#endif
