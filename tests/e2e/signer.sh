#!/bin/bash
# End-to-end tests of `weft signer` (issue 8): interop with minisign and with
# keys and signatures made by `tauri signer` (checked-in fixtures, see
# tests/fixtures/signing/README.md), and one-line errors for bad input.
# usage: signer.sh CASE WEFT FIXTURE_DIR
set -euo pipefail
case_name=$1
weft=$2
fixtures=$3
. "$(dirname "$0")/signing_common.sh"

pw='Tr0ub4dor&3 weft-e2e'

# A key pair made by weft, password from stdin.
make_weft_key() { # PATH
  run_weft_in "$pw" signer generate -w "$1" --password-stdin
  expect_ok "signer generate"
  no_secret "$pw" "signer generate"
}

case_weft_key_minisign() {
  need minisign
  make_weft_key "$work/keys/app.key"
  head -c 300000 /dev/urandom >"$work/App.AppImage"
  run_weft_in "$pw" signer sign -f "$work/keys/app.key" --password-stdin --app-version 1.2.3 \
    "$work/App.AppImage"
  expect_ok "signer sign"
  no_secret "$pw" "signer sign"
  # The .sig is base64 of a minisign signature, as Tauri writes it.
  base64 -d <"$work/App.AppImage.sig" >"$work/App.minisig"
  minisign -Vm "$work/App.AppImage" -P "$(pubkey_line "$work/keys/app.key.pub")" -x "$work/App.minisig" \
    >"$work/out" 2>"$work/err" || fail "minisign -V rejects weft's signature"
  grep -q 'version:1.2.3' "$work/out" || fail "minisign shows no version in the trusted comment"

  # And minisign signs with weft's secret key, which weft verifies.
  base64 -d <"$work/keys/app.key" >"$work/app.minisign.key"
  printf '%s\n' "$pw" | minisign -S -s "$work/app.minisign.key" -m "$work/App.AppImage" \
    -x "$work/by-minisign.minisig" -t 'signed by minisign' >"$work/out" 2>"$work/err" ||
    fail "minisign -S cannot use weft's secret key"
  run_weft signer verify -P "$work/keys/app.key.pub" -x "$work/by-minisign.minisig" "$work/App.AppImage"
  expect_ok "weft verifies minisign's signature"
  grep -q 'signed by minisign' "$work/out" || fail "trusted comment not shown"
}

case_minisign_key_weft() {
  need minisign
  # minisign's own key: 1 GiB scrypt ("sensitive" limits), a few seconds.
  printf '%s\n%s\n' "$pw" "$pw" | minisign -G -p "$work/m.pub" -s "$work/m.key" >"$work/out" 2>"$work/err" ||
    fail "minisign -G"
  head -c 100000 /dev/urandom >"$work/file.bin"
  WEFT_SIGNING_PRIVATE_KEY="$work/m.key" WEFT_SIGNING_PRIVATE_KEY_PASSWORD="$pw" \
    run_weft signer sign --app-version 2.0.0 "$work/file.bin"
  expect_ok "weft signs with a minisign key"
  no_secret "$pw" "signer sign"
  base64 -d <"$work/file.bin.sig" >"$work/file.minisig"
  minisign -Vm "$work/file.bin" -p "$work/m.pub" -x "$work/file.minisig" >"$work/out" 2>"$work/err" ||
    fail "minisign -V rejects weft's signature made with minisign's key"
  run_weft signer verify -P "$work/m.pub" --app-version 2.0.0 "$work/file.bin"
  expect_ok "weft verify with a minisign .pub file"

  # An unencrypted minisign key (-W), given as text with -k.
  minisign -G -W -p "$work/u.pub" -s "$work/u.key" >"$work/out" 2>"$work/err" || fail "minisign -G -W"
  run_weft signer sign -k "$(cat "$work/u.key")" "$work/file.bin"
  expect_ok "weft signs with an unencrypted minisign key"
  grep -q 'process list' "$work/err" || fail "no warning about an unencrypted key in argv"
  base64 -d <"$work/file.bin.sig" >"$work/file.minisig"
  minisign -Vm "$work/file.bin" -p "$work/u.pub" -x "$work/file.minisig" >"$work/out" 2>"$work/err" ||
    fail "minisign -V rejects the signature made with the unencrypted key"

  # minisign's legacy (non-prehashed) signatures verify too.
  minisign -S -l -s "$work/u.key" -m "$work/file.bin" -x "$work/legacy.minisig" >"$work/out" 2>"$work/err" ||
    fail "minisign -S -l"
  run_weft signer verify -P "$work/u.pub" -x "$work/legacy.minisig" "$work/file.bin"
  expect_ok "weft verifies a legacy minisign signature"
  grep -q 'legacy' "$work/out" || fail "legacy algorithm not reported"
}

