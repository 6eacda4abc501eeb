"""Self-test of the generator library against published vectors.

STUN: RFC 5769 sections 2.1-2.4 (byte-exact rebuild: MESSAGE-INTEGRITY and
FINGERPRINT), RFC 8489 appendix B.1 (USERHASH and MESSAGE-INTEGRITY-SHA256).
Digest: RFC 2617 3.5, RFC 2069 2.4 (erratum-corrected value), RFC 7616 3.9.1
(MD5, SHA-256) and 3.9.2 (SHA-512-256 with userhash, erratum 4897 values).
Plus framing checks (IP/UDP/TCP checksums verified independently).
"""

import hashlib
import struct

from . import digest, pcap, stun

TID_5769 = bytes.fromhex("b7e7a701bc34d686fa87dfae")
PWD_5769 = "VOkJxbRl1RmTxUk/WvJxBt"

RFC5769_REQUEST = bytes.fromhex(
    "00010058" "2112a442" "b7e7a701bc34d686fa87dfae"
    "80220010" "5354554e20746573742063" "6c69656e74"
    "00240004" "6e0001ff"
    "80290008" "932ff9b151263b36"
    "00060009" "6576746a3a68367659202020"
    "00080014" "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
    "80280004" "e57a3bcf")

RFC5769_RESPONSE_V4 = bytes.fromhex(
    "0101003c" "2112a442" "b7e7a701bc34d686fa87dfae"
    "8022000b" "7465737420766563746f7220"
    "00200008" "0001a147e112a643"
    "00080014" "2b91f599fd9e90c38c7489f92af9ba53f06be7d7"
    "80280004" "c07d4c96")

RFC5769_RESPONSE_V6 = bytes.fromhex(
    "01010048" "2112a442" "b7e7a701bc34d686fa87dfae"
    "8022000b" "7465737420766563746f7220"
    "00200014" "0002a1470113a9faa5d3f179bc25f4b5bed2b9d9"
    "00080014" "a382954e4be67bf11784c97c8292c275bfe3ed41"
    "80280004" "c8fb0b4c")

TID_LT = bytes.fromhex("78ad3433c6ad72c029da412e")
USER_LT = "\u30de\u30c8\u30ea\u30c3\u30af\u30b9"
RFC5769_REQUEST_LT = bytes.fromhex(
    "00010060" "2112a442" "78ad3433c6ad72c029da412e"
    "00060012" "e3839ee38388e383aae38383e382afe382b90000"
    "0015001c" "662f2f3439396b39353464364f4c33346f4c394653547679363473" "41"
    "0014000b" "6578616d706c652e6f726700"
    "00080014" "f67024656dd64a3e02b8e0712e85c9a28ca89666")

RFC8489_B1 = bytes.fromhex(
    "00010088" "2112a442" "78ad3433c6ad72c029da412e"
    "001e0020" "4a3cf38fef6992bda952c6780417da0f24819415569e60b205c46e41407f1704"
    "00150029" "6f624d61744a6f73324141414366"
    "2f2f3439396b39353464364f4c33346f4c39465354767936347341000000"
    "0014000b" "6578616d706c652e6f726700"
    "001c0020" "fd8c273860d2e18ebca4c89b6973befa7ee8ecc69e9642db326fab65a0b955ba")


