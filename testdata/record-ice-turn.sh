#!/usr/bin/env bash
# testdata/record-ice-turn.sh - record stunverify's ICE and TURN captures from real stacks.
#
#   rec-ice-baresip.pcap          two baresip 1.0 agents (Debian baresip-core, module `ice`) in
#                                 two network namespaces call each other directly (no proxy):
#                                 INVITE/180/200/ACK with ICE SDP (ice-ufrag, ice-pwd, host
#                                 candidates), the ICE connectivity checks both ways (RTP and
#                                 RTCP components, USE-CANDIDATE), PCMU RTP from a tone file, BYE.
#   rec-ice-baresip-altered.pcap  the same packets with one character of the answer's a=ice-pwd
#                                 changed (same length, UDP checksum recomputed): the checks sent
#                                 to the answerer, and their responses, no longer verify.
#   rec-turn-coturn.pcap          coturn 4.6 as a TURN server with long-term credentials (user
#                                 alice, password turnpw, realm sipscope.test) on loopback;
#                                 turnutils_uclient allocates over UDP and then over TCP
#                                 (401 + nonce, authenticated Allocate, Refresh, CreatePermission,
#                                 ChannelBind, Send/Data or ChannelData to turnutils_peer).
#
# Usage: sudo testdata/record-ice-turn.sh [-k] [-o DIR] [ice|turn ...]
#   -o DIR  write the captures into DIR (default testdata/captures)
#   -k      keep the work directory (component logs)
# Needs root (namespaces, veth, tcpdump), baresip-core, coturn, tcpdump, python3. Everything runs
# in namespaces named svr-*; every process is bounded by timeout(1) and stopped by PID on exit,
# and the namespaces are deleted. The recordings are not byte-reproducible (ports, ufrags,
# passwords, nonces and timestamps change on every run).
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=$HERE/captures
KEEP=0
NS=(svr-alice svr-bob svr-turn)
ALICE=10.77.1.1 BOB=10.77.1.2
TURN_USER=alice TURN_PASS=turnpw TURN_REALM=sipscope.test

log() { printf '[record-ice-turn] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

while getopts "ko:h" opt; do
    case $opt in
        k) KEEP=1 ;;
        o) OUT=$OPTARG ;;
        *) sed -n '2,27p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
