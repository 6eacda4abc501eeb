/* packet-stunverify.c: epan glue of the stunverify protocol (STUN and ICE checks).
 *
 * First pass of every frame: the frame's SIP messages feed the ICE/SDP map (stun_ice) and the
 * advertisement index (stun_usage); each STUN message (one `stun` or `classicstun` item, several
 * per TCP segment) is parsed from its raw bytes (stun_msg), paired by transaction ID
 * (stun_txn), bound to an SDP and checked (stun_integrity). The result is one
 * stunverify_frame_t per frame (stunverify_record.h), rendered and tapped on every pass. */
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/proto_data.h>

#include <string.h>

#include "plugins/core/sipscope.h"
#include "plugins/core/ws_part.h"
#include "plugins/core/ws_sip.h"
#include "plugins/core/ws_fields.h"
#include "plugins/core/ws_input.h"
#include "plugins/core/ws_layers.h"
#include <wsutil/crc32.h>
#include "plugins/core/ws_credentials.h"
#include "stun_verify/stun_msg.h"
#include "stun_verify/stun_integrity.h"
#include "stun_verify/stun_txn.h"
#include "stun_verify/stun_usage.h"
#include "stun_verify/stun_ice.h"
#include "stun_verify/stunverify_record.h"

/* bounds of the per-file state (see the pure modules) */
#define TXN_MAX_OPEN        65536
#define TXN_TIMEOUT_NS      (G_GINT64_CONSTANT(60) * 1000000000)   /* > RFC 8489 39.5 s */
#define USAGE_MAX_PENDING   8192
#define ICE_MAX_AGENTS      4096
#define ICE_MAX_ENDPOINTS   16384
#define MAX_MSGS_PER_FRAME  64

static int proto_stunverify = -1;

static int hf_method = -1;
static int hf_class = -1;
static int hf_classic = -1;
static int hf_request = -1;
static int hf_response = -1;
static int hf_retransmission = -1;
static int hf_rtt = -1;
static int hf_observed = -1;
static int hf_mapped = -1;
static int hf_mapped_attr = -1;
static int hf_mapped_plain = -1;
static int hf_xor_consistent = -1;
static int hf_translated = -1;
static int hf_integrity = -1;
static int hf_integrity_alg = -1;
static int hf_key_from = -1;
static int hf_fingerprint = -1;
static int hf_ice_call = -1;
static int hf_sdp = -1;
static int hf_role = -1;
static int hf_used_in = -1;
static int hf_used_as = -1;
static int hf_relayed = -1;
static int hf_relayed_used_in = -1;
static int hf_peer = -1;
static int hf_error_code = -1;
static int hf_channel = -1;
static int hf_use_candidate = -1;
static int hf_wrapped = -1;

static gint ett_stunverify = -1;

static expert_field ei_translated = EI_INIT;
static expert_field ei_xor_mismatch = EI_INIT;
static expert_field ei_integrity_bad = EI_INIT;
static expert_field ei_malformed = EI_INIT;
static expert_field ei_not_advertised = EI_INIT;
static expert_field ei_no_response = EI_INIT;
static expert_field ei_no_request = EI_INIT;
static expert_field ei_retransmission = EI_INIT;
static expert_field ei_error_response = EI_INIT;

enum { F_STUN, F_CLASSICSTUN, F_COUNT };
static ss_field_t fields[F_COUNT] = {
    [F_STUN]       = { "stun", -1 },
    [F_CLASSICSTUN] = { "classicstun", -1 },
};
#define HF(f) (fields[f].hf)

/* per capture file (init .. cleanup) */
static stun_txn_table_t *txns;
static stun_usage_t *usage;
static stun_ice_t *ice;
static GHashTable *interned;    /* shareable frame records (indications), see intern() */
static GHashTable *strings;     /* file-scope copies of key_from descriptions, shared */
static guint sip_msgs_seen;

/* Tap mode over TCP (ws_input.h): the start of a message that a later segment completes, per
 * stream and direction. Wireshark reassembles such messages; the taps give segments. */
typedef struct {
    guint32     next_seq;   /* the raw sequence number the rest must start at */
    GByteArray *bytes;
} tcp_carry_t;
static GHashTable *tcp_carry;   /* GUINT_TO_POINTER(stream << 1 | direction) -> tcp_carry_t */
#define TCP_CARRY_MAX (2u + STUN_HDR_LEN + G_MAXUINT16)

static void tcp_carry_free(gpointer p)
{
    tcp_carry_t *c = (tcp_carry_t *)p;
    g_byte_array_unref(c->bytes);
    g_free(c);
}

static guint msg_hash(gconstpointer p);
static gboolean msg_equal(gconstpointer a, gconstpointer b);

static void stunverify_init(void)
{
    txns = stun_txn_table_new(TXN_MAX_OPEN, TXN_TIMEOUT_NS);
    usage = stun_usage_new(USAGE_MAX_PENDING);
    ice = stun_ice_new(ICE_MAX_AGENTS, ICE_MAX_ENDPOINTS);
    interned = g_hash_table_new(msg_hash, msg_equal);
    strings = g_hash_table_new(g_str_hash, g_str_equal);
    tcp_carry = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, tcp_carry_free);
    sip_msgs_seen = 0;
}

static void stunverify_cleanup(void)
{
    stun_txn_table_free(txns);
    stun_usage_free(usage);
    stun_ice_free(ice);
    if (interned)
        g_hash_table_destroy(interned);
    if (strings)
        g_hash_table_destroy(strings);   /* the strings themselves are file scope */
    if (tcp_carry)
        g_hash_table_destroy(tcp_carry);
    tcp_carry = NULL;
    strings = NULL;
    txns = NULL;
    usage = NULL;
    ice = NULL;
    interned = NULL;
}

/* ---------------------------------------------------------------- SIP/SDP side */

static guint16 sip_default_port(const char *transport, const char *uri)
{
    if ((transport && g_ascii_strcasecmp(transport, "TLS") == 0) ||
        (uri && g_ascii_strncasecmp(uri, "sips:", 5) == 0))
        return 5061;
    return 5060;
}

static void advertise_host(const char *host, guint16 port, guint32 frame, stun_adv_where_t where)
{
    ss_endpoint_t ep;
    if (host && ss_endpoint_parse(&ep, host, port))
        stun_usage_advertise(usage, &ep, frame, where);
}

/* A SIP message advertises addresses: resolve the learned mappings waiting for them, and learn
 * the ICE credentials and media endpoints of its SDP. */
