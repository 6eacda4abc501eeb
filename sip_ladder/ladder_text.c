/* ladder_text.c: the text ladder (format=text).
 *
 *   Call 1: INVITE alice@example.com -> bob@example.com
 *     Call-ID      ...
 *     ...
 *       time  frame  192.0.2.10                198.51.100.1
 *                        |                          |
 *   0.000000      1      |     INVITE bob           |  SDP offer PCMA,PCMU
 *                        |5060 ------------------> 5060
 *
 * One column (lifeline) per endpoint address, in order of first appearance. Each row takes two
 * lines: the label over the arrow, then the arrow with the ports at its ends. A label is made of
 * parts (the label and its notes); the parts that fit between the two lifelines are written over
 * the arrow, the rest goes to the right of the diagram, so nothing is ever cut. */
#include "sip_ladder/ladder_render.h"

#include <string.h>

#define PITCH_MIN 16    /* "65535 ---> 65535" fits between two lifelines */
#define PITCH_MAX 40
#define RIGHT_GAP 3     /* between the last lifeline and the right-hand text */

/* ---- a line of cells (Unicode code points), right-trimmed when written out ---- */

typedef struct {
    GArray *cells;   /* gunichar */
} line_t;

static void line_init(line_t *l)
{
    l->cells = g_array_new(FALSE, FALSE, sizeof(gunichar));
}

static void line_reset(line_t *l)
{
    g_array_set_size(l->cells, 0);
}

static void line_free(line_t *l)
{
    g_array_free(l->cells, TRUE);
}

static void line_ensure(line_t *l, guint n)
{
    guint old = l->cells->len;
    if (old >= n)
        return;
    /* grow in steps, not a cell at a time: the padding is spaces, which line_out trims */
    n = MAX(n, MAX(old * 2, 128u));
    g_array_set_size(l->cells, n);
    for (guint i = old; i < n; i++)
        g_array_index(l->cells, gunichar, i) = ' ';
}

static inline void line_put_char(line_t *l, guint x, gunichar ch)
{
    if (G_UNLIKELY(x >= l->cells->len))
        line_ensure(l, x + 1);
    g_array_index(l->cells, gunichar, x) = ch;
}

/* writes UTF-8 text at x; returns the column after it */
static guint line_put(line_t *l, guint x, const char *s)
{
    for (const char *p = s; *p;) {
        if ((guchar)*p < 0x80) {
            line_put_char(l, x++, (gunichar)(guchar)*p++);   /* ASCII: no decoding */
        } else {
            line_put_char(l, x++, g_utf8_get_char(p));
            p = g_utf8_next_char(p);
        }
    }
    return x;
}

static void line_out(line_t *l, GString *out)
{
    guint n = l->cells->len;
    const gunichar *cells = (const gunichar *)(void *)l->cells->data;
    gsize at;
    while (n > 0 && cells[n - 1] == ' ')
        n--;
    /* most cells are ASCII: write them straight into the string's buffer */
    at = out->len;
    g_string_set_size(out, at + n + 1);
    for (guint i = 0; i < n; i++) {
        gunichar c = cells[i];
        if (G_LIKELY(c < 0x80)) {
            out->str[at++] = (gchar)c;
        } else {
            g_string_truncate(out, at);
            for (; i < n; i++)          /* the rest one by one, encoded */
                g_string_append_unichar(out, cells[i]);
            g_string_append_c(out, '\n');
            return;
        }
    }
    out->str[at++] = '\n';
}

static guint ulen(const char *s)
{
    return (guint)g_utf8_strlen(s, -1);
}

/* ---- time column ---- */

const char *ladder_row_time(const ladder_row_t *r, const ladder_row_t *prev, ladder_time_t t,
                            gint64 t0_ns, char *buf, gsize len)
{
    char tmp[32];
    switch (t) {
    case LADDER_TIME_ABS:
        return ladder_time_of_day(r->ts_ns, buf, len);
    case LADDER_TIME_DELTA:
        g_snprintf(buf, (gulong)len, "+%s", ladder_secs6(prev ? r->ts_ns - prev->ts_ns : 0, tmp, sizeof tmp));
        return buf;
    case LADDER_TIME_REL:
    default:
        return ladder_secs6(r->ts_ns - t0_ns, buf, len);
    }
}

