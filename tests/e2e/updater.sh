#!/bin/bash
# End-to-end tests of `weft updater merge|check` (issue 8). The HTTP case
# serves files with python3's http.server on 127.0.0.1 (a free port).
# usage: updater.sh CASE WEFT
set -euo pipefail
case_name=$1
weft=$2
. "$(dirname "$0")/signing_common.sh"

pw='updater-e2e-pass'

# A key, three artifacts and their signatures for version 1.2.0.
make_release() {
  run_weft_in "$pw" signer generate -w "$work/app.key" --password-stdin
  expect_ok "generate"
  mkdir -p "$work/www"
  head -c 200000 /dev/urandom >"$work/www/App_1.2.0_amd64.AppImage"
  head -c 100000 /dev/urandom >"$work/www/app_1.2.0_amd64.deb"
  head -c 150000 /dev/urandom >"$work/www/App_1.2.0_x64-setup.exe"
  SOURCE_DATE_EPOCH=1729598400 run_weft_in "$pw" signer sign -f "$work/app.key" --password-stdin \
    --app-version 1.2.0 "$work"/www/App_1.2.0_amd64.AppImage "$work"/www/app_1.2.0_amd64.deb \
    "$work"/www/App_1.2.0_x64-setup.exe
  expect_ok "sign"
}

sig() { cat "$work/www/$1.sig"; }

# latest.json for BASE_URL with the AppImage under linux-x86_64.
write_manifest() { # BASE_URL VERSION
  cat >"$work/www/latest.json" <<EOF
{
  "version": "$2",
  "notes": "Bug fixes",
  "pub_date": "2024-10-22T12:00:00Z",
  "platforms": {
    "linux-x86_64": {"signature": "$(sig App_1.2.0_amd64.AppImage)", "url": "$1/App_1.2.0_amd64.AppImage"},
    "linux-x86_64-deb": {"signature": "$(sig app_1.2.0_amd64.deb)", "url": "$1/app_1.2.0_amd64.deb"}
  }
}
EOF
}

case_merge() {
  make_release
  base=https://releases.example.com/v1.2.0
  cat >"$work/linux.json" <<EOF
{"version": "1.2.0", "notes": "Bug fixes", "pub_date": "2024-10-22T12:00:00Z", "platforms": {
  "linux-x86_64": {"signature": "$(sig App_1.2.0_amd64.AppImage)", "url": "$base/App_1.2.0_amd64.AppImage"},
  "linux-x86_64-appimage": {"signature": "$(sig App_1.2.0_amd64.AppImage)", "url": "$base/App_1.2.0_amd64.AppImage"},
  "linux-x86_64-deb": {"signature": "$(sig app_1.2.0_amd64.deb)", "url": "$base/app_1.2.0_amd64.deb"}}}
EOF
  cat >"$work/windows.json" <<EOF
{"version": "v1.2.0", "pub_date": "2024-10-22T12:30:00Z", "platforms": {
  "windows-x86_64": {"signature": "$(sig App_1.2.0_x64-setup.exe)", "url": "$base/App_1.2.0_x64-setup.exe"}}}
EOF
  run_weft updater merge "$work/linux.json" "$work/windows.json" -o "$work/latest.json"
  expect_ok "merge"
  for key in linux-x86_64 linux-x86_64-appimage linux-x86_64-deb windows-x86_64; do
    grep -q "\"$key\": {" "$work/latest.json" || fail "merged manifest lacks $key"
  done
  grep -q '"pub_date": "2024-10-22T12:30:00Z"' "$work/latest.json" || fail "pub_date is not the latest"
  grep -q '"notes": "Bug fixes"' "$work/latest.json" || fail "notes lost"
  # Same inputs, same bytes (and the merge of a merge is itself).
  run_weft updater merge "$work/windows.json" "$work/linux.json"
  expect_ok "merge to stdout"
  cmp -s "$work/out" "$work/latest.json" || fail "merge output depends on the input order"
  run_weft updater merge "$work/latest.json" "$work/linux.json" -o "$work/again.json"
  expect_ok "merge again"
  cmp -s "$work/again.json" "$work/latest.json" || fail "merging a merged manifest changed it"

  sed 's/"v1.2.0"/"1.2.1"/' "$work/windows.json" >"$work/windows-1.2.1.json"
  run_weft updater merge "$work/linux.json" "$work/windows-1.2.1.json" -o "$work/bad.json"
  expect_error "mismatched versions" "version mismatch"
  [ -e "$work/bad.json" ] && fail "output written despite the error"

  sed 's#/app_1.2.0_amd64.deb"#/other.deb"#' "$work/linux.json" >"$work/linux-conflict.json"
  run_weft updater merge "$work/linux.json" "$work/linux-conflict.json"
  expect_error "conflicting platform keys" "conflicting entries for platform \`linux-x86_64-deb\`"

  printf '{"version": "1.2.0",}\n' >"$work/broken.json"
  run_weft updater merge "$work/linux.json" "$work/broken.json"
  expect_error "malformed input" "broken.json:1:"
}

