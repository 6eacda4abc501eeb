"""Digest authentication captures (sipauth)."""

from . import digest as dg
from .common import ALICE, ALICE_IP, BOB_IP, DOMAIN, PROXY_IP, send, token
from .pcap import Capture
from .registry import Doc, capture
from .sip import Dialog, SipMsg, UA, response_to, sdp, audio

A_EP = (ALICE_IP, 5060)
P_EP = (PROXY_IP, 5060)
RURI_REG = "sip:" + DOMAIN
CRED_NOTE = ('run with the test credentials: `-o \'uat:sipscope_credentials:"alice","sipscope.test","alicepw",""\'`')


def builtin_note(label):
    return ("tshark 4.0.17's built-in check (`-o sip.validate_authorization:TRUE` + `authorization_users_sip` UAT) "
            "flags frame {%s} as `sip.authorization.invalid`: it always computes plain MD5 and ignores "
            "`algorithm` (false alarm; the digest is correct)" % label)


def _alice():
    return UA("alice", ALICE_IP, 5060, agent="sipscope-gen/1.0")


def _registrar():
    return UA("registrar", PROXY_IP, 5060, agent="sipscope-gen-registrar/1.0")


def register(ua, cseq, call_id, tag, auth=None, header="Authorization", expires=3600):
    m = SipMsg("REGISTER %s SIP/2.0" % RURI_REG)
    m.add("Via", ua.via())
    m.add("Max-Forwards", "70")
    m.add("From", "<%s>;tag=%s" % (ua.aor, tag))
    m.add("To", "<%s>" % ua.aor)
    m.add("Call-ID", call_id)
    m.add("CSeq", "%d REGISTER" % cseq)
    m.add("Contact", ua.contact)
    m.add("Expires", str(expires))
    if auth:
        m.add(header, auth)
    m.add("User-Agent", ua.agent)
    return m


def reg_ok(req, to_tag, ua, expires=3600, extra=()):
    return response_to(req, 200, to_tag=to_tag, headers=[
        ("Contact", "%s;expires=%d" % (ua.contact, expires))] + list(extra))


def challenge_resp(req, code, to_tag, challenges, header=None):
    header = header or ("WWW-Authenticate" if code == 401 else "Proxy-Authenticate")
    if isinstance(challenges, str):
        challenges = [challenges]
    return response_to(req, code, to_tag=to_tag, headers=[(header, c) for c in challenges])


def _register_round(cap, alg, qop, name, cnonce_seed="c1", opaque=True):
    """REGISTER -> 401 -> REGISTER(auth) -> 200 with `alg`/`qop`; labels reg1, ch, reg2, ok."""
    a, r = _alice(), _registrar()
    call_id = "reg-%s@%s" % (name, DOMAIN)
    tag = a.tag()
    rtag = r.tag()
    nonce = token("nonce-" + name)
    opq = token("opaque-" + name, 16) if opaque else None
    r1 = register(a, 1, call_id, tag)
    send(cap, r1, A_EP, P_EP, label="reg1", t=0)
    ch = challenge_resp(r1, 401, rtag, dg.challenge(DOMAIN, nonce, alg, qop, opq))
    send(cap, ch, P_EP, A_EP, label="ch", dt=2)
    cn = token("cnonce-%s-%s" % (name, cnonce_seed), 16) if qop else None
    auth = dg.authorization(ALICE, "REGISTER", RURI_REG, nonce, alg, qop, 1, cn, opq)
    r2 = register(a, 2, call_id, tag, auth)
    send(cap, r2, A_EP, P_EP, label="reg2", dt=3)
    send(cap, reg_ok(r2, rtag, a), P_EP, A_EP, label="ok", dt=2)
    return dict(a=a, r=r, call_id=call_id, tag=tag, rtag=rtag, nonce=nonce, opaque=opq, cnonce=cn)


def _common_expect(alg, qop):
    return [
        "frame {reg2}: `sipauth.challenge == {ch}`, `sipauth.result_in == {ok}`, `sipauth.outcome == \"accepted\"`",
        "frame {reg2}: `sipauth.verdict == \"valid\"` with the test credentials, `\"unverified\"` without",
        "frame {reg2}: `sipauth.username == \"alice\"`, `sipauth.realm == \"sipscope.test\"`, "
        "`sipauth.algorithm == \"%s\"`, `sipauth.qop == \"%s\"`" % (alg or "MD5", qop or ""),
        "frame {reg2}: `sipauth.nonce_known`, `sipauth.nonce_uses == 1`, `sipauth.nc_ok`, "
        "`sipauth.uri_match`, `sipauth.rtt` = {dt:ch:reg2}",
        "frame {ch}: `sipauth.answered_in == {reg2}` (with `-2`), `sipauth.stale == 0`",
    ]


