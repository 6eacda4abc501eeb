"""SIP dialog captures (sipdialog)."""

from .common import ALICE_IP, BOB_IP, PROXY_IP, rtp_flow, send
from .pcap import Capture
from .registry import Doc, capture
from .rtp import RtpStream
from .sip import Dialog, UA, audio, proxied, response_to, sdp, strip_top_via

P_EP = (PROXY_IP, 5060)


def _alice(transport="UDP", port=5060):
    return UA("alice", ALICE_IP, port, transport=transport, agent="sipscope-gen/1.0")


def _bob(ip=BOB_IP, user="bob"):
    return UA(user, ip, 5060, agent="sipscope-gen/1.0")


def _offer(ip=ALICE_IP, port=40000, version=1, direction=None, pts=(0, 8, 101), sess=7001):
    return sdp(ip, [audio(port, pts, direction=direction)], sess_id=sess, version=version)


@capture("gen-dialog-fork.pcap", "sipdialog")
def dialog_fork():
    cap = Capture("gen-dialog-fork")
    alice = _alice()
    desk = _bob("203.0.113.21")
    mobile = _bob("203.0.113.22")
    d = Dialog(alice, desk, call_id="fork@sipscope.test", ruri="sip:bob@sipscope.test")
    inv = d.invite(_offer())
    send(cap, inv, alice.ep, P_EP, label="invite", t=0)
    send(cap, response_to(inv, 100), P_EP, alice.ep, label="trying", dt=2)
    la, lb = d.fork(), d.fork()
    la.callee, lb.callee = desk, mobile
    send(cap, la.response(inv, 180), P_EP, alice.ep, label="ring_a", dt=80)
    send(cap, lb.response(inv, 180), P_EP, alice.ep, label="ring_b", dt=40)
    ok_b = lb.response(inv, 200, body=_offer(mobile.ip, 30000, pts=(0, 101), sess=7002))
    send(cap, ok_b, P_EP, alice.ep, label="ok_b", dt=3000)
    lb.ruri = "sip:bob@%s:5060" % mobile.ip
    send(cap, lb.ack(inv, ok_b), alice.ep, mobile.ep, label="ack_b", dt=3)
    # the desk phone answers too (it did not get the CANCEL in time): a second 2xx on another leg
    ok_a = la.response(inv, 200, body=_offer(desk.ip, 30002, pts=(0, 101), sess=7003))
    send(cap, ok_a, P_EP, alice.ep, label="ok_a", dt=150)
    la.ruri = "sip:bob@%s:5060" % desk.ip
    send(cap, la.ack(inv, ok_a), alice.ep, desk.ep, label="ack_a", dt=3)
    bye_a = la.request("BYE")
    send(cap, bye_a, alice.ep, desk.ep, label="bye_a", dt=2)
    send(cap, la.response(bye_a, 200), desk.ep, alice.ep, label="bye_a_ok", dt=20)
    bye_b = lb.request("BYE")
    send(cap, bye_b, alice.ep, mobile.ep, label="bye_b", t=20000)
    send(cap, lb.response(bye_b, 200), mobile.ep, alice.ep, label="bye_b_ok", dt=25)
    return Doc(cap, "Forked INVITE seen from the caller: the proxy forks to bob's desk phone (203.0.113.21) and "
               "mobile (203.0.113.22); two 180s with different To-tags; the mobile answers (200, leg 2), then "
               "the desk phone answers as well (late 2xx on leg 1); the caller ACKs it and ends that leg with "
               "BYE at once (RFC 3261 13.2.2.4). The call on leg 2 lasts ~17 s. ACK/BYE go directly to the "
               "devices (no Record-Route).",
               [("invite", "INVITE sip:bob@sipscope.test via proxy"), ("trying", "100 (no To-tag)"),
                ("ring_a", "180, To-tag A (desk)"), ("ring_b", "180, To-tag B (mobile)"),
                ("ok_b", "200 OK leg B (SDP)"), ("ack_b", "ACK leg B -> mobile"),
                ("ok_a", "200 OK leg A (late second 2xx)"), ("ack_a", "ACK leg A -> desk"),
                ("bye_a", "BYE leg A"), ("bye_a_ok", "200 OK (BYE leg A)"),
                ("bye_b", "BYE leg B (caller hangs up)"), ("bye_b_ok", "200 OK")],
               ["all frames: `sipdialog.call == 1`",
                "frames {ring_a}, {ok_a}, {ack_a}, {bye_a}, {bye_a_ok}: `sipdialog.leg == 1` (first To-tag); "
                "frames {ring_b}, {ok_b}, {ack_b}, {bye_b}, {bye_b_ok}: `sipdialog.leg == 2`",
                "states: {ring_a} leg 1 `early`; {ring_b} leg 2 `early`; {ok_b} leg 2 `confirmed`; {ok_a} leg 1 "
                "`confirmed`; {bye_a} leg 1 `terminating`, {bye_a_ok} leg 1 `terminated`; {bye_b_ok} leg 2 "
                "`terminated`",
                "call: `sipdialog.outcome == \"answered\"`, `sipdialog.answer == {ok_b}` (the first 2xx), "
                "`sipdialog.ack == {ack_b}`, `sipdialog.bye == {bye_b}`, `sipdialog.hangup_by == \"caller\"`, "
                "`sipdialog.pdd` = {dt:invite:ring_a} (INVITE -> first 18x), `sipdialog.setup_time` = {dt:invite:ok_b}, "
                "`sipdialog.duration` = {dt:ack_b:bye_b} (ACK {ack_b} -> BYE {bye_b})",
                "frame {trying}: `sipdialog.txn.request == {invite}`; frame {invite}: `sipdialog.txn.final == {ok_b}`"],
               ["tshark 4.0.17: both 2xx are plain responses (`sip.response-request == {invite}` on each); "
                "`sip.to.tag` differs per leg"])