WANT=("$@")
[ ${#WANT[@]} -gt 0 ] || WANT=(ice turn)
[ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces, tcpdump)"
for t in baresip turnserver turnutils_uclient turnutils_peer tcpdump python3 ip; do
    command -v "$t" >/dev/null || die "$t not found (apt-get install baresip-core coturn tcpdump iproute2 python3)"
done
[ -e /usr/lib/baresip/modules/ice.so ] || die "baresip ice module missing (baresip-core)"

WORK=$(mktemp -d /tmp/record-ice-turn.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
    local p n
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    for n in "${NS[@]}"; do ip netns del "$n" 2>/dev/null || true; done
    if [ "$KEEP" = 1 ]; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# (background processes are started with `ip netns exec` itself, not through this function, so
# that $! is the process that execs timeout(1) and a TERM to it reaches the program)
nsx() { local n=$1; shift; ip netns exec "$n" "$@"; }

cap_start() {   # cap_start NAME NS IFACE FILTER -> sets CAP
    local name=$1 n=$2 ifc=$3 filt=$4 _
    ip netns exec "$n" timeout 120 tcpdump -i "$ifc" -s 0 -n -U --immediate-mode -Z root -w "$WORK/$name.pcap" "$filt" \
        2>"$WORK/$name.tcpdump.log" &
    CAP=$!
    PIDS+=("$CAP")
    for _ in $(seq 1 50); do
        grep -q "listening on" "$WORK/$name.tcpdump.log" 2>/dev/null && return 0
        sleep 0.1
    done
    die "tcpdump for $name did not start"
}

cap_stop() {    # cap_stop PID NAME
    sleep 0.5
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    [ -s "$WORK/$2.pcap" ] || die "capture $2 is empty"
    log "  $2: $(grep -h 'packets captured' "$WORK/$2.tcpdump.log")"
}

wait_udp() {    # wait_udp NS PORT
    local _
    for _ in $(seq 1 50); do
        nsx "$1" ss -Hlnu "sport = :$2" | grep -q . && return 0
        sleep 0.1
    done
    die "nothing listens on udp $2 in $1"
}

# ------------------------------------------------------------------ ICE (baresip)
baresip_cfg() {   # baresip_cfg DIR IP USER IFACE
    local d=$1
    mkdir -p "$d"
    cat >"$d/config" <<EOF
poll_method epoll
sip_listen $2:5060
sip_trans_def udp
call_local_timeout 30
call_max_calls 2
audio_player aufile,$d/received.wav
audio_source aufile,$WORK/tone.wav
audio_alert aufile,$d/alert.wav
ausrc_srate 8000
auplay_srate 8000
audio_channels 1
module_path /usr/lib/baresip/modules
module stdio.so
module g711.so
module aufile.so
module ice.so
module_app account.so
module_app menu.so
net_interface $4
EOF
    echo "<sip:$3@$2>;regint=0;medianat=ice;answermode=auto;audio_codecs=PCMU" >"$d/accounts"
    : >"$d/contacts"
    chmod -R a+rwX "$d"
}

record_ice() {
    log "ICE call between two baresip agents"
    ip netns add svr-alice
    ip netns add svr-bob
    nsx svr-alice ip link set lo up
    nsx svr-bob ip link set lo up
    ip link add svr-a0 type veth peer name svr-b0
    ip link set svr-a0 netns svr-alice
    ip link set svr-b0 netns svr-bob
    nsx svr-alice ip addr add $ALICE/24 dev svr-a0
    nsx svr-bob ip addr add $BOB/24 dev svr-b0
    nsx svr-alice ip link set svr-a0 up
    nsx svr-bob ip link set svr-b0 up

    # 2.5 s of a 440 Hz tone, 8 kHz mono 16-bit: the caller's audio ends the call at its end
    python3 - "$WORK/tone.wav" <<'EOF'
import math, struct, sys, wave
w = wave.open(sys.argv[1], "wb")
w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / 8000)))
                       for i in range(20000)))
w.close()
EOF
    baresip_cfg "$WORK/alice" $ALICE alice svr-a0
    baresip_cfg "$WORK/bob" $BOB bob svr-b0

    cap_start rec-ice-baresip svr-alice svr-a0 udp
    local cap=$CAP
    ip netns exec svr-bob timeout 30 baresip -f "$WORK/bob" -t 20 </dev/null >"$WORK/bob.log" 2>&1 &
    PIDS+=("$!")
    local bob=$!
    wait_udp svr-bob 5060
    nsx svr-alice timeout 30 baresip -f "$WORK/alice" -e "/dial sip:bob@$BOB" -t 6 </dev/null \
        >"$WORK/alice.log" 2>&1 || die "baresip (alice) failed: $(tail -5 "$WORK/alice.log")"
    cap_stop "$cap" rec-ice-baresip
    kill -TERM "$bob" 2>/dev/null || true
    grep -q "mnat 'ice' connected" "$WORK/alice.log" || die "ICE did not complete (see $WORK/alice.log)"

    # the altered copy: change one character of the answer's ice-pwd
    python3 - "$WORK/rec-ice-baresip.pcap" "$WORK/rec-ice-baresip-altered.pcap" <<'EOF'
import re, struct, sys
data = open(sys.argv[1], "rb").read()
magic = data[:4]
endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
out, off, done = [data[:24]], 24, False
linktype = struct.unpack(endian + "I", data[20:24])[0]
if linktype != 1:
    sys.exit("expected Ethernet link type, got %d" % linktype)
