"""STUN / ICE captures (stunverify)."""

import struct

from . import stun as st
from .common import PROXY_IP, STUN_IP, send, tid, rtp_flow
from .pcap import Capture
from .registry import Doc, capture
from .rtp import RtpStream
from .sip import Candidate, Dialog, UA, audio, ice_priority, sdp

SRV = (STUN_IP, 3478)
SOFTWARE = st.software("sipscope-gen stun")


def binding_request(t_id, attrs=(), key=None, fingerprint=True, integrity="sha1"):
    return st.message(st.BINDING, st.REQUEST, t_id, list(attrs), key=key, fingerprint=fingerprint,
                      integrity=integrity)


def binding_response(t_id, mapped=None, xor=None, attrs=(), key=None, fingerprint=True, integrity="sha1"):
    a = []
    if xor:
        a.append(st.xor_mapped_address(xor[0], xor[1], t_id))
    if mapped:
        a.append(st.mapped_address(mapped[0], mapped[1]))
    a += list(attrs)
    return st.message(st.BINDING, st.SUCCESS, t_id, a, key=key, fingerprint=fingerprint, integrity=integrity)


def _hp(ep):
    ip, port = ep
    return ("[%s]:%d" if ":" in ip else "%s:%d") % (ip, port)


@capture("gen-stun-alg.pcap", "stunverify")
def stun_alg():
    cap = Capture("gen-stun-alg")
    client = ("10.0.0.5", 5062)
    public = ("203.0.113.9", 40000)
    t1 = tid("alg-1")
    cap.udp(client, SRV, binding_request(t1, [SOFTWARE]), t=0, label="req1")
    # the server answered XOR=public and MAPPED=public; an ALG in the NAT rewrote MAPPED back to the
    # private address on the way in (it does not understand XOR-MAPPED-ADDRESS)
    resp = binding_response(t1, mapped=client, xor=public, attrs=[SOFTWARE])
    cap.udp(SRV, client, resp, dt=20, label="resp1")
    client2 = ("10.0.0.5", 5064)
    public2 = ("203.0.113.9", 40004)
    t2 = tid("alg-2")
    cap.udp(client2, SRV, binding_request(t2, [SOFTWARE]), t=1000, label="req2")
    cap.udp(SRV, client2, binding_response(t2, xor=public2, attrs=[SOFTWARE]), dt=20, label="resp2")
    return Doc(cap, "NAT with a STUN-unaware ALG, captured on the private side: the Binding response's "
               "XOR-MAPPED-ADDRESS says 203.0.113.9:40000 but MAPPED-ADDRESS was rewritten by the ALG to the "
               "client's private 10.0.0.5:5062. A second transaction carries XOR-MAPPED-ADDRESS only.",
               [("req1", "Binding request 10.0.0.5:5062 -> 198.51.100.3:3478"),
                ("resp1", "Binding success: XOR-MAPPED 203.0.113.9:40000, MAPPED 10.0.0.5:5062 (rewritten)"),
                ("req2", "Binding request 10.0.0.5:5064"),
                ("resp2", "Binding success: XOR-MAPPED 203.0.113.9:40004 only")],
               ["frame {resp1}: `stunverify.request == {req1}`, `stunverify.observed == \"10.0.0.5:5062\"`, "
                "`stunverify.mapped == \"203.0.113.9:40000\"` (XOR wins), `stunverify.xor_consistent == 0` "
                "(expert: payload rewritten, e.g. ALG), `stunverify.translated == 1`, "
                "`stunverify.role == \"server-reflexive-discovery\"`, `stunverify.integrity == \"absent\"`",
                "frame {req1}: `stunverify.response == {resp1}`",
                "frame {resp2}: `stunverify.mapped == \"203.0.113.9:40004\"`, `stunverify.translated == 1`, "
                "`stunverify.xor_consistent` absent (no MAPPED-ADDRESS to compare)",
                "FINGERPRINT valid on every message (the ALG rewrite happened before the server computed it "
                "in this synthetic capture)"],
               ["tshark 4.0.17: `stun.att.ipv4` on frame {resp1} holds 203.0.113.9 (generated, from XOR) and "
                "10.0.0.5 (MAPPED), `stun.att.port` 40000 and 5062"])


