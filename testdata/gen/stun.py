"""STUN message builder (RFC 3489 classic, RFC 5389, RFC 8489).

`message()` assembles a header and attributes and appends, in RFC 8489
order, MESSAGE-INTEGRITY (HMAC-SHA1), MESSAGE-INTEGRITY-SHA256 and
FINGERPRINT, each computed with the header length field covering the
attribute being computed (RFC 8489 14.5, 14.6, 14.7).
"""

import hashlib
import hmac
import ipaddress
import struct
import zlib

MAGIC = 0x2112A442
FINGERPRINT_XOR = 0x5354554E

# methods / classes
BINDING = 0x001
ALLOCATE = 0x003
REQUEST, INDICATION, SUCCESS, ERROR = 0, 1, 2, 3

# attributes
MAPPED_ADDRESS = 0x0001
RESPONSE_ADDRESS = 0x0002
CHANGE_REQUEST = 0x0003
SOURCE_ADDRESS = 0x0004
CHANGED_ADDRESS = 0x0005
USERNAME = 0x0006
PASSWORD = 0x0007
MESSAGE_INTEGRITY = 0x0008
ERROR_CODE = 0x0009
UNKNOWN_ATTRIBUTES = 0x000A
REALM = 0x0014
NONCE = 0x0015
MESSAGE_INTEGRITY_SHA256 = 0x001C
USERHASH = 0x001E
XOR_MAPPED_ADDRESS = 0x0020
PRIORITY = 0x0024
USE_CANDIDATE = 0x0025
SOFTWARE = 0x8022
FINGERPRINT = 0x8028
ICE_CONTROLLED = 0x8029
ICE_CONTROLLING = 0x802A


def msg_type(method, cls):
    """RFC 5389 6: interleave method bits M0-M11 with class bits C0 (bit 4) and C1 (bit 8)."""
    m = method & 0xFFF
    t = (m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2)
    t |= ((cls & 1) << 4) | ((cls & 2) << 7)
    return t


def attr(atype, value, pad=b"\0"):
    """One TLV; value padded to 4 bytes with `pad` (RFC 5769 uses spaces in places)."""
    n = len(value)
    return struct.pack("!HH", atype, n) + value + pad * ((4 - n % 4) % 4)


def _family_ip(ip):
    a = ipaddress.ip_address(ip)
    return (2, a.packed) if a.version == 6 else (1, a.packed)


def address_value(ip, port, family=None):
    fam, raw = _family_ip(ip)
    return struct.pack("!BBH", 0, family if family is not None else fam, port) + raw


def xor_address_value(ip, port, tid, family=None):
    """XOR-MAPPED-ADDRESS value: port ^ top 16 bits of the cookie; address ^ cookie (|| tid for v6)."""
    fam, raw = _family_ip(ip)
    key = struct.pack("!I", MAGIC) + tid
    xaddr = bytes(b ^ k for b, k in zip(raw, key))
    return struct.pack("!BBH", 0, family if family is not None else fam, port ^ (MAGIC >> 16)) + xaddr


def mapped_address(ip, port, family=None):
    return attr(MAPPED_ADDRESS, address_value(ip, port, family))


def xor_mapped_address(ip, port, tid, family=None):
    return attr(XOR_MAPPED_ADDRESS, xor_address_value(ip, port, tid, family))


def username(u, pad=b"\0"):
    return attr(USERNAME, u.encode("utf-8"), pad)


def software(s, pad=b"\0"):
    return attr(SOFTWARE, s.encode("utf-8"), pad)


def realm(s):
    return attr(REALM, s.encode("utf-8"))


def nonce(s):
    return attr(NONCE, s.encode("utf-8"))


def priority(p):
    return attr(PRIORITY, struct.pack("!I", p))


def ice_controlling(tiebreaker):
    return attr(ICE_CONTROLLING, struct.pack("!Q", tiebreaker))


def ice_controlled(tiebreaker):
    return attr(ICE_CONTROLLED, struct.pack("!Q", tiebreaker))


def use_candidate():
    return attr(USE_CANDIDATE, b"")


