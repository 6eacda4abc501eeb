"""HTTP/SIP Digest (RFC 2069, RFC 2617, RFC 7616, RFC 8760).

Algorithms: MD5, MD5-sess, SHA-256, SHA-256-sess, SHA-512-256, SHA-512-256-sess.
qop: None (RFC 2069: response = H(HA1:nonce:HA2)), "auth", "auth-int"
(HA2 = H(method:uri:H(body))).  `rspauth()` is the Authentication-Info value
(HA2 computed with an empty method).
"""

import hashlib

_BASE = {"MD5": "md5", "SHA-256": "sha256", "SHA-512-256": "sha512_256"}


def _base(algorithm):
    alg = (algorithm or "MD5").upper()
    sess = alg.endswith("-SESS")
    if sess:
        alg = alg[:-5]
    if alg not in _BASE:
        raise ValueError("unsupported digest algorithm %r" % algorithm)
    return _BASE[alg], sess


def H(algorithm, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.new(_base(algorithm)[0], data).hexdigest()


def ha1(algorithm, username, realm, password, nonce=None, cnonce=None):
    h = H(algorithm, "%s:%s:%s" % (username, realm, password))
    if _base(algorithm)[1]:
        h = H(algorithm, "%s:%s:%s" % (h, nonce, cnonce))
    return h


def ha2(algorithm, method, uri, qop=None, body=b""):
    if qop == "auth-int":
        return H(algorithm, "%s:%s:%s" % (method, uri, H(algorithm, body)))
    return H(algorithm, "%s:%s" % (method, uri))


def response(algorithm, username, realm, password, method, uri, nonce, nc=None, cnonce=None,
             qop=None, body=b"", ha1_value=None):
    a1 = ha1_value or ha1(algorithm, username, realm, password, nonce, cnonce)
    a2 = ha2(algorithm, method, uri, qop, body)
    if qop:
        return H(algorithm, "%s:%s:%s:%s:%s:%s" % (a1, nonce, nc, cnonce, qop, a2))
    return H(algorithm, "%s:%s:%s" % (a1, nonce, a2))


def rspauth(algorithm, username, realm, password, uri, nonce, nc=None, cnonce=None, qop=None,
            body=b""):
    """RFC 2617 3.2.3 response-auth: like `response` with an empty method."""
    return response(algorithm, username, realm, password, "", uri, nonce, nc, cnonce, qop, body)


def userhash(algorithm, username, realm):
    """RFC 7616 3.4.4."""
    return H(algorithm, "%s:%s" % (username, realm))


def _q(s):
    return '"%s"' % s


def challenge(realm, nonce, algorithm=None, qop="auth", opaque=None, stale=None, domain=None,
              scheme="Digest"):
    """A WWW-Authenticate / Proxy-Authenticate value."""
    p = ["realm=" + _q(realm)]
    if domain:
        p.append("domain=" + _q(domain))
    p.append("nonce=" + _q(nonce))
    if opaque:
        p.append("opaque=" + _q(opaque))
    if stale is not None:
        p.append("stale=" + ("TRUE" if stale else "FALSE"))
    if algorithm:
        p.append("algorithm=" + algorithm)
    if qop:
        p.append("qop=" + _q(qop))
    return scheme + " " + ", ".join(p)


class Creds:
    def __init__(self, username, realm, password):
        self.username = username
        self.realm = realm
        self.password = password


def authorization(creds, method, uri, nonce, algorithm=None, qop=None, nc=1, cnonce=None,
                  opaque=None, body=b"", password=None, response_override=None, omit=()):
    """An Authorization / Proxy-Authorization value with a computed response.

    `password` overrides the one in `creds` (wrong-password captures);
    `omit` lists parameter names to leave out (malformed captures).
    """
    ncs = "%08x" % nc if qop else None
    r = response(algorithm or "MD5", creds.username, creds.realm,
                 creds.password if password is None else password,
                 method, uri, nonce, ncs, cnonce, qop, body)
    if response_override is not None:
        r = response_override
    p = [("username", _q(creds.username)), ("realm", _q(creds.realm)), ("nonce", _q(nonce)),
         ("uri", _q(uri)), ("response", _q(r))]
    if algorithm:
        p.append(("algorithm", algorithm))
    if qop:
        p += [("cnonce", _q(cnonce)), ("qop", qop), ("nc", ncs)]
    if opaque:
        p.append(("opaque", _q(opaque)))
    return "Digest " + ", ".join("%s=%s" % kv for kv in p if kv[0] not in omit)


def authentication_info(creds, uri, nonce, algorithm=None, qop=None, nc=1, cnonce=None,
                        body=b"", nextnonce=None):
    ncs = "%08x" % nc if qop else None
    r = rspauth(algorithm or "MD5", creds.username, creds.realm, creds.password, uri, nonce,
                ncs, cnonce, qop, body)
    p = []
    if nextnonce:
        p.append("nextnonce=" + _q(nextnonce))
    if qop:
        p.append("qop=" + qop)
    p.append("rspauth=" + _q(r))
    if qop:
        p += ["cnonce=" + _q(cnonce), "nc=" + ncs]
    return ", ".join(p)