@capture("gen-dialog-reinvite.pcap", "sipdialog")
def dialog_reinvite():
    cap = Capture("gen-dialog-reinvite")
    alice, bob = _alice(), _bob()
    d = Dialog(alice, bob, call_id="reinvite@sipscope.test")
    a_sdp = lambda v, dirn=None: _offer(version=v, direction=dirn, sess=7101)  # noqa: E731
    b_sdp = lambda v, dirn=None, pts=(0, 101): sdp(BOB_IP, [audio(30000, pts, direction=dirn)],  # noqa: E731
                                                   sess_id=7102, version=v)
    inv = d.invite(a_sdp(1))
    send(cap, inv, alice.ep, bob.ep, label="invite", t=0)
    send(cap, d.response(inv, 100), bob.ep, alice.ep, label="trying", dt=2)
    send(cap, d.response(inv, 180), bob.ep, alice.ep, label="ringing", dt=50)
    ok = d.response(inv, 200, body=b_sdp(1))
    send(cap, ok, bob.ep, alice.ep, label="ok", dt=2000)
    send(cap, d.ack(inv, ok), alice.ep, bob.ep, label="ack", dt=2)
    a_rtp = RtpStream(0xA11CE101, 0, seq0=10, ts0=0)
    b_rtp = RtpStream(0xB0B00101, 0, seq0=20, ts0=0)
    t0 = cap.now + 10
    rtp_flow(cap, (ALICE_IP, 40000), (BOB_IP, 30000), a_rtp, t0, 10, label="rtp1_ab")
    rtp_flow(cap, (BOB_IP, 30000), (ALICE_IP, 40000), b_rtp, t0 + 5, 10, label="rtp1_ba")
    # hold: alice sends sendonly, bob answers recvonly
    cap.at(t0 + 1000)
    hold = d.invite(a_sdp(2, "sendonly"))
    send(cap, hold, alice.ep, bob.ep, label="hold", dt=0)
    hold_ok = d.response(hold, 200, body=b_sdp(2, "recvonly"))
    send(cap, hold_ok, bob.ep, alice.ep, label="hold_ok", dt=20)
    send(cap, d.ack(hold, hold_ok), alice.ep, bob.ep, label="hold_ack", dt=2)
    # unhold
    unhold = d.invite(a_sdp(3, "sendrecv"))
    send(cap, unhold, alice.ep, bob.ep, label="unhold", t=t0 + 6000)
    unhold_ok = d.response(unhold, 200, body=b_sdp(3, "sendrecv"))
    send(cap, unhold_ok, bob.ep, alice.ep, label="unhold_ok", dt=20)
    send(cap, d.ack(unhold, unhold_ok), alice.ep, bob.ep, label="unhold_ack", dt=2)
    # UPDATE from bob switching to PCMA (offer in UPDATE, answer in its 200)
    upd = d.request("UPDATE", from_caller=False, body=b_sdp(4, pts=(8, 101)))
    send(cap, upd, bob.ep, alice.ep, label="update", t=t0 + 8000)
    send(cap, d.response(upd, 200, body=sdp(ALICE_IP, [audio(40000, (8, 101))], sess_id=7101, version=4)),
         alice.ep, bob.ep, label="update_ok", dt=15)
    bye = d.request("BYE", from_caller=False)
    send(cap, bye, bob.ep, alice.ep, label="bye", t=t0 + 12000)
    send(cap, d.response(bye, 200), alice.ep, bob.ep, label="bye_ok", dt=10)
    return Doc(cap, "re-INVITE and UPDATE inside a confirmed dialog: call set-up, 200 ms of RTP, hold "
               "(re-INVITE a=sendonly / answer a=recvonly, o= version 2), unhold (version 3, sendrecv), an "
               "UPDATE from the callee with a new offer (PCMA), then the callee hangs up.",
               [("invite", "INVITE (SDP v1)"), ("trying", "100"), ("ringing", "180"), ("ok", "200 OK"),
                ("ack", "ACK"), ("rtp1_ab_first-rtp1_ab_last", "RTP alice -> bob (10)"),
                ("rtp1_ba_first-rtp1_ba_last", "RTP bob -> alice (10)"),
                ("hold", "re-INVITE CSeq 2, a=sendonly"), ("hold_ok", "200 OK a=recvonly"), ("hold_ack", "ACK"),
                ("unhold", "re-INVITE CSeq 3, a=sendrecv"), ("unhold_ok", "200 OK"), ("unhold_ack", "ACK"),
                ("update", "UPDATE from bob (CSeq 1 in bob's space), SDP offer PCMA"),
                ("update_ok", "200 OK (UPDATE) with SDP answer"), ("bye", "BYE from bob"), ("bye_ok", "200 OK")],
               ["all SIP frames: `sipdialog.call == 1`, `sipdialog.leg == 1`",
                "state `confirmed` from {ok} through {update_ok} (re-INVITE and UPDATE do not change the dialog "
                "state), `terminating` at {bye}, `terminated` at {bye_ok}",
                "`sipdialog.invite == {invite}`, `sipdialog.answer == {ok}`, `sipdialog.ack == {ack}` (the "
                "initial ones, not the re-INVITE's)",
                "frame {hold_ok}: `sipdialog.txn.request == {hold}`; frame {hold_ack}: ACK of the re-INVITE",
                "call: `sipdialog.outcome == \"answered\"`, `sipdialog.hangup_by == \"callee\"`, "
                "`sipdialog.duration` = {dt:ack:bye} (ACK {ack} -> BYE {bye})"],
               [])


