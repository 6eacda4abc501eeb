/* auth_rounds.h: the digest round-trip engine (plain C, GLib only).
 *
 * Fed every SIP message of a capture in order (first pass), it pairs
 *   challenge (401/407 WWW-/Proxy-Authenticate) -> request answering it (by nonce: the same
 *   transaction's retry, a later transaction or REGISTER refresh reusing the nonce, another
 *   Call-ID; with several challenges per response, the one whose nonce/realm/algorithm the
 *   credentials answer) -> that request's final response (same Call-ID, CSeq and method),
 * keeps per-nonce bookkeeping (issued here?, uses, nonce-count), runs the consistency checks
 * and verifies the digest when credentials are known. Memory: one small object per
 * challenge/attempt, one fixed-size entry per nonce (capped), strings interned. */
#ifndef SIPSCOPE_AUTH_ROUNDS_H
#define SIPSCOPE_AUTH_ROUNDS_H

#include <glib.h>
#include "plugins/core/sip_msg.h"
#include "plugins/core/credentials.h"
#include "plugins/sipauth/sipauth_record.h"

#define SA_MAX_NONCES        1000000  /* nonces tracked; later ones count as unknown */
#define SA_MAX_TXN_ATTEMPTS  32       /* attempts kept per transaction key */
#define SA_MAX_PENDING_RSP   20000    /* attempts waiting for an rspauth check */
#define SA_MAX_DISPLAY       1024     /* longest string kept for display (bytes) */

typedef enum {
    SA_HDR_WWW_AUTHENTICATE = 0,
    SA_HDR_PROXY_AUTHENTICATE,
    SA_HDR_AUTHORIZATION,
    SA_HDR_PROXY_AUTHORIZATION,
    SA_HDR_AUTHENTICATION_INFO
} sa_hdr_kind_t;

typedef struct {
    sa_hdr_kind_t kind;
    const char   *value;     /* the header value (after the colon) */
    gsize         len;
} sa_hdr_t;

typedef struct {
    const ss_sip_msg_t *msg;               /* frame, time, addresses, start line, Call-ID, CSeq, body */
    const sa_hdr_t     *hdrs;
    guint               n_hdrs;
    gboolean            has_content_length;
    guint32             content_length;
} sa_input_t;

typedef struct sa_engine sa_engine_t;

sa_engine_t *sa_engine_new(void);
void         sa_engine_free(sa_engine_t *e);   /* frees every record it returned */

/* Process one message (first pass, in capture order). creds may be NULL (nothing verified).
 * Returns the message's record (owned by the engine) or NULL when it has nothing to do with
 * digest authentication. */
sipauth_msg_t *sa_engine_process(sa_engine_t *e, const ss_cred_store_t *creds, const sa_input_t *in);

#endif
