#!/bin/bash
# Benchmark of `weft icon` (issue 10) against `tauri icon`, run by hand:
#   bench/icon.sh [--sweep] [BUILD_DIR]        (BUILD_DIR defaults to build/)
# It installs @tauri-apps/cli 2 with npm into a temporary folder (the npm
# package ships the prebuilt native Tauri CLI; nothing is installed
# globally), then times both tools with hyperfine, median of 10 runs each,
# every run into a fresh output folder:
#   - a 1024×1024 PNG → the full icon set (both tools write the same 52 files)
#   - the same with weft over its own previous output (nothing to rewrite)
#   - an SVG input → the full icon set
# for two kinds of artwork: tests/fixtures/icons/app-icon.{png,svg} (flat
# shapes and a gradient) and a grainy sunset icon (gradients, noise, soft
# shadow) whose SVG is below and whose PNG weft renders from it first.
# --sweep also runs bundlers/tools/png_settings_sweep.cpp on both PNGs: total
# size and CPU time of the set for every libdeflate level and row filter.
# Prints a Markdown section for bench/RESULTS.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sweep=0
if [ "${1:-}" = --sweep ]; then sweep=1; shift; fi
build=$(cd "${1:-$root/build}" && pwd)
weft=$build/cli/weft
runs=${WEFT_BENCH_RUNS:-10} # fewer only to try the script out
[ -x "$weft" ] || { echo "no $weft: build first (scripts/build)" >&2; exit 1; }
for tool in hyperfine npm jq; do
  command -v $tool >/dev/null || { echo "$tool is needed (scripts/setup installs hyperfine and jq)" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "installing @tauri-apps/cli into $tmp/npm ..." >&2
npm install --prefix "$tmp/npm" --no-audit --no-fund --loglevel=error @tauri-apps/cli@2 >/dev/null
tauri=$tmp/npm/node_modules/.bin/tauri
tauri_version=$("$tauri" --version)

# Inputs.
mkdir -p "$tmp/in"
cp "$root/tests/fixtures/icons/app-icon.png" "$tmp/in/flat.png"
cp "$root/tests/fixtures/icons/app-icon.svg" "$tmp/in/flat.svg"
cat >"$tmp/in/grain.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024" viewBox="0 0 1024 1024">
  <defs>
    <radialGradient id="sky" cx="0.35" cy="0.3" r="0.9">
      <stop offset="0" stop-color="#ffe9b0"/><stop offset="0.45" stop-color="#f08a5d"/>
      <stop offset="1" stop-color="#3a1c71"/>
    </radialGradient>
    <filter id="grain" x="0" y="0" width="1" height="1">
      <feTurbulence type="fractalNoise" baseFrequency="0.9" numOctaves="2" seed="3" result="n"/>
      <feColorMatrix in="n" type="matrix" values="0 0 0 0 0  0 0 0 0 0  0 0 0 0 0  0 0 0 0.18 0" result="g"/>
      <feComposite in="g" in2="SourceGraphic" operator="in" result="gm"/>
      <feMerge><feMergeNode in="SourceGraphic"/><feMergeNode in="gm"/></feMerge>
    </filter>
    <filter id="shadow" x="-0.2" y="-0.2" width="1.4" height="1.4">
      <feGaussianBlur in="SourceAlpha" stdDeviation="24"/><feOffset dy="18" result="b"/>
      <feComponentTransfer><feFuncA type="linear" slope="0.45"/></feComponentTransfer>
      <feMerge><feMergeNode/><feMergeNode in="SourceGraphic"/></feMerge>
    </filter>
    <clipPath id="r"><rect x="80" y="80" width="864" height="864" rx="190"/></clipPath>
  </defs>
  <g filter="url(#shadow)"><g clip-path="url(#r)">
    <rect x="80" y="80" width="864" height="864" fill="url(#sky)" filter="url(#grain)"/>
    <path d="M80 700 C 300 560 520 760 944 600 L944 944 L80 944 Z" fill="#1d2b53" opacity="0.85"/>
    <circle cx="640" cy="380" r="120" fill="#fff4d6" opacity="0.9"/>
  </g></g>
</svg>
SVG
"$weft" icon "$tmp/in/grain.svg" --png 1024 -o "$tmp/in/r" >/dev/null
mv "$tmp/in/r/1024x1024.png" "$tmp/in/grain.png"

cd "$tmp" # no tauri.conf.json here: tauri icon writes only where -o says

total_bytes() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {print s}'; }
file_count() { find "$1" -type f | wc -l; }

# bench NAME COMMAND OUT: hyperfine median/min/max (s) into $median $min $max;
# OUT is removed before each run.
bench() {
  hyperfine --runs $runs --warmup 1 --prepare "rm -rf $3" --export-json "$tmp/$1.json" "$2" >/dev/null 2>&1 ||
    { echo "hyperfine failed for: $2" >&2; exit 1; }
  read_stats "$tmp/$1.json"
  # the last run's output stays in $3 for the sizes
}

read_stats() { # hyperfine JSON → $median $min $max $cpu (mean user + system)
  median=$(jq '.results[0].median' "$1")
  min=$(jq '.results[0].min' "$1")
  max=$(jq '.results[0].max' "$1")
  cpu=$(jq '.results[0].user + .results[0].system' "$1")
}

row() { # LABEL TOOL OUT
  printf '| %s | %s | %.3f | %.3f | %.3f | %.3f | %s | %s |\n' "$1" "$2" "$median" "$min" "$max" "$cpu" \
    "$(file_count "$3")" "$(total_bytes "$3")"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "## weft icon (issue 10)"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "- weft $(git -C "$root" rev-parse --short HEAD) (+ working tree), $build; $tauri_version from npm"
echo "- hyperfine, $runs runs after 1 warm-up, each into a fresh output folder unless said otherwise"
echo
echo "| input | tool | median s | min s | max s | CPU s (user+sys) | files | total bytes |"
echo "|---|---|---|---|---|---|---|---|"
declare -A medians cpus
for art in flat grain; do
  for kind in png svg; do
    in="$tmp/in/$art.$kind"
    bench "weft-$art-$kind" "$weft icon $in -o $tmp/out-weft" "$tmp/out-weft"
    medians[weft-$art-$kind]=$median
    cpus[weft-$art-$kind]=$cpu
    row "$art.$kind (1024×1024)" weft "$tmp/out-weft"
    weft_bytes=$(total_bytes "$tmp/out-weft")
    if [ "$kind" = png ]; then
      # Re-run over its own output: every file is already right.
      hyperfine --runs $runs --warmup 1 --export-json "$tmp/rerun.json" "$weft icon $in -o $tmp/out-weft" >/dev/null 2>&1
      read_stats "$tmp/rerun.json"
      row "$art.$kind, re-run (no change)" weft "$tmp/out-weft"
    fi
    bench "tauri-$art-$kind" "$tauri icon $in -o $tmp/out-tauri" "$tmp/out-tauri"
    medians[tauri-$art-$kind]=$median
    cpus[tauri-$art-$kind]=$cpu
    row "$art.$kind (1024×1024)" "tauri icon" "$tmp/out-tauri"
    tauri_bytes=$(total_bytes "$tmp/out-tauri")
    ratios="${ratios:-}- $art.$kind: weft $(awk -v t="${medians[tauri-$art-$kind]}" -v w="${medians[weft-$art-$kind]}" \
      'BEGIN {printf "%.1f× faster", t / w}') by median wall time, $(awk -v t="${cpus[tauri-$art-$kind]}" \
      -v w="${cpus[weft-$art-$kind]}" 'BEGIN {printf "%.1f×", t / w}') by CPU time; output $(awk -v t="$tauri_bytes" -v w="$weft_bytes" \
      'BEGIN {printf "%.1f %% of Tauri'"'"'s size", 100 * w / t}')
"
  done
done
echo
printf '%s' "$ratios"
echo "- load average before / after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared)"

if [ "$sweep" = 1 ]; then
  cmake --build "$build" --target weft_png_settings_sweep >/dev/null
  for art in flat grain; do
    echo
    echo "PNG settings on $art.png (every distinct image of the set once; CPU time of one thread):"
    echo
    "$build/bundlers/weft_png_settings_sweep" "$tmp/in/$art.png" 2 | tail -n +3
  done
fi
