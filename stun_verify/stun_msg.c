/* stun_msg.c: STUN message parser (see stun_msg.h). */
#include "stun_verify/stun_msg.h"

#include <string.h>

static guint16 rd16(const guint8 *p)
{
    return (guint16)((p[0] << 8) | p[1]);
}

static guint32 rd32(const guint8 *p)
{
    return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

static void add_issue(stun_msg_t *m, stun_issue_code_t code, guint16 attr, guint offset)
{
    if (m->n_issues >= STUN_MAX_ISSUES) {
        m->issues_dropped++;
        return;
    }
    m->issue[m->n_issues].code = code;
    m->issue[m->n_issues].attr = attr;
    m->issue[m->n_issues].offset = (guint16)MIN(offset, G_MAXUINT16);
    m->n_issues++;
}

stun_issue_code_t stun_addr_decode(const guint8 *val, guint len, const guint8 *xor_key, ss_endpoint_t *out)
{
    guint8 addr[16];
    guint16 port;
    guint alen;

    memset(out, 0, sizeof *out);
    if (len < 4)
        return STUN_ISSUE_ADDR_LENGTH;
    switch (val[1]) {
    case 0x01: alen = 4; break;
    case 0x02: alen = 16; break;
    default:   return STUN_ISSUE_ADDR_FAMILY;
    }
    if (len != 4 + alen)
        return STUN_ISSUE_ADDR_LENGTH;
    port = rd16(val + 2);
    memcpy(addr, val + 4, alen);
    if (xor_key) {
        /* the port with the cookie's top 16 bits, the address with cookie (+ transaction ID) */
        port ^= rd16(xor_key);
        for (guint i = 0; i < alen; i++)
            addr[i] ^= xor_key[i];
    }
    ss_endpoint_set(out, addr, alen, port);
    return STUN_ISSUE_NONE;
}

static void take_addr(stun_msg_t *m, stun_addr_attr_t *a, guint16 type, guint off,
                      const guint8 *val, guint len, gboolean xored)
{
    stun_issue_code_t c;
    ss_endpoint_t ep;

    if (a->present)
        return;          /* first occurrence wins */
    a->present = TRUE;
    c = stun_addr_decode(val, len, xored ? m->tid : NULL, &ep);
    if (c != STUN_ISSUE_NONE) {
        add_issue(m, c, type, off);
        return;
    }
    a->ok = TRUE;
    a->ep = ep;
}

static void take_span(stun_span_t *s, guint off, guint len)
{
    if (s->present)
        return;
    s->present = TRUE;
    s->offset = (guint16)off;
    s->len = (guint16)len;
}

/* One attribute: type t, value at hdr+voff of length len; aoff = attribute header offset. */
static void attribute(stun_msg_t *m, guint16 t, guint aoff, guint voff, guint len)
{
    const guint8 *v = m->hdr + voff;
    guint16 eff = t;

    /* classic drafts numbered NONCE and REALM the other way round */
    if (m->classic && (t == 0x0014 || t == 0x0015))
        eff = t ^ 1;

    if (m->fingerprint.present)
        add_issue(m, STUN_ISSUE_FP_NOT_LAST, t, aoff);
    if (m->mi.present && t != STUN_ATTR_FINGERPRINT && t != STUN_ATTR_MESSAGE_INTEGRITY_SHA256)
        m->attrs_after_integrity++;

    switch (eff) {
    case STUN_ATTR_MAPPED_ADDRESS:
        take_addr(m, &m->mapped, t, aoff, v, len, FALSE);
        break;
    case STUN_ATTR_XOR_MAPPED_ADDRESS:
        if (m->xor_mapped.present && !m->xor_mapped.ok)
            m->xor_mapped.present = FALSE;   /* a valid standard one replaces a broken old one */
        take_addr(m, &m->xor_mapped, t, aoff, v, len, TRUE);
        break;
    case STUN_ATTR_XOR_MAPPED_ADDRESS_OLD:
        take_addr(m, &m->xor_mapped, t, aoff, v, len, TRUE);
        break;
    case STUN_ATTR_SOURCE_ADDRESS:
        take_addr(m, &m->source, t, aoff, v, len, FALSE);
        break;
    case STUN_ATTR_CHANGED_ADDRESS:
        take_addr(m, &m->changed, t, aoff, v, len, FALSE);
        break;
    case STUN_ATTR_RESPONSE_ORIGIN:
        take_addr(m, &m->source, t, aoff, v, len, FALSE);
        break;
    case STUN_ATTR_OTHER_ADDRESS:
        take_addr(m, &m->changed, t, aoff, v, len, FALSE);
        break;
    case STUN_ATTR_ALTERNATE_SERVER:
        take_addr(m, &m->alternate, t, aoff, v, len, FALSE);
        break;
    case STUN_ATTR_XOR_PEER_ADDRESS:
        if (!m->classic)   /* classic 0x0012 is REMOTE-ADDRESS (plain) */
            take_addr(m, &m->xor_peer, t, aoff, v, len, TRUE);
        break;
    case STUN_ATTR_XOR_RELAYED_ADDRESS:
        if (!m->classic)   /* classic 0x0016 is REQUESTED-ADDRESS-TYPE */
            take_addr(m, &m->xor_relayed, t, aoff, v, len, TRUE);
        break;
    case STUN_ATTR_USERNAME:
        if (len > 513)
            add_issue(m, STUN_ISSUE_USERNAME_LENGTH, t, aoff);
        take_span(&m->username, voff, len);
        break;
    case STUN_ATTR_REALM:
        take_span(&m->realm, voff, len);
        break;
    case STUN_ATTR_NONCE:
        take_span(&m->nonce, voff, len);
        break;
    case STUN_ATTR_SOFTWARE:
        take_span(&m->software, voff, len);
        break;
    case STUN_ATTR_DATA:
        take_span(&m->data, voff, len);
        break;
    case STUN_ATTR_USERHASH:
        m->has_userhash = TRUE;
        break;
    case STUN_ATTR_ERROR_CODE:
        if (m->has_error_code)
            break;
        /* RFC 5389: class 3..6; RFC 3489 allowed 1..6 */
        if (len < 4 || (v[2] & 0x07) < (m->classic ? 1 : 3) || (v[2] & 0x07) > 6 || v[3] > 99) {
            add_issue(m, STUN_ISSUE_ERROR_CODE, t, aoff);
            if (len < 4)
                break;
        }
        m->has_error_code = TRUE;
        m->error_code = (guint16)((v[2] & 0x07) * 100 + v[3]);
        take_span(&m->error_reason, voff + 4, len - 4);
        break;
    case STUN_ATTR_MESSAGE_INTEGRITY:
        if (m->mi.present)
            break;
        take_span(&m->mi, aoff, len);
        if (len != 20) {
            m->mi_bad_length = TRUE;
            add_issue(m, STUN_ISSUE_MI_LENGTH, t, aoff);
        }
        break;
    case STUN_ATTR_MESSAGE_INTEGRITY_SHA256:
        if (m->classic || m->mi256.present)
            break;
        take_span(&m->mi256, aoff, len);
        if (len < 16 || len > 32 || (len & 3)) {
            m->mi256_bad_length = TRUE;
            add_issue(m, STUN_ISSUE_MI256_LENGTH, t, aoff);
        }
        break;
    case STUN_ATTR_GOOG_MESSAGE_INTEGRITY_32:
        if (m->goog_mi32.present)
            break;
        if (len != 4) {
            add_issue(m, STUN_ISSUE_VALUE_LENGTH, t, aoff);
            break;
        }
        take_span(&m->goog_mi32, aoff, len);
        break;
    case STUN_ATTR_FINGERPRINT:
        if (m->fingerprint.present)
            break;
        take_span(&m->fingerprint, aoff, len);
        if (len != 4)
            add_issue(m, STUN_ISSUE_FP_LENGTH, t, aoff);
        break;
    case STUN_ATTR_PRIORITY:
        if (len != 4) {
            add_issue(m, STUN_ISSUE_VALUE_LENGTH, t, aoff);
            break;
        }
        m->has_priority = TRUE;
        m->priority = rd32(v);
        break;
    case STUN_ATTR_USE_CANDIDATE:
        m->use_candidate = TRUE;
        break;
    case STUN_ATTR_ICE_CONTROLLED:
    case STUN_ATTR_ICE_CONTROLLING:
        if (len != 8)
            add_issue(m, STUN_ISSUE_VALUE_LENGTH, t, aoff);
        if (t == STUN_ATTR_ICE_CONTROLLING)
            m->ice_controlling = TRUE;
        else
            m->ice_controlled = TRUE;
        break;
    case STUN_ATTR_CHANNEL_NUMBER:
        if (m->classic)
            break;
        if (len != 4) {
            add_issue(m, STUN_ISSUE_VALUE_LENGTH, t, aoff);
            break;
        }
        m->has_channel_number = TRUE;
        m->channel_number = rd16(v);
        break;
    case STUN_ATTR_LIFETIME:
        if (len != 4) {
            add_issue(m, STUN_ISSUE_VALUE_LENGTH, t, aoff);
            break;
        }
        m->has_lifetime = TRUE;
        m->lifetime = rd32(v);
        break;
    case STUN_ATTR_PASSWORD_ALGORITHM:
        if (m->classic)
            break;
        if (len < 4) {
            add_issue(m, STUN_ISSUE_VALUE_LENGTH, t, aoff);
            break;
        }
        m->has_password_algorithm = TRUE;
        m->password_algorithm = rd16(v);
        break;
    default:
        break;
    }
}

gboolean stun_msg_parse(const guint8 *buf, gsize len, stun_msg_t *m)
{
    guint total, off;
    guint16 t;

    memset(m, 0, sizeof *m);
    if (!buf || len < 4)
        return FALSE;

    /* RFC 4571 framing (RFC 6544 ICE-TCP): a 2-byte length, then the header */
    if (len >= 2 + STUN_HDR_LEN && rd32(buf + 6) == STUN_MAGIC_COOKIE && rd32(buf + 4) != STUN_MAGIC_COOKIE) {
        m->framing = 2;
        buf += 2;
        len -= 2;
    }
    if (len > G_MAXUINT16 + STUN_HDR_LEN + 4)
        len = G_MAXUINT16 + STUN_HDR_LEN + 4;   /* a message is at most 20 + 65535 bytes */
    m->hdr = buf;
    m->avail = (guint)len;

    t = rd16(buf);
    if ((t & 0xC000) == 0x4000) {
        m->kind = STUN_KIND_CHANNEL_DATA;
        m->channel = t;
        m->data_len = rd16(buf + 2);
        if ((guint)m->data_len + 4 > m->avail)
            add_issue(m, STUN_ISSUE_TRUNCATED, 0, 2);
        m->end = m->avail;
        return TRUE;
    }
    if ((t & 0xC000) != 0 || len < STUN_HDR_LEN)
        return FALSE;

    m->kind = STUN_KIND_MESSAGE;
    m->type = t;
    m->cls = (stun_class_t)(((t >> 7) & 0x2) | ((t >> 4) & 0x1));
    m->method = (guint16)((t & 0x000F) | ((t & 0x00E0) >> 1) | ((t & 0x3E00) >> 2));
    m->length = rd16(buf + 2);
    memcpy(m->tid, buf + 4, 16);
    m->classic = rd32(buf + 4) != STUN_MAGIC_COOKIE;

    if (!m->classic && (m->length & 3))
        add_issue(m, STUN_ISSUE_LEN_NOT_MULT4, 0, 2);
    total = STUN_HDR_LEN + m->length;
    if (total > m->avail) {
        add_issue(m, STUN_ISSUE_TRUNCATED, 0, 2);
        total = m->avail;
    }

    off = STUN_HDR_LEN;
    while (off + 4 <= total) {
        guint16 at = rd16(buf + off);
        guint alen = rd16(buf + off + 2);
        guint padded = m->classic ? alen : ((alen + 3u) & ~3u);

        if (off + 4 + alen > total) {
            add_issue(m, STUN_ISSUE_ATTR_OVERRUN, at, off);
            off = total;   /* the rest cannot be walked */
            break;
        }
        m->n_attrs++;
        attribute(m, at, off, off + 4, alen);
        off += 4 + padded;
        if (off > total)   /* missing padding after the last attribute (length not a multiple of 4) */
            off = total;
    }
    if (off < total) {
        add_issue(m, STUN_ISSUE_TRAILING, 0, off);
        off = total;
    }
    m->end = off;
    return TRUE;
}

const char *stun_class_str(stun_class_t c)
{
    switch (c) {
    case STUN_CLASS_REQUEST:    return "request";
    case STUN_CLASS_INDICATION: return "indication";
    case STUN_CLASS_SUCCESS:    return "success";
    case STUN_CLASS_ERROR:      return "error";
    }
    return "unknown";
}

const char *stun_method_str(guint16 method)
{
    switch (method) {
    case STUN_METHOD_BINDING:            return "Binding";
    case STUN_METHOD_SHARED_SECRET:      return "SharedSecret";
    case STUN_METHOD_ALLOCATE:           return "Allocate";
    case STUN_METHOD_REFRESH:            return "Refresh";
    case STUN_METHOD_SEND:               return "Send";
    case STUN_METHOD_DATA:               return "Data";
    case STUN_METHOD_CREATE_PERMISSION:  return "CreatePermission";
    case STUN_METHOD_CHANNEL_BIND:       return "ChannelBind";
    case STUN_METHOD_CONNECT:            return "Connect";
    case STUN_METHOD_CONNECTION_BIND:    return "ConnectionBind";
    case STUN_METHOD_CONNECTION_ATTEMPT: return "ConnectionAttempt";
    case STUN_METHOD_GOOG_PING:          return "GoogPing";
    default:                             return NULL;
    }
}

gboolean stun_method_is_turn(guint16 method)
{
    switch (method) {
    case STUN_METHOD_ALLOCATE: case STUN_METHOD_REFRESH: case STUN_METHOD_SEND:
    case STUN_METHOD_DATA: case STUN_METHOD_CREATE_PERMISSION: case STUN_METHOD_CHANNEL_BIND:
    case STUN_METHOD_CONNECT: case STUN_METHOD_CONNECTION_BIND: case STUN_METHOD_CONNECTION_ATTEMPT:
        return TRUE;
    default:
        return FALSE;
    }
}

const char *stun_attr_str(guint16 type, gboolean classic)
{
    if (classic && (type == 0x0014 || type == 0x0015))
        type ^= 1;
    switch (type) {
    case STUN_ATTR_MAPPED_ADDRESS:           return "MAPPED-ADDRESS";
    case STUN_ATTR_RESPONSE_ADDRESS:         return "RESPONSE-ADDRESS";
    case STUN_ATTR_CHANGE_REQUEST:           return "CHANGE-REQUEST";
    case STUN_ATTR_SOURCE_ADDRESS:           return "SOURCE-ADDRESS";
    case STUN_ATTR_CHANGED_ADDRESS:          return "CHANGED-ADDRESS";
    case STUN_ATTR_USERNAME:                 return "USERNAME";
    case STUN_ATTR_PASSWORD:                 return "PASSWORD";
    case STUN_ATTR_MESSAGE_INTEGRITY:        return "MESSAGE-INTEGRITY";
    case STUN_ATTR_ERROR_CODE:               return "ERROR-CODE";
    case STUN_ATTR_UNKNOWN_ATTRIBUTES:       return "UNKNOWN-ATTRIBUTES";
    case STUN_ATTR_REFLECTED_FROM:           return "REFLECTED-FROM";
    case STUN_ATTR_CHANNEL_NUMBER:           return classic ? NULL : "CHANNEL-NUMBER";
    case STUN_ATTR_LIFETIME:                 return "LIFETIME";
    case STUN_ATTR_XOR_PEER_ADDRESS:         return classic ? "REMOTE-ADDRESS" : "XOR-PEER-ADDRESS";
    case STUN_ATTR_DATA:                     return "DATA";
    case STUN_ATTR_REALM:                    return "REALM";
    case STUN_ATTR_NONCE:                    return "NONCE";
    case STUN_ATTR_XOR_RELAYED_ADDRESS:      return classic ? "REQUESTED-ADDRESS-TYPE" : "XOR-RELAYED-ADDRESS";
    case STUN_ATTR_REQUESTED_TRANSPORT:      return "REQUESTED-TRANSPORT";
    case STUN_ATTR_MESSAGE_INTEGRITY_SHA256: return "MESSAGE-INTEGRITY-SHA256";
    case STUN_ATTR_PASSWORD_ALGORITHM:       return "PASSWORD-ALGORITHM";
    case STUN_ATTR_USERHASH:                 return "USERHASH";
    case STUN_ATTR_XOR_MAPPED_ADDRESS:       return "XOR-MAPPED-ADDRESS";
    case STUN_ATTR_PRIORITY:                 return "PRIORITY";
    case STUN_ATTR_USE_CANDIDATE:            return "USE-CANDIDATE";
    case STUN_ATTR_XOR_MAPPED_ADDRESS_OLD:   return "XOR-MAPPED-ADDRESS (0x8020)";
    case STUN_ATTR_SOFTWARE:                 return "SOFTWARE";
    case STUN_ATTR_ALTERNATE_SERVER:         return "ALTERNATE-SERVER";
    case STUN_ATTR_FINGERPRINT:              return "FINGERPRINT";
    case STUN_ATTR_ICE_CONTROLLED:           return "ICE-CONTROLLED";
    case STUN_ATTR_ICE_CONTROLLING:          return "ICE-CONTROLLING";
    case STUN_ATTR_RESPONSE_ORIGIN:          return "RESPONSE-ORIGIN";
    case STUN_ATTR_OTHER_ADDRESS:            return "OTHER-ADDRESS";
    case STUN_ATTR_GOOG_MESSAGE_INTEGRITY_32: return "GOOG-MESSAGE-INTEGRITY-32";
    default:                                 return NULL;
    }
}

const char *stun_issue_str(stun_issue_code_t code)
{
    switch (code) {
    case STUN_ISSUE_NONE:            return "no problem";
    case STUN_ISSUE_LEN_NOT_MULT4:   return "message length is not a multiple of 4";
    case STUN_ISSUE_TRUNCATED:       return "message length runs past the end of the data";
    case STUN_ISSUE_TRAILING:        return "bytes after the last attribute do not form an attribute";
    case STUN_ISSUE_ATTR_OVERRUN:    return "attribute length runs past the end of the message";
    case STUN_ISSUE_ADDR_LENGTH:     return "address attribute length does not match its family";
    case STUN_ISSUE_ADDR_FAMILY:     return "unknown address family";
    case STUN_ISSUE_MI_LENGTH:       return "MESSAGE-INTEGRITY is not 20 bytes";
    case STUN_ISSUE_MI256_LENGTH:    return "MESSAGE-INTEGRITY-SHA256 is not 16 to 32 bytes in steps of 4";
    case STUN_ISSUE_FP_LENGTH:       return "FINGERPRINT is not 4 bytes";
    case STUN_ISSUE_FP_NOT_LAST:     return "attribute after FINGERPRINT";
    case STUN_ISSUE_ERROR_CODE:      return "ERROR-CODE is too short or its class is not 3 to 6";
    case STUN_ISSUE_USERNAME_LENGTH: return "USERNAME is longer than 513 bytes";
    case STUN_ISSUE_VALUE_LENGTH:    return "attribute has the wrong length for its type";
    case STUN_ISSUE_COUNT:           break;
    }
    return "unknown problem";
}

const char *stun_msg_str(const stun_msg_t *m, const stun_span_t *s, char *buf, gsize buflen)
{
    gsize n;
    if (buflen == 0)
        return buf;
    buf[0] = '\0';
    if (!s->present || !m->hdr || (guint)s->offset + s->len > m->avail)
        return buf;
    n = MIN((gsize)s->len, buflen - 1);
    memcpy(buf, m->hdr + s->offset, n);
    buf[n] = '\0';
    return buf;
}