@capture("gen-dialog-prack.pcap", "sipdialog")
def dialog_prack():
    cap = Capture("gen-dialog-prack")
    alice, bob = _alice(), _bob()
    d = Dialog(alice, bob, call_id="prack@sipscope.test")
    inv = d.invite(_offer(sess=7201), headers=[("Supported", "100rel")])
    send(cap, inv, alice.ep, bob.ep, label="invite", t=0)
    send(cap, d.response(inv, 100), bob.ep, alice.ep, label="trying", dt=2)
    ans = sdp(BOB_IP, [audio(30000, (0, 101))], sess_id=7202)
    r183 = d.response(inv, 183, body=ans, headers=[("Require", "100rel"), ("RSeq", "1")])
    send(cap, r183, bob.ep, alice.ep, label="p183", dt=100)
    pr1 = d.request("PRACK", headers=[("RAck", "1 1 INVITE")])
    send(cap, pr1, alice.ep, bob.ep, label="prack1", dt=3)
    send(cap, d.response(pr1, 200), bob.ep, alice.ep, label="prack1_ok", dt=3)
    r180 = d.response(inv, 180, headers=[("Require", "100rel"), ("RSeq", "2")])
    send(cap, r180, bob.ep, alice.ep, label="p180", dt=500)
    pr2 = d.request("PRACK", headers=[("RAck", "2 1 INVITE")])
    send(cap, pr2, alice.ep, bob.ep, label="prack2", dt=3)
    send(cap, d.response(pr2, 200), bob.ep, alice.ep, label="prack2_ok", dt=3)
    ok = d.response(inv, 200, body=ans)
    send(cap, ok, bob.ep, alice.ep, label="ok", dt=3000)
    send(cap, d.ack(inv, ok), alice.ep, bob.ep, label="ack", dt=2)
    bye = d.request("BYE")
    send(cap, bye, alice.ep, bob.ep, label="bye", dt=10000)
    send(cap, d.response(bye, 200), bob.ep, alice.ep, label="bye_ok", dt=5)
    return Doc(cap, "Reliable provisional responses (RFC 3262): 183 with Require: 100rel, RSeq: 1 and the SDP "
               "answer, PRACK (RAck: 1 1 INVITE) / 200; 180 with RSeq: 2, PRACK / 200; then 200 OK to the "
               "INVITE, ACK, BYE.",
               [("invite", "INVITE (Supported: 100rel)"), ("trying", "100"), ("p183", "183 Require:100rel RSeq:1 (SDP)"),
                ("prack1", "PRACK CSeq 2, RAck: 1 1 INVITE"), ("prack1_ok", "200 OK (PRACK)"),
                ("p180", "180 RSeq:2"), ("prack2", "PRACK CSeq 3, RAck: 2 1 INVITE"), ("prack2_ok", "200 OK (PRACK)"),
                ("ok", "200 OK (INVITE)"), ("ack", "ACK CSeq 1"), ("bye", "BYE CSeq 4"), ("bye_ok", "200 OK")],
               ["states: `early` after {p183}, stays `early` through the PRACK transactions, `confirmed` at {ok}, "
                "`terminated` at {bye_ok}; one leg (`sipdialog.leg == 1`)",
                "frame {prack1_ok}: `sipdialog.txn.request == {prack1}` (a separate non-INVITE transaction); "
                "frame {ok}: `sipdialog.txn.request == {invite}`",
                "`sipdialog.pdd` = {dt:invite:p183} (INVITE -> 183), `sipdialog.setup_time` = {dt:invite:ok}, "
                "`sipdialog.outcome == \"answered\"`, `sipdialog.hangup_by == \"caller\"`",
                "mediabind: SDP offer {invite}, answer {p183} (answer in a reliable 183)"],
               [])


