#!/usr/bin/env python3
"""verify_ladder.py: check -z sipladder against what plain tshark says about the same capture,
as an aid when reviewing golden files (it does not replace reading them).

For each capture it runs, with the built plugin, -z sipladder,format=json (the same rows as
the text ladder, see check_json_text.py) and, without the plugin, tshark's own fields and
-z rtp,streams, then checks:
  * every SIP message of the capture (frame, position in the frame) is exactly one SIP row,
    in the call of its Call-ID, with the frame's addresses and ports, the method (requests)
    or the status code (responses), and the Request-URI user;
  * every SIP row is such a message;
  * each media row has the packets tshark counts for that flow in -z rtp,streams (streams
    tshark does not decode as RTP, and RTCP/T.38 rows, are listed as notes);
  * every STUN row is a STUN frame with those addresses.

    verify_ladder.py --so build/sipscope.so CAPTURE...
"""
import argparse
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WRAP = os.path.join(ROOT, "tools", "sipscope-tshark")
CREDS = os.path.join(ROOT, "tshark-tests", "cases", "sipladder", "sipscope_credentials")


def run(cmd):
    env = dict(os.environ, SIPSCOPE_CONFIG_FILES=CREDS)
    p = subprocess.run(cmd, capture_output=True, env=env)
    if p.returncode:
        raise RuntimeError(p.stderr.decode(errors="replace")[:500])
    return p.stdout.decode("utf-8", "replace")


def fields(cap, flt, names):
    out = run([WRAP, "--no-plugin", "--", "-r", cap, "-Y", flt, "-T", "fields", "-E", "occurrence=a",
               "-E", "separator=\t", "-E", "aggregator=\x1f"] + sum((["-e", n] for n in names), []))
    rows = []
    for line in out.splitlines():
        parts = line.split("\t")
        rows.append({n: (parts[i].split("\x1f") if i < len(parts) and parts[i] else []) for i, n in enumerate(names)})
    return rows


def ep(addrs, ports):
    a = addrs[0] if addrs else None
    p = int(ports[0]) if ports else 0
    return a, p