@capture("gen-stun-ipv6.pcap", "stunverify")
def stun_ipv6():
    cap = Capture("gen-stun-ipv6")
    srv = ("2001:db8:2::3", 3478)
    c1 = ("2001:db8:1::5", 50000)
    t1 = tid("v6-1")
    cap.udp(c1, srv, binding_request(t1, [SOFTWARE]), t=0, label="req1")
    cap.udp(srv, c1, binding_response(t1, mapped=c1, xor=c1, attrs=[SOFTWARE]), dt=15, label="resp1")
    c2 = ("2001:db8:1::5", 50002)
    nat = ("2001:db8:ffff::5", 50002)      # behind an NPTv6 prefix translator
    t2 = tid("v6-2")
    cap.udp(c2, srv, binding_request(t2, [SOFTWARE]), t=1000, label="req2")
    cap.udp(srv, c2, binding_response(t2, xor=nat, attrs=[SOFTWARE]), dt=15, label="resp2")
    return Doc(cap, "STUN over IPv6: a Binding transaction with XOR-MAPPED-ADDRESS (IPv6, XORed with cookie "
               "and transaction ID) and MAPPED-ADDRESS agreeing with the source; a second one from another port "
               "where an NPTv6 translator changed the prefix.",
               [("req1", "Binding request [2001:db8:1::5]:50000 -> [2001:db8:2::3]:3478"),
                ("resp1", "success: XOR-MAPPED = MAPPED = [2001:db8:1::5]:50000"),
                ("req2", "Binding request [2001:db8:1::5]:50002"),
                ("resp2", "success: XOR-MAPPED [2001:db8:ffff::5]:50002")],
               ["frame {resp1}: `stunverify.request == {req1}`, `stunverify.mapped == \"[2001:db8:1::5]:50000\"`, "
                "`stunverify.observed == \"[2001:db8:1::5]:50000\"`, `stunverify.xor_consistent == 1`, "
                "`stunverify.translated == 0`",
                "frame {resp2}: `stunverify.mapped == \"[2001:db8:ffff::5]:50002\"`, `stunverify.translated == 1`",
                "address strings use the bracketed `[v6]:port` form"],
               ["tshark 4.0.17 decodes the IPv6 XOR address (`stun.att.ipv6`, generated) correctly"])


@capture("gen-stun-classic.pcap", "stunverify")
def stun_classic():
    cap = Capture("gen-stun-classic")
    client = ("10.0.0.5", 5062)
    public = ("203.0.113.9", 5062)
    alt = ("198.51.100.4", 3479)
    # RFC 3489 transaction IDs are 128 bits with no magic cookie
    t1 = tid("classic-1", 16)
    t2 = tid("classic-2", 16)
    change = lambda flags: st.attr(st.CHANGE_REQUEST, struct.pack("!I", flags))  # noqa: E731
    cap.udp(client, SRV, st.message(st.BINDING, st.REQUEST, t1, [change(0)], classic=True), t=0, label="req1")
    r1 = st.message(st.BINDING, st.SUCCESS, t1, [
        st.mapped_address(*public),
        st.attr(st.SOURCE_ADDRESS, st.address_value(*SRV)),
        st.attr(st.CHANGED_ADDRESS, st.address_value(*alt)),
    ], classic=True)
    cap.udp(SRV, client, r1, dt=20, label="resp1")
    # test II: change IP and port: the answer comes from the alternate address
    cap.udp(client, SRV, st.message(st.BINDING, st.REQUEST, t2, [change(6)], classic=True), t=500, label="req2")
    r2 = st.message(st.BINDING, st.SUCCESS, t2, [
        st.mapped_address(*public),
        st.attr(st.SOURCE_ADDRESS, st.address_value(*alt)),
        st.attr(st.CHANGED_ADDRESS, st.address_value(*alt)),
    ], classic=True)
    cap.udp(alt, client, r2, dt=20, label="resp2")
    return Doc(cap, "Classic RFC 3489 STUN (128-bit transaction ID, no magic cookie), MAPPED-ADDRESS only. "
               "Test I from the primary address; test II (CHANGE-REQUEST change IP+port) answered from the "
               "alternate address 198.51.100.4:3479. Captured on the private side of a NAT.",
               [("req1", "Binding request (CHANGE-REQUEST 0) 10.0.0.5:5062 -> 198.51.100.3:3478"),
                ("resp1", "Binding response: MAPPED 203.0.113.9:5062, SOURCE-ADDRESS, CHANGED-ADDRESS"),
                ("req2", "Binding request (CHANGE-REQUEST change IP and port)"),
                ("resp2", "Binding response from 198.51.100.4:3479 (other 5-tuple)")],
               ["frame {resp1}: `stunverify.request == {req1}`, `stunverify.mapped == \"203.0.113.9:5062\"` "
                "(from MAPPED-ADDRESS), `stunverify.observed == \"10.0.0.5:5062\"`, `stunverify.translated == 1`",
                "frame {resp2}: `stunverify.request == {req2}` although it comes from another address "
                "(pairing by transaction ID across conversations), `stunverify.mapped == \"203.0.113.9:5062\"`",
                "no XOR-MAPPED-ADDRESS: `stunverify.xor_consistent` absent"],
               ["tshark 4.0.17 hands cookie-less messages to the `classicstun` dissector (column CLASSIC-STUN, "
                "fields `classicstun.*`: `classicstun.id`, `classicstun.type`, `classicstun.att.type`, "
                "`classicstun.att.ipv4`, `classicstun.att.port`, `classicstun.response_in`/`_to` with underscores), "
                "not to `stun`: a plugin reading only `stun.*` fields sees nothing here",
                "tshark 4.0.17: MAPPED-, SOURCE- and CHANGED-ADDRESS all land in the same flat "
                "`classicstun.att.ipv4`/`.port` arrays (frame {resp1}: 203.0.113.9,198.51.100.3,198.51.100.4); "
                "attribute them by `classicstun.att.type` order or offset",
                "tshark 4.0.17 pairs classic transactions per conversation only: frame {resp2} (from the "
                "alternate address) gets no `classicstun.response_to`"])


