#!/usr/bin/env python3
"""mediabind_memory.py: RTP memory stays constant per stream (a benchmark-style check).

Generates captures with one SIP call and N RTP packets (both directions, 20 ms, PCMU), runs
tshark with the plugin twice per capture, mediabind enabled and disabled
(`--disable-protocol mediabind`, everything else equal), and reports the peak RSS of each run
and the difference per RTP packet (plus plain tshark without the plugin, `-q` with no tap,
which does not dissect at all in one pass, for context). Run it for two sizes: if mediabind's own memory were
growing per packet, the per-packet difference would not shrink towards the cost of the
per-frame record (one pointer stored with p_add_proto_data, which Wireshark keeps in a small
list node of its own).

    mediabind_memory.py [--so PATH] [--packets N ...] [--two-pass] [--keep DIR]

Prints a table; exit status 0 (it measures, it does not judge: the numbers go in the report).
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

A, B = "192.0.2.10", "203.0.113.20"


def ip4(a):
    return bytes(int(x) for x in a.split("."))


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def frame(src, sport, dst, dport, payload):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0x4000, 64, 17, 0, ip4(src), ip4(dst))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    eth = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
    return eth + ip + udp


def sip(lines, body=b""):
    head = "\r\n".join(lines + [f"Content-Length: {len(body)}", "", ""]).encode()
    return head + body


def sdp(addr, port):
    return (f"v=0\r\no=- 1 1 IN IP4 {addr}\r\ns=-\r\nc=IN IP4 {addr}\r\nt=0 0\r\n"
            f"m=audio {port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n").encode()


def write_capture(path, n_rtp):
    common = ["Call-ID: bench@sipscope.test", "From: <sip:alice@sipscope.test>;tag=a",
              "Max-Forwards: 70"]
    inv = sip(["INVITE sip:bob@sipscope.test SIP/2.0", f"Via: SIP/2.0/UDP {A}:5060;branch=z9hG4bK1",
               "To: <sip:bob@sipscope.test>", "CSeq: 1 INVITE", f"Contact: <sip:alice@{A}>",
               "Content-Type: application/sdp"] + common, sdp(A, 40000))
    ok = sip(["SIP/2.0 200 OK", f"Via: SIP/2.0/UDP {A}:5060;branch=z9hG4bK1",
              "To: <sip:bob@sipscope.test>;tag=b", "CSeq: 1 INVITE", f"Contact: <sip:bob@{B}>",
              "Content-Type: application/sdp"] + common, sdp(B, 30000))
    ack = sip([f"ACK sip:bob@{B} SIP/2.0", f"Via: SIP/2.0/UDP {A}:5060;branch=z9hG4bK2",
               "To: <sip:bob@sipscope.test>;tag=b", "CSeq: 1 ACK"] + common)
    bye = sip([f"BYE sip:bob@{B} SIP/2.0", f"Via: SIP/2.0/UDP {A}:5060;branch=z9hG4bK3",
               "To: <sip:bob@sipscope.test>;tag=b", "CSeq: 2 BYE"] + common)
    t0 = 1767225600 * 1000000
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))

        def put(us, data):
            f.write(struct.pack("<IIII", us // 1000000, us % 1000000, len(data), len(data)) + data)

        put(t0, frame(A, 5060, B, 5060, inv))
        put(t0 + 1000, frame(B, 5060, A, 5060, ok))
        put(t0 + 2000, frame(A, 5060, B, 5060, ack))
        payload = b"\xff" * 20      # small payload: the packet count is what matters
        t = t0 + 10000
        for i in range(n_rtp // 2):
            seq, ts = i & 0xFFFF, (i * 160) & 0xFFFFFFFF
            put(t, frame(A, 40000, B, 30000, struct.pack("!BBHII", 0x80, 0, seq, ts, 0xA11CE) + payload))
            put(t + 500, frame(B, 30000, A, 40000, struct.pack("!BBHII", 0x80, 0, seq, ts, 0xB0B) + payload))
            t += 20000
        put(t, frame(A, 5060, B, 5060, bye))


def peak_rss_kb(cmd):
    """Peak RSS of cmd and its descendants, in kB (ru_maxrss of the waited-for children)."""
    code = ("import resource, subprocess, sys\n"
            "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", code] + cmd, capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--so", default=os.environ.get("SIPSCOPE_SO", os.path.join(ROOT, "build", "sipscope.so")))
    ap.add_argument("--packets", type=int, nargs="*", default=[100000, 1000000])
    ap.add_argument("--two-pass", action="store_true", help="tshark -2 (frame data kept for all frames)")
    ap.add_argument("--keep", help="directory for the generated captures (default: a temporary one)")
    a = ap.parse_args()
    d = a.keep or tempfile.mkdtemp(prefix="mediabind-mem.")
    os.makedirs(d, exist_ok=True)
    os.chmod(d, 0o755)
    wrapper = os.path.join(ROOT, "tools", "sipscope-tshark")
    print(f"{'RTP packets':>12} {'no plugin kB':>13} {'disabled kB':>12} {'enabled kB':>12} {'delta kB':>10} "
          f"{'bytes/packet':>13}")
    for n in a.packets:
        cap = os.path.join(d, f"bench-{n}.pcap")
        if not os.path.exists(cap):
            write_capture(cap, n)
            os.chmod(cap, 0o644)
        base = [wrapper, "--so", a.so, "--", "-r", cap, "-q", "-z", "mediabind,streams"]
        if a.two_pass:
            base.insert(base.index("-q"), "-2")
        plain = [wrapper, "--no-plugin", "--"] + base[base.index("--") + 1:]
        plain = [x for x in plain if x not in ("-z", "mediabind,streams")]
        none = peak_rss_kb(plain)
        off = peak_rss_kb(base + ["--disable-protocol", "mediabind"])
        on = peak_rss_kb(base)
        print(f"{n:>12} {none:>13} {off:>12} {on:>12} {on - off:>10} {1024.0 * (on - off) / n:>13.1f}")
    if not a.keep:
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
        os.rmdir(d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
