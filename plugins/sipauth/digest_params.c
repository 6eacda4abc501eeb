/* digest_params.c: header parameter parser (see digest_params.h). */
#include <string.h>

#include "plugins/sipauth/digest_params.h"

typedef struct {
    const char *p, *end;
} cursor_t;

static gboolean is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* token characters: anything visible except separators we care about */
static gboolean is_tok(char c)
{
    return (unsigned char)c > 0x20 && (unsigned char)c != 0x7f &&
           c != ',' && c != '=' && c != '"' && c != ';';
}

static void skip_ws(cursor_t *c)
{
    while (c->p < c->end && is_ws(*c->p))
        c->p++;
}

/* skip to just after the next top-level comma (quoted strings respected) */
static void skip_item(cursor_t *c, guint32 *errors)
{
    gboolean inq = FALSE;
    while (c->p < c->end) {
        char ch = *c->p++;
        if (inq) {
            if (ch == '\\' && c->p < c->end)
                c->p++;
            else if (ch == '"')
                inq = FALSE;
        } else if (ch == '"') {
            inq = TRUE;
        } else if (ch == ',') {
            return;
        }
    }
    if (inq)
        *errors |= DP_ERR_UNTERMINATED;
}

static char *read_token(cursor_t *c)
{
    const char *s = c->p;
    while (c->p < c->end && is_tok(*c->p))
        c->p++;
    return g_strndup(s, (gsize)(c->p - s));
}

/* at the opening quote; returns the unescaped value */
static char *read_quoted(cursor_t *c, guint32 *errors)
{
    GString *g = g_string_new(NULL);
    c->p++;   /* opening quote */
    while (c->p < c->end) {
        char ch = *c->p++;
        if (ch == '"')
            return g_string_free(g, FALSE);
        if (ch == '\\' && c->p < c->end)
            ch = *c->p++;
        g_string_append_c(g, ch);
    }
    *errors |= DP_ERR_UNTERMINATED;
    return g_string_free(g, FALSE);
}

static char *read_unquoted(cursor_t *c)
{
    const char *s = c->p;
    while (c->p < c->end && *c->p != ',' && !is_ws(*c->p))
        c->p++;
    return g_strndup(s, (gsize)(c->p - s));
}

typedef struct {
    GArray  *params;   /* dp_param_t */
    char    *scheme;
    guint32  errors;
    char    *dup_name;
} building_t;

static void item_finish(GArray *items, building_t *b, gboolean with_scheme)
{
    dp_item_t it;
    if (!b->scheme && !b->params)
        return;
    memset(&it, 0, sizeof it);
    it.scheme = b->scheme;
    it.errors = b->errors;
    it.dup_name = b->dup_name;
    if (b->params) {
        it.n = b->params->len;
        it.params = (dp_param_t *)(void *)g_array_free(b->params, it.n == 0);
        if (it.n == 0)
            it.params = NULL;
    }
    if (with_scheme && it.n == 0)
        it.errors |= DP_ERR_NO_PARAMS;
    g_array_append_val(items, it);
    memset(b, 0, sizeof *b);
}

static void free_building(building_t *b)
{
    if (b->params) {
        for (guint i = 0; i < b->params->len; i++) {
            dp_param_t *p = &g_array_index(b->params, dp_param_t, i);
            g_free(p->name);
            g_free(p->value);
        }
        g_array_free(b->params, TRUE);
    }
    g_free(b->scheme);
    g_free(b->dup_name);
    memset(b, 0, sizeof *b);
}

static gboolean is_t68(char c)
{
    return g_ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}

/* After a scheme: RFC 7235 token68 ("Basic QWxhZGRpbg==") is kept as one parameter named
 * "token68"; otherwise the cursor is left where it was (auth-params follow). */
static void try_token68(cursor_t *c, building_t *b)
{
    cursor_t t = *c;
    const char *s, *e;
    dp_param_t prm;
    skip_ws(&t);
    s = t.p;
    while (t.p < t.end && is_t68(*t.p))
        t.p++;
    if (t.p == s)
        return;
    while (t.p < t.end && *t.p == '=')
        t.p++;
    e = t.p;
    skip_ws(&t);
    if (t.p < t.end && *t.p != ',')
        return;             /* "realm=..." or a following token: auth-params, not token68 */
    prm.name = g_strdup("token68");
    prm.value = g_strndup(s, (gsize)(e - s));
    prm.quoted = FALSE;
    b->params = g_array_new(FALSE, TRUE, sizeof(dp_param_t));
    g_array_append_val(b->params, prm);
    *c = t;
}