@capture("gen-stun-tcp.pcap", "stunverify")
def stun_tcp():
    cap = Capture("gen-stun-tcp")
    client = ("192.0.2.10", 50001)
    t1, t2 = tid("tcp-1"), tid("tcp-2")
    conn = cap.tcp_conn(client, SRV, isn_client=100000, isn_server=900000, t=0, label="syn")
    q1 = binding_request(t1, [SOFTWARE])
    q2 = binding_request(t2, [SOFTWARE, st.attr(st.PRIORITY, struct.pack("!I", 1))])
    conn.send(True, q1 + q2, dt=1, label="reqs")
    p1 = binding_response(t1, xor=client, mapped=client, attrs=[SOFTWARE])
    p2 = binding_response(t2, xor=client, attrs=[SOFTWARE])
    both = p1 + p2
    cut = len(p1) + 10
    conn.send_split(False, both, [cut], dt=10, labels=["resp1", "resp2"])
    conn.ack(True, dt=1)
    return Doc(cap, "STUN over TCP (RFC 5389 section 7.2.2, no framing): the client sends two Binding requests "
               "in one segment; the server's two responses are coalesced into a stream split in the middle of "
               "the second response (segment 1: response 1 + the first 10 bytes of response 2).",
               [("syn", "TCP SYN (handshake: 3 frames)"), ("reqs", "one segment: Binding request A + Binding request B"),
                ("resp1", "segment: response A + 10 bytes of response B"),
                ("resp2", "segment: rest of response B")],
               ["frame {reqs}: two STUN messages (two transaction IDs) in one frame; both requests must be "
                "recognised",
                "frame {resp1}: response A, `stunverify.request == {reqs}`, `stunverify.mapped == "
                "\"192.0.2.10:50001\"`, `stunverify.translated == 0`, `stunverify.xor_consistent == 1`",
                "frame {resp2}: response B (reassembled), `stunverify.request == {reqs}`, "
                "`stunverify.mapped == \"192.0.2.10:50001\"`"],
               ["tshark 4.0.17 decodes both messages of frame {reqs} and reassembles response B in frame {resp2} "
                "(STUN over TCP via the heuristic/port 3478, tcp_dissect_pdus)"])


# --------------------------------------------------------------------------
# ICE

ALICE_UFRAG, ALICE_PWD = "aliceUfrg", "alicePasswordForIce0001"
BOB_UFRAG, BOB_PWD = "bobUfrag", "bobPasswordForIceChecks1"