static void feed_sip(const ss_sip_msg_t *m)
{
    guint16 dflt = sip_default_port(m->via_transport, NULL);

    sip_msgs_seen++;
    advertise_host(m->via_host, m->via_port ? m->via_port : dflt, m->frame, STUN_ADV_VIA);
    if (m->via_received)
        advertise_host(m->via_received, m->via_rport ? m->via_rport : (m->via_port ? m->via_port : dflt),
                       m->frame, STUN_ADV_VIA_RECEIVED);
    if (m->contact_host)
        advertise_host(m->contact_host, m->contact_port ? m->contact_port
                                                        : sip_default_port(NULL, m->contact_uri),
                       m->frame, STUN_ADV_CONTACT);
    if (!m->sdp)
        return;
    for (guint i = 0; i < m->sdp->n_media; i++) {
        const ss_sdp_media_t *md = &m->sdp->media[i];
        if (md->port == 0)
            continue;
        stun_usage_advertise(usage, &md->rtp, m->frame, STUN_ADV_SDP_MEDIA);
        stun_usage_advertise(usage, &md->rtcp, m->frame, STUN_ADV_SDP_MEDIA);
        for (guint j = 0; j < md->n_cand; j++)
            stun_usage_advertise(usage, &md->cand[j].addr, m->frame, STUN_ADV_SDP_CANDIDATE);
    }
    stun_ice_add_sdp(ice, m->sdp, m->call, m->frame);
}

/* ---------------------------------------------------------------- STUN side */

/* Keys to try for one message; the strings are descriptions, never the secret. A guessed key
 * (bound by address, not by USERNAME or the request) can prove `valid` but never `invalid`. */
typedef struct {
    guint    n;
    guint8  *key[STUN_ICE_MAX_PWDS];
    gsize    len[STUN_ICE_MAX_PWDS];
    char    *from[STUN_ICE_MAX_PWDS];
    gboolean guessed;
} keyset_t;

static void keyset_add(keyset_t *ks, const guint8 *key, gsize len, char *from)
{
    if (ks->n >= STUN_ICE_MAX_PWDS || !key) {
        g_free(from);
        return;
    }
    ks->key[ks->n] = g_memdup2(key, len ? len : 1);
    ks->len[ks->n] = len;
    ks->from[ks->n] = from;
    ks->n++;
}

static void keyset_clear(keyset_t *ks)
{
    for (guint i = 0; i < ks->n; i++) {
        memset(ks->key[i], 0, ks->len[i]);
        g_free(ks->key[i]);
        g_free(ks->from[i]);
    }
    ks->n = 0;
}

/* Short-term ICE: USERNAME "receiver:sender". The receiving agent's SDP gives the key (its
 * ice-pwd) and the call; failing that, the sender's SDP gives at least the call. */
static gboolean bind_ice_username(const stun_msg_t *m, keyset_t *ks, guint *call, guint32 *sdp_frame)
{
    const char *u = (const char *)m->hdr + m->username.offset;
    const char *r, *s;
    gsize rl, sl;
    const stun_ice_agent_t *ag[STUN_ICE_MAX_PWDS];
    guint n;

    if (!m->username.present || m->realm.present ||
        !stun_ice_split_username(u, m->username.len, &r, &rl, &s, &sl))
        return FALSE;
    n = stun_ice_by_ufrag(ice, r, rl, ag, STUN_ICE_MAX_PWDS);
    if (n) {
        *call = ag[0]->call;
        *sdp_frame = ag[0]->sdp_frame;
        for (guint i = 0; i < n; i++)
            if (ag[i]->pwd)
                keyset_add(ks, (const guint8 *)ag[i]->pwd, strlen(ag[i]->pwd),
                           g_strdup_printf("ice-pwd of ufrag %s (SDP in frame %u)", ag[i]->ufrag,
                                           ag[i]->sdp_frame));
        return TRUE;
    }
    n = stun_ice_by_ufrag(ice, s, sl, ag, 1);
    if (n) {
        *call = ag[0]->call;
        *sdp_frame = ag[0]->sdp_frame;
        return TRUE;
    }
    return FALSE;
}

/* Long-term credentials (TURN): key = MD5 (or SHA-256 with PASSWORD-ALGORITHM 2) of
 * username:realm:password, from the shared credentials table. */
static void long_term_key(const stun_msg_t *m, keyset_t *ks)
{
    char user[514], realm[256];
    const ss_cred_t *row;
    guint8 key[32];
    gsize n;
    gboolean sha256 = m->has_password_algorithm && m->password_algorithm == 2;

    if (!m->username.present || !m->realm.present)
        return;
    stun_msg_str(m, &m->username, user, sizeof user);
    stun_msg_str(m, &m->realm, realm, sizeof realm);
    if (strlen(user) != m->username.len || strlen(realm) != m->realm.len)
        return;   /* truncated or embedded NUL: no credentials row can match */
    row = ss_credentials_find(user, realm);
    if (!row)
        return;
    n = ss_cred_key(row, sha256 ? SS_CRED_SHA256 : SS_CRED_MD5, sha256 ? "SHA-256" : "MD5",
                    user, realm, key, sizeof key);
    if (n)
        keyset_add(ks, key, n, g_strdup_printf("long-term credentials of %s@%s", user, realm));
    memset(key, 0, sizeof key);
}

/* Verify with each key: valid with the first that matches; else invalid (the newest key);
 * no-key without keys. *used is the index of the deciding key (-1: none). */
static stun_integrity_t verify_keys(const stun_msg_t *m, const keyset_t *ks, int *used)
{
    *used = -1;
    if (!stun_integrity_present(m))
        return STUN_INTEGRITY_ABSENT;
    if (m->mi_bad_length || m->mi256_bad_length)
        return STUN_INTEGRITY_INVALID;   /* cannot match whatever the key (malformed expert too) */
    if (ks->n == 0)
        return STUN_INTEGRITY_NO_KEY;
    for (guint i = 0; i < ks->n; i++) {
        if (stun_integrity_verify(m, ks->key[i], ks->len[i]) == STUN_INTEGRITY_VALID) {
            *used = (int)i;
            return STUN_INTEGRITY_VALID;
        }
    }
    if (ks->guessed)
        return STUN_INTEGRITY_NO_KEY;
    *used = 0;
    return STUN_INTEGRITY_INVALID;
}

static gboolean has_ice_attributes(const stun_msg_t *m)
{
    return m->has_priority || m->use_candidate || m->ice_controlling || m->ice_controlled;
}

/* The role of a request or indication sent to dst: between media peers when the destination
 * was announced in SDP, USERNAME names a known ufrag, or the message carries ICE short-term
 * credentials ("ufrag:ufrag" USERNAME, or ICE attributes with USERNAME/MESSAGE-INTEGRITY);
 * otherwise a Binding goes to a STUN server. */
