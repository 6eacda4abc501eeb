/* sdp_parse.c: tolerant SDP parser (see sdp_parse.h). */
#include "plugins/core/sdp_parse.h"

#include <stdlib.h>
#include <string.h>

/* RFC 3551 static payload types. */
static const struct { guint8 pt; const char *name; guint32 clock; guint8 ch; } static_pts[] = {
    {  0, "PCMU",  8000, 1 }, {  3, "GSM",   8000, 1 }, {  4, "G723",  8000, 1 },
    {  5, "DVI4",  8000, 1 }, {  6, "DVI4", 16000, 1 }, {  7, "LPC",   8000, 1 },
    {  8, "PCMA",  8000, 1 }, {  9, "G722",  8000, 1 }, { 10, "L16",  44100, 2 },
    { 11, "L16",  44100, 1 }, { 12, "QCELP", 8000, 1 }, { 13, "CN",    8000, 1 },
    { 14, "MPA",  90000, 0 }, { 15, "G728",  8000, 1 }, { 16, "DVI4", 11025, 1 },
    { 17, "DVI4", 22050, 1 }, { 18, "G729",  8000, 1 }, { 25, "CelB", 90000, 0 },
    { 26, "JPEG", 90000, 0 }, { 28, "nv",   90000, 0 }, { 31, "H261", 90000, 0 },
    { 32, "MPV",  90000, 0 }, { 33, "MP2T", 90000, 0 }, { 34, "H263", 90000, 0 },
};

gboolean ss_rtp_static_pt(guint8 pt, const char **name, guint32 *clock, guint8 *channels)
{
    for (gsize i = 0; i < G_N_ELEMENTS(static_pts); i++) {
        if (static_pts[i].pt == pt) {
            if (name) *name = static_pts[i].name;
            if (clock) *clock = static_pts[i].clock;
            if (channels) *channels = static_pts[i].ch;
            return TRUE;
        }
    }
    return FALSE;
}

const char *ss_sdp_dir_str(ss_sdp_dir_t d)
{
    switch (d) {
    case SS_SDP_SENDONLY: return "sendonly";
    case SS_SDP_RECVONLY: return "recvonly";
    case SS_SDP_INACTIVE: return "inactive";
    default:              return "sendrecv";
    }
}

/* A token cursor over one line. */
typedef struct { const char *p, *end; } cur_t;

static gboolean next_tok(cur_t *c, const char **tok, gsize *len)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
        c->p++;
    if (c->p >= c->end)
        return FALSE;
    *tok = c->p;
    while (c->p < c->end && *c->p != ' ' && *c->p != '\t')
        c->p++;
    *len = (gsize)(c->p - *tok);
    return TRUE;
}

static gboolean tok_eq(const char *tok, gsize len, const char *lit)
{
    gsize n = strlen(lit);
    return len == n && g_ascii_strncasecmp(tok, lit, n) == 0;
}

/* Unsigned decimal of at most max; FALSE on junk or overflow. */
static gboolean tok_uint(const char *tok, gsize len, guint32 max, guint32 *out)
{
    guint64 v = 0;
    if (len == 0 || len > 10)
        return FALSE;
    for (gsize i = 0; i < len; i++) {
        if (tok[i] < '0' || tok[i] > '9')
            return FALSE;
        v = v * 10 + (guint64)(tok[i] - '0');
    }
    if (v > max)
        return FALSE;
    *out = (guint32)v;
    return TRUE;
}

static void tok_copy(char *dst, gsize dstlen, const char *tok, gsize len)
{
    if (len >= dstlen)
        len = dstlen - 1;
    memcpy(dst, tok, len);
    dst[len] = '\0';
}

static gboolean tok_addr(ss_endpoint_t *ep, const char *tok, gsize len, guint16 port)
{
    char buf[64];
    const char *slash;
    if (len == 0 || len >= sizeof buf)
        return FALSE;
    tok_copy(buf, sizeof buf, tok, len);
    slash = strchr(buf, '/');           /* multicast "/ttl/n" suffix */
    if (slash)
        buf[slash - buf] = '\0';
    return ss_endpoint_parse(ep, buf, port);
}

/* "IN IP4 192.0.2.1" (c= and the tail of o=, a=rtcp) */
static gboolean parse_conn(cur_t *c, ss_endpoint_t *ep)
{
    const char *t; gsize n;
    if (!next_tok(c, &t, &n) || !tok_eq(t, n, "IN"))
        return FALSE;
    if (!next_tok(c, &t, &n) || !(tok_eq(t, n, "IP4") || tok_eq(t, n, "IP6")))
        return FALSE;
    if (!next_tok(c, &t, &n))
        return FALSE;
    return tok_addr(ep, t, n, 0);
}

