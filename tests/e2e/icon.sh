#!/bin/bash
# End-to-end tests of `weft icon` (issue 10): the outputs are read back with
# the ecosystem's tools (icotool, icns2png, file, jq), and every error case
# must be one line on stderr, exit 1, and leave nothing behind.
# usage: icon.sh CASE WEFT FIXTURE_DIR
# A missing checker skips (exit 125), except in CI (CI=true), where it fails.
set -euo pipefail
case_name=$1
weft=$(realpath "$2")
fixtures=$(realpath "$3")

work=$(mktemp -d)
test_failed=0
trap 'if [ "$test_failed" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi' EXIT

fail() {
  test_failed=1
  echo "FAIL: $*"
  for f in "$work/out" "$work/err"; do
    if [ -s "$f" ]; then echo "--- $(basename "$f"):"; head -c 4000 "$f"; echo; fi
  done
  exit 1
}

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  [ "${CI:-}" = true ] && fail "$1 is not installed (scripts/setup installs it)"
  echo "SKIP: $1 is not installed"
  exit 125
}

# run ARGS...: weft with stdout/stderr captured; sets $status.
run() {
  status=0
  NO_COLOR=1 "$weft" "$@" >"$work/out" 2>"$work/err" || status=$?
}

expect_ok() {
  [ "$status" -eq 0 ] || fail "$1: exit $status, expected 0"
  if grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$work/err"; then fail "$1: sanitizer report"; fi
  return 0
}

# expect_error DESCRIPTION FRAGMENT: exit 1 and exactly one stderr line, an
# error containing FRAGMENT.
expect_error() {
  [ "$status" -eq 1 ] || fail "$1: exit $status, expected 1"
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "$1: expected one line on stderr"
  grep -q "error: .*$2" "$work/err" || fail "$1: stderr lacks '$2'"
}

# nothing_in DIR: DIR is absent or empty (no half-written set, no temporaries).
nothing_in() {
  if [ -e "$1" ] && [ -n "$(find "$1" -mindepth 1 -print -quit)" ]; then
    find "$1" >&2
    fail "$1 is not empty after a failed run"
  fi
}

# Every PNG of the default set with its size: path size.
expected_pngs() {
  cat <<'LIST'
32x32.png 32
64x64.png 64
128x128.png 128
128x128@2x.png 256
icon.png 512
StoreLogo.png 50
Square30x30Logo.png 30
Square44x44Logo.png 44
Square71x71Logo.png 71
Square89x89Logo.png 89
Square107x107Logo.png 107
Square142x142Logo.png 142
Square150x150Logo.png 150
Square284x284Logo.png 284
Square310x310Logo.png 310
android/mipmap-mdpi/ic_launcher.png 48
android/mipmap-mdpi/ic_launcher_round.png 48
android/mipmap-mdpi/ic_launcher_foreground.png 108
android/mipmap-hdpi/ic_launcher.png 72
android/mipmap-hdpi/ic_launcher_round.png 72
android/mipmap-hdpi/ic_launcher_foreground.png 162
android/mipmap-xhdpi/ic_launcher.png 96
android/mipmap-xhdpi/ic_launcher_round.png 96
android/mipmap-xhdpi/ic_launcher_foreground.png 216
android/mipmap-xxhdpi/ic_launcher.png 144
android/mipmap-xxhdpi/ic_launcher_round.png 144
android/mipmap-xxhdpi/ic_launcher_foreground.png 324
android/mipmap-xxxhdpi/ic_launcher.png 192
android/mipmap-xxxhdpi/ic_launcher_round.png 192
android/mipmap-xxxhdpi/ic_launcher_foreground.png 432
ios/AppIcon-20x20@1x.png 20
ios/AppIcon-20x20@2x.png 40
ios/AppIcon-20x20@2x-1.png 40
ios/AppIcon-20x20@3x.png 60
ios/AppIcon-29x29@1x.png 29
ios/AppIcon-29x29@2x.png 58
ios/AppIcon-29x29@2x-1.png 58
ios/AppIcon-29x29@3x.png 87
ios/AppIcon-40x40@1x.png 40
ios/AppIcon-40x40@2x.png 80
ios/AppIcon-40x40@2x-1.png 80
ios/AppIcon-40x40@3x.png 120
ios/AppIcon-60x60@2x.png 120
ios/AppIcon-60x60@3x.png 180
ios/AppIcon-76x76@1x.png 76
ios/AppIcon-76x76@2x.png 152
ios/AppIcon-83.5x83.5@2x.png 167
ios/AppIcon-512@2x.png 1024
LIST
}

