#!/bin/bash
# `weft build` and `weft init` (issue 5), by hand (never in tests):
#  1. no-op `weft build --no-bundle` against a no-op `cmake --build` of the
#     same app (target: ratio ≤ 1.5, or at most 50 ms more);
#  2. a full build of the vanilla app with 100 MB of assets in 1,000 files
#     (half random bytes like images and fonts, half text like scripts)
#     against the same build without them (target: ≤ 3 s more);
#  3. `weft init --ci` (target ≤ 100 ms) beside `tauri init --ci` from
#     @tauri-apps/cli@2, installed by this script with npm into a temporary
#     folder (network use; skipped when npm cannot install it);
#  4. the svelte template: `npm install` in ui/ (network use, which also
#     fills npm's cache, from which tests/e2e/build.sh svelte then installs
#     offline), then a full `weft build` (vite build as beforeBuildCommand)
#     against the vanilla template's.
# Medians with hyperfine; `uptime` load printed before and after each.
# usage: bench/build.sh [BUILD_DIR]   (default build/, must hold a built weft)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
weft=${1:-$root/build}/cli/weft
[ -x "$weft" ] || { echo "no $weft: build weft first (scripts/build)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
load() { echo "load: $(uptime | sed 's/.*load average: //')"; }
median() { jq -r ".results[$2].median * 1000 | floor" "$1"; }

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/ {print $2}') GiB; $("$weft" --version)"

# 1. No-op builds.
cd "$work"
"$weft" init --ci --name "Bench App" --dir app >/dev/null
(cd app && "$weft" build --no-bundle >/dev/null 2>&1)
load
(cd app && hyperfine -N --warmup 5 --runs 40 --export-json "$work/noop.json" \
  -n 'weft build --no-bundle (no-op)' "$weft build --no-bundle" \
  -n 'cmake --build (no-op)' "cmake --build target/release/backend")
load
w=$(median "$work/noop.json" 0); c=$(median "$work/noop.json" 1)
echo "no-op: weft $w ms, cmake $c ms, ratio $(echo "scale=2; $w / $c" | bc), difference $((w - c)) ms"

# 2. Full builds with and without 100 MB of assets.
"$weft" init --ci --name "Bench Assets" --dir assets >/dev/null
python3 - "$work/assets/ui/data" <<'PY'
import os, random, sys
root = sys.argv[1]
random.seed(5)
words = [''.join(random.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(random.randint(2, 10))) for _ in range(5000)]
for i in range(1000):
    d = os.path.join(root, f"d{i // 100}")
    os.makedirs(d, exist_ok=True)
    if i % 2:
        with open(os.path.join(d, f"f{i}.bin"), "wb") as f:
            f.write(os.urandom(100_000))
    else:
        text = []
        size = 0
        while size < 100_000:
            w = f"const {random.choice(words)} = {random.choice(words)}({random.randint(0, 9999)});\n"
            text.append(w)
            size += len(w)
        with open(os.path.join(d, f"f{i}.js"), "w") as f:
            f.write(''.join(text)[:100_000])
PY
echo "assets: $(find "$work/assets/ui" -type f | wc -l) files, $(du -sb "$work/assets/ui" | cut -f1) bytes"
load
hyperfine --warmup 1 --runs 5 --export-json "$work/full.json" \
  --prepare "rm -rf $work/app/target" -n 'full weft build, no assets' "cd $work/app && $weft build --no-bundle" \
  --prepare "rm -rf $work/assets/target" \
  -n 'full weft build, 100 MB / 1,000 assets' "cd $work/assets && $weft build --no-bundle"
load
a=$(median "$work/full.json" 0); b=$(median "$work/full.json" 1)
echo "full build: without assets $a ms, with $b ms, difference $((b - a)) ms"
ls -l "$work/app/target/release/bench-app" "$work/assets/target/release/bench-assets"
# The same no-op comparison with the 1,000 files (stat instead of hashing).
(cd assets && hyperfine -N --warmup 3 --runs 20 --export-json "$work/noop-assets.json" \
  -n 'weft build --no-bundle (no-op, 1,000 assets)' "$weft build --no-bundle" \
  -n 'cmake --build (no-op, 1,000 assets)' "cmake --build target/release/backend")
echo "no-op with 1,000 assets: weft $(median "$work/noop-assets.json" 0) ms, cmake $(median "$work/noop-assets.json" 1) ms"
load

# 3. init.
load
hyperfine -N --warmup 5 --runs 40 --export-json "$work/init.json" --prepare "rm -rf $work/init-app" \
  -n 'weft init --ci' "$weft init --ci --name InitApp --dir $work/init-app"
echo "weft init --ci: median $(median "$work/init.json" 0) ms"
if command -v npm >/dev/null && mkdir -p "$work/npm" &&
  (cd "$work/npm" && npm init -y >/dev/null 2>&1 && npm install --silent @tauri-apps/cli@2 >/dev/null 2>&1); then
  tauri="$work/npm/node_modules/.bin/tauri"
  echo "$("$tauri" --version)"
  mkdir -p "$work/tauri-app"
  hyperfine -N --warmup 3 --runs 20 --export-json "$work/tauri.json" --prepare "rm -rf $work/tauri-app/src-tauri" \
    -n 'tauri init --ci' "$tauri init --ci --directory $work/tauri-app --app-name InitApp --window-title InitApp --frontend-dist ../dist --dev-url http://localhost:1420 --before-dev-command '' --before-build-command ''"
  echo "tauri init --ci: median $(median "$work/tauri.json" 0) ms"
else
  echo "tauri init: skipped (npm could not install @tauri-apps/cli@2)"
fi
load

# 4. The svelte template.
"$weft" init --ci --name "Bench Svelte" --template svelte --dir svelte >/dev/null
if command -v npm >/dev/null && (cd svelte/ui && npm install --no-audit --no-fund >"$work/npm-svelte.log" 2>&1); then
  echo "svelte template: $(cd svelte/ui && npm ls --depth=0 2>/dev/null | grep -E 'svelte@|vite@' | tr -d '\n')"
  load
  hyperfine --warmup 1 --runs 3 --export-json "$work/svelte.json" \
    --prepare "rm -rf $work/app/target" -n 'full weft build, vanilla' "cd $work/app && $weft build --no-bundle" \
    --prepare "rm -rf $work/svelte/target $work/svelte/ui/dist" \
    -n 'full weft build, svelte (vite build)' "cd $work/svelte && $weft build --no-bundle"
  echo "full build: vanilla $(median "$work/svelte.json" 0) ms, svelte $(median "$work/svelte.json" 1) ms"
  load
else
  echo "svelte template: skipped (npm install failed: $(tail -n 1 "$work/npm-svelte.log"))"
fi
