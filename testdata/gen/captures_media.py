"""Media captures (mediabind): RTP/RTCP bound to SDP."""

import struct

from . import rtp as R
from .common import ALICE_IP, BOB_IP, rtcp_sr, rtp_flow, send
from .pcap import Capture
from .registry import Doc, capture
from .rtp import RtpStream
from .sip import Dialog, UA, audio, sdp, video

A_MEDIA = (ALICE_IP, 40000)
B_MEDIA = (BOB_IP, 30000)


def _uas(alice_ip=ALICE_IP):
    return (UA("alice", alice_ip, 5060, agent="sipscope-gen/1.0"),
            UA("bob", BOB_IP, 5060, agent="sipscope-gen/1.0"))


def _a_sdp(pts=(0, 8, 101), ip=ALICE_IP, port=40000, sess=8001, **kw):
    return sdp(ip, [audio(port, pts, **kw)], sess_id=sess)


def _b_sdp(pts=(0, 101), port=30000, sess=8002, **kw):
    return sdp(BOB_IP, [audio(port, pts, **kw)], sess_id=sess)


def _setup(cap, d, offer, answer, a_ep, b_ep, t=0, ring=50, answer_after=1500):
    inv = d.invite(offer)
    send(cap, inv, a_ep, b_ep, label="invite", t=t)
    send(cap, d.response(inv, 100), b_ep, a_ep, label="trying", dt=2)
    send(cap, d.response(inv, 180), b_ep, a_ep, label="ringing", dt=ring)
    ok = d.response(inv, 200, body=answer)
    send(cap, ok, b_ep, a_ep, label="ok", dt=answer_after)
    send(cap, d.ack(inv, ok), a_ep, b_ep, label="ack", dt=2)
    return inv


def _bye(cap, d, a_ep, b_ep, t, from_caller=True, ok_after=5):
    bye = d.request("BYE", from_caller=from_caller)
    src, dst = (a_ep, b_ep) if from_caller else (b_ep, a_ep)
    send(cap, bye, src, dst, label="bye", t=t)
    send(cap, d.response(bye, 200), dst, src, label="bye_ok", dt=ok_after)


SIG_FRAMES = [("invite", "INVITE (SDP offer)"), ("trying", "100"), ("ringing", "180"),
              ("ok", "200 OK (SDP answer)"), ("ack", "ACK")]


@capture("gen-media-early.pcap", "mediabind")
def media_early():
    cap = Capture("gen-media-early")
    alice, bob = _uas()
    d = Dialog(alice, bob, call_id="media-early@sipscope.test")
    offer, answer = _a_sdp(), _b_sdp()
    inv = d.invite(offer)
    send(cap, inv, alice.ep, bob.ep, label="invite", t=0)
    send(cap, d.response(inv, 100), bob.ep, alice.ep, label="trying", dt=2)
    send(cap, d.response(inv, 183, body=answer), bob.ep, alice.ep, label="p183", dt=60)
    t0 = cap.now + 20
    bstream = RtpStream(0xB0B08001, 0, seq0=2000, ts0=0)
    rtp_flow(cap, B_MEDIA, A_MEDIA, bstream, t0, 50, label="early")
    ok = d.response(inv, 200, body=answer)
    send(cap, ok, bob.ep, alice.ep, label="ok", t=t0 + 1000)
    send(cap, d.ack(inv, ok), alice.ep, bob.ep, label="ack", dt=2)
    t1 = cap.now + 10
    rtp_flow(cap, A_MEDIA, B_MEDIA, RtpStream(0xA11CE801, 0, seq0=100, ts0=0), t1, 50, label="a_est")
    # bob's stream continues (same SSRC, seq, ts) after the answer
    for k in range(50, 100):
        cap.udp(B_MEDIA, A_MEDIA, bstream.packet(k, marker=False), t=t0 + k * 20,
                label="b_est_first" if k == 50 else ("b_est_last" if k == 99 else None))
    _bye(cap, d, alice.ep, bob.ep, t=t0 + 2100)
    return Doc(cap, "Early media: 183 Session Progress with the SDP answer, then 1 s of RTP from bob (ringback, 50 "
               "packets) before the 200 OK; after 200/ACK both directions, bob's stream continuing with the same "
               "SSRC and sequence numbers; BYE.",
               [("invite", "INVITE (offer 0 8 101)"), ("trying", "100"), ("p183", "183 with SDP answer (0 101)"),
                ("early_first-early_last", "RTP bob -> alice before the 200 (50, early media)"),
                ("ok", "200 OK (same SDP)"), ("ack", "ACK"),
                ("b_est_first-b_est_last", "RTP bob -> alice after the 200 (50)"),
                ("a_est_first-a_est_last", "RTP alice -> bob (50)"), ("bye", "BYE"), ("bye_ok", "200 OK")],
               ["frames {early_first}..{early_last}: `mediabind.phase == \"early\"`, `mediabind.call == 1`, "
                "`mediabind.offer == {invite}`, `mediabind.answer == {p183}`, `mediabind.direction == "
                "\"callee->caller\"`, `mediabind.addr_match == 1`, `mediabind.codec == \"PCMU/8000\"`",
                "RTP after frame {ok}: `mediabind.phase == \"established\"`",
                "bob's stream: 100 packets, 0 lost, one stream across the phase change"],
               ["tshark 4.0.17 decodes the early RTP; `rtp.setup-frame` is {invite} on bob -> alice packets "
                "(alice's address, from the offer) but {p183} on alice -> bob packets (bob's address, from the "
                "answer in the 183): not always the offer frame"])