/* ---- the summary block ---- */

void ladder_text_begin(GString *out, guint shown, guint total, const char *filter, guint call)
{
    if (!filter && !call) {
        g_string_append_printf(out, "sipladder: %u call%s\n\n", total, total == 1 ? "" : "s");
        return;
    }
    g_string_append_printf(out, "sipladder: %u of %u call%s shown (", shown, total, total == 1 ? "" : "s");
    if (call)
        g_string_append_printf(out, "call=%u%s", call, filter ? ", " : "");
    if (filter)
        g_string_append_printf(out, "filter: %s", filter);
    g_string_append(out, ")\n\n");
}

void ladder_text_end(GString *out, guint shown)
{
    (void)out;
    (void)shown;
}

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

static const char *secs_or_dash(gint64 ns, char *buf, gsize len)
{
    char tmp[32];
    if (ns == LADDER_NO_TIME)
        return "-";
    g_snprintf(buf, (gulong)len, "%s s", ladder_secs3(ns, tmp, sizeof tmp));
    return buf;
}

/* the pseudo-call 0: STUN outside every call */
static void summary_other(GString *out, ladder_call_t *c)
{
    char b1[64], b2[64];
    char *nat = ladder_nat_summary(c);
    g_string_append_printf(out, "STUN outside calls: %u message%s not bound to a call's SDP and whose mapping "
                           "no SIP message advertised\n", c->rows->len, c->rows->len == 1 ? "" : "s");
    g_string_append_printf(out, "  Start        %s", or_dash(ladder_time_iso(c->start_ns, b1, sizeof b1)));
    if (c->rows->len)
        g_string_append_printf(out, " (frame %u)", ((ladder_row_t *)g_ptr_array_index(c->rows, 0))->frame);
    if (c->stop_ns != LADDER_NO_TIME && c->start_ns != LADDER_NO_TIME)
        g_string_append_printf(out, ", last packet +%s s", ladder_secs3(c->stop_ns - c->start_ns, b2, sizeof b2));
    g_string_append_printf(out, "\n  NAT          %s\n", nat);
    g_free(nat);
}