@capture("gen-auth-sha256.pcap", "sipauth")
def auth_sha256():
    cap = Capture("gen-auth-sha256")
    _register_round(cap, "SHA-256", "auth", "sha256")
    return Doc(cap, "REGISTER challenged with `algorithm=SHA-256, qop=\"auth\"` (RFC 7616/8760), "
               "answered with a correct SHA-256 response, accepted.",
               [("reg1", "REGISTER (no credentials)"), ("ch", "401, WWW-Authenticate SHA-256"),
                ("reg2", "REGISTER with Authorization SHA-256, nc=00000001"), ("ok", "200 OK")],
               _common_expect("SHA-256", "auth"), [CRED_NOTE, builtin_note("reg2")])


@capture("gen-auth-sha512-256.pcap", "sipauth")
def auth_sha512():
    cap = Capture("gen-auth-sha512-256")
    a = _alice()
    bob = UA("bob", BOB_IP, 5060, agent="sipscope-gen/1.0")
    proxy = UA("proxy", PROXY_IP, 5060)
    d = Dialog(a, bob, call_id="inv-sha512@" + DOMAIN, ruri="sip:bob@" + DOMAIN)
    offer = sdp(ALICE_IP, [audio(40000, (0, 8, 101))], sess_id=111)
    inv1 = d.invite(offer)
    send(cap, inv1, A_EP, P_EP, label="inv1", t=0)
    nonce = token("nonce-sha512")
    opq = token("opaque-sha512", 16)
    ptag = proxy.tag()
    ch = challenge_resp(inv1, 407, ptag, dg.challenge(DOMAIN, nonce, "SHA-512-256", "auth", opq))
    send(cap, ch, P_EP, A_EP, label="ch", dt=2)
    send(cap, d.ack(inv1, ch), A_EP, P_EP, label="ack407", dt=1)
    cn = token("cnonce-sha512", 16)
    pa = dg.authorization(ALICE, "INVITE", "sip:bob@" + DOMAIN, nonce, "SHA-512-256", "auth", 1, cn, opq)
    inv2 = d.invite(offer, headers=[("Proxy-Authorization", pa)])
    send(cap, inv2, A_EP, P_EP, label="inv2", dt=2)
    send(cap, d.response(inv2, 100), P_EP, A_EP, label="trying", dt=1)
    rr = [("Record-Route", "<sip:%s;lr>" % PROXY_IP)]
    send(cap, d.response(inv2, 180, headers=rr), P_EP, A_EP, label="ringing", dt=40)
    answer = sdp(BOB_IP, [audio(30000, (0, 101))], sess_id=222)
    ok = d.response(inv2, 200, body=answer, headers=rr)
    send(cap, ok, P_EP, A_EP, label="ok", dt=1000)
    d.route = ["<sip:%s;lr>" % PROXY_IP]
    d.ruri = "sip:bob@%s:5060" % BOB_IP
    send(cap, d.ack(inv2, ok), A_EP, P_EP, label="ack", dt=3)
    bye = d.request("BYE")
    send(cap, bye, A_EP, P_EP, label="bye", dt=5000)
    send(cap, d.response(bye, 200), P_EP, A_EP, label="byeok", dt=3)
    return Doc(cap, "INVITE through a proxy challenged with 407 `algorithm=SHA-512-256` (RFC 8760); "
               "ACK of the 407, INVITE re-sent with Proxy-Authorization (correct SHA-512-256 "
               "response), answered, BYE. Captured on alice's side only.",
               [("inv1", "INVITE (no credentials)"), ("ch", "407, Proxy-Authenticate SHA-512-256"),
                ("ack407", "ACK of the 407 (same branch)"),
                ("inv2", "INVITE CSeq 2 with Proxy-Authorization SHA-512-256"),
                ("trying", "100"), ("ringing", "180"), ("ok", "200 OK (SDP answer)"), ("ack", "ACK"),
                ("bye", "BYE"), ("byeok", "200 OK (BYE)")],
               ["frame {inv2}: `sipauth.challenge == {ch}`, `sipauth.result_in == {ok}`, "
                "`sipauth.outcome == \"accepted\"`, `sipauth.algorithm == \"SHA-512-256\"`, `sipauth.qop == \"auth\"`",
                "frame {inv2}: `sipauth.verdict == \"valid\"` (credentials configured), `sipauth.uri_match`, "
                "`sipauth.nonce_uses == 1`, `sipauth.rtt` = {dt:ch:inv2}",
                "frame {ch}: `sipauth.answered_in == {inv2}`",
                "frame {ack407}: not an authorised request (ACK of a non-2xx carries no credentials)",
                "sipdialog: call 1 `answered`; the 407 transaction (frames {inv1}-{ack407}) does not create a "
                "leg; the 407's To-tag is the proxy's, not bob's"],
               [CRED_NOTE, builtin_note("inv2")])


