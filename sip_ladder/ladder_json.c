/* ladder_json.c: the ladder as JSON (format=json).
 *
 * Key names follow Wireshark's sharkd where they fit: a call carries the voip-calls keys
 * (call, start_time, stop_time, initial_speaker, from, to, protocol, packets, state, comment)
 * and each row the voip-convs keys (frame, call, time, src_addr, src_port, dst_addr, dst_port,
 * label, comment). Times are seconds since the capture's first packet; "*_iso" keys are
 * absolute UTC. The text ladder's label of a row is "label" followed by the "notes", which
 * are also joined in "comment". One row per line keeps the output diffable. */
#include "sip_ladder/ladder_render.h"
#include "sip_ladder/json_out.h"

#include <string.h>

void ladder_json_begin(GString *out, const char *tap, const char *filter)
{
    g_string_append(out, "{\n  ");
    json_key(out, "tap");
    json_str(out, tap);
    g_string_append(out, ",\n  ");
    json_key(out, "filter");
    json_str(out, filter);
    g_string_append(out, ",\n  ");
    json_key(out, "calls");
    g_string_append(out, "[");
}

static void kv_str(GString *out, const char *k, const char *v, const char *sep)
{
    g_string_append(out, sep);
    json_key(out, k);
    json_str(out, v);
}

static void kv_uint(GString *out, const char *k, guint64 v, const char *sep)
{
    g_string_append(out, sep);
    json_key(out, k);
    g_string_append_printf(out, "%" G_GUINT64_FORMAT, v);
}

static void kv_int(GString *out, const char *k, gint64 v, const char *sep)
{
    g_string_append(out, sep);
    json_key(out, k);
    g_string_append_printf(out, "%" G_GINT64_FORMAT, v);
}

/* seconds from ns, 6 decimals, null when unknown */
static void kv_secs(GString *out, const char *k, gint64 ns, const char *sep)
{
    char buf[48];
    g_string_append(out, sep);
    json_key(out, k);
    if (ns == LADDER_NO_TIME)
        g_string_append(out, "null");
    else
        g_string_append(out, ladder_secs6(ns, buf, sizeof buf));
}

static void kv_ep(GString *out, const char *k, const ss_endpoint_t *ep, const char *sep)
{
    char buf[SS_ENDPOINT_STRLEN];
    kv_str(out, k, ep->family ? ss_endpoint_to_str(ep, buf, sizeof buf) : NULL, sep);
}

static void kv_frame(GString *out, const char *k, guint32 f, const char *sep)
{
    g_string_append(out, sep);
    json_key(out, k);
    if (f)
        g_string_append_printf(out, "%u", f);
    else
        g_string_append(out, "null");
}

