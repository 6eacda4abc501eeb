#!/usr/bin/env bash
# gui_smoke.sh: the real Wireshark GUI (wireshark-qt) under Xvfb opens a testdata capture with
# the freshly built plugin, filtered on a sipscope field. Passes when the sipscope.so mapped
# into the wireshark process is the one from this build, the main window shows the file, and
# the sipscope GUI entries open: the Telephony table "SIP call list (sipscope)" (started with
# -z sipcalls,table, as a user can) and the statistics tree "SIP calls (sipscope)" (opened
# through the Statistics menu, where plugin trees are the last entry); saves screenshots of
# each (main.png, call-table.png, stats-tree.png). Exits 77 (skip) only when no X server can
# be had.
#
#   gui_smoke.sh [--so PATH] [--out DIR] [--capture FILE]
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
so="$root/build/sipscope.so"
out="$root/build/gui-smoke"
capture=""
while [ $# -gt 0 ]; do
  case "$1" in
    --so) so="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --capture) capture="$2"; shift 2 ;;
    *) echo "gui_smoke.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "$capture" ]; then
  for c in "$root/testdata/captures/rec-call-auth.pcap" "$root/testdata/captures/"*.pcap; do
    [ -e "$c" ] && { capture="$c"; break; }
  done
fi
[ -n "$capture" ] || { echo "gui_smoke.sh: no capture in testdata/captures" >&2; exit 1; }
command -v Xvfb >/dev/null || { echo "SKIP: Xvfb is not installed (apt-get install xvfb)"; exit 77; }
command -v wireshark >/dev/null || { echo "FAIL: wireshark (wireshark-qt) is not installed"; exit 1; }
shot=/usr/bin/import
[ -x "$shot" ] || { echo "FAIL: ImageMagick import is not installed (apt-get install imagemagick)"; exit 1; }
mkdir -p "$out"

disp=""
for n in $(seq 90 120); do
  if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then disp=":$n"; break; fi
done
[ -n "$disp" ] || { echo "SKIP: no free X display number"; exit 77; }
Xvfb "$disp" -screen 0 1600x1000x24 -ac -nolisten tcp >"$out/xvfb.log" 2>&1 &
xvfb_pid=$!
ws_pid=""
cleanup() {
  [ -n "$ws_pid" ] && kill "$ws_pid" 2>/dev/null
  # the wireshark process started under our wrapper (found by the plugin copy it mapped)
  for p in $(pgrep -x wireshark 2>/dev/null); do
    grep -q "sipscope-run" "/proc/$p/maps" 2>/dev/null && [ "$(cat /proc/$p/environ 2>/dev/null | tr '\0' '\n' | grep -c "^DISPLAY=$disp$")" = 1 ] && kill "$p" 2>/dev/null
  done
  kill "$xvfb_pid" 2>/dev/null
  wait 2>/dev/null
}
trap cleanup EXIT
for _ in $(seq 50); do
  DISPLAY="$disp" xdpyinfo >/dev/null 2>&1 && break
  sleep 0.2
done
if ! DISPLAY="$disp" xdpyinfo >/dev/null 2>&1; then
  echo "SKIP: Xvfb could not start on $disp"; cat "$out/xvfb.log"; exit 77
fi

# a window that fills the virtual screen, so the screenshots are readable
cat > "$out/recent_common" <<'RC'
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: 1600
gui.geometry_main_height: 1000
gui.geometry_main_maximized: TRUE
privs.warn_if_elevated: FALSE
RC
SIPSCOPE_CONFIG_FILES="$out/recent_common" DISPLAY="$disp" QT_QPA_PLATFORM=xcb "$root/tools/sipscope-tshark" --so "$so" --program wireshark -- \
    -r "$capture" -Y "sipdialog.call" -o gui.update.enabled:FALSE -z sipcalls,table >"$out/wireshark.log" 2>&1 &
ws_pid=$!

# wait for the main window titled with the capture file name
base=$(basename "$capture")
win=""
for _ in $(seq 120); do
  win=$(DISPLAY="$disp" xdotool search --name "$base" 2>/dev/null | head -1)
  [ -n "$win" ] && break
  sleep 0.5
done
sleep 3
fail=0
if [ -z "$win" ]; then
  echo "FAIL: no Wireshark window titled with $base appeared"; fail=1
fi
loaded=0
for p in $(pgrep -x wireshark 2>/dev/null); do
  if grep -q "sipscope-run\.[^/]*/plugins/4.0/epan/sipscope.so" "/proc/$p/maps" 2>/dev/null; then
    loaded=1
    grep -m1 -o "/tmp/sipscope-run[^ ]*sipscope.so" "/proc/$p/maps" > "$out/plugin-path.txt"
  fi
done
if [ "$loaded" != 1 ]; then
  echo "FAIL: the wireshark process did not map the built sipscope.so"; fail=1
fi
if grep -qiE "couldn't load plugin|invalid.*filter|isn't a valid display filter" "$out/wireshark.log"; then
  echo "FAIL: wireshark reported:"; cat "$out/wireshark.log"; fail=1
fi
# a top-level window whose title matches $1 (a regular expression), other than $2; waits up to 30 s
find_window() {
  local w
  for _ in $(seq 60); do
    for w in $(DISPLAY="$disp" xdotool search --name "$1" 2>/dev/null); do
      [ "$w" != "${2:-}" ] && { echo "$w"; return 0; }
    done
    sleep 0.5
  done
  return 1
}
# the call table that -z sipcalls,table opened: out of the way for the main screenshot
table=$(find_window "SIP call list .sipscope.")
[ -n "$table" ] && DISPLAY="$disp" xdotool windowmove "$table" 1700 0 2>/dev/null
sleep 1
DISPLAY="$disp" "$shot" -window root "$out/main.png" 2>/dev/null && echo "screenshot: $out/main.png"

if [ -z "$table" ]; then
  echo "FAIL: -z sipcalls,table did not open the 'SIP call list (sipscope)' table"; fail=1
else
  DISPLAY="$disp" xdotool windowmove "$table" 0 0 windowsize "$table" 1590 420 2>/dev/null
  sleep 2
  DISPLAY="$disp" "$shot" -window "$table" "$out/call-table.png" 2>/dev/null && echo "screenshot: $out/call-table.png"
  DISPLAY="$disp" xdotool windowmove "$table" 1700 0 2>/dev/null
fi

# Statistics > SIP calls (sipscope): plugin trees are the menu's last entries (Up from the top)
tree=""
if [ -n "$win" ]; then
  DISPLAY="$disp" xdotool windowfocus --sync "$win" 2>/dev/null
  sleep 0.5
  DISPLAY="$disp" xdotool key alt+s 2>/dev/null
  sleep 1
  DISPLAY="$disp" xdotool key Up 2>/dev/null
  sleep 0.5
  DISPLAY="$disp" xdotool key Return 2>/dev/null
  tree=$(find_window "SIP calls .sipscope.")
fi
if [ -z "$tree" ]; then
  echo "FAIL: Statistics > SIP calls (sipscope) did not open the statistics tree"; fail=1
else
  DISPLAY="$disp" xdotool windowmove "$tree" 0 0 windowsize "$tree" 1200 960 2>/dev/null
  sleep 2
  DISPLAY="$disp" "$shot" -window "$tree" "$out/stats-tree.png" 2>/dev/null && echo "screenshot: $out/stats-tree.png"
fi
[ "$fail" = 0 ] && echo "PASS: wireshark loaded $(cat "$out/plugin-path.txt") and opened $base with filter sipdialog.call; the SIP call list table and the SIP calls statistics tree opened"
exit $fail
