/* ladder_render.h: the renderers of -z sipladder, one call at a time so a large capture never
 * holds more than one rendered call. Plain C (GLib only); output is byte-stable for a given
 * model (no locale, UTC times, fixed number formats).
 *
 * t0_ns is the capture's first packet time: time=rel and the JSON "time" keys count from it. */
#ifndef SIPSCOPE_LADDER_RENDER_H
#define SIPSCOPE_LADDER_RENDER_H

#include <glib.h>
#include "sip_ladder/ladder_model.h"
#include "sip_ladder/ladder_opts.h"

/* Text (format=text): a title line, then per call a header block and the ladder. Call number 0
 * is the pseudo-call of the STUN outside calls (ladder_feed_build_unbound_stun). */
void ladder_text_begin(GString *out, guint shown, guint total, const char *filter, guint call);
void ladder_text_call(GString *out, ladder_call_t *c, const ladder_opts_t *o, gint64 t0_ns);
void ladder_text_end(GString *out, guint shown);

/* JSON (format=json): {"tap":"sipladder", "filter":..., "calls":[...]} with sharkd
 * voip-calls key names for the call summary and voip-convs key names for rows. */
void ladder_json_begin(GString *out, const char *tap, const char *filter);
void ladder_json_call(GString *out, ladder_call_t *c, gboolean first, gint64 t0_ns);
/* count: calls written; other: the STUN outside calls (ladder_feed_build_unbound_stun) or NULL */
void ladder_json_end(GString *out, guint count, ladder_call_t *other, gint64 t0_ns);

/* Diagrams as code: Mermaid sequenceDiagram, PlantUML, and a self-contained HTML page. */
void ladder_mermaid_call(GString *out, ladder_call_t *c, const ladder_opts_t *o, gint64 t0_ns);
void ladder_plantuml_call(GString *out, ladder_call_t *c, const ladder_opts_t *o, gint64 t0_ns);
void ladder_html_begin(GString *out, const char *filter);
void ladder_html_call(GString *out, ladder_call_t *c, const ladder_opts_t *o, gint64 t0_ns);
void ladder_html_end(GString *out);

/* The time column of a row under option t: "12.345678", "00:00:12.345678", "+0.001000". */
const char *ladder_row_time(const ladder_row_t *r, const ladder_row_t *prev, ladder_time_t t,
                            gint64 t0_ns, char *buf, gsize len);

#endif