@capture("gen-dialog-tcp-multi.pcap", "sipdialog")
def dialog_tcp_multi():
    cap = Capture("gen-dialog-tcp-multi")
    alice = _alice("TCP", 50600)
    bob = UA("bob", BOB_IP, 5060, transport="TCP", agent="sipscope-gen/1.0")
    conn = cap.tcp_conn(alice.ep, P_EP, isn_client=20000, isn_server=70000, t=0, label="syn")
    d = Dialog(alice, bob, call_id="tcp-multi@sipscope.test", ruri="sip:bob@sipscope.test",
               route=())
    inv = d.invite(_offer(sess=7301)).encode()
    cut = len(inv) - 60                      # inside the SDP body
    conn.send_split(True, inv, [cut], dt=1, labels=["inv_a", "inv_b"])
    invm = d.last_invite
    ans = sdp(BOB_IP, [audio(30000, (0, 101))], sess_id=7302)
    three = (d.response(invm, 100).encode() + d.response(invm, 180).encode() +
             d.response(invm, 200, body=ans).encode())
    conn.send(False, three, dt=1500, label="resp3")
    d.ruri = "sip:bob@%s:5060;transport=tcp" % BOB_IP
    ack = d.ack(invm, d.response(invm, 200)).encode()
    infom = d.request("INFO", body=b"Signal=5\r\nDuration=160\r\n", ctype="application/dtmf-relay")
    info = infom.encode()
    conn.send(True, ack + info[:100], dt=3, label="ack_info_a")
    conn.send(True, info[100:], dt=1, label="info_b")
    conn.send(False, d.response(infom, 200).encode(), dt=5, label="info_ok")
    bye = d.request("BYE")
    byeb = bye.encode()
    conn.send_split(True, byeb, [len(byeb) - 2], dt=5000, labels=["bye_a", "bye_b"])
    conn.send(False, d.response(bye, 200).encode(), dt=5, label="bye_ok")
    conn.ack(True, dt=1)
    return Doc(cap, "SIP over one TCP connection (alice 192.0.2.10:50600 -> proxy 198.51.100.1:5060): the INVITE "
               "is split across two segments inside its SDP body; 100, 180 and 200 (with SDP) arrive in ONE "
               "segment; the ACK and the first 100 bytes of an INFO share a segment, the INFO's rest follows; the "
               "BYE is split so that the second segment holds only the final CRLF of the header terminator.",
               [("syn", "TCP SYN (3-way handshake)"), ("inv_a", "INVITE, first part (headers + start of SDP)"),
                ("inv_b", "INVITE, last 60 bytes of the SDP (reassembled here)"),
                ("resp3", "one segment: 100 Trying + 180 Ringing + 200 OK (SDP)"),
                ("ack_info_a", "one segment: ACK + first 100 bytes of INFO"),
                ("info_b", "rest of the INFO (reassembled here)"), ("info_ok", "200 OK (INFO)"),
                ("bye_a", "BYE without its last CRLF"), ("bye_b", "the final CRLF of the BYE (2 bytes)"),
                ("bye_ok", "200 OK (BYE)")],
               ["frame {inv_b}: the INVITE (one message); frame {resp3}: three messages, in order 100, 180, 200; "
                "frame {ack_info_a}: the ACK; frame {info_b}: the INFO; frame {bye_b}: the BYE",
                "frame {resp3}: `sipdialog.state` per message: proceeding (100), early (180), confirmed (200) — "
                "fields must be attributed to the right message of the frame",
                "call 1, one leg, `sipdialog.outcome == \"answered\"`, `sipdialog.answer == {resp3}`, "
                "`sipdialog.ack == {ack_info_a}`, `sipdialog.bye == {bye_b}`, `sipdialog.hangup_by == \"caller\"`",
                "`sipdialog.pdd` = `sipdialog.setup_time` = {dt:inv_b:resp3} (INVITE reassembled in {inv_b} -> "
                "{resp3}; {dt:inv_a:resp3} if timed from the first segment {inv_a})"],
               ["tshark 4.0.17 shows frame {resp3} as three SIP messages (`sip.Status-Code` = 100,180,200), "
                "reassembles the INVITE in {inv_b}, the INFO in {info_b} and the BYE in {bye_b}; `tcp.reassembled_in` "
                "on the first segments is only set with `-2`"])