static stunverify_role_t classify(const stun_msg_t *m, gboolean ice_bound, const stun_ice_agent_t *dst_agent)
{
    gboolean short_term_user = m->username.present && !m->realm.present &&
                               memchr(m->hdr + m->username.offset, ':', m->username.len) != NULL;

    if (stun_method_is_turn(m->method))
        return STUNV_ROLE_TURN;
    if (m->method == STUN_METHOD_GOOG_PING)
        return STUNV_ROLE_CONNECTIVITY_CHECK;
    if (m->method != STUN_METHOD_BINDING)
        return STUNV_ROLE_NONE;
    if (ice_bound || dst_agent || short_term_user ||
        (has_ice_attributes(m) && (m->username.present || m->mi.present || m->mi256.present)))
        return STUNV_ROLE_CONNECTIVITY_CHECK;
    return STUNV_ROLE_SRFLX_DISCOVERY;
}

/* FINGERPRINT (RFC 8489 14.7): CRC-32 of the message up to the attribute, XOR 0x5354554e.
 * Computed here rather than read from Wireshark's stun.att.crc32.status, which is a nested field
 * (only in primed trees) and absent when the message is read from the taps. */
static guint8 fingerprint_status(const stun_msg_t *m)
{
    guint off;
    guint32 want;

    if (!m->fingerprint.present)
        return STUNV_FP_ABSENT;
    off = m->fingerprint.offset;
    if ((gsize)off + 8 > m->avail)
        return STUNV_FP_UNVERIFIED;
    want = ((guint32)m->hdr[off + 4] << 24) | ((guint32)m->hdr[off + 5] << 16) |
           ((guint32)m->hdr[off + 6] << 8) | m->hdr[off + 7];
    return (crc32_ccitt(m->hdr, off) ^ 0x5354554eu) == want ? STUNV_FP_VALID : STUNV_FP_INVALID;
}

static const char *file_str(const char *s)
{
    char *c;
    if (!s)
        return NULL;
    c = g_hash_table_lookup(strings, s);
    if (!c) {
        c = wmem_strdup(wmem_file_scope(), s);
        g_hash_table_insert(strings, c, c);
    }
    return c;
}

