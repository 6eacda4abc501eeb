#!/usr/bin/env python3
"""capfuzz.py: whole-capture fuzzing of sipscope through the real tshark.

Two sources of hostile captures, both reproducible from a seed:
  * randpkt: Wireshark's random packet generator (udp, tcp, ip, ipv6, sctp);
  * structure-aware mutants: the UDP payloads of the testdata and public captures (SIP, SDP,
    STUN, RTP, RTCP), mutated with knowledge of their syntax (SIP header values replaced by
    huge, empty, quoted-unbalanced or numeric-overflow text, headers duplicated or dropped,
    Content-Length lies, Call-IDs and tags swapped between messages, STUN attribute lengths
    and types rewritten, RTP version/CSRC/extension/padding bits and sequence numbers scrambled),
    replayed with their original 5-tuples and order so the state machines see plausible calls.
Each capture runs through tshark with the plugin in one pass (-V), two passes with the taps, and
one pass without a tree (-q with the taps: sipscope's tap input).
A run passes when tshark exits 0 within the time limit with no sanitizer report or
"Dissector bug".

  capfuzz.py [--so PATH] [--count N] [--seed S] [--keep DIR]
"""
import argparse
import glob
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "testdata"))
from gen import pcap  # noqa: E402
from public_captures import public_dir  # noqa: E402

WRAP = os.path.join(ROOT, "tools", "sipscope-tshark")
BAD = re.compile(r"AddressSanitizer|runtime error:|Dissector bug|LeakSanitizer")


def udp_payloads(cap):
    """[(src, sport, dst, dport, payload bytes)] of a capture, in order."""
    out = subprocess.run(["tshark", "-r", cap, "-Y", "udp && !icmp && !icmpv6", "-T", "fields",
                          "-e", "ip.src", "-e", "ipv6.src", "-e", "udp.srcport",
                          "-e", "ip.dst", "-e", "ipv6.dst", "-e", "udp.dstport", "-e", "udp.payload"],
                         capture_output=True).stdout.decode()
    res = []
    for line in out.splitlines():
        f = line.split("\t")
        if len(f) < 7 or not f[6]:
            continue
        src = f[0] or f[1]
        dst = f[3] or f[4]
        if not src or not dst or "," in src or "," in dst:
            continue
        try:
            res.append((src, int(f[2]), dst, int(f[5]), bytes.fromhex(f[6].replace(":", ""))))
        except ValueError:
            continue
    return res


HOSTILE = [b"", b"\"", b"\"unterminated", b"x" * 70000, b"99999999999999999999", b"-1", b"\x00\x01\xff",
           b"<sip:a@[::1>", b"z9hG4bK", b";tag=", b"Digest realm=\"r\", nonce=\"", b"Digest ,,,,=,=,",
           b"SIP/2.0/UDP [2001:db8::1]:99999;branch=z9hG4bK;rport=;received=", b"IN IP4 999.1.1.1",
           b"audio 70000 RTP/AVP 300 -5", b"rtpmap:96 x/0/0", b"candidate:1 1 UDP 1 ::1 0 typ",
           b"ice-pwd:" + b"p" * 3000, b"%s%n%x", b"\r\n\r\n", b"0", b"4294967296"]


def mutate_sip(p, rnd, pool):
    lines = p.split(b"\r\n")
    for _ in range(rnd.randint(1, 4)):
        if not lines:
            break
        i = rnd.randrange(len(lines))
        op = rnd.randrange(7)
        if op == 0 and b":" in lines[i]:
            name = lines[i].split(b":", 1)[0]
            lines[i] = name + b": " + rnd.choice(HOSTILE)
        elif op == 1:
            lines.insert(i, lines[rnd.randrange(len(lines))])
        elif op == 2 and len(lines) > 1:
            del lines[i]
        elif op == 3:
            lines[i] = lines[i][: rnd.randrange(len(lines[i]) + 1)]
        elif op == 4 and pool:
            other = rnd.choice(pool).split(b"\r\n")
            lines[i] = rnd.choice(other)          # a header (Call-ID, tag...) from another message
        elif op == 5:
            lines[i] = re.sub(rb"\d+", lambda m: str(rnd.choice([0, 1, 65535, 65536, 2 ** 32, 10 ** 20])).encode(),
                              lines[i])
        else:
            lines[i] = bytes(rnd.randrange(256) if rnd.random() < 0.05 else c for c in lines[i])
    return b"\r\n".join(lines)