@capture("gen-dialog-orphans.pcap", "sipdialog")
def dialog_orphans():
    cap = Capture("gen-dialog-orphans")
    alice, bob = _alice(), _bob()
    # BYE for a dialog never seen
    d1 = Dialog(alice, bob, call_id="orphan-bye@sipscope.test")
    d1.callee_tag = "deadbeef01"
    d1.cseq[True] = 5
    bye = d1.request("BYE")
    send(cap, bye, alice.ep, bob.ep, label="bye", t=0)
    send(cap, response_to(bye, 481, to_tag=None), bob.ep, alice.ep, label="bye481", dt=3)
    # ACK with no INVITE
    d2 = Dialog(alice, bob, call_id="orphan-ack@sipscope.test")
    d2.callee_tag = "deadbeef02"
    send(cap, d2.request("ACK", cseq=1, contact=False), alice.ep, bob.ep, label="ack", t=1000)
    # CANCEL for an INVITE never seen
    d3 = Dialog(alice, bob, call_id="orphan-cancel@sipscope.test")
    fake_inv = d3.invite(_offer(sess=7401))
    cancel = d3.cancel(fake_inv)
    send(cap, cancel, alice.ep, bob.ep, label="cancel", t=2000)
    send(cap, response_to(cancel, 481, to_tag="deadbeef03"), bob.ep, alice.ep, label="cancel481", dt=3)
    # a provisional response with no request
    d4 = Dialog(alice, bob, call_id="orphan-180@sipscope.test")
    fake = d4.invite()
    send(cap, d4.response(fake, 180), bob.ep, alice.ep, label="r180", t=3000)
    # a 200 OK to a BYE with no request
    d5 = Dialog(alice, bob, call_id="orphan-200@sipscope.test")
    d5.callee_tag = "deadbeef05"
    fb = d5.request("BYE", from_caller=False)
    send(cap, d5.response(fb, 200), alice.ep, bob.ep, label="r200", t=4000)
    return Doc(cap, "Orphans: a BYE and an ACK for dialogs never seen, a CANCEL for an unknown INVITE (both "
               "answered 481), a 180 and a 200 (BYE) with no request in the capture. Each has its own Call-ID.",
               [("bye", "BYE, unknown dialog (CSeq 5)"), ("bye481", "481 Call/Transaction Does Not Exist"),
                ("ack", "ACK, no INVITE seen"), ("cancel", "CANCEL for an INVITE never seen"), ("cancel481", "481"),
                ("r180", "180 Ringing without request"), ("r200", "200 OK (BYE) without request")],
               ["no crash; each message gets a `sipdialog.call` (1..5 in order of Call-ID appearance) and an "
                "expert info (orphan / no dialog / no transaction)",
                "frame {bye481}: `sipdialog.txn.request == {bye}`; frame {cancel481}: `sipdialog.txn.request == "
                "{cancel}`",
                "no `sipdialog.invite` for any call; outcomes are not `answered` (e.g. `failed` or `in-progress`)",
                "frame {r180}, {r200}: `sipdialog.txn.request` absent"],
               [])