@capture("gen-auth-md5-sess.pcap", "sipauth")
def auth_md5_sess():
    cap = Capture("gen-auth-md5-sess")
    s = _register_round(cap, "MD5-sess", "auth", "md5sess")
    # refresh 60 s later reusing the nonce legitimately with nc=2 (same cnonce => same HA1 session key)
    a = s["a"]
    auth = dg.authorization(ALICE, "REGISTER", RURI_REG, s["nonce"], "MD5-sess", "auth", 2, s["cnonce"],
                            s["opaque"])
    r3 = register(a, 3, s["call_id"], s["tag"], auth)
    send(cap, r3, A_EP, P_EP, label="reg3", t=60000)
    send(cap, reg_ok(r3, s["rtag"], a), P_EP, A_EP, label="ok3", dt=2)
    exp = _common_expect("MD5-sess", "auth") + [
        "frame {reg3}: refresh with the same nonce and cnonce, nc=00000002: `sipauth.verdict == \"valid\"`, "
        "`sipauth.nonce_uses == 2`, `sipauth.nc_ok` (nc increased), `sipauth.result_in == {ok3}`, "
        "`sipauth.challenge == {ch}` (the nonce's challenge), `sipauth.outcome == \"accepted\"`"]
    return Doc(cap, "REGISTER with `algorithm=MD5-sess, qop=\"auth\"`; a refresh 60 s later reuses the "
               "nonce with nc=00000002 (legitimate reuse).",
               [("reg1", "REGISTER"), ("ch", "401 MD5-sess"), ("reg2", "REGISTER nc=00000001"),
                ("ok", "200 OK"), ("reg3", "REGISTER refresh, same nonce, nc=00000002"), ("ok3", "200 OK")],
               exp, [CRED_NOTE, builtin_note("reg2")])


