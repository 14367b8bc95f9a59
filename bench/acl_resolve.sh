#!/bin/sh
# Issue 3 benchmark (run by hand): resolve 200 capabilities over 5,000
# permissions (target: <= 100 ms). Builds bench/acl_resolve.cpp against an
# existing weft build and runs it. Usage: bench/acl_resolve.sh [BUILD_DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
c++ -std=c++20 -O2 -DNDEBUG -I"$root/config-schema/include" -I"$root/base/include" \
  "$root/bench/acl_resolve.cpp" -o "$out/acl_resolve" \
  "$build/config-schema/libweft_config.a" "$build/base/libweft_base.a" -lfmt -ltomlplusplus
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(date -u +%Y-%m-%d)"
"$out/acl_resolve"
