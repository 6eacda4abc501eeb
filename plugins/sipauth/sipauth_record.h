/* sipauth_record.h: what sipauth stores per frame and queues to the `sipscope` tap
 * (kind SS_TAP_AUTH, rec = const sipauth_frame_t *). Plain C, GLib only: the ladder, CDR and
 * stats taps read it without epan.
 *
 * A frame has one sipauth_msg_t per SIP message that carries digest headers or is the final
 * response of an authorised request. Challenges and attempts are file-lifetime objects
 * shared between frames: the forward references (answered_in, result_in, outcome, rspauth)
 * are filled in when later frames are processed on the first pass, so read them in a
 * draw/finish callback or on a visited pass, not while the first pass is still running.
 * All strings are file-lifetime and never contain a password or HA1. */
#ifndef SIPSCOPE_SIPAUTH_RECORD_H
#define SIPSCOPE_SIPAUTH_RECORD_H

#include <glib.h>

typedef enum {
    SA_VERDICT_NONE = 0,       /* not computed (e.g. a non-Digest scheme we do not check) */
    SA_VERDICT_VALID,
    SA_VERDICT_INVALID,        /* wrong digest, or malformed credentials */
    SA_VERDICT_UNVERIFIED,     /* no usable credentials configured */
    SA_VERDICT_UNSUPPORTED     /* unknown algorithm or scheme */
} sa_verdict_t;

typedef enum {
    SA_OUTCOME_PENDING = 0,    /* no final response (yet): "no-answer" once the file is read */
    SA_OUTCOME_ACCEPTED,       /* 2xx/3xx, or a non-auth error after authentication */
    SA_OUTCOME_RECHALLENGED,   /* 401/407 again for the same realm */
    SA_OUTCOME_FORBIDDEN,      /* 403 */
    SA_OUTCOME_NONE            /* ACK, or credentials copied from another request: no own result */
} sa_outcome_t;

/* tri-state checks: -1 not applicable / unknown, 0 failed, 1 passed */
typedef gint8 sa_tri_t;

/* Failed checks and problems of an attempt (each has an expert info). */
typedef enum {
    SA_F_MALFORMED         = 1u << 0,   /* header syntax, duplicates, missing parameters */
    SA_F_NONCE_UNKNOWN     = 1u << 1,   /* nonce not issued in this capture */
    SA_F_NC_NOT_INCREASING = 1u << 2,
    SA_F_URI_MISMATCH      = 1u << 3,
    SA_F_REALM_MISMATCH    = 1u << 4,
    SA_F_OPAQUE_MISMATCH   = 1u << 5,
    SA_F_ALG_NOT_OFFERED   = 1u << 6,
    SA_F_QOP_NOT_OFFERED   = 1u << 7,
    SA_F_USER_CHANGED      = 1u << 8,   /* the nonce was used before by another username/realm */
    SA_F_BODY_UNAVAILABLE  = 1u << 9,   /* auth-int but the body is not completely captured */
    SA_F_MISSING_PARAM     = 1u << 10,  /* username/realm/nonce/uri/response (or nc/cnonce with qop) absent */
    SA_F_KEY_UNUSABLE      = 1u << 11   /* credentials rows exist, but only HA1s of another algorithm */
} sa_flag_t;

typedef struct sipauth_challenge {
    guint32      frame;
    guint16      msg_index;     /* SIP message within the frame */
    guint16      index;         /* challenge number within the message, 0-based */
    guint16      status;        /* 401 or 407 */
    gboolean     proxy;         /* Proxy-Authenticate (else WWW-Authenticate) */
    gint64       ts_ns;
    guint        call;          /* sipdialog call number of the message, 0 unknown */
    const char  *scheme;        /* "Digest"... */
    const char  *realm;         /* NULL when absent */
    const char  *algorithm;     /* as written; NULL = absent (MD5 implied) */
    const char  *qop;           /* offered list as written; NULL when absent */
    gboolean     has_opaque;
    sa_tri_t     stale;         /* -1 absent, 0 FALSE, 1 TRUE */
    guint32      malformed;     /* digest_params dp_error_t bits; 0 = well formed */
    gboolean     stale_but_invalid; /* stale=TRUE sent to a request whose digest was wrong */
    /* forward references, set by later frames */
    guint32      answered_in;   /* first request that used its nonce; 0 none */
    guint        answers;       /* requests that answered it */
} sipauth_challenge_t;