@capture("gen-auth-int.pcap", "sipauth")
def auth_int():
    cap = Capture("gen-auth-int")
    a = _alice()
    bob = UA("bob", BOB_IP, 5060)
    proxy = UA("proxy", PROXY_IP, 5060)
    # 1) MESSAGE with a text body, 407 qop="auth,auth-int", answered with auth-int (MD5)
    d = Dialog(a, bob, call_id="msg-authint@" + DOMAIN, ruri="sip:bob@" + DOMAIN)
    text = b"Hello Bob, this body is covered by qop=auth-int.\r\n"
    m1 = d.request("MESSAGE", body=text, ctype="text/plain", contact=False)
    send(cap, m1, A_EP, P_EP, label="msg1", t=0)
    nonce = token("nonce-authint-msg")
    ch = challenge_resp(m1, 407, proxy.tag(), dg.challenge(DOMAIN, nonce, "MD5", "auth,auth-int"))
    send(cap, ch, P_EP, A_EP, label="ch1", dt=2)
    cn = token("cnonce-authint-msg", 16)
    pa = dg.authorization(ALICE, "MESSAGE", "sip:bob@" + DOMAIN, nonce, "MD5", "auth-int", 1, cn,
                          body=text)
    m2 = d.request("MESSAGE", body=text, ctype="text/plain", contact=False,
                   headers=[("Proxy-Authorization", pa)])
    send(cap, m2, A_EP, P_EP, label="msg2", dt=3)
    send(cap, d.response(m2, 200), P_EP, A_EP, label="ok1", dt=30)
    # 2) INVITE with SDP, 407 SHA-256 auth-int over the SDP body, then 486 Busy
    d2 = Dialog(a, bob, call_id="inv-authint@" + DOMAIN, ruri="sip:bob@" + DOMAIN)
    offer = sdp(ALICE_IP, [audio(40002, (0, 8, 101))], sess_id=333)
    i1 = d2.invite(offer)
    send(cap, i1, A_EP, P_EP, label="inv1", t=5000)
    nonce2 = token("nonce-authint-inv")
    ch2 = challenge_resp(i1, 407, proxy.tag(), dg.challenge(DOMAIN, nonce2, "SHA-256", "auth-int"))
    send(cap, ch2, P_EP, A_EP, label="ch2", dt=2)
    send(cap, d2.ack(i1, ch2), A_EP, P_EP, label="ack1", dt=1)
    cn2 = token("cnonce-authint-inv", 16)
    pa2 = dg.authorization(ALICE, "INVITE", "sip:bob@" + DOMAIN, nonce2, "SHA-256", "auth-int", 1, cn2,
                           body=offer)
    i2 = d2.invite(offer, headers=[("Proxy-Authorization", pa2)])
    send(cap, i2, A_EP, P_EP, label="inv2", dt=2)
    send(cap, d2.response(i2, 100), P_EP, A_EP, label="trying", dt=1)
    busy = d2.response(i2, 486)
    send(cap, busy, P_EP, A_EP, label="busy", dt=400)
    send(cap, d2.ack(i2, busy), A_EP, P_EP, label="ack2", dt=1)
    return Doc(cap, "qop=auth-int: (1) MESSAGE with a text/plain body, 407 offering `qop=\"auth,auth-int\"`, "
               "re-sent with `qop=auth-int` (MD5, HA2 = MD5(method:uri:MD5(body))); (2) INVITE with SDP, "
               "407 `algorithm=SHA-256, qop=\"auth-int\"`, re-sent with the SDP body hashed, rejected 486 Busy.",
               [("msg1", "MESSAGE"), ("ch1", "407 (auth,auth-int MD5)"), ("msg2", "MESSAGE with auth-int"),
                ("ok1", "200 OK"), ("inv1", "INVITE (SDP)"), ("ch2", "407 SHA-256 auth-int"),
                ("ack1", "ACK (407)"), ("inv2", "INVITE with auth-int over the SDP body"), ("trying", "100"),
                ("busy", "486 Busy Here"), ("ack2", "ACK (486)")],
               ["frame {msg2}: `sipauth.challenge == {ch1}`, `sipauth.qop == \"auth-int\"`, "
                "`sipauth.algorithm == \"MD5\"`, `sipauth.verdict == \"valid\"` (body hashed), "
                "`sipauth.result_in == {ok1}`, `sipauth.outcome == \"accepted\"`",
                "frame {inv2}: `sipauth.challenge == {ch2}`, `sipauth.qop == \"auth-int\"`, "
                "`sipauth.algorithm == \"SHA-256\"`, `sipauth.verdict == \"valid\"`, `sipauth.result_in == {busy}`, "
                "`sipauth.outcome == \"accepted\"` (a non-auth error after authentication)",
                "sipdialog: call 1 (MESSAGE) non-INVITE; call 2 outcome `busy`",
                "an analyzer that ignores the body (hashes an empty body) computes `invalid` for both"],
               [CRED_NOTE])


@capture("gen-auth-noqop.pcap", "sipauth")
def auth_noqop():
    cap = Capture("gen-auth-noqop")
    _register_round(cap, None, None, "noqop", opaque=False)
    exp = _common_expect(None, None)
    exp[2] = ("frame {reg2}: `sipauth.username == \"alice\"`, `sipauth.realm == \"sipscope.test\"`, "
              "no `algorithm` parameter (MD5 implied), no `qop` (RFC 2069: response = MD5(HA1:nonce:HA2), "
              "no cnonce/nc)")
    exp[3] = ("frame {reg2}: `sipauth.nonce_known`, `sipauth.nonce_uses == 1`, `sipauth.uri_match`; "
              "`sipauth.nc_ok` absent or true (no nc)")
    return Doc(cap, "RFC 2069 style digest: the 401 has neither `qop` nor `algorithm`; the response is "
               "MD5(HA1:nonce:HA2) without nc/cnonce.",
               [("reg1", "REGISTER"), ("ch", "401 (no qop, no algorithm)"), ("reg2", "REGISTER (RFC 2069 response)"),
                ("ok", "200 OK")], exp, [CRED_NOTE])


