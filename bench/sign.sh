#!/bin/bash
# Issue 8 benchmark (run by hand, never by the tests): sign a 1 GiB file with
# `weft signer sign`, `tauri signer sign` and `minisign -S`, in the same run,
# with the same secret key; `b2sum -l 512` on the same file is the hashing
# bound. Wall time with hyperfine (page cache warm), peak memory with GNU time.
#
# The Tauri CLI comes from the npm registry: this script runs
# `npm install @tauri-apps/cli` into a temporary directory (removed at the
# end). Nothing else in weft uses npm.
#
# Needs: hyperfine, minisign, GNU time (/usr/bin/time), b2sum, npm, python3; about
# 1.1 GiB free in $TMPDIR.
# Usage: bench/sign.sh [BUILD_DIR] [SIZE_MIB]   (defaults: build/, 1024)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
size_mib=${2:-1024}
weft="$build/cli/weft"
[ -x "$weft" ] || { echo "no $weft: build first (scripts/build)"; exit 1; }
for tool in hyperfine minisign b2sum npm python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool"; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "installing @tauri-apps/cli into $work/npm (npm registry)..." >&2
mkdir -p "$work/npm"
(cd "$work/npm" && npm init -y >/dev/null 2>&1 && npm install --silent @tauri-apps/cli >/dev/null 2>&1)
tauri="$work/npm/node_modules/.bin/tauri"

echo "creating a ${size_mib} MiB file of random bytes..." >&2
head -c "$((size_mib << 20))" /dev/urandom >"$work/payload.bin"
: >"$work/empty.bin"

# One key for all three tools: made by weft, with the rsign/Tauri scrypt cost
# (N=2^15, r=8, p=1: 32 MiB). minisign and Tauri read it as it is.
pw='bench-password'
printf '%s' "$pw" | "$weft" signer generate -w "$work/key" --password-stdin >/dev/null
base64 -d <"$work/key" >"$work/key.minisign"
# And an unencrypted minisign key, to see the cost of signing without scrypt.
minisign -G -W -p "$work/plain.pub" -s "$work/plain.key" >/dev/null

export WEFT_SIGNING_PRIVATE_KEY_PASSWORD=$pw TAURI_SIGNING_PRIVATE_KEY_PASSWORD=$pw
printf '%s\n' "$pw" >"$work/pw.txt"
weft_sign="$weft signer sign -f $work/key $work/payload.bin"
weft_kdf="$weft signer sign -f $work/key $work/empty.bin"
weft_plain="$weft signer sign -f $work/plain.key $work/payload.bin"
tauri_sign="$tauri signer sign -f $work/key $work/payload.bin"
minisign_sign="sh -c 'minisign -S -s $work/key.minisign -m $work/payload.bin -x $work/m.minisig <$work/pw.txt'"
minisign_plain="minisign -S -s $work/plain.key -m $work/payload.bin -x $work/p.minisig"
b2sum_cmd="b2sum -l 512 $work/payload.bin"

echo "## machine"
echo
echo "$(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ {print $2}') GiB," \
  "$(date -u +%Y-%m-%d); file: ${size_mib} MiB, page cache warm"
echo "$("$weft" --version), $("$tauri" --version 2>/dev/null), minisign $(minisign -v | awk '{print $2}')," \
  "$(b2sum --version | head -n 1)"
echo
echo "## wall time"
echo
hyperfine --warmup 1 --runs 5 --export-json "$work/times.json" \
  -n 'b2sum -l 512' "$b2sum_cmd" \
  -n 'weft signer sign' "$weft_sign" \
  -n 'weft signer sign (unencrypted key)' "$weft_plain" \
  -n 'weft signer sign (empty file: start + scrypt)' "$weft_kdf" \
  -n 'tauri signer sign' "$tauri_sign" \
  -n 'minisign -S' "$minisign_sign" \
  -n 'minisign -S (unencrypted key)' "$minisign_plain" >&2
# CPU time (user + system) beside wall time: on a shared machine it is the
# steadier measure of the work each tool does.
python3 - "$work/times.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = next(r for r in results if r["command"] == "b2sum -l 512")
print("| command | wall mean ± σ [s] | wall min [s] | CPU user+sys [s] | CPU vs b2sum |")
print("|:---|---:|---:|---:|---:|")
for r in results:
    cpu = r["user"] + r["system"]
    print(f"| {r['command']} | {r['mean']:.3f} ± {r['stddev']:.3f} | {r['min']:.3f} | {cpu:.3f} | "
          f"{cpu / (base['user'] + base['system']):.2f}× |")
PY
echo
echo "## peak memory (maximum resident set size, GNU time -v)"
echo
echo "| command | peak RSS |"
echo "|:---|---:|"
peak() { # NAME COMMAND...
  local name=$1
  shift
  /usr/bin/time -v "$@" >/dev/null 2>"$work/time.txt" <"$work/pw.txt" || { cat "$work/time.txt"; exit 1; }
  echo "| $name | $(awk -F': ' '/Maximum resident set size/ {printf "%.1f MiB", $2 / 1024}' "$work/time.txt") |"
}
peak 'b2sum -l 512' b2sum -l 512 "$work/payload.bin"
# What the weft process costs before it signs anything (shared libraries).
peak 'weft --version' "$weft" --version
peak 'weft signer sign' $weft_sign
peak 'weft signer sign (unencrypted key)' $weft_plain
peak 'tauri signer sign' $tauri_sign
peak 'minisign -S' minisign -S -s "$work/key.minisign" -m "$work/payload.bin" -x "$work/m.minisig"
peak 'minisign -S (unencrypted key)' $minisign_plain

# The three signatures agree (same key; Ed25519 is deterministic, only the
# trusted comments differ).
base64 -d <"$work/payload.bin.sig" >"$work/weft.minisig"
minisign -Vqm "$work/payload.bin" -P "$(base64 -d <"$work/key.pub" | sed -n 2p)" -x "$work/weft.minisig"
minisign -Vqm "$work/payload.bin" -P "$(base64 -d <"$work/key.pub" | sed -n 2p)" -x "$work/m.minisig"
