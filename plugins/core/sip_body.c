/* sip_body.c: see sip_body.h. */
#include <string.h>

#include "plugins/core/sip_body.h"

/* "type/subtype" of a Content-Type value (parameters and spaces ignored), case-insensitively. */
static gboolean media_type_is(const char *ct, const char *want)
{
    gsize n = strlen(want);
    while (*ct == ' ' || *ct == '\t')
        ct++;
    if (g_ascii_strncasecmp(ct, want, n) != 0)
        return FALSE;
    ct += n;
    while (*ct == ' ' || *ct == '\t')
        ct++;
    return *ct == '\0' || *ct == ';';
}

/* The boundary parameter of a multipart Content-Type, quoted or not, into out. */
static gboolean boundary_of(const char *ct, char *out, gsize outlen)
{
    const char *p = ct;
    while ((p = strchr(p, ';')) != NULL) {
        gsize n = 0;
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (g_ascii_strncasecmp(p, "boundary", 8) != 0)
            continue;
        p += 8;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p != '=')
            continue;
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '"') {
            p++;
            while (p[n] && p[n] != '"')
                n++;
        } else {
            while (p[n] && p[n] != ';' && p[n] != ' ' && p[n] != '\t')
                n++;
        }
        if (n == 0 || n + 1 > outlen)
            return FALSE;
        memcpy(out, p, n);
        out[n] = '\0';
        return TRUE;
    }
    return FALSE;
}

/* The next "--boundary" delimiter at the start of a line at or after from; G_MAXSIZE if none. */
static gsize find_delim(const guint8 *b, gsize len, gsize from, const char *bd, gsize bdlen)
{
    for (gsize i = from; i + 2 + bdlen <= len; i++) {
        if ((i == 0 || b[i - 1] == '\n') && b[i] == '-' && b[i + 1] == '-' &&
            memcmp(b + i + 2, bd, bdlen) == 0)
            return i;
    }
    return G_MAXSIZE;
}

/* A part's Content-Type is application/sdp (its headers run from hs to he). */
static gboolean part_is_sdp(const guint8 *b, gsize hs, gsize he)
{
    gsize i = hs;
    while (i < he) {
        gsize e = i;
        while (e < he && b[e] != '\n')
            e++;
        if (e - i > 13 && g_ascii_strncasecmp((const char *)b + i, "content-type:", 13) == 0) {
            char v[64];
            gsize n = e - i - 13;
            if (n >= sizeof v)
                n = sizeof v - 1;
            memcpy(v, b + i + 13, n);
            v[n] = '\0';
            g_strchomp(v);
            return media_type_is(v, "application/sdp");
        }
        i = e + 1;
    }
    return FALSE;
}

gboolean ss_sip_body_sdp(const char *content_type, const guint8 *body, gsize len,
                         gsize *sdp_off, gsize *sdp_len)
{
    char bd[72];
    gsize bdlen, d;

    if (!content_type || !body || !len)
        return FALSE;
    if (media_type_is(content_type, "application/sdp")) {
        *sdp_off = 0;
        *sdp_len = len;
        return TRUE;
    }
    if (g_ascii_strncasecmp(content_type, "multipart/", 10) != 0 || !boundary_of(content_type, bd, sizeof bd))
        return FALSE;
    bdlen = strlen(bd);
    d = find_delim(body, len, 0, bd, bdlen);
    while (d != G_MAXSIZE) {
        gsize hs = d + 2 + bdlen, he, bs, next, be;
        if (hs + 1 < len && body[hs] == '-' && body[hs + 1] == '-')
            return FALSE;                   /* the closing delimiter */
        while (hs < len && body[hs] != '\n')
            hs++;                           /* rest of the delimiter line */
        hs++;
        /* the part's headers end at an empty line */
        he = hs;
        while (he < len && !(body[he] == '\n' || (body[he] == '\r' && he + 1 < len && body[he + 1] == '\n'))) {
            while (he < len && body[he] != '\n')
                he++;
            he++;
        }
        if (he >= len)
            return FALSE;
        bs = he + (body[he] == '\r' ? 2 : 1);
        next = find_delim(body, len, bs, bd, bdlen);
        be = next == G_MAXSIZE ? len : next;
        /* the CRLF before the delimiter belongs to the delimiter */
        if (be > bs && body[be - 1] == '\n')
            be--;
        if (be > bs && body[be - 1] == '\r')
            be--;
        if (part_is_sdp(body, hs, he)) {
            *sdp_off = bs;
            *sdp_len = be - bs;
            return be > bs;
        }
        d = next;
    }
    return FALSE;
}