# check_png FILE SIZE [RGB|RGBA]: `file` reads a SIZE×SIZE PNG of that kind.
check_png() {
  local desc
  desc=$(file -b "$1")
  case "$desc" in
    "PNG image data, $2 x $2, 8-bit/color ${3:-RGBA}, non-interlaced") ;;
    *) fail "$1: '$desc', expected a $2×$2 ${3:-RGBA} PNG" ;;
  esac
}

# The icns elements as "type length" lines, parsed with od alone.
icns_elements() {
  local file=$1 at=8 size
  size=$(stat -c %s "$file")
  while [ "$at" -lt "$size" ]; do
    local type len
    type=$(dd if="$file" bs=1 skip="$at" count=4 status=none)
    len=$(od -A n -t u1 -j $((at + 4)) -N 4 "$file" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
    echo "$type $len"
    dd if="$file" bs=1 skip=$((at + 8)) count=$((len - 8)) status=none >"$work/icns-$type.png"
    at=$((at + len))
  done
}

# check_full_set DIR: every file of the default set, read back by the tools.
check_full_set() {
  local dir=$1
  need file
  need icotool
  need icns2png
  [ "$(find "$dir" -type f | wc -l)" -eq 52 ] || fail "expected 52 files in $dir, found $(find "$dir" -type f | wc -l)"
  if find "$dir" -name '.*' | grep -c . >/dev/null; then fail "temporary files left in $dir"; fi
  while read -r path size; do
    [ -f "$dir/$path" ] || fail "missing $path"
    case "$path" in
      ios/*) check_png "$dir/$path" "$size" RGB ;; # iOS icons have no alpha channel
      *) check_png "$dir/$path" "$size" RGBA ;;
    esac
  done < <(expected_pngs)

  # .ico: six PNG-compressed frames in Tauri's order.
  icotool -l "$dir/icon.ico" >"$work/ico.txt" 2>&1 || fail "icotool cannot read icon.ico"
  local sizes
  sizes=$(sed -n 's/.*--width=\([0-9]*\) --height=\1 --bit-depth=32.*/\1/p' "$work/ico.txt" | tr '\n' ' ')
  [ "$sizes" = "32 16 24 48 64 256 " ] || fail "icon.ico frames: '$sizes' ($(cat "$work/ico.txt"))"
  [ "$(file -b "$dir/icon.ico" | grep -o 'with PNG image data' | head -1)" = "with PNG image data" ] ||
    fail "icon.ico: frames are not PNG: $(file -b "$dir/icon.ico")"

  # .icns: icns2png lists every element; libicns 0.8 decodes ic08-ic10 itself.
  icns2png -l "$dir/icon.icns" >"$work/icns.txt" 2>&1 || fail "icns2png cannot read icon.icns"
  grep -q "11 elements total" "$work/icns.txt" || fail "icon.icns: $(cat "$work/icns.txt")"
  for t in icp4 icp5 icp6 ic07 ic08 ic09 ic10 ic11 ic12 ic13 ic14; do
    grep -q "'$t'" "$work/icns.txt" || fail "icon.icns lacks $t: $(cat "$work/icns.txt")"
  done
  grep -q "'ic08' 256x256 32-bit" "$work/icns.txt" || fail "ic08 is not 256x256"
  grep -q "'ic09' 512x512 32-bit" "$work/icns.txt" || fail "ic09 is not 512x512"
  grep -q "'ic10' 1024x1024 32-bit" "$work/icns.txt" || fail "ic10 is not 1024x1024"
  # ... and each element is a PNG of Apple's size for its type.
  icns_elements "$dir/icon.icns" >"$work/icns-elements.txt"
  [ "$(wc -l <"$work/icns-elements.txt")" -eq 11 ] || fail "icon.icns: $(cat "$work/icns-elements.txt")"
  local type len
  while read -r type len; do
    case $type in
      icp4) check_png "$work/icns-$type.png" 16 ;;
      icp5 | ic11) check_png "$work/icns-$type.png" 32 ;;
      icp6 | ic12) check_png "$work/icns-$type.png" 64 ;;
      ic07) check_png "$work/icns-$type.png" 128 ;;
      ic08 | ic13) check_png "$work/icns-$type.png" 256 ;;
      ic09 | ic14) check_png "$work/icns-$type.png" 512 ;;
      ic10) check_png "$work/icns-$type.png" 1024 ;;
      *) fail "unexpected icns element $type" ;;
    esac
  done <"$work/icns-elements.txt"

  # Android adaptive icon and its background colour.
  grep -q '<foreground android:drawable="@mipmap/ic_launcher_foreground"/>' \
    "$dir/android/mipmap-anydpi-v26/ic_launcher.xml" || fail "adaptive icon XML"
  grep -q '<color name="ic_launcher_background">#FFFFFF</color>' "$dir/android/values/ic_launcher_background.xml" ||
    fail "background colour XML"
}

