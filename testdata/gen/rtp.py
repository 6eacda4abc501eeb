"""RTP (RFC 3550) and RTCP packet builders."""

import struct

SILENCE = {0: 0xFF, 8: 0xD5}      # G.711 mu-law / A-law silence


def rtp(pt, seq, ts, ssrc, payload=b"", marker=False, csrcs=(), padding=0, version=2):
    b0 = (version << 6) | ((1 if padding else 0) << 5) | len(csrcs)
    b1 = ((1 if marker else 0) << 7) | (pt & 0x7F)
    hdr = struct.pack("!BBHII", b0, b1, seq & 0xFFFF, ts & 0xFFFFFFFF, ssrc & 0xFFFFFFFF)
    hdr += b"".join(struct.pack("!I", c) for c in csrcs)
    pad = b""
    if padding:
        pad = b"\0" * (padding - 1) + bytes([padding])
    return hdr + payload + pad


def audio_payload(pt, n=160, seq=0):
    """Deterministic payload: G.711 silence with the low bits varying with seq."""
    base = SILENCE.get(pt)
    if base is not None:
        return bytes([base ^ ((seq + i) & 0x01 if i % 40 == 0 else 0) for i in range(n)])
    return bytes(((seq * 7 + i) & 0xFF) for i in range(n))


class RtpStream:
    """A sender: ssrc, pt, start seq/ts; `packet(k)` is the k-th packet in sending order.

    Sequence numbers and timestamps wrap as on the wire.
    """

    def __init__(self, ssrc, pt=0, seq0=1000, ts0=16000, clock=8000, ptime=20, size=160, payload=None):
        self.payload = payload            # optional callable(seq) -> bytes
        self.ssrc = ssrc
        self.pt = pt
        self.seq0 = seq0
        self.ts0 = ts0
        self.ptime = ptime
        self.step = clock * ptime // 1000
        self.size = size

    def packet(self, k, marker=None, pt=None, ssrc=None, seq=None, ts=None):
        s = (self.seq0 + k) & 0xFFFF if seq is None else seq
        t = (self.ts0 + k * self.step) & 0xFFFFFFFF if ts is None else ts
        p = self.pt if pt is None else pt
        body = self.payload(s) if self.payload else audio_payload(p, self.size, s)
        return rtp(p, s, t, self.ssrc if ssrc is None else ssrc, body,
                   marker=(k == 0) if marker is None else marker)


def h264_filler(size):
    """An H.264 single NAL unit packet carrying filler data (type 12): no slice for a dissector to parse."""
    return lambda seq: b"\x0c" + b"\xff" * (size - 2) + b"\x80"


# --------------------------------------------------------------------------
# RTCP

def _rtcp_hdr(count, pt, body):
    assert len(body) % 4 == 0
    return struct.pack("!BBH", 0x80 | (count & 0x1F), pt, (len(body) + 4) // 4 - 1) + body


def report_block(ssrc, fraction_lost=0, cum_lost=0, ext_highest_seq=0, jitter=0, lsr=0, dlsr=0):
    return struct.pack("!IB3sIIII", ssrc, fraction_lost, (cum_lost & 0xFFFFFF).to_bytes(3, "big"),
                       ext_highest_seq, jitter, lsr, dlsr)


def ntp_time(unix_seconds_float):
    sec = int(unix_seconds_float)
    frac = int(round((unix_seconds_float - sec) * (1 << 32))) & 0xFFFFFFFF
    return sec + 2208988800, frac


def sender_report(ssrc, ntp_sec, ntp_frac, rtp_ts, packets, octets, reports=()):
    body = struct.pack("!IIIIII", ssrc, ntp_sec, ntp_frac, rtp_ts, packets, octets) + b"".join(reports)
    return _rtcp_hdr(len(reports), 200, body)


def receiver_report(ssrc, reports=()):
    return _rtcp_hdr(len(reports), 201, struct.pack("!I", ssrc) + b"".join(reports))


def sdes_cname(ssrc, cname):
    c = cname.encode()
    item = struct.pack("!BB", 1, len(c)) + c + b"\0"
    chunk = struct.pack("!I", ssrc) + item
    chunk += b"\0" * ((4 - len(chunk) % 4) % 4)
    return _rtcp_hdr(1, 202, chunk)


def bye(ssrc):
    return _rtcp_hdr(1, 203, struct.pack("!I", ssrc))
