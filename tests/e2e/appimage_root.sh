#!/bin/bash
# Makes (once) the minimal Debian root the AppImage portability test runs
# in: debootstrap --variant=minbase bookworm, plus Xvfb and only the packages
# of the libraries on weft's exclude list (bundlers/src/library_exclude_list.hpp),
# so no GTK and no WebKitGTK. Kept at ROOT for later runs.
# usage: appimage_root.sh ROOT
# exit 0: ready; 125: the mirror cannot be reached (says so); else failure.
set -euo pipefail
root=$1
mirror=http://deb.debian.org/debian
[ -x "$root/usr/bin/Xvfb" ] && [ -f "$root/.weft-root-complete" ] && exit 0

# The Debian packages of k_excluded_libraries (glibc and the GCC runtime are
# in minbase already).
packages=xvfb,xauth,libgl1,libglx0,libegl1,libopengl0,libgles2,libgbm1,libdrm2,libx11-6,libx11-xcb1,libxcb1
packages=$packages,libfontconfig1,libfreetype6,libharfbuzz0b,libexpat1,libstdc++6,libgcc-s1

if ! timeout 20 debootstrap --version >/dev/null 2>&1; then
  echo "debootstrap is not installed (scripts/setup installs it)"
  exit 1
fi
# Reachability first, so that an offline machine skips quickly.
if command -v curl >/dev/null && ! curl -fsS -m 15 -o /dev/null "$mirror/dists/bookworm/Release"; then
  echo "SKIP: $mirror cannot be reached from here; the portability test needs it once"
  exit 125
fi
tmp=$root.tmp-$$
rm -rf "$tmp"
mkdir -p "$(dirname "$root")"
if ! debootstrap --variant=minbase --include="$packages" bookworm "$tmp" "$mirror" >"$tmp.log" 2>&1; then
  tail -n 5 "$tmp.log"
  rm -rf "$tmp"
  if grep -c 'Failed getting release file\|Temporary failure resolving\|Could not connect' "$tmp.log" >/dev/null; then
    rm -f "$tmp.log"
    echo "SKIP: debootstrap cannot download from $mirror"
    exit 125
  fi
  rm -f "$tmp.log"
  echo "debootstrap failed"
  exit 1
fi
rm -f "$tmp.log"
touch "$tmp/.weft-root-complete"
rm -rf "$root"
mv "$tmp" "$root"