case_png_full_set() {
  run icon "$fixtures/app-icon.png" -o "$work/icons"
  expect_ok "icon from PNG"
  [ ! -s "$work/err" ] || fail "unexpected diagnostics"
  grep -q "52 icon files" "$work/out" || fail "summary"
  check_full_set "$work/icons"
}

case_svg_full_set() {
  run icon "$fixtures/app-icon.svg" -o "$work/icons"
  expect_ok "icon from SVG"
  check_full_set "$work/icons"
}

# librsvg (and glib, cairo) is loaded only when an SVG is read.
case_rsvg_loaded_lazily() {
  if ldd "$weft" | grep -c 'librsvg\|libglib\|libcairo' >/dev/null; then fail "weft is linked against librsvg/glib/cairo"; fi
  LD_DEBUG=files "$weft" --version >"$work/out" 2>"$work/err" || fail "weft --version failed"
  if grep -q 'file=librsvg\|file=libglib' "$work/err"; then fail "weft --version loads librsvg or glib"; fi
  LD_DEBUG=files "$weft" icon "$fixtures/app-icon.png" -o "$work/png" >"$work/out" 2>"$work/err" || fail "icon from PNG failed"
  if grep -q 'file=librsvg' "$work/err"; then fail "a PNG source loads librsvg"; fi
  LD_DEBUG=files "$weft" icon "$fixtures/app-icon.svg" -o "$work/svg" >"$work/out" 2>"$work/err" || fail "icon from SVG failed"
  grep -q 'file=librsvg' "$work/err" || fail "an SVG source did not load librsvg"
}

case_deterministic() {
  need cmp
  run icon "$fixtures/app-icon.png" -o "$work/a"
  expect_ok "first run"
  run icon "$fixtures/app-icon.png" -o "$work/b"
  expect_ok "second run"
  diff -r "$work/a" "$work/b" >/dev/null || fail "two runs differ"
  touch -d '2001-01-01' "$work/a/32x32.png" "$work/a/ios/AppIcon-512@2x.png"
  run icon "$fixtures/app-icon.png" -o "$work/a"
  expect_ok "re-run"
  grep -q "0 written, 52 unchanged" "$work/out" || fail "re-run rewrote files"
  [ "$(stat -c %Y "$work/a/32x32.png")" = "$(date -d 2001-01-01 +%s)" ] || fail "re-run touched 32x32.png"
  # A changed source rewrites what changed and only that.
  run icon "$fixtures/app-icon.svg" -o "$work/a"
  expect_ok "from SVG over PNG output"
  if grep -q " 0 written" "$work/out"; then fail "changed input wrote nothing"; fi
}

