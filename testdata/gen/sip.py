"""SIP message and SDP builders.

`SipMsg` is a start line, an ordered header list and a body; `encode()` sets
Content-Length to the body length (unless told otherwise, for malformed
captures).  `UA` knows its address and makes deterministic branches and tags;
`Dialog` fills From/To/Call-ID/CSeq/Via for requests and copies them into
responses, following RFC 3261 (ACK/CANCEL rules included).
"""

import hashlib
import ipaddress

REASONS = {
    100: "Trying", 180: "Ringing", 181: "Call Is Being Forwarded", 183: "Session Progress",
    200: "OK", 202: "Accepted", 302: "Moved Temporarily", 401: "Unauthorized",
    400: "Bad Request", 403: "Forbidden", 404: "Not Found", 407: "Proxy Authentication Required",
    408: "Request Timeout", 420: "Bad Extension", 481: "Call/Transaction Does Not Exist",
    486: "Busy Here", 487: "Request Terminated", 488: "Not Acceptable Here",
    500: "Server Internal Error", 503: "Service Unavailable", 603: "Decline",
}


def hostport(ip, port):
    ip = str(ipaddress.ip_address(ip))
    if ":" in ip:
        return "[%s]:%d" % (ip, port)
    return "%s:%d" % (ip, port)


def hostonly(ip):
    ip = str(ipaddress.ip_address(ip))
    return "[%s]" % ip if ":" in ip else ip


class SipMsg:
    def __init__(self, start, headers=None, body=b""):
        self.start = start
        self.headers = [list(h) for h in (headers or [])]
        self.body = body.encode() if isinstance(body, str) else body
        self.content_length = None        # override (malformed captures)

    # headers ---------------------------------------------------------
    def get(self, name):
        for h in self.headers:
            if h[0].lower() == name.lower():
                return h[1]
        return None

    def get_all(self, name):
        return [h[1] for h in self.headers if h[0].lower() == name.lower()]

    def set(self, name, value):
        for h in self.headers:
            if h[0].lower() == name.lower():
                h[1] = value
                return self
        self.headers.append([name, value])
        return self

    def add(self, name, value, top=False):
        if top:
            # insert before the first header of that name, or at the top
            for i, h in enumerate(self.headers):
                if h[0].lower() == name.lower():
                    self.headers.insert(i, [name, value])
                    return self
            self.headers.insert(0, [name, value])
        else:
            self.headers.append([name, value])
        return self

    def remove(self, name):
        self.headers = [h for h in self.headers if h[0].lower() != name.lower()]
        return self

    def copy(self):
        m = SipMsg(self.start, self.headers, self.body)
        m.content_length = self.content_length
        return m

    # properties ------------------------------------------------------
    @property
    def is_request(self):
        return not self.start.startswith("SIP/2.0")

    @property
    def method(self):
        return self.start.split(" ", 1)[0] if self.is_request else None

    @property
    def uri(self):
        return self.start.split(" ")[1] if self.is_request else None

    @property
    def status(self):
        return None if self.is_request else int(self.start.split(" ")[1])

    def cseq(self):
        n, m = self.get("CSeq").split()
        return int(n), m

    def set_body(self, body, ctype="application/sdp"):
        self.body = body.encode() if isinstance(body, str) else body
        self.remove("Content-Type")
        if self.body and ctype:
            self.set("Content-Type", ctype)
        return self

    # encoding --------------------------------------------------------
    def encode(self):
        lines = [self.start]
        for name, value in self.headers:
            if name.lower() == "content-length":
                continue
            lines.append("%s: %s" % (name, value))
        cl = len(self.body) if self.content_length is None else self.content_length
        lines.append("Content-Length: %s" % cl)
        return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + self.body

    def __bytes__(self):
        return self.encode()


def _hex(seed, n):
    return hashlib.sha1(seed.encode()).hexdigest()[:n]


