#!/usr/bin/env python3
"""Write a deterministic G.711 A-law (PCMA) tone as raw bytes (no header).

Usage: mktone.py OUT FREQ_HZ SECONDS

SIPp's rtp_stream action plays such a file in 160-byte (20 ms) chunks. The
output depends only on the arguments, so re-running gives identical payloads.
"""
import math
import sys

RATE = 8000


def alaw(sample: int) -> int:
    """Encode one signed 16-bit linear sample as an A-law byte (ITU-T G.711)."""
    sign = 0x80 if sample >= 0 else 0x00
    mag = sample if sample >= 0 else -sample - 1
    mag = min(mag, 32767) >> 3  # 13-bit magnitude
    if mag < 32:
        code = mag >> 1
    else:
        seg = mag.bit_length() - 5  # 1..7
        code = (seg << 4) | ((mag >> seg) & 0x0F)
    return (sign | code) ^ 0x55


def main() -> None:
    out, freq, secs = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    n = int(RATE * secs)
    data = bytearray()
    for i in range(n):
        # 10 ms fade in/out so the tone has no clicks
        env = min(1.0, i / 80.0, (n - 1 - i) / 80.0)
        s = int(round(8000.0 * env * math.sin(2.0 * math.pi * freq * i / RATE)))
        data.append(alaw(s))
    with open(out, "wb") as f:
        f.write(bytes(data))


if __name__ == "__main__":
    main()