case_tauri_fixtures() {
  cp "$fixtures/payload.bin" "$fixtures/payload.bin.sig" "$fixtures/payload.txt" "$fixtures/payload.txt.sig" "$work/"
  run_weft signer verify -P "$fixtures/tauri-password.key.pub" --app-version 1.2.3 "$work/payload.bin"
  expect_ok "verify tauri signer sign --app-version"
  grep -q 'version:1.2.3' "$work/out" || fail "trusted comment not shown"
  run_weft signer verify -P "$(cat "$fixtures/tauri-nopassword.key.pub")" "$work/payload.txt"
  expect_ok "verify tauri signer sign, pubkey as text"

  # Tauri's keys sign with weft, through Tauri's environment variable names.
  head -c 5000 /dev/urandom >"$work/new.bin"
  TAURI_SIGNING_PRIVATE_KEY="$(cat "$fixtures/tauri-password.key")" \
    TAURI_SIGNING_PRIVATE_KEY_PASSWORD='correct horse battery' \
    run_weft signer sign --app-version 3.0.0 "$work/new.bin"
  expect_ok "sign with tauri-password.key"
  no_secret 'correct horse battery' "sign with tauri-password.key"
  run_weft signer verify -P "$fixtures/tauri-password.key.pub" --app-version 3.0.0 "$work/new.bin"
  expect_ok "verify a signature made with Tauri's key"

  # No password and no terminal: the empty password is tried, as Tauri does.
  run_weft signer sign -f "$fixtures/tauri-nopassword.key" "$work/new.bin" </dev/null
  expect_ok "sign with tauri-nopassword.key"
  run_weft signer verify -P "$fixtures/tauri-nopassword.key.pub" "$work/new.bin"
  expect_ok "verify with tauri-nopassword.key.pub"
}