case_png_option() {
  need file
  run icon "$fixtures/app-icon.png" -o "$work/icons" --png 16,48,1000
  expect_ok "--png"
  [ "$(find "$work/icons" -type f | wc -l)" -eq 3 ] || fail "--png wrote other files: $(ls -R "$work/icons")"
  check_png "$work/icons/16x16.png" 16
  check_png "$work/icons/48x48.png" 48
  check_png "$work/icons/1000x1000.png" 1000
  run icon "$fixtures/app-icon.png" -o "$work/bad" --png 0
  [ "$status" -eq 2 ] || fail "--png 0: exit $status, expected 2 (usage)"
  nothing_in "$work/bad"
}

case_json() {
  need jq
  run --json icon "$fixtures/app-icon.png" -o "$work/icons"
  expect_ok "--json"
  jq -e '.ok == true and (.files | length) == 52 and (.warnings | length) == 0' "$work/out" >/dev/null ||
    fail "--json summary"
  jq -e '[.files[] | select(.path == "icon.ico")][0] | .format == "ico" and .platform == "windows"
         and .sizes == [32, 16, 24, 48, 64, 256]' "$work/out" >/dev/null || fail "--json icon.ico entry"
  jq -e '[.files[] | select(.platform == "ios")] | length == 18' "$work/out" >/dev/null || fail "--json iOS count"
  local path bytes
  while read -r path bytes; do
    [ "$(stat -c %s "$work/icons/$path")" = "$bytes" ] || fail "--json size of $path"
  done < <(jq -r '.files[] | "\(.path) \(.bytes)"' "$work/out")
  # `--json` also works after the subcommand; a warning is listed.
  run icon "$fixtures/small.png" -o "$work/small" --png 32 --json
  expect_ok "--json after icon"
  jq -e '.warnings | length == 1' "$work/out" >/dev/null || fail "--json warning"
}

case_manifest() {
  need file
  cp "$fixtures/app-icon.png" "$fixtures/small.png" "$work/"
  cat >"$work/icon.json" <<'JSON'
{"default": "app-icon.png", "bg_color": "#102030", "android_bg": "app-icon.png",
 "android_fg": "small.png", "android_fg_scale": 80, "android_monochrome": "app-icon.png"}
JSON
  run icon "$work/icon.json" -o "$work/icons"
  expect_ok "manifest"
  [ "$(find "$work/icons" -type f | wc -l)" -eq 61 ] || fail "manifest set: $(find "$work/icons" -type f | wc -l) files"
  check_png "$work/icons/android/mipmap-xxxhdpi/ic_launcher_background.png" 432
  check_png "$work/icons/android/mipmap-mdpi/ic_launcher_monochrome.png" 108
  grep -q '@mipmap/ic_launcher_monochrome' "$work/icons/android/mipmap-anydpi-v26/ic_launcher.xml" || fail "monochrome"
  [ ! -e "$work/icons/android/values" ] || fail "a colour resource with android_bg"
  grep -q "small.png: warning: " "$work/err" || fail "no warning for the 64-pixel foreground"
  printf '{"default": "app-icon.png", "bg_colour": "#fff"}' >"$work/typo.json"
  run icon "$work/typo.json" -o "$work/typo"
  [ "$status" -eq 1 ] || fail "unknown manifest key: exit $status"
  grep -q 'typo.json:1:[0-9]*: error: /bg_colour: unknown key' "$work/err" || fail "unknown key not located"
  grep -q 'did you mean `bg_color`' "$work/err" || fail "no suggestion"
  nothing_in "$work/typo"
}

