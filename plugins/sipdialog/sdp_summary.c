/* sdp_summary.c: codec summary of an SDP body (see sdp_summary.h). */
#include "plugins/sipdialog/sdp_summary.h"

static void append_section(GString *s, const ss_sdp_media_t *m)
{
    if (m->port == 0) {
        g_string_append_c(s, '-');
        return;
    }
    if (m->n_fmt == 0) {
        g_string_append(s, m->proto[0] ? m->proto : "?");
        return;
    }
    for (guint i = 0; i < m->n_fmt; i++) {
        const ss_sdp_fmt_t *f = &m->fmt[i];
        if (i)
            g_string_append_c(s, ',');
        if (f->name[0])
            g_string_append(s, f->name);
        else
            g_string_append_printf(s, "PT%u", f->pt);
    }
}

char *sd_sdp_codecs(const ss_sdp_t *sdp)
{
    GString *s;
    if (!sdp || sdp->n_media == 0)
        return NULL;
    s = g_string_new(NULL);
    if (sdp->n_media == 1) {
        append_section(s, &sdp->media[0]);
    } else {
        for (guint i = 0; i < sdp->n_media; i++) {
            if (i)
                g_string_append_c(s, ' ');
            g_string_append(s, sdp->media[i].media[0] ? sdp->media[i].media : "?");
            g_string_append_c(s, ':');
            append_section(s, &sdp->media[i]);
        }
    }
    return g_string_free(s, FALSE);
}
