/* ws_fields.c: typed, NULL-tolerant readers over primed fields (see ws_fields.h). */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/ftypes/ftypes.h>
#include <epan/address.h>

#include "plugins/core/ws_fields.h"
#include "plugins/core/ws_layers.h"

const ss_span_t ss_span_all = { NULL, 0, 0 };

void ss_fields_resolve(ss_field_t *fields, gsize n)
{
    for (gsize i = 0; i < n; i++)
        fields[i].hf = proto_registrar_get_id_byname(fields[i].abbrev);
}

void ss_fields_want(GArray *wanted, const ss_field_t *fields, gsize n)
{
    for (gsize i = 0; i < n; i++) {
        gboolean dup = FALSE;
        if (fields[i].hf <= 0)
            continue;
        for (guint j = 0; j < wanted->len && !dup; j++)
            dup = g_array_index(wanted, int, j) == fields[i].hf;
        if (!dup)
            g_array_append_val(wanted, fields[i].hf);
    }
}

ss_span_t ss_span_of(const field_info *fi)
{
    ss_span_t s = { NULL, 0, 0 };
    if (fi && fi->ds_tvb) {
        s.ds_tvb = fi->ds_tvb;
        s.start = fi->start;
        s.end = fi->length >= 0 ? fi->start + fi->length : G_MAXINT;
    }
    return s;
}

ss_span_t ss_span_of_tvb(tvbuff_t *tvb, gint offset, gint len)
{
    ss_span_t s = { NULL, 0, 0 };
    if (tvb && tvb_get_ds_tvb(tvb)) {
        s.ds_tvb = tvb_get_ds_tvb(tvb);
        s.start = tvb_raw_offset(tvb) + offset;
        s.end = len >= 0 ? s.start + len : G_MAXINT;
    }
    return s;
}

guint ss_proto_spans(const GPtrArray *a, ss_span_t *out, guint max)
{
    guint n = 0;
    for (guint i = 0; a && i < a->len && n < max; i++)
        out[n++] = ss_span_of((field_info *)g_ptr_array_index(a, i));
    for (guint i = 0; i + 1 < n; i++)
        if (out[i].ds_tvb && out[i + 1].ds_tvb == out[i].ds_tvb &&
            out[i + 1].start > out[i].start && out[i + 1].start < out[i].end)
            out[i].end = out[i + 1].start;
    return n;
}

guint8 *ss_span_raw(wmem_allocator_t *scope, const ss_span_t *span, guint *len)
{
    gint n;
    if (!span->ds_tvb || span->start < 0)
        return NULL;
    n = tvb_captured_length_remaining(span->ds_tvb, span->start);
    if (span->end != G_MAXINT && span->end - span->start < n)
        n = span->end - span->start;
    if (n <= 0)
        return NULL;
    *len = (guint)n;
    return (guint8 *)tvb_memdup(scope, span->ds_tvb, span->start, n);
}

gboolean ss_span_contains(const ss_span_t *span, const field_info *fi)
{
    if (!span || !span->ds_tvb)
        return TRUE;
    return fi->ds_tvb == span->ds_tvb && fi->start >= span->start && fi->start < span->end;
}

/* Protocol items at the top of the tree (where dissectors put them), found by walking the root's
 * children: a tree built for a display filter or -V is not primed with sipscope's fields when
 * sipscope reads its input from taps (ws_input.h). The array lives in pinfo->pool; only read it. */
GPtrArray *ss_top_items(proto_tree *tree, int hf)
{
    header_field_info *hfi;
    GPtrArray *a;
    guint n = 0;

    if (!tree || hf <= 0)
        return NULL;
    hfi = proto_registrar_get_nth((guint)hf);
    if (!hfi || hfi->type != FT_PROTOCOL || !PTREE_DATA(tree) || !PTREE_DATA(tree)->pinfo)
        return NULL;
    for (proto_node *c = tree->first_child; c; c = c->next)
        if (PNODE_FINFO(c) && PNODE_FINFO(c)->hfinfo->id == hf)
            n++;
    if (!n)
        return NULL;
    a = wmem_new(PTREE_DATA(tree)->pinfo->pool, GPtrArray);
    a->pdata = wmem_alloc_array(PTREE_DATA(tree)->pinfo->pool, gpointer, n);
    a->len = 0;
    for (proto_node *c = tree->first_child; c; c = c->next)
        if (PNODE_FINFO(c) && PNODE_FINFO(c)->hfinfo->id == hf)
            a->pdata[a->len++] = PNODE_FINFO(c);
    return a;
}

GPtrArray *ss_field_array(proto_tree *tree, int hf)
{
    GPtrArray *a;
    if (!tree || hf <= 0)
        return NULL;
    a = proto_get_finfo_ptr_array(tree, hf);
    return a ? a : ss_top_items(tree, hf);
}

field_info *ss_field_nth(proto_tree *tree, int hf, const ss_span_t *span, guint idx)
{
    GPtrArray *a = ss_field_array(tree, hf);
    if (!a)
        return NULL;
    for (guint i = 0; i < a->len; i++) {
        field_info *fi = (field_info *)g_ptr_array_index(a, i);
        if (ss_span_contains(span, fi)) {
            if (idx == 0)
                return fi;
            idx--;
        }
    }
    return NULL;
}

