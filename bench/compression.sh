#!/bin/bash
# Asset compression for the generated context: zstd (what the runtime
# decodes) against brotli (what Tauri uses: quality 9 in release builds), on
# the web files Debian ships (JavaScript, CSS, HTML, JSON, SVG under
# /usr/share/javascript, /usr/share/doc, /usr/share/nodejs and npm's
# node_modules), each file compressed on its own as `weft build` does, in
# memory on one thread (bench/compression.cpp).
# usage: bench/compression.sh   (libzstd-dev and libbrotli-dev: scripts/setup)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
c++ -O2 -std=c++20 -o "$work/compression" "$here/compression.cpp" -lzstd -lbrotlienc -lbrotlidec
echo "load before: $(uptime | sed 's/.*load average: //')"
find /usr/share/javascript /usr/share/doc /usr/share/nodejs /usr/lib/node_modules -type f \
  \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.json' -o -name '*.svg' \) -size +0 2>/dev/null |
  sort | "$work/compression"
echo "load after: $(uptime | sed 's/.*load average: //')"