# Flips the lowest bit of byte OFFSET of FILE.
flip_byte() { # FILE OFFSET
  old=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  new=$((old ^ 1))
  printf "\\$(printf %03o "$new")" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

case_negative() {
  make_weft_key "$work/k.key"
  make_weft_key "$work/other.key"
  printf 'release payload\n' >"$work/app.bin"
  run_weft_in "$pw" signer sign -f "$work/k.key" --password-stdin --app-version 1.0.0 "$work/app.bin"
  expect_ok "sign"

  run_weft_in 'wrong-password-123' signer sign -f "$work/k.key" --password-stdin "$work/app.bin"
  expect_error "wrong password" "wrong password"
  no_secret 'wrong-password-123' "wrong password"
  no_secret "$pw" "wrong password"

  # Each region of the secret key, corrupted in turn.
  base64 -d <"$work/k.key" >"$work/k.box"
  sed -n 2p "$work/k.box" | base64 -d >"$work/k.raw"
  [ "$(wc -c <"$work/k.raw")" -eq 158 ] || fail "secret key is not 158 bytes"
  for spec in "0:unsupported signature algorithm" "3:unsupported key derivation" \
    "5:unsupported checksum algorithm" "20:checksum mismatch" "45:unsupported scrypt cost" \
    "57:checksum mismatch" "90:checksum mismatch" "150:checksum mismatch"; do
    offset=${spec%%:*}
    cp "$work/k.raw" "$work/bad.raw"
    if [ "$offset" -eq 45 ]; then
      printf '\100' | dd of="$work/bad.raw" bs=1 seek=45 conv=notrunc status=none # opslimit ~2^62
    else
      flip_byte "$work/bad.raw" "$offset"
    fi
    { sed -n 1p "$work/k.box"; base64 -w0 <"$work/bad.raw"; echo; } >"$work/bad.key"
    run_weft_in "$pw" signer sign -f "$work/bad.key" --password-stdin "$work/app.bin"
    expect_error "key corrupted at byte $offset" "${spec#*:}"
    no_secret "$pw" "key corrupted at byte $offset"
  done
  head -c 150 "$work/k.key" >"$work/truncated.key"
  run_weft_in "$pw" signer sign -f "$work/truncated.key" --password-stdin "$work/app.bin"
  expect_error "truncated key" "not a minisign secret key"

  cp "$work/app.bin" "$work/tampered.bin"
  printf 'x' >>"$work/tampered.bin"
  run_weft signer verify -P "$work/k.key.pub" -x "$work/app.bin.sig" "$work/tampered.bin"
  expect_error "tampered file" "does not match the content"

  base64 -d <"$work/app.bin.sig" | sed 's/version:1.0.0/version:9.0.0/' | base64 -w0 >"$work/comment.sig"
  run_weft signer verify -P "$work/k.key.pub" -x "$work/comment.sig" "$work/app.bin"
  expect_error "tampered trusted comment" "trusted comment's signature is invalid"

  run_weft signer verify -P "$work/other.key.pub" "$work/app.bin"
  expect_error "another key" "signature was made with key"

  head -c 200 "$work/app.bin.sig" >"$work/truncated.sig"
  run_weft signer verify -P "$work/k.key.pub" -x "$work/truncated.sig" "$work/app.bin"
  expect_error "truncated .sig" "truncated"

  run_weft signer verify -P "$work/k.key.pub" --app-version 1.0.1 "$work/app.bin"
  expect_error "version mismatch" "signature is for version 1.0.0, expected 1.0.1"

  run_weft signer verify -P "$work/k.key.pub" "$work/missing.bin"
  expect_error "missing file" "missing.bin"

  # -p works (Tauri compatibility) but warns; the password is not echoed.
  run_weft signer sign -f "$work/k.key" -p "$pw" "$work/app.bin"
  expect_ok "sign -p"
  grep -q 'warning: .*process list' "$work/err" || fail "no warning about -p"
  no_secret "$pw" "sign -p"

  status=0
  env -u WEFT_SIGNING_PRIVATE_KEY -u TAURI_SIGNING_PRIVATE_KEY -u TAURI_SIGNING_PRIVATE_KEY_PATH \
    "$weft" signer sign "$work/app.bin" >"$work/out" 2>"$work/err" || status=$?
  [ "$status" -eq 2 ] || fail "no key: exit $status, expected 2"
}

case_generate_files() {
  make_weft_key "$work/new/dir/app.key"
  [ "$(stat -c %a "$work/new/dir/app.key")" = 600 ] || fail "secret key mode is not 0600"
  [ "$(stat -c %a "$work/new/dir/app.key.pub")" = 644 ] || fail "public key mode is not 0644"
  [ "$(stat -c %a "$work/new/dir")" = 700 ] || fail "created key directory is not 0700"
  grep -q "$(cat "$work/new/dir/app.key.pub")" "$work/out" || fail "public key not printed"
  grep -q 'WEFT_SIGNING_PRIVATE_KEY' "$work/out" || fail "environment variables not printed"
  before=$(cksum <"$work/new/dir/app.key")

  run_weft_in "$pw" signer generate -w "$work/new/dir/app.key" --password-stdin
  expect_error "overwrite without --force" "already exists"
  [ "$(cksum <"$work/new/dir/app.key")" = "$before" ] || fail "key overwritten without --force"

  run_weft_in "$pw" signer generate -w "$work/new/dir/app.key" --password-stdin --force
  expect_ok "overwrite with --force"
  [ "$(cksum <"$work/new/dir/app.key")" != "$before" ] || fail "--force did not replace the key"
  [ "$(stat -c %a "$work/new/dir/app.key")" = 600 ] || fail "replaced key mode is not 0600"

  # --ci without a password: the empty password, like `tauri signer generate --ci`.
  run_weft --json signer generate --ci </dev/null
  expect_ok "generate --ci"
  grep -q '"privateKey":"' "$work/out" || fail "--json: no privateKey"
  grep -q 'empty password' "$work/err" || fail "no warning about the empty password"

  # Neither a password nor a terminal nor --ci: refuse rather than guess.
  status=0
  env -u CI "$weft" signer generate -w "$work/x.key" </dev/null >"$work/out" 2>"$work/err" || status=$?
  [ "$status" -eq 2 ] || fail "generate without a password source: exit $status, expected 2"
  [ -e "$work/x.key" ] && fail "a key was written anyway"
  return 0
}

case "$case_name" in
  weft_key_minisign | minisign_key_weft | tauri_fixtures | negative | generate_files) "case_$case_name" ;;
  *) fail "unknown case $case_name" ;;
esac
exit 0