static void summary(GString *out, ladder_call_t *c)
{
    char b1[64], b2[64], b3[64];
    char *auth, *nat;

    if (c->num == 0) {
        summary_other(out, c);
        return;
    }
    auth = ladder_auth_summary(&c->auth);
    nat = ladder_nat_summary(c);

    if (!c->method && !c->caller && !c->callee)
        g_string_append_printf(out, "Call %u: (no initial request in the capture)\n", c->num);
    else
        g_string_append_printf(out, "Call %u: %s %s -> %s\n", c->num, c->method ? c->method : "?",
                               c->caller ? c->caller : "?", c->callee ? c->callee : "?");
    g_string_append_printf(out, "  Call-ID      %s\n", or_dash(c->call_id));
    g_string_append_printf(out, "  Start        %s", or_dash(ladder_time_iso(c->start_ns, b1, sizeof b1)));
    if (c->rows->len)
        g_string_append_printf(out, " (frame %u)", ((ladder_row_t *)g_ptr_array_index(c->rows, 0))->frame);
    if (c->stop_ns != LADDER_NO_TIME && c->start_ns != LADDER_NO_TIME)
        g_string_append_printf(out, ", last packet +%s s", ladder_secs3(c->stop_ns - c->start_ns, b2, sizeof b2));
    g_string_append_c(out, '\n');

    g_string_append_printf(out, "  Outcome      %s", or_dash(c->outcome));
    if (c->final_status)
        g_string_append_printf(out, " (%u%s%s)", c->final_status, c->final_reason && *c->final_reason ? " " : "",
                               c->final_reason ? c->final_reason : "");
    if (c->hangup_by)
        g_string_append_printf(out, ", hang-up by %s", c->hangup_by);
    if (c->state)
        g_string_append_printf(out, ", state %s", c->state);
    g_string_append_c(out, '\n');

    g_string_append_printf(out, "  Timing       PDD %s, setup %s, duration %s\n",
                           secs_or_dash(c->pdd_ns, b1, sizeof b1), secs_or_dash(c->setup_ns, b2, sizeof b2),
                           secs_or_dash(c->duration_ns, b3, sizeof b3));
    g_string_append_printf(out, "  Auth         %s\n", auth);
    g_string_append_printf(out, "  NAT          %s\n", nat);
    if (c->caller_ua || c->callee_ua) {
        g_string_append(out, "  Agents       ");
        if (c->caller_ua)
            g_string_append_printf(out, "caller \"%s\"", c->caller_ua);
        if (c->caller_ua && c->callee_ua)
            g_string_append(out, ", ");
        if (c->callee_ua)
            g_string_append_printf(out, "callee \"%s\"", c->callee_ua);
        g_string_append_c(out, '\n');
    }
    if (c->caller_sig.family || c->callee_sig.family) {
        g_string_append_printf(out, "  Signalling   %s -> %s",
                               c->caller_sig.family ? ss_endpoint_to_str(&c->caller_sig, b1, sizeof b1) : "?",
                               c->callee_sig.family ? ss_endpoint_to_str(&c->callee_sig, b2, sizeof b2) : "?");
        if (c->transport)
            g_string_append_printf(out, " %s", c->transport);
        g_string_append_c(out, '\n');
    }
    g_string_append_printf(out, "  Messages     %u SIP", c->sip_messages);
    if (c->retransmissions)
        g_string_append_printf(out, " (%u retransmission%s)", c->retransmissions, c->retransmissions == 1 ? "" : "s");
    if (c->legs > 1)
        g_string_append_printf(out, ", %u legs", c->legs);
    g_string_append_printf(out, ", %u media stream%s\n", c->streams->len, c->streams->len == 1 ? "" : "s");
    g_free(auth);
    g_free(nat);
}

/* ---- the ladder ---- */

typedef struct {
    guint  time_w, frame_w, prefix;
    guint  ncols;
    guint *x;          /* lifeline positions */
    guint  right;      /* start of the right-hand text */
} layout_t;

static void put_lifelines(line_t *l, const layout_t *lo)
{
    for (guint i = 0; i < lo->ncols; i++)
        line_put_char(l, lo->x[i], '|');
}

/* "%*s  %*s" of the time and the frame, right-aligned in their columns */
static void put_prefix(line_t *l, const layout_t *lo, const char *time, const char *frame)
{
    guint tl = (guint)strlen(time), fl = (guint)strlen(frame);
    line_put(l, tl < lo->time_w ? lo->time_w - tl : 0, time);
    line_put(l, MAX(tl, lo->time_w) + 2 + (fl < lo->frame_w ? lo->frame_w - fl : 0), frame);
}

static gunichar arrow_char(const ladder_row_t *r)
{
    switch (r->kind) {
    case LADDER_ROW_MEDIA: return '=';
    case LADDER_ROW_STUN:  return '.';
    case LADDER_ROW_SIP:
    default:               return '-';
    }
}