static void row_json(GString *out, const ladder_call_t *c, const ladder_row_t *r, gint64 t0_ns)
{
    char a[SS_ENDPOINT_STRLEN], iso[48];
    char *comment = NULL;
    const char *sep = ", ";

    g_string_append(out, "{");
    kv_uint(out, "frame", r->frame, "");
    kv_uint(out, "call", c->num, sep);
    kv_secs(out, "time", r->ts_ns - t0_ns, sep);
    kv_str(out, "time_iso", ladder_time_iso(r->ts_ns, iso, sizeof iso), sep);
    kv_str(out, "src_addr", r->src.family ? ss_endpoint_addr_to_str(&r->src, a, sizeof a) : NULL, sep);
    kv_uint(out, "src_port", r->src.port, sep);
    kv_str(out, "dst_addr", r->dst.family ? ss_endpoint_addr_to_str(&r->dst, a, sizeof a) : NULL, sep);
    kv_uint(out, "dst_port", r->dst.port, sep);
    kv_uint(out, "src_node", r->src_col, sep);
    kv_uint(out, "dst_node", r->dst_col, sep);
    kv_str(out, "kind", ladder_row_kind_str(r->kind), sep);
    kv_str(out, "label", r->label, sep);
    if (r->notes && r->notes->len) {
        GString *cm = g_string_new(NULL);
        for (guint i = 0; i < r->notes->len; i++)
            g_string_append_printf(cm, "%s%s", i ? " " : "", (const char *)g_ptr_array_index(r->notes, i));
        comment = g_string_free(cm, FALSE);
    }
    kv_str(out, "comment", comment ? comment : "", sep);
    g_free(comment);
    g_string_append(out, ", ");
    json_key(out, "notes");
    g_string_append_c(out, '[');
    for (guint i = 0; r->notes && i < r->notes->len; i++) {
        if (i)
            g_string_append(out, ", ");
        json_str(out, g_ptr_array_index(r->notes, i));
    }
    g_string_append_c(out, ']');
    if (r->index)
        kv_uint(out, "index", r->index, sep);
    for (guint i = 0; r->attrs && i < r->attrs->len; i++) {
        const ladder_attr_t *at = &g_array_index(r->attrs, ladder_attr_t, i);
        g_string_append(out, sep);
        json_key(out, at->key);
        switch (at->type) {
        case LADDER_ATTR_STR:    json_str(out, at->v.s); break;
        case LADDER_ATTR_INT:    g_string_append_printf(out, "%" G_GINT64_FORMAT, at->v.i); break;
        case LADDER_ATTR_DOUBLE: json_fixed(out, at->v.d, 6); break;
        case LADDER_ATTR_BOOL:   g_string_append(out, at->v.b ? "true" : "false"); break;
        }
    }
    g_string_append(out, "}");
}

static void stream_json(GString *out, const ladder_stream_t *s)
{
    const char *sep = ", ";
    g_string_append(out, "{");
    kv_uint(out, "stream", s->num, "");
    kv_str(out, "media", s->media, sep);
    kv_str(out, "protocol", s->proto ? s->proto : "RTP", sep);
    kv_str(out, "codec", s->codec, sep);
    kv_str(out, "direction", ladder_stream_direction(s), sep);
    kv_ep(out, "src", &s->src, sep);
    kv_ep(out, "dst", &s->dst, sep);
    kv_ep(out, "sdp_addr", &s->sdp_addr, sep);
    g_string_append(out, sep);
    json_key(out, "addr_match");
    g_string_append(out, s->addr_mismatch ? "false" : "true");
    kv_str(out, "candidate", s->candidate, sep);
    kv_frame(out, "first_frame", s->first_frame, sep);
    kv_uint(out, "packets", s->packets, sep);
    kv_uint(out, "bytes", s->bytes, sep);
    kv_int(out, "lost", s->lost, sep);
    kv_uint(out, "expected", s->expected, sep);
    g_string_append(out, sep);
    json_key(out, "jitter_ms");
    if (s->jitter_ms >= 0)
        json_fixed(out, s->jitter_ms, 3);
    else
        g_string_append(out, "null");
    g_string_append(out, sep);
    json_key(out, "max_jitter_ms");
    if (s->max_jitter_ms >= 0)
        json_fixed(out, s->max_jitter_ms, 3);
    else
        g_string_append(out, "null");
    kv_secs(out, "duration", (s->first_ns != LADDER_NO_TIME && s->last_ns != LADDER_NO_TIME)
                                 ? s->last_ns - s->first_ns : LADDER_NO_TIME, sep);
    g_string_append(out, sep);
    json_key(out, "one_way");
    g_string_append(out, s->one_way ? "true" : "false");
    kv_uint(out, "ssrc_changes", s->ssrc_changes, sep);
    kv_uint(out, "duplicates", s->duplicates, sep);
    kv_uint(out, "out_of_order", s->out_of_order, sep);
    kv_uint(out, "pt_not_negotiated", s->pt_mismatch, sep);
    g_string_append(out, sep);
    json_key(out, "early_media");
    g_string_append(out, s->early ? "true" : "false");
    g_string_append(out, sep);
    json_key(out, "after_bye");
    g_string_append(out, s->after_bye ? "true" : "false");
    g_string_append(out, "}");
}