class UA:
    """A SIP endpoint: user, domain, signalling address and transport."""

    def __init__(self, user, ip, port=5060, domain="sipscope.test", transport="UDP",
                 display=None, agent=None):
        self.user = user
        self.ip = str(ipaddress.ip_address(ip))
        self.port = port
        self.domain = domain
        self.transport = transport
        self.display = display
        self.agent = agent
        self._n = 0

    @property
    def ep(self):
        return (self.ip, self.port)

    @property
    def aor(self):
        return "sip:%s@%s" % (self.user, self.domain)

    def name_addr(self, tag=None):
        s = "<%s>" % self.aor
        if self.display:
            s = '"%s" %s' % (self.display, s)
        if tag:
            s += ";tag=" + tag
        return s

    @property
    def contact(self):
        c = "<sip:%s@%s" % (self.user, hostport(self.ip, self.port))
        if self.transport != "UDP":
            c += ";transport=" + self.transport.lower()
        return c + ">"

    def _next(self, kind):
        self._n += 1
        return "%s-%s-%s-%d" % (kind, self.user, self.ip, self._n)

    def branch(self):
        return "z9hG4bK" + _hex(self._next("branch"), 16)

    def tag(self):
        return _hex(self._next("tag"), 10)

    def call_id(self):
        return "%s@%s" % (_hex(self._next("callid"), 20), self.domain)

    def via(self, branch=None):
        return "SIP/2.0/%s %s;branch=%s;rport" % (self.transport, hostport(self.ip, self.port),
                                                  branch or self.branch())


def response_to(req, code, reason=None, to_tag=None, headers=(), body=b"", ctype="application/sdp"):
    """A response copying Via, From, To, Call-ID and CSeq from `req`."""
    m = SipMsg("SIP/2.0 %d %s" % (code, reason or REASONS.get(code, "Unknown")))
    for v in req.get_all("Via"):
        m.add("Via", v)
    m.add("From", req.get("From"))
    to = req.get("To")
    if to_tag and ";tag=" not in to:
        to += ";tag=" + to_tag
    m.add("To", to)
    m.add("Call-ID", req.get("Call-ID"))
    m.add("CSeq", req.get("CSeq"))
    for h in headers:
        m.add(*h)
    if body:
        m.set_body(body, ctype)
    return m


class Dialog:
    """Both ends of a (potential) dialog between `caller` and `callee`.

    Requests are built from the point of view of the sending side
    (`from_caller`).  `remote_tag` is learnt from the first response that
    carries a To-tag; create a new Dialog (or call `fork()`) per early leg.
    """

    def __init__(self, caller, callee, call_id=None, ruri=None, route=()):
        self.caller = caller
        self.callee = callee
        self.call_id = call_id or caller.call_id()
        self.ruri = ruri or "sip:%s@%s" % (callee.user, hostport(callee.ip, callee.port))
        self.caller_tag = caller.tag()
        self.callee_tag = None
        self.cseq = {True: 1, False: 1}     # next CSeq per side
        self.route = list(route)
        self.last_invite = None

    def fork(self, callee_tag=None):
        d = Dialog.__new__(Dialog)
        d.__dict__.update(self.__dict__)
        d.callee_tag = callee_tag
        d.cseq = dict(self.cseq)
        d.route = list(self.route)
        return d

    def request(self, method, from_caller=True, body=b"", ctype="application/sdp", headers=(),
                cseq=None, branch=None, uri=None, to_tag=True, contact=True, max_forwards=70):
        me, peer = (self.caller, self.callee) if from_caller else (self.callee, self.caller)
        my_tag, peer_tag = ((self.caller_tag, self.callee_tag) if from_caller
                            else (self.callee_tag, self.caller_tag))
        if uri is None:
            uri = self.ruri if from_caller else "sip:%s@%s" % (peer.user, hostport(peer.ip, peer.port))
        if cseq is None:
            cseq = self.cseq[from_caller]
            self.cseq[from_caller] += 1
        m = SipMsg("%s %s SIP/2.0" % (method, uri))
        m.add("Via", me.via(branch))
        m.add("Max-Forwards", str(max_forwards))
        for r in self.route:
            m.add("Route", r)
        m.add("From", me.name_addr(my_tag))
        m.add("To", peer.name_addr(peer_tag if to_tag else None))
        m.add("Call-ID", self.call_id)
        m.add("CSeq", "%d %s" % (cseq, method))
        if contact and method not in ("ACK", "CANCEL", "BYE", "PRACK"):
            m.add("Contact", me.contact)
        if me.agent:
            m.add("User-Agent", me.agent)
        for h in headers:
            m.add(*h)
        if body:
            m.set_body(body, ctype)
        if method == "INVITE":
            self.last_invite = m
        return m

    def invite(self, body=b"", headers=(), **kw):
        return self.request("INVITE", True, body=body, headers=headers, **kw)

    def response(self, req, code, reason=None, body=b"", headers=(), ctype="application/sdp",
                 to_tag=None, contact=None):
        """Build a response to `req`; the responding side is the request's receiver."""
        from_caller_req = self._is_from_caller(req)
        responder = self.callee if from_caller_req else self.caller
        if to_tag is None and code > 100 and req.method != "CANCEL":
            if from_caller_req:
                if self.callee_tag is None:
                    self.callee_tag = self.callee.tag()
                to_tag = self.callee_tag
            else:
                to_tag = self.caller_tag
        hdrs = []
        if contact is None:
            contact = req.method in ("INVITE", "UPDATE", "SUBSCRIBE") and 100 < code < 300
        if contact:
            hdrs.append(("Contact", responder.contact))
        if responder.agent:
            hdrs.append(("Server", responder.agent))
        hdrs.extend(headers)
        return response_to(req, code, reason, to_tag=to_tag if code > 100 else None,
                           headers=hdrs, body=body, ctype=ctype)

    def _is_from_caller(self, req):
        return ("tag=" + self.caller_tag) in req.get("From")

    def ack(self, invite, response, body=b"", ctype="application/sdp"):
        """ACK for `response` to `invite` (RFC 3261 17.1.1.3 for non-2xx, 13.2.2.4 for 2xx)."""
        n, _ = invite.cseq()
        if response.status >= 300:
            m = SipMsg("ACK %s SIP/2.0" % invite.uri)
            m.add("Via", invite.get_all("Via")[0])
            m.add("Max-Forwards", "70")
            for r in invite.get_all("Route"):
                m.add("Route", r)
            m.add("From", invite.get("From"))
            m.add("To", response.get("To"))
            m.add("Call-ID", invite.get("Call-ID"))
            m.add("CSeq", "%d ACK" % n)
            return m
        m = self.request("ACK", True, cseq=n, body=body, ctype=ctype, contact=False)
        return m

    def cancel(self, invite):
        n, _ = invite.cseq()
        m = SipMsg("CANCEL %s SIP/2.0" % invite.uri)
        m.add("Via", invite.get_all("Via")[0])
        m.add("Max-Forwards", "70")
        m.add("From", invite.get("From"))
        m.add("To", invite.get("To"))
        m.add("Call-ID", invite.get("Call-ID"))
        m.add("CSeq", "%d CANCEL" % n)
        return m


