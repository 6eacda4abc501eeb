"""Shared helpers for the scripted captures: addresses, credentials, send helpers."""

import base64
import hashlib

from . import rtp as rtpmod
from .digest import Creds

DOMAIN = "sipscope.test"
ALICE = Creds("alice", DOMAIN, "alicepw")
BOB = Creds("bob", DOMAIN, "bobpw")

# addresses (documentation ranges; 10.x for private)
ALICE_IP = "192.0.2.10"
PROXY_IP = "198.51.100.1"
STUN_IP = "198.51.100.3"
BOB_IP = "203.0.113.20"


def token(seed, n=32):
    """A deterministic base64 token (nonces, cnonces, opaques)."""
    raw = hashlib.sha256(seed.encode()).digest()
    return base64.b64encode(raw).decode().rstrip("=")[:n]


def tid(seed, n=12):
    return hashlib.sha256(("tid:" + seed).encode()).digest()[:n]


def send(cap, msg, src, dst, label=None, t=None, dt=None):
    """Send a SipMsg (or raw bytes) over UDP."""
    data = msg if isinstance(msg, (bytes, bytearray)) else msg.encode()
    return cap.udp(src, dst, data, t=t, dt=dt, label=label)


def rtp_flow(cap, src, dst, stream, start, count, label=None, skip=(), ptime=None, extra=None):
    """`count` packets of `stream` from src to dst starting at absolute ms `start`.

    Labels `<label>_first` / `<label>_last` mark the first and last packet sent.
    `skip` lists packet indexes not sent.  Returns the time after the last packet.
    """
    pt = ptime or stream.ptime
    sent = [k for k in range(count) if k not in skip]
    for k in sent:
        lab = None
        if label and k == sent[0]:
            lab = label + "_first"
        elif label and k == sent[-1]:
            lab = label + "_last"
        cap.udp(src, dst, stream.packet(k), t=start + k * pt, label=lab)
    return start + count * pt


def rtcp_sr(cap, src, dst, ssrc, t, packets, octets, rtp_ts, cname, label=None):
    sec, frac = rtpmod.ntp_time(cap.start_us / 1e6 + t / 1000.0)
    pkt = rtpmod.sender_report(ssrc, sec, frac, rtp_ts, packets, octets) + rtpmod.sdes_cname(ssrc, cname)
    return cap.udp(src, dst, pkt, t=t, label=label)