static void nat_json(GString *out, const ladder_call_t *c)
{
    char *nat = ladder_nat_summary(c);
    json_key(out, "nat");
    g_string_append(out, "{");
    kv_str(out, "summary", nat, "");
    kv_uint(out, "stun_requests", c->nat.stun_requests, ", ");
    kv_uint(out, "stun_responses", c->nat.stun_responses, ", ");
    kv_uint(out, "translated", c->nat.translated, ", ");
    kv_uint(out, "alg", c->nat.alg, ", ");
    kv_uint(out, "integrity_invalid", c->nat.integrity_bad, ", ");
    kv_uint(out, "connectivity_checks", c->nat.checks, ", ");
    kv_str(out, "mapped", c->nat.mapped, ", ");
    kv_str(out, "observed", c->nat.observed, ", ");
    kv_uint(out, "media_mismatch", ladder_call_media_mismatches(c), ", ");
    g_string_append(out, "}");
    g_free(nat);
}

static void nodes_json(GString *out, const ladder_call_t *c)
{
    json_key(out, "nodes");
    g_string_append(out, "[");
    for (guint i = 0; i < c->cols->len; i++) {
        if (i)
            g_string_append(out, ", ");
        json_str(out, ((ladder_col_t *)g_ptr_array_index(c->cols, i))->name);
    }
    g_string_append(out, "]");
}

static void rows_json(GString *out, const ladder_call_t *c, gint64 t0_ns, const char *nl, const char *close)
{
    json_key(out, "rows");
    g_string_append(out, "[");
    for (guint i = 0; i < c->rows->len; i++) {
        g_string_append(out, i ? "," : "");
        g_string_append(out, nl);
        row_json(out, c, g_ptr_array_index(c->rows, i), t0_ns);
    }
    g_string_append(out, c->rows->len ? close : "]");
}

