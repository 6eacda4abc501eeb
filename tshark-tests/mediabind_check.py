#!/usr/bin/env python3
"""mediabind_check.py: mediabind against Wireshark's own view of the same captures.

For each capture, with the real tshark and the built plugin:

1. Binding. Every RTP/RTCP/T.38 packet that Wireshark links to a SIP call (its
   rtp/rtcp/t38.setup-frame is a SIP message) must carry mediabind.call, and its
   mediabind.call_id must be the Call-ID of that setup frame. A setup frame that is itself
   media (a ZRTP packet sets up SRTP) stands for the SIP setup of that media; media set up by
   another protocol (MGCP, MEGACO) is not linked to a SIP call. (sip.call_id_generated is
   not used: Wireshark accumulates every Call-ID that ever set up the address there.)
2. Statistics. `-z rtp,streams` and `-z mediabind,streams` from one run: every RTP flow
   (source, destination) both list is compared: packets exactly, loss within 0.5 percentage
   points (Wireshark's Lost is expected - received with duplicates counted, i.e. mediabind's
   lost_cumulative), mean and max jitter within 0.1 ms. A flow that Wireshark splits by SSRC
   or mediabind splits by renegotiation is compared on its sums (packets, loss) and, when
   there is one SSRC, on jitter (mediabind's jitter summaries cover the whole flow: the last
   piece's values are the flow's).

    mediabind_check.py [--so PATH] [--public DIR] [-v] [CAPTURE...]

Without CAPTURE, the public captures named in the mediabind acceptance criteria are used
(exit 77 when they are not available). Exit status: 0 all agree, 1 a difference, 77 skipped.
"""
import argparse
import collections
import os
import re
import subprocess
import sys

from public_captures import public_dir

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SKIP = 77

ACCEPTANCE = [
    "sample-captures__sip-rtp-g711.pcap",
    "sample-captures__sip-rtp-g722.pcap",
    "sample-captures__sip-rtp-g729a.pcap",
    "sample-captures__sip-rtp-opus.pcap",
    "sample-captures__sip-rtp-speex.pcap",
    "heplify__rtp_rtcp_sip_ipv4_udp.pcap",
    "heplify__sip_ipv4_tcp.pcap",
    "sample-captures__Asterisk_ZFONE_XLITE.pcap",
    "snort3_demo__SIP_Eyebeam2Eyebeam_Video_Audio.pcap",
    "heplify__FAX-Call-t38-CA-TDM-SIP-FB-1.pcap",
]

LOSS_TOL_PCT = 0.5
JITTER_TOL_MS = 0.1


def tshark(so, args):
    cmd = [os.path.join(ROOT, "tools", "sipscope-tshark"), "--so", so, "--"] + args
    p = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=900)
    if p.returncode != 0:
        raise SystemExit(f"tshark failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr}")
    return p.stdout