def proxied(msg, proxy_ip, proxy_port=5060, branch=None, transport="UDP", record_route=True,
            rr_uri=None):
    """The copy of a request a stateful proxy forwards: new top Via, Max-Forwards-1, Record-Route."""
    m = msg.copy()
    b = branch or "z9hG4bK" + _hex("proxy-%s-%s" % (proxy_ip, msg.encode()), 16)
    m.add("Via", "SIP/2.0/%s %s;branch=%s" % (transport, hostport(proxy_ip, proxy_port), b), top=True)
    mf = m.get("Max-Forwards")
    if mf is not None:
        m.set("Max-Forwards", str(int(mf) - 1))
    if record_route and m.method in ("INVITE", "SUBSCRIBE"):
        m.add("Record-Route", "<%s>" % (rr_uri or "sip:%s;lr" % hostport(proxy_ip, proxy_port)), top=True)
    return m


def strip_top_via(resp):
    m = resp.copy()
    for i, h in enumerate(m.headers):
        if h[0].lower() == "via":
            del m.headers[i]
            break
    return m


# --------------------------------------------------------------------------
# SDP

STATIC_PT = {0: ("PCMU", 8000), 3: ("GSM", 8000), 4: ("G723", 8000), 8: ("PCMA", 8000),
             9: ("G722", 8000), 18: ("G729", 8000), 26: ("JPEG", 90000), 34: ("H263", 90000)}

ICE_TYPE_PREF = {"host": 126, "prflx": 110, "srflx": 100, "relay": 0}


def ice_priority(typ, component=1, local_pref=65535):
    return (ICE_TYPE_PREF[typ] << 24) + (local_pref << 8) + (256 - component)


