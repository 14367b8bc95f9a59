#!/bin/sh
# Issue 2 benchmark (run by hand): start-up of `weft --version` and `weft check`
# on examples/hello, side by side with `tauri --version` from the npm package
# @tauri-apps/cli. This script installs that npm package into a cache folder
# (bench/.cache/tauri-cli) the first time; nothing else in weft uses npm.
# Needs: hyperfine, jq. Usage: bench/startup.sh [BUILD_DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
weft="$build/cli/weft"
cache="$root/bench/.cache/tauri-cli"
if [ ! -x "$cache/node_modules/.bin/tauri" ]; then
  mkdir -p "$cache"
  (cd "$cache" && npm init -y >/dev/null 2>&1 && npm install --silent @tauri-apps/cli >/dev/null 2>&1)
fi
tauri="$cache/node_modules/.bin/tauri"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%Y-%m-%d)"
echo "weft $("$weft" --version) / $("$tauri" --version 2>/dev/null)"
cd "$root"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# /bin/true is the floor: what starting any process costs on this machine now.
hyperfine -N --warmup 10 --runs 100 --export-json /tmp/weft-startup.json \
  "/bin/true" \
  "$weft --version" \
  "$weft check --project examples/hello" \
  "$tauri --version"
echo "| command | median ms | mean ± σ ms | min ms | median vs /bin/true |"
echo "|:---|---:|---:|---:|---:|"
jq -r '(.results[0].median) as $floor | .results[] |
  "| `\(.command | sub("^[^ ]*/"; ""))` | \(.median*1000*10|round/10) | \(.mean*1000*10|round/10) ± \(.stddev*1000*10|round/10) | \(.min*1000*10|round/10) | \(.median/$floor*10|round/10)× |"' \
  /tmp/weft-startup.json
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