. "$(dirname "$0")/http_server.sh"
# Every start is stopped with the script's other cleanups.
start_server_then_stop_on_exit() { start_server; cleanup_hooks="$cleanup_hooks stop_server"; }

case_check_http() {
  make_release
  start_server_then_stop_on_exit
  url=http://127.0.0.1:$port
  write_manifest "$url" 1.2.0
  run_weft updater check --manifest "$url/latest.json" --pubkey "$work/app.key.pub" --current-version 1.1.0 \
    --target linux-x86_64
  expect_ok "updater check over http"
  grep -q 'ok signature: valid' "$work/out" || fail "signature step not reported"
  grep -q 'ok signed version: 1.2.0 matches' "$work/out" || fail "signed version step not reported"

  run_weft updater check --manifest "$url/latest.json" --pubkey "$(cat "$work/app.key.pub")" \
    --current-version 1.1.0 --target linux-x86_64 --bundle deb --require-signed-version
  expect_ok "updater check, deb entry"
  grep -q 'linux-x86_64-deb ->' "$work/out" || fail "the deb entry was not picked"

  run_weft updater check --manifest "$url/latest.json" --pubkey "$work/app.key.pub" --current-version 1.2.0 \
    --target linux-x86_64
  expect_error "not newer" "not newer"

  run_weft updater check --manifest "$url/missing.json" --pubkey "$work/app.key.pub" --current-version 1.1.0
  expect_error "404" "HTTP 404"

  printf 'x' >>"$work/www/App_1.2.0_amd64.AppImage"
  run_weft updater check --manifest "$url/latest.json" --pubkey "$work/app.key.pub" --current-version 1.1.0 \
    --target linux-x86_64
  expect_error "tampered artifact" "does not match the content"

  # A manifest announcing 1.3.0 for the 1.2.0 artifacts: the signed version says otherwise.
  write_manifest "$url" 1.3.0
  run_weft updater check --manifest "$url/latest.json" --pubkey "$work/app.key.pub" --current-version 1.1.0 \
    --target linux-x86_64 --bundle deb
  expect_error "version binding" "signature is for version 1.2.0, but the manifest announces 1.3.0"
}

case_check_file() {
  make_release
  write_manifest "file://$work/www" 1.2.0
  run_weft updater check --manifest "file://$work/www/latest.json" --pubkey "$work/app.key.pub" \
    --current-version 1.0.0 --target linux-x86_64
  expect_ok "updater check over file://"
  run_weft --json updater check --manifest "$work/www/latest.json" --pubkey "$work/app.key.pub" \
    --current-version 1.0.0 --target linux-x86_64
  expect_ok "updater check of a local path"
  grep -q '"ok":true' "$work/out" || fail "--json: no ok"
  printf 'x' >>"$work/www/App_1.2.0_amd64.AppImage"
  run_weft updater check --manifest "file://$work/www/latest.json" --pubkey "$work/app.key.pub" \
    --current-version 1.0.0 --target linux-x86_64
  expect_error "tampered artifact over file://" "does not match the content"
}

# libcurl is loaded by `updater check` only: neither linked nor loaded at start.
case_curl_not_at_startup() {
  ldd "$weft" | grep -c libcurl >/dev/null && fail "weft is linked against libcurl"
  LD_DEBUG=files "$weft" --version >"$work/out" 2>"$work/err" || fail "weft --version failed"
  grep -q 'libcurl' "$work/err" && fail "weft --version loads libcurl"
  make_release
  write_manifest "file://$work/www" 1.2.0
  LD_DEBUG=files "$weft" updater check --manifest "file://$work/www/latest.json" --pubkey "$work/app.key.pub" \
    --current-version 1.0.0 --target linux-x86_64 >"$work/out" 2>"$work/err" || fail "updater check failed"
  grep -q 'file=libcurl' "$work/err" || fail "updater check did not load libcurl"
}

case "$case_name" in
  merge | check_http | check_file | curl_not_at_startup) "case_$case_name" ;;
  *) fail "unknown case $case_name" ;;
esac
exit 0
