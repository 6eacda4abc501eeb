#!/usr/bin/env python3
"""make_captures.py: large, reproducible benchmark captures (not committed; written to bench/out/).

  calls-rtp-N.pcap   N calls (default 2,000) with RTP both ways, overlapping in time: a mix of
                     answered calls (most, with PCMA RTP at 20 ms), busy (486), cancelled (487),
                     and answered after a 407 digest round trip.
  calls-sig-N.pcap   N calls (default 100,000) signalling only: INVITE/100/180/200/ACK/BYE/200.

The capture is streamed (a heap merges the per-call packet generators by time), so memory stays
small whatever N is. Same arguments, same bytes.

  bench/make_captures.py [--rtp-calls N] [--sig-calls N] [--rtp-seconds S] [--out DIR]
"""
import argparse
import heapq
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "testdata"))
from gen import pcap, sip, rtp  # noqa: E402  (the project's own capture library)

EPOCH = pcap.EPOCH_2026


def ip_of(n, net):
    """10.<net>.x.y for endpoint number n (1..65000)."""
    return "10.%d.%d.%d" % (net, (n >> 8) & 0xFF, n & 0xFF or 1)


def frame(src, sport, dst, dport, payload):
    l4 = pcap.udp(src, sport, dst, dport, payload)
    return pcap.ethernet(pcap.mac_for(src), pcap.mac_for(dst), pcap.ETH_IPV4,
                         pcap.ipv4(src, dst, pcap.PROTO_UDP, l4))


def call_packets(i, start, with_rtp, rtp_seconds):
    """Yield (time, frame bytes) of call i in time order."""
    a = sip.UA("caller%d" % i, ip_of(i, 1), 5060, agent="bench-uac")
    b = sip.UA("callee%d" % i, ip_of(i, 2), 5060, agent="bench-uas")
    d = sip.Dialog(a, b)
    t = start
    kind = "answered"
    if with_rtp:
        r = i % 10
        kind = {7: "busy", 8: "cancel", 9: "auth"}.get(r, "answered")
    a_port, b_port = 20000 + 2 * (i % 10000), 30000 + 2 * (i % 10000)
    offer = sip.sdp(a.ip, [sip.audio(a_port, pts=(8, 0, 101))])
    answer = sip.sdp(b.ip, [sip.audio(b_port, pts=(8, 101))])

    def msg(m, from_a, dt):
        nonlocal t
        t += dt
        src, dst = (a, b) if from_a else (b, a)
        return (t, frame(src.ip, src.port, dst.ip, dst.port, bytes(m)))

    inv = d.invite(body=offer)
    if kind == "auth":
        yield msg(inv, True, 0)
        ch = d.response(inv, 407, headers=[("Proxy-Authenticate",
               'Digest realm="sipscope.test", nonce="%08x", qop="auth", algorithm=MD5' % i)])
        yield msg(ch, False, 0.002)
        yield msg(d.ack(inv, ch), True, 0.001)
        inv = d.invite(body=offer, headers=[("Proxy-Authorization",
               'Digest username="caller%d", realm="sipscope.test", nonce="%08x", uri="%s", '
               'response="%032x", qop=auth, nc=00000001, cnonce="c%d", algorithm=MD5'
               % (i, i, d.ruri, i, i))])
        kind = "answered"
    yield msg(inv, True, 0.01)
    yield msg(d.response(inv, 100), False, 0.001)
    if kind == "busy":
        r = d.response(inv, 486)
        yield msg(r, False, 0.5)
        yield msg(d.ack(inv, r), True, 0.001)
        return
    yield msg(d.response(inv, 180), False, 0.05)
    if kind == "cancel":
        c = d.cancel(inv)
        yield msg(c, True, 1.0)
        yield msg(d.response(c, 200), False, 0.001)
        r = d.response(inv, 487)
        yield msg(r, False, 0.001)
        yield msg(d.ack(inv, r), True, 0.001)
        return
    ok = d.response(inv, 200, body=answer)
    yield msg(ok, False, 0.8)
    yield msg(d.ack(inv, ok), True, 0.002)
    if with_rtp:
        n = int(rtp_seconds / 0.02)
        payload = bytes([0xD5]) * 160
        t0 = t
        for k in range(n):
            ts = t0 + 0.01 + 0.02 * k
            pa = rtp.rtp(8, (1000 * i + k) & 0xFFFF, (160 * k) & 0xFFFFFFFF, 0x1000000 + i, payload)
            yield (ts, frame(a.ip, a_port, b.ip, b_port, pa))
            pb = rtp.rtp(8, (7 * i + k) & 0xFFFF, (160 * k + 80) & 0xFFFFFFFF, 0x2000000 + i, payload)
            yield (ts + 0.003, frame(b.ip, b_port, a.ip, a_port, pb))
        t = t0 + 0.02 * n
    bye = d.request("BYE", from_caller=(i % 2 == 0))
    yield msg(bye, i % 2 == 0, 0.05)
    yield msg(d.response(bye, 200), i % 2 != 0, 0.002)


def write(path, ncalls, with_rtp, spacing, rtp_seconds):
    gens = (call_packets(i, EPOCH + i * spacing, with_rtp, rtp_seconds) for i in range(1, ncalls + 1))
    merged = heapq.merge(*gens, key=lambda p: p[0])
    n = 0
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, pcap.LINKTYPE_ETHERNET))
        for t, data in merged:
            us = int(round(t * 1e6))
            f.write(struct.pack("<IIII", us // 1000000, us % 1000000, len(data), len(data)))
            f.write(data)
            n += 1
    os.replace(path + ".tmp", path)
    print("%s: %d calls, %d packets, %.1f MB" % (path, ncalls, n, os.path.getsize(path) / 1e6))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rtp-calls", type=int, default=2000)
    ap.add_argument("--sig-calls", type=int, default=100000)
    ap.add_argument("--rtp-seconds", type=float, default=3.0)
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    if a.rtp_calls:
        write(os.path.join(a.out, "calls-rtp-%d.pcap" % a.rtp_calls), a.rtp_calls, True, 0.25, a.rtp_seconds)
    if a.sig_calls:
        write(os.path.join(a.out, "calls-sig-%d.pcap" % a.sig_calls), a.sig_calls, False, 0.01, 0)


if __name__ == "__main__":
    main()