typedef struct {
    ss_sdp_t *sdp;
    ss_sdp_media_t *m;      /* current media section or NULL at session level */
    gboolean m_has_conn;
    gboolean m_has_rtcp;
    gboolean m_has_dir;
    ss_sdp_dir_t session_dir;
    gboolean session_crypto;
    GArray *media, *fmt, *cand;  /* builders */
} state_t;

static void finish_media(state_t *st)
{
    ss_sdp_media_t *m = st->m;
    if (!m)
        return;
    m->n_fmt = st->fmt->len;
    m->fmt = (ss_sdp_fmt_t *)g_memdup2(st->fmt->data, st->fmt->len * sizeof(ss_sdp_fmt_t));
    m->n_cand = st->cand->len;
    m->cand = st->cand->len ? (ss_sdp_cand_t *)g_memdup2(st->cand->data, st->cand->len * sizeof(ss_sdp_cand_t)) : NULL;
    g_array_set_size(st->fmt, 0);
    g_array_set_size(st->cand, 0);
    if (!st->m_has_dir)
        m->dir = st->session_dir;
    if (!st->m_has_conn) {
        guint16 port = m->rtp.port;
        m->rtp = st->sdp->conn;
        m->rtp.port = port;
    }
    if (!st->m_has_rtcp) {
        m->rtcp = m->rtp;
        m->rtcp.port = m->port ? (guint16)(m->port + 1) : 0;
    } else if (m->rtcp.family == 0) {      /* a=rtcp:port without address */
        guint16 port = m->rtcp.port;
        m->rtcp = m->rtp;
        m->rtcp.port = port;
    }
    st->m = NULL;
}

static void parse_m(state_t *st, cur_t *c)
{
    const char *t; gsize n;
    guint32 v;
    ss_sdp_media_t m0;

    finish_media(st);
    if (st->media->len >= SS_SDP_MAX_MEDIA) {
        st->sdp->truncated++;
        return;
    }
    memset(&m0, 0, sizeof m0);
    if (!next_tok(c, &t, &n)) { st->sdp->bad_lines++; return; }
    tok_copy(m0.media, sizeof m0.media, t, n);
    if (!next_tok(c, &t, &n)) { st->sdp->bad_lines++; return; }
    {
        const char *slash = memchr(t, '/', n);
        gsize pn = slash ? (gsize)(slash - t) : n;
        if (!tok_uint(t, pn, 65535, &v)) { st->sdp->bad_lines++; return; }
        m0.port = (guint16)v;
        m0.nports = 1;
        if (slash && tok_uint(slash + 1, n - pn - 1, 65535, &v))
            m0.nports = (guint16)v;
    }
    if (!next_tok(c, &t, &n)) { st->sdp->bad_lines++; return; }
    tok_copy(m0.proto, sizeof m0.proto, t, n);
    m0.rtp.port = m0.port;
    g_array_append_val(st->media, m0);
    st->m = &g_array_index(st->media, ss_sdp_media_t, st->media->len - 1);
    st->m_has_conn = st->m_has_rtcp = st->m_has_dir = FALSE;

    /* formats: numeric payload types for RTP; anything else (t38, *) is kept nameless */
    while (next_tok(c, &t, &n)) {
        ss_sdp_fmt_t f;
        const char *nm; guint32 clk; guint8 ch;
        if (!tok_uint(t, n, 127, &v))
            continue;
        if (st->fmt->len >= SS_SDP_MAX_FMT) { st->sdp->truncated++; break; }
        memset(&f, 0, sizeof f);
        f.pt = (guint8)v;
        if (ss_rtp_static_pt(f.pt, &nm, &clk, &ch)) {
            g_strlcpy(f.name, nm, sizeof f.name);
            f.clock = clk;
            f.channels = ch;
        }
        g_array_append_val(st->fmt, f);
    }
}

static void parse_rtpmap(state_t *st, cur_t *c)
{
    const char *t; gsize n;
    guint32 pt, v;
    if (!st->m || !next_tok(c, &t, &n) || !tok_uint(t, n, 127, &pt) || !next_tok(c, &t, &n)) {
        st->sdp->bad_lines++;
        return;
    }
    for (guint i = 0; i < st->fmt->len; i++) {
        ss_sdp_fmt_t *f = &g_array_index(st->fmt, ss_sdp_fmt_t, i);
        const char *s1, *s2;
        if (f->pt != pt)
            continue;
        s1 = memchr(t, '/', n);
        tok_copy(f->name, sizeof f->name, t, s1 ? (gsize)(s1 - t) : n);
        f->has_rtpmap = TRUE;
        f->clock = 0;
        f->channels = 0;
        if (s1) {
            gsize rest = n - (gsize)(s1 + 1 - t);
            s2 = memchr(s1 + 1, '/', rest);
            if (tok_uint(s1 + 1, s2 ? (gsize)(s2 - s1 - 1) : rest, G_MAXUINT32, &v))
                f->clock = v;
            if (s2 && tok_uint(s2 + 1, (gsize)(t + n - s2 - 1), 255, &v))
                f->channels = (guint8)v;
        }
        return;
    }
}

