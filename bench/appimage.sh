#!/bin/sh
# Issue 7 benchmark (run by hand, with nothing else of yours building): the
# AppImage runtime's size, the time and size of writing an AppImage of a
# WebKitGTK-sized AppDir (libwebkit2gtk + libjavascriptcoregtk from this
# machine, ~125 MB: what a portable AppImage carries) with zstd (weft's
# choice) next to mksquashfs's gzip and xz, and the start-up cost of the
# runtime's two ways to run: FUSE mount vs extract-and-run.
# Needs: hyperfine, jq, squashfs-tools. Usage: bench/appimage.sh [BUILD_DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
driver="$build/tests/e2e/appimage_tools/weft_appimage_build"
runtime="$build/share/weft/appimage-runtime-x86_64"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lib=/usr/lib/x86_64-linux-gnu

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runtime: $(stat -c %s "$runtime") bytes; $(file -b "$runtime" | cut -d, -f1-4)"

app=$work/AppDir
mkdir -p "$app/usr/lib"
cp "$lib"/libwebkit2gtk-4.1.so.0.* "$lib"/libjavascriptcoregtk-4.1.so.0.* "$app/usr/lib/"
printf '#!/bin/sh\nexit 0\n' >"$app/AppRun"
chmod 755 "$app/AppRun"
echo "AppDir: $(du -sb "$app" | cut -f1) bytes"

export SOURCE_DATE_EPOCH=1700000000
hyperfine --warmup 1 --runs 5 --export-json "$work/write.json" \
  -n "weft write_appimage (zstd 15)" "$driver $app $work/out/app.AppImage" \
  -n "mksquashfs gzip" "mksquashfs $app $work/gzip.sqfs -noappend -comp gzip -quiet -no-progress" \
  -n "mksquashfs xz" "mksquashfs $app $work/xz.sqfs -noappend -comp xz -quiet -no-progress" >/dev/null
echo "| step | median s | output bytes |"
echo "|:---|---:|---:|"
for i in 0 1 2; do
  name=$(jq -r ".results[$i].command" "$work/write.json")
  median=$(jq -r ".results[$i].median" "$work/write.json")
  case $i in 0) f=$work/out/app.AppImage ;; 1) f=$work/gzip.sqfs ;; 2) f=$work/xz.sqfs ;; esac
  printf '| %s | %.2f | %s |\n' "$name" "$median" "$(stat -c %s "$f")"
done

image=$work/out/app.AppImage
hyperfine -N --warmup 2 --runs 10 --export-json "$work/start.json" \
  -n "/bin/true" "/bin/true" \
  -n "AppImage, FUSE mount" "$image" \
  -n "AppImage, --appimage-extract-and-run" "$image --appimage-extract-and-run" >/dev/null
echo "| start (AppRun: exit 0) | median ms | mean ± σ ms |"
echo "|:---|---:|---:|"
jq -r '.results[] | "| \(.command) | \(.median * 1000 | . * 10 | round / 10) | \(.mean * 1000 | . * 10 | round / 10) ± \(.stddev * 1000 | . * 10 | round / 10) |"' "$work/start.json"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
