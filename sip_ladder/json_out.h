/* json_out.h: small helpers to write JSON text into a GString (plain C, GLib only). */
#ifndef SIPSCOPE_JSON_OUT_H
#define SIPSCOPE_JSON_OUT_H

#include <glib.h>

/* A JSON string literal; NULL writes null. Invalid UTF-8 bytes are written as \u00XX. */
void json_str(GString *out, const char *s);
/* "key": */
void json_key(GString *out, const char *key);
/* A number with a fixed number of decimals (no exponent, no locale); non-finite writes null. */
void json_fixed(GString *out, double v, int decimals);

#endif
