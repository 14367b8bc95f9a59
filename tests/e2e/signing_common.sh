# Shared by signer.sh and updater.sh (sourced, not run).
# A missing external tool skips the test (exit 125), except in CI (CI=true),
# where it fails.

work=$(mktemp -d)
cleanup_hooks=""
cleanup() {
  for hook in $cleanup_hooks; do "$hook" || true; done
  if [ "${test_failed:-0}" = 1 ]; then
    echo "kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

fail() {
  test_failed=1
  echo "FAIL: $*"
  for f in "$work"/out "$work"/err; do
    [ -s "$f" ] && { echo "--- $(basename "$f"):"; cat "$f"; }
  done
  exit 1
}

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "${CI:-}" = true ]; then
    fail "$1 is not installed (scripts/setup installs it)"
  fi
  echo "SKIP: $1 is not installed"
  exit 125
}

# run_weft ARGS...: runs weft with stdout/stderr captured; sets $status.
run_weft() {
  status=0
  NO_COLOR=1 "$weft" "$@" >"$work/out" 2>"$work/err" || status=$?
}

# run_weft_in INPUT ARGS...: the same with INPUT (plus a newline) on stdin.
# Not a pipe, which would run the function in a subshell and lose $status.
run_weft_in() {
  local input=$1
  shift
  status=0
  NO_COLOR=1 "$weft" "$@" <<<"$input" >"$work/out" 2>"$work/err" || status=$?
}

# expect_ok DESCRIPTION: the last run_weft succeeded.
expect_ok() {
  [ "$status" -eq 0 ] || fail "$1: exit $status, expected 0"
  grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$work/err" && fail "$1: sanitizer report"
  return 0
}

# expect_error DESCRIPTION FRAGMENT: the last run_weft failed with exit 1,
# and the first line of stderr is an error containing FRAGMENT.
expect_error() {
  [ "$status" -eq 1 ] || fail "$1: exit $status, expected 1"
  first=$(head -n 1 "$work/err")
  case "$first" in
    *"error: "*) ;;
    *) fail "$1: first line of stderr is not an error" ;;
  esac
  case "$first" in
    *"$2"*) ;;
    *) fail "$1: first line of stderr lacks '$2'" ;;
  esac
  grep -q 'runtime error\|AddressSanitizer\|terminate called' "$work/err" && fail "$1: crash output"
  return 0
}

# no_secret SECRET DESCRIPTION: SECRET is in neither stdout nor stderr.
no_secret() {
  if grep -qF -- "$1" "$work/out" "$work/err"; then fail "$2: the password appears in the output"; fi
  return 0
}

# The second line of a minisign public key (the `RW…` string), from any form.
pubkey_line() {
  if head -c 20 "$1" | grep -q '^untrusted'; then sed -n 2p "$1"; else base64 -d <"$1" | sed -n 2p; fi
}
