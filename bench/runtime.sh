#!/bin/sh
# Issue 4 benchmark (run by hand, on a quiet machine): the app runtime's start
# under Xvfb, from exec to the page's DOMContentLoaded (reported through IPC),
# and the memory of the app and all its WebKit processes once the page has
# loaded, summed (RSS, and PSS, which counts shared pages once). The same is
# measured for bench/webkit_baseline.c, a bare GTK + WebKitGTK program showing
# the same page without weft, alternating with it run by run. One warm-up run
# each, then RUNS measured runs (default 10); prints every run and the medians.
# Builds bench/runtime_app.cpp against an existing build.
# Usage: bench/runtime.sh [BUILD_DIR] [RUNS]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
runs=${2:-10}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# shellcheck disable=SC2046
c++ -std=c++20 -O2 -DNDEBUG -I"$root/runtime/include" -I"$root/base/include" -I"$root/tests/support" \
  "$root/bench/runtime_app.cpp" -o "$out/weft" \
  "$build/runtime/libweft_runtime.a" "$build/runtime/libweft_runtime_core.a" "$build/base/libweft_base.a" \
  $(pkg-config --cflags --libs webkit2gtk-4.1 gtk+-3.0 libzstd) -lfmt -lcrypto -pthread
# shellcheck disable=SC2046
cc -O2 "$root/bench/webkit_baseline.c" -o "$out/baseline" $(pkg-config --cflags --libs webkit2gtk-4.1)
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%Y-%m-%d), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "webkit2gtk-4.1 $(pkg-config --modversion webkit2gtk-4.1), gtk+-3.0 $(pkg-config --modversion gtk+-3.0)"

cat >"$out/session.sh" <<'SESSION'
out=$1 runs=$2
export HOME=$out/home NO_AT_BRIDGE=1
mkdir -p "$HOME"
# The process and every descendant.
tree() { echo "$1"; for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do tree "$child"; done; }
# measure NAME LABEL: one run of $out/NAME; appends "ms rss_kib pss_kib" to $out/NAME.samples unless warm-up.
measure() {
  rm -f "$out/fifo"; mkfifo "$out/fifo"
  start=$(date +%s%N)
  "$out/$1" >"$out/fifo" 2>/dev/null &
  pid=$!
  read -r word loaded since <"$out/fifo"
  sleep 1 # let the processes settle before reading their memory
  rss=0 pss=0 procs=0
  for p in $(tree "$pid"); do
    [ -r /proc/"$p"/status ] || continue
    rss=$((rss + $(awk '$1 == "VmRSS:" { print $2 }' /proc/"$p"/status)))
    pss=$((pss + $(awk '$1 == "Pss:" { print $2 }' /proc/"$p"/smaps_rollup)))
    procs=$((procs + 1))
  done
  { kill -TERM "$pid"; wait "$pid"; } 2>/dev/null || true
  ms=$(( (loaded - start) / 1000000 ))
  printf '%-8s %-7s start→DOMContentLoaded %5d ms (page: %6.1f ms after navigation start), %d processes, RSS %d MiB, PSS %d MiB\n' \
    "$1" "$2" "$ms" "$since" "$procs" $((rss / 1024)) $((pss / 1024))
  [ "$2" = warm-up ] || echo "$ms $rss $pss" >>"$out/$1.samples"
}
i=0
while [ "$i" -le "$runs" ]; do
  if [ "$i" -eq 0 ]; then label=warm-up; else label="run $i"; fi
  measure weft "$label"
  measure baseline "$label"
  i=$((i + 1))
done
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for name in weft baseline; do
  echo "$name: median of $runs: start→DOMContentLoaded $(cut -d' ' -f1 "$out/$name.samples" | median) ms," \
    "RSS $(cut -d' ' -f2 "$out/$name.samples" | median | awk '{ printf "%.1f", $1 / 1024 }') MiB," \
    "PSS $(cut -d' ' -f3 "$out/$name.samples" | median | awk '{ printf "%.1f", $1 / 1024 }') MiB"
done
SESSION
xvfb-run -a -s "-screen 0 1280x800x24" sh "$out/session.sh" "$out" "$runs"