def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
while off + 16 <= len(data):
    hdr = data[off:off + 16]
    incl = struct.unpack(endian + "IIII", hdr)[2]
    pkt = bytearray(data[off + 16:off + 16 + incl])
    off += 16 + incl
    # the first SIP 200 OK carrying an a=ice-pwd line (IPv4/UDP over Ethernet)
    if not done and len(pkt) > 42 and pkt[12:14] == b"\x08\x00" and pkt[23] == 17 \
            and b"SIP/2.0 200" in pkt and b"a=ice-pwd:" in pkt:
        i = pkt.index(b"a=ice-pwd:") + len(b"a=ice-pwd:")
        pkt[i] = ord("x") if pkt[i] != ord("x") else ord("y")
        ihl = (pkt[14] & 0x0f) * 4
        u = 14 + ihl
        ulen = struct.unpack("!H", pkt[u + 4:u + 6])[0]
        pkt[u + 6:u + 8] = b"\0\0"
        pseudo = bytes(pkt[26:34]) + struct.pack("!BBH", 0, 17, ulen)
        c = csum(pseudo + bytes(pkt[u:u + ulen])) or 0xffff
        pkt[u + 6:u + 8] = struct.pack("!H", c)
        done = True
    out.append(hdr + bytes(pkt))
if not done:
    sys.exit("no 200 OK with a=ice-pwd found")
open(sys.argv[2], "wb").write(b"".join(out))
EOF
}

# ------------------------------------------------------------------ TURN (coturn)
record_turn() {
    log "TURN allocations with long-term credentials (coturn)"
    ip netns add svr-turn
    nsx svr-turn ip link set lo up
    mkdir -p "$WORK/turn"
    cap_start rec-turn-coturn svr-turn lo "udp or tcp"
    local cap=$CAP
    ip netns exec svr-turn timeout 60 turnserver -n --no-cli --listening-ip 127.0.0.1 --listening-port 3478 \
        --relay-ip 127.0.0.1 --min-port 49152 --max-port 49160 --realm "$TURN_REALM" \
        --user "$TURN_USER:$TURN_PASS" --lt-cred-mech --fingerprint --no-tls --no-dtls \
        --allow-loopback-peers --log-file stdout --simple-log --db "$WORK/turn/turndb" \
        >"$WORK/turnserver.log" 2>&1 &
    PIDS+=("$!")
    ip netns exec svr-turn timeout 60 turnutils_peer -L 127.0.0.1 -p 3480 >"$WORK/peer.log" 2>&1 &
    PIDS+=("$!")
    wait_udp svr-turn 3478
    wait_udp svr-turn 3480
    # UDP: one client, RTP-like packets to the peer through a channel, no RTCP
    nsx svr-turn timeout 20 turnutils_uclient -u "$TURN_USER" -w "$TURN_PASS" -e 127.0.0.1 -r 3480 \
        -n 3 -m 1 -c 127.0.0.1 >"$WORK/uclient-udp.log" 2>&1 || die "turnutils_uclient (UDP) failed"
    # TCP to the server, Send indications (-s) instead of a channel
    nsx svr-turn timeout 20 turnutils_uclient -t -s -u "$TURN_USER" -w "$TURN_PASS" -e 127.0.0.1 -r 3480 \
        -n 3 -m 1 -c 127.0.0.1 >"$WORK/uclient-tcp.log" 2>&1 || die "turnutils_uclient (TCP) failed"
    cap_stop "$cap" rec-turn-coturn
}

mkdir -p "$OUT"
for w in "${WANT[@]}"; do
    case $w in
        ice) record_ice
             cp "$WORK/rec-ice-baresip.pcap" "$WORK/rec-ice-baresip-altered.pcap" "$OUT/" ;;
        turn) record_turn
              cp "$WORK/rec-turn-coturn.pcap" "$OUT/" ;;
        *) die "unknown recording '$w' (ice, turn)" ;;
    esac
done
chmod a+r "$OUT"/rec-ice-baresip*.pcap "$OUT"/rec-turn-coturn.pcap 2>/dev/null || true
log "done: ${WANT[*]} -> $OUT"