def error_code(code, reason):
    return attr(ERROR_CODE, struct.pack("!HBB", 0, code // 100, code % 100) + reason.encode())


def long_term_key(user, realm_, password, algorithm="MD5"):
    """RFC 5389 15.4 / RFC 8489 9.2.2 key (SASLprep/OpaqueString not applied: ASCII only here)."""
    s = ("%s:%s:%s" % (user, realm_, password)).encode("utf-8")
    if algorithm == "SHA-256":
        return hashlib.sha256(s).digest()
    return hashlib.md5(s).digest()


def short_term_key(password):
    return password.encode("utf-8")


def _header(mtype, length, tid, classic):
    if classic:
        if len(tid) != 16:
            raise ValueError("RFC 3489 transaction IDs are 16 bytes")
        return struct.pack("!HH", mtype, length) + tid
    if len(tid) != 12:
        raise ValueError("transaction IDs are 12 bytes")
    return struct.pack("!HHI", mtype, length, MAGIC) + tid


def message(method, cls, tid, attrs=(), key=None, integrity="sha1", sha256_len=32,
            fingerprint=False, classic=False, raw_type=None, length_adjust=0):
    """Build a STUN message.

    attrs: encoded attributes (bytes, e.g. from `attr()`); key: HMAC key or None;
    integrity: 'sha1', 'sha256', 'both'; classic: RFC 3489 header (16-byte tid,
    no cookie).  `length_adjust` is added to the final header length (malformed).
    """
    mtype = msg_type(method, cls) if raw_type is None else raw_type
    body = b"".join(attrs)
    if key is not None:
        if integrity in ("sha1", "both"):
            hdr = _header(mtype, len(body) + 24, tid, classic)
            mac = hmac.new(key, hdr + body, hashlib.sha1).digest()
            body += attr(MESSAGE_INTEGRITY, mac)
        if integrity in ("sha256", "both"):
            hdr = _header(mtype, len(body) + 4 + sha256_len, tid, classic)
            mac = hmac.new(key, hdr + body, hashlib.sha256).digest()[:sha256_len]
            body += attr(MESSAGE_INTEGRITY_SHA256, mac)
    if fingerprint:
        hdr = _header(mtype, len(body) + 8, tid, classic)
        crc = (zlib.crc32(hdr + body) & 0xFFFFFFFF) ^ FINGERPRINT_XOR
        body += attr(FINGERPRINT, struct.pack("!I", crc))
    return _header(mtype, len(body) + length_adjust, tid, classic) + body


# --------------------------------------------------------------------------
# parsing / checking (self-test and sanity checks of generated captures)

def parse(msg):
    """-> (type, length, cookie, tid, [(atype, value, offset_of_attr)])"""
    t, n, cookie = struct.unpack("!HHI", msg[:8])
    tid = msg[8:20]
    out = []
    off = 20
    while off + 4 <= 20 + n and off + 4 <= len(msg):
        at, al = struct.unpack("!HH", msg[off:off + 4])
        out.append((at, msg[off + 4:off + 4 + al], off))
        off += 4 + al + ((4 - al % 4) % 4)
    return t, n, cookie, tid, out


def check_integrity(msg, key):
    """Verify MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT; returns dict name->bool."""
    t, n, cookie, tid, attrs = parse(msg)
    res = {}
    for at, val, off in attrs:
        if at == MESSAGE_INTEGRITY and key is not None:
            hdr = struct.pack("!HH", t, off + 24 - 20) + msg[4:20]
            res["MESSAGE-INTEGRITY"] = hmac.compare_digest(
                hmac.new(key, hdr + msg[20:off], hashlib.sha1).digest(), val)
        elif at == MESSAGE_INTEGRITY_SHA256 and key is not None:
            hdr = struct.pack("!HH", t, off + 4 + len(val) - 20) + msg[4:20]
            res["MESSAGE-INTEGRITY-SHA256"] = hmac.compare_digest(
                hmac.new(key, hdr + msg[20:off], hashlib.sha256).digest()[:len(val)], val)
        elif at == FINGERPRINT:
            hdr = struct.pack("!HH", t, off + 8 - 20) + msg[4:20]
            crc = (zlib.crc32(hdr + msg[20:off]) & 0xFFFFFFFF) ^ FINGERPRINT_XOR
            res["FINGERPRINT"] = struct.pack("!I", crc) == val
    return res


def decode_xor_address(value, tid):
    fam, xport = struct.unpack("!xBH", value[:4])
    port = xport ^ (MAGIC >> 16)
    key = struct.pack("!I", MAGIC) + tid
    raw = bytes(b ^ k for b, k in zip(value[4:], key))
    return str(ipaddress.ip_address(raw)), port
