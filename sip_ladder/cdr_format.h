/* cdr_format.h: one call detail record per call (-z sipcdr), as CSV (RFC 4180 quoting, LF line
 * ends, a header line) or JSON ({"tap":"sipcdr","filter":...,"calls":[{...}]}). Both carry the
 * same columns, in the same order (cdr_columns). Plain C (GLib only). */
#ifndef SIPSCOPE_CDR_FORMAT_H
#define SIPSCOPE_CDR_FORMAT_H

#include <glib.h>
#include "sip_ladder/ladder_model.h"

/* The column names, NULL-terminated. */
extern const char *const cdr_columns[];

void cdr_csv_header(GString *out);
void cdr_csv_call(GString *out, ladder_call_t *c);
/* RFC 4180: quoted when it holds a comma, quote, CR or LF (quotes doubled); NULL is empty. */
void cdr_csv_field(GString *out, const char *s);

void cdr_json_begin(GString *out, const char *filter);
void cdr_json_call(GString *out, ladder_call_t *c, gboolean first);
void cdr_json_end(GString *out, guint count);   /* count: calls written */

#endif
