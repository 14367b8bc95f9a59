#!/bin/sh
# End-to-end tests of `weft check` on good apps and of `weft capability` /
# `weft permission` (issue 3), on copies of tests/fixtures/acl/apps/.
# usage: acl_commands.sh CASE WEFT APPS_DIR
set -eu
case=$1
weft=$2
apps=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1

fail() {
  echo "FAIL: $case: $1"
  [ -f "$work/.err" ] && { echo "--- stderr:"; cat "$work/.err"; }
  exit 1
}
app() { rm -rf "$work/app"; cp -R "$apps/$1" "$work/app"; rm -f "$work/app/expected-acl.json"; }
run() { (cd "$work/app" && "$weft" "$@") >"$work/.out" 2>"$work/.err"; }
expect_status() {
  want=$1
  shift
  status=0
  run "$@" || status=$?
  [ "$status" -eq "$want" ] || fail "weft $* exited $status, expected $want"
}
sums() { (cd "$work/app" && find capabilities permissions -type f -exec md5sum {} + | sort); }

case $case in
check_writes)
  app hello
  expect_status 0 check
  grep -q '^ok: Hello 0.1.0 (com.example.hello), 1 window, 1 capability granting ' "$work/.out" ||
    fail "summary: $(cat "$work/.out")"
  [ -s "$work/.err" ] && fail "unexpected stderr"
  cmp -s "$work/app/target/release/gen/acl.json" "$apps/hello/expected-acl.json" || fail "acl.json differs from the golden file"
  schema=$work/app/target/release/gen/schemas/capability.schema.json
  grep -q '"const": "core:window:allow-set-title"' "$schema" || fail "schema lacks core permissions"
  grep -q '"const": "greet-loudly"' "$schema" || fail "schema lacks the app's permissions"
  # Unchanged content: the files are not rewritten.
  touch -d '2000-01-01' "$schema" "$work/app/target/release/gen/acl.json"
  expect_status 0 -v check
  grep -q 'unchanged target/release/gen/acl.json' "$work/.err" || fail "-v does not say unchanged"
  [ "$(find "$work/app/target" -newermt '2001-01-01' -type f | wc -l)" -eq 0 ] || fail "unchanged files were rewritten"
  # --json, --debug and --no-write.
  expect_status 0 --json check --debug
  grep -q '"capabilities":1' "$work/.out" || fail "--json: $(cat "$work/.out")"
  [ -f "$work/app/target/debug/gen/acl.json" ] || fail "--debug wrote no target/debug/gen/acl.json"
  app hello
  expect_status 0 check --no-write
  [ -e "$work/app/target" ] && fail "--no-write wrote target/"
  # A broken capability: exit 1, the schema is refreshed, acl.json is not.
  app hello
  sed -i 's/"allow-greet"/"allow-gret"/' "$work/app/capabilities/default.json"
  expect_status 1 check
  [ -f "$work/app/target/release/gen/schemas/capability.schema.json" ] || fail "no schema after a capability error"
  [ -e "$work/app/target/release/gen/acl.json" ] && fail "acl.json written despite errors"
  ;;
capability_new)
  app windows-and-webviews
  expect_status 0 capability new -i tools -w 'panel-*' -P core:default,core:window:allow-close
  [ -f "$work/app/capabilities/tools.json" ] || fail "no capabilities/tools.json"
  grep -q '"\$schema": "../target/release/gen/schemas/capability.schema.json"' "$work/app/capabilities/tools.json" ||
    fail "no \$schema"
  expect_status 0 capability new -i tools-toml --format toml
  grep -q '^windows = \["main"\]$' "$work/app/capabilities/tools-toml.toml" || fail "default window is not the first one"
  expect_status 0 check --strict
  expect_status 0 capability ls
  grep -q '^tools  ' "$work/.out" || fail "ls lacks tools: $(cat "$work/.out")"
  grep -q '^everywhere  *enabled ' "$work/.out" || fail "ls lacks everywhere"
  expect_status 0 --json capability ls
  grep -q '"identifier":"tools-toml"' "$work/.out" || fail "ls --json"
  before=$(sums)
  expect_status 1 capability new -i bad -P core:window:allow-set-titel
  grep -q 'did you mean `core:window:allow-set-title`' "$work/.err" || fail "no suggestion"
  expect_status 1 capability new -i panels
  grep -q 'capability `panels` already exists' "$work/.err" || fail "duplicate not refused"
  expect_status 2 capability new
  [ "$(sums)" = "$before" ] || fail "a refused command changed files"
  ;;
permission_edit)
  app plugins-and-scopes
  before=$(sums)
  expect_status 2 permission add core:window:allow-close
  grep -q 'several capabilities could take it' "$work/.err" || fail "ambiguous add not refused"
  expect_status 1 permission add core:window:allow-clsoe -C editors
  expect_status 1 permission add core:window:allow-close -C prefs-inline
  grep -q 'written inline in the manifest' "$work/.err" || fail "inline edit not refused"
  [ "$(sums)" = "$before" ] || fail "a refused edit changed files"
  cp "$work/app/capabilities/desktop/editors.toml" "$work/editors.before"
  expect_status 0 permission add core:window:allow-close -C editors
  diff "$work/editors.before" "$work/app/capabilities/desktop/editors.toml" >"$work/.diff" || true
  [ "$(grep -c '^[<>]' "$work/.diff")" -eq 1 ] || fail "add changed more than one line: $(cat "$work/.diff")"
  grep -q '^>   "core:window:allow-close",$' "$work/.diff" || fail "unexpected add: $(cat "$work/.diff")"
  expect_status 0 check
  expect_status 2 permission rm documents
  grep -q 'in several capabilities' "$work/.err" || fail "ambiguous rm not refused"
  expect_status 0 permission rm documents --all
  grep -q '"documents"' "$work/app/capabilities/main.json" && fail "documents still in main.json"
  grep -q '"documents"' "$work/app/capabilities/desktop/editors.toml" && fail "documents still in editors.toml"
  expect_status 0 check
  expect_status 0 permission new allow-export-all --commands export_pdf,save_document
  expect_status 0 permission add allow-export-all -C main
  expect_status 0 check
  expect_status 0 permission ls --app
  grep -q '^allow-export-all  *Allows export_pdf, save_document\.$' "$work/.out" || fail "ls --app: $(cat "$work/.out")"
  expect_status 0 --json permission ls --plugin fs
  grep -q '"identifier":"fs:scope-appdata"' "$work/.out" || fail "ls --plugin fs"
  grep -q '"identifier":"shell:' "$work/.out" && fail "ls --plugin fs lists shell"
  expect_status 2 permission ls --plugin fss
  expect_status 1 permission new allow-export-all --commands x
  ;;
edit_atomic)
  # rm --all touches two files; one cannot be edited in place, so neither changes.
  app windows-and-webviews
  cat >"$work/app/capabilities/tables.toml" <<'TOML'
identifier = "tables"
windows = ["main"]

[[permissions]]
identifier = "core:event:allow-listen"
TOML
  before=$(sums)
  expect_status 1 permission rm core:event:allow-listen --all
  grep -q 'not written as one \[...\] list' "$work/.err" || fail "no refusal: $(cat "$work/.err")"
  [ "$(sums)" = "$before" ] || fail "a failed edit changed files"
  ls -A "$work/app/capabilities" | grep -q '\.tmp' && fail "temporary files left behind"
  ;;
*)
  echo "unknown case $case"
  exit 2
  ;;
esac
exit 0
