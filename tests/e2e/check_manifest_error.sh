#!/bin/sh
# Runs `weft check` on one malformed-manifest fixture (tests/fixtures/manifests/bad)
# or broken-ACL fixture (tests/fixtures/acl/bad: an app with capabilities/ and
# permissions/) and compares the first diagnostic with the fixture's `expect` file:
#   location: weft.conf.json:3:5      (file:line:column of the first error)
#   message: unknown key `identifer`  (a fragment of the first error line)
#   hint: did you mean `identifier`?  (optional, the start of a hint line)
#   args: --config {"a":1}            (optional, extra arguments, one per line)
#   errors: 3                         (optional, number of error lines)
# usage: check_manifest_error.sh WEFT FIXTURE_DIR
set -eu
weft=$1
fixture=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$fixture/." "$work/"
rm -f "$work/expect"

field() { sed -n "s/^$1: //p" "$fixture/expect"; }
location=$(field location)
message=$(field message)
hint=$(field hint)
errors=$(field errors)

set --
while IFS= read -r arg; do
  [ -n "$arg" ] && set -- "$@" "$arg"
done <<EOF_ARGS
$(field args)
EOF_ARGS

status=0
(cd "$work" && NO_COLOR=1 "$weft" check "$@") >"$work/.out" 2>"$work/.err" || status=$?
fail() {
  echo "FAIL: $fixture: $1"
  echo "--- stderr:"
  cat "$work/.err"
  exit 1
}
[ "$status" -eq 1 ] || fail "exit code $status, expected 1"
[ -s "$work/.out" ] && fail "unexpected stdout: $(cat "$work/.out")"
first=$(head -n 1 "$work/.err")
case "$first" in
  "$location: error: "*) ;;
  *) fail "first line does not start with '$location: error: '" ;;
esac
case "$first" in
  *"$message"*) ;;
  *) fail "first line lacks '$message'" ;;
esac
if [ -n "$hint" ]; then
  grep '^  hint: ' "$work/.err" | grep -qF -- "$hint" || fail "no hint '$hint'"
fi
if [ -n "$errors" ]; then
  count=$(grep -c ': error: ' "$work/.err" || true)
  [ "$count" -eq "$errors" ] || fail "$count errors, expected $errors"
fi
# When the source line is shown, a caret line follows it.
second=$(sed -n 2p "$work/.err")
case "$second" in
  "" | "  hint: "* | "  while "*) ;;
  *) sed -n 3p "$work/.err" | grep -q '^[[:space:]]*^$' || fail "no caret line under the source line" ;;
esac
grep -q 'Traceback\|terminate called\|Assertion\|runtime error' "$work/.err" && fail "crash output"
exit 0
