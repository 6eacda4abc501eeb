/* sip_parse.c: a SIP message from its raw bytes (see sip_parse.h). */
#include "plugins/core/sip_parse.h"

#include <stdlib.h>
#include <string.h>

/* The headers sip_parse reads itself, found once while splitting the header block (looking
 * each one up by name again cost more than the rest of the parse). */
typedef enum {
    HK_OTHER = 0, HK_CALL_ID, HK_FROM, HK_TO, HK_CSEQ, HK_VIA, HK_CONTACT, HK_RECORD_ROUTE,
    HK_USER_AGENT, HK_SERVER, HK_CONTENT_TYPE, HK_REASON, HK_RSEQ, HK_RACK, HK_EXPIRES,
    HK_CONTENT_LENGTH, HK_COUNT
} hdr_kind_t;

#define KIND(s) { s, sizeof s - 1 }
static const struct { const char *name; gsize len; } kind_names[HK_COUNT] = {
    { NULL, 0 }, KIND("Call-ID"), KIND("From"), KIND("To"), KIND("CSeq"), KIND("Via"), KIND("Contact"),
    KIND("Record-Route"), KIND("User-Agent"), KIND("Server"), KIND("Content-Type"), KIND("Reason"),
    KIND("RSeq"), KIND("RAck"), KIND("Expires"), KIND("Content-Length"),
};
#undef KIND

struct ss_sip_parsed {
    char         *buf;      /* the header block, unfolded and split in place */
    ss_sip_hdr_t *hdrs;
    guint8       *kinds;    /* hdr_kind_t of each header */
    gint          first[HK_COUNT];   /* index of the first header of each kind, -1 if none */
    guint         dropped;
    GStringChunk *strs;     /* values derived from headers (tags, users, ...) */
    guint8       *body;
};

/* RFC 3261 7.3.3 and later RFCs' compact header names */
static const char *compact_name(char c)
{
    switch (g_ascii_tolower(c)) {
    case 'a': return "Accept-Contact";
    case 'b': return "Referred-By";
    case 'c': return "Content-Type";
    case 'd': return "Request-Disposition";
    case 'e': return "Content-Encoding";
    case 'f': return "From";
    case 'i': return "Call-ID";
    case 'j': return "Reject-Contact";
    case 'k': return "Supported";
    case 'l': return "Content-Length";
    case 'm': return "Contact";
    case 'n': return "Identity-Info";
    case 'o': return "Event";
    case 'r': return "Refer-To";
    case 's': return "Subject";
    case 't': return "To";
    case 'u': return "Allow-Events";
    case 'v': return "Via";
    case 'x': return "Session-Expires";
    case 'y': return "Identity";
    default:  return NULL;
    }
}

static hdr_kind_t header_kind(const char *name)
{
    gsize n = strlen(name);
    for (int k = 1; k < HK_COUNT; k++)
        if (kind_names[k].len == n && g_ascii_strcasecmp(kind_names[k].name, name) == 0)
            return (hdr_kind_t)k;
    return HK_OTHER;
}

static const char *first_of(const ss_sip_parsed_t *p, const ss_sip_msg_t *m, hdr_kind_t k)
{
    return p->first[k] >= 0 ? m->headers[p->first[k]].value : NULL;
}

static char *trim(char *s)
{
    char *e;
    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

static gboolean parse_uint(const char *s, guint32 max, guint32 *out)
{
    guint64 v = 0;
    gboolean any = FALSE;
    while (*s == ' ' || *s == '\t')
        s++;
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (guint64)(*s - '0');
        if (v > max)
            return FALSE;
        any = TRUE;
    }
    if (!any)
        return FALSE;
    *out = (guint32)v;
    return TRUE;
}

guint ss_sip_split_commas(char *buf, char **out, guint max)
{
    guint n = 0;
    gboolean quoted = FALSE;
    int angle = 0;
    char *start = buf;

    if (!buf || max == 0)
        return 0;
    for (char *p = buf;; p++) {
        if (*p == '\0' || (*p == ',' && !quoted && angle == 0)) {
            gboolean end = *p == '\0';
            *p = '\0';
            start = trim(start);
            if (*start && n < max)
                out[n++] = start;
            if (end)
                break;
            start = p + 1;
            continue;
        }
        if (quoted) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == '"')
                quoted = FALSE;
        } else if (*p == '"') {
            quoted = TRUE;
        } else if (*p == '<') {
            angle++;
        } else if (*p == '>' && angle > 0) {
            angle--;
        }
    }
    return n;
}