def check_binding(so, cap, verbose):
    fields = ["frame.number", "frame.protocols", "rtp.setup-frame", "rtcp.setup-frame", "t38.setup-frame",
              "sip.Call-ID", "mediabind.call", "mediabind.call_id", "ip.dst", "ipv6.dst", "udp.dstport"]
    out = tshark(so, ["-r", cap, "-T", "fields", "-E", "occurrence=f"] + sum([["-e", f] for f in fields], []))
    rows = []
    sip_cid = {}
    for line in out.splitlines():
        col = line.split("\t")
        col += [""] * (len(fields) - len(col))
        rows.append(col)
        if col[5]:
            sip_cid[col[0]] = col[5]
    # the SIP frame that set each media frame up, following media setup frames (ZRTP)
    resolved, last_by_dst = {}, {}
    for r in rows:
        frame, setup, dst = r[0], r[2] or r[3] or r[4], (r[8] or r[9], r[10])
        if setup in sip_cid:
            res = setup
        elif setup in resolved:
            res = resolved[setup]
        elif not setup and any(k in r[1].split(":") for k in ("rtp", "rtcp", "t38")):
            res = last_by_dst.get(dst)
        else:
            res = None
        resolved[frame] = res
        if res:
            last_by_dst[dst] = res

    def sip_setup(frame):
        return resolved.get(frame)

    stats = collections.Counter()
    problems = []
    for frame, protos, rtp_sf, rtcp_sf, t38_sf, _, mb_call, mb_cid in (r[:8] for r in rows):
        has_setup = bool(rtp_sf or rtcp_sf or t38_sf)
        layers = protos.split(":")
        kind = "rtp" if "rtp" in layers else "rtcp" if "rtcp" in layers else "t38" if "t38" in layers else None
        if mb_call:
            stats["bound"] += 1
        if not kind:
            continue
        stats[kind] += 1
        setup = sip_setup(frame) if has_setup else None
        ws_cid = sip_cid.get(setup) if setup else None
        if not ws_cid:
            if mb_call:
                stats["bound_not_linked"] += 1
            continue
        stats["linked"] += 1
        if not mb_call:
            stats["linked_unbound"] += 1
            problems.append(f"frame {frame} ({kind}): set up by SIP frame {setup} (Call-ID {ws_cid}), not bound")
        elif mb_cid != ws_cid:
            stats["linked_other_call"] += 1
            problems.append(f"frame {frame} ({kind}): set up by SIP frame {setup} (Call-ID {ws_cid}), "
                            f"mediabind call {mb_call} ({mb_cid})")
        else:
            stats["linked_same_call"] += 1
    return stats, problems


WS_LINE = re.compile(r"^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\d+)\s+0x([0-9A-Fa-f]+)\s+(.*?)\s+(\d+)\s+(-?\d+) "
                     r"\((-?[\d.]+)%\)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*X?\s*$")


def ep(addr, port):
    return f"[{addr}]:{port}" if ":" in addr else f"{addr}:{port}"


def parse_streams(out):
    ws, mb = [], []
    section = None
    for line in out.splitlines():
        if "RTP Streams" in line:
            section = "ws"
            continue
        if "mediabind streams" in line:
            section = "mb"
            continue
        if section == "ws":
            m = WS_LINE.match(line)
            if m:
                ws.append({"src": ep(m.group(3), m.group(4)), "dst": ep(m.group(5), m.group(6)),
                           "ssrc": int(m.group(7), 16), "payload": m.group(8), "packets": int(m.group(9)),
                           "lost": int(m.group(10)), "mean_jitter": float(m.group(16)),
                           "max_jitter": float(m.group(17))})
        elif section == "mb" and line.startswith("call="):
            d = dict(kv.split("=", 1) for kv in line.split() if "=" in kv)
            if d.get("kind") == "RTP":
                mb.append(d)
    return ws, mb