/* Analyse one STUN message (first pass). outer: the TURN indication carrying it, if any. */
static void analyse_msg(packet_info *pinfo, const stun_msg_t *m,
                        const stunverify_msg_t *outer, stunverify_msg_t *r)
{
    ss_endpoint_t src, dst;
    keyset_t ks = { 0 };
    stun_txn_t *txn = NULL;
    stun_txn_event_t ev = STUN_TXN_NEW_REQUEST;
    gint64 now = ss_pinfo_ts_ns(pinfo);
    int used = -1;
    gboolean is_req = m->cls == STUN_CLASS_REQUEST;
    gboolean is_resp = m->cls == STUN_CLASS_SUCCESS || m->cls == STUN_CLASS_ERROR;
    stun_integrity_t verdict;

    ss_pinfo_src(pinfo, &src);
    ss_pinfo_dst(pinfo, &dst);

    r->method = m->method;
    r->cls = (guint8)m->cls;
    if (m->classic)
        r->flags |= STUNV_F_CLASSIC;
    if (m->framing)
        r->flags |= STUNV_F_FRAMED;
    if (outer)
        r->flags |= STUNV_F_WRAPPED;
    if (m->use_candidate)
        r->flags |= STUNV_F_USE_CANDIDATE;
    if (m->ice_controlling)
        r->flags |= STUNV_F_ICE_CONTROLLING;
    if (m->ice_controlled)
        r->flags |= STUNV_F_ICE_CONTROLLED;
    if (m->has_error_code) {
        r->flags |= STUNV_F_HAS_ERROR;
        r->error_code = m->error_code;
    }
    if (m->has_channel_number)
        r->channel = m->channel_number;
    if (m->xor_relayed.ok) {
        r->flags |= STUNV_F_HAS_RELAYED;
        r->relayed = m->xor_relayed.ep;
    }
    if (m->xor_peer.ok) {
        r->flags |= STUNV_F_HAS_PEER;
        r->peer = m->xor_peer.ep;
    }
    r->integrity_alg = (m->mi.present ? 1 : 0) | (m->mi256.present ? 2 : 0) | (m->goog_mi32.present ? 4 : 0);
    if (m->realm.present && stun_integrity_present(m))
        r->flags |= STUNV_F_LONG_TERM;
    r->fingerprint = fingerprint_status(m);

    if (m->n_issues) {
        stunverify_issue_t *is = wmem_alloc0_array(wmem_file_scope(), stunverify_issue_t, m->n_issues);
        for (guint i = 0; i < m->n_issues; i++) {
            is[i].code = (guint8)m->issue[i].code;
            is[i].attr = m->issue[i].attr;
            is[i].offset = m->issue[i].offset;
        }
        r->issues = is;
        r->n_issues = (guint8)m->n_issues;
        r->flags |= STUNV_F_MALFORMED;
    }

    /* the transaction (inside a TURN indication the 5-tuple is the relay's, not the peers') */
    if (is_req || is_resp)
        txn = stun_txn_seen(txns, m->tid, m->method, is_req, pinfo->num, now,
                            outer ? NULL : &src, outer ? NULL : &dst, &ev);
    r->txn = txn;
    if (ev == STUN_TXN_RETRANSMISSION)
        r->flags |= STUNV_F_RETRANSMISSION;
    else if (is_resp && ev == STUN_TXN_DUP_RESPONSE)
        r->flags |= STUNV_F_DUP_RESPONSE;
    else if (is_resp && ev == STUN_TXN_ORPHAN_RESPONSE)
        r->flags |= STUNV_F_ORPHAN_RESPONSE;

    if (!is_resp) {
        /* request or indication: bind it, find its key, classify it */
        const stun_ice_agent_t *dst_agent = outer ? NULL : stun_ice_by_endpoint(ice, &dst);
        guint call = 0;
        guint32 sdp_frame = 0;
        gboolean bound = bind_ice_username(m, &ks, &call, &sdp_frame);

        if (!bound && dst_agent) {
            call = dst_agent->call;
            sdp_frame = dst_agent->sdp_frame;
        }
        long_term_key(m, &ks);
        if (ks.n == 0 && dst_agent && dst_agent->pwd && m->mi.present && !m->realm.present) {
            /* no USERNAME binding: the receiver's ice-pwd from the SDP that announced the address */
            keyset_add(&ks, (const guint8 *)dst_agent->pwd, strlen(dst_agent->pwd),
                       g_strdup_printf("ice-pwd of ufrag %s (SDP in frame %u, by address)",
                                       dst_agent->ufrag ? dst_agent->ufrag : "?", dst_agent->sdp_frame));
            ks.guessed = TRUE;
        }
        r->role = (guint8)classify(m, bound, dst_agent);
        r->ice_call = call;
        r->sdp_frame = sdp_frame;
        if (!outer) {
            /* a request's (or Binding keepalive's) source; a server's indication has none */
            if (is_req || m->method == STUN_METHOD_BINDING) {
                r->observed = src;
                r->flags |= STUNV_F_HAS_OBSERVED;
            }
        } else if (outer->cls == STUN_CLASS_INDICATION && outer->method == STUN_METHOD_DATA &&
                   (outer->flags & STUNV_F_HAS_PEER)) {
            /* inside TURN only a Data indication tells who sent it: the peer the relay saw */
            r->observed = outer->peer;
            r->flags |= STUNV_F_HAS_OBSERVED;
        }
        verdict = verify_keys(m, &ks, &used);
        if (txn && ev == STUN_TXN_NEW_REQUEST) {
            if (r->flags & STUNV_F_HAS_OBSERVED)
                txn->request_src = r->observed;   /* (for TURN-carried requests: the peer) */
            txn->role = r->role;
            txn->ice_call = call;
            txn->sdp_frame = sdp_frame;
            if (used >= 0 && (!ks.guessed || verdict == STUN_INTEGRITY_VALID))
                stun_txn_set_key(txn, ks.key[used], ks.len[used], ks.from[used],
                                 verdict == STUN_INTEGRITY_VALID);
        }
    } else {
        /* response: what its request established; without the request, what the responder's
         * own SDP (it answers from the address the request was sent to) or USERNAME tells */
        if (txn && txn->request_frame) {
            r->role = txn->role;
            r->ice_call = txn->ice_call;
            r->sdp_frame = txn->sdp_frame;
            if (txn->key)
                keyset_add(&ks, txn->key, txn->key_len, g_strdup(txn->key_from));
            if (txn->request_src.family) {
                r->observed = txn->request_src;
                r->flags |= STUNV_F_HAS_OBSERVED;
            }
        } else {
            const stun_ice_agent_t *src_agent = outer ? NULL : stun_ice_by_endpoint(ice, &src);
            guint call = 0;
            guint32 sdp_frame = 0;
            gboolean bound = bind_ice_username(m, &ks, &call, &sdp_frame);
            if (!bound && src_agent) {
                call = src_agent->call;
                sdp_frame = src_agent->sdp_frame;
                if (src_agent->pwd && m->mi.present && !m->realm.present) {
                    /* the responder keys with its own ice-pwd: the SDP that announced its address */
                    keyset_add(&ks, (const guint8 *)src_agent->pwd, strlen(src_agent->pwd),
                               g_strdup_printf("ice-pwd of ufrag %s (SDP in frame %u, by address)",
                                               src_agent->ufrag ? src_agent->ufrag : "?", src_agent->sdp_frame));
                    ks.guessed = TRUE;
                }
            }
            long_term_key(m, &ks);
            r->role = (guint8)classify(m, bound, src_agent);
            r->ice_call = call;
            r->sdp_frame = sdp_frame;
            if (!outer) {
                r->observed = dst;   /* a response goes back to the request's source */
                r->flags |= STUNV_F_HAS_OBSERVED;
            }
        }
        verdict = verify_keys(m, &ks, &used);

        /* the reflexive address */
        if (m->cls == STUN_CLASS_SUCCESS) {
            if (m->xor_mapped.ok) {
                r->mapped = m->xor_mapped.ep;
                r->flags |= STUNV_F_HAS_MAPPED | STUNV_F_MAPPED_XOR;
            } else if (m->mapped.ok) {
                r->mapped = m->mapped.ep;
                r->flags |= STUNV_F_HAS_MAPPED;
            }
            if (m->xor_mapped.ok && m->mapped.ok) {
                r->flags |= STUNV_F_XOR_COMPARED;
                if (ss_endpoint_equal(&m->xor_mapped.ep, &m->mapped.ep))
                    r->flags |= STUNV_F_XOR_CONSISTENT;
                else
                    r->mapped_plain = m->mapped.ep;
            }
            if ((r->flags & STUNV_F_HAS_MAPPED) && (r->flags & STUNV_F_HAS_OBSERVED) &&
                !ss_endpoint_equal(&r->mapped, &r->observed))
                r->flags |= STUNV_F_TRANSLATED;
            /* learned from a server: wait for a SIP/SDP message advertising it */
            if ((r->flags & STUNV_F_HAS_MAPPED) &&
                (r->role == STUNV_ROLE_SRFLX_DISCOVERY || r->role == STUNV_ROLE_TURN) &&
                !(r->flags & STUNV_F_DUP_RESPONSE))
                r->usage = stun_usage_learn(usage, &r->mapped, pinfo->num);
            if ((r->flags & STUNV_F_HAS_RELAYED) && m->method == STUN_METHOD_ALLOCATE &&
                !(r->flags & STUNV_F_DUP_RESPONSE))
                r->relay_usage = stun_usage_learn(usage, &r->relayed, pinfo->num);
        }
    }
    r->integrity = (guint8)verdict;
    if (used >= 0)
        r->key_from = file_str(ks.from[used]);
    keyset_clear(&ks);
}

/* Indications that carry nothing frame-specific (TURN Send/Data with media, keepalives) get
 * one shared record per distinct content, so relayed media costs a pointer per packet. */
static guint msg_hash(gconstpointer p)
{
    const guint8 *b = p;
    guint32 h = 2166136261u;
    for (gsize i = 0; i < sizeof(stunverify_msg_t); i++)
        h = (h ^ b[i]) * 16777619u;
    return h;
}

static gboolean msg_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(stunverify_msg_t)) == 0;
}

static stunverify_frame_t *intern(stunverify_frame_t *fr)
{
    stunverify_frame_t *old;
    const stunverify_msg_t *m = &fr->msg[0];

    if (fr->n != 1 || m->txn || m->usage || m->relay_usage || m->key_from || m->n_issues)
        return NULL;
    old = g_hash_table_lookup(interned, m);
    if (old)
        return old;
    g_hash_table_insert(interned, fr->msg, fr);
    return fr;
}

/* How many times Wireshark entered STUN or classic STUN in the frame (TURN DATA carrying STUN
 * that Wireshark decoded: twice) */
static guint stun_layers(const packet_info *pinfo)
{
    return ss_frame_layer_count(pinfo, SS_LAYER_STUN) + ss_frame_layer_count(pinfo, SS_LAYER_CLASSICSTUN);
}

static void keep_tail(const ss_tcp_seg_t *seg, gpointer key, const guint8 *tail, guint len)
{
    tcp_carry_t *c;
    if (len == 0 || len >= TCP_CARRY_MAX)
        return;
    c = g_new0(tcp_carry_t, 1);
    c->next_seq = seg->seq + seg->len;
    c->bytes = g_byte_array_sized_new(len);
    g_byte_array_append(c->bytes, tail, len);
    g_hash_table_replace(tcp_carry, key, c);
}