def mutate_stun(p, rnd):
    b = bytearray(p)
    for _ in range(rnd.randint(1, 3)):
        if len(b) < 20:
            break
        op = rnd.randrange(4)
        if op == 0:            # message length
            struct.pack_into("!H", b, 2, rnd.choice([0, 4, len(b), len(b) + 4, 0xFFFF]))
        elif op == 1 and len(b) > 24:   # an attribute length or type somewhere after the header
            off = 20 + 4 * rnd.randrange((len(b) - 20) // 4)
            if off + 4 <= len(b):
                struct.pack_into("!HH", b, off, rnd.choice([1, 6, 8, 0x20, 0x8028, 0x001c, 0x0006, rnd.randrange(65536)]),
                                 rnd.choice([0, 1, 3, 8, 20, 32, 0xFFFF]))
        elif op == 2:
            b = b[: rnd.randrange(len(b) + 1)]
        else:
            i = rnd.randrange(len(b))
            b[i] = rnd.randrange(256)
    return bytes(b)


def mutate_rtp(p, rnd):
    b = bytearray(p)
    if len(b) < 12:
        return bytes(b)
    op = rnd.randrange(5)
    if op == 0:
        b[0] = rnd.randrange(256)                 # version/padding/extension/CSRC count
    elif op == 1:
        struct.pack_into("!H", b, 2, rnd.randrange(65536))
    elif op == 2:
        struct.pack_into("!I", b, 8, rnd.choice([0, rnd.randrange(2 ** 32)]))
    elif op == 3:
        b[1] = rnd.randrange(256)                 # marker + payload type (RTCP range too)
    else:
        b = b[: rnd.randrange(12)]
    return bytes(b)


def mutant_capture(path, flows, rnd):
    sip_pool = [p for *_, p in flows if p[:3] in (b"INV", b"SIP", b"ACK", b"BYE", b"REG", b"CAN")]
    cap = pcap.Capture("fuzz")
    for src, sport, dst, dport, p in flows:
        r = rnd.random()
        if r < 0.35:
            if re.match(rb"^[A-Z]+ \S+ SIP/2\.0|^SIP/2\.0 ", p):
                p = mutate_sip(p, rnd, sip_pool)
            elif len(p) >= 20 and p[0] < 2 and p[4:8] == b"\x21\x12\xa4\x42":
                p = mutate_stun(p, rnd)
            elif len(p) >= 12 and p[0] >> 6 == 2:
                p = mutate_rtp(p, rnd)
            else:
                p = bytes(c ^ (1 << rnd.randrange(8)) if rnd.random() < 0.02 else c for c in p)
        elif r < 0.40:
            continue                                # drop
        elif r < 0.45:
            cap.udp((src, sport), (dst, dport), p[:65000], dt=0.001)   # duplicate
        try:
            cap.udp((src, sport), (dst, dport), p[:65000], dt=0.001)
        except (ValueError, struct.error):
            pass
    with open(path, "wb") as f:
        f.write(cap.to_bytes())


def run_tshark(so, cap, taps):
    for args in (["-r", cap, "-V"], ["-r", cap, "-2", "-q", "-z", "expert"] + taps,
                 ["-r", cap, "-q"] + taps):   # one pass without a tree: sipscope reads Wireshark's taps
        try:
            p = subprocess.run([WRAP, "--so", so, "--"] + args, capture_output=True, timeout=300)
        except subprocess.TimeoutExpired:
            return "timeout with %s" % " ".join(args[2:])
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode != 0 or BAD.search(err):
            return "exit %d with %s:\n%s" % (p.returncode, " ".join(args[2:]), err[-3000:])
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--so", default=os.path.join(ROOT, "build", "sipscope.so"))
    ap.add_argument("--count", type=int, default=40, help="structure-aware mutant captures")
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--keep", help="copy failing captures here")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    work = tempfile.mkdtemp(prefix="sipscope-capfuzz.")
    os.chmod(work, 0o755)
    try:
        srcs = sorted(glob.glob(os.path.join(ROOT, "testdata", "captures", "*.pcap")))
        pub = public_dir()
        if pub:
            srcs += sorted(glob.glob(os.path.join(pub, "*.pcap*")) + glob.glob(os.path.join(pub, "*.cap")))
        flows = {s: udp_payloads(s) for s in srcs}
        flows = {s: f for s, f in flows.items() if f}
        taps = []
        probe = next(iter(flows))
        for t in ("sipladder", "sipcdr"):
            if subprocess.run([WRAP, "--so", a.so, "--", "-r", probe, "-q", "-z", t],
                              capture_output=True, timeout=300).returncode == 0:
                taps += ["-z", t]
        jobs = []
        for kind in ("udp", "tcp", "ip", "ipv6", "sctp"):
            path = os.path.join(work, "randpkt-%s.pcap" % kind)
            subprocess.run(["randpkt", "-b", "1500", "-c", "2000", "-t", kind, path], check=True,
                           capture_output=True)
            jobs.append(path)
        names = sorted(flows)
        for i in range(a.count):
            src = names[i % len(names)]
            f = flows[src]
            if len(f) > 3000:                     # keep mutants small: a window of the capture
                start = rnd.randrange(len(f) - 3000)
                f = f[start:start + 3000]
            path = os.path.join(work, "mutant-%03d-%s.pcap" % (i, os.path.basename(src).split(".")[0]))
            mutant_capture(path, f, rnd)
            jobs.append(path)
        for j in jobs:
            os.chmod(j, 0o644)
        fails = 0
        for j in jobs:
            why = run_tshark(a.so, j, taps)
            if why:
                fails += 1
                print("FAIL %s: %s" % (os.path.basename(j), why))
                if a.keep:
                    os.makedirs(a.keep, exist_ok=True)
                    shutil.copy(j, a.keep)
        print("capfuzz: %d captures (5 randpkt, %d structure-aware mutants, seed %d), %d failed"
              % (len(jobs), a.count, a.seed, fails))
        return 1 if fails else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