@capture("gen-media-after-bye.pcap", "mediabind")
def media_after_bye():
    cap = Capture("gen-media-after-bye")
    alice, bob = _uas()
    d = Dialog(alice, bob, call_id="media-after-bye@sipscope.test")
    _setup(cap, d, _a_sdp(), _b_sdp(), alice.ep, bob.ep)
    t0 = cap.now + 10
    rtp_flow(cap, A_MEDIA, B_MEDIA, RtpStream(0xA11CE802, 0, seq0=100), t0, 52, label="a")
    rtp_flow(cap, B_MEDIA, A_MEDIA, RtpStream(0xB0B08002, 0, seq0=200), t0 + 5, 65, label="b")
    # BYE after alice's 50th packet; alice has 2 more in flight, bob keeps sending 15 more (300 ms)
    _bye(cap, d, alice.ep, bob.ep, t=t0 + 50 * 20 - 10, ok_after=4)
    return Doc(cap, "RTP continuing after BYE: alice sends BYE after 1 s of media; 2 of her packets follow it, and "
               "bob keeps sending for 300 ms (15 packets) after the BYE, also after the 200 OK.",
               SIG_FRAMES + [("a_first-a_last", "RTP alice -> bob (52, the last 2 after the BYE)"),
                             ("b_first-b_last", "RTP bob -> alice (65, the last 15 after the BYE)"),
                             ("bye", "BYE from alice"), ("bye_ok", "200 OK")],
               ["RTP frames after {bye}: `mediabind.phase == \"after-bye\"` (17 packets: 2 alice -> bob, 15 bob -> "
                "alice), with an expert note; before it `established`",
                "sipdialog: outcome `answered`, `sipdialog.duration` = {dt:ack:bye}"],
               [])


