#!/usr/bin/env python3
"""check_json_text.py: -z sipladder,format=json carries the same calls and rows as the text
ladder, parses as JSON, and one pass gives the same output as two passes (-2).

For every capture in testdata/captures/ and the public captures (when present), with the
real tshark and the given plugin:
  * the JSON parses (json.loads, as `python3 -m json.tool` does);
  * the text shows the same calls (numbers, in order) as the JSON;
  * per call, the text rows are the JSON rows: same frames in the same order, and every part
    of the JSON row's label ("label" and each of "notes") is on the row's text line, whole;
  * the summary counts agree (text "Messages N SIP" = JSON "packets");
  * text and JSON are byte-identical with and without -2;
  * -z sipcdr,format=json parses and lists the same calls.

    check_json_text.py --so build/sipscope.so [CAPTURE...]
Exit status: 0 pass, 1 fail.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CREDS = os.path.join(ROOT, "tshark-tests", "cases", "sipladder", "sipscope_credentials")


def public_dir():
    for c in (os.environ.get("SIPSCOPE_PUBLIC_CAPTURES"), os.path.join(ROOT, "..", "shared", "captures", "public"),
              "/work/shared/captures/public"):
        if c and os.path.isdir(c):
            return os.path.abspath(c)
    return None


def tshark(so, cap, args):
    env = dict(os.environ)
    env["SIPSCOPE_CONFIG_FILES"] = CREDS
    cmd = [os.path.join(ROOT, "tools", "sipscope-tshark"), "--so", so, "--", "-r", cap] + args
    p = subprocess.run(cmd, capture_output=True, env=env, timeout=600)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {p.returncode}: {p.stderr.decode(errors='replace')[:400]}")
    return p.stdout.decode("utf-8")


CALL_RE = re.compile(r"^(?:Call (\d+): |STUN outside calls: )")
ROW_RE = re.compile(r"^\s*(\S+)\s+(\d+)\s+(\||\S)")
MSG_RE = re.compile(r"^  Messages     (\d+) SIP")


def parse_text(text):
    """{call: {"rows": [(frame, line)], "sip": n}} in order of appearance"""
    calls = {}
    order = []
    cur = None
    in_ladder = False
    for line in text.split("\n"):
        m = CALL_RE.match(line)
        if m:
            cur = int(m.group(1)) if m.group(1) else 0
            calls[cur] = {"rows": [], "sip": None}
            order.append(cur)
            in_ladder = False
            continue
        if cur is None:
            continue
        m = MSG_RE.match(line)
        if m:
            calls[cur]["sip"] = int(m.group(1))
            continue
        if re.match(r"^\s*time\s+frame\b", line):
            in_ladder = True
            continue
        if in_ladder and "|" in line:
            m = re.match(r"^\s*(\S+)\s+(\d+)\s", line)
            if m and not line.lstrip().startswith("|"):
                calls[cur]["rows"].append((int(m.group(2)), line))
    return order, calls


def split_outputs(out):
    """one run prints the text ladder, the JSON ladder and the JSON CDR (in listener order)"""
    marks = {"text": out.find("sipladder: "), "json": out.find('{\n  "tap": "sipladder"'),
             "cdr": out.find('{\n  "tap": "sipcdr"')}
    if min(marks.values()) < 0:
        raise RuntimeError("missing output: " + ", ".join(k for k, v in marks.items() if v < 0))
    starts = sorted(marks.values()) + [len(out)]
    return {k: out[v:starts[starts.index(v) + 1]] for k, v in marks.items()}


def check_capture(so, cap):
    errors = []
    args = ["-q", "-z", "sipladder", "-z", "sipladder,format=json", "-z", "sipcdr,format=json"]
    one = split_outputs(tshark(so, cap, args))
    two = split_outputs(tshark(so, cap, ["-2"] + args))
    text, js, cdr = one["text"], one["json"], one["cdr"]
    text2, js2 = two["text"], two["json"]
    if text != text2:
        errors.append("text differs between one pass and -2")
    if js != js2:
        errors.append("JSON differs between one pass and -2")
    try:
        data = json.loads(js)
    except ValueError as e:
        return errors + [f"JSON does not parse: {e}"]
    try:
        cdrdata = json.loads(cdr)
    except ValueError as e:
        return errors + [f"CDR JSON does not parse: {e}"]
    order, calls = parse_text(text)
    jcalls = [c["call"] for c in data["calls"]]
    if "other_stun" in data:
        jcalls.append(0)
    if order != jcalls:
        errors.append(f"calls differ: text {order}, JSON {jcalls}")
    if [c["call"] for c in cdrdata["calls"]] != [n for n in jcalls if n]:
        errors.append("the CDR lists other calls than the ladder")
    jlist = list(data["calls"])
    if "other_stun" in data:
        jlist.append(dict(data["other_stun"], call=0, packets=0, streams=[]))
    for jc in jlist:
        n = jc["call"]
        if n not in calls:
            continue
        trows = calls[n]["rows"]
        jrows = jc["rows"]
        if [f for f, _ in trows] != [r["frame"] for r in jrows]:
            errors.append(f"call {n}: row frames differ: text {[f for f, _ in trows]}, JSON {[r['frame'] for r in jrows]}")
            continue
        for (frame, line), r in zip(trows, jrows):
            for part in [r["label"]] + r["notes"]:
                if part not in line:
                    errors.append(f"call {n} frame {frame}: {part!r} not on the text line {line!r}")
            if r["comment"] != " ".join(r["notes"]):
                errors.append(f"call {n} frame {frame}: comment is not the notes")
        if n and calls[n]["sip"] != jc["packets"]:
            errors.append(f"call {n}: text says {calls[n]['sip']} SIP messages, JSON {jc['packets']}")
        if sum(1 for r in jrows if r["kind"] == "sip") != jc["packets"]:
            errors.append(f"call {n}: {jc['packets']} packets but a different number of SIP rows")
        if sum(1 for r in jrows if r["kind"] == "media") != len(jc["streams"]):
            errors.append(f"call {n}: one media row per stream expected")
    return errors


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--so", required=True)
    ap.add_argument("captures", nargs="*")
    a = ap.parse_args()
    caps = a.captures
    if not caps:
        caps = sorted(glob.glob(os.path.join(ROOT, "testdata", "captures", "*.pcap*")))
        pub = public_dir()
        if pub:
            caps += sorted(glob.glob(os.path.join(pub, "*.pcap")) + glob.glob(os.path.join(pub, "*.pcapng")) +
                           glob.glob(os.path.join(pub, "*.cap")))
    failed = 0
    for cap in caps:
        try:
            errs = check_capture(a.so, cap)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            errs = [str(e)]
        if errs:
            failed += 1
            print(f"FAIL {os.path.basename(cap)}")
            for e in errs[:20]:
                print("  " + e)
        else:
            print(f"PASS {os.path.basename(cap)}")
    print(f"{len(caps) - failed} of {len(caps)} captures pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