@capture("gen-auth-replay.pcap", "sipauth")
def auth_replay():
    cap = Capture("gen-auth-replay")
    s = _register_round(cap, "MD5", "auth", "replay")
    a = s["a"]
    # 30 s later: the same Authorization (same nonce, cnonce, nc=00000001) on a new transaction
    auth = dg.authorization(ALICE, "REGISTER", RURI_REG, s["nonce"], "MD5", "auth", 1, s["cnonce"], s["opaque"])
    r3 = register(a, 3, s["call_id"], s["tag"], auth)
    send(cap, r3, A_EP, P_EP, label="replay", t=30000)
    send(cap, reg_ok(r3, s["rtag"], a), P_EP, A_EP, label="ok3", dt=2)
    # a request whose nonce no challenge in this capture issued
    foreign = token("nonce-never-issued")
    auth4 = dg.authorization(ALICE, "REGISTER", RURI_REG, foreign, "MD5", "auth", 1, token("cn4", 16))
    r4 = register(a, 4, s["call_id"], s["tag"], auth4)
    send(cap, r4, A_EP, P_EP, label="foreign", t=40000)
    nonce5 = token("nonce-replay-5")
    send(cap, challenge_resp(r4, 401, s["rtag"], dg.challenge(DOMAIN, nonce5, "MD5", "auth", stale=True)),
         P_EP, A_EP, label="ch4", dt=2)
    exp = _common_expect("MD5", "auth") + [
        "frame {replay}: byte-identical credentials 30 s later (same nonce, cnonce, nc=00000001) on a new "
        "CSeq: `sipauth.verdict == \"valid\"` (the digest does not cover CSeq), `sipauth.nonce_uses == 2`, "
        "`sipauth.nc_ok == 0` (nc did not increase) with an expert warning, `sipauth.challenge == {ch}`, "
        "`sipauth.result_in == {ok3}` (this registrar accepted the replay)",
        "frame {foreign}: `sipauth.nonce_known == 0` (nonce never issued in the capture), `sipauth.challenge` "
        "absent, `sipauth.verdict == \"valid\"` (the digest itself is right), `sipauth.result_in == {ch4}`, "
        "`sipauth.outcome == \"rechallenged\"`",
        "frame {ch4}: `sipauth.stale == 1`"]
    return Doc(cap, "Nonce replay: a correct REGISTER round, then the same Authorization replayed 30 s later "
               "(nc not increasing) and accepted; then a request with a nonce never issued in the capture, "
               "re-challenged with stale=TRUE.",
               [("reg1", "REGISTER"), ("ch", "401 MD5 qop=auth"), ("reg2", "REGISTER nc=00000001"),
                ("ok", "200 OK"), ("replay", "REGISTER replay: same nonce, nc=00000001"), ("ok3", "200 OK"),
                ("foreign", "REGISTER with an unknown nonce"), ("ch4", "401 stale=TRUE")],
               exp, [CRED_NOTE])


@capture("gen-auth-stale.pcap", "sipauth")
def auth_stale():
    cap = Capture("gen-auth-stale")
    s = _register_round(cap, "MD5", "auth", "stale")
    a = s["a"]
    # refresh after the nonce expired: nc=2 with the old nonce -> 401 stale=TRUE with a new nonce
    auth = dg.authorization(ALICE, "REGISTER", RURI_REG, s["nonce"], "MD5", "auth", 2, s["cnonce"], s["opaque"])
    r3 = register(a, 3, s["call_id"], s["tag"], auth)
    send(cap, r3, A_EP, P_EP, label="reg3", t=3600000)
    nonce2 = token("nonce-stale-2")
    ch2 = challenge_resp(r3, 401, s["rtag"], dg.challenge(DOMAIN, nonce2, "MD5", "auth", s["opaque"], stale=True))
    send(cap, ch2, P_EP, A_EP, label="stale", dt=2)
    cn = token("cnonce-stale-2", 16)
    auth4 = dg.authorization(ALICE, "REGISTER", RURI_REG, nonce2, "MD5", "auth", 1, cn, s["opaque"])
    r4 = register(a, 4, s["call_id"], s["tag"], auth4)
    send(cap, r4, A_EP, P_EP, label="reg4", dt=3)
    send(cap, reg_ok(r4, s["rtag"], a), P_EP, A_EP, label="ok4", dt=2)
    exp = _common_expect("MD5", "auth") + [
        "frame {reg3}: refresh 1 h later with the expired nonce (nc=00000002): `sipauth.verdict == \"valid\"`, "
        "`sipauth.nonce_uses == 2`, `sipauth.nc_ok`, `sipauth.result_in == {stale}`, "
        "`sipauth.outcome == \"rechallenged\"`",
        "frame {stale}: `sipauth.stale == 1`, `sipauth.answered_in == {reg4}`",
        "frame {reg4}: `sipauth.challenge == {stale}`, `sipauth.verdict == \"valid\"`, `sipauth.nonce_uses == 1`, "
        "`sipauth.result_in == {ok4}`, `sipauth.outcome == \"accepted\"`, `sipauth.rtt` = {dt:stale:reg4}"]
    return Doc(cap, "Stale nonce: a registration, then a refresh one hour later with the old nonce is "
               "re-challenged with `stale=TRUE` and a new nonce; the retry succeeds without a new password prompt.",
               [("reg1", "REGISTER"), ("ch", "401"), ("reg2", "REGISTER (auth)"), ("ok", "200 OK"),
                ("reg3", "REGISTER refresh with the expired nonce"), ("stale", "401 stale=TRUE, new nonce"),
                ("reg4", "REGISTER with the new nonce"), ("ok4", "200 OK")], exp, [CRED_NOTE])


