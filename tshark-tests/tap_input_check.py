#!/usr/bin/env python3
"""tap_input_check.py: sipscope's two inputs (docs/ARCHITECTURE.md) give the same calls.

Single-pass tshark without a tree makes sipscope read Wireshark's sip_follow/udp_follow/
tcp_follow taps; SIPSCOPE_INPUT=tree makes it read the protocol tree instead, as tshark -2 does.
For every Ethernet capture in testdata/captures/ (and the public ones when present), the capture
is also rewritten with an ARP frame after every frame: those frames carry no UDP, TCP or SIP, so
no tap gives anything for them, and they must not see the previous frame's messages. For both
versions, `-q -z sipladder` and `-q -z sipcdr,format=json` must be byte-identical with the two
inputs.

    tap_input_check.py --so build/sipscope.so [CAPTURE...]
Exit status: 0 pass, 1 fail.
"""
import argparse
import glob
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WRAP = os.path.join(ROOT, "tools", "sipscope-tshark")
sys.path.insert(0, HERE)
from public_captures import public_dir  # noqa: E402

# who-has 192.0.2.2 tell 192.0.2.1, broadcast
ARP = bytes.fromhex("ffffffffffff" "020000000001" "0806" "0001080006040001"
                    "020000000001" "c0000201" "000000000000" "c0000202")


def with_arp(src, dst):
    """src with an ARP frame after every frame; False when src is not a little/big-endian
    classic pcap of Ethernet frames (pcapng and other link types are left out)."""
    data = open(src, "rb").read()
    if len(data) < 24:
        return False
    for endian in ("<", ">"):
        magic, = struct.unpack(endian + "I", data[:4])
        if magic in (0xA1B2C3D4, 0xA1B23C4D):
            break
    else:
        return False
    link, = struct.unpack(endian + "I", data[20:24])
    if link & 0x0FFFFFFF != 1:
        return False
    out, off = [data[:24]], 24
    while off + 16 <= len(data):
        ts_s, ts_f, incl, _ = struct.unpack(endian + "IIII", data[off:off + 16])
        out.append(data[off:off + 16 + incl])
        off += 16 + incl
        out.append(struct.pack(endian + "IIII", ts_s, ts_f, len(ARP), len(ARP)) + ARP)
    open(dst, "wb").write(b"".join(out))
    return True


def run(so, cap, args, tree):
    env = dict(os.environ)
    env.pop("SIPSCOPE_INPUT", None)
    if tree:
        env["SIPSCOPE_INPUT"] = "tree"
    p = subprocess.run([WRAP, "--so", so, "--", "-r", cap] + args, capture_output=True, env=env,
                       timeout=600)
    return p.returncode, p.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--so", required=True)
    ap.add_argument("captures", nargs="*")
    a = ap.parse_args()
    caps = a.captures or sorted(glob.glob(os.path.join(ROOT, "testdata", "captures", "*.pcap")))
    pub = public_dir()
    if not a.captures and pub:
        caps += sorted(glob.glob(os.path.join(pub, "*.pcap")) + glob.glob(os.path.join(pub, "*.cap")))
    tmp = tempfile.mkdtemp(prefix="sipscope-tapin-")
    os.chmod(tmp, 0o755)
    bad = 0
    try:
        for cap in caps:
            versions = [cap]
            arp = os.path.join(tmp, "arp-" + os.path.basename(cap))
            if with_arp(cap, arp):
                os.chmod(arp, 0o644)
                versions.append(arp)
            for v in versions:
                for args in (["-q", "-z", "sipladder"], ["-q", "-z", "sipcdr,format=json"]):
                    rc_t, out_t = run(a.so, v, args, False)
                    rc_r, out_r = run(a.so, v, args, True)
                    name = "%s %s" % (os.path.basename(v), " ".join(args[1:]))
                    if rc_t or rc_r:
                        print("FAIL %s: exit %d (taps) / %d (tree)" % (name, rc_t, rc_r))
                        bad += 1
                    elif out_t != out_r:
                        print("FAIL %s: tap input differs from tree input" % name)
                        a_lines, b_lines = out_t.decode(errors="replace").splitlines(), out_r.decode(errors="replace").splitlines()
                        for i, (x, y) in enumerate(zip(a_lines, b_lines)):
                            if x != y:
                                print("  line %d\n  taps: %s\n  tree: %s" % (i + 1, x, y))
                                break
                        else:
                            print("  %d vs %d lines" % (len(a_lines), len(b_lines)))
                        bad += 1
                    elif not out_t.strip():
                        print("FAIL %s: no output" % name)
                        bad += 1
            print("ok   %s (%d versions)" % (os.path.basename(cap), len(versions)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("tap_input_check: %d captures, %d failures" % (len(caps), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
