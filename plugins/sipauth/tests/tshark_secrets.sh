#!/usr/bin/env bash
# tshark_secrets.sh --so PATH: configured passwords and HA1s never reach any output.
#
# Runs the real tshark with the plugin over every digest capture in testdata/, with
# credentials from all three sources (the -o uat: command line, the profile's
# sipscope_credentials file, the sipauth.credentials_file preference, including rows that
# carry only an HA1 and a row the loader rejects), and greps every output format and every
# tap the plugin registers (found by comparing `-z help` with and without the plugin) for
# the passwords and the HA1s (MD5, SHA-256, SHA-512-256). Exit 0 pass, 1 leak/failure.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
so="$root/build/sipscope.so"
while [ $# -gt 0 ]; do
  case "$1" in
    --so) so="$2"; shift 2 ;;
    *) echo "usage: $0 --so PATH" >&2; exit 2 ;;
  esac
done
T="$root/tools/sipscope-tshark"

work=$(mktemp -d /tmp/sipauth-secrets.XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"

# Secrets: alice's password (the one the captures use), a second password only in the file,
# a password only in the profile UAT file, and alice's HA1s (a row carries one as its only secret).
pw_file="FilePw-7c1e9a"
pw_uat="UatPw-42d0b3"
ha1_md5=$(printf 'alice:sipscope.test:alicepw' | md5sum | cut -d' ' -f1)
ha1_256=$(printf 'alice:sipscope.test:alicepw' | sha256sum | cut -d' ' -f1)
ha1_512=$(python3 -c 'import hashlib; print(hashlib.new("sha512_256", b"alice:sipscope.test:alicepw").hexdigest())')
bob_ha1=$(printf 'bob:sipscope.test:bobpw' | md5sum | cut -d' ' -f1)
secrets=(alicepw bobpw "$pw_file" "$pw_uat" "$ha1_md5" "$ha1_256" "$ha1_512" "$bob_ha1")

cat > "$work/creds.csv" <<EOF
# credentials_file: one row per line, UAT CSV format
"carol","sipscope.test","$pw_file",""
"bob","sipscope.test","","$bob_ha1"
"alice","sipscope.test","","SHA-512-256:$ha1_512"
this line is broken "$pw_file
EOF
cat > "$work/sipscope_credentials" <<EOF
"dave","","$pw_uat",""
"alice","sipscope.test","","SHA-256:$ha1_256"
EOF
chmod 644 "$work/creds.csv" "$work/sipscope_credentials"
export SIPSCOPE_CONFIG_FILES="$work/sipscope_credentials"
creds=(-o 'uat:sipscope_credentials:"alice","sipscope.test","alicepw",""'
       -o "sipauth.credentials_file:$work/creds.csv")

# the plugin's taps: what -z help lists with the plugin and not without
# (tshark prints the list on stderr)
"$T" --no-plugin -- -z help 2>&1 | grep '^     ' | sed 's/^ *//' | sort > "$work/z-without"
"$T" --so "$so" -- -z help 2>&1 | grep '^     ' | sed 's/^ *//' | sort > "$work/z-with"
mapfile -t taps < <(comm -13 "$work/z-without" "$work/z-with" | grep -v '^$')

captures=("$root"/testdata/captures/gen-auth-*.pcap)
for c in "$root"/testdata/captures/rec-*auth*.pcap "$root"/testdata/captures/rec-*wrongpw*.pcap; do
  [ -e "$c" ] && captures+=("$c")
done

fail=0
runs=0
check() {   # name file...
  local name=$1; shift
  for s in "${secrets[@]}"; do
    if grep -qF -- "$s" "$@"; then
      echo "LEAK: '$s' in $name"
      grep -nF -- "$s" "$@" | head -3
      fail=1
    fi
  done
}

for cap in "${captures[@]}"; do
  b=$(basename "$cap" .pcap)
  modes=("-V" "-T json" "-T pdml" "-T ek" "-q -z expert" "-2 -V" "-2 -q -z expert"
         "-T fields -e sipauth.verdict -e _ws.expert.message")
  for t in "${taps[@]}"; do modes+=("-q -z $t" "-2 -q -z $t"); done
  for m in "${modes[@]}"; do
    # shellcheck disable=SC2086
    "$T" --so "$so" -- -r "$cap" "${creds[@]}" $m > "$work/out" 2> "$work/err"
    rc=$?
    runs=$((runs + 1))
    if [ $rc -ne 0 ]; then
      echo "FAIL: tshark exited $rc on $b with '$m'"; head -5 "$work/err"; fail=1
    fi
    check "$b ($m)" "$work/out" "$work/err"
  done
done
# the verdicts these credentials give must be there (the test is not vacuous)
"$T" --so "$so" -- -r "$root/testdata/captures/gen-auth-sha512-256.pcap" "${creds[@]}" \
  -Y sipauth.verdict -T fields -e sipauth.verdict > "$work/v" 2>/dev/null
grep -qx valid "$work/v" || { echo "FAIL: the file's HA1-only SHA-512-256 row did not verify"; fail=1; }
"$T" --so "$so" -- -r "$root/testdata/captures/gen-auth-sha256.pcap" -o "sipauth.credentials_file:$work/creds.csv" \
  -Y sipauth.verdict -T fields -e sipauth.verdict > "$work/v" 2>"$work/err"
grep -qx valid "$work/v" || { echo "FAIL: the profile UAT file's HA1-only SHA-256 row did not verify"; fail=1; }
grep -q "credentials file .*1 bad record (line 5)" "$work/err" || { echo "FAIL: no warning for the broken line"; cat "$work/err"; fail=1; }
check "credentials-file warning" "$work/err"

echo "tshark_secrets: ${#captures[@]} captures, ${#taps[@]} plugin taps (${taps[*]:-none}), $runs runs"
[ $fail -eq 0 ] && echo "PASS" || echo "FAIL"
exit $fail