guint ss_field_count(proto_tree *tree, int hf, const ss_span_t *span)
{
    GPtrArray *a = ss_field_array(tree, hf);
    guint n = 0;
    if (!a)
        return 0;
    for (guint i = 0; i < a->len; i++)
        if (ss_span_contains(span, (field_info *)g_ptr_array_index(a, i)))
            n++;
    return n;
}

const char *ss_fi_str(field_info *fi)
{
    if (!fi)
        return NULL;
    switch (fi->hfinfo->type) {
    case FT_STRING: case FT_STRINGZ: case FT_UINT_STRING: case FT_STRINGZPAD: case FT_STRINGZTRUNC:
        return fvalue_get_string(&fi->value);
    default:
        return NULL;
    }
}

gboolean ss_fi_uint(field_info *fi, guint32 *out)
{
    if (!fi)
        return FALSE;
    switch (fi->hfinfo->type) {
    case FT_UINT8: case FT_UINT16: case FT_UINT24: case FT_UINT32: case FT_FRAMENUM: case FT_CHAR:
        *out = fvalue_get_uinteger(&fi->value);
        return TRUE;
    case FT_BOOLEAN:
        *out = fvalue_get_uinteger64(&fi->value) != 0;
        return TRUE;
    default:
        return FALSE;
    }
}

gboolean ss_fi_bool(field_info *fi, gboolean *out)
{
    guint32 v;
    if (!ss_fi_uint(fi, &v))
        return FALSE;
    *out = v != 0;
    return TRUE;
}

gboolean ss_fi_addr(field_info *fi, ss_endpoint_t *out)
{
    if (!fi)
        return FALSE;
    if (fi->hfinfo->type == FT_IPv4) {
        guint32 be = g_htonl(fi->value.value.ipv4.addr);   /* stored in host order */
        return ss_endpoint_set(out, (const guint8 *)&be, 4, 0);
    }
    if (fi->hfinfo->type == FT_IPv6)
        return ss_endpoint_set(out, fi->value.value.ipv6.addr.bytes, 16, 0);
    return FALSE;
}

const guint8 *ss_fi_bytes(field_info *fi, guint *len)
{
    if (!fi)
        return NULL;
    if (fi->hfinfo->type == FT_BYTES) {
        const guint8 *b = fvalue_get_bytes(&fi->value);
        if (!b)
            return NULL;
        if (fi->length < 0)
            return NULL;
        *len = (guint)fi->length;   /* fvalue_length() is not exported in 4.0 */
        return b;
    }
    if (fi->ds_tvb && fi->length > 0 && tvb_bytes_exist(fi->ds_tvb, fi->start, fi->length)) {
        *len = (guint)fi->length;
        return tvb_get_ptr(fi->ds_tvb, fi->start, fi->length);
    }
    return NULL;
}

guint8 *ss_fi_raw(wmem_allocator_t *scope, field_info *fi, guint *len)
{
    gint n;
    if (!fi || !fi->ds_tvb)
        return NULL;
    n = fi->length;
    if (n < 0)
        n = tvb_reported_length_remaining(fi->ds_tvb, fi->start);
    /* only what was captured: a snapped or malformed frame gives what is there */
    if (n > tvb_captured_length_remaining(fi->ds_tvb, fi->start))
        n = tvb_captured_length_remaining(fi->ds_tvb, fi->start);
    if (n <= 0)
        return NULL;
    *len = (guint)n;
    return (guint8 *)tvb_memdup(scope, fi->ds_tvb, fi->start, n);
}

const char *ss_field_str(proto_tree *tree, int hf, const ss_span_t *span)
{
    return ss_fi_str(ss_field_first(tree, hf, span));
}

gboolean ss_field_uint(proto_tree *tree, int hf, const ss_span_t *span, guint32 *out)
{
    return ss_fi_uint(ss_field_first(tree, hf, span), out);
}

gboolean ss_field_bool(proto_tree *tree, int hf, const ss_span_t *span)
{
    gboolean b = FALSE;
    return ss_fi_bool(ss_field_first(tree, hf, span), &b) && b;
}

char *ss_unquote(wmem_allocator_t *scope, const char *s)
{
    gsize n;
    if (!s)
        return NULL;
    n = strlen(s);
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
        return wmem_strndup(scope, s + 1, n - 2);
    return wmem_strdup(scope, s);
}

static void addr_to_ep(const address *a, guint32 port, ss_endpoint_t *ep)
{
    memset(ep, 0, sizeof *ep);
    if (a->type == AT_IPv4 && a->len == 4)
        ss_endpoint_set(ep, (const guint8 *)a->data, 4, (guint16)port);
    else if (a->type == AT_IPv6 && a->len == 16)
        ss_endpoint_set(ep, (const guint8 *)a->data, 16, (guint16)port);
}

void ss_pinfo_src(const packet_info *pinfo, ss_endpoint_t *ep)
{
    addr_to_ep(&pinfo->src, pinfo->srcport, ep);
}

void ss_pinfo_dst(const packet_info *pinfo, ss_endpoint_t *ep)
{
    addr_to_ep(&pinfo->dst, pinfo->destport, ep);
}

gint64 ss_pinfo_ts_ns(const packet_info *pinfo)
{
    return (gint64)pinfo->abs_ts.secs * G_GINT64_CONSTANT(1000000000) + pinfo->abs_ts.nsecs;
}

gboolean ss_frame_is_icmp(const packet_info *pinfo)
{
    return (ss_frame_layers(pinfo) & (SS_LAYER_BIT(SS_LAYER_ICMP) | SS_LAYER_BIT(SS_LAYER_ICMPV6))) != 0;
}