static void parse_candidate(state_t *st, cur_t *c)
{
    const char *t; gsize n;
    guint32 v, port;
    ss_sdp_cand_t cd;

    if (!st->m)
        return;          /* session-level candidates are not valid SDP */
    if (st->cand->len >= SS_SDP_MAX_CAND) { st->sdp->truncated++; return; }
    memset(&cd, 0, sizeof cd);
    if (!next_tok(c, &t, &n)) goto bad;
    tok_copy(cd.foundation, sizeof cd.foundation, t, n);
    if (!next_tok(c, &t, &n) || !tok_uint(t, n, 256, &v)) goto bad;
    cd.component = (guint8)v;
    if (!next_tok(c, &t, &n)) goto bad;
    cd.udp = tok_eq(t, n, "UDP");
    if (!next_tok(c, &t, &n) || !tok_uint(t, n, G_MAXUINT32, &cd.priority)) goto bad;
    {
        const char *at; gsize an;
        if (!next_tok(c, &at, &an) || !next_tok(c, &t, &n) || !tok_uint(t, n, 65535, &port)) goto bad;
        tok_addr(&cd.addr, at, an, (guint16)port);   /* FQDN/mDNS names leave family 0 */
    }
    while (next_tok(c, &t, &n)) {
        if (tok_eq(t, n, "typ") && next_tok(c, &t, &n)) {
            tok_copy(cd.type, sizeof cd.type, t, n);
        } else if (tok_eq(t, n, "raddr") && next_tok(c, &t, &n)) {
            guint16 keep = cd.raddr.port;
            tok_addr(&cd.raddr, t, n, keep);
        } else if (tok_eq(t, n, "rport") && next_tok(c, &t, &n) && tok_uint(t, n, 65535, &v)) {
            cd.raddr.port = (guint16)v;
        }
    }
    g_array_append_val(st->cand, cd);
    return;
bad:
    st->sdp->bad_lines++;
}

static void set_str(char **dst, const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    g_free(*dst);
    *dst = g_strndup(p, (gsize)(end - p));
}

static void parse_a(state_t *st, const char *p, const char *end)
{
    const char *colon = memchr(p, ':', (gsize)(end - p));
    gsize nlen = colon ? (gsize)(colon - p) : (gsize)(end - p);
    const char *val = colon ? colon + 1 : end;
    cur_t c = { val, end };
    ss_sdp_dir_t dir;
    gboolean is_dir = TRUE;

    if (tok_eq(p, nlen, "sendrecv")) dir = SS_SDP_SENDRECV;
    else if (tok_eq(p, nlen, "sendonly")) dir = SS_SDP_SENDONLY;
    else if (tok_eq(p, nlen, "recvonly")) dir = SS_SDP_RECVONLY;
    else if (tok_eq(p, nlen, "inactive")) dir = SS_SDP_INACTIVE;
    else is_dir = FALSE;
    if (is_dir) {
        if (st->m) { st->m->dir = dir; st->m_has_dir = TRUE; }
        else st->session_dir = dir;
        return;
    }
    if (tok_eq(p, nlen, "rtpmap")) {
        parse_rtpmap(st, &c);
    } else if (tok_eq(p, nlen, "candidate")) {
        parse_candidate(st, &c);
    } else if (tok_eq(p, nlen, "ice-ufrag")) {
        set_str(st->m ? &st->m->ice_ufrag : &st->sdp->session_ice_ufrag, val, end);
    } else if (tok_eq(p, nlen, "ice-pwd")) {
        set_str(st->m ? &st->m->ice_pwd : &st->sdp->session_ice_pwd, val, end);
    } else if (tok_eq(p, nlen, "rtcp-mux")) {
        if (st->m) st->m->rtcp_mux = TRUE;
    } else if (tok_eq(p, nlen, "crypto") || tok_eq(p, nlen, "fingerprint")) {
        if (st->m) st->m->has_crypto = TRUE;
        else st->session_crypto = TRUE;     /* session-level a=fingerprint covers every m= */
    } else if (tok_eq(p, nlen, "rtcp") && st->m) {
        const char *t; gsize n; guint32 v;
        if (next_tok(&c, &t, &n) && tok_uint(t, n, 65535, &v)) {
            ss_endpoint_t ep;
            memset(&ep, 0, sizeof ep);
            if (parse_conn(&c, &ep))
                st->m->rtcp = ep;
            else
                memset(&st->m->rtcp, 0, sizeof st->m->rtcp);
            st->m->rtcp.port = (guint16)v;
            st->m_has_rtcp = TRUE;
        } else {
            st->sdp->bad_lines++;
        }
    }
}