def _ice_call(cap, name, bad_request_key=False, bad_response_key=False):
    alice = UA("alice", "10.0.1.10", 5060, agent="sipscope-gen ICE/1.0")
    bob = UA("bob", "10.0.1.20", 5060, agent="sipscope-gen ICE/1.0")
    a_host, a_srflx = ("10.0.1.10", 40000), ("203.0.113.10", 41000)
    b_host, b_srflx = ("10.0.1.20", 50000), ("203.0.113.20", 51000)
    a_c = [Candidate("1", 1, a_host[0], a_host[1], "host"),
           Candidate("2", 1, a_srflx[0], a_srflx[1], "srflx", raddr=a_host[0], rport=a_host[1])]
    b_c = [Candidate("1", 1, b_host[0], b_host[1], "host"),
           Candidate("2", 1, b_srflx[0], b_srflx[1], "srflx", raddr=b_host[0], rport=b_host[1])]
    offer = sdp(a_srflx[0], [audio(a_srflx[1], (0, 8, 101), ice_ufrag=ALICE_UFRAG, ice_pwd=ALICE_PWD,
                                   candidates=a_c, attrs=["rtcp-mux"])], sess_id=4001)
    answer = sdp(b_srflx[0], [audio(b_srflx[1], (0, 101), ice_ufrag=BOB_UFRAG, ice_pwd=BOB_PWD,
                                    candidates=b_c, attrs=["rtcp-mux"])], sess_id=4002)
    d = Dialog(alice, bob, call_id="ice-%s@sipscope.test" % name)
    inv = d.invite(offer)
    send(cap, inv, alice.ep, bob.ep, label="invite", t=0)
    send(cap, d.response(inv, 100), bob.ep, alice.ep, label="trying", dt=2)
    send(cap, d.response(inv, 180), bob.ep, alice.ep, label="ringing", dt=30)
    ok = d.response(inv, 200, body=answer)
    send(cap, ok, bob.ep, alice.ep, label="ok", dt=1500)
    send(cap, d.ack(inv, ok), alice.ep, bob.ep, label="ack", dt=2)

    akey, bkey = st.short_term_key(ALICE_PWD), st.short_term_key(BOB_PWD)
    wrong = st.short_term_key("wrongPasswordForIce999")
    tb_a, tb_b = 0x0123456789ABCDEF, 0x0FEDCBA987654321

    def check(src, dst, user, key, controlling, t_id, use=False):
        attrs = [st.username(user), st.priority(ice_priority("prflx"))]
        attrs.append(st.ice_controlling(tb_a) if controlling else st.ice_controlled(tb_b))
        if use:
            attrs.append(st.use_candidate())
        return binding_request(t_id, attrs, key=key)

    def reply(t_id, mapped, key):
        return binding_response(t_id, xor=mapped, key=key)

    # alice (controlling) -> bob's srflx: no answer (the NAT drops it)
    t0 = tid(name + "-0")
    cap.udp(a_host, b_srflx, check(a_host, b_srflx, "%s:%s" % (BOB_UFRAG, ALICE_UFRAG), bkey, True, t0),
            dt=5, label="chk0")
    # alice -> bob host:host
    t1 = tid(name + "-1")
    cap.udp(a_host, b_host, check(a_host, b_host, "%s:%s" % (BOB_UFRAG, ALICE_UFRAG), bkey, True, t1),
            dt=20, label="chk1")
    cap.udp(b_host, a_host, reply(t1, a_host, bkey), dt=1, label="chk1r")
    # bob -> alice (triggered check)
    t2 = tid(name + "-2")
    k2 = wrong if bad_request_key else akey
    cap.udp(b_host, a_host, check(b_host, a_host, "%s:%s" % (ALICE_UFRAG, BOB_UFRAG), k2, False, t2),
            dt=1, label="chk2")
    if bad_request_key:
        err = st.message(st.BINDING, st.ERROR, t2, [st.error_code(401, "Unauthorized")], fingerprint=True)
        cap.udp(a_host, b_host, err, dt=1, label="chk2r")
        t2b = tid(name + "-2b")
        cap.udp(b_host, a_host, check(b_host, a_host, "%s:%s" % (ALICE_UFRAG, BOB_UFRAG), akey, False, t2b),
                dt=50, label="chk2b")
        cap.udp(a_host, b_host, reply(t2b, b_host, akey), dt=1, label="chk2br")
    else:
        cap.udp(a_host, b_host, reply(t2, b_host, akey), dt=1, label="chk2r")
    # alice nominates host:host
    t3 = tid(name + "-3")
    cap.udp(a_host, b_host, check(a_host, b_host, "%s:%s" % (BOB_UFRAG, ALICE_UFRAG), bkey, True, t3, use=True),
            dt=20, label="chk3")
    cap.udp(b_host, a_host, reply(t3, a_host, akey if bad_response_key else bkey), dt=1, label="chk3r")
    # media on the nominated pair
    start = cap.now + 20
    rtp_flow(cap, a_host, b_host, RtpStream(0xA11CE001, 0, seq0=1000, ts0=8000), start, 50, label="rtp_ab")
    rtp_flow(cap, b_host, a_host, RtpStream(0xB0B00001, 0, seq0=3000, ts0=24000), start + 7, 50, label="rtp_ba")
    cap.at(start + 1100)
    bye = d.request("BYE")
    send(cap, bye, alice.ep, bob.ep, label="bye", dt=0)
    send(cap, d.response(bye, 200), bob.ep, alice.ep, label="byeok", dt=2)