def _stun_vectors():
    res = []
    key = stun.short_term_key(PWD_5769)
    # 2.1 sample request (short-term credential; USERNAME padded with spaces)
    req = stun.message(stun.BINDING, stun.REQUEST, TID_5769, [
        stun.software("STUN test client"),
        stun.priority(0x6E0001FF),
        stun.ice_controlled(0x932FF9B151263B36),
        stun.username("evtj:h6vY", pad=b" "),
    ], key=key, fingerprint=True)
    res.append(("RFC 5769 2.1 sample request (MESSAGE-INTEGRITY, FINGERPRINT)", req == RFC5769_REQUEST))
    # 2.2 IPv4 response
    r4 = stun.message(stun.BINDING, stun.SUCCESS, TID_5769, [
        stun.software("test vector", pad=b" "),
        stun.xor_mapped_address("192.0.2.1", 32853, TID_5769),
    ], key=key, fingerprint=True)
    res.append(("RFC 5769 2.2 IPv4 response (XOR-MAPPED-ADDRESS)", r4 == RFC5769_RESPONSE_V4))
    # 2.3 IPv6 response
    r6 = stun.message(stun.BINDING, stun.SUCCESS, TID_5769, [
        stun.software("test vector", pad=b" "),
        stun.xor_mapped_address("2001:db8:1234:5678:11:2233:4455:6677", 32853, TID_5769),
    ], key=key, fingerprint=True)
    res.append(("RFC 5769 2.3 IPv6 response (XOR-MAPPED-ADDRESS IPv6)", r6 == RFC5769_RESPONSE_V6))
    # decode direction
    _, _, _, _, attrs = stun.parse(RFC5769_RESPONSE_V6)
    xa = [v for t, v, _ in attrs if t == stun.XOR_MAPPED_ADDRESS][0]
    res.append(("RFC 5769 2.3 XOR-MAPPED-ADDRESS decodes to [2001:db8:1234:5678:11:2233:4455:6677]:32853",
                stun.decode_xor_address(xa, TID_5769) == ("2001:db8:1234:5678:11:2233:4455:6677", 32853)))
    chk = stun.check_integrity(RFC5769_REQUEST, key)
    res.append(("RFC 5769 2.1 verify(MESSAGE-INTEGRITY, FINGERPRINT)",
                chk == {"MESSAGE-INTEGRITY": True, "FINGERPRINT": True}))
    # 2.4 long-term credentials (SASLprep of the password already applied: TheMatrIX)
    ltk = stun.long_term_key(USER_LT, "example.org", "TheMatrIX")
    lt = stun.message(stun.BINDING, stun.REQUEST, TID_LT, [
        stun.username(USER_LT),
        stun.nonce("f//499k954d6OL34oL9FSTvy64sA"),
        stun.realm("example.org"),
    ], key=ltk)
    res.append(("RFC 5769 2.4 long-term request (MD5 key, MESSAGE-INTEGRITY)", lt == RFC5769_REQUEST_LT))
    # RFC 8489 B.1: USERHASH = SHA-256(username ":" realm); MESSAGE-INTEGRITY-SHA256
    uh = hashlib.sha256(("%s:%s" % (USER_LT, "example.org")).encode()).digest()
    b1 = stun.message(stun.BINDING, stun.REQUEST, TID_LT, [
        stun.attr(stun.USERHASH, uh),
        stun.nonce("obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA"),
        stun.realm("example.org"),
    ], key=ltk, integrity="sha256")
    res.append(("RFC 8489 B.1 USERHASH", b1[20:56] == RFC8489_B1[20:56]))
    res.append(("RFC 8489 B.1 MESSAGE-INTEGRITY-SHA256 (key MD5(user:realm:pw))", b1 == RFC8489_B1))
    # own round trip: SHA256 + SHA1 + FINGERPRINT verify
    rt = stun.message(stun.BINDING, stun.REQUEST, TID_5769, [stun.username("a:b")], key=key,
                      integrity="both", fingerprint=True)
    res.append(("round trip MESSAGE-INTEGRITY + MESSAGE-INTEGRITY-SHA256 + FINGERPRINT",
                stun.check_integrity(rt, key) == {"MESSAGE-INTEGRITY": True,
                                                  "MESSAGE-INTEGRITY-SHA256": True,
                                                  "FINGERPRINT": True}))
    res.append(("message type encoding (Binding success 0x0101, Allocate error 0x0113)",
                stun.msg_type(stun.BINDING, stun.SUCCESS) == 0x0101 and
                stun.msg_type(stun.ALLOCATE, stun.ERROR) == 0x0113))
    return res