@capture("gen-auth-two-challenges.pcap", "sipauth")
def auth_two_challenges():
    cap = Capture("gen-auth-two-challenges")
    a, r = _alice(), _registrar()
    call_id = "reg-two@" + DOMAIN
    tag, rtag = a.tag(), r.tag()
    n256, nmd5 = token("nonce-two-sha256"), token("nonce-two-md5")
    r1 = register(a, 1, call_id, tag)
    send(cap, r1, A_EP, P_EP, label="reg1", t=0)
    ch = challenge_resp(r1, 401, rtag, [dg.challenge(DOMAIN, n256, "SHA-256", "auth"),
                                        dg.challenge(DOMAIN, nmd5, "MD5", "auth")])
    send(cap, ch, P_EP, A_EP, label="ch", dt=2)
    cn = token("cnonce-two", 16)
    r2 = register(a, 2, call_id, tag, dg.authorization(ALICE, "REGISTER", RURI_REG, n256, "SHA-256", "auth", 1, cn))
    send(cap, r2, A_EP, P_EP, label="reg2", dt=3)
    send(cap, reg_ok(r2, rtag, a), P_EP, A_EP, label="ok", dt=2)
    exp = _common_expect("SHA-256", "auth") + [
        "frame {ch}: two WWW-Authenticate headers (SHA-256 first, then MD5, RFC 8760 order of preference) "
        "with different nonces; the answer uses the SHA-256 one: the analyzer must pick the challenge whose "
        "nonce/algorithm the request answers (not simply the first or last header)",
        "the MD5 nonce is never used: `sipauth.nonce_known` for it is irrelevant; no request answers it"]
    return Doc(cap, "One 401 carrying two WWW-Authenticate headers (SHA-256 and MD5); the client answers the "
               "SHA-256 challenge.",
               [("reg1", "REGISTER"), ("ch", "401 with two WWW-Authenticate (SHA-256, MD5)"),
                ("reg2", "REGISTER answering SHA-256"), ("ok", "200 OK")], exp, [CRED_NOTE, builtin_note("reg2")])


@capture("gen-auth-wrong.pcap", "sipauth")
def auth_wrong():
    cap = Capture("gen-auth-wrong")
    a, r = _alice(), _registrar()
    call_id = "reg-wrong@" + DOMAIN
    tag, rtag = a.tag(), r.tag()
    nonce = token("nonce-wrong")
    r1 = register(a, 1, call_id, tag)
    send(cap, r1, A_EP, P_EP, label="reg1", t=0)
    ch = challenge_resp(r1, 401, rtag, dg.challenge(DOMAIN, nonce, "MD5", "auth"))
    send(cap, ch, P_EP, A_EP, label="ch", dt=2)
    cn = token("cnonce-wrong", 16)
    auth = dg.authorization(ALICE, "REGISTER", RURI_REG, nonce, "MD5", "auth", 1, cn, password="wrongpw")
    r2 = register(a, 2, call_id, tag, auth)
    send(cap, r2, A_EP, P_EP, label="reg2", dt=3)
    send(cap, response_to(r2, 403, to_tag=rtag), P_EP, A_EP, label="forbidden", dt=2)
    return Doc(cap, "Wrong password: the REGISTER answers the challenge with a digest computed from "
               "`wrongpw` instead of `alicepw`; the registrar answers 403 Forbidden.",
               [("reg1", "REGISTER"), ("ch", "401 MD5"), ("reg2", "REGISTER with a wrong digest"),
                ("forbidden", "403 Forbidden")],
               ["frame {reg2}: `sipauth.verdict == \"invalid\"` with the configured credentials "
                "(`\"unverified\"` without) and an expert warning that does not contain the password",
                "frame {reg2}: `sipauth.challenge == {ch}`, `sipauth.result_in == {forbidden}`, "
                "`sipauth.outcome == \"forbidden\"`, `sipauth.nonce_known`, `sipauth.nc_ok`, `sipauth.uri_match`",
                "the built-in `sip.validate_authorization` check flags it too (and leaks the password)"],
               [CRED_NOTE])