def check_stats(so, cap, verbose):
    out = tshark(so, ["-r", cap, "-q", "-z", "rtp,streams", "-z", "mediabind,streams"])
    ws, mb = parse_streams(out)
    wsf, mbf = collections.defaultdict(list), collections.defaultdict(list)
    for s in ws:
        wsf[(s["src"], s["dst"])].append(s)
    for s in mb:
        mbf[(s["src"], s["dst"])].append(s)
    problems, notes, compared = [], [], 0
    for flow, pieces in sorted(mbf.items()):
        if flow not in wsf:
            why = "decoded by sipscope" if any("decoded_by" in p for p in pieces) else "not an RTP stream for Wireshark"
            notes.append(f"{flow[0]} -> {flow[1]}: only mediabind ({why})")
            continue
        wss = wsf[flow]
        compared += 1
        pk_mb = sum(int(p["packets"]) for p in pieces)
        pk_ws = sum(s["packets"] for s in wss)
        lost_mb = sum(int(p["lost_cumulative"]) for p in pieces)
        lost_ws = sum(s["lost"] for s in wss)
        exp_ws = pk_ws + lost_ws
        exp_mb = pk_mb + lost_mb
        label = f"{flow[0]} -> {flow[1]} (call {pieces[0]['call']} stream {pieces[0]['stream']}, " \
                f"{len(pieces)} piece(s), {len(wss)} SSRC(s))"
        line = [f"packets {pk_mb}/{pk_ws}", f"lost {lost_mb}/{lost_ws}"]
        if pk_mb != pk_ws:
            problems.append(f"{label}: packets mediabind {pk_mb}, Wireshark {pk_ws}")
        pct_mb = 100.0 * lost_mb / exp_mb if exp_mb else 0.0
        pct_ws = 100.0 * lost_ws / exp_ws if exp_ws else 0.0
        if abs(pct_mb - pct_ws) > LOSS_TOL_PCT:
            problems.append(f"{label}: loss mediabind {lost_mb} ({pct_mb:.2f}%), Wireshark {lost_ws} ({pct_ws:.2f}%)")
        if len(wss) == 1:
            last = max(pieces, key=lambda p: int(p["frames"].split("-")[0]))
            mx, mean = float(last["max_jitter"]), float(last["mean_jitter"])
            line += [f"max jitter {mx:.3f}/{wss[0]['max_jitter']:.3f}", f"mean jitter {mean:.3f}/{wss[0]['mean_jitter']:.3f}"]
            if abs(mx - wss[0]["max_jitter"]) > JITTER_TOL_MS:
                problems.append(f"{label}: max jitter mediabind {mx:.3f} ms, Wireshark {wss[0]['max_jitter']:.3f} ms")
            if abs(mean - wss[0]["mean_jitter"]) > JITTER_TOL_MS:
                problems.append(f"{label}: mean jitter mediabind {mean:.3f} ms, Wireshark {wss[0]['mean_jitter']:.3f} ms")
        else:
            line.append("jitter: per SSRC in Wireshark, not compared")
        if verbose:
            print(f"    {label}: " + ", ".join(line))
    for flow in sorted(set(wsf) - set(mbf)):
        notes.append(f"{flow[0]} -> {flow[1]}: only Wireshark (not bound to a SIP call)")
    return compared, problems, notes


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("captures", nargs="*")
    ap.add_argument("--so", default=os.environ.get("SIPSCOPE_SO", os.path.join(ROOT, "build", "sipscope.so")))
    ap.add_argument("--public")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    caps = [os.path.abspath(c) for c in a.captures]
    if not caps:
        d = public_dir(a.public)
        if not d:
            print("SKIP: public captures not found (set SIPSCOPE_PUBLIC_CAPTURES)")
            return SKIP
        caps = [os.path.join(d, c) for c in ACCEPTANCE if os.path.exists(os.path.join(d, c))]
        if not caps:
            print("SKIP: none of the acceptance captures is present")
            return SKIP
    failed = False
    for cap in caps:
        name = os.path.basename(cap)
        st, bproblems = check_binding(a.so, cap, a.verbose)
        compared, sproblems, notes = check_stats(a.so, cap, a.verbose)
        ok = not bproblems and not sproblems
        failed |= not ok
        print(f"{'PASS' if ok else 'FAIL'} {name}: linked {st['linked']} (rtp {st['rtp']}, rtcp {st['rtcp']}, "
              f"t38 {st['t38']} packets seen), same call {st['linked_same_call']}, unbound {st['linked_unbound']}, "
              f"other call {st['linked_other_call']}; bound without a Wireshark link {st['bound_not_linked']}; "
              f"RTP flows compared {compared}")
        for p in bproblems[:20] + sproblems:
            print("  " + p)
        if len(bproblems) > 20:
            print(f"  ... {len(bproblems) - 20} more binding problems")
        if a.verbose:
            for n in notes:
                print("  note: " + n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