case_defaults() {
  need file
  mkdir -p "$work/app/src/deep"
  echo '{}' >"$work/app/weft.conf.json"
  cp "$fixtures/app-icon.png" "$work/app/src/deep/app-icon.png"
  (cd "$work/app/src/deep" && NO_COLOR=1 "$weft" icon --png 32 >"$work/out" 2>"$work/err") ||
    fail "default input ./app-icon.png"
  check_png "$work/app/icons/32x32.png" 32 # icons/ beside weft.conf.json
  mkdir -p "$work/loose"
  cp "$fixtures/app-icon.png" "$work/loose/"
  (cd "$work/loose" && NO_COLOR=1 "$weft" icon --png 32 >"$work/out" 2>"$work/err") || fail "no manifest"
  check_png "$work/loose/icons/32x32.png" 32
}

case_small_warning() {
  run icon "$fixtures/small.png" -o "$work/icons"
  expect_ok "64×64 source"
  grep -q "small.png: warning: .*64×64.*1024×1024" "$work/err" || fail "no warning below 1024"
  [ "$(find "$work/icons" -type f | wc -l)" -eq 52 ] || fail "small source: incomplete set"
}

case_fit() {
  need file
  run icon "$fixtures/wide.png" -o "$work/no-fit"
  expect_error "non-square" "60×40, not square"
  nothing_in "$work/no-fit"
  run icon "$fixtures/wide.png" -o "$work/contain" --fit contain --png 64
  expect_ok "--fit contain"
  check_png "$work/contain/64x64.png" 64
  run icon "$fixtures/wide.png" -o "$work/cover" --fit cover --png 64
  expect_ok "--fit cover"
  cmp -s "$work/contain/64x64.png" "$work/cover/64x64.png" && fail "cover and contain gave the same icon"
  run icon "$fixtures/wide.png" -o "$work/bad" --fit stretch
  [ "$status" -eq 2 ] || fail "--fit stretch: exit $status, expected 2"
}

case_errors() {
  run icon "$work/missing.png" -o "$work/o1"
  expect_error "missing input" "No such file"
  nothing_in "$work/o1"

  head -c 3000 "$fixtures/app-icon.png" >"$work/truncated.png"
  run icon "$work/truncated.png" -o "$work/o2"
  expect_error "truncated PNG" "not a readable PNG"
  nothing_in "$work/o2"

  echo "just text" >"$work/notes.png"
  run icon "$work/notes.png" -o "$work/o3"
  expect_error "not an image" "not a PNG or SVG"
  nothing_in "$work/o3"

  run icon "$fixtures/no-size.svg" -o "$work/o4"
  expect_error "SVG without size" "SVG has no size"
  nothing_in "$work/o4"

  run icon "$fixtures/tiny.png" -o "$work/o5"
  expect_error "8×8 source" "too small"
  nothing_in "$work/o5"

  run icon "$fixtures/app-icon.png" -o "$work/o6" --ios-color '#12345'
  expect_error "bad colour" "--ios-color"
  nothing_in "$work/o6"

  # Output folder not writable: under a regular file, and (as a normal user)
  # a read-only folder.
  echo x >"$work/file"
  run icon "$fixtures/app-icon.png" -o "$work/file/icons"
  expect_error "output under a file" "Not a directory"
  if [ "$(id -u)" -ne 0 ]; then
    mkdir "$work/ro" && chmod 555 "$work/ro"
    run icon "$fixtures/app-icon.png" -o "$work/ro/icons"
    chmod 755 "$work/ro"
    expect_error "read-only output" "Permission denied"
    nothing_in "$work/ro"
  fi

  # Something in the way of one output: nothing at all is written.
  mkdir -p "$work/o7/ios/AppIcon-512@2x.png"
  run icon "$fixtures/app-icon.png" -o "$work/o7"
  expect_error "folder in the way" "in the way"
  [ "$(find "$work/o7" -type f | wc -l)" -eq 0 ] || fail "files written despite the error"
}

"case_$case_name"
echo "PASS: icon $case_name"
