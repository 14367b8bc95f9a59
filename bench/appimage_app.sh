#!/bin/bash
# Issue 7 benchmark (run by hand): the vanilla template app ("hello world")
# as a portable and a non-portable AppImage: their sizes, `weft bundle`'s
# time for each, and the time from start to the page's DOMContentLoaded
# (reported through IPC) for the deb's program (unpacked with dpkg-deb -x:
# the same files an install puts in /usr), the portable AppImage and the
# non-portable one, each through the runtime's FUSE mount and with
# --appimage-extract-and-run.
# Needs: xvfb-run, jq, dpkg-deb, python3. Usage: bench/appimage_app.sh [BUILD_DIR] [RUNS]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
runs=${2:-10}
weft=$build/cli/weft
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

"$weft" init --ci --name "Bench App" --identifier dev.weft.bench --dir "$work/app" >/dev/null
app=$work/app
# A `loaded` command the page calls on DOMContentLoaded; it writes the time.
sed -i 's|#include <string>|#include <chrono>\n#include <cstdlib>\n#include <fstream>\n#include <string>|' "$app/src/main.cpp"
sed -i 's|  return app.run(argc, argv);|  app.command("loaded", [](const nlohmann::json\&) -> nlohmann::json {\n    const auto now = std::chrono::system_clock::now().time_since_epoch();\n    std::ofstream(std::getenv("WEFT_BENCH_RESULT")) << std::chrono::duration_cast<std::chrono::microseconds>(now).count();\n    return true;\n  });\n\n  return app.run(argc, argv);|' "$app/src/main.cpp"
jq '.build.commands += ["loaded"]' "$app/weft.conf.json" >"$work/conf" && mv "$work/conf" "$app/weft.conf.json"
(cd "$app" && "$weft" permission add allow-loaded -C default >/dev/null)
printf '\nwindow.addEventListener("DOMContentLoaded", () => window.weft.invoke("loaded"));\n' >>"$app/ui/main.js"
(cd "$app" && "$weft" build --no-bundle >/dev/null)

bundle_time() { # bundle_time OUT-DIR [CONFIG]: seconds of `weft bundle --bundles appimage`
  local start end
  rm -rf "$app/target/release/bundle"
  start=$(date +%s.%N)
  (cd "$app" && "$weft" bundle --bundles appimage ${2:+-c "$2"} >/dev/null)
  end=$(date +%s.%N)
  mkdir -p "$1"
  mv "$app"/target/release/bundle/appimage/*.AppImage "$1/app.AppImage"
  awk "BEGIN { printf \"%.2f\", $end - $start }"
}
echo "| AppImage | bytes | weft bundle s (3 runs, median) |"
echo "|:---|---:|---:|"
for kind in portable non-portable; do
  cfg=""
  [ $kind = non-portable ] && cfg='{"bundle":{"linux":{"appimage":{"portable":false}}}}'
  times=""
  for _ in 1 2 3; do times="$times $(bundle_time "$work/$kind" "$cfg")"; done
  median=$(echo "$times" | tr ' ' '\n' | sed '/^$/d' | sort -n | sed -n 2p)
  echo "| $kind | $(stat -c %s "$work/$kind/app.AppImage") | $median |"
done
(cd "$app" && "$weft" bundle --bundles deb >/dev/null)
dpkg-deb -x "$app"/target/release/bundle/deb/*.deb "$work/deb-root"

# start-to-DOMContentLoaded, in ms, for one launch of "$@".
cat >"$work/session.sh" <<'SESSION'
work=$1 runs=$2 name=$3
shift 3
for i in $(seq "$runs"); do
  rm -f "$work/loaded"
  start=$(date +%s%6N)
  WEFT_BENCH_RESULT="$work/loaded" NO_AT_BRIDGE=1 "$@" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 3000); do [ -s "$work/loaded" ] && break; sleep 0.01; done
  echo "$name $(( ($(cat "$work/loaded") - start) / 1000 ))" >>"$work/times"
  kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
done
SESSION
: >"$work/times"
export HOME=$work/home
mkdir -p "$HOME"
run() { xvfb-run -a -s "-screen 0 1024x768x24" sh "$work/session.sh" "$work" "$runs" "$@"; }
run "deb (usr/bin)" "$work/deb-root/usr/bin/bench-app"
run "portable, FUSE" "$work/portable/app.AppImage"
run "portable, extract-and-run" "$work/portable/app.AppImage" --appimage-extract-and-run
run "non-portable, FUSE" "$work/non-portable/app.AppImage"
run "non-portable, extract-and-run" "$work/non-portable/app.AppImage" --appimage-extract-and-run
echo "| start → DOMContentLoaded ($runs runs) | median ms | min ms | vs deb |"
echo "|:---|---:|---:|---:|"
python3 - "$work/times" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, ms = line.rsplit(" ", 1)
    rows.setdefault(name, []).append(int(ms))
base = statistics.median(rows["deb (usr/bin)"])
for name, values in rows.items():
    m = statistics.median(values)
    print(f"| {name} | {m:.0f} | {min(values)} | {m / base:.2f}× |")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