@capture("gen-media-mismatch.pcap", "mediabind")
def media_mismatch():
    cap = Capture("gen-media-mismatch")
    priv, nat = "10.0.0.5", "203.0.113.9"
    alice = UA("alice", priv, 5060, agent="sipscope-gen NAT/1.0")
    bob = UA("bob", BOB_IP, 5060, agent="sipscope-gen/1.0")
    a_sig_pub = (nat, 5060)
    a_rtp_pub = (nat, 61000)            # NAT maps 10.0.0.5:40000 -> 203.0.113.9:61000
    d = Dialog(alice, bob, call_id="media-mismatch@sipscope.test")
    offer = _a_sdp(ip=priv, port=40000, sess=8003)
    _setup(cap, d, offer, _b_sdp(sess=8004), a_sig_pub, bob.ep)
    t0 = cap.now + 10
    rtp_flow(cap, a_rtp_pub, B_MEDIA, RtpStream(0xA11CE803, 0, seq0=300), t0, 50, label="a")
    bs = RtpStream(0xB0B08003, 0, seq0=400)
    # bob first sends to the SDP address (unreachable private address), then latches onto the source
    rtp_flow(cap, B_MEDIA, (priv, 40000), bs, t0 + 5, 3, label="b_sdp")
    for k in range(3, 50):
        cap.udp(B_MEDIA, a_rtp_pub, bs.packet(k), t=t0 + 5 + k * 20,
                label="b_latched_first" if k == 3 else ("b_latched_last" if k == 49 else None))
    _bye(cap, d, a_sig_pub, bob.ep, t=t0 + 1100)
    return Doc(cap, "Media address mismatch (NAT + latching), captured at bob (public side). alice is behind a NAT: "
               "her SDP says c=10.0.0.5 m=audio 40000, but her RTP arrives from 203.0.113.9:61000. bob first sends "
               "3 packets to the SDP address, then latches and sends to 203.0.113.9:61000.",
               [("invite", "INVITE from 203.0.113.9:5060 (Via 10.0.0.5), SDP c=10.0.0.5 m=40000"),
                ("trying", "100"), ("ringing", "180"), ("ok", "200 OK, SDP 203.0.113.20:30000"), ("ack", "ACK"),
                ("a_first-a_last", "RTP 203.0.113.9:61000 -> 203.0.113.20:30000 (50)"),
                ("b_sdp_first-b_sdp_last", "RTP bob -> 10.0.0.5:40000 (3, to the SDP address)"),
                ("b_latched_first-b_latched_last", "RTP bob -> 203.0.113.9:61000 (47, latched)"),
                ("bye", "BYE"), ("bye_ok", "200 OK")],
               ["alice -> bob: `mediabind.addr_match == 1` (destination = bob's SDP 203.0.113.20:30000); the "
                "source 203.0.113.9:61000 differs from alice's SDP (NAT)",
                "frames {b_sdp_first}..{b_sdp_last}: `mediabind.addr_match == 1`, `mediabind.sdp_addr == "
                "\"10.0.0.5:40000\"`",
                "frames {b_latched_first}..{b_latched_last}: `mediabind.addr_match == 0` (expert: destination "
                "203.0.113.9:61000 not in SDP: NAT/latching), still bound to call 1 (`mediabind.call == 1`) "
                "and `mediabind.direction == \"callee->caller\"`"],
               ["tshark 4.0.17 decodes all of it as RTP: the SDP conversation on 203.0.113.20:30000 matches both "
                "directions, whatever the peer address"])


def _event(event, end, volume, duration):
    return struct.pack("!BBH", event, (0x80 if end else 0) | (volume & 0x3F), duration)


@capture("gen-media-badpt.pcap", "mediabind")
def media_badpt():
    cap = Capture("gen-media-badpt")
    alice, bob = _uas()
    d = Dialog(alice, bob, call_id="media-badpt@sipscope.test")
    _setup(cap, d, _a_sdp((0, 8, 101), sess=8005), _b_sdp((0, 101), sess=8006), alice.ep, bob.ep)
    t0 = cap.now + 10
    a = RtpStream(0xA11CE804, 0, seq0=500)
    plan = [(0, 20, 0, "a0"), (20, 10, 8, "a8"), (30, 5, 18, "a18"), (35, 15, 0, "a0b")]
    for start, n, pt, lab in plan:
        for k in range(start, start + n):
            cap.udp(A_MEDIA, B_MEDIA, a.packet(k, pt=pt, marker=(k == start)), t=t0 + k * 20,
                    label=lab + "_first" if k == start else (lab + "_last" if k == start + n - 1 else None))
    b = RtpStream(0xB0B08004, 0, seq0=700)
    rtp_flow(cap, B_MEDIA, A_MEDIA, b, t0 + 5, 50, label="b")
    # a DTMF digit from bob as telephone-event (PT 101, negotiated): 3 packets, same timestamp
    ts = (b.ts0 + 50 * b.step) & 0xFFFFFFFF
    for i, (dur, end) in enumerate([(160, False), (320, False), (480, True)]):
        cap.udp(B_MEDIA, A_MEDIA, R.rtp(101, 700 + 50 + i, ts, 0xB0B08004, _event(5, end, 10, dur),
                                        marker=(i == 0)),
                t=t0 + 5 + (50 + i) * 20, label="dtmf%d" % i)
    _bye(cap, d, alice.ep, bob.ep, t=t0 + 1200)
    return Doc(cap, "Payload types not negotiated: the offer lists 0 8 101, the answer only 0 101. alice sends PCMU "
               "(20 packets), then PCMA PT 8 (10, offered but not in the answer), then G.729 PT 18 (5, never "
               "offered), then PCMU again (15). bob sends PCMU and a telephone-event (PT 101, negotiated).",
               SIG_FRAMES + [("a0_first-a0_last", "alice PT 0 (20)"), ("a8_first-a8_last", "alice PT 8 (10)"),
                             ("a18_first-a18_last", "alice PT 18 (5)"), ("a0b_first-a0b_last", "alice PT 0 (15)"),
                             ("b_first-b_last", "bob PT 0 (50)"), ("dtmf0-dtmf2", "bob PT 101 telephone-event '5'"),
                             ("bye", "BYE"), ("bye_ok", "200 OK")],
               ["PT 8 packets ({a8_first}..{a8_last}) and PT 18 packets ({a18_first}..{a18_last}): "
                "`mediabind.pt_negotiated == 0` (15 packets) with an expert warning",
                "PT 0 and PT 101 packets: `mediabind.pt_negotiated == 1`; `mediabind.codec` = `PCMU/8000`, "
                "`PCMA/8000` (static table), `G729/8000` (static table), `telephone-event/8000` (rtpmap)",
                "the negotiated set is the answer's (0, 101), not the offer's"],
               ["tshark 4.0.17 decodes all of alice's packets as RTP whatever the PT (`rtp.p_type`); "
                "PT 101 is decoded as RTP Event (`rtpevent.event_id == 5`)"])


