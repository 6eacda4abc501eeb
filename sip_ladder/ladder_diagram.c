/* ladder_diagram.c: the ladder as diagram code and as a web page.
 *
 *   format=mermaid   Markdown: per call a heading and a ```mermaid sequenceDiagram block
 *                    (paste into GitHub/GitLab issues, wikis, docs)
 *   format=plantuml  per call one @startuml ... @enduml block
 *   format=html      one self-contained page: per call the text ladder (escaped, <pre>)
 *
 * Requests are solid arrows, responses dashed, media and STUN are the tools' "async" arrows;
 * each message text is "time [frame] label notes", whole, so nothing is lost. */
#include "sip_ladder/ladder_render.h"

#include <string.h>

static char *title_of(const ladder_call_t *c)
{
    if (c->num == 0)
        return g_strdup("STUN outside calls");
    if (!c->method && !c->caller && !c->callee)
        return g_strdup_printf("Call %u (no initial request in the capture)", c->num);
    return g_strdup_printf("Call %u: %s %s -> %s", c->num, c->method ? c->method : "?",
                           c->caller ? c->caller : "?", c->callee ? c->callee : "?");
}

static char *facts_of(const ladder_call_t *c)
{
    char b1[48], b2[48], b3[48];
    GString *s = g_string_new(NULL);
    char *nat = ladder_nat_summary(c);
    if (c->num) {
        char *auth = ladder_auth_summary(&c->auth);
        g_string_append_printf(s, "Call-ID %s | outcome %s", c->call_id ? c->call_id : "-", c->outcome ? c->outcome : "-");
        if (c->final_status)
            g_string_append_printf(s, " (%u %s)", c->final_status, c->final_reason ? c->final_reason : "");
        g_string_append_printf(s, " | PDD %s s, setup %s s, duration %s s",
                               c->pdd_ns != LADDER_NO_TIME ? ladder_secs3(c->pdd_ns, b1, sizeof b1) : "-",
                               c->setup_ns != LADDER_NO_TIME ? ladder_secs3(c->setup_ns, b2, sizeof b2) : "-",
                               c->duration_ns != LADDER_NO_TIME ? ladder_secs3(c->duration_ns, b3, sizeof b3) : "-");
        g_string_append_printf(s, " | auth %s", auth);
        g_free(auth);
    }
    g_string_append_printf(s, "%sNAT %s", s->len ? " | " : "", nat);
    g_free(nat);
    return g_string_free(s, FALSE);
}

static char *message_of(const ladder_row_t *r, const ladder_row_t *prev, const ladder_opts_t *o, gint64 t0_ns)
{
    char tbuf[48];
    char *full = ladder_row_full_label(r);
    char *m = g_strdup_printf("%s [%u] %s", ladder_row_time(r, prev, o->time, t0_ns, tbuf, sizeof tbuf), r->frame, full);
    g_free(full);
    return m;
}

/* ---- Mermaid ---- */

/* Mermaid reads ';' as a statement end and '#' as the start of an entity code */
static void mermaid_text(GString *out, const char *s)
{
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case ';': g_string_append(out, "#59;"); break;
        case '#': g_string_append(out, "#35;"); break;
        default:  g_string_append_c(out, *p); break;
        }
    }
}

void ladder_mermaid_call(GString *out, ladder_call_t *c, const ladder_opts_t *o, gint64 t0_ns)
{
    char *title, *facts;
    const ladder_row_t *prev = NULL;

    ladder_call_finish(c);
    title = title_of(c);
    facts = facts_of(c);
    g_string_append_printf(out, "## %s\n\n", title);
    g_string_append(out, "```mermaid\nsequenceDiagram\n");
    for (guint i = 0; i < c->cols->len; i++) {
        g_string_append_printf(out, "    participant N%u as ", i);
        mermaid_text(out, ((ladder_col_t *)g_ptr_array_index(c->cols, i))->name);
        g_string_append_c(out, '\n');
    }
    if (c->cols->len) {
        g_string_append_printf(out, "    Note over N0,N%u: ", c->cols->len > 1 ? c->cols->len - 1 : 0);
        mermaid_text(out, facts);
        g_string_append_c(out, '\n');
    }
    for (guint i = 0; i < c->rows->len; i++) {
        const ladder_row_t *r = g_ptr_array_index(c->rows, i);
        const char *arrow = r->kind != LADDER_ROW_SIP ? "-)" : r->response ? "-->>" : "->>";
        char *m = message_of(r, prev, o, t0_ns);
        g_string_append_printf(out, "    N%u%sN%u: ", r->src_col, arrow, r->dst_col);
        mermaid_text(out, m);
        g_string_append_c(out, '\n');
        g_free(m);
        prev = r;
    }
    g_string_append(out, "```\n\n");
    g_free(title);
    g_free(facts);
}