ss_sdp_t *ss_sdp_parse(const char *text, gsize len)
{
    state_t st;
    const char *p = text, *end = text + (text ? len : 0);

    memset(&st, 0, sizeof st);
    st.sdp = g_new0(ss_sdp_t, 1);
    st.media = g_array_new(FALSE, TRUE, sizeof(ss_sdp_media_t));
    st.fmt = g_array_new(FALSE, TRUE, sizeof(ss_sdp_fmt_t));
    st.cand = g_array_new(FALSE, TRUE, sizeof(ss_sdp_cand_t));

    while (p < end) {
        const char *eol = memchr(p, '\n', (gsize)(end - p));
        const char *lend = eol ? eol : end;
        const char *next = eol ? eol + 1 : end;
        if (lend > p && lend[-1] == '\r')
            lend--;
        if (lend - p >= 2 && p[1] == '=') {
            cur_t c = { p + 2, lend };
            switch (p[0]) {
            case 'o': {
                const char *t; gsize n;
                int skip;
                for (skip = 0; skip < 3 && next_tok(&c, &t, &n); skip++)
                    ;       /* username sess-id sess-version */
                if (skip == 3)
                    parse_conn(&c, &st.sdp->origin);
                break;
            }
            case 'c': {
                ss_endpoint_t ep;
                memset(&ep, 0, sizeof ep);
                if (!parse_conn(&c, &ep)) {
                    st.sdp->bad_lines++;
                    if (st.m) st.m_has_conn = TRUE;   /* a hostname: do not fall back to session c= */
                    break;
                }
                if (st.m) {
                    ep.port = st.m->rtp.port;
                    st.m->rtp = ep;
                    st.m_has_conn = TRUE;
                } else {
                    st.sdp->conn = ep;
                }
                break;
            }
            case 'm':
                parse_m(&st, &c);
                break;
            case 'a':
                parse_a(&st, p + 2, lend);
                break;
            default:
                break;
            }
        } else if (lend > p) {
            st.sdp->bad_lines++;
        }
        p = next;
    }
    finish_media(&st);

    st.sdp->n_media = st.media->len;
    st.sdp->media = (ss_sdp_media_t *)g_array_free(st.media, st.media->len == 0);
    g_array_free(st.fmt, TRUE);
    g_array_free(st.cand, TRUE);
    /* session-level ICE credentials apply to media sections that did not set their own */
    for (guint i = 0; i < st.sdp->n_media; i++) {
        ss_sdp_media_t *m = &st.sdp->media[i];
        if (!m->ice_ufrag && st.sdp->session_ice_ufrag)
            m->ice_ufrag = g_strdup(st.sdp->session_ice_ufrag);
        if (!m->ice_pwd && st.sdp->session_ice_pwd)
            m->ice_pwd = g_strdup(st.sdp->session_ice_pwd);
        if (st.session_crypto)
            m->has_crypto = TRUE;
    }
    return st.sdp;
}

void ss_sdp_free(ss_sdp_t *sdp)
{
    if (!sdp)
        return;
    for (guint i = 0; i < sdp->n_media; i++) {
        g_free(sdp->media[i].fmt);
        g_free(sdp->media[i].cand);
        g_free(sdp->media[i].ice_ufrag);
        g_free(sdp->media[i].ice_pwd);
    }
    g_free(sdp->media);
    g_free(sdp->session_ice_ufrag);
    g_free(sdp->session_ice_pwd);
    g_free(sdp);
}

const ss_sdp_fmt_t *ss_sdp_media_fmt(const ss_sdp_media_t *m, guint8 pt)
{
    for (guint i = 0; i < m->n_fmt; i++)
        if (m->fmt[i].pt == pt)
            return &m->fmt[i];
    return NULL;
}

const char *ss_sdp_fmt_str(const ss_sdp_fmt_t *f, char *buf, gsize buflen)
{
    if (f->name[0] && f->clock)
        g_snprintf(buf, (gulong)buflen, "%s/%u", f->name, f->clock);
    else if (f->name[0])
        g_strlcpy(buf, f->name, buflen);
    else
        g_snprintf(buf, (gulong)buflen, "PT %u", f->pt);
    return buf;
}