@capture("gen-media-ssrc-change.pcap", "mediabind")
def media_ssrc_change():
    cap = Capture("gen-media-ssrc-change")
    alice, bob = _uas()
    d = Dialog(alice, bob, call_id="media-ssrc@sipscope.test")
    _setup(cap, d, _a_sdp(sess=8007), _b_sdp(sess=8008), alice.ep, bob.ep)
    t0 = cap.now + 10
    rtp_flow(cap, A_MEDIA, B_MEDIA, RtpStream(0x11111111, 0, seq0=1000, ts0=8000), t0, 25, label="s1")
    s2 = RtpStream(0x22222222, 0, seq0=50000, ts0=3000000)
    for k in range(25):
        cap.udp(A_MEDIA, B_MEDIA, s2.packet(k), t=t0 + (25 + k) * 20,
                label="s2_first" if k == 0 else ("s2_last" if k == 24 else None))
    rtp_flow(cap, B_MEDIA, A_MEDIA, RtpStream(0xB0B08005, 0, seq0=600), t0 + 5, 50, label="b")
    _bye(cap, d, alice.ep, bob.ep, t=t0 + 1100)
    return Doc(cap, "SSRC change inside one stream: alice's media switches from SSRC 0x11111111 (seq 1000..1024) to "
               "0x22222222 (seq 50000..50024, new timestamp base) after 500 ms, on the same addresses (e.g. a "
               "B2BUA or media server switching sources). bob's stream is constant.",
               SIG_FRAMES + [("s1_first-s1_last", "alice SSRC 0x11111111 (25)"),
                             ("s2_first-s2_last", "alice SSRC 0x22222222 (25)"),
                             ("b_first-b_last", "bob SSRC 0xb0b08005 (50)"), ("bye", "BYE"), ("bye_ok", "200 OK")],
               ["alice -> bob stream: `mediabind.stream` the same for both SSRCs, stream-level SSRC changes = 1 "
                "(expert note at {s2_first}); no loss counted across the change (0 lost, not ~49000)",
                "bob -> alice: 0 SSRC changes"],
               ["tshark 4.0.17 `-z rtp,streams` lists three streams (one per SSRC)"])


@capture("gen-media-oneway.pcap", "mediabind")
def media_oneway():
    cap = Capture("gen-media-oneway")
    alice, bob = _uas()
    d = Dialog(alice, bob, call_id="media-oneway@sipscope.test")
    _setup(cap, d, _a_sdp(sess=8009), _b_sdp(sess=8010), alice.ep, bob.ep)
    t0 = cap.now + 10
    rtp_flow(cap, A_MEDIA, B_MEDIA, RtpStream(0xA11CE806, 0, seq0=800), t0, 100, label="a")
    _bye(cap, d, alice.ep, bob.ep, t=t0 + 2100)
    return Doc(cap, "One-way audio: 2 s of RTP from alice to bob (100 packets), nothing from bob although both "
               "SDPs are sendrecv.",
               SIG_FRAMES + [("a_first-a_last", "RTP alice -> bob (100)"), ("bye", "BYE"), ("bye_ok", "200 OK")],
               ["stream alice -> bob: one-way (no reverse stream), expert warning; 100 packets, 0 lost",
                "no RTP bob -> alice at all"],
               [])


