#!/usr/bin/env bash
# testdata/record.sh - record sipscope's test captures from real components.
#
# Builds a small lab of network namespaces (a "public" LAN 203.0.113.0/24 on a
# bridge, a home LAN 10.0.0.0/24 behind an iptables SNAT router, and a
# loopback-only namespace), runs kamailio (proxy + registrar + digest auth),
# SIPp (callers and callees, with real RTP), coturn (STUN server) and
# turnutils_stunclient there, and records each scenario with tcpdump into
# testdata/captures/rec-*.pcap. testdata/captures/MANIFEST.md describes them.
#
# Usage: sudo testdata/record.sh [-k] [-o DIR] [NAME ...]
#   NAME  one or more of the capture names below (default: all), e.g.
#         "call-auth" records rec-call-auth.pcap.
#   -o    write the captures into DIR instead of testdata/captures
#   -k    keep the work directory (logs of every component) for inspection
#
# Everything runs inside namespaces this script creates (prefix "ssr-"); every
# traffic generator is bounded (SIPp -m 1 with -timeout, STUN client and all
# servers under timeout(1)); on exit (also on error or Ctrl-C) the script stops
# the processes it started, by PID, and deletes its namespaces, which removes
# their interfaces and iptables rules. Needs root. Takes about a minute.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CFG=$HERE/record
OUT=$HERE/captures
KEEP=0
P=ssr                                   # namespace name prefix
NSES=(sw pbx alice bob bob2 stun nat home lo)
ALL=(register-auth register-wrongpw call-auth call-wrongpw call-busy call-cancel
     call-tcp call-fork call-hold stun-loopback stun-rfc5780-loopback stun-nat call-nat)

# addresses (documented in captures/MANIFEST.md)
PBX=203.0.113.5 ALICE=203.0.113.10 BOB=203.0.113.20 BOB2=203.0.113.21
STUN=203.0.113.3 NAT_WAN=203.0.113.100 NAT_LAN=10.0.0.1 HOME=10.0.0.2
ALICE_RTP=20000 BOB_RTP=30000 HOME_RTP=40000 NAT_RTP=62000
TP_PARAM=""

log() { printf '[record] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

while getopts "ko:h" opt; do
    case $opt in
        k) KEEP=1 ;;
        o) OUT=$OPTARG ;;
        *) sed -n '2,24p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