@capture("gen-dialog-retrans.pcap", "sipdialog")
def dialog_retrans():
    cap = Capture("gen-dialog-retrans")
    alice, bob = _alice(), _bob()
    d = Dialog(alice, bob, call_id="retrans@sipscope.test")
    inv = d.invite(_offer(sess=7501))
    raw = inv.encode()
    send(cap, raw, alice.ep, bob.ep, label="inv", t=0)
    send(cap, raw, alice.ep, bob.ep, label="inv_r1", t=500)
    send(cap, raw, alice.ep, bob.ep, label="inv_r2", t=1500)
    send(cap, raw, alice.ep, bob.ep, label="inv_r3", t=3500)
    send(cap, d.response(inv, 100), bob.ep, alice.ep, label="trying", t=3520)
    send(cap, d.response(inv, 180), bob.ep, alice.ep, label="ringing", t=3700)
    ok = d.response(inv, 200, body=sdp(BOB_IP, [audio(30000, (0, 101))], sess_id=7502)).encode()
    send(cap, ok, bob.ep, alice.ep, label="ok", t=5000)
    send(cap, ok, bob.ep, alice.ep, label="ok_r1", t=5500)
    send(cap, d.ack(inv, d.response(inv, 200)), alice.ep, bob.ep, label="ack", t=5510)
    bye = d.request("BYE")
    send(cap, bye, alice.ep, bob.ep, label="bye", t=15000)
    send(cap, d.response(bye, 200), bob.ep, alice.ep, label="bye_ok", t=15010)
    return Doc(cap, "UDP retransmissions: the INVITE is sent 4 times (Timer A: +0.5 s, +1.5 s, +3.5 s) before "
               "the 100 arrives; the 200 OK is retransmitted once (+0.5 s) before the ACK; BYE 10 s later.",
               [("inv", "INVITE (original)"), ("inv_r1", "INVITE retransmission 1 (+500 ms)"),
                ("inv_r2", "retransmission 2 (+1500 ms)"), ("inv_r3", "retransmission 3 (+3500 ms)"),
                ("trying", "100"), ("ringing", "180"), ("ok", "200 OK"), ("ok_r1", "200 OK retransmission"),
                ("ack", "ACK"), ("bye", "BYE"), ("bye_ok", "200 OK")],
               ["frames {inv_r1}, {inv_r2}, {inv_r3}: `sipdialog.retransmission == 1`, `sipdialog.txn.request == {inv}`",
                "frame {ok_r1}: `sipdialog.retransmission == 1`; frame {ok}: `sipdialog.retransmission == 0`",
                "retransmissions are counted once in the ladder/CDR (one INVITE, one 200)",
                "`sipdialog.invite == {inv}`, `sipdialog.answer == {ok}`, `sipdialog.ack == {ack}`; "
                "`sipdialog.pdd` = {dt:inv:ringing} and `sipdialog.setup_time` = {dt:inv:ok} (measured from the FIRST "
                "INVITE), `sipdialog.duration` = {dt:ack:bye} (ACK -> BYE)"],
               ["tshark 4.0.17: `sip.resend == 1` with `sip.resend-original == {inv}` on {inv_r1}-{inv_r3}, and on "
                "{ok_r1} (original {ok})"])


@capture("gen-dialog-noack.pcap", "sipdialog")
def dialog_noack():
    cap = Capture("gen-dialog-noack")
    alice, bob = _alice(), _bob()
    d = Dialog(alice, bob, call_id="noack@sipscope.test")
    inv = d.invite(_offer(sess=7601))
    send(cap, inv, alice.ep, bob.ep, label="inv", t=0)
    send(cap, d.response(inv, 100), bob.ep, alice.ep, label="trying", dt=2)
    send(cap, d.response(inv, 180), bob.ep, alice.ep, label="ringing", dt=100)
    ok = d.response(inv, 200, body=sdp(BOB_IP, [audio(30000, (0, 101))], sess_id=7602)).encode()
    send(cap, ok, bob.ep, alice.ep, label="ok", t=2000)
    # Timer G retransmissions: 0.5, 1, 2, 4, 4, 4 ... s until 64*T1 = 32 s
    t = 2000
    step = 500
    n = 0
    while t + step <= 2000 + 32000:
        t += step
        n += 1
        send(cap, ok, bob.ep, alice.ep, t=t, label="ok_r%d" % n)
        step = min(step * 2, 4000)
    bye = d.request("BYE", from_caller=False)
    send(cap, bye, bob.ep, alice.ep, label="bye", t=34000)
    send(cap, d.response(bye, 200), alice.ep, bob.ep, label="bye_ok", dt=5)
    # second call: never gets a final response
    d2 = Dialog(alice, bob, call_id="nofinal@sipscope.test")
    inv2 = d2.invite(_offer(port=40002, sess=7603))
    send(cap, inv2, alice.ep, bob.ep, label="inv2", t=40000)
    send(cap, d2.response(inv2, 100), bob.ep, alice.ep, label="trying2", dt=3)
    send(cap, d2.response(inv2, 180), bob.ep, alice.ep, label="ringing2", dt=200)
    return Doc(cap, "Call 1: the 200 OK is never ACKed; bob retransmits it (Timer G: +0.5, +1.5, +3.5, +7.5 s, "
               "then every 4 s, %d retransmissions up to 64*T1 = 32 s) and then ends the dialog with BYE "
               "(RFC 3261 13.3.1.4). Call 2: INVITE, 100, 180 and no final response until the capture ends "
               "5.2 s later." % n,
               [("inv", "INVITE (call 1)"), ("trying", "100"), ("ringing", "180"), ("ok", "200 OK"),
                ("ok_r1-ok_r%d" % n, "200 OK retransmissions (%d)" % n), ("bye", "BYE from bob (no ACK ever)"),
                ("bye_ok", "200 OK"), ("inv2", "INVITE (call 2)"), ("trying2", "100"),
                ("ringing2", "180 (last frame)")],
               ["call 1: `sipdialog.answer == {ok}`, `sipdialog.ack` absent, expert warning \"2xx not "
                "acknowledged\"; retransmissions {ok_r1}..{ok_r%d} flagged `sipdialog.retransmission`; outcome "
                "`answered` (answered but never confirmed by ACK; `sipdialog.duration` absent), "
                "`sipdialog.hangup_by == \"callee\"`" % n,
                "call 2: `sipdialog.state == \"early\"` at {ringing2}, `sipdialog.outcome == \"in-progress\"` "
                "(no final response), `sipdialog.txn.final` absent on {inv2}, `sipdialog.pdd` = {dt:inv2:ringing2}"],
               [])


