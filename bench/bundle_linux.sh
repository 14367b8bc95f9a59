#!/bin/bash
# Linux packaging benchmark (issue 6), run by hand:
#   [BENCH_TEXT=printable|words] bench/bundle_linux.sh [BUILD_DIR] [RUNS]
# The fixture app of tests/fixtures/bundle-app with 190 MB of resources (half
# pseudo-random bytes, half generated text, both from fixed seeds) is packaged
# as deb and rpm by weft, by the Tauri CLI (`tauri bundle`, npm
# @tauri-apps/cli@2 installed into a temporary folder: the only network use),
# by dpkg-deb --build (xz and zstd) on the same tree, and by CPack (DEB, RPM).
# The text half is, by default, lines of random printable ASCII (it compresses
# to about 82 %, which gives the ~176 MB packages the issue measured); with
# BENCH_TEXT=words it is sentences drawn from a 70-word vocabulary, which
# compresses to 23 % and rewards slower match finding.
# Each command runs RUNS times (default 3; dpkg-deb -Zxz once, it takes a
# minute or more) under /usr/bin/time -v; the table
# gives the median wall time, the median peak RSS and the output size, with
# `uptime` before and after (the machine is shared).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
runs=${2:-3}
weft=$build/cli/weft
[ -x "$weft" ] || { echo "build weft first (scripts/build)"; exit 1; }
for tool in cc npm dpkg-deb cpack rpmbuild /usr/bin/time python3 openssl; do
  command -v "$tool" >/dev/null || { echo "missing $tool"; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
app=$work/app
cp -r "$root/tests/fixtures/bundle-app" "$app"
triple=$(uname -m)-unknown-linux-gnu
flags=(-O2 -g -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE -pie -Wl,-z,relro,-z,now)
mkdir -p "$app/target/release" "$app/bin"
cc "${flags[@]}" -o "$app/target/release/gruesse" "$app/src/main.c" -lz
cc "${flags[@]}" -o "$app/bin/helper-$triple" "$app/bin-src/helper.c"

# 95 MB of pseudo-random bytes in 19 files, 95 MB of text in 19 files.
mkdir -p "$app/big/random" "$app/big/text"
for i in $(seq -w 1 19); do
  head -c 5000000 /dev/zero | openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass "pass:weft-bench-$i" \
    >"$app/big/random/blob$i.bin"
done
python3 - "$app/big/text" "${BENCH_TEXT:-printable}" <<'PY'
import random, string, sys
words = ("the of and to in is was for on that with as by at from his her it an are were which this be or "
         "window bundle package resource greeting server client request response handler event value "
         "configuration manifest permission capability install remove update version release build "
         "compile link archive compress stream digest signature header payload folder file path name").split()
printable = string.printable[:95]
for i in range(1, 20):
    rng = random.Random(i)
    with open(f"{sys.argv[1]}/text{i:02}.txt", "w") as out:
        size = 0
        while size < 5_000_000:
            if sys.argv[2] == "words":
                line = " ".join(rng.choice(words) for _ in range(rng.randint(6, 16))).capitalize() + ".\n"
            else:
                line = "".join(rng.choices(printable, k=99)) + "\n"
            out.write(line)
            size += len(line)
PY
python3 - "$app/weft.conf.json" <<'PY'
import json, sys
p = sys.argv[1]
c = json.load(open(p))
c["bundle"]["resources"]["big/**/*"] = "big/"
json.dump(c, open(p, "w"), ensure_ascii=False, indent=2)
PY
payload=$(du -sb "$app/big" | cut -f1)

# The Tauri CLI on the same binary, icons and resources.
npm_dir=$work/npm
mkdir -p "$npm_dir"
(cd "$npm_dir" && npm install --silent --no-audit --no-fund @tauri-apps/cli@2 >/dev/null 2>&1)
tauri=$npm_dir/node_modules/.bin/tauri
tauri_version=$("$tauri" --version)
tapp=$work/tauri-app
mkdir -p "$tapp/src-tauri/target/release" "$tapp/src-tauri/icons"
cp "$app/target/release/gruesse" "$tapp/src-tauri/target/release/gruesse"
cp "$app"/icons/*.png "$tapp/src-tauri/icons/"
ln -s "$app/big" "$tapp/big"
printf '[package]\nname = "gruesse"\nversion = "1.2.3"\nedition = "2021"\n\n[[bin]]\nname = "gruesse"\npath = "src/main.rs"\n' \
  >"$tapp/src-tauri/Cargo.toml"
cat >"$tapp/src-tauri/tauri.conf.json" <<'JSON'
{"productName": "gruesse", "version": "1.2.3", "identifier": "com.example.gruesse", "build": {},
 "bundle": {"active": true, "targets": ["deb", "rpm"], "publisher": "Example Ltd",
            "icon": ["icons/32x32.png", "icons/128x128.png"], "resources": {"../big/": "big/"}}}
JSON

# The staged tree (weft's deb unpacked) for dpkg-deb and CPack.
"$weft" bundle -p "$app" -b deb >/dev/null
tree=$work/tree
dpkg-deb -R "$app"/target/release/bundle/deb/*.deb "$tree"
cpack_dir=$work/cpack
mkdir -p "$cpack_dir"
cat >"$cpack_dir/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(gruesse VERSION 1.2.3 LANGUAGES NONE)
install(DIRECTORY "$tree/usr/" DESTINATION . USE_SOURCE_PERMISSIONS)
set(CPACK_PACKAGE_NAME gruesse)
set(CPACK_PACKAGE_CONTACT "Example Ltd <packages@example.com>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
include(CPack)
CMAKE
(cd "$cpack_dir" && cmake -S . -B b >/dev/null)

results=$work/results
: >"$results"
# measure LABEL OUTPUT_GLOB PREP COMMAND...: RUNS runs after PREP (cleaning).
measure() {
  local label=$1 glob=$2 prep=$3
  shift 3
  local walls=() rss=() n=$runs
  case $label in *Zxz*) n=1 ;; esac
  for _ in $(seq "$n"); do
    eval "$prep"
    sync
    /usr/bin/time -v -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr"; exit 1; }
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$work/time")")
    rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")")
  done
  local size
  size=$(eval "stat -c %s $glob" | head -1)
  local wall_median rss_median
  wall_median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  rss_median=$(printf '%s\n' "${rss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '| %s | %.2f | %s | %.1f | %.1f |\n' "$label" "$wall_median" "$(IFS=/; echo "${walls[*]}")" \
    "$(echo "$rss_median / 1024" | bc -l)" "$(echo "$size / 1000000" | bc -l)" | tee -a "$results"
}

echo "payload: $payload bytes of resources (text: ${BENCH_TEXT:-printable}); $tauri_version; $(dpkg-deb --version | head -1); $(cpack --version | head -1)"
echo "uptime before: $(uptime)"
echo "| command | median wall [s] | runs [s] | median peak RSS [MiB] | size [MB] |"
echo "|:---|---:|---:|---:|---:|"
clean_weft="rm -rf '$app/target/release/bundle'"
measure "weft bundle -b deb (gzip, default)" "'$app'/target/release/bundle/deb/*.deb" "$clean_weft" \
  "$weft" bundle -p "$app" -b deb
measure "weft bundle -b rpm (zstd, default)" "'$app'/target/release/bundle/rpm/*.rpm" "$clean_weft" \
  "$weft" bundle -p "$app" -b rpm
clean_tauri="rm -rf '$tapp/src-tauri/target/release/bundle'"
measure "tauri bundle -b deb" "'$tapp'/src-tauri/target/release/bundle/deb/*.deb" "$clean_tauri" \
  bash -c "cd '$tapp' && '$tauri' bundle -b deb"
measure "tauri bundle -b rpm" "'$tapp'/src-tauri/target/release/bundle/rpm/*.rpm" "$clean_tauri" \
  bash -c "cd '$tapp' && '$tauri' bundle -b rpm"
measure "dpkg-deb --build -Zxz" "'$work'/xz.deb" "rm -f '$work/xz.deb'" \
  dpkg-deb --root-owner-group -Zxz --build "$tree" "$work/xz.deb"
measure "dpkg-deb --build -Zzstd" "'$work'/zstd.deb" "rm -f '$work/zstd.deb'" \
  dpkg-deb --root-owner-group -Zzstd --build "$tree" "$work/zstd.deb"
measure "cpack -G DEB" "'$cpack_dir'/b/*.deb" "rm -rf '$cpack_dir'/b/*.deb '$cpack_dir'/b/_CPack_Packages" \
  bash -c "cd '$cpack_dir/b' && cpack -G DEB"
measure "cpack -G RPM" "'$cpack_dir'/b/*.rpm" "rm -rf '$cpack_dir'/b/*.rpm '$cpack_dir'/b/_CPack_Packages" \
  bash -c "cd '$cpack_dir/b' && cpack -G RPM"
echo "uptime after: $(uptime)"