static void put_arrow(line_t *l, const layout_t *lo, const ladder_row_t *r)
{
    gunichar ch = arrow_char(r);
    char ps[8] = "", pd[8] = "";
    guint xs = lo->x[r->src_col], xd = lo->x[r->dst_col];

    if (r->src.port)
        ladder_uint_str(r->src.port, ps);
    if (r->dst.port)
        ladder_uint_str(r->dst.port, pd);

    if (xs == xd) {   /* to itself: a hook to the right of the lifeline */
        guint x = xs + 1;
        line_put_char(l, x++, '<');
        line_put_char(l, x++, ch);
        line_put_char(l, x++, '\'');
        if (*ps || *pd) {
            char *s = g_strdup_printf(" %s->%s", ps, pd);
            line_put(l, x, s);
            g_free(s);
        }
        return;
    }

    guint lo_x = MIN(xs, xd), hi_x = MAX(xs, xd);
    guint inner = hi_x - lo_x - 1;
    const char *left = xs < xd ? ps : pd, *rightp = xs < xd ? pd : ps;
    guint ll = (guint)strlen(left), rl = (guint)strlen(rightp);
    guint lpad = ll ? ll + 1 : 0, rpad = rl ? rl + 1 : 0;
    guint x = lo_x + 1;

    if (inner < lpad + rpad + 3) {   /* no room for the ports (only with tiny pitches) */
        lpad = rpad = 0;
        left = rightp = "";
    }
    if (lpad) {
        x = line_put(l, x, left);
        line_put_char(l, x++, ' ');
    }
    guint shaft = inner - lpad - rpad;
    for (guint i = 0; i < shaft; i++)
        line_put_char(l, x + i, ch);
    if (xs < xd)
        line_put_char(l, x + shaft - 1, '>');
    else
        line_put_char(l, x, '<');
    x += shaft;
    if (rpad) {
        line_put_char(l, x++, ' ');
        line_put(l, x, rightp);
    }
}

/* parts [0, n_on) go over the arrow; the rest to the right */
static guint fit_parts(const ladder_row_t *r, guint avail)
{
    guint n = 0, len = ulen(r->label);
    guint nparts = 1 + (r->notes ? r->notes->len : 0);
    if (len > avail)
        return 0;
    n = 1;
    while (n < nparts) {
        guint add = 1 + ulen(g_ptr_array_index(r->notes, n - 1));
        if (len + add > avail)
            break;
        len += add;
        n++;
    }
    return n;
}

static const char *part(const ladder_row_t *r, guint i)
{
    return i == 0 ? r->label : (const char *)g_ptr_array_index(r->notes, i - 1);
}

static void put_label(line_t *l, const layout_t *lo, const ladder_row_t *r)
{
    guint xs = lo->x[r->src_col], xd = lo->x[r->dst_col];
    guint lo_x = MIN(xs, xd), hi_x = MAX(xs, xd);
    guint inner = hi_x > lo_x ? hi_x - lo_x - 1 : 0;
    guint avail = inner >= 2 ? inner - 2 : 0;
    guint nparts = 1 + (r->notes ? r->notes->len : 0);
    guint n_on = fit_parts(r, avail);
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < n_on; i++) {
        if (i)
            g_string_append_c(s, ' ');
        g_string_append(s, part(r, i));
    }
    if (n_on) {
        guint len = ulen(s->str);
        line_put(l, lo_x + 1 + (inner - len) / 2, s->str);
    }
    g_string_truncate(s, 0);
    for (guint i = n_on; i < nparts; i++) {
        if (i > n_on)
            g_string_append_c(s, ' ');
        g_string_append(s, part(r, i));
    }
    if (s->len)
        line_put(l, lo->right, s->str);
    g_string_free(s, TRUE);
}