# ---------------------------------------------------------------------------
# loss / reordering / duplicates / wrap-around

LOSS_SEQ0 = 65500
LOSS_COUNT = 100
LOSS_LOST = (10, 11, 12, 50, 70)        # packet indexes never delivered
LOSS_DUP = (20, 60)                     # delivered twice
LOSS_SWAP = (35, 36)                    # 36 (seq 0) arrives before 35 (seq 65535)
LOSS_LATE = (80, 83)                    # 80 arrives just after 83


def _loss_arrivals(t0):
    """[(arrival ms, k)] for the impaired stream."""
    arr = []
    for k in range(LOSS_COUNT):
        if k in LOSS_LOST:
            continue
        t = t0 + k * 20
        if k == LOSS_SWAP[0]:
            t = t0 + LOSS_SWAP[1] * 20 + 1
        if k == LOSS_LATE[0]:
            t = t0 + LOSS_LATE[1] * 20 + 1
        arr.append((t, k))
        if k in LOSS_DUP:
            arr.append((t + 41 if k == 20 else t + 3, k))
    return sorted(arr, key=lambda x: (x[0], x[1]))


def _jitter_ref(arrivals, stream, clock=8000):
    """RFC 3550 A.8 interarrival jitter over packets in arrival order (duplicates included), in ms."""
    j = 0.0
    prev = None
    for t, k in arrivals:
        ts = stream.ts0 + k * stream.step
        r = t * clock / 1000.0
        if prev is not None:
            dd = (r - prev[0]) - (ts - prev[1])
            j += (abs(dd) - j) / 16.0
        prev = (r, ts)
    return j * 1000.0 / clock


@capture("gen-media-loss.pcap", "mediabind")
def media_loss():
    cap = Capture("gen-media-loss")
    alice, bob = _uas()
    d = Dialog(alice, bob, call_id="media-loss@sipscope.test")
    _setup(cap, d, _a_sdp(sess=8011), _b_sdp(sess=8012), alice.ep, bob.ep)
    t0 = cap.now + 10
    s = RtpStream(0xA11CE807, 0, seq0=LOSS_SEQ0, ts0=1000)
    arrivals = _loss_arrivals(t0)
    seen = set()
    for t, k in arrivals:
        lab = None
        if k in LOSS_DUP:
            lab = ("dup%d" if k in seen else "orig%d") % k
        elif k in LOSS_SWAP or k in LOSS_LATE:
            lab = "k%d" % k
        elif k == 0:
            lab = "a_first"
        elif k == LOSS_COUNT - 1:
            lab = "a_last"
        seen.add(k)
        cap.udp(A_MEDIA, B_MEDIA, s.packet(k), t=t, label=lab)
    rtp_flow(cap, B_MEDIA, A_MEDIA, RtpStream(0xB0B08007, 0, seq0=900), t0 + 5, 100, label="b")
    _bye(cap, d, alice.ep, bob.ep, t=t0 + 2100)
    jit = _jitter_ref(arrivals, s)
    seqs = lambda ks: ", ".join(str((LOSS_SEQ0 + k) & 0xFFFF) for k in ks)  # noqa: E731
    return Doc(cap, "Known impairments on alice -> bob (SSRC 0xa11ce807, 100 packets sent, seq 65500 .. 65535, 0 .. 63: "
               "wraps at 65535): lost seq %s; duplicated seq %s; seq 0 arrives before 65535 (reordering across the "
               "wrap); seq %d arrives just after %d. Timing is otherwise exact (20 ms). bob -> alice is a clean "
               "100-packet control stream."
               % (seqs(LOSS_LOST), seqs(LOSS_DUP), (LOSS_SEQ0 + LOSS_LATE[0]) & 0xFFFF,
                  (LOSS_SEQ0 + LOSS_LATE[1]) & 0xFFFF),
               SIG_FRAMES + [("a_first", "alice seq 65500 (first)"), ("orig20", "seq 65520"),
                             ("dup20", "seq 65520 again (duplicate, 41 ms later)"),
                             ("k36", "seq 0 (arrives before 65535)"), ("k35", "seq 65535 (late, out of order)"),
                             ("orig60", "seq 24"), ("dup60", "seq 24 again (duplicate, 3 ms later)"),
                             ("k80", "seq 44 (late: after 47, out of order)"), ("a_last", "alice seq 63 (last)"),
                             ("b_first-b_last", "bob -> alice clean stream (100)"), ("bye", "BYE"),
                             ("bye_ok", "200 OK")],
               ["alice -> bob: expected (extended highest - first + 1) = 100; packets received = 97 (incl. 2 "
                "duplicates); unique = 95; **lost = 5**; **duplicates = 2**; **out-of-order = 2** (a packet "
                "with a lower sequence number than one already received, duplicates excluded); RFC 3550 "
                "cumulative lost (expected - received, duplicates counted as received) = 3",
                "the wrap is not loss: extended sequence numbers run 65500 .. 65599",
                "reference RFC 3550 jitter over all received packets in arrival order: %.3f ms "
                "(implementations that skip duplicates/out-of-order packets get a different value)" % jit,
                "bob -> alice: 100 packets, 0 lost, 0 duplicates, 0 out-of-order, jitter 0"],
               ["tshark 4.0.17 `-z rtp,streams` for alice -> bob: Packets 97, **Lost 65539 (99.9%)**, "
                "max delta 80 ms, mean jitter 2.168 ms, max jitter 7.708 ms, problem flag X. The reordering across "
                "the wrap (seq 0 before 65535) makes Wireshark count a whole extra cycle; without it (same capture "
                "minus that swap) it reports Lost 3, i.e. RFC 3550 expected - received with duplicates counted as "
                "received (duplicates alone give Lost -2)",
                "tshark 4.0.17 decodes all 197 alice/bob packets as RTP"])