const char *ss_sip_param(const char *params, const char *name, char *out, gsize outlen)
{
    gsize nl = strlen(name);
    const char *p = params;

    if (!params || outlen == 0)
        return NULL;
    while (*p) {
        const char *q;
        while (*p == ';' || *p == ' ' || *p == '\t')
            p++;
        if (g_ascii_strncasecmp(p, name, nl) == 0) {
            q = p + nl;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q == ';' || *q == '\0' || *q == ',' || *q == '>') {
                out[0] = '\0';            /* a flag parameter: present, no value */
                return out;
            }
            if (*q == '=') {
                gsize k = 0;
                q++;
                while (*q == ' ' || *q == '\t')
                    q++;
                if (*q == '"') {           /* quoted-string value */
                    q++;
                    while (*q && *q != '"' && k + 1 < outlen)
                        out[k++] = *q++;
                } else {
                    while (*q && *q != ';' && *q != ',' && *q != ' ' && *q != '\t' && *q != '>' &&
                           k + 1 < outlen)
                        out[k++] = *q++;
                }
                out[k] = '\0';
                return out;
            }
        }
        /* next parameter (a quoted value may hold ';') */
        {
            gboolean quoted = FALSE;
            for (; *p && (quoted || *p != ';'); p++) {
                if (*p == '"')
                    quoted = !quoted;
                else if (quoted && *p == '\\' && p[1])
                    p++;
            }
        }
    }
    return NULL;
}

/* name-addr / addr-spec: [display] <uri> *(;param)  or  uri *(;param) */
typedef struct {
    char *display;   /* as written, quotes kept (NULL when none) */
    char *uri;
    char *params;    /* the ;-separated parameters after the address, "" when none */
} naddr_t;

static void parse_naddr(char *v, naddr_t *a)
{
    char *lt;

    a->display = NULL;
    a->uri = NULL;
    a->params = (char *)"";
    v = trim(v);
    if (*v == '"') {
        char *q = v + 1;
        while (*q && *q != '"') {
            if (*q == '\\' && q[1])
                q++;
            q++;
        }
        if (*q == '"')
            q++;
        lt = strchr(q, '<');
        if (lt) {
            *lt = '\0';
            a->display = trim(v);
            v = lt + 1;
        } else {
            a->display = NULL;      /* a quoted string without an address: junk */
            return;
        }
    } else {
        lt = strchr(v, '<');
        if (lt) {
            *lt = '\0';
            v = trim(v);
            if (*v)
                a->display = v;
            v = lt + 1;
        } else {
            /* addr-spec: the parameters after the first ';' belong to the header */
            char *semi = strchr(v, ';');
            if (semi) {
                *semi = '\0';
                a->params = semi + 1;
            }
            a->uri = trim(v);
            return;
        }
    }
    {
        char *gt = strchr(v, '>');
        a->uri = v;
        if (gt) {
            *gt = '\0';
            a->params = gt + 1;
        }
        a->uri = trim(a->uri);
    }
}

/* "host", "host:port", "[v6]" or "[v6]:port" (URI hostport, Via sent-by), split in place;
 * host NULL for an unclosed '[', port 0 when absent or out of range */
static void parse_hostport(char *s, char **host, guint16 *port)
{
    char *colon;
    guint32 v;

    if (*s == '[') {
        char *rb = strchr(s, ']');
        if (!rb)
            return;
        *rb = '\0';
        *host = s + 1;
        if (rb[1] == ':' && parse_uint(rb + 2, 65535, &v))
            *port = (guint16)v;
        return;
    }
    colon = strchr(s, ':');
    if (colon) {
        *colon = '\0';
        if (parse_uint(colon + 1, 65535, &v))
            *port = (guint16)v;
    }
    *host = s;
}

