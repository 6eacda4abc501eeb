/* ladder_opts.c: parsing of the -z sipladder / -z sipcdr argument (see ladder_opts.h). */
#include "sip_ladder/ladder_opts.h"

#include <string.h>

static const char *const format_names[LADDER_FMT_COUNT] = {
    "text", "json", "mermaid", "plantuml", "html", "csv"
};

const char *ladder_format_str(ladder_format_t f)
{
    return (guint)f < LADDER_FMT_COUNT ? format_names[f] : "?";
}

void ladder_opts_clear(ladder_opts_t *o)
{
    g_free(o->filter);
    memset(o, 0, sizeof *o);
}

char *ladder_opts_usage(const ladder_opts_spec_t *spec)
{
    GString *s = g_string_new(NULL);
    if (spec->options & LADDER_OPT_CALL)
        g_string_append(s, "[,call=N]");
    if (spec->options & LADDER_OPT_FORMAT) {
        gboolean first = TRUE;
        g_string_append(s, "[,format=");
        for (guint f = 0; f < LADDER_FMT_COUNT; f++)
            if (spec->formats & (1u << f)) {
                g_string_append_printf(s, "%s%s", first ? "" : "|", format_names[f]);
                first = FALSE;
            }
        g_string_append(s, "]");
    }
    if (spec->options & LADDER_OPT_TIME)
        g_string_append(s, "[,time=rel|abs|delta]");
    if (spec->options & LADDER_OPT_WIDTH)
        g_string_append_printf(s, "[,width=%d..%d]", LADDER_WIDTH_MIN, LADDER_WIDTH_MAX);
    return g_string_free(s, FALSE);
}

/* decimal digits only, no sign, no overflow */
static gboolean parse_uint(const char *s, gsize n, guint64 max, guint64 *out)
{
    guint64 v = 0;
    if (n == 0)
        return FALSE;
    for (gsize i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return FALSE;
        v = v * 10 + (guint64)(s[i] - '0');
        if (v > max)
            return FALSE;
    }
    *out = v;
    return TRUE;
}

static gboolean fail(const ladder_opts_spec_t *spec, ladder_opts_t *o, char **err, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

/* user text quoted in an error message: control characters as \xNN, so the message stays one line */
static char *printable(const char *s, gsize n)
{
    GString *o = g_string_sized_new(n + 8);
    for (gsize i = 0; i < n && s[i]; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == 0x7f)
            g_string_append_printf(o, "\\x%02X", ch);
        else
            g_string_append_c(o, (char)ch);
    }
    return g_string_free(o, FALSE);
}

static gboolean fail(const ladder_opts_spec_t *spec, ladder_opts_t *o, char **err, const char *fmt, ...)
{
    va_list ap;
    char *msg, *usage;
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    usage = ladder_opts_usage(spec);
    if (err)
        *err = g_strdup_printf("-z %s: %s (usage: -z %s%s[,FILTER])", spec->name, msg, spec->name, usage);
    g_free(msg);
    g_free(usage);
    ladder_opts_clear(o);
    return FALSE;
}

gboolean ladder_opts_parse(const ladder_opts_spec_t *spec, const char *arg, ladder_opts_t *o, char **err)
{
    gsize nlen = strlen(spec->name);
    const char *p;

    memset(o, 0, sizeof *o);
    o->format = spec->default_format;
    o->time = LADDER_TIME_REL;
    o->width = LADDER_WIDTH_DEFAULT;
    if (err)
        *err = NULL;

    if (!arg || strncmp(arg, spec->name, nlen) != 0 || (arg[nlen] != '\0' && arg[nlen] != ',')) {
        char *a = printable(arg ? arg : "", arg ? strlen(arg) : 0);
        gboolean r = fail(spec, o, err, "invalid argument '%s'", a);
        g_free(a);
        return r;
    }
    p = arg + nlen;
    if (*p == ',')
        p++;

    while (*p) {
        const char *comma = strchr(p, ',');
        gsize tlen = comma ? (gsize)(comma - p) : strlen(p);
        gsize klen = 0;
        const char *val;
        gsize vlen;
        char *pval;
        gboolean ok = TRUE;

        if (tlen == 0) {   /* empty part: "sipladder,,call=1" or a trailing comma */
            p += comma ? 1 : 0;
            continue;
        }
        while (klen < tlen && g_ascii_islower(p[klen]))
            klen++;
        /* key=value (a single '=': the 4.0 filter language has no such operator) */
        if (klen == 0 || klen >= tlen || p[klen] != '=' || (klen + 1 < tlen && p[klen + 1] == '='))
            break;   /* the filter starts here */
        val = p + klen + 1;
        vlen = tlen - klen - 1;
        pval = printable(val, vlen);

        if (klen == 4 && strncmp(p, "call", 4) == 0 && (spec->options & LADDER_OPT_CALL)) {
            guint64 v;
            if (!parse_uint(val, vlen, G_MAXUINT32, &v) || v == 0)
                ok = fail(spec, o, err, "call=%s is not a call number (1, 2, ...)", pval);
            else
                o->call = (guint)v;
        } else if (klen == 5 && strncmp(p, "width", 5) == 0 && (spec->options & LADDER_OPT_WIDTH)) {
            guint64 v;
            if (!parse_uint(val, vlen, LADDER_WIDTH_MAX, &v) || v < LADDER_WIDTH_MIN)
                ok = fail(spec, o, err, "width=%s is not a width between %d and %d", pval,
                          LADDER_WIDTH_MIN, LADDER_WIDTH_MAX);
            else
                o->width = (guint)v;
        } else if (klen == 4 && strncmp(p, "time", 4) == 0 && (spec->options & LADDER_OPT_TIME)) {
            if (vlen == 3 && strncmp(val, "rel", 3) == 0)
                o->time = LADDER_TIME_REL;
            else if (vlen == 3 && strncmp(val, "abs", 3) == 0)
                o->time = LADDER_TIME_ABS;
            else if (vlen == 5 && strncmp(val, "delta", 5) == 0)
                o->time = LADDER_TIME_DELTA;
            else
                ok = fail(spec, o, err, "time=%s is not rel, abs or delta", pval);
        } else if (klen == 6 && strncmp(p, "format", 6) == 0 && (spec->options & LADDER_OPT_FORMAT)) {
            guint f;
            for (f = 0; f < LADDER_FMT_COUNT; f++)
                if ((spec->formats & (1u << f)) && strlen(format_names[f]) == vlen &&
                    strncmp(val, format_names[f], vlen) == 0)
                    break;
            if (f == LADDER_FMT_COUNT)
                ok = fail(spec, o, err, "format=%s is not a known format", pval);
            else
                o->format = (ladder_format_t)f;
        } else {
            ok = fail(spec, o, err, "unknown option '%.*s'", (int)klen, p);
        }
        g_free(pval);
        if (!ok)
            return FALSE;
        p += tlen + (comma ? 1 : 0);
    }

    if (*p) {
        char *f = g_strstrip(g_strdup(p));
        if (*f)
            o->filter = f;
        else
            g_free(f);
    }
    return TRUE;
}