@capture("gen-dialog-ipv6.pcap", "sipdialog")
def dialog_ipv6():
    cap = Capture("gen-dialog-ipv6")
    alice = UA("alice", "2001:db8:a::10", 5060, agent="sipscope-gen/1.0")
    bob = UA("bob", "2001:db8:b::20", 5060, agent="sipscope-gen/1.0")
    d = Dialog(alice, bob, call_id="ipv6@sipscope.test")
    offer = sdp(alice.ip, [audio(40000, (0, 8, 101))], sess_id=7701)
    inv = d.invite(offer)
    send(cap, inv, alice.ep, bob.ep, label="invite", t=0)
    send(cap, d.response(inv, 100), bob.ep, alice.ep, label="trying", dt=2)
    send(cap, d.response(inv, 180), bob.ep, alice.ep, label="ringing", dt=60)
    ok = d.response(inv, 200, body=sdp(bob.ip, [audio(30000, (0, 101))], sess_id=7702))
    send(cap, ok, bob.ep, alice.ep, label="ok", dt=1500)
    send(cap, d.ack(inv, ok), alice.ep, bob.ep, label="ack", dt=2)
    t0 = cap.now + 10
    rtp_flow(cap, (alice.ip, 40000), (bob.ip, 30000), RtpStream(0xA11CE601, 0, seq0=1, ts0=160), t0, 50,
             label="rtp_ab")
    rtp_flow(cap, (bob.ip, 30000), (alice.ip, 40000), RtpStream(0xB0B00601, 0, seq0=1, ts0=320), t0 + 10, 50,
             label="rtp_ba")
    bye = d.request("BYE")
    send(cap, bye, alice.ep, bob.ep, label="bye", t=t0 + 1100)
    send(cap, d.response(bye, 200), bob.ep, alice.ep, label="bye_ok", dt=3)
    return Doc(cap, "A whole call over IPv6: [2001:db8:a::10]:5060 calls [2001:db8:b::20]:5060, SDP "
               "c=IN IP6, RTP PCMU both ways (50 packets each) between [2001:db8:a::10]:40000 and "
               "[2001:db8:b::20]:30000, BYE.",
               [("invite", "INVITE (c=IN IP6 2001:db8:a::10, m=audio 40000)"), ("trying", "100"),
                ("ringing", "180"), ("ok", "200 OK (c=IN IP6 2001:db8:b::20, m=audio 30000)"), ("ack", "ACK"),
                ("rtp_ab_first-rtp_ab_last", "RTP alice -> bob (50)"),
                ("rtp_ba_first-rtp_ba_last", "RTP bob -> alice (50)"), ("bye", "BYE"), ("bye_ok", "200 OK")],
               ["sipdialog: call 1, outcome `answered`, `sipdialog.pdd` = {dt:invite:ringing}, `sipdialog.setup_time` = "
                "{dt:invite:ok}, `sipdialog.duration` = {dt:ack:bye}",
                "mediabind: every RTP packet `mediabind.call == 1`, `mediabind.addr_match == 1`, "
                "`mediabind.sdp_addr == \"[2001:db8:b::20]:30000\"` (alice -> bob) / "
                "`\"[2001:db8:a::10]:40000\"` (bob -> alice), codec `PCMU/8000`",
                "ladder/CDR: IPv6 endpoints printed as `[addr]:port`"],
               ["tshark 4.0.17 decodes the RTP (SDP with IP6 sets up the conversations)"])