/* user, host and port of a SIP/SIPS/TEL URI (pointers into a scratch copy) */
static void parse_uri(char *uri, char **user, char **host, guint16 *port)
{
    char *p = uri, *colon, *at, *end;

    *user = *host = NULL;
    *port = 0;
    if (!uri)
        return;
    colon = strchr(p, ':');
    if (colon) {
        gboolean scheme = colon > p;
        for (char *s = p; s < colon && scheme; s++)
            scheme = g_ascii_isalpha(*s) || *s == '+' || *s == '-' || *s == '.';
        if (scheme) {
            if (g_ascii_strncasecmp(p, "tel:", 4) == 0) {
                p = colon + 1;
                end = p + strcspn(p, ";?>");
                *end = '\0';
                *user = p;
                return;
            }
            p = colon + 1;
        }
    }
    end = p + strcspn(p, "?>");
    *end = '\0';
    at = strrchr(p, '@');
    if (at) {
        char *pw;
        *at = '\0';
        pw = strchr(p, ':');
        if (pw)
            *pw = '\0';
        *user = p;
        p = at + 1;
    }
    p[strcspn(p, ";")] = '\0';
    parse_hostport(p, host, port);
}

static const char *keep(ss_sip_parsed_t *p, const char *s)
{
    return s ? g_string_chunk_insert(p->strs, s) : NULL;
}

/* The value's scratch copy for parsers that write into their input. */
static char *scratch(ss_sip_parsed_t *p, const char *s)
{
    return g_string_chunk_insert(p->strs, s ? s : "");
}

static void parse_party(ss_sip_parsed_t *p, const char *value, const char **display, const char **addr,
                        const char **user, const char **tag)
{
    naddr_t a;
    char *u, *h, buf[256];
    guint16 port;
    char *tmp;

    if (!value)
        return;
    tmp = scratch(p, value);
    parse_naddr(tmp, &a);
    *display = a.display;
    *addr = a.uri;
    if (a.uri) {
        parse_uri(scratch(p, a.uri), &u, &h, &port);
        *user = u;
    }
    *tag = keep(p, ss_sip_param(a.params, "tag", buf, sizeof buf));
}

static void parse_via(ss_sip_parsed_t *p, ss_sip_msg_t *m)
{
    char *elems[64];
    gboolean top_done = FALSE;

    m->via_count = 0;
    for (guint i = 0; i < m->n_headers; i++) {
        guint n;
        if (p->kinds[i] != HK_VIA)
            continue;
        n = ss_sip_split_commas(scratch(p, m->headers[i].value), elems, G_N_ELEMENTS(elems));
        m->via_count += n;
        if (!top_done && n > 0) {
            char *v = elems[0], *proto, *sent, *params, buf[256];
            guint32 port;
            top_done = TRUE;
            /* "SIP / 2.0 / UDP host:port;params": whitespace may surround the slashes */
            proto = v;
            {
                char *s = strrchr(proto, '/');
                char *t;
                if (!s)
                    continue;
                s++;
                while (*s == ' ' || *s == '\t')
                    s++;
                t = s + strcspn(s, " \t");
                if (*t)
                    *t++ = '\0';
                m->via_transport = s;
                sent = t;
            }
            while (*sent == ' ' || *sent == '\t')
                sent++;
            params = strchr(sent, ';');
            if (params)
                *params++ = '\0';      /* the parameters stay readable after the cut */
            {
                char *host = NULL;
                parse_hostport(trim(sent), &host, &m->via_port);
                m->via_host = host;
            }
            if (params) {
                const char *rp;
                m->via_branch = keep(p, ss_sip_param(params, "branch", buf, sizeof buf));
                m->via_received = keep(p, ss_sip_param(params, "received", buf, sizeof buf));
                rp = ss_sip_param(params, "rport", buf, sizeof buf);
                if (rp && parse_uint(rp, 65535, &port))
                    m->via_rport = (guint16)port;
            }
        }
    }
}

static guint count_elems(ss_sip_parsed_t *p, const ss_sip_msg_t *m, hdr_kind_t kind, char **first)
{
    char *elems[64];
    guint total = 0;
    for (guint i = 0; i < m->n_headers; i++) {
        guint n;
        if (p->kinds[i] != kind)
            continue;
        n = ss_sip_split_commas(scratch(p, m->headers[i].value), elems, G_N_ELEMENTS(elems));
        if (first && !*first && n)
            *first = elems[0];
        total += n;
    }
    return total;
}

