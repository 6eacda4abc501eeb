#!/usr/bin/env python3
"""setup_time_check.py: sipdialog's timings against Wireshark's own SIP timings.

Wireshark 4.0's SIP dissector puts `sip.response-time` on every ACK sent over UDP: the time
from the INVITE it finds for the same Call-ID and address pair to the ACK, in whole ms, and
`-z sip,stat` averages these values ("Average setup time", ACKs with a value > 0). sipdialog's
contract `sipdialog.setup_time` is INVITE -> 2xx; the INVITE -> ACK time is derived from its
records: the ACK's transaction (an ACK of a non-2xx belongs to the INVITE transaction,
`sipdialog.txn.request`), or for an ACK of a 2xx the INVITE of the 2xx it acknowledges
(`sipdialog.acks` -> that frame's `sipdialog.txn.request`).

Wireshark does not pair by transaction: it measures from the latest non-resent request on the
same Call-ID and address/port pair (packet-sip.c, sip_find_invite/sip_is_packet_resend). After a
PRACK, a CANCEL or an INVITE copy on another capture path that request is not the INVITE, and
its "setup time" is PRACK -> ACK, CANCEL -> ACK, and so on. The script models that choice.

For each capture this checks, with the real tshark and the built plugin:
  1. on every call, sipdialog.setup_time == time(sipdialog.answer) - time(sipdialog.invite);
  2. on every ACK where Wireshark gives sip.response-time: when Wireshark's reference request is
     the INVITE sipdialog pairs the ACK with, sipdialog's INVITE -> ACK time truncated to ms
     (Wireshark's arithmetic) is the same value ("agree"); otherwise Wireshark's value must be
     the time from its modelled reference request ("explained": it names that request);
  3. the "Average setup time" of `-z sip,stat` equals the average of Wireshark's per-ACK values
     (the population check), and equals sipdialog's average INVITE -> ACK whenever every ACK
     agreed.
It prints one line per capture with the numbers (calls, ACKs agreeing/explained, sip,stat
average, sipdialog's average INVITE -> ACK and INVITE -> 2xx).

    setup_time_check.py [--so PATH] [CAPTURE...]     (default: the built-in list)
Exit status: 0 pass, 1 fail, 77 skipped (no capture available).
"""
import argparse
import os
import re
import subprocess
import sys
from decimal import Decimal

from public_captures import public_dir

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SKIP = 77

DEFAULT = [
    "testdata/captures/rec-call-auth.pcap",
    "testdata/captures/rec-call-fork.pcap",
    "testdata/captures/rec-call-hold.pcap",
    "testdata/captures/rec-call-busy.pcap",
    "testdata/captures/rec-call-cancel.pcap",
    "testdata/captures/gen-dialog-retrans.pcap",
    "testdata/captures/gen-dialog-fork.pcap",
    "testdata/captures/gen-dialog-prack.pcap",
    "testdata/captures/gen-dialog-reinvite.pcap",
    "testdata/captures/gen-dialog-proxy-2hops.pcap",
    "testdata/captures/gen-dialog-ipv6.pcap",
    "public:sample-captures__sip-rtp-g711.pcap",
    "public:sample-captures__sip-rtp-speex.pcap",
    "public:sample-captures__sip-rtp-opus.pcap",
    "public:sample-captures__SIP_DTMF2.cap",
    "public:sample-captures__Asterisk_ZFONE_XLITE.pcap",
    "public:an__sip-call.pcap",
    "public:pcap2sipp__example.pcap",
    "public:heplify__rtp_rtcp_sip_ipv4_udp.pcap",
    "public:heplify__FAX-Call-t38-CA-TDM-SIP-FB-1.pcap",
]

FIELDS = ["frame.number", "frame.time_epoch", "sip.Method", "udp.srcport", "udp.dstport",
          "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "sip.Call-ID", "sip.resend",
          "sip.response-time", "sipdialog.call", "sipdialog.txn.request", "sipdialog.acks",
          "sipdialog.invite", "sipdialog.answer", "sipdialog.setup_time"]


def resolve(spec):
    if spec.startswith("public:"):
        d = public_dir()
        return os.path.join(d, spec[7:]) if d else None
    return spec if os.path.isabs(spec) else os.path.join(ROOT, spec)


def tshark(so, args):
    cmd = [os.path.join(ROOT, "tools", "sipscope-tshark"), "--so", so, "--"] + args
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        raise RuntimeError(f"tshark failed ({p.returncode}): {p.stderr.strip()}")
    return p.stdout


def ws_ms(t_req, t_ack):
    """Wireshark's response time: seconds*1000 + nanoseconds/1e6, C integer arithmetic."""
    s_req, ns_req = split_ts(t_req)
    s_ack, ns_ack = split_ts(t_ack)
    ds, dns = s_ack - s_req, ns_ack - ns_req
    return ds * 1000 + int(dns / 1000000)     # int() truncates toward zero, like C


def split_ts(t):
    s, _, frac = t.partition(".")
    return int(s), int((frac + "000000000")[:9])