static void layout_make(layout_t *lo, const ladder_call_t *c, const ladder_opts_t *o, gint64 t0_ns)
{
    char buf[48];
    const ladder_row_t *prev = NULL;
    guint first_name = 0, pitch = PITCH_MIN;

    lo->time_w = 4;   /* "time" */
    lo->frame_w = 5;  /* "frame" */
    for (guint i = 0; i < c->rows->len; i++) {
        const ladder_row_t *r = g_ptr_array_index(c->rows, i);
        lo->time_w = MAX(lo->time_w, (guint)strlen(ladder_row_time(r, prev, o->time, t0_ns, buf, sizeof buf)));
        ladder_uint_str(r->frame, buf);
        lo->frame_w = MAX(lo->frame_w, (guint)strlen(buf));
        prev = r;
    }
    lo->prefix = lo->time_w + 2 + lo->frame_w + 2;
    lo->ncols = c->cols->len;
    lo->x = g_new0(guint, MAX(lo->ncols, 1));
    if (lo->ncols)
        first_name = ulen(((ladder_col_t *)g_ptr_array_index(c->cols, 0))->name);
    lo->x[0] = lo->prefix + CLAMP(first_name / 2, 2, 20);
    if (lo->ncols > 1) {
        guint width = o->width ? o->width : LADDER_WIDTH_DEFAULT;
        guint room = width > lo->x[0] + 1 ? width - lo->x[0] - 1 : 0;
        pitch = CLAMP(room / (lo->ncols - 1), PITCH_MIN, PITCH_MAX);
    }
    for (guint i = 1; i < lo->ncols; i++)
        lo->x[i] = lo->x[0] + i * pitch;
    lo->right = lo->x[lo->ncols ? lo->ncols - 1 : 0] + RIGHT_GAP;
}

/* Column names centred on their lifelines, on as many lines as needed so none overlaps. */
static void put_header(GString *out, const ladder_call_t *c, const layout_t *lo)
{
    GPtrArray *lines = g_ptr_array_new();
    GArray *ends = g_array_new(FALSE, FALSE, sizeof(guint));   /* first free column per line */

    for (guint i = 0; i < lo->ncols; i++) {
        const char *name = ((ladder_col_t *)g_ptr_array_index(c->cols, i))->name;
        guint len = ulen(name);
        guint start = lo->x[i] >= len / 2 ? lo->x[i] - len / 2 : 0;
        guint li;
        if (start < lo->prefix)
            start = lo->prefix;
        for (li = 0; li < lines->len; li++)
            if (start >= g_array_index(ends, guint, li))
                break;
        if (li == lines->len) {
            line_t *l = g_new(line_t, 1);
            guint z = 0;
            line_init(l);
            g_ptr_array_add(lines, l);
            g_array_append_val(ends, z);
        }
        line_put(g_ptr_array_index(lines, li), start, name);
        g_array_index(ends, guint, li) = start + len + 1;
    }
    for (guint li = 0; li < lines->len; li++) {
        line_t *l = g_ptr_array_index(lines, li);
        if (li == 0)
            put_prefix(l, lo, "time", "frame");
        line_out(l, out);
        line_free(l);
        g_free(l);
    }
    if (!lines->len) {
        line_t l;
        line_init(&l);
        put_prefix(&l, lo, "time", "frame");
        line_out(&l, out);
        line_free(&l);
    }
    g_ptr_array_free(lines, TRUE);
    g_array_free(ends, TRUE);
}

void ladder_text_call(GString *out, ladder_call_t *c, const ladder_opts_t *o, gint64 t0_ns)
{
    layout_t lo;
    line_t l;
    const ladder_row_t *prev = NULL;
    char tbuf[48], fbuf[16];

    ladder_call_finish(c);
    summary(out, c);
    g_string_append_c(out, '\n');
    if (!c->rows->len) {
        g_string_append(out, "  (no messages)\n\n");
        return;
    }
    layout_make(&lo, c, o, t0_ns);
    put_header(out, c, &lo);
    line_init(&l);
    put_lifelines(&l, &lo);
    line_out(&l, out);

    for (guint i = 0; i < c->rows->len; i++) {
        const ladder_row_t *r = g_ptr_array_index(c->rows, i);
        line_reset(&l);
        ladder_uint_str(r->frame, fbuf);
        put_prefix(&l, &lo, ladder_row_time(r, prev, o->time, t0_ns, tbuf, sizeof tbuf), fbuf);
        put_lifelines(&l, &lo);
        put_label(&l, &lo, r);
        line_out(&l, out);

        line_reset(&l);
        put_lifelines(&l, &lo);
        put_arrow(&l, &lo, r);
        line_out(&l, out);
        prev = r;
    }
    line_free(&l);
    g_free(lo.x);
    g_string_append_c(out, '\n');
}