/* Sets is_request, method, ruri, status and reason on success; leaves *m alone otherwise. */
static gboolean parse_start_line(char *line, ss_sip_msg_t *m)
{
    if (g_ascii_strncasecmp(line, "SIP/", 4) == 0) {
        char *sp = strchr(line, ' ');
        guint32 code;
        char *rest;
        if (!sp || !parse_uint(sp, 999, &code) || code < 100)
            return FALSE;
        rest = sp;
        while (*rest == ' ')
            rest++;
        while (*rest >= '0' && *rest <= '9')
            rest++;
        m->is_request = FALSE;
        m->method = m->ruri = NULL;
        m->status = code;
        m->reason = trim(rest);
        return TRUE;
    } else {
        char *sp1 = strchr(line, ' '), *sp2;
        if (!sp1 || sp1 == line)
            return FALSE;
        sp2 = strchr(sp1 + 1, ' ');
        if (!sp2 || g_ascii_strncasecmp(trim(sp2 + 1), "SIP/", 4) != 0)
            return FALSE;
        for (char *c = line; c < sp1; c++)
            if (!g_ascii_isalnum(*c) && !strchr("-.!%*_+`'~", *c))
                return FALSE;
        *sp1 = '\0';
        *sp2 = '\0';
        m->is_request = TRUE;
        m->method = line;
        m->ruri = trim(sp1 + 1);
        m->status = 0;
        m->reason = NULL;
        return TRUE;
    }
}