class Candidate:
    def __init__(self, foundation, component, ip, port, typ, raddr=None, rport=None,
                 transport="UDP", priority=None):
        self.foundation = foundation
        self.component = component
        self.ip = str(ipaddress.ip_address(ip))
        self.port = port
        self.typ = typ
        self.raddr = raddr
        self.rport = rport
        self.transport = transport
        self.priority = priority if priority is not None else ice_priority(typ, component)

    def line(self):
        s = "a=candidate:%s %d %s %d %s %d typ %s" % (self.foundation, self.component, self.transport,
                                                      self.priority, self.ip, self.port, self.typ)
        if self.raddr is not None:
            s += " raddr %s rport %d" % (self.raddr, self.rport)
        return s


class Media:
    def __init__(self, kind, port, pts, rtpmap=None, fmtp=None, rtcp=None, direction=None,
                 conn=None, proto="RTP/AVP", ptime=None, ice_ufrag=None, ice_pwd=None,
                 candidates=(), attrs=()):
        self.kind = kind
        self.port = port
        self.pts = list(pts)
        self.rtpmap = dict(rtpmap or {})
        self.fmtp = dict(fmtp or {})
        self.rtcp = rtcp
        self.direction = direction
        self.conn = conn
        self.proto = proto
        self.ptime = ptime
        self.ice_ufrag = ice_ufrag
        self.ice_pwd = ice_pwd
        self.candidates = list(candidates)
        self.attrs = list(attrs)

    def lines(self):
        out = ["m=%s %d %s %s" % (self.kind, self.port, self.proto, " ".join(str(p) for p in self.pts))]
        if self.conn:
            out.append(_c_line(self.conn))
        for pt in self.pts:
            if pt in self.rtpmap:
                out.append("a=rtpmap:%d %s" % (pt, self.rtpmap[pt]))
            elif pt in STATIC_PT:
                out.append("a=rtpmap:%d %s/%d" % (pt, STATIC_PT[pt][0], STATIC_PT[pt][1]))
            if pt in self.fmtp:
                out.append("a=fmtp:%d %s" % (pt, self.fmtp[pt]))
        if self.ptime:
            out.append("a=ptime:%d" % self.ptime)
        if self.rtcp:
            if isinstance(self.rtcp, tuple):
                ip = str(ipaddress.ip_address(self.rtcp[1]))
                out.append("a=rtcp:%d IN %s %s" % (self.rtcp[0], "IP6" if ":" in ip else "IP4", ip))
            else:
                out.append("a=rtcp:%d" % self.rtcp)
        if self.ice_ufrag:
            out.append("a=ice-ufrag:" + self.ice_ufrag)
        if self.ice_pwd:
            out.append("a=ice-pwd:" + self.ice_pwd)
        for c in self.candidates:
            out.append(c.line())
        out.extend("a=" + a for a in self.attrs)
        if self.direction:
            out.append("a=" + self.direction)
        return out


def _c_line(ip):
    ip = str(ipaddress.ip_address(ip))
    return "c=IN %s %s" % ("IP6" if ":" in ip else "IP4", ip)


def sdp(ip, media, sess_id=1000, version=1, user="-", name="sipscope", attrs=(), conn=True):
    """An SDP body (bytes, CRLF lines).  `ip` goes into o= and the session c= line."""
    ip = str(ipaddress.ip_address(ip))
    fam = "IP6" if ":" in ip else "IP4"
    lines = ["v=0", "o=%s %d %d IN %s %s" % (user, sess_id, version, fam, ip), "s=%s" % name]
    if conn:
        lines.append(_c_line(ip))
    lines.append("t=0 0")
    lines.extend("a=" + a for a in attrs)
    for m in media:
        lines.extend(m.lines())
    return ("\r\n".join(lines) + "\r\n").encode()


def audio(port, pts=(0, 8, 101), **kw):
    """An audio m-line with PCMU/PCMA and telephone-event by default."""
    rtpmap = kw.pop("rtpmap", {})
    fmtp = kw.pop("fmtp", {})
    if 101 in pts:
        rtpmap.setdefault(101, "telephone-event/8000")
        fmtp.setdefault(101, "0-16")
    return Media("audio", port, pts, rtpmap=rtpmap, fmtp=fmtp, **kw)


def video(port, pts=(96,), **kw):
    rtpmap = kw.pop("rtpmap", {96: "H264/90000"})
    fmtp = kw.pop("fmtp", {96: "profile-level-id=42e01f;packetization-mode=1"})
    return Media("video", port, pts, rtpmap=rtpmap, fmtp=fmtp, **kw)
