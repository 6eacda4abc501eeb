/* json_out.c: JSON writing helpers (see json_out.h). */
#include "sip_ladder/json_out.h"

#include <math.h>
#include <string.h>

void json_str(GString *out, const char *s)
{
    const char *p, *end;
    if (!s) {
        g_string_append(out, "null");
        return;
    }
    g_string_append_c(out, '"');
    p = s;
    end = s + strlen(s);
    while (p < end) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '"' || ch == '\\') {
            g_string_append_c(out, '\\');
            g_string_append_c(out, (char)ch);
            p++;
        } else if (ch < 0x20 || ch == 0x7f) {
            switch (ch) {
            case '\n': g_string_append(out, "\\n"); break;
            case '\r': g_string_append(out, "\\r"); break;
            case '\t': g_string_append(out, "\\t"); break;
            default:   g_string_append_printf(out, "\\u%04x", ch); break;
            }
            p++;
        } else if (ch < 0x80) {
            g_string_append_c(out, (char)ch);
            p++;
        } else {
            gunichar u = g_utf8_get_char_validated(p, end - p);
            if (u == (gunichar)-1 || u == (gunichar)-2) {
                g_string_append_printf(out, "\\u%04x", ch);
                p++;
            } else {
                const char *next = g_utf8_next_char(p);
                g_string_append_len(out, p, next - p);
                p = next;
            }
        }
    }
    g_string_append_c(out, '"');
}

void json_key(GString *out, const char *key)
{
    json_str(out, key);
    g_string_append(out, ": ");
}

void json_fixed(GString *out, double v, int decimals)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    char fmt[8];
    if (!isfinite(v)) {
        g_string_append(out, "null");
        return;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 9)
        decimals = 9;
    g_snprintf(fmt, sizeof fmt, "%%.%df", decimals);
    g_ascii_formatd(buf, sizeof buf, fmt, v);
    if (strcmp(buf, "-0") == 0 || (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)))
        memmove(buf, buf + 1, strlen(buf));   /* no "-0.000" */
    g_string_append(out, buf);
}
