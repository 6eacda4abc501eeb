#!/usr/bin/env bash
# seed.sh: (re)build the seed corpora in fuzz/corpus/<harness>/ from the testdata captures and
# the public captures, using tshark's raw bytes of each protocol layer (-T json -x).
#   sdp_parse: every SDP body
#   stun_msg:  every STUN/classic STUN message (at most 400 distinct ones, smallest first)
# Harnesses of other parts add their own extraction here (one function each).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
public="${SIPSCOPE_PUBLIC_CAPTURES:-$root/../shared/captures/public}"
exec python3 - "$root" "$public" <<'PY'
import hashlib, json, os, subprocess, sys, glob
root, public = sys.argv[1], sys.argv[2]
caps = sorted(glob.glob(os.path.join(root, "testdata/captures/*.pcap*")) +
              glob.glob(os.path.join(public, "*.pcap*")) + glob.glob(os.path.join(public, "*.cap")))

def raw_layers(cap, proto, disp_filter):
    """Yield the raw bytes of every `proto` layer in frames matching disp_filter."""
    out = subprocess.run(["tshark", "-r", cap, "-Y", disp_filter, "-T", "json", "-x"],
                         capture_output=True).stdout
    try:
        frames = json.loads(out or b"[]")
    except ValueError:
        return
    def walk(o):
        if isinstance(o, dict):
            for k, v in o.items():
                if k == proto + "_raw" and isinstance(v, list) and v and isinstance(v[0], str):
                    yield bytes.fromhex(v[0])
                elif k == proto + "_raw" and isinstance(v, list):
                    for x in v:
                        if isinstance(x, list) and x and isinstance(x[0], str):
                            yield bytes.fromhex(x[0])
                else:
                    yield from walk(v)
        elif isinstance(o, list):
            for x in o:
                yield from walk(x)
    for f in frames:
        yield from walk(f)

def save(harness, data):
    d = os.path.join(root, "fuzz/corpus", harness)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

n = 0
for cap in caps:
    for b in raw_layers(cap, "sdp", "sdp"):
        save("sdp_parse", b); n += 1
print(f"seed.sh: {n} SDP bodies from {len(caps)} captures")

stun = set()
for cap in caps:
    for proto in ("stun", "classicstun"):
        for b in raw_layers(cap, proto, proto):
            stun.add(b)
for b in sorted(stun, key=lambda x: (len(x), x))[:400]:
    save("stun_msg", b)
print(f"seed.sh: {min(len(stun), 400)} of {len(stun)} distinct STUN messages")

# digest_params: every auth header value; the first byte tells the harness whether a scheme
# token leads (challenges and credentials) or not (Authentication-Info)
auth = set()
hdrs = ["sip.WWW-Authenticate", "sip.Proxy-Authenticate", "sip.Authorization",
        "sip.Proxy-Authorization", "sip.Authentication-Info"]
for cap in caps:
    out = subprocess.run(["tshark", "-r", cap, "-Y", "sip", "-T", "fields", "-E", "occurrence=a",
                          "-E", "aggregator=\x01"] + sum((["-e", h] for h in hdrs), []),
                         capture_output=True).stdout.decode("utf-8", "replace")
    for line in out.splitlines():
        for col, vals in enumerate(line.split("\t")):
            for v in vals.split("\x01"):
                if v:
                    auth.add((b"\x00" if hdrs[col].endswith("Info") else b"\x01") + v.encode())
for b in sorted(auth):
    save("digest_params", b)
print(f"seed.sh: {len(auth)} distinct auth header values")

# rtp_header: a few RTP and RTCP packets of each capture
rtp = set()
for cap in caps:
    for proto in ("rtp", "rtcp"):
        for k, b in enumerate(raw_layers(cap, proto, proto)):
            if k >= 8:
                break
            rtp.add(b[:256])
for b in sorted(rtp):
    save("rtp_header", b)
print(f"seed.sh: {len(rtp)} RTP/RTCP packets")

# sip_parse: whole SIP messages as Wireshark delimited them (at most 300 distinct, by size
# spread so that long INVITEs with SDP and short responses are both in)
sip = set()
for cap in caps:
    for b in raw_layers(cap, "sip", "sip"):
        sip.add(b)
ordered = sorted(sip, key=lambda x: (len(x), x))
step = max(1, -(-len(ordered) // 300))
for b in ordered[::step][:300]:
    save("sip_parse", b)
print(f"seed.sh: {min(len(ordered), 300)} of {len(ordered)} distinct SIP messages")
PY
