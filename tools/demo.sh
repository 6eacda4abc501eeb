#!/usr/bin/env bash
# demo.sh [CAPTURE] [TSHARK-ARGS...]: install what is missing, build, and show what sipscope
# knows about a capture (default: the recorded kamailio call with a 407 round trip).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cap="${1:-$root/testdata/captures/rec-call-auth.pcap}"
shift || true
"$root/tools/deps.sh" build
"$root/tools/build.sh" "$root/build" -DSIPSCOPE_TESTS=OFF >/dev/null
if [ $# -gt 0 ]; then
  exec "$root/tools/sipscope-tshark" -r "$cap" "$@"
fi
if "$root/tools/sipscope-tshark" -z help 2>&1 | grep -qx ' *sipladder' ; then
  exec "$root/tools/sipscope-tshark" -r "$cap" -q -z sipladder
fi
# Until the ladder tap exists: the sipscope fields of each SIP/STUN/RTP packet.
fields=()
for f in $("$root/tools/sipscope-tshark" -G fields | awk -F'\t' '$1=="F" && $3 ~ /^(sipdialog|sipauth|stunverify|mediabind)\./ {print $3}'); do
  fields+=(-e "$f")
done
exec "$root/tools/sipscope-tshark" -r "$cap" -Y "sip || stun || rtp" -T fields -E header=y \
  -e frame.number -e _ws.col.Protocol -e _ws.col.Info "${fields[@]}"