def _digest_vectors():
    res = []
    r = digest.response("MD5", "Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
                        "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001",
                        "0a4f113b", "auth")
    res.append(("RFC 2617 3.5 MD5 qop=auth", r == "6629fae49393a05397450978507c4ef1"))
    r = digest.response("MD5", "Mufasa", "testrealm@host.com", "CircleOfLife", "GET",
                        "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093")
    # RFC 2069 prints e966c932a9242554e42c8ee200cec7f6; errata 749 gives the correct value
    res.append(("RFC 2069 2.4 MD5 no qop (erratum-corrected 1949323746fe6a43ef61f9606e7febea)",
                r == "1949323746fe6a43ef61f9606e7febea"))
    args = ("Mufasa", "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html",
            "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001",
            "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "auth")
    res.append(("RFC 7616 3.9.1 MD5", digest.response("MD5", *args) == "8ca523f5e9506fed4657c9700eebdbec"))
    res.append(("RFC 7616 3.9.1 SHA-256", digest.response("SHA-256", *args) ==
                "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"))
    user = "J\u00e4s\u00f8n Doe"
    uh = digest.userhash("SHA-512-256", user, "api@example.org")
    r = digest.response("SHA-512-256", user, "api@example.org", "Secret, or not?", "GET", "/doe.json",
                        "5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", "00000001",
                        "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v", "auth")
    res.append(("RFC 7616 3.9.2 SHA-512-256 userhash (erratum 4897 value)",
                uh == "793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b"))
    res.append(("RFC 7616 3.9.2 SHA-512-256 response (erratum 4897 value)",
                r == "3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5"))
    # structural checks of the -sess and auth-int formulas (no published SIP vectors)
    a1 = hashlib.md5(b"u:r:p").hexdigest()
    a1s = hashlib.md5(("%s:n:c" % a1).encode()).hexdigest()
    res.append(("MD5-sess HA1 = MD5(MD5(u:r:p):nonce:cnonce)",
                digest.ha1("MD5-sess", "u", "r", "p", "n", "c") == a1s))
    a2 = hashlib.sha256(("INVITE:sip:b@x:" + hashlib.sha256(b"v=0\r\n").hexdigest()).encode()).hexdigest()
    res.append(("auth-int HA2 = H(method:uri:H(body))",
                digest.ha2("SHA-256", "INVITE", "sip:b@x", "auth-int", b"v=0\r\n") == a2))
    return res


def _verify_l4(frame):
    """Recompute IP/UDP/TCP checksums of an Ethernet frame independently."""
    etype = struct.unpack("!H", frame[12:14])[0]
    ip = frame[14:]
    if etype == pcap.ETH_IPV4:
        ihl = (ip[0] & 15) * 4
        if pcap.inet_checksum(ip[:ihl]) != 0:
            return False
        proto, src, dst = ip[9], ip[12:16], ip[16:20]
        l4 = ip[ihl:struct.unpack("!H", ip[2:4])[0]]
        pseudo = src + dst + struct.pack("!xBH", proto, len(l4))
    else:
        proto, src, dst = ip[6], ip[8:24], ip[24:40]
        l4 = ip[40:40 + struct.unpack("!H", ip[4:6])[0]]
        pseudo = src + dst + struct.pack("!IxxxB", len(l4), proto)
    return pcap.inet_checksum(pseudo + l4) == 0


def _framing():
    res = []
    cap = pcap.Capture("selftest")
    cap.udp(("192.0.2.1", 5060), ("198.51.100.2", 5060), b"hello")
    cap.udp(("2001:db8::1", 5060), ("2001:db8::2", 5060), b"hello6")
    c = cap.tcp_conn(("192.0.2.1", 40000), ("198.51.100.2", 5060))
    c.send(True, b"abc")
    c.send(False, b"defg")
    c6 = cap.tcp_conn(("2001:db8::1", 40001), ("2001:db8::2", 5060))
    c6.send(True, b"x" * 5)
    ok = all(_verify_l4(f[2]) for f in cap.frames())
    res.append(("IPv4/IPv6 UDP/TCP checksums verify", ok))
    data = cap.to_bytes()
    res.append(("pcap global header (magic a1b2c3d4, v2.4, linktype 1)",
                data[:4] == bytes.fromhex("d4c3b2a1") and data[20:24] == b"\x01\0\0\0"))
    res.append(("first timestamp is 2026-01-01T00:00:00Z + 5 ms",
                struct.unpack("<II", data[24:32]) == (pcap.EPOCH_2026, 5000)))
    return res


def run(verbose=True):
    results = _stun_vectors() + _digest_vectors() + _framing()
    bad = 0
    for name, ok in results:
        if verbose:
            print("%s  %s" % ("PASS" if ok else "FAIL", name))
        bad += not ok
    if verbose:
        print("%d/%d passed" % (len(results) - bad, len(results)))
    return bad == 0