void ladder_json_call(GString *out, ladder_call_t *c, gboolean first, gint64 t0_ns)
{
    char buf[64], iso[48];
    const char *nl = ",\n      ";
    char *auth, *nat;

    ladder_call_finish(c);
    auth = ladder_auth_summary(&c->auth);
    nat = ladder_nat_summary(c);

    g_string_append(out, first ? "\n    {\n      " : ",\n    {\n      ");
    kv_uint(out, "call", c->num, "");
    kv_str(out, "call_id", c->call_id, nl);
    kv_secs(out, "start_time", c->start_ns != LADDER_NO_TIME ? c->start_ns - t0_ns : LADDER_NO_TIME, nl);
    kv_secs(out, "stop_time", c->stop_ns != LADDER_NO_TIME ? c->stop_ns - t0_ns : LADDER_NO_TIME, nl);
    kv_str(out, "start_iso", c->start_ns != LADDER_NO_TIME ? ladder_time_iso(c->start_ns, iso, sizeof iso) : NULL, nl);
    kv_str(out, "stop_iso", c->stop_ns != LADDER_NO_TIME ? ladder_time_iso(c->stop_ns, iso, sizeof iso) : NULL, nl);
    kv_str(out, "initial_speaker", c->caller_sig.family ? ss_endpoint_addr_to_str(&c->caller_sig, buf, sizeof buf) : NULL, nl);
    kv_str(out, "from", c->caller, nl);
    kv_str(out, "to", c->callee, nl);
    kv_str(out, "protocol", "SIP", nl);
    kv_uint(out, "packets", c->sip_messages, nl);
    kv_str(out, "state", c->state, nl);
    {
        GString *cm = g_string_new(c->outcome ? c->outcome : "");
        if (c->final_status)
            g_string_append_printf(cm, "%s%u%s%s", cm->len ? " " : "", c->final_status,
                                   c->final_reason && *c->final_reason ? " " : "", c->final_reason ? c->final_reason : "");
        kv_str(out, "comment", cm->str, nl);
        g_string_free(cm, TRUE);
    }
    kv_str(out, "method", c->method, nl);
    kv_str(out, "caller_user", c->caller_user, nl);
    kv_str(out, "callee_user", c->callee_user, nl);
    kv_str(out, "caller_ua", c->caller_ua, nl);
    kv_str(out, "callee_ua", c->callee_ua, nl);
    kv_ep(out, "caller_sig", &c->caller_sig, nl);
    kv_ep(out, "callee_sig", &c->callee_sig, nl);
    kv_str(out, "transport", c->transport, nl);
    kv_str(out, "outcome", c->outcome, nl);
    g_string_append(out, nl);
    json_key(out, "final_status");
    if (c->final_status)
        g_string_append_printf(out, "%u", c->final_status);
    else
        g_string_append(out, "null");
    kv_str(out, "final_reason", c->final_reason, nl);
    kv_secs(out, "pdd", c->pdd_ns, nl);
    kv_secs(out, "setup_time", c->setup_ns, nl);
    kv_secs(out, "duration", c->duration_ns, nl);
    kv_str(out, "hangup_by", c->hangup_by, nl);
    kv_frame(out, "invite_frame", c->invite_frame, nl);
    kv_frame(out, "answer_frame", c->answer_frame, nl);
    kv_frame(out, "ack_frame", c->ack_frame, nl);
    kv_frame(out, "bye_frame", c->bye_frame, nl);
    kv_uint(out, "legs", c->legs, nl);
    kv_uint(out, "retransmissions", c->retransmissions, nl);

    g_string_append(out, nl);
    json_key(out, "auth");
    g_string_append(out, "{");
    kv_str(out, "summary", auth, "");
    kv_uint(out, "challenges", c->auth.challenges, ", ");
    kv_uint(out, "requests", c->auth.requests, ", ");
    kv_uint(out, "valid", c->auth.valid, ", ");
    kv_uint(out, "invalid", c->auth.invalid, ", ");
    kv_uint(out, "unverified", c->auth.unverified, ", ");
    kv_uint(out, "unsupported", c->auth.unsupported, ", ");
    kv_str(out, "outcome", c->auth.outcome, ", ");
    kv_str(out, "username", c->auth.username, ", ");
    kv_str(out, "realm", c->auth.realm, ", ");
    kv_str(out, "algorithm", c->auth.algorithm, ", ");
    g_string_append(out, "}");

    g_string_append(out, nl);
    nat_json(out, c);
    g_string_append(out, nl);
    nodes_json(out, c);
    g_string_append(out, nl);
    json_key(out, "streams");
    g_string_append(out, "[");
    for (guint i = 0; i < c->streams->len; i++) {
        g_string_append(out, i ? ",\n        " : "\n        ");
        stream_json(out, g_ptr_array_index(c->streams, i));
    }
    g_string_append(out, c->streams->len ? "\n      ]" : "]");

    g_string_append(out, nl);
    rows_json(out, c, t0_ns, "\n        ", "\n      ]");
    g_string_append(out, "\n    }");
    g_free(auth);
    g_free(nat);
}

void ladder_json_end(GString *out, guint count, ladder_call_t *other, gint64 t0_ns)
{
    g_string_append(out, count == 0 ? "]" : "\n  ]");
    if (other) {
        /* the STUN outside calls: the same shape as a call's NAT summary, nodes and rows */
        ladder_call_finish(other);
        g_string_append(out, ",\n  ");
        json_key(out, "other_stun");
        g_string_append(out, "{\n    ");
        nat_json(out, other);
        g_string_append(out, ",\n    ");
        nodes_json(out, other);
        g_string_append(out, ",\n    ");
        rows_json(out, other, t0_ns, "\n      ", "\n    ]");
        g_string_append(out, "\n  }");
    }
    g_string_append(out, "\n}\n");
}