@capture("gen-media-av.pcap", "mediabind")
def media_av():
    cap = Capture("gen-media-av")
    alice, bob = _uas()
    d = Dialog(alice, bob, call_id="media-av@sipscope.test")
    offer = sdp(ALICE_IP, [audio(40000, (0, 101), rtcp=40001), video(40002, rtcp=40003)], sess_id=8013)
    answer = sdp(BOB_IP, [audio(30000, (0, 101), rtcp=30001), video(30002, rtcp=30003)], sess_id=8014)
    _setup(cap, d, offer, answer, alice.ep, bob.ep)
    t0 = cap.now + 10
    rtp_flow(cap, A_MEDIA, B_MEDIA, RtpStream(0xA11CE808, 0, seq0=100), t0, 50, label="aa")
    rtp_flow(cap, B_MEDIA, A_MEDIA, RtpStream(0xB0B08008, 0, seq0=200), t0 + 5, 50, label="ba")
    av = RtpStream(0xA11CE809, 96, seq0=300, ts0=90000, clock=90000, ptime=40, payload=R.h264_filler(600))
    bv = RtpStream(0xB0B08009, 96, seq0=400, ts0=180000, clock=90000, ptime=40, payload=R.h264_filler(600))
    for k in range(25):
        cap.udp((ALICE_IP, 40002), (BOB_IP, 30002), av.packet(k, marker=True), t=t0 + 2 + k * 40,
                label="av_first" if k == 0 else ("av_last" if k == 24 else None))
        cap.udp((BOB_IP, 30002), (ALICE_IP, 40002), bv.packet(k, marker=True), t=t0 + 12 + k * 40,
                label="bv_first" if k == 0 else ("bv_last" if k == 24 else None))
    tr = t0 + 1000
    rtcp_sr(cap, (ALICE_IP, 40001), (BOB_IP, 30001), 0xA11CE808, tr, 50, 8000, 8000 * 1 + 16000, "alice@a",
            label="rtcp_aa")
    rtcp_sr(cap, (BOB_IP, 30001), (ALICE_IP, 40001), 0xB0B08008, tr + 3, 50, 8000, 16000, "bob@b", label="rtcp_ba")
    rtcp_sr(cap, (ALICE_IP, 40003), (BOB_IP, 30003), 0xA11CE809, tr + 6, 25, 15000, 90000 + 90000, "alice@a",
            label="rtcp_av")
    rtcp_sr(cap, (BOB_IP, 30003), (ALICE_IP, 40003), 0xB0B08009, tr + 9, 25, 15000, 180000 + 90000, "bob@b",
            label="rtcp_bv")
    _bye(cap, d, alice.ep, bob.ep, t=t0 + 1100)
    return Doc(cap, "Audio + video call: m=audio (PCMU, telephone-event, a=rtcp) and m=video (H264/90000 PT 96, "
               "a=rtcp) in both SDPs; 1 s of audio (50 packets each way) and video (25 frames each way, 40 ms, "
               "marker set), then one RTCP sender report + SDES per stream on the a=rtcp ports.",
               SIG_FRAMES + [("aa_first-aa_last", "audio alice -> bob 40000 -> 30000 (50)"),
                             ("ba_first-ba_last", "audio bob -> alice (50)"),
                             ("av_first-av_last", "video alice -> bob 40002 -> 30002 (25, PT 96)"),
                             ("bv_first-bv_last", "video bob -> alice (25)"),
                             ("rtcp_aa", "RTCP SR+SDES audio alice 40001 -> 30001"), ("rtcp_ba", "RTCP audio bob"),
                             ("rtcp_av", "RTCP SR+SDES video alice 40003 -> 30003"), ("rtcp_bv", "RTCP video bob"),
                             ("bye", "BYE"), ("bye_ok", "200 OK")],
               ["four RTP streams bound to call 1: audio `mediabind.stream` 1 (`PCMU/8000`), video `mediabind.stream` "
                "2 (`H264/90000`), each direction `mediabind.addr_match == 1`",
                "RTCP frames {rtcp_aa}..{rtcp_bv}: bound to the same call and m-line (a=rtcp port), "
                "`mediabind.addr_match == 1`"],
               ["tshark 4.0.17 decodes RTP (audio and video) and RTCP (set up by a=rtcp)"])