static stunverify_frame_t *analyse(proto_tree *tree, packet_info *pinfo)
{
    const ss_sip_frame_t *sf = ss_sip_frame_get(tree, pinfo);
    GPtrArray *stun_a = NULL, *classic_a = NULL;
    tvbuff_t *payload = NULL;
    stunverify_msg_t tmp[MAX_MSGS_PER_FRAME];
    ss_span_t spans[MAX_MSGS_PER_FRAME];
    stunverify_frame_t *fr, *shared;
    guint n = 0, n_top = 0, layers;
    gboolean nested_ok;
    const ss_tcp_seg_t *seg = NULL;
    gpointer carry_key = NULL;
    tcp_carry_t *carry = NULL;

    if (!txns)
        return NULL;
    if (sf)
        for (guint i = 0; i < sf->n; i++)
            feed_sip(&sf->msg[i]);

    /* most frames (RTP above all) carry no STUN: leave before any per-frame work */
    layers = stun_layers(pinfo);
    if (ss_part_computing()) {
        if (!layers)
            return NULL;
        payload = pinfo->ptype == PT_UDP ? ss_input_udp_payload()
                : pinfo->ptype == PT_TCP ? ss_input_tcp_payload() : NULL;
        if (!payload)
            return NULL;
    } else {
        stun_a = ss_top_items(tree, HF(F_STUN));
        classic_a = ss_top_items(tree, HF(F_CLASSICSTUN));
        if ((!stun_a || !stun_a->len) && (!classic_a || !classic_a->len))
            return NULL;
    }
    /* STUN quoted in an ICMP error is not a message of this flow */
    if (ss_frame_is_icmp(pinfo))
        return NULL;
    /* The messages at the top of the frame: the transport payload from the taps, Wireshark's
     * items from a tree. STUN carried in a TURN DATA attribute is read from that attribute
     * below, the same way whatever the input (a tree has those items only when primed). */
    if (payload) {
        spans[n_top++] = ss_span_of_tvb(payload, 0, tvb_captured_length(payload));
    } else {
        for (int k = F_STUN; k <= F_CLASSICSTUN; k++) {
            GPtrArray *a = k == F_STUN ? stun_a : classic_a;
            for (guint i = 0; a && i < a->len && n_top < MAX_MSGS_PER_FRAME; i++)
                spans[n_top++] = ss_span_of((field_info *)g_ptr_array_index(a, i));
        }
    }

    /* Wireshark reads a TURN DATA attribute as STUN only with its "STUN over TURN" heuristic
     * (off by default); when it did, the frame entered STUN more than once. */
    nested_ok = layers >= 2;
    if (payload && pinfo->ptype == PT_TCP)
        seg = ss_input_tcp_seg();
    if (seg) {
        carry_key = GUINT_TO_POINTER(((guintptr)seg->stream << 1) |
                                     (cmp_address(&pinfo->src, &pinfo->dst) > 0 ||
                                      (cmp_address(&pinfo->src, &pinfo->dst) == 0 && pinfo->srcport > pinfo->destport)));
        carry = (tcp_carry_t *)g_hash_table_lookup(tcp_carry, carry_key);
    }
    for (guint i = 0; i < n_top && n < MAX_MSGS_PER_FRAME; i++) {
        guint len = 0, off = 0;
        guint8 *raw = ss_span_raw(pinfo->pool, &spans[i], &len);

        if (carry && raw) {
            /* the rest of a message an earlier segment began */
            if (carry->next_seq == seg->seq) {
                guint8 *joined = (guint8 *)wmem_alloc(pinfo->pool, carry->bytes->len + len);
                memcpy(joined, carry->bytes->data, carry->bytes->len);
                memcpy(joined + carry->bytes->len, raw, len);
                raw = joined;
                len += carry->bytes->len;
            }
            g_hash_table_remove(tcp_carry, carry_key);
            carry = NULL;
        }

        /* a TCP segment from the taps can hold several messages back to back (RFC 8489 7.2.2) */
        while (raw && off < len && n < MAX_MSGS_PER_FRAME) {
            stun_msg_t m, inner;
            guint size;

            if (!stun_msg_parse(raw + off, len - off, &m)) {
                if (seg && len - off < 2u + STUN_HDR_LEN)
                    keep_tail(seg, carry_key, raw + off, len - off);   /* a header cut short */
                break;
            }
            size = m.framing + (m.kind == STUN_KIND_MESSAGE ? (guint)STUN_HDR_LEN + m.length : 4u + m.data_len);
            if (seg && size > len - off) {
                keep_tail(seg, carry_key, raw + off, len - off);       /* ends in a later segment */
                break;
            }
            if (m.kind == STUN_KIND_MESSAGE) {
                memset(&tmp[n], 0, sizeof tmp[n]);
                analyse_msg(pinfo, &m, NULL, &tmp[n]);
                n++;
                /* a STUN message relayed in a TURN Send/Data indication's DATA attribute */
                if (nested_ok && m.data.present && m.data.len >= STUN_HDR_LEN && n < MAX_MSGS_PER_FRAME &&
                    (gsize)m.data.offset + m.data.len <= m.avail &&
                    stun_msg_parse(m.hdr + m.data.offset, m.data.len, &inner) &&
                    inner.kind == STUN_KIND_MESSAGE && !inner.classic && inner.framing == 0) {
                    memset(&tmp[n], 0, sizeof tmp[n]);
                    analyse_msg(pinfo, &inner, &tmp[n - 1], &tmp[n]);
                    n++;
                }
            }   /* ChannelData is media framing: nothing to verify, no per-packet record */
            if (!payload || pinfo->ptype != PT_TCP)
                break;      /* a tree item or a datagram is one message */
            if (m.kind == STUN_KIND_CHANNEL_DATA)
                size = (size + 3u) & ~3u;   /* padded to 4 bytes over TCP (RFC 8656 12.5) */
            off += size;
        }
    }
    if (n == 0)
        return NULL;

    fr = wmem_new0(wmem_file_scope(), stunverify_frame_t);
    fr->n = n;
    fr->msg = wmem_memdup(wmem_file_scope(), tmp, n * sizeof tmp[0]);
    shared = intern(fr);
    if (shared && shared != fr) {
        wmem_free(wmem_file_scope(), fr->msg);
        wmem_free(wmem_file_scope(), fr);
        return shared;
    }
    return fr;
}

/* ---------------------------------------------------------------- rendering */

static proto_item *add_gen(proto_item *pi)
{
    if (pi)
        proto_item_set_generated(pi);
    return pi;
}