def verify(so, cap):
    notes, errors = [], []
    data = json.loads(run([WRAP, "--so", so, "--", "-r", cap, "-q", "-z", "sipladder,format=json"]))
    rows = []
    for c in data["calls"]:
        for r in c["rows"]:
            rows.append((c, r))

    # SIP messages according to tshark (one frame may hold several)
    names = ["frame.number", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "udp.srcport", "udp.dstport",
             "tcp.srcport", "tcp.dstport", "sctp.srcport", "sctp.dstport", "sip.Method", "sip.Status-Code",
             "sip.Call-ID", "sip.r-uri.user", "sip.CSeq.method"]
    sip = {}
    for f in fields(cap, "sip", names):
        n = int(f["frame.number"][0])
        src = ep(f["ip.src"] or f["ipv6.src"], f["udp.srcport"] or f["tcp.srcport"] or f["sctp.srcport"])
        dst = ep(f["ip.dst"] or f["ipv6.dst"], f["udp.dstport"] or f["tcp.dstport"] or f["sctp.dstport"])
        sip[n] = {"src": src, "dst": dst, "callids": f["sip.Call-ID"], "methods": f["sip.Method"],
                  "status": f["sip.Status-Code"], "ruser": f["sip.r-uri.user"]}

    seen = collections.Counter()
    for c, r in rows:
        if r["kind"] != "sip":
            continue
        n = r["frame"]
        seen[n] += 1
        t = sip.get(n)
        if not t:
            errors.append(f"call {c['call']} frame {n}: a SIP row but tshark sees no SIP")
            continue
        if (r["src_addr"], r["src_port"]) != t["src"] or (r["dst_addr"], r["dst_port"]) != t["dst"]:
            errors.append(f"frame {n}: row {r['src_addr']}:{r['src_port']} -> {r['dst_addr']}:{r['dst_port']}, "
                          f"tshark {t['src']} -> {t['dst']}")
        if c["call_id"] not in t["callids"]:
            errors.append(f"frame {n}: call {c['call']} Call-ID {c['call_id']!r} not in {t['callids']}")
        if "method" in r:
            if r["method"] not in t["methods"]:
                errors.append(f"frame {n}: method {r['method']} not in {t['methods']}")
            want = r["method"] + (" " + r["ruri_user"] if r.get("ruri_user") else "")
            if r["label"] != want:
                errors.append(f"frame {n}: label {r['label']!r}, expected {want!r}")
            if r.get("ruri_user") and r["ruri_user"] not in t["ruser"]:
                errors.append(f"frame {n}: R-URI user {r['ruri_user']!r} not in {t['ruser']}")
        else:
            if str(r["status"]) not in t["status"]:
                errors.append(f"frame {n}: status {r['status']} not in {t['status']}")
            if not r["label"].startswith(str(r["status"])):
                errors.append(f"frame {n}: label {r['label']!r} does not start with the status")
    for n, t in sip.items():
        want = max(1, len(t["methods"]) + len(t["status"]))
        if not t["callids"]:
            notes.append(f"frame {n}: SIP without Call-ID (not in any call)")
            continue
        if seen[n] != want:
            errors.append(f"frame {n}: {want} SIP message(s) in tshark, {seen[n]} row(s)")

    # media
    rtp = collections.defaultdict(int)
    out = run([WRAP, "--no-plugin", "--", "-r", cap, "-q", "-z", "rtp,streams"])
    for line in out.splitlines():
        p = line.split()
        pct = [i for i, t in enumerate(p) if t.startswith("(") and t.endswith("%)")]
        if len(p) >= 10 and p[3].isdigit() and p[5].isdigit() and p[6].startswith("0x") and pct:
            rtp[(p[2], int(p[3]), p[4], int(p[5]))] += int(p[pct[0] - 2])
    for c, r in rows:
        if r["kind"] != "media":
            continue
        key = (r["src_addr"], r["src_port"], r["dst_addr"], r["dst_port"])
        if r["label"].startswith("RTP ") and key in rtp:
            # several pieces of one flow (renegotiations) add up to tshark's count
            total = sum(x["packets"] for cc, x in rows if x["kind"] == "media" and x["label"].startswith("RTP ") and
                        (x["src_addr"], x["src_port"], x["dst_addr"], x["dst_port"]) == key)
            if total != rtp[key]:
                errors.append(f"call {c['call']} media {key}: {total} packets, rtp,streams {rtp[key]}")
        else:
            notes.append(f"call {c['call']} frame {r['frame']}: {r['label']} {key} not in rtp,streams "
                         f"({r['packets']} packets)")
    shown = {(x["src_addr"], x["src_port"], x["dst_addr"], x["dst_port"]) for _, x in rows if x["kind"] == "media"}
    for key, n in rtp.items():
        if key not in shown:
            notes.append(f"rtp,streams flow {key} ({n} packets) is not a media row")

    stun = {int(f["frame.number"][0]) for f in fields(cap, "stun or classicstun", ["frame.number"])}
    for c, r in rows:
        if r["kind"] == "stun" and r["frame"] not in stun:
            errors.append(f"call {c['call']} frame {r['frame']}: a STUN row on a frame without STUN")
    return data, notes, errors


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--so", required=True)
    ap.add_argument("captures", nargs="+")
    a = ap.parse_args()
    bad = 0
    for cap in a.captures:
        data, notes, errors = verify(a.so, cap)
        print(f"{'FAIL' if errors else 'ok  '} {os.path.basename(cap)}: {len(data['calls'])} calls, "
              f"{sum(len(c['rows']) for c in data['calls'])} rows")
        for e in errors:
            print("   ERROR " + e)
        for n in notes:
            print("   note  " + n)
        bad += bool(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