@capture("gen-auth-rspauth.pcap", "sipauth")
def auth_rspauth():
    cap = Capture("gen-auth-rspauth")
    a, r = _alice(), _registrar()
    call_id = "reg-rspauth@" + DOMAIN
    tag, rtag = a.tag(), r.tag()
    nonce = token("nonce-rspauth")
    r1 = register(a, 1, call_id, tag)
    send(cap, r1, A_EP, P_EP, label="reg1", t=0)
    send(cap, challenge_resp(r1, 401, rtag, dg.challenge(DOMAIN, nonce, "SHA-256", "auth")),
         P_EP, A_EP, label="ch", dt=2)
    cn = token("cnonce-rspauth", 16)
    r2 = register(a, 2, call_id, tag, dg.authorization(ALICE, "REGISTER", RURI_REG, nonce, "SHA-256", "auth", 1, cn))
    send(cap, r2, A_EP, P_EP, label="reg2", dt=3)
    info = dg.authentication_info(ALICE, RURI_REG, nonce, "SHA-256", "auth", 1, cn,
                                  nextnonce=token("nonce-rspauth-next"))
    send(cap, reg_ok(r2, rtag, a, extra=[("Authentication-Info", info)]), P_EP, A_EP, label="ok", dt=2)
    exp = _common_expect("SHA-256", "auth") + [
        "frame {ok}: Authentication-Info with `rspauth` = SHA-256(HA1:nonce:nc:cnonce:auth:SHA-256(\":\" uri)), "
        "correct: an rspauth verdict `valid` (with credentials), plus `nextnonce`"]
    return Doc(cap, "Mutual authentication: the 200 OK carries `Authentication-Info: nextnonce, qop=auth, "
               "rspauth, cnonce, nc` with a correct rspauth (SHA-256).",
               [("reg1", "REGISTER"), ("ch", "401 SHA-256"), ("reg2", "REGISTER (auth)"),
                ("ok", "200 OK with Authentication-Info rspauth")], exp, [CRED_NOTE, builtin_note("reg2")])


