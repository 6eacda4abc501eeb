#!/usr/bin/env python3
"""mediabind_memory.py: RTP memory stays constant per stream (a benchmark-style check).

Generates captures with one SIP call and N RTP packets (both directions, 20 ms, PCMU), runs
tshark with the plugin twice per capture, mediabind enabled and disabled
(`--disable-protocol mediabind`, everything else equal), and reports the peak RSS of each run
and the difference per RTP packet (plus plain tshark without the plugin, with `-z io,stat,0`
so that it dissects every packet too, for context). Run it for two sizes: if mediabind's own memory were
growing per packet, the per-packet difference would not shrink towards the cost of the
per-frame record (one pointer stored with p_add_proto_data, which Wireshark keeps in a small
list node of its own).

    mediabind_memory.py [--so PATH] [--packets N ...] [--calls C] [--two-pass] [--keep DIR]

With --calls C (e.g. 2000 calls of 10 RTP packets) the difference per call is printed too:
mediabind's per-call state (call, bindings, streams, address map entries).

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


def write_capture(path, n_rtp, calls=1):
    """calls sequential calls (distinct Call-IDs and media ports), n_rtp RTP packets each"""
    t0 = 1767225600 * 1000000
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))

        def put(us, data):
            f.write(struct.pack("<IIII", us // 1000000, us % 1000000, len(data), len(data)) + data)

        t = t0
        for c in range(calls):
            t = write_call(put, t, c, n_rtp)


def write_call(put, t, c, n_rtp):
    pa, pb = 10000 + 2 * (c % 20000), 30000 + 2 * (c % 15000)
    common = [f"Call-ID: bench-{c}@sipscope.test", f"From: <sip:alice@sipscope.test>;tag=a{c}",
              "Max-Forwards: 70"]
    inv = sip(["INVITE sip:bob@sipscope.test SIP/2.0", f"Via: SIP/2.0/UDP {A}:5060;branch=z9hG4bK1",
               "To: <sip:bob@sipscope.test>", "CSeq: 1 INVITE", f"Contact: <sip:alice@{A}>",
               "Content-Type: application/sdp"] + common, sdp(A, pa))
    ok = sip(["SIP/2.0 200 OK", f"Via: SIP/2.0/UDP {A}:5060;branch=z9hG4bK1",
              "To: <sip:bob@sipscope.test>;tag=b", "CSeq: 1 INVITE", f"Contact: <sip:bob@{B}>",
              "Content-Type: application/sdp"] + common, sdp(B, pb))
    ack = sip([f"ACK sip:bob@{B} SIP/2.0", f"Via: SIP/2.0/UDP {A}:5060;branch=z9hG4bK2",
               "To: <sip:bob@sipscope.test>;tag=b", "CSeq: 1 ACK"] + common)
    bye = sip([f"BYE sip:bob@{B} SIP/2.0", f"Via: SIP/2.0/UDP {A}:5060;branch=z9hG4bK3",
               "To: <sip:bob@sipscope.test>;tag=b", "CSeq: 2 BYE"] + common)
    put(t, frame(A, 5060, B, 5060, inv))
    put(t + 1000, frame(B, 5060, A, 5060, ok))
    put(t + 2000, frame(A, 5060, B, 5060, ack))
    payload = b"\xff" * 20      # small payload: the packet count is what matters
    t += 10000
    for i in range(n_rtp // 2):
        seq, ts = i & 0xFFFF, (i * 160) & 0xFFFFFFFF
        put(t, frame(A, pa, B, pb, struct.pack("!BBHII", 0x80, 0, seq, ts, 0xA11CE) + payload))
        put(t + 500, frame(B, pb, A, pa, struct.pack("!BBHII", 0x80, 0, seq, ts, 0xB0B) + payload))
        t += 20000
    put(t, frame(A, 5060, B, 5060, bye))
    return t + 1000


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
    ap.add_argument("--packets", type=int, nargs="*", default=[100000, 1000000],
                    help="RTP packets per capture (one call), or per call with --calls")
    ap.add_argument("--calls", type=int, default=1, help="calls per capture (sequential)")
    ap.add_argument("--two-pass", action="store_true", help="tshark -2 (frame data kept for all frames)")
    ap.add_argument("--keep", help="directory for the generated captures (default: a temporary one)")
    a = ap.parse_args()
    d = a.keep or tempfile.mkdtemp(prefix="mediabind-mem.")
    os.makedirs(d, exist_ok=True)
    os.chmod(d, 0o755)
    wrapper = os.path.join(ROOT, "tools", "sipscope-tshark")
    print(f"{'calls':>6} {'RTP packets':>12} {'no plugin kB':>13} {'disabled kB':>12} {'enabled kB':>12} {'delta kB':>10} "
          f"{'bytes/packet':>13}")
    for n in a.packets:
        cap = os.path.join(d, f"bench-{a.calls}x{n}.pcap")
        if not os.path.exists(cap):
            write_capture(cap, n, a.calls)
            os.chmod(cap, 0o644)
        base = [wrapper, "--so", a.so, "--", "-r", cap, "-q", "-z", "mediabind,streams"]
        if a.two_pass:
            base.insert(base.index("-q"), "-2")
        plain = [wrapper, "--no-plugin", "--"] + base[base.index("--") + 1:]
        plain = [x if x != "mediabind,streams" else "io,stat,0" for x in plain]   # same dissection
        none = peak_rss_kb(plain)
        off = peak_rss_kb(base + ["--disable-protocol", "mediabind"])
        on = peak_rss_kb(base)
        total = n * a.calls
        print(f"{a.calls:>6} {total:>12} {none:>13} {off:>12} {on:>12} {on - off:>10} "
              f"{1024.0 * (on - off) / total:>13.1f}" +
              (f"   {1024.0 * (on - off) / a.calls:.0f} bytes/call" if a.calls > 1 else ""))
    if not a.keep:
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))
        os.rmdir(d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