def check(so, cap):
    out = tshark(so, ["-r", cap, "-2", "-Y", "sip", "-T", "fields", "-E", "occurrence=f"] +
                 sum((["-e", f] for f in FIELDS), []))
    rows = {}
    for line in out.splitlines():
        v = line.split("\t")
        if len(v) != len(FIELDS):
            continue
        rows[int(v[0])] = dict(zip(FIELDS, v))
    problems = []

    # 1. setup_time = answer - invite, per call
    calls = {}
    for r in rows.values():
        if r["sipdialog.call"] and r["sipdialog.setup_time"]:
            calls[r["sipdialog.call"]] = r
    setups = []
    for call, r in sorted(calls.items(), key=lambda kv: int(kv[0])):
        inv, ans = int(r["sipdialog.invite"]), int(r["sipdialog.answer"])
        want = Decimal(rows[ans]["frame.time_epoch"]) - Decimal(rows[inv]["frame.time_epoch"])
        got = Decimal(r["sipdialog.setup_time"])
        setups.append(got)
        if abs(want - got) > Decimal("0.000001"):
            problems.append(f"call {call}: setup_time {got} != answer {ans} - invite {inv} = {want}")

    # 2. per ACK: Wireshark's reference request (modelled) and its value, against sipdialog's
    def wskey(r):
        return (r["sip.Call-ID"], r["ip.src"] or r["ipv6.src"], r["udp.srcport"],
                r["ip.dst"] or r["ipv6.dst"], r["udp.dstport"])
    last_request = {}      # Wireshark's key -> latest non-resent request frame
    agree, explained, ws_values, ours_all = [], [], [], []
    for n, r in sorted(rows.items()):
        if not r["udp.srcport"] or not r["sip.Method"]:
            continue
        key = wskey(r)
        ref = last_request.get(key)
        if r["sip.Method"] == "ACK" and r["sip.response-time"]:
            ws = int(r["sip.response-time"])
            ws_values.append(ws)
            inv = None
            if r["sipdialog.acks"]:
                acked = rows.get(int(r["sipdialog.acks"]))
                if acked and acked["sipdialog.txn.request"]:
                    inv = int(acked["sipdialog.txn.request"])
            elif r["sipdialog.txn.request"] and int(r["sipdialog.txn.request"]) != n:
                inv = int(r["sipdialog.txn.request"])
            ours = ws_ms(rows[inv]["frame.time_epoch"], r["frame.time_epoch"]) if inv in rows else None
            if ours is not None and ours > 0:
                ours_all.append(ours)
            if ref == inv and ours == ws:
                agree.append(n)
            elif ref is not None and ws_ms(rows[ref]["frame.time_epoch"], r["frame.time_epoch"]) == ws:
                explained.append(f"ACK {n}: Wireshark {ws} ms from frame {ref} ({rows[ref]['sip.Method']}), "
                                 f"sipdialog INVITE {inv} -> ACK {ours} ms")
            else:
                problems.append(f"ACK {n}: Wireshark {ws} ms, sipdialog (INVITE {inv}) {ours} ms, "
                                f"modelled reference {ref}")
        if r["sip.resend"] != "1" or r["sip.Method"] == "ACK":
            last_request[key] = n

    # 3. the -z sip,stat average (ACKs with a setup time > 0, integer average)
    stat = tshark(so, ["-r", cap, "-q", "-z", "sip,stat"])
    m = re.search(r"Average setup time (\d+) ms", stat)
    ws_avg = int(m.group(1)) if m else None
    positive = [v for v in ws_values if v > 0]
    model_avg = sum(positive) // len(positive) if positive else None
    our_avg = sum(ours_all) // len(ours_all) if ours_all else None
    if positive and ws_avg != model_avg:
        problems.append(f"-z sip,stat average {ws_avg} ms != average of its per-ACK values {model_avg} ms")
    if positive and not explained and our_avg != ws_avg:
        problems.append(f"-z sip,stat average {ws_avg} ms != sipdialog's INVITE -> ACK average {our_avg} ms")
    setup_avg = (sum(setups) / len(setups) * 1000) if setups else None
    return {
        "calls": len(calls), "agree": len(agree), "explained": explained, "ws_avg": ws_avg,
        "our_avg": our_avg, "setup_avg": setup_avg, "problems": problems,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("captures", nargs="*")
    ap.add_argument("--so", default=os.environ.get("SIPSCOPE_SO", os.path.join(ROOT, "build", "sipscope.so")))
    a = ap.parse_args()
    caps = a.captures or DEFAULT
    failed = ran = 0
    for spec in caps:
        cap = resolve(spec)
        if not cap or not os.path.exists(cap):
            print(f"SKIP {spec}: not found")
            continue
        ran += 1
        r = check(a.so, cap)
        fmt = lambda v, u="ms": "-" if v is None else (f"{v:.1f} {u}" if isinstance(v, Decimal) else f"{v} {u}")
        print(f"{'FAIL' if r['problems'] else 'PASS'} {os.path.basename(cap)}: calls with setup {r['calls']}, "
              f"ACKs agreeing {r['agree']}, explained {len(r['explained'])}, sip,stat avg {fmt(r['ws_avg'])}, "
              f"sipdialog INVITE->ACK avg {fmt(r['our_avg'])}, sipdialog setup (INVITE->2xx) avg "
              f"{fmt(r['setup_avg'])}")
        for p in r["problems"]:
            print("    " + p)
        for x in r["explained"]:
            print("    explained: " + x)
        failed += bool(r["problems"])
    if not ran:
        return SKIP
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