@capture("gen-media-late-offer.pcap", "mediabind")
def media_late_offer():
    cap = Capture("gen-media-late-offer")
    alice, bob = _uas()
    d = Dialog(alice, bob, call_id="media-late@sipscope.test")
    inv = d.invite()
    send(cap, inv, alice.ep, bob.ep, label="invite", t=0)
    send(cap, d.response(inv, 100), bob.ep, alice.ep, label="trying", dt=2)
    send(cap, d.response(inv, 180), bob.ep, alice.ep, label="ringing", dt=50)
    offer = _b_sdp((0, 8, 101), sess=8016)
    ok = d.response(inv, 200, body=offer)
    send(cap, ok, bob.ep, alice.ep, label="ok", dt=1500)
    answer = _a_sdp((8, 101), sess=8015)
    send(cap, d.ack(inv, ok, body=answer), alice.ep, bob.ep, label="ack", dt=2)
    t0 = cap.now + 10
    rtp_flow(cap, A_MEDIA, B_MEDIA, RtpStream(0xA11CE810, 8, seq0=100), t0, 50, label="a")
    rtp_flow(cap, B_MEDIA, A_MEDIA, RtpStream(0xB0B08010, 8, seq0=200), t0 + 5, 50, label="b")
    _bye(cap, d, alice.ep, bob.ep, t=t0 + 1100)
    return Doc(cap, "Late offer (delayed offer): INVITE without SDP; the 200 OK carries the offer (0 8 101) and the "
               "ACK the answer (8 101); PCMA both ways.",
               [("invite", "INVITE without SDP"), ("trying", "100"), ("ringing", "180"),
                ("ok", "200 OK with the SDP offer (bob 203.0.113.20:30000)"),
                ("ack", "ACK with the SDP answer (alice 192.0.2.10:40000)"),
                ("a_first-a_last", "RTP alice -> bob PCMA (50)"), ("b_first-b_last", "RTP bob -> alice PCMA (50)"),
                ("bye", "BYE"), ("bye_ok", "200 OK")],
               ["every RTP packet: `mediabind.offer == {ok}`, `mediabind.answer == {ack}`, `mediabind.codec == "
                "\"PCMA/8000\"`, `mediabind.pt_negotiated == 1`, `mediabind.addr_match == 1`",
                "`mediabind.direction`: alice -> bob is `caller->callee` even though bob made the offer"],
               ["tshark 4.0.17 decodes the RTP, but `rtp.setup-frame` is {invite} (the SDP-less INVITE, i.e. the "
                "request of the offer/answer exchange) on alice -> bob packets and {ack} on bob -> alice packets: "
                "never use `rtp.setup-frame` as \"the SDP frame\""])