@capture("gen-auth-malformed.pcap", "sipauth")
def auth_malformed():
    cap = Capture("gen-auth-malformed")
    a, r = _alice(), _registrar()
    call_id = "reg-malformed@" + DOMAIN
    tag, rtag = a.tag(), r.tag()
    nonce = token("nonce-malformed")
    # 1. 401 whose challenge has an unterminated quoted string
    r1 = register(a, 1, call_id, tag)
    send(cap, r1, A_EP, P_EP, label="reg1", t=0)
    bad = 'Digest realm="sipscope.test, nonce="%s, algorithm=MD5, qop="auth' % nonce
    send(cap, challenge_resp(r1, 401, rtag, bad), P_EP, A_EP, label="unterminated", dt=2)
    # 2. REGISTER with duplicated parameters (two usernames, two nonces, two responses)
    cn = token("cnonce-malformed", 16)
    good = dg.authorization(ALICE, "REGISTER", RURI_REG, nonce, "MD5", "auth", 1, cn)
    dup = good + ', username="mallory", nonce="%s", response="%s"' % (token("other-nonce"), "0" * 32)
    r2 = register(a, 2, call_id, tag, dup)
    send(cap, r2, A_EP, P_EP, label="dup", t=1000)
    send(cap, response_to(r2, 400, "Bad Request (duplicate digest parameters)", to_tag=rtag),
         P_EP, A_EP, label="dup400", dt=2)
    # 3. a 10 KB nonce, answered correctly
    big = (token("big", 43) * 239)[:10240]
    r3 = register(a, 3, call_id, tag)
    send(cap, r3, A_EP, P_EP, label="reg3", t=2000)
    send(cap, challenge_resp(r3, 401, rtag, dg.challenge(DOMAIN, big, "MD5", "auth")),
         P_EP, A_EP, label="bigch", dt=2)
    cn4 = token("cnonce-big", 16)
    r4 = register(a, 4, call_id, tag, dg.authorization(ALICE, "REGISTER", RURI_REG, big, "MD5", "auth", 1, cn4))
    send(cap, r4, A_EP, P_EP, label="bigreg", dt=3)
    send(cap, reg_ok(r4, rtag, a), P_EP, A_EP, label="bigok", dt=2)
    # 4. missing response parameter
    nonce5 = token("nonce-malformed-5")
    r5 = register(a, 5, call_id, tag)
    send(cap, r5, A_EP, P_EP, label="reg5", t=3000)
    send(cap, challenge_resp(r5, 401, rtag, dg.challenge(DOMAIN, nonce5, "MD5", "auth")),
         P_EP, A_EP, label="ch5", dt=2)
    nores = dg.authorization(ALICE, "REGISTER", RURI_REG, nonce5, "MD5", "auth", 1, token("cn6", 16),
                             omit=("response",))
    r6 = register(a, 6, call_id, tag, nores)
    send(cap, r6, A_EP, P_EP, label="noresp", dt=3)
    send(cap, response_to(r6, 400, "Bad Request (missing response)", to_tag=rtag), P_EP, A_EP,
         label="noresp400", dt=2)
    # 5. unsupported algorithm and an empty Digest credential
    r7 = register(a, 7, call_id, tag, dg.authorization(ALICE, "REGISTER", RURI_REG, nonce5, None, "auth", 2,
                                                       token("cn7", 16)).replace(
        'qop=auth', 'algorithm=SHA3-256, qop=auth'))
    send(cap, r7, A_EP, P_EP, label="unsupported", t=4000)
    send(cap, response_to(r7, 403, to_tag=rtag), P_EP, A_EP, label="unsup403", dt=2)
    r8 = register(a, 8, call_id, tag, "Digest")
    send(cap, r8, A_EP, P_EP, label="empty", t=5000)
    send(cap, response_to(r8, 400, to_tag=rtag), P_EP, A_EP, label="empty400", dt=2)
    return Doc(cap, "Malformed digest input (must not crash, hang or read out of bounds): an unterminated quoted "
               "string in a challenge, duplicated parameters, a 10 KB nonce (UDP datagram > 10 KB, answered "
               "correctly), a credential without `response`, an unknown algorithm, a bare `Digest`.",
               [("reg1", "REGISTER"), ("unterminated", "401 with unterminated quotes in WWW-Authenticate"),
                ("dup", "REGISTER with duplicated username/nonce/response parameters"), ("dup400", "400"),
                ("reg3", "REGISTER"), ("bigch", "401 with a 10240-byte nonce"),
                ("bigreg", "REGISTER answering the 10 KB nonce (correct MD5 digest)"), ("bigok", "200 OK"),
                ("reg5", "REGISTER"), ("ch5", "401"), ("noresp", "REGISTER, Authorization without response="),
                ("noresp400", "400"), ("unsupported", "REGISTER with algorithm=SHA3-256"),
                ("unsup403", "403"), ("empty", "REGISTER with `Authorization: Digest` and no parameters"),
                ("empty400", "400")],
               ["no crash, no hang; every malformed item gets an expert info, never a `valid` verdict",
                "frame {unterminated}: challenge not usable (or parsed leniently); no request answers it",
                "frame {dup}: duplicated parameters: an expert warning; the first occurrence of each parameter "
                "alone gives a correct MD5 digest, the second (username mallory, another nonce, an all-zero "
                "response) does not, so a plain `valid` without a warning is wrong",
                "frame {bigreg}: `sipauth.challenge == {bigch}`, `sipauth.verdict == \"valid\"`, "
                "`sipauth.result_in == {bigok}` (a long nonce is legal)",
                "frame {noresp}: `sipauth.challenge == {ch5}`, no verdict `valid` (missing response: malformed)",
                "frame {unsupported}: `sipauth.verdict == \"unsupported\"`, `sipauth.algorithm == \"SHA3-256\"`",
                "frame {empty}: malformed expert info, no verdict `valid`"],
               [CRED_NOTE,
                "tshark 4.0.17, frame {unterminated}: the SIP dissector mis-splits the quoted strings: "
                "`sip.auth.realm` = `\"sipscope.test, nonce=\"`, no `sip.auth.nonce`, `sip.auth.qop` = `\"auth` "
                "(leading quote, no closing quote)",
                "tshark 4.0.17, frame {dup}: every duplicate becomes its own field: two `sip.auth.username`, "
                "two `sip.auth.nonce`, two `sip.auth.digest.response` in one header",
                "tshark 4.0.17, frame {empty}: `Authorization: Digest` without parameters raises an exception in "
                "the SIP dissector (`[Malformed Packet: SIP]`, `_ws.malformed`); the SIP fields dissected before "
                "that header are present, later ones (User-Agent, Content-Length) are not",
                "tshark 4.0.17, frame {bigch}: the 10240-byte nonce is shown truncated in the tree but "
                "`sip.auth.nonce` holds the whole value"])