_ICE_FRAMES = [
    ("invite", "INVITE, SDP offer: c=/m= 203.0.113.10:41000 (srflx default), ice-ufrag aliceUfrg, "
               "candidates host 10.0.1.10:40000 + srflx 203.0.113.10:41000"),
    ("trying", "100"), ("ringing", "180"),
    ("ok", "200 OK, SDP answer: c=/m= 203.0.113.20:51000, ice-ufrag bobUfrag, host 10.0.1.20:50000 + srflx"),
    ("ack", "ACK"),
    ("chk0", "check alice host -> bob srflx 203.0.113.20:51000 (never answered)"),
    ("chk1", "check alice -> bob host:host, USERNAME bobUfrag:aliceUfrg, MI keyed with bob's ice-pwd"),
    ("chk1r", "success, XOR-MAPPED 10.0.1.10:40000, MI keyed with bob's ice-pwd"),
    ("chk2", "check bob -> alice, USERNAME aliceUfrg:bobUfrag, MI keyed with alice's ice-pwd"),
    ("chk2r", "its response"),
]


@capture("gen-ice-call.pcap", "stunverify")
def ice_call():
    cap = Capture("gen-ice-call")
    _ice_call(cap, "call")
    frames = _ICE_FRAMES + [
        ("chk3", "nominating check alice -> bob with USE-CANDIDATE"), ("chk3r", "success"),
        ("rtp_ab_first-rtp_ab_last", "RTP alice 10.0.1.10:40000 -> bob 10.0.1.20:50000 (50 packets, PCMU, "
                                     "interleaved with the reverse stream)"),
        ("rtp_ba_first-rtp_ba_last", "RTP bob -> alice (50 packets)"),
        ("bye", "BYE"), ("byeok", "200 OK")]
    return Doc(cap, "A SIP call whose SDPs carry ICE (ice-ufrag/ice-pwd, host + srflx candidates, the srflx "
               "candidate as default c=/m=), then ICE connectivity checks between the media peers "
               "(short-term credentials: USERNAME = receiver-ufrag:sender-ufrag, MESSAGE-INTEGRITY keyed with "
               "the receiving agent's ice-pwd, responses keyed with the same password, FINGERPRINT), then RTP on "
               "the nominated host:host pair, then BYE. ICE passwords: aliceUfrg/`%s`, bobUfrag/`%s`."
               % (ALICE_PWD, BOB_PWD), frames,
               ["frames {chk1}, {chk1r}, {chk2}, {chk2r}, {chk3}, {chk3r}: `stunverify.integrity == \"valid\"`, "
                "`stunverify.ice_call == 1`, `stunverify.role == \"connectivity-check\"`",
                "frame {chk0}: `stunverify.integrity == \"valid\"`, `stunverify.response` absent (unanswered)",
                "frame {chk1r}: `stunverify.request == {chk1}`, `stunverify.mapped == \"10.0.1.10:40000\"`, "
                "`stunverify.translated == 0`; frame {chk3r}: `stunverify.request == {chk3}`",
                "RTP: `mediabind.call == 1`, `mediabind.addr_match == 1` via the host candidate "
                "(`mediabind.candidate == \"host\"`), although `mediabind.sdp_addr` is the srflx default "
                "(203.0.113.20:51000 / 203.0.113.10:41000); `mediabind.phase == \"established\"`, codec PCMU/8000",
                "sipdialog: call 1 `answered`, hangup_by caller"],
               ["tshark 4.0.17: the SDP sets up RTP conversations only for the c=/m= (srflx) addresses, so the "
                "host:host media is shown as plain UDP (use `--enable-heuristic rtp_udp` to see RTP); "
                "`stun.response-in/-to` do pair these checks here because no SDP conversation covers the host "
                "5-tuple (compare pitfall 11)"])