dp_list_t *dp_parse(const char *value, gsize len, gboolean with_scheme)
{
    dp_list_t *l = g_new0(dp_list_t, 1);
    GArray *items;
    building_t b;
    cursor_t c;
    const char *nul;

    if (!value || len == 0) {
        l->errors = DP_ERR_EMPTY;
        return l;
    }
    if (len > DP_MAX_LEN) {
        l->errors = DP_ERR_TOO_LONG;
        return l;
    }
    nul = memchr(value, '\0', len);
    c.p = value;
    c.end = nul ? nul : value + len;

    items = g_array_new(FALSE, TRUE, sizeof(dp_item_t));
    memset(&b, 0, sizeof b);
    for (;;) {
        char *tok;
        while (c.p < c.end && (is_ws(*c.p) || *c.p == ','))
            c.p++;
        if (c.p >= c.end)
            break;
        if (!is_tok(*c.p)) {
            b.errors |= DP_ERR_SYNTAX;
            skip_item(&c, &b.errors);
            continue;
        }
        tok = read_token(&c);
        skip_ws(&c);
        if (c.p < c.end && *c.p == '=') {
            dp_param_t prm;
            c.p++;
            skip_ws(&c);
            memset(&prm, 0, sizeof prm);
            prm.name = tok;
            if (c.p < c.end && *c.p == '"') {
                prm.quoted = TRUE;
                prm.value = read_quoted(&c, &b.errors);
            } else {
                prm.value = read_unquoted(&c);
            }
            if (with_scheme && !b.scheme && !b.params)
                b.errors |= DP_ERR_NO_SCHEME;
            if (!b.params)
                b.params = g_array_new(FALSE, TRUE, sizeof(dp_param_t));
            if (b.params->len >= DP_MAX_PARAMS) {
                b.errors |= DP_ERR_TOO_MANY;
                g_free(prm.name);
                g_free(prm.value);
            } else {
                for (guint i = 0; i < b.params->len; i++) {
                    if (g_ascii_strcasecmp(g_array_index(b.params, dp_param_t, i).name, prm.name) == 0) {
                        b.errors |= DP_ERR_DUPLICATE;
                        if (!b.dup_name)
                            b.dup_name = g_strdup(prm.name);
                        break;
                    }
                }
                g_array_append_val(b.params, prm);
            }
            skip_ws(&c);
            if (c.p < c.end && *c.p != ',') {
                b.errors |= DP_ERR_SYNTAX;
                skip_item(&c, &b.errors);
            }
            continue;
        }
        /* a token not followed by '=': an auth-scheme (starts a new item) or junk */
        if (with_scheme) {
            if (items->len >= DP_MAX_ITEMS) {
                l->errors |= DP_ERR_TOO_MANY;
                g_free(tok);
                break;
            }
            item_finish(items, &b, with_scheme);
            b.scheme = tok;
            if (g_ascii_strcasecmp(tok, "Digest") != 0)   /* Digest never uses token68 */
                try_token68(&c, &b);
            continue;
        }
        g_free(tok);
        b.errors |= DP_ERR_SYNTAX;
        skip_item(&c, &b.errors);
    }
    l->errors |= b.errors;   /* also errors of junk that never became an item */
    if (items->len < DP_MAX_ITEMS || !(b.scheme || b.params))
        item_finish(items, &b, with_scheme);
    free_building(&b);

    /* an odd number of unescaped quotes: some quoted string is unterminated, even when the
     * pairing above happened to close every string it opened */
    {
        gboolean inq = FALSE;
        for (const char *q = value; q < c.end; q++) {
            if (inq && *q == '\\' && q + 1 < c.end)
                q++;
            else if (*q == '"')
                inq = !inq;
        }
        if (inq) {
            l->errors |= DP_ERR_UNTERMINATED;
            if (items->len)
                g_array_index(items, dp_item_t, items->len - 1).errors |= DP_ERR_UNTERMINATED;
        }
    }
    l->n = items->len;
    l->items = (dp_item_t *)(void *)g_array_free(items, FALSE);
    for (guint i = 0; i < l->n; i++)
        l->errors |= l->items[i].errors;
    if (l->n == 0)
        l->errors |= DP_ERR_EMPTY;
    return l;
}

void dp_list_free(dp_list_t *l)
{
    if (!l)
        return;
    for (guint i = 0; i < l->n; i++) {
        dp_item_t *it = &l->items[i];
        for (guint k = 0; k < it->n; k++) {
            g_free(it->params[k].name);
            g_free(it->params[k].value);
        }
        g_free(it->params);
        g_free(it->scheme);
        g_free(it->dup_name);
    }
    g_free(l->items);
    g_free(l);
}

const dp_param_t *dp_find(const dp_item_t *it, const char *name)
{
    if (!it || !name)
        return NULL;
    for (guint i = 0; i < it->n; i++)
        if (g_ascii_strcasecmp(it->params[i].name, name) == 0)
            return &it->params[i];
    return NULL;
}

const char *dp_get(const dp_item_t *it, const char *name)
{
    const dp_param_t *p = dp_find(it, name);
    return p ? p->value : NULL;
}

gboolean dp_list_has(const char *list, const char *tok)
{
    gsize tl;
    const char *p = list;
    if (!list || !tok)
        return FALSE;
    tl = strlen(tok);
    while (*p) {
        const char *s;
        while (*p == ',' || is_ws(*p))
            p++;
        s = p;
        while (*p && *p != ',' && !is_ws(*p))
            p++;
        if ((gsize)(p - s) == tl && tl && g_ascii_strncasecmp(s, tok, tl) == 0)
            return TRUE;
    }
    return FALSE;
}

char *dp_errors_str(guint32 e)
{
    static const struct { guint32 bit; const char *txt; } names[] = {
        { DP_ERR_UNTERMINATED, "unterminated quoted string" },
        { DP_ERR_DUPLICATE,    "duplicated parameter" },
        { DP_ERR_SYNTAX,       "syntax error" },
        { DP_ERR_TOO_LONG,     "header value too long" },
        { DP_ERR_TOO_MANY,     "too many parameters" },
        { DP_ERR_NO_PARAMS,    "no parameters" },
        { DP_ERR_EMPTY,        "empty header" },
        { DP_ERR_NO_SCHEME,    "no auth scheme" },
    };
    GString *g = g_string_new(NULL);
    for (guint i = 0; i < G_N_ELEMENTS(names); i++)
        if (e & names[i].bit)
            g_string_append_printf(g, "%s%s", g->len ? ", " : "", names[i].txt);
    return g_string_free(g, FALSE);
}