@capture("gen-dialog-proxy-2hops.pcap", "sipdialog")
def dialog_proxy_2hops():
    cap = Capture("gen-dialog-proxy-2hops")
    alice, bob = _alice(), _bob()
    rr = "<sip:%s;lr>" % PROXY_IP
    d = Dialog(alice, bob, call_id="2hops@sipscope.test", ruri="sip:bob@sipscope.test")
    inv_a = d.invite(_offer(sess=7801))
    send(cap, inv_a, alice.ep, P_EP, label="inv_a", t=0)
    send(cap, response_to(inv_a, 100), P_EP, alice.ep, label="try_a", dt=1)
    inv_b = proxied(inv_a, PROXY_IP)
    inv_b.start = "INVITE sip:bob@%s:5060 SIP/2.0" % BOB_IP
    send(cap, inv_b, P_EP, bob.ep, label="inv_b", dt=1)
    send(cap, response_to(inv_b, 100), bob.ep, P_EP, label="try_b", dt=3)
    r180 = d.response(inv_b, 180, headers=[("Record-Route", rr)])
    send(cap, r180, bob.ep, P_EP, label="ring_b", dt=50)
    send(cap, strip_top_via(r180), P_EP, alice.ep, label="ring_a", dt=1)
    ok = d.response(inv_b, 200, body=sdp(BOB_IP, [audio(30000, (0, 101))], sess_id=7802),
                    headers=[("Record-Route", rr)])
    send(cap, ok, bob.ep, P_EP, label="ok_b", dt=2500)
    send(cap, strip_top_via(ok), P_EP, alice.ep, label="ok_a", dt=1)
    d.route = [rr]
    d.ruri = "sip:bob@%s:5060" % BOB_IP
    ack_a = d.ack(inv_a, ok)
    send(cap, ack_a, alice.ep, P_EP, label="ack_a", dt=3)
    ack_b = proxied(ack_a, PROXY_IP).remove("Route")
    send(cap, ack_b, P_EP, bob.ep, label="ack_b", dt=1)
    bye_b = d.request("BYE", from_caller=False)
    send(cap, bye_b, bob.ep, P_EP, label="bye_b", t=30000)
    bye_a = proxied(bye_b, PROXY_IP).remove("Route")
    send(cap, bye_a, P_EP, alice.ep, label="bye_a", dt=1)
    ok_bye = d.response(bye_a, 200)
    send(cap, ok_bye, alice.ep, P_EP, label="byeok_a", dt=4)
    send(cap, strip_top_via(ok_bye), P_EP, bob.ep, label="byeok_b", dt=1)
    return Doc(cap, "A call through a record-routing proxy, captured on the proxy so that every message appears on "
               "both hops (alice 192.0.2.10 <-> proxy 198.51.100.1 <-> bob 203.0.113.20): the downstream copy has "
               "an extra top Via (its own branch), Max-Forwards 69 and Record-Route; Call-ID, tags and CSeq are "
               "the same. ACK and BYE follow the route set. The proxy answers 100 itself on the first hop.",
               [("inv_a", "INVITE alice -> proxy (1 Via)"), ("try_a", "100 proxy -> alice"),
                ("inv_b", "INVITE proxy -> bob (2 Vias, Record-Route)"), ("try_b", "100 bob -> proxy"),
                ("ring_b", "180 bob -> proxy"), ("ring_a", "180 proxy -> alice"), ("ok_b", "200 OK bob -> proxy"),
                ("ok_a", "200 OK proxy -> alice"), ("ack_a", "ACK alice -> proxy (Route)"), ("ack_b", "ACK proxy -> bob"),
                ("bye_b", "BYE bob -> proxy"), ("bye_a", "BYE proxy -> alice"), ("byeok_a", "200 OK alice -> proxy"),
                ("byeok_b", "200 OK proxy -> bob")],
               ["all 14 frames: `sipdialog.call == 1`, `sipdialog.leg == 1` (one dialog, seen on two hops)",
                "each message is counted once per call (the ladder shows both hops but the CDR one INVITE, one 180, "
                "one 200, one BYE); the downstream copies are not `sipdialog.retransmission`",
                "transactions are per hop (branch): frame {ring_a} `sipdialog.txn.request == {inv_a}`, frame "
                "{ring_b} `sipdialog.txn.request == {inv_b}`",
                "`sipdialog.invite == {inv_a}` (first seen), `sipdialog.answer` = {ok_b} or {ok_a} (first seen: "
                "{ok_b}), `sipdialog.outcome == \"answered\"`, `sipdialog.hangup_by == \"callee\"`, "
                "`sipdialog.pdd` = {dt:inv_a:ring_b} ({inv_a} -> {ring_b}; {dt:inv_a:ring_a} to the copy at {ring_a})"],
               ["tshark 4.0.17: `sip.resend` is 0 on the second-hop copies; `sip.response-request` links each "
                "INVITE response to its own hop's INVITE ({ring_a} -> {inv_a}, {ring_b} -> {inv_b}) but is EMPTY "
                "on the BYE's 200 OKs {byeok_a} and {byeok_b}"])