@capture("gen-ice-call-badpwd.pcap", "stunverify")
def ice_call_badpwd():
    cap = Capture("gen-ice-call-badpwd")
    _ice_call(cap, "badpwd", bad_request_key=True, bad_response_key=True)
    frames = _ICE_FRAMES[:-2] + [
        ("chk2", "check bob -> alice, USERNAME aliceUfrg:bobUfrag, MI computed with a WRONG key"),
        ("chk2r", "error response 401 Unauthorized (no MESSAGE-INTEGRITY)"),
        ("chk2b", "retry bob -> alice with the right key (alice's ice-pwd)"), ("chk2br", "success"),
        ("chk3", "nominating check alice -> bob (USE-CANDIDATE), MI with bob's pwd"),
        ("chk3r", "success response whose MI is keyed with alice's pwd instead of bob's (wrong)"),
        ("rtp_ab_first-rtp_ab_last", "RTP alice -> bob (50)"), ("rtp_ba_first-rtp_ba_last", "RTP bob -> alice (50)"),
        ("bye", "BYE"), ("byeok", "200 OK")]
    return Doc(cap, "Same call as gen-ice-call.pcap, but one check's MESSAGE-INTEGRITY is computed with a "
               "wrong key (answered 401), retried correctly, and the nominating check's response is keyed with "
               "the wrong agent's password. ICE passwords: aliceUfrg/`%s`, bobUfrag/`%s`." % (ALICE_PWD, BOB_PWD),
               frames,
               ["frame {chk2}: `stunverify.integrity == \"invalid\"` (expert warning), `stunverify.ice_call == 1`",
                "frame {chk2r}: error response, `stunverify.request == {chk2}`, `stunverify.integrity == \"absent\"`",
                "frame {chk2b}, {chk2br}: `stunverify.integrity == \"valid\"`",
                "frame {chk3}: `valid`; frame {chk3r}: `stunverify.integrity == \"invalid\"` (a response must be "
                "keyed with the same password as its request: bob's)",
                "frames {chk1}, {chk1r}, {chk0}: `valid`"],
               ["tshark 4.0.17 does not verify MESSAGE-INTEGRITY; FINGERPRINT (`stun.att.crc32.status`) is good "
                "on every message, including the ones with a wrong HMAC"])