static proto_item *add_ep(proto_tree *t, int hf, tvbuff_t *tvb, const ss_endpoint_t *ep)
{
    char buf[SS_ENDPOINT_STRLEN];
    return add_gen(proto_tree_add_string(t, hf, tvb, 0, 0, ss_endpoint_to_str(ep, buf, sizeof buf)));
}

static const char *integrity_alg_str(guint8 alg)
{
    switch (alg) {
    case 1: return "HMAC-SHA1";
    case 2: return "HMAC-SHA256";
    case 3: return "HMAC-SHA1+HMAC-SHA256";
    case 4: return "HMAC-SHA1/32 (GOOG)";
    default: return alg ? "HMAC-SHA1+HMAC-SHA256" : NULL;
    }
}

static void render_msg(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const stunverify_msg_t *r)
{
    proto_item *ti, *pi;
    proto_tree *st;
    char a[SS_ENDPOINT_STRLEN], b[SS_ENDPOINT_STRLEN];
    const char *method = stun_method_str(r->method);
    const char *role = stunverify_role_str(r->role);
    guint32 req = stunverify_msg_request_frame(r), resp = stunverify_msg_response_frame(r);
    gboolean visited = PINFO_FD_VISITED(pinfo);
    gboolean is_req = r->cls == STUN_CLASS_REQUEST;
    gboolean is_resp = r->cls == STUN_CLASS_SUCCESS || r->cls == STUN_CLASS_ERROR;

    ti = proto_tree_add_item(tree, proto_stunverify, tvb, 0, 0, ENC_NA);
    if (method)
        proto_item_append_text(ti, ": %s %s", method, stun_class_str((stun_class_t)r->cls));
    else
        proto_item_append_text(ti, ": method 0x%03x %s", r->method, stun_class_str((stun_class_t)r->cls));
    st = proto_item_add_subtree(ti, ett_stunverify);

    if (method)
        add_gen(proto_tree_add_string(st, hf_method, tvb, 0, 0, method));
    else
        add_gen(proto_tree_add_string_format_value(st, hf_method, tvb, 0, 0, "", "0x%03x", r->method));
    add_gen(proto_tree_add_string(st, hf_class, tvb, 0, 0, stun_class_str((stun_class_t)r->cls)));
    if (r->flags & STUNV_F_CLASSIC)
        add_gen(proto_tree_add_boolean(st, hf_classic, tvb, 0, 0, TRUE));
    if (r->flags & STUNV_F_WRAPPED)
        add_gen(proto_tree_add_boolean(st, hf_wrapped, tvb, 0, 0, TRUE));

    /* pairing */
    if (is_req) {
        if ((r->flags & STUNV_F_RETRANSMISSION) && req && req != pinfo->num)
            add_gen(proto_tree_add_uint(st, hf_request, tvb, 0, 0, req));
        if (resp)
            add_gen(proto_tree_add_uint(st, hf_response, tvb, 0, 0, resp));
        if (r->flags & STUNV_F_RETRANSMISSION) {
            pi = add_gen(proto_tree_add_boolean(st, hf_retransmission, tvb, 0, 0, TRUE));
            expert_add_info_format(pinfo, pi ? pi : ti, &ei_retransmission,
                                   "Retransmission of the request in frame %u", req);
        }
        if (visited && !resp && !(r->flags & STUNV_F_RETRANSMISSION))
            expert_add_info_format(pinfo, ti, &ei_no_response,
                                   "%s request with no response in the capture", method ? method : "STUN");
    } else if (is_resp) {
        if (req) {
            nstime_t rtt;
            gint64 d = r->txn->response_ts - r->txn->request_ts;
            add_gen(proto_tree_add_uint(st, hf_request, tvb, 0, 0, req));
            if (!(r->flags & STUNV_F_DUP_RESPONSE) && d >= 0) {
                rtt.secs = (time_t)(d / 1000000000);
                rtt.nsecs = (int)(d % 1000000000);
                add_gen(proto_tree_add_time(st, hf_rtt, tvb, 0, 0, &rtt));
            }
        }
        if (r->flags & STUNV_F_DUP_RESPONSE) {
            pi = add_gen(proto_tree_add_boolean(st, hf_retransmission, tvb, 0, 0, TRUE));
            expert_add_info_format(pinfo, pi ? pi : ti, &ei_retransmission,
                                   "Another response to the transaction answered in frame %u", resp);
        }
        if (r->flags & STUNV_F_ORPHAN_RESPONSE)
            expert_add_info(pinfo, ti, &ei_no_request);
    }
    if (r->flags & STUNV_F_HAS_ERROR) {
        pi = add_gen(proto_tree_add_uint(st, hf_error_code, tvb, 0, 0, r->error_code));
        expert_add_info_format(pinfo, pi ? pi : ti, &ei_error_response, "%s error response %u",
                               method ? method : "STUN", r->error_code);
    }

    if (role)
        add_gen(proto_tree_add_string(st, hf_role, tvb, 0, 0, role));
    if (r->ice_call)
        add_gen(proto_tree_add_uint(st, hf_ice_call, tvb, 0, 0, r->ice_call));
    if (r->sdp_frame)
        add_gen(proto_tree_add_uint(st, hf_sdp, tvb, 0, 0, r->sdp_frame));
    if (r->flags & STUNV_F_USE_CANDIDATE)
        add_gen(proto_tree_add_boolean(st, hf_use_candidate, tvb, 0, 0, TRUE));

    /* addresses */
    if (r->flags & STUNV_F_HAS_OBSERVED)
        add_ep(st, hf_observed, tvb, &r->observed);
    if (r->flags & STUNV_F_HAS_MAPPED) {
        add_ep(st, hf_mapped, tvb, &r->mapped);
        add_gen(proto_tree_add_string(st, hf_mapped_attr, tvb, 0, 0,
                                      (r->flags & STUNV_F_MAPPED_XOR) ? "XOR-MAPPED-ADDRESS" : "MAPPED-ADDRESS"));
        proto_item_append_text(ti, ", mapped %s", ss_endpoint_to_str(&r->mapped, a, sizeof a));
    }
    if (r->flags & STUNV_F_XOR_COMPARED) {
        pi = add_gen(proto_tree_add_boolean(st, hf_xor_consistent, tvb, 0, 0,
                                            (r->flags & STUNV_F_XOR_CONSISTENT) != 0));
        if (!(r->flags & STUNV_F_XOR_CONSISTENT)) {
            add_ep(st, hf_mapped_plain, tvb, &r->mapped_plain);
            expert_add_info_format(pinfo, pi ? pi : ti, &ei_xor_mismatch,
                                   "XOR-MAPPED-ADDRESS %s but MAPPED-ADDRESS %s: something on the path "
                                   "rewrote the payload (e.g. a NAT ALG)",
                                   ss_endpoint_to_str(&r->mapped, a, sizeof a),
                                   ss_endpoint_to_str(&r->mapped_plain, b, sizeof b));
        }
    }
    if ((r->flags & STUNV_F_HAS_MAPPED) && (r->flags & STUNV_F_HAS_OBSERVED)) {
        if (r->flags & STUNV_F_TRANSLATED) {
            /* present only when true, so that the filter `stunverify.translated` selects NAT */
            pi = add_gen(proto_tree_add_boolean(st, hf_translated, tvb, 0, 0, TRUE));
            expert_add_info_format(pinfo, pi ? pi : ti, &ei_translated,
                                   "Mapped address %s differs from the request's source %s at the capture "
                                   "point: an address translation sits between the capture point and the server",
                                   ss_endpoint_to_str(&r->mapped, a, sizeof a),
                                   ss_endpoint_to_str(&r->observed, b, sizeof b));
            proto_item_append_text(ti, " (translated)");
        } else {
            proto_item_append_text(ti, " (= observed source)");
        }
    }
    if (r->usage) {
        if (r->usage->used_in) {
            add_gen(proto_tree_add_uint(st, hf_used_in, tvb, 0, 0, r->usage->used_in));
            add_gen(proto_tree_add_string(st, hf_used_as, tvb, 0, 0, stun_adv_where_str(r->usage->where)));
        } else if (visited && !r->usage->expired && sip_msgs_seen > 0) {
            expert_add_info_format(pinfo, ti, &ei_not_advertised,
                                   "Learned mapping %s is not advertised by any later SIP/SDP message "
                                   "(Via, Contact, SDP c=/m=, candidate) in the capture",
                                   ss_endpoint_to_str(&r->usage->addr, a, sizeof a));
        }
    }
    if (r->flags & STUNV_F_HAS_RELAYED) {
        add_ep(st, hf_relayed, tvb, &r->relayed);
        if (r->relay_usage && r->relay_usage->used_in)
            add_gen(proto_tree_add_uint(st, hf_relayed_used_in, tvb, 0, 0, r->relay_usage->used_in));
    }
    if (r->flags & STUNV_F_HAS_PEER)
        add_ep(st, hf_peer, tvb, &r->peer);
    if (r->channel)
        add_gen(proto_tree_add_uint(st, hf_channel, tvb, 0, 0, r->channel));

    /* integrity and fingerprint */
    pi = add_gen(proto_tree_add_string(st, hf_integrity, tvb, 0, 0, stunverify_integrity_str(r->integrity)));
    if (integrity_alg_str(r->integrity_alg))
        add_gen(proto_tree_add_string(st, hf_integrity_alg, tvb, 0, 0, integrity_alg_str(r->integrity_alg)));
    if (r->key_from)
        add_gen(proto_tree_add_string(st, hf_key_from, tvb, 0, 0, r->key_from));
    if (r->integrity == STUNV_INTEGRITY_INVALID && r->key_from)
        expert_add_info_format(pinfo, pi ? pi : ti, &ei_integrity_bad, "%s does not match the key: %s",
                               (r->integrity_alg & 2) ? "MESSAGE-INTEGRITY(-SHA256)" : "MESSAGE-INTEGRITY",
                               r->key_from);
    else if (r->integrity == STUNV_INTEGRITY_INVALID)
        expert_add_info_format(pinfo, pi ? pi : ti, &ei_integrity_bad,
                               "%s has an illegal length: it cannot match any key",
                               (r->integrity_alg & 2) ? "MESSAGE-INTEGRITY(-SHA256)" : "MESSAGE-INTEGRITY");
    proto_item_append_text(ti, ", integrity %s", stunverify_integrity_str(r->integrity));
    add_gen(proto_tree_add_string(st, hf_fingerprint, tvb, 0, 0, stunverify_fp_str(r->fingerprint)));

    for (guint i = 0; i < r->n_issues; i++) {
        const stunverify_issue_t *is = &r->issues[i];
        const char *an = stun_attr_str(is->attr, (r->flags & STUNV_F_CLASSIC) != 0);
        if (is->attr)
            expert_add_info_format(pinfo, ti, &ei_malformed, "Malformed STUN: %s (%s 0x%04x at offset %u)",
                                   stun_issue_str((stun_issue_code_t)is->code), an ? an : "attribute",
                                   is->attr, is->offset);
        else
            expert_add_info_format(pinfo, ti, &ei_malformed, "Malformed STUN: %s",
                                   stun_issue_str((stun_issue_code_t)is->code));
    }
}