ss_sip_parsed_t *ss_sip_parse(const guint8 *raw, gsize len, ss_sip_msg_t *m)
{
    ss_sip_parsed_t *p;
    gsize hdr_end = len, body_start = len;
    char *line, *next, *u, *h;
    guint16 port;
    const char *v;
    char *first_contact = NULL;
    guint n_lines = 1, cap;

    if (!raw || len < 8)
        return NULL;
    /* the header block ends at the first empty line (memchr: the scan is most of the cost) */
    for (const guint8 *nl = memchr(raw, '\n', len); nl; nl = memchr(nl + 1, '\n', len - (gsize)(nl + 1 - raw))) {
        gsize i = (gsize)(nl - raw);
        if (i + 1 >= len)
            break;
        if (raw[i + 1] == '\n') {
            hdr_end = i + 1;
            body_start = i + 2;
            break;
        }
        if (raw[i + 1] == '\r' && i + 2 < len && raw[i + 2] == '\n') {
            hdr_end = i + 1;
            body_start = i + 3;
            break;
        }
    }

    p = g_new0(ss_sip_parsed_t, 1);
    p->buf = g_malloc(hdr_end + 1);
    memcpy(p->buf, raw, hdr_end);
    p->buf[hdr_end] = '\0';
    /* a NUL inside the headers must not cut them short */
    for (char *z = memchr(p->buf, '\0', hdr_end); z; z = memchr(z + 1, '\0', hdr_end - (gsize)(z + 1 - p->buf)))
        *z = ' ';
    /* unfold: a line starting with whitespace continues the previous one (RFC 3261 7.3.1);
     * count the lines for the header array on the way */
    for (char *nl = memchr(p->buf, '\n', hdr_end); nl; nl = memchr(nl + 1, '\n', hdr_end - (gsize)(nl + 1 - p->buf))) {
        if (nl[1] == ' ' || nl[1] == '\t') {
            *nl = ' ';
            if (nl > p->buf && nl[-1] == '\r')
                nl[-1] = ' ';
        } else {
            n_lines++;
        }
    }

    next = strchr(p->buf, '\n');
    if (next)
        *next++ = '\0';
    line = trim(p->buf);
    if (!parse_start_line(line, m)) {
        g_free(p->buf);
        g_free(p);
        return NULL;
    }

    p->strs = g_string_chunk_new(512);
    cap = MIN(n_lines, SS_SIP_MAX_HEADERS);
    p->hdrs = g_new(ss_sip_hdr_t, cap);
    p->kinds = g_new(guint8, cap);
    for (int k = 0; k < HK_COUNT; k++)
        p->first[k] = -1;
    m->n_headers = 0;
    for (line = next; line && *line; line = next) {
        char *colon;
        ss_sip_hdr_t hd;
        hdr_kind_t kind;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        colon = strchr(line, ':');
        if (!colon)
            continue;                  /* junk line */
        *colon = '\0';
        hd.name = trim(line);
        if (!*hd.name)
            continue;
        if (hd.name[1] == '\0' && compact_name(hd.name[0]))
            hd.name = compact_name(hd.name[0]);
        hd.value = trim(colon + 1);
        if (m->n_headers >= cap) {
            p->dropped++;
            continue;
        }
        kind = header_kind(hd.name);
        if (kind != HK_OTHER && p->first[kind] < 0)
            p->first[kind] = (gint)m->n_headers;
        p->kinds[m->n_headers] = (guint8)kind;
        p->hdrs[m->n_headers++] = hd;
    }
    m->headers = p->hdrs;

    /* Request-URI user */
    if (m->ruri) {
        parse_uri(scratch(p, m->ruri), &u, &h, &port);
        m->ruri_user = u;
    }
    m->call_id = first_of(p, m, HK_CALL_ID);
    parse_party(p, first_of(p, m, HK_FROM), &m->from_display, &m->from_addr, &m->from_user, &m->from_tag);
    parse_party(p, first_of(p, m, HK_TO), &m->to_display, &m->to_addr, &m->to_user, &m->to_tag);
    v = first_of(p, m, HK_CSEQ);
    if (v && parse_uint(v, G_MAXUINT32, &m->cseq)) {
        char *s = scratch(p, v);
        m->has_cseq = TRUE;
        s += strspn(s, " \t0123456789");
        s = trim(s);
        s[strcspn(s, " \t")] = '\0';
        m->cseq_method = *s ? s : NULL;
    }
    parse_via(p, m);
    count_elems(p, m, HK_CONTACT, &first_contact);
    if (first_contact) {
        naddr_t a;
        parse_naddr(first_contact, &a);
        m->contact_uri = a.uri;
        if (a.uri) {
            parse_uri(scratch(p, a.uri), &u, &h, &port);
            m->contact_host = h;
            m->contact_port = port;
        }
    }
    m->record_route_count = count_elems(p, m, HK_RECORD_ROUTE, NULL);
    m->user_agent = first_of(p, m, HK_USER_AGENT);
    m->server = first_of(p, m, HK_SERVER);
    m->content_type = first_of(p, m, HK_CONTENT_TYPE);
    m->reason_hdr = first_of(p, m, HK_REASON);
    v = first_of(p, m, HK_RSEQ);
    m->has_rseq = v && parse_uint(v, G_MAXUINT32, &m->rseq);
    v = first_of(p, m, HK_RACK);
    if (v) {
        char *s = scratch(p, v);
        char *tok = strtok(s, " \t");
        if (tok && parse_uint(tok, G_MAXUINT32, &m->rack_rseq) && (tok = strtok(NULL, " \t")) != NULL &&
            parse_uint(tok, G_MAXUINT32, &m->rack_cseq))
            m->has_rack = TRUE;
    }
    v = first_of(p, m, HK_EXPIRES);
    m->has_expires = v && parse_uint(v, G_MAXUINT32, &m->expires);

    v = first_of(p, m, HK_CONTENT_LENGTH);
    m->has_content_length = v && parse_uint(v, G_MAXUINT32, &m->content_length);

    /* body: what follows the empty line, no more than Content-Length says */
    m->wire_len = (guint)len;
    if (body_start < len) {
        gsize blen = len - body_start;
        if (m->has_content_length && m->content_length < blen)
            blen = m->content_length;
        if (blen) {
            p->body = g_memdup2(raw + body_start, blen);
            m->body = p->body;
            m->body_len = (guint)blen;
        }
        if (m->has_content_length)
            m->wire_len = (guint)(body_start + blen);
    }
    return p;
}

void ss_sip_parsed_free(ss_sip_parsed_t *p)
{
    if (!p)
        return;
    g_free(p->buf);
    g_free(p->hdrs);
    g_free(p->kinds);
    if (p->strs)
        g_string_chunk_free(p->strs);
    g_free(p->body);
    g_free(p);
}

guint ss_sip_parsed_dropped(const ss_sip_parsed_t *p)
{
    return p ? p->dropped : 0;
}