@capture("gen-stun-used.pcap", "stunverify")
def stun_used():
    cap = Capture("gen-stun-used")
    alice = UA("alice", "10.0.0.5", 5060, agent="sipscope-gen NAT/1.0")
    bob = UA("bob", "198.51.100.50", 5060)
    proxy_ep = (PROXY_IP, 5060)
    rtp_priv, rtp_pub = ("10.0.0.5", 5062), ("203.0.113.9", 40000)
    alt_priv, alt_pub = ("10.0.0.5", 5063), ("203.0.113.9", 40002)
    t1, t2 = tid("used-1"), tid("used-2")
    cap.udp(rtp_priv, SRV, binding_request(t1, [SOFTWARE]), t=0, label="req1")
    cap.udp(SRV, rtp_priv, binding_response(t1, xor=rtp_pub, mapped=rtp_pub, attrs=[SOFTWARE]), dt=25,
            label="resp1")
    cap.udp(alt_priv, SRV, binding_request(t2, [SOFTWARE]), dt=5, label="req2")
    cap.udp(SRV, alt_priv, binding_response(t2, xor=alt_pub, mapped=alt_pub, attrs=[SOFTWARE]), dt=25,
            label="resp2")
    d = Dialog(alice, bob, call_id="stun-used@sipscope.test", ruri="sip:bob@sipscope.test")
    offer = sdp(rtp_pub[0], [audio(rtp_pub[1], (8, 101))], sess_id=5001)
    inv = d.invite(offer)
    send(cap, inv, alice.ep, proxy_ep, label="invite", t=500)
    send(cap, d.response(inv, 100), proxy_ep, alice.ep, label="trying", dt=3)
    answer = sdp(bob.ip, [audio(30000, (8, 101))], sess_id=5002)
    ok = d.response(inv, 200, body=answer)
    send(cap, ok, proxy_ep, alice.ep, label="ok", dt=2000)
    send(cap, d.ack(inv, ok), alice.ep, proxy_ep, label="ack", dt=2)
    start = cap.now + 20
    rtp_flow(cap, rtp_priv, (bob.ip, 30000), RtpStream(0xA11CE002, 8, seq0=100, ts0=1600), start, 25, label="rtp_ab")
    rtp_flow(cap, (bob.ip, 30000), rtp_priv, RtpStream(0xB0B00002, 8, seq0=500, ts0=3200), start + 9, 25,
             label="rtp_ba")
    cap.at(start + 600)
    bye = d.request("BYE")
    send(cap, bye, alice.ep, proxy_ep, label="bye", dt=0)
    send(cap, d.response(bye, 200), proxy_ep, alice.ep, label="byeok", dt=3)
    return Doc(cap, "The SPEC's NAT scenario, captured on the private side: the softphone 10.0.0.5 asks a STUN "
               "server twice, learns 203.0.113.9:40000 (for local 5062) and 203.0.113.9:40002 (for local 5063), "
               "then sends an INVITE whose SDP advertises c=203.0.113.9 m=audio 40000; RTP then flows from "
               "10.0.0.5:5062. The :40002 mapping is never used.",
               [("req1", "Binding request from 10.0.0.5:5062"), ("resp1", "mapped 203.0.113.9:40000"),
                ("req2", "Binding request from 10.0.0.5:5063"), ("resp2", "mapped 203.0.113.9:40002"),
                ("invite", "INVITE via the proxy, SDP c=IN IP4 203.0.113.9, m=audio 40000"),
                ("trying", "100"), ("ok", "200 OK, SDP 198.51.100.50:30000"), ("ack", "ACK"),
                ("rtp_ab_first-rtp_ab_last", "RTP 10.0.0.5:5062 -> 198.51.100.50:30000 (25, PCMA)"),
                ("rtp_ba_first-rtp_ba_last", "RTP 198.51.100.50:30000 -> 10.0.0.5:5062 (25)"),
                ("bye", "BYE"), ("byeok", "200 OK")],
               ["frame {resp1}: `stunverify.mapped == \"203.0.113.9:40000\"`, `stunverify.observed == "
                "\"10.0.0.5:5062\"`, `stunverify.translated == 1`, `stunverify.xor_consistent == 1`, "
                "`stunverify.used_in == {invite}` (SDP c=/m=), `stunverify.role == \"server-reflexive-discovery\"`",
                "frame {resp2}: `stunverify.mapped == \"203.0.113.9:40002\"`, `stunverify.translated == 1`, "
                "`stunverify.used_in` absent (never advertised)",
                "RTP bob -> alice arrives at 10.0.0.5:5062 (after the NAT) while SDP announced 203.0.113.9:40000: "
                "`mediabind.addr_match == 0` for that direction (explained by the STUN mapping), "
                "`mediabind.addr_match == 1` for alice -> bob"],
               ["tshark 4.0.17 decodes the bob -> alice packets as RTP (the SDP conversation for "
                "198.51.100.50:30000 matches either direction), and alice -> bob as RTP too"])