static int dissect_stunverify(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    stunverify_frame_t *fr;

    if (!PINFO_FD_VISITED(pinfo)) {
        fr = analyse(tree, pinfo);
        if (fr && !ss_input_single_pass())   /* kept only for a later dissection of the frame */
            p_add_proto_data(wmem_file_scope(), pinfo, proto_stunverify, 0, fr);
    } else {
        fr = (stunverify_frame_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_stunverify, 0);
    }
    if (!fr)
        return 0;
    for (guint i = 0; i < fr->n; i++)
        render_msg(tvb, pinfo, tree, &fr->msg[i]);
    ss_tap_queue(pinfo, SS_TAP_STUN, fr);
    return 0;
}

static void want(GArray *w)
{
    ss_fields_want(w, fields, G_N_ELEMENTS(fields));
    ss_sip_fields_want(w);
}

void stunverify_register(void)
{
    /* SIP for the SDP's ICE credentials and candidates, STUN for the messages */
    static ss_part_t part = { &proto_stunverify, dissect_stunverify, want,
                              SS_LAYER_BIT(SS_LAYER_SIP) | SS_LAYER_BIT(SS_LAYER_STUN) |
                              SS_LAYER_BIT(SS_LAYER_CLASSICSTUN) };
    static hf_register_info hf[] = {
        { &hf_method, { "Method", "stunverify.method", FT_STRING, BASE_NONE, NULL, 0x0,
            "STUN method (Binding, Allocate, ...)", HFILL } },
        { &hf_class, { "Class", "stunverify.class", FT_STRING, BASE_NONE, NULL, 0x0,
            "request, indication, success or error", HFILL } },
        { &hf_classic, { "Classic STUN", "stunverify.classic", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "RFC 3489 message (no magic cookie)", HFILL } },
        { &hf_request, { "Request in", "stunverify.request", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0,
            "The transaction's request (paired by transaction ID across conversations)", HFILL } },
        { &hf_response, { "Response in", "stunverify.response", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0,
            "The transaction's first response (paired by transaction ID across conversations)", HFILL } },
        { &hf_retransmission, { "Retransmission", "stunverify.retransmission", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Another copy of a request, or another response to an answered transaction", HFILL } },
        { &hf_rtt, { "Round-trip time", "stunverify.rtt", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Time from the transaction's first request to this response", HFILL } },
        { &hf_observed, { "Observed source", "stunverify.observed", FT_STRING, BASE_NONE, NULL, 0x0,
            "The request's source ip:port as seen at the capture point", HFILL } },
        { &hf_mapped, { "Mapped address", "stunverify.mapped", FT_STRING, BASE_NONE, NULL, 0x0,
            "The reflexive address: XOR-MAPPED-ADDRESS (decoded), else MAPPED-ADDRESS", HFILL } },
        { &hf_mapped_attr, { "Mapped from", "stunverify.mapped_attr", FT_STRING, BASE_NONE, NULL, 0x0,
            "Which attribute gave the mapped address", HFILL } },
        { &hf_mapped_plain, { "MAPPED-ADDRESS", "stunverify.mapped_plain", FT_STRING, BASE_NONE, NULL, 0x0,
            "MAPPED-ADDRESS when it disagrees with XOR-MAPPED-ADDRESS", HFILL } },
        { &hf_xor_consistent, { "XOR-MAPPED = MAPPED", "stunverify.xor_consistent", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "XOR-MAPPED-ADDRESS and MAPPED-ADDRESS agree (false: something rewrote the payload, e.g. an ALG)", HFILL } },
        { &hf_translated, { "Translated", "stunverify.translated", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Mapped address differs from the observed source: an address translation sits between the "
            "capture point and the server (present only when true)", HFILL } },
        { &hf_integrity, { "Integrity", "stunverify.integrity", FT_STRING, BASE_NONE, NULL, 0x0,
            "MESSAGE-INTEGRITY(-SHA256) verdict: valid, invalid, no-key, absent", HFILL } },
        { &hf_integrity_alg, { "Integrity algorithm", "stunverify.integrity_alg", FT_STRING, BASE_NONE, NULL, 0x0,
            NULL, HFILL } },
        { &hf_key_from, { "Key from", "stunverify.key_from", FT_STRING, BASE_NONE, NULL, 0x0,
            "Where the integrity key came from (the key itself is never shown)", HFILL } },
        { &hf_fingerprint, { "Fingerprint", "stunverify.fingerprint", FT_STRING, BASE_NONE, NULL, 0x0,
            "FINGERPRINT as checked by Wireshark's STUN dissector: valid, invalid, unverified, absent", HFILL } },
        { &hf_ice_call, { "ICE call", "stunverify.ice_call", FT_UINT32, BASE_DEC, NULL, 0x0,
            "sipdialog.call of the SDP whose ice-ufrag matches USERNAME (or that announced the address)", HFILL } },
        { &hf_sdp, { "Bound SDP in", "stunverify.sdp", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "The SIP message whose SDP the message is bound to", HFILL } },
        { &hf_role, { "Role", "stunverify.role", FT_STRING, BASE_NONE, NULL, 0x0,
            "server-reflexive-discovery, connectivity-check or turn", HFILL } },
        { &hf_used_in, { "Mapping used in", "stunverify.used_in", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "First later SIP/SDP frame that advertises the mapped address", HFILL } },
        { &hf_used_as, { "Mapping used as", "stunverify.used_as", FT_STRING, BASE_NONE, NULL, 0x0,
            "Where that frame advertises it", HFILL } },
        { &hf_relayed, { "Relayed address", "stunverify.relayed", FT_STRING, BASE_NONE, NULL, 0x0,
            "TURN XOR-RELAYED-ADDRESS", HFILL } },
        { &hf_relayed_used_in, { "Relayed address used in", "stunverify.relayed_used_in", FT_FRAMENUM, BASE_NONE,
            NULL, 0x0, "First later SIP/SDP frame that advertises the relayed address", HFILL } },
        { &hf_peer, { "Peer address", "stunverify.peer", FT_STRING, BASE_NONE, NULL, 0x0,
            "TURN XOR-PEER-ADDRESS", HFILL } },
        { &hf_error_code, { "Error code", "stunverify.error_code", FT_UINT16, BASE_DEC, NULL, 0x0, NULL, HFILL } },
        { &hf_channel, { "Channel", "stunverify.channel", FT_UINT16, BASE_HEX, NULL, 0x0,
            "TURN CHANNEL-NUMBER", HFILL } },
        { &hf_use_candidate, { "Nomination", "stunverify.use_candidate", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "ICE USE-CANDIDATE", HFILL } },
        { &hf_wrapped, { "Carried by TURN", "stunverify.turn_wrapped", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Inside a TURN Send/Data indication", HFILL } },
    };
    static gint *ett[] = { &ett_stunverify };
    static ei_register_info ei[] = {
        { &ei_translated, { "stunverify.translated.expert", PI_PROTOCOL, PI_NOTE,
            "Address translation between capture point and server", EXPFILL } },
        { &ei_xor_mismatch, { "stunverify.xor_mismatch", PI_PROTOCOL, PI_WARN,
            "XOR-MAPPED-ADDRESS and MAPPED-ADDRESS disagree (payload rewritten, e.g. ALG)", EXPFILL } },
        { &ei_integrity_bad, { "stunverify.integrity_bad", PI_SECURITY, PI_WARN,
            "MESSAGE-INTEGRITY does not match", EXPFILL } },
        { &ei_malformed, { "stunverify.malformed", PI_MALFORMED, PI_ERROR, "Malformed STUN attribute", EXPFILL } },
        { &ei_not_advertised, { "stunverify.not_advertised", PI_SEQUENCE, PI_NOTE,
            "Learned mapping never advertised in SIP/SDP", EXPFILL } },
        { &ei_no_response, { "stunverify.no_response", PI_SEQUENCE, PI_NOTE,
            "Request with no response in the capture", EXPFILL } },
        { &ei_no_request, { "stunverify.no_request", PI_SEQUENCE, PI_NOTE,
            "Response whose request is not in the capture", EXPFILL } },
        { &ei_retransmission, { "stunverify.retransmission.expert", PI_SEQUENCE, PI_CHAT,
            "Retransmission", EXPFILL } },
        { &ei_error_response, { "stunverify.error_response", PI_RESPONSE_CODE, PI_NOTE,
            "STUN error response", EXPFILL } },
    };

    proto_stunverify = proto_register_protocol("STUN/ICE Verification (stunverify)", "STUNVERIFY", "stunverify");
    proto_register_field_array(proto_stunverify, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_stunverify), ei, array_length(ei));
    register_init_routine(stunverify_init);
    register_cleanup_routine(stunverify_cleanup);
    ss_part_register(&part);
}

void stunverify_handoff(void)
{
    ss_fields_resolve(fields, G_N_ELEMENTS(fields));
}