WANT=("$@")
[ ${#WANT[@]} -gt 0 ] || WANT=("${ALL[@]}")
for w in "${WANT[@]}"; do
    [[ " ${ALL[*]} " == *" $w "* ]] || die "unknown capture '$w' (known: ${ALL[*]})"
done

if [ "$(id -u)" -ne 0 ]; then
    echo "record.sh must run as root: it creates network namespaces, veth links," >&2
    echo "iptables NAT rules and runs tcpdump. Run: sudo $0 $*" >&2
    exit 1
fi

# ---------------------------------------------------------------- packages
ensure_packages() {
    local -A pkg_of=([kamailio]=kamailio [sipp]=sip-tester [turnserver]=coturn
        [turnutils_stunclient]=coturn [tcpdump]=tcpdump [ip]=iproute2 [ss]=iproute2
        [iptables]=iptables [python3]=python3 [timeout]=coreutils [flock]=util-linux)
    local missing=() c
    for c in "${!pkg_of[@]}"; do
        command -v "$c" >/dev/null 2>&1 || missing+=("${pkg_of[$c]}")
    done
    [ -e /usr/lib/x86_64-linux-gnu/kamailio/modules/auth.so ] || \
        compgen -G "/usr/lib/*/kamailio/modules/auth.so" >/dev/null || missing+=(kamailio)
    if [ ${#missing[@]} -gt 0 ]; then
        mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
        log "installing: ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" \
            || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
                 --no-install-recommends "${missing[@]}"; }
    fi
    local v
    v=$(sipp -v 2>&1 || true)
    [[ $v == *RTPSTREAM* ]] || die "this sipp has no RTPSTREAM support (need Debian's sip-tester)"
}

# ---------------------------------------------------------------- cleanup
PIDS=()
WORK=""
cleanup() {
    local rc=$? pid n _
    set +e
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        n=0
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && n=1; done
        [ $n -eq 0 ] && break
        sleep 0.3
    done
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    wait 2>/dev/null
    delete_namespaces
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then
        if [ $KEEP -eq 1 ] || [ $rc -ne 0 ]; then
            log "logs kept in $WORK"
        else
            rm -rf "$WORK"
        fi
    fi
    exit $rc
}

# Namespaces are ours (prefix ssr-); anything still running inside one was
# started by this script (children of the PIDs above), so it is stopped by PID.
delete_namespaces() {
    local n pid
    for n in "${NSES[@]}"; do
        ip netns list 2>/dev/null | grep -qw "^$P-$n" || continue
        for pid in $(ip netns pids "$P-$n" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
        ip netns del "$P-$n" 2>/dev/null
    done
}

# ---------------------------------------------------------------- lab
# (background jobs call "ip netns exec" directly, so that $! is the process
# itself and not a subshell that would survive as an orphan's parent)
nsx() { local n=$1; shift; ip netns exec "$P-$n" "$@"; }

new_ns() {
    ip netns add "$P-$1"
    nsx "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n "$P-$1" link set lo up
}

# host on the public bridge: new_host NS IP MAC
bridge_host() {
    local n=$1 ip=$2 mac=$3 ifc=${4:-eth0}
    ip link add "v-$n" netns "$P-sw" type veth peer name "$ifc" netns "$P-$n"
    ip -n "$P-$n" link set "$ifc" address "$mac"
    ip -n "$P-$n" addr add "$ip/24" dev "$ifc"
    ip -n "$P-$n" link set "$ifc" up
    ip -n "$P-sw" link set "v-$n" master br0 up
}

build_lab() {
    log "building namespaces"
    local n
    for n in "${NSES[@]}"; do new_ns "$n"; done
    ip -n "$P-sw" link add br0 type bridge
    ip -n "$P-sw" link set br0 address 02:00:cb:00:71:fe
    # no IGMP/multicast-router chatter from the bridge in the captures
    ip -n "$P-sw" link set br0 type bridge mcast_snooping 0 mcast_router 0
    ip -n "$P-sw" link set br0 up
    # fixed, locally administered MACs: 02:00:cb:00:71:XX is 203.0.113.XX (hex)
    bridge_host pbx   "$PBX"   02:00:cb:00:71:05
    bridge_host alice "$ALICE" 02:00:cb:00:71:0a
    bridge_host bob   "$BOB"   02:00:cb:00:71:14
    bridge_host bob2  "$BOB2"  02:00:cb:00:71:15
    bridge_host stun  "$STUN"  02:00:cb:00:71:03
    bridge_host nat   "$NAT_WAN" 02:00:cb:00:71:64 wan0
    # home LAN behind the NAT router
    ip link add lan0 netns "$P-nat" type veth peer name eth0 netns "$P-home"
    ip -n "$P-nat" link set lan0 address 02:00:0a:00:00:01
    ip -n "$P-home" link set eth0 address 02:00:0a:00:00:02
    ip -n "$P-nat" addr add "$NAT_LAN/24" dev lan0
    ip -n "$P-home" addr add "$HOME/24" dev eth0
    ip -n "$P-nat" link set lan0 up
    ip -n "$P-home" link set eth0 up
    ip -n "$P-home" route add default via "$NAT_LAN"
    nsx nat sysctl -qw net.ipv4.ip_forward=1
    # SNAT: the phone's RTP ports get a fixed public port (so the capture shows a
    # port change); everything else keeps its port (Linux default).
    nsx nat iptables -t nat -A POSTROUTING -o wan0 -s "$HOME" -p udp --sport $HOME_RTP \
        -j SNAT --to-source "$NAT_WAN:$NAT_RTP"
    nsx nat iptables -t nat -A POSTROUTING -o wan0 -s "$HOME" -p udp --sport $((HOME_RTP + 1)) \
        -j SNAT --to-source "$NAT_WAN:$((NAT_RTP + 1))"
    nsx nat iptables -t nat -A POSTROUTING -o wan0 -s 10.0.0.0/24 -j SNAT --to-source "$NAT_WAN"
    # static neighbours: no ARP in the captures, no first-packet ARP delay
    local h
    for h in pbx:$PBX:05 alice:$ALICE:0a bob:$BOB:14 bob2:$BOB2:15 stun:$STUN:03 nat:$NAT_WAN:64; do
        local hn=${h%%:*} rest=${h#*:}
        local hip=${rest%%:*} hmac=02:00:cb:00:71:${rest##*:}
        for n in pbx alice bob bob2 stun nat; do
            [ "$n" = "$hn" ] && continue
            local dev=eth0; [ "$n" = nat ] && dev=wan0
            ip -n "$P-$n" neigh replace "$hip" lladdr "$hmac" dev "$dev" nud permanent
        done
    done
    ip -n "$P-home" neigh replace "$NAT_LAN" lladdr 02:00:0a:00:00:01 dev eth0 nud permanent
    ip -n "$P-nat" neigh replace "$HOME" lladdr 02:00:0a:00:00:02 dev lan0 nud permanent
}

# wait until NS has a socket listening on PROTO (u|t) PORT [IP]
wait_port() {
    local n=$1 proto=$2 port=$3 _
    for _ in $(seq 1 50); do
        if nsx "$n" ss -Hln"$proto" "sport = :$port" 2>/dev/null | grep -q .; then return 0; fi
        sleep 0.1
    done
    die "nothing listens on $proto/$port in $P-$n"
}

# ---------------------------------------------------------------- servers
start_kamailio() {
    mkdir -p "$WORK/kamailio"
    ip netns exec "$P-pbx" kamailio -f "$CFG/kamailio.cfg" -DD -E -Y "$WORK/kamailio" -w "$WORK/kamailio" \
        -m 32 -M 4 >"$WORK/kamailio.log" 2>&1 &
    PIDS+=("$!")
    KAM_PID=$!
    wait_port pbx u 5060
    wait_port pbx t 5060
    log "kamailio running (pid $KAM_PID)"
}

# start_turn NS IP... : coturn as a plain STUN server (TURN disabled)
start_turn() {
    local n=$1; shift
    local args=() ip
    for ip in "$@"; do args+=(-L "$ip"); done
    mkdir -p "$WORK/turn-$n"
    ip netns exec "$P-$n" timeout 300 turnserver -n --no-cli --stun-only "${args[@]}" --listening-port 3478 \
        --no-tls --no-dtls --log-file stdout --simple-log --pidfile "$WORK/turn-$n/pid" \
        --db "$WORK/turn-$n/turndb" >"$WORK/turn-$n.log" 2>&1 &
    TURN_PID=$!
    PIDS+=("$TURN_PID")
    wait_port "$n" u 3478
}

stop_pid() {
    local pid=$1
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------- capture
declare -A CAP_PID
cap_start() {   # cap_start FILE NS IFACE [FILTER]
    local f=$1 n=$2 ifc=$3 filt=${4:-ip} _
    ip netns exec "$P-$n" timeout 120 tcpdump -i "$ifc" -s 0 -n -U --immediate-mode -Z root \
        -w "$WORK/$f.pcap" "$filt" 2>"$WORK/$f.tcpdump.log" &
    CAP_PID[$f]=$!
    PIDS+=("$!")
    for _ in $(seq 1 50); do
        grep -q "listening on" "$WORK/$f.tcpdump.log" 2>/dev/null && return 0
        sleep 0.1
    done
    die "tcpdump for $f did not start: $(cat "$WORK/$f.tcpdump.log")"
}

cap_stop() {    # cap_stop FILE...
    local f
    sleep 0.5
    for f in "$@"; do kill -TERM "${CAP_PID[$f]}" 2>/dev/null || true; done
    for f in "$@"; do
        wait "${CAP_PID[$f]}" 2>/dev/null || true
        [ -s "$WORK/$f.pcap" ] || die "capture $f is empty"
        log "  $f: $(grep -h 'packets captured' "$WORK/$f.tcpdump.log")"
    done
}

# ---------------------------------------------------------------- SIPp
# run_sipp BG|FG NS TAG SCENARIO ARGS... ; runs in $WORK/sipp-TAG, where tx.al is
# the audio that party streams. BG sets SIPP_PID.
SIPP_COMMON=(-nostdin -m 1 -timeout 30s -timeout_error -recv_timeout 12s
             -trace_err -error_file errors.log -trace_msg -message_file messages.log)
run_sipp() {
    local mode=$1 n=$2 tag=$3 scen=$4; shift 4
    local d="$WORK/sipp-$tag"
    mkdir -p "$d"
    [ -e "$d/tx.al" ] || cp "$WORK/audio-$n.al" "$d/tx.al"
    if [ "$mode" = BG ]; then
        (cd "$d" && exec ip netns exec "$P-$n" timeout 40 sipp -sf "$CFG/sipp/$scen" \
            "${SIPP_COMMON[@]}" "$@" >"$d/stdout.log" 2>&1) &
        SIPP_PID=$!
        PIDS+=("$SIPP_PID")
    else
        (cd "$d" && exec ip netns exec "$P-$n" timeout 40 sipp -sf "$CFG/sipp/$scen" \
            "${SIPP_COMMON[@]}" "$@" >"$d/stdout.log" 2>&1) \
            || die "SIPp $tag ($scen in $P-$n) failed: see $d"
    fi
}

wait_sipp() {   # wait_sipp PID TAG
    wait "$1" || die "SIPp $2 failed: see $WORK/sipp-$2"
}

# UAC on alice's host via the proxy: uac NAME SCENARIO CALLEE [extra args]
# (-auth_uri: SIPp would otherwise put "sip:<proxy ip>:<port>" into the digest uri)
uac() {
    local name=$1 scen=$2 callee=$3; shift 3
    run_sipp FG alice "$name-uac" "$scen" "$PBX:5060" -i "$ALICE" -p 5060 -mi "$ALICE" \
        -mp $ALICE_RTP -s "$callee" -auth_uri "$callee@sipscope.test" \
        -au alice -ap alicepw -cid_str "rec-$name-%u@sipscope.test" \
        -key ftag "a-$name" -key brp "a-$name" -key contact "$ALICE:5060$TP_PARAM" \
        -key sdp_ip "$ALICE" -key sdp_port $ALICE_RTP "$@"
}

# UAS on bob's host: uas NS NAME SCENARIO [extra args]; background.
# (SIPp keeps the first -key of a name, so extra args cannot override keys;
# TP_PARAM is appended to both Contacts instead.)
uas() {
    local n=$1 name=$2 scen=$3; shift 3
    local ip=$BOB; [ "$n" = bob2 ] && ip=$BOB2
    run_sipp BG "$n" "$name-uas-$n" "$scen" -i "$ip" -p 5060 -mi "$ip" -mp $BOB_RTP \
        -key ttag "b-$name-$n" -key brp "b-$name" -key contact "$ip:5060$TP_PARAM" -d 1000 "$@"
    wait_port "$n" "$( [[ " $* " == *" -t t1 "* ]] && echo t || echo u)" 5060
}

# ---------------------------------------------------------------- STUN client
# stun_from NS LOCALPORT SERVER : one Binding from LOCALPORT; prints ip:port learnt.
# turnutils_stunclient has no local-port option, so the namespace's ephemeral
# port range is narrowed to that one port while it runs.
stun_from() {
    local n=$1 lport=$2 srv=$3 out
    nsx "$n" sysctl -qw net.ipv4.ip_local_port_range="$lport $lport"
    out=$(nsx "$n" timeout 10 turnutils_stunclient "$srv" 2>&1) || {
        nsx "$n" sysctl -qw net.ipv4.ip_local_port_range="32768 60999"
        die "turnutils_stunclient from $P-$n:$lport to $srv failed: $out"
    }
    nsx "$n" sysctl -qw net.ipv4.ip_local_port_range="32768 60999"
    printf '%s\n' "$out" >>"$WORK/stunclient-$n.log"
    printf '%s\n' "$out" | sed -n 's/.*UDP reflexive addr: *\([0-9.]*:[0-9]*\).*/\1/p' | head -1
}

# ---------------------------------------------------------------- scenarios
rec_register_auth() {
    cap_start rec-register-auth sw br0
    run_sipp FG alice register-auth register.xml "$PBX:5060" -i "$ALICE" -p 5060 \
        -auth_uri sipscope.test -au alice -ap alicepw -cid_str "rec-register-auth-%u@sipscope.test" \
        -key ftag a-reg -key brp a-reg -key contact "$ALICE:5060"
    cap_stop rec-register-auth
}

rec_register_wrongpw() {
    cap_start rec-register-wrongpw sw br0
    run_sipp FG alice register-wrongpw register-wrongpw.xml "$PBX:5060" -i "$ALICE" -p 5060 \
        -auth_uri sipscope.test -au alice -ap wrongpw -cid_str "rec-register-wrongpw-%u@sipscope.test" \
        -key ftag a-regwrong -key brp a-regwrong -key contact "$ALICE:5060"
    cap_stop rec-register-wrongpw
}

rec_call_auth() {
    cap_start rec-call-auth sw br0
    uas bob call-auth uas-answer.xml
    local p=$SIPP_PID
    uac call-auth uac-call.xml bob
    wait_sipp "$p" call-auth-uas-bob
    cap_stop rec-call-auth
}

rec_call_wrongpw() {
    cap_start rec-call-wrongpw sw br0
    uac call-wrongpw uac-wrongpw.xml bob -ap wrongpw
    cap_stop rec-call-wrongpw
}

rec_call_busy() {
    cap_start rec-call-busy sw br0
    uas bob call-busy uas-busy.xml
    local p=$SIPP_PID
    uac call-busy uac-busy.xml bob
    wait_sipp "$p" call-busy-uas-bob
    cap_stop rec-call-busy
}

rec_call_cancel() {
    cap_start rec-call-cancel sw br0
    uas bob call-cancel uas-cancel.xml
    local p=$SIPP_PID
    uac call-cancel uac-cancel.xml bob
    wait_sipp "$p" call-cancel-uas-bob
    cap_stop rec-call-cancel
}

rec_call_tcp() {
    cap_start rec-call-tcp sw br0
    TP_PARAM=";transport=tcp"
    uas bob call-tcp uas-answer.xml -t t1
    local p=$SIPP_PID
    uac call-tcp uac-call.xml bob -t t1
    TP_PARAM=""
    wait_sipp "$p" call-tcp-uas-bob
    sleep 0.3
    cap_stop rec-call-tcp
}

rec_call_fork() {
    # "team" rings bob's two devices in parallel: bob (203.0.113.20) rings at
    # once and is cancelled by the proxy; bob2 (203.0.113.21) rings 0.1 s later
    # and answers 1.5 s after that.
    cap_start rec-call-fork sw br0
    uas bob call-fork uas-cancel.xml
    local p1=$SIPP_PID
    uas bob2 call-fork uas-answer.xml -d 1500
    local p2=$SIPP_PID
    uac call-fork uac-call.xml team
    wait_sipp "$p1" call-fork-uas-bob
    wait_sipp "$p2" call-fork-uas-bob2
    cap_stop rec-call-fork
}

rec_call_hold() {
    cap_start rec-call-hold sw br0
    uas bob call-hold uas-hold.xml
    local p=$SIPP_PID
    uac call-hold uac-hold.xml bob
    wait_sipp "$p" call-hold-uas-bob
    cap_stop rec-call-hold
}

stun_series() {  # stun_series NS SERVER : the request pattern shared by the STUN captures
    local n=$1 srv=$2 a lp
    for lp in $HOME_RTP $((HOME_RTP + 1)) 5060 $HOME_RTP; do
        a=$(stun_from "$n" "$lp" "$srv")
        log "  STUN from port $lp -> mapped $a"
        echo "$lp $a" >>"$WORK/stun-mappings-$n.txt"
        sleep 0.2
    done
}

rec_stun_loopback() {
    start_turn lo 127.0.0.1
    cap_start rec-stun-loopback lo lo udp
    stun_series lo 127.0.0.1
    cap_stop rec-stun-loopback
    stop_pid "$TURN_PID"
}

rec_stun_rfc5780_loopback() {
    # two listening addresses: responses carry OTHER-ADDRESS, and the client
    # runs its RFC 5780 tests (CHANGE-REQUEST, RESPONSE-PORT, PADDING); some
    # responses come from the other address/port or go to another client port.
    start_turn lo 127.0.0.1 127.0.0.2
    cap_start rec-stun-rfc5780-loopback lo lo udp
    stun_from lo $HOME_RTP 127.0.0.1 >/dev/null
    cap_stop rec-stun-rfc5780-loopback
    stop_pid "$TURN_PID"
}

rec_stun_nat() {
    cap_start rec-stun-nat-inside nat lan0 udp
    cap_start rec-stun-nat-outside nat wan0 udp
    stun_series home "$STUN"
    cap_stop rec-stun-nat-inside rec-stun-nat-outside
}

rec_call_nat() {
    # alice at home (10.0.0.2) behind the SNAT router learns her public
    # addresses with STUN, then calls bob and announces them in Contact and SDP.
    cap_start rec-call-nat home eth0 ip
    cap_start rec-call-nat-outside sw br0 ip
    local rtp_pub sip_pub
    rtp_pub=$(stun_from home $HOME_RTP "$STUN")
    sip_pub=$(stun_from home 5060 "$STUN")
    if [ -z "$rtp_pub" ] || [ -z "$sip_pub" ]; then die "STUN did not return a mapping"; fi
    log "  STUN: RTP 10.0.0.2:$HOME_RTP -> $rtp_pub, SIP 10.0.0.2:5060 -> $sip_pub"
    echo "rtp $HOME:$HOME_RTP $rtp_pub" >"$WORK/call-nat-mappings.txt"
    echo "sip $HOME:5060 $sip_pub" >>"$WORK/call-nat-mappings.txt"
    uas bob call-nat uas-answer.xml
    local p=$SIPP_PID
    cp "$WORK/audio-alice.al" "$WORK/audio-home.al"
    run_sipp FG home call-nat-uac uac-call.xml "$PBX:5060" -i "$HOME" -p 5060 -mi "$HOME" \
        -mp $HOME_RTP -s bob -auth_uri bob@sipscope.test -au alice -ap alicepw -cid_str "rec-call-nat-%u@sipscope.test" \
        -key ftag a-call-nat -key brp a-call-nat -key contact "$sip_pub" \
        -key sdp_ip "${rtp_pub%:*}" -key sdp_port "${rtp_pub##*:}"
    wait_sipp "$p" call-nat-uas-bob
    cap_stop rec-call-nat rec-call-nat-outside
}

# ---------------------------------------------------------------- checks
# Each capture must contain what MANIFEST.md says. "FILTER=N" means exactly N
# frames match, "FILTER>=N" at least N. Needs tshark; skipped without it.
declare -A EXPECT=(
  [rec-register-auth]='sip.Method=="REGISTER"=2|sip.Status-Code==401=1|sip.Status-Code==200=1|sip.auth.qop=="auth"=2'
  [rec-register-wrongpw]='sip.Method=="REGISTER"=3|sip.Status-Code==401=3|sip.Status-Code==200=0'
  [rec-call-auth]='sip.Method=="INVITE"=3|sip.Status-Code==407=1|sip.Method=="ACK"=3|sip.Status-Code==180=2|sip.Status-Code==200 and sip.CSeq.method=="INVITE"=2|sip.Method=="BYE"=2|sip.Status-Code==200 and sip.CSeq.method=="BYE"=2|sip.Record-Route=5|rtp>=240'
  [rec-call-wrongpw]='sip.Status-Code==407=1|sip.Status-Code==403=1|sip.Method=="ACK"=2|sip.Method=="INVITE"=2'
  [rec-call-busy]='sip.Status-Code==486=2|sip.Method=="ACK"=3|rtp=0'
  [rec-call-cancel]='sip.Method=="CANCEL"=2|sip.Status-Code==200 and sip.CSeq.method=="CANCEL"=2|sip.Status-Code==487=2|sip.Method=="ACK"=3'
  [rec-call-tcp]='tcp and sip.Method=="INVITE"=3|sip.Method=="BYE"=2|udp and sip=0|rtp>=240'
  [rec-call-fork]='sip.Method=="INVITE"=4|sip.Status-Code==180=4|sip.Method=="CANCEL"=1|sip.Status-Code==487=1|sip.Status-Code==200 and sip.CSeq.method=="INVITE"=2|rtp>=240'
  [rec-call-hold]='sip.Method=="INVITE"=7|sdp.media_attr=="sendonly"=2|sdp.media_attr=="recvonly"=2|sip.Method=="BYE"=2|ip.src==203.0.113.20 and sip.Method=="BYE"=1|rtp>=180'
  [rec-stun-loopback]='stun.type==0x0001=4|stun.type==0x0101=4'
  [rec-stun-rfc5780-loopback]='stun.type==0x0001=3|stun.type==0x0101=3|stun.att.type==0x0003=2'
  [rec-stun-nat-inside]='stun.type==0x0101=4|ip.dst==10.0.0.2 and stun.att.ipv4==203.0.113.100=4'
  [rec-stun-nat-outside]='stun.type==0x0101=4|ip.dst==203.0.113.100 and stun.att.ipv4==203.0.113.100=4|ip.addr==10.0.0.0/8=0'
  [rec-call-nat]='stun.type==0x0101=2|sdp.connection_info contains "203.0.113.100"=2|sip.Contact contains "203.0.113.100:5060"=2|ip.src==10.0.0.2 and udp.srcport==40000 and rtp>=120|ip.dst==10.0.0.2 and udp.dstport==40000 and rtp>=120'
  [rec-call-nat-outside]='stun.type==0x0101=2|sip.Method=="INVITE"=3|ip.src==203.0.113.100 and udp.srcport==62000 and rtp>=120|ip.dst==203.0.113.100 and udp.dstport==62000 and rtp>=120|ip.addr==10.0.0.0/8=0'
)

verify() {
    local f=$1 name cond filt want op n bad=0
    name=$(basename "$f" .pcap)
    [ -n "${EXPECT[$name]:-}" ] || return 0
    IFS='|' read -ra conds <<<"${EXPECT[$name]}"
    for cond in "${conds[@]}"; do
        if [[ $cond == *'>='* ]]; then op='>='; filt=${cond%>=*}; want=${cond##*>=}
        else op='='; filt=${cond%=*}; want=${cond##*=}; fi
        n=$(tshark -r "$f" -Y "$filt" -T fields -e frame.number 2>/dev/null | wc -l)
        if { [ "$op" = '=' ] && [ "$n" -ne "$want" ]; } || { [ "$op" = '>=' ] && [ "$n" -lt "$want" ]; }; then
            log "  CHECK FAILED $name: '$filt' matched $n frames, expected $op $want"
            bad=1
        fi
    done
    return $bad
}

# ---------------------------------------------------------------- main
mkdir -p /run/lock
exec 9>/run/lock/sipscope-record.lock
flock -n 9 || die "another record.sh is running"
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_packages
delete_namespaces            # leftovers of an interrupted earlier run
WORK=$(mktemp -d /tmp/sipscope-record.XXXXXX)
mkdir -p "$OUT"
START=$(date +%s)

# 2.5 s of tone per party (440 Hz from callers, 660 Hz from callees)
python3 "$CFG/mktone.py" "$WORK/audio-alice.al" 440 2.5
python3 "$CFG/mktone.py" "$WORK/audio-bob.al" 660 2.5
cp "$WORK/audio-bob.al" "$WORK/audio-bob2.al"

build_lab
need_kam=0
for w in "${WANT[@]}"; do [[ $w == register-* || $w == call-* ]] && need_kam=1; done
[ $need_kam -eq 1 ] && start_kamailio
need_stun=0
for w in "${WANT[@]}"; do [[ $w == stun-nat || $w == call-nat ]] && need_stun=1; done
[ $need_stun -eq 1 ] && start_turn stun "$STUN"

for w in "${WANT[@]}"; do
    log "recording $w"
    "rec_${w//-/_}"
done

if command -v tshark >/dev/null 2>&1; then
    log "checking the captures with tshark"
    failed=0
    for f in "$WORK"/rec-*.pcap; do verify "$f" || failed=1; done
    [ $failed -eq 0 ] || die "some captures do not look as expected (nothing was written)"
else
    log "tshark not installed: captures not checked"
fi

# move finished captures into place only now (a failed run leaves the old ones)
for f in "$WORK"/rec-*.pcap; do
    cp "$f" "$OUT/"
    log "wrote $OUT/$(basename "$f") ($(stat -c %s "$f") bytes)"
done
[ -f "$WORK/stun-mappings-home.txt" ] && log "NAT mappings: $(tr '\n' ';' <"$WORK/stun-mappings-home.txt")"
log "done in $(( $(date +%s) - START )) s"