@capture("gen-stun-malformed.pcap", "stunverify")
def stun_malformed():
    cap = Capture("gen-stun-malformed")
    c = ("192.0.2.10", 51000)
    # 1. attribute length past the end of the message (header length itself consistent)
    t1 = tid("mal-1")
    body = struct.pack("!HH", st.USERNAME, 0x0100) + b"evil:usr"
    m1 = struct.pack("!HHI", 0x0001, len(body), st.MAGIC) + t1 + body
    cap.udp(c, SRV, m1, t=0, label="attrpast")
    # 2. truncated XOR-MAPPED-ADDRESS (length 6: family, port, 2 address bytes)
    t2 = tid("mal-2")
    cap.udp(c, SRV, binding_request(t2), t=100, label="req2")
    xv = st.xor_address_value("203.0.113.9", 40000, t2)[:6]
    cap.udp(SRV, c, st.message(st.BINDING, st.SUCCESS, t2, [st.attr(st.XOR_MAPPED_ADDRESS, xv)]), dt=10,
            label="truncxor")
    # 3. unknown address family 0x03
    t3 = tid("mal-3")
    cap.udp(c, SRV, binding_request(t3), t=200, label="req3")
    cap.udp(SRV, c, st.message(st.BINDING, st.SUCCESS, t3,
                               [st.xor_mapped_address("203.0.113.9", 40000, t3, family=3)]), dt=10, label="fam3")
    # 4. MAPPED-ADDRESS claims IPv6 with a 4-byte address
    t4 = tid("mal-4")
    cap.udp(c, SRV, binding_request(t4), t=300, label="req4")
    cap.udp(SRV, c, st.message(st.BINDING, st.SUCCESS, t4, [st.mapped_address("203.0.113.9", 40000, family=2)]),
            dt=10, label="fam6short")
    # 5. message length not a multiple of 4 (unpadded 6-byte SOFTWARE)
    t5 = tid("mal-5")
    body = struct.pack("!HH", st.SOFTWARE, 6) + b"odd-sw"
    cap.udp(c, SRV, struct.pack("!HHI", 0x0001, len(body), st.MAGIC) + t5 + body, t=400, label="oddlen")
    # 6. MESSAGE-INTEGRITY of 10 bytes
    t6 = tid("mal-6")
    cap.udp(c, SRV, st.message(st.BINDING, st.REQUEST, t6, [st.username("a:b"),
                                                           st.attr(st.MESSAGE_INTEGRITY, b"\x11" * 10)]),
            t=500, label="shortmi")
    # 7. wrong FINGERPRINT
    t7 = tid("mal-7")
    good = binding_request(t7, [SOFTWARE])
    cap.udp(c, SRV, good[:-4] + bytes(b ^ 0xFF for b in good[-4:]), t=600, label="badfp")
    # 8. header length larger than the datagram
    t8 = tid("mal-8")
    m8 = st.message(st.BINDING, st.REQUEST, t8, [SOFTWARE], length_adjust=64)
    cap.udp(c, SRV, m8, t=700, label="toolong")
    # 9. zero-length attribute list with a MESSAGE-INTEGRITY-SHA256 of 16 bytes (legal truncation) + FP
    t9 = tid("mal-9")
    cap.udp(c, SRV, st.message(st.BINDING, st.REQUEST, t9, [st.username("x:y")], key=b"k", integrity="sha256",
                               sha256_len=16, fingerprint=True), t=800, label="sha256trunc")
    return Doc(cap, "Malformed STUN (must not crash, hang or read out of bounds), all to 198.51.100.3:3478.",
               [("attrpast", "Binding request: USERNAME length 256 runs past the end of the message"),
                ("req2", "Binding request"), ("truncxor", "success with XOR-MAPPED-ADDRESS of length 6 (truncated)"),
                ("req3", "Binding request"), ("fam3", "success with XOR-MAPPED-ADDRESS family 0x03 (unknown)"),
                ("req4", "Binding request"), ("fam6short", "success with MAPPED-ADDRESS family IPv6, length 8"),
                ("oddlen", "request with message length 10 (not a multiple of 4)"),
                ("shortmi", "request with a 10-byte MESSAGE-INTEGRITY"),
                ("badfp", "request with a wrong FINGERPRINT"),
                ("toolong", "request whose header length exceeds the datagram by 64 bytes"),
                ("sha256trunc", "request with MESSAGE-INTEGRITY-SHA256 truncated to 16 bytes (legal, key `k`) "
                                "+ FINGERPRINT")],
               ["no crash or hang; expert infos on each malformed item; no `stunverify.mapped` from a truncated "
                "or unknown-family address",
                "frames {truncxor}, {fam3}, {fam6short}: paired with their requests by transaction ID",
                "frame {shortmi}: `stunverify.integrity == \"invalid\"` or malformed, never `valid`",
                "frame {badfp}: FINGERPRINT bad (tshark itself flags `stun.att.crc32.bad`)",
                "frame {sha256trunc}: `stunverify.integrity` `no-key` (or `valid` if key `k` is known)"],
               ["tshark 4.0.17, frame {attrpast}: the USERNAME length is shown as \"bogus, goes past the end of "
                "the message\"; no `stun.att.username`",
                "tshark 4.0.17, frame {toolong}: NOT dissected as STUN (header length != UDP payload length), "
                "shown as plain UDP data",
                "tshark 4.0.17, frame {oddlen}: STUN with expert \"Packet length is not multiple of 4 bytes\" "
                "(Error/Malformed, so `_ws.malformed` matches)",
                "tshark 4.0.17, frames {truncxor}, {fam3}, {fam6short}: `stun.att.port` (generated 40000 for the "
                "XOR ones) is present but no `stun.att.ipv4`/`ipv6`: never assume port and address come in pairs",
                "tshark 4.0.17, frame {shortmi}: a MESSAGE-INTEGRITY of the wrong length gets no `stun.att.hmac`",
                "tshark 4.0.17, frame {sha256trunc}: MESSAGE-INTEGRITY-SHA256 is named but its value is only the "
                "generic `stun.value`; FINGERPRINT is `[correct]`",
                "tshark 4.0.17, frame {badfp}: expert `stun.att.crc32.bad` \"Bad Fingerprint\""])
