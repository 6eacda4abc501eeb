"""Classic pcap writer with Ethernet + IPv4/IPv6 + UDP/TCP framing.

Everything is deterministic: timestamps are integer microseconds from a fixed
epoch (2026-01-01T00:00:00Z), MAC addresses and IPv4 identifiers are derived
from the addresses and a per-capture counter, and TCP sequence numbers are
tracked per direction so that Wireshark's reassembly sees a consistent stream.

Frame numbers are 1-based, as in Wireshark.  Packets can be added out of time
order (e.g. two RTP streams generated one after the other); `Capture.frames()`
sorts them by (time, insertion order) and `Capture.frame_of(label)` tells the
final frame number of a labelled packet.
"""

import hashlib
import ipaddress
import struct

EPOCH_2026 = 1767225600          # 2026-01-01T00:00:00Z in Unix seconds
LINKTYPE_ETHERNET = 1

ETH_IPV4 = 0x0800
ETH_IPV6 = 0x86DD
PROTO_TCP = 6
PROTO_UDP = 17

TCP_FIN, TCP_SYN, TCP_RST, TCP_PSH, TCP_ACK = 0x01, 0x02, 0x04, 0x08, 0x10


# --------------------------------------------------------------------------
# checksums and headers

def inet_checksum(data):
    """RFC 1071 ones' complement sum."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ip_bytes(addr):
    return ipaddress.ip_address(addr).packed


def is_v6(addr):
    return ipaddress.ip_address(addr).version == 6


def mac_for(addr):
    """A stable locally administered unicast MAC for an IP address."""
    h = hashlib.sha1(("mac:" + str(ipaddress.ip_address(addr))).encode()).digest()
    return b"\x02" + h[:5]


def ethernet(src_mac, dst_mac, ethertype, payload):
    return dst_mac + src_mac + struct.pack("!H", ethertype) + payload


def ipv4(src, dst, proto, payload, ident=0, ttl=64, df=True):
    total = 20 + len(payload)
    if total > 0xFFFF:
        raise ValueError("IPv4 packet too large: %d" % total)
    flags_frag = 0x4000 if df else 0
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, ident & 0xFFFF, flags_frag,
                      ttl, proto, 0, ip_bytes(src), ip_bytes(dst))
    csum = inet_checksum(hdr)
    return hdr[:10] + struct.pack("!H", csum) + hdr[12:] + payload


def ipv6(src, dst, next_header, payload, hop_limit=64, flow=0):
    vtf = (6 << 28) | (flow & 0xFFFFF)
    return struct.pack("!IHBB16s16s", vtf, len(payload), next_header, hop_limit,
                       ip_bytes(src), ip_bytes(dst)) + payload


def _pseudo_header(src, dst, proto, length):
    if is_v6(src):
        return ip_bytes(src) + ip_bytes(dst) + struct.pack("!IxxxB", length, proto)
    return ip_bytes(src) + ip_bytes(dst) + struct.pack("!xBH", proto, length)


def udp(src, sport, dst, dport, payload, checksum=True):
    length = 8 + len(payload)
    hdr = struct.pack("!HHHH", sport, dport, length, 0)
    if not checksum:
        return hdr + payload
    c = inet_checksum(_pseudo_header(src, dst, PROTO_UDP, length) + hdr + payload)
    if c == 0:
        c = 0xFFFF
    return hdr[:6] + struct.pack("!H", c) + payload


def tcp(src, sport, dst, dport, seq, ack, flags, payload, window=64240, options=b""):
    if len(options) % 4:
        options += b"\0" * (4 - len(options) % 4)
    off = (20 + len(options)) // 4
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF,
                      off << 4, flags, window, 0, 0) + options
    c = inet_checksum(_pseudo_header(src, dst, PROTO_TCP, len(hdr) + len(payload)) + hdr + payload)
    return hdr[:16] + struct.pack("!H", c) + hdr[18:] + payload


def ip_packet(src, dst, proto, payload, ident=0, ttl=64):
    if is_v6(src) != is_v6(dst):
        raise ValueError("mixed IP versions %s -> %s" % (src, dst))
    if is_v6(src):
        return ETH_IPV6, ipv6(src, dst, proto, payload, hop_limit=ttl)
    return ETH_IPV4, ipv4(src, dst, proto, payload, ident=ident, ttl=ttl)


# --------------------------------------------------------------------------
# pcap file

def pcap_bytes(frames, snaplen=262144, linktype=LINKTYPE_ETHERNET):
    """frames: iterable of (time_us, frame_bytes); time_us is absolute Unix microseconds."""
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype)]
    for t_us, data in frames:
        sec, usec = divmod(t_us, 1000000)
        out.append(struct.pack("<IIII", sec, usec, len(data), len(data)))
        out.append(data)
    return b"".join(out)


def _ep(ep):
    """Normalise an endpoint (ip, port)."""
    ip, port = ep
    return str(ipaddress.ip_address(ip)), int(port)


class Capture:
    """A list of link-layer frames with timestamps and labels.

    Time is kept as a cursor in microseconds relative to EPOCH_2026.  Every
    send method takes either `t` (absolute milliseconds since the epoch of the
    capture) or `dt` (milliseconds after the cursor; default `gap`).
    """

    def __init__(self, name, start=EPOCH_2026, gap=5.0):
        self.name = name
        self.start_us = start * 1000000
        self.now_us = 0
        self.gap = gap
        self._pkts = []            # (time_us_rel, insertion, bytes, label)
        self._ident = 0x1000
        self._labels = {}
        self._sorted = None

    # time ------------------------------------------------------------
    def _when(self, t=None, dt=None):
        if t is not None:
            us = int(round(t * 1000))
        else:
            us = self.now_us + int(round((self.gap if dt is None else dt) * 1000))
        self.now_us = max(self.now_us, us)
        return us

    def at(self, t):
        """Move the cursor to absolute millisecond t."""
        self.now_us = int(round(t * 1000))

    @property
    def now(self):
        return self.now_us / 1000.0

    # raw -------------------------------------------------------------
    def add_frame(self, data, t=None, dt=None, label=None):
        us = self._when(t, dt)
        idx = len(self._pkts)
        self._pkts.append((us, idx, data, label))
        if label is not None:
            if label in self._labels:
                raise ValueError("duplicate label %r in %s" % (label, self.name))
            self._labels[label] = idx
        self._sorted = None
        return idx

    def add_ip(self, src, dst, proto, l4, t=None, dt=None, label=None, ttl=64):
        self._ident += 1
        etype, pkt = ip_packet(src, dst, proto, l4, ident=self._ident, ttl=ttl)
        return self.add_frame(ethernet(mac_for(src), mac_for(dst), etype, pkt), t, dt, label)

    def udp(self, src, dst, payload, t=None, dt=None, label=None, ttl=64):
        """Send one UDP datagram from endpoint src=(ip,port) to dst."""
        (sip, sport), (dip, dport) = _ep(src), _ep(dst)
        return self.add_ip(sip, dip, PROTO_UDP, udp(sip, sport, dip, dport, payload),
                           t, dt, label, ttl)

    def tcp_conn(self, client, server, isn_client=1000, isn_server=5000, handshake=True,
                 t=None, dt=None, label=None):
        return TcpConn(self, client, server, isn_client, isn_server, handshake, t, dt, label)

    # output ----------------------------------------------------------
    def frames(self):
        if self._sorted is None:
            self._sorted = sorted(self._pkts, key=lambda p: (p[0], p[1]))
        return self._sorted

    def frame_of(self, label):
        idx = self._labels[label]
        for n, p in enumerate(self.frames(), 1):
            if p[1] == idx:
                return n
        raise KeyError(label)

    def time_of(self, label):
        """Time of a labelled packet in ms since the capture epoch."""
        return self._pkts[self._labels[label]][0] / 1000.0

    def labels(self):
        """{label: frame number} for every labelled packet."""
        pos = {p[1]: n for n, p in enumerate(self.frames(), 1)}
        return {lab: pos[idx] for lab, idx in self._labels.items()}

    def __len__(self):
        return len(self._pkts)

    def to_bytes(self):
        return pcap_bytes((self.start_us + us, data) for us, _, data, _ in self.frames())


class TcpConn:
    """A TCP connection with consistent sequence numbers in both directions.

    `send(from_client, data)` emits one segment (PSH|ACK) carrying `data`.  To
    coalesce several messages into one segment, join them; to split a message
    across segments use `send_split`.
    """

    def __init__(self, cap, client, server, isn_client, isn_server, handshake, t, dt, label):
        self.cap = cap
        self.c = _ep(client)
        self.s = _ep(server)
        self.seq = {True: isn_client, False: isn_server}   # keyed by "from_client"
        if handshake:
            self._seg(True, TCP_SYN, b"", t, dt, label, syn=True)
            self._seg(False, TCP_SYN | TCP_ACK, b"", None, 0.1, None, syn=True)
            self._seg(True, TCP_ACK, b"", None, 0.1, None)
        else:
            self.seq = {True: isn_client + 1, False: isn_server + 1}

    def _seg(self, from_client, flags, data, t, dt, label, syn=False):
        src, dst = (self.c, self.s) if from_client else (self.s, self.c)
        seq = self.seq[from_client]
        ack = self.seq[not from_client] if flags & TCP_ACK else 0
        if syn:
            # SYN consumes one sequence number; acks of the SYN refer to isn+1
            if flags & TCP_ACK:
                ack = self.seq[not from_client]
            opts = struct.pack("!BBH", 2, 4, 1460)        # MSS
            l4 = tcp(src[0], src[1], dst[0], dst[1], seq, ack, flags, b"", options=opts)
            self.seq[from_client] += 1
        else:
            l4 = tcp(src[0], src[1], dst[0], dst[1], seq, ack, flags, data)
            self.seq[from_client] += len(data)
            if flags & TCP_FIN:
                self.seq[from_client] += 1
        return self.cap.add_ip(src[0], dst[0], PROTO_TCP, l4, t, dt, label)

    def send(self, from_client, data, t=None, dt=None, label=None):
        return self._seg(from_client, TCP_PSH | TCP_ACK, data, t, dt, label)

    def send_split(self, from_client, data, cuts, t=None, dt=None, labels=None, gap=1.0):
        """Send `data` as several segments, cut at the byte offsets in `cuts`."""
        bounds = [0] + sorted(cuts) + [len(data)]
        labels = labels or [None] * (len(bounds) - 1)
        out = []
        for i in range(len(bounds) - 1):
            out.append(self.send(from_client, data[bounds[i]:bounds[i + 1]],
                                 t=t if i == 0 else None,
                                 dt=dt if i == 0 else gap, label=labels[i]))
        return out

    def ack(self, from_client, t=None, dt=None, label=None):
        return self._seg(from_client, TCP_ACK, b"", t, dt, label)

    def fin(self, from_client, t=None, dt=None, label=None):
        return self._seg(from_client, TCP_FIN | TCP_ACK, b"", t, dt, label)