/* ---- PlantUML ---- */

static void plantuml_text(GString *out, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            g_string_append(out, "''");
        else if (*p == '\\')
            g_string_append(out, "\\\\");
        else
            g_string_append_c(out, *p);
    }
}

void ladder_plantuml_call(GString *out, ladder_call_t *c, const ladder_opts_t *o, gint64 t0_ns)
{
    char *title, *facts;
    const ladder_row_t *prev = NULL;

    ladder_call_finish(c);
    title = title_of(c);
    facts = facts_of(c);
    g_string_append(out, "@startuml\ntitle ");
    plantuml_text(out, title);
    g_string_append(out, "\nhide footbox\n");
    for (guint i = 0; i < c->cols->len; i++) {
        g_string_append(out, "participant \"");
        plantuml_text(out, ((ladder_col_t *)g_ptr_array_index(c->cols, i))->name);
        g_string_append_printf(out, "\" as N%u\n", i);
    }
    if (c->cols->len) {
        if (c->cols->len > 1)
            g_string_append_printf(out, "note over N0, N%u : ", c->cols->len - 1);
        else
            g_string_append(out, "note over N0 : ");
        plantuml_text(out, facts);
        g_string_append_c(out, '\n');
    }
    for (guint i = 0; i < c->rows->len; i++) {
        const ladder_row_t *r = g_ptr_array_index(c->rows, i);
        const char *arrow = r->kind == LADDER_ROW_MEDIA ? "->>" : r->kind == LADDER_ROW_STUN ? "-[#gray]>>"
                          : r->response ? "-->" : "->";
        char *m = message_of(r, prev, o, t0_ns);
        g_string_append_printf(out, "N%u %s N%u : ", r->src_col, arrow, r->dst_col);
        plantuml_text(out, m);
        g_string_append_c(out, '\n');
        g_free(m);
        prev = r;
    }
    g_string_append(out, "@enduml\n\n");
    g_free(title);
    g_free(facts);
}

/* ---- HTML ---- */

static void html_text(GString *out, const char *s)
{
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '&': g_string_append(out, "&amp;"); break;
        case '<': g_string_append(out, "&lt;"); break;
        case '>': g_string_append(out, "&gt;"); break;
        case '"': g_string_append(out, "&quot;"); break;
        default:  g_string_append_c(out, *p); break;
        }
    }
}

void ladder_html_begin(GString *out, const char *filter)
{
    g_string_append(out, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>sipladder</title>\n"
                         "<style>body{font-family:sans-serif;margin:1em}pre{font-family:monospace;font-size:13px;"
                         "background:#f8f8f8;padding:.5em;overflow-x:auto}h2{font-size:1.1em;margin-top:1.5em}"
                         "</style>\n</head>\n<body>\n<h1>sipladder</h1>\n");
    if (filter) {
        g_string_append(out, "<p>Calls matching the filter <code>");
        html_text(out, filter);
        g_string_append(out, "</code></p>\n");
    }
}

void ladder_html_call(GString *out, ladder_call_t *c, const ladder_opts_t *o, gint64 t0_ns)
{
    GString *text = g_string_new(NULL);
    char *title = title_of(c);
    ladder_text_call(text, c, o, t0_ns);
    g_string_append_printf(out, "<h2 id=\"call-%u\">", c->num);
    html_text(out, title);
    g_string_append(out, "</h2>\n<pre>");
    html_text(out, text->str);
    g_string_append(out, "</pre>\n");
    g_string_free(text, TRUE);
    g_free(title);
}

void ladder_html_end(GString *out)
{
    g_string_append(out, "</body>\n</html>\n");
}