struct sa_attempt_priv;         /* engine-private (pairing keys, pending rspauth data) */

typedef struct sipauth_attempt {
    guint32      frame;
    guint16      msg_index;
    guint16      index;         /* credentials number within the message, 0-based */
    gboolean     proxy;         /* Proxy-Authorization (else Authorization) */
    gint64       ts_ns;
    guint        call;
    const char  *method;        /* request method */
    const char  *scheme;
    const char  *username;      /* unquoted; for userhash=true the hash as sent */
    const char  *realm, *algorithm, *qop, *uri;   /* NULL when absent */
    const char  *real_user;     /* userhash=true resolved through the credentials; NULL */
    guint32      malformed;     /* dp_error_t bits */
    guint32      flags;         /* sa_flag_t */
    sa_verdict_t verdict;

    const sipauth_challenge_t *challenge;   /* the challenge that issued the nonce; NULL */
    guint32      nonce_from;    /* frame that issued the nonce (challenge or nextnonce); 0 */
    gboolean     nonce_known;
    guint        nonce_uses;    /* requests that used this nonce so far, this one included */
    gboolean     has_nc;
    guint32      nc;
    sa_tri_t     nc_ok, uri_match, realm_ok, opaque_ok, alg_offered, qop_offered, user_ok;
    gint64       rtt_ns;        /* challenge -> this request, on the first answer; -1 */
    gint64       nonce_age_ns;  /* nonce issued -> this request; -1 unknown */
    guint32      duplicate_of;  /* same credentials seen before in the same transaction (a
                                 * retransmission or another hop), or an ACK/CANCEL copying the
                                 * INVITE's: the results are those of that frame; 0 */
    /* forward references, set by the final response */
    guint32      result_in;     /* final response frame; 0 none */
    guint16      result_status;
    sa_outcome_t outcome;
    gboolean     rechallenged_stale;   /* the re-challenge said stale=TRUE */
    sa_verdict_t rspauth;       /* Authentication-Info rspauth of the final response */

    struct sa_attempt_priv *priv;
} sipauth_attempt_t;

typedef struct sipauth_msg {
    guint32      frame;
    guint16      msg_index;     /* index into the frame's ss_sip_frame_t messages */
    guint16      status;        /* 0 on requests */
    guint        call;
    guint        n_challenges;
    sipauth_challenge_t **challenges;
    guint        n_attempts;
    sipauth_attempt_t  **attempts;
    guint        n_results;     /* on a final response: the attempts it concludes (or, when it */
    sipauth_attempt_t  **results;   /* repeats an earlier final response, answers again) */
    /* Authentication-Info (on a final response) */
    gboolean     has_auth_info;
    sa_verdict_t rspauth;       /* NONE when there is no rspauth */
    gboolean     nextnonce;
    guint32      info_malformed;
    gboolean     info_mismatch; /* its cnonce/nc differ from the request's */
} sipauth_msg_t;

typedef struct sipauth_frame {
    guint          n;
    sipauth_msg_t **msg;
} sipauth_frame_t;

/* "valid", "invalid", "unverified", "unsupported"; NULL for NONE */
const char *sipauth_verdict_str(sa_verdict_t v);
/* "accepted", "rechallenged", "forbidden"; PENDING gives "no-answer" when complete (the
 * whole capture was read) and NULL otherwise; NONE gives NULL */
const char *sipauth_outcome_str(sa_outcome_t o, gboolean complete);
/* A short ladder label for one message: "[401 challenge]", "[407 challenge, stale]",
 * "[auth valid]", "[auth invalid]", "[rspauth valid]"...; "" when nothing to say. */
void sipauth_msg_label(const sipauth_msg_t *m, char *buf, gsize size);

#endif
