#!/bin/bash
# End-to-end tests of `weft dev` (issue 9) on the vanilla template app, built
# against the runtime of this build tree.
# Cases:
#   orphans      beforeDevCommand starts a shell with two background sleepers
#                and a Python HTTP server (the devUrl); the app runs under Xvfb.
#                SIGINT, SIGTERM, SIGHUP and SIGKILL to `weft dev`, 20 times
#                each: no process of the tree is left 2 s later.
#   exit_code    the app exits by itself: `weft dev` exits with its code;
#                arguments after `--` reach the app
#   url_timeout  a devUrl that never answers: exit 3 within the timeout,
#                the URL and the dev command's last output in the error, the
#                dev command's group gone
#   dev_dies     the dev command exits before devUrl answers: exit 3, its status
#   watch        under Xvfb, the page (from the devUrl) calls `greet`; editing
#                src/main.cpp rebuilds and restarts the app, whose answer shows
#                the change; a syntax error keeps the old app running and prints
#                the compiler's located error; fixing it restarts the app; an
#                unknown permission in a capability is reported, the app kept
# usage: dev.sh CASE WEFT
# A missing tool skips (exit 125), except in CI (CI=true), where it fails.
set -eu
case=$1
weft=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/signing_common.sh"
need jq
need cmake
need python3

cd "$work"

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# new_app: a vanilla app in $work/app; extra jq filter applied to its manifest.
new_app() {
  run_weft init --ci --name "Dev App" --identifier dev.weft.dev --dir "$work/app"
  expect_ok "weft init"
  jq "$1" "$work/app/weft.conf.json" >"$work/conf.new" && mv "$work/conf.new" "$work/app/weft.conf.json"
}

# The processes carrying this run's marker in their environment (weft dev and
# everything it started inherit it).
token="weft-dev-e2e-$$-$RANDOM"
tree_pids() {
  grep -l -s -a "WEFT_E2E_TREE=$token" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3 | sort -n | tr '\n' ' ' || true
}
kill_tree() { # cleanup hook: whatever a failed run left
  local pids
  pids=$(tree_pids)
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
}
cleanup_hooks="kill_tree"

case $case in
orphans)
  need xvfb-run
  need xauth
  port=$(free_port)
  new_app ".build.devUrl = \"http://127.0.0.1:$port/\" | .build.beforeDevCommand = \"sleep 3600 & sleep 3601 & python3 -m http.server --bind 127.0.0.1 --directory ui $port; wait\""
  cat >"$work/session.sh" <<'SESSION'
set -u
weft=$1 work=$2 token=$3
tree_pids() {
  grep -l -s -a "WEFT_E2E_TREE=$token" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3 | sort -n | tr '\n' ' ' || true
}
mkdir -p "$work/home"
for sig in INT TERM HUP KILL; do
  for i in $(seq 20); do
    : >"$work/dev.err"
    (cd "$work/app" && exec env WEFT_E2E_TREE="$token" HOME="$work/home" NO_AT_BRIDGE=1 NO_COLOR=1 "$weft" dev) \
      >"$work/dev.out" 2>"$work/dev.err" &
    pid=$!
    # Ready once the app runs: the tree is then complete (the devUrl answered).
    for _ in $(seq 1200); do
      grep -q '^weft dev: running' "$work/dev.err" && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    if ! grep -q '^weft dev: running' "$work/dev.err"; then
      echo "FAIL: SIG$sig #$i: weft dev did not start the app"; cat "$work/dev.err"; exit 1
    fi
    before=$(tree_pids | wc -w)
    # weft dev, the dev command's sh, two sleepers, python, the app (and its WebKit helpers)
    if [ "$before" -lt 6 ]; then
      echo "FAIL: SIG$sig #$i: only $before processes in the tree before the signal"; ps -ef; exit 1
    fi
    [ "$i" = 1 ] && echo "SIG$sig: $before processes in the tree before the signal"
    kill -"$sig" "$pid"
    left=""
    for _ in $(seq 20); do
      left=$(tree_pids)
      [ -z "$left" ] && break
      sleep 0.1
    done
    if [ -n "$left" ]; then
      echo "FAIL: SIG$sig #$i: processes left 2 s after the signal:"; left=${left% }; ps -o pid,pgid,stat,args -p "${left// /,}"; exit 1
    fi
    status=0
    wait "$pid" || status=$?
    case $sig in
    KILL) [ "$status" = 137 ] || { echo "FAIL: SIGKILL #$i: status $status"; exit 1; } ;;
    *) [ "$status" = 130 ] || { echo "FAIL: SIG$sig #$i: weft dev exited with $status, expected 130"; cat "$work/dev.err"; exit 1; } ;;
    esac
  done
  echo "SIG$sig: 20 runs, nothing left behind"
done
echo done >"$work/session.ok"
SESSION
  unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME
  # The first build is not part of the repetitions.
  (cd "$work/app" && NO_COLOR=1 "$weft" build --debug --no-bundle) >"$work/out" 2>"$work/err" || fail "weft build --debug"
  started=$(date +%s)
  xvfb-run -a -s "-screen 0 1024x768x24" bash "$work/session.sh" "$weft" "$work" "$token" >"$work/out" 2>&1 ||
    fail "orphan repetitions failed"
  [ -f "$work/session.ok" ] || fail "the session did not finish"
  cat "$work/out"
  echo "ok: 4 x 20 signals, zero orphans ($(($(date +%s) - started)) s)"
  ;;
exit_code)
  new_app ".build.devUrl = \"http://127.0.0.1:9/\""
  # The app exits at once with a code named by its first argument.
  sed -i 's|  return app.run(argc, argv);|  if (argc > 2 \&\& std::string(argv[1]) == "--exit-with") return std::stoi(argv[2]);\n  return app.run(argc, argv);|' "$work/app/src/main.cpp"
  grep -q -- '--exit-with' "$work/app/src/main.cpp" || fail "could not instrument main.cpp"
  status=0
  (cd "$work/app" && WEFT_E2E_TREE="$token" NO_COLOR=1 "$weft" dev --no-dev-server-wait -- --exit-with 42) \
    >"$work/out" 2>"$work/err" || status=$?
  [ "$status" = 42 ] || fail "weft dev exited with $status, expected the app's 42"
  [ -z "$(tree_pids)" ] || fail "processes left: $(tree_pids)"
  echo "ok: the app's exit code and arguments after --"
  ;;
url_timeout)
  port=$(free_port) # nothing listens there
  new_app ".build.devUrl = \"http://127.0.0.1:$port/\" | .build.beforeDevCommand = \"echo dev-server-starting; echo still-not-listening >&2; sleep 3600\""
  (cd "$work/app" && NO_COLOR=1 "$weft" build --debug --no-bundle) >"$work/out" 2>"$work/err" || fail "weft build --debug"
  start=$(date +%s%N)
  status=0
  (cd "$work/app" && WEFT_E2E_TREE="$token" NO_COLOR=1 "$weft" dev --dev-url-timeout 2) >"$work/out" 2>"$work/err" || status=$?
  elapsed_ms=$((($(date +%s%N) - start) / 1000000))
  [ "$status" = 3 ] || fail "weft dev exited with $status, expected 3"
  [ "$elapsed_ms" -lt 8000 ] || fail "took $elapsed_ms ms with a 2 s timeout"
  grep -q "error: .*http://127.0.0.1:$port/ did not answer within 2 s" "$work/err" || fail "the error does not name the URL"
  grep -q "weft.conf.json:[0-9]*:[0-9]*: error:" "$work/err" || fail "the error is not located at build.devUrl"
  grep -q "still-not-listening" <(sed -n '/did not answer/,$p' "$work/err") || fail "the error lacks the dev command's output tail"
  [ -z "$(tree_pids)" ] || fail "processes left: $(tree_pids)"
  echo "ok: unanswered devUrl reported in $elapsed_ms ms"
  ;;
dev_dies)
  port=$(free_port)
  new_app ".build.devUrl = \"http://127.0.0.1:$port/\" | .build.beforeDevCommand = \"echo cannot-start >&2; exit 7\""
  status=0
  (cd "$work/app" && WEFT_E2E_TREE="$token" NO_COLOR=1 "$weft" dev --dev-url-timeout 30) >"$work/out" 2>"$work/err" || status=$?
  [ "$status" = 3 ] || fail "weft dev exited with $status, expected 3"
  grep -q "exited with status 7 before http://127.0.0.1:$port/ answered" "$work/err" || fail "the error lacks the status"
  grep -q "cannot-start" <(sed -n '/before http/,$p' "$work/err") || fail "the error lacks the dev command's output"
  echo "ok: a dead dev command is reported"
  ;;
watch)
  need xvfb-run
  need xauth
  port=$(free_port)
  new_app ".build.devUrl = \"http://127.0.0.1:$port/\" | .build.beforeDevCommand = \"exec python3 -m http.server --bind 127.0.0.1 --directory ui $port\" | .build.commands += [\"report\"]"
  src=$work/app/src/main.cpp
  sed -i 's|#include <string>|#include <cstdio>\n#include <cstdlib>\n#include <fstream>\n#include <string>\n#include <unistd.h>|' "$src"
  sed -i 's|  return app.run(argc, argv);|  app.command("report", [](const nlohmann::json\& args) -> nlohmann::json {\n    const std::string path = std::getenv("WEFT_E2E_RESULT");\n    nlohmann::json out = args;\n    out["pid"] = static_cast<int>(::getpid());\n    std::ofstream(path + ".tmp") << out.dump();\n    std::rename((path + ".tmp").c_str(), path.c_str());\n    return true;\n  });\n\n  return app.run(argc, argv);|' "$src"
  (cd "$work/app" && "$weft" permission add allow-report -C default >/dev/null) || fail "weft permission add allow-report"
  cat >>"$work/app/ui/main.js" <<'JS'

// e2e probe (tests/e2e/dev.sh)
(async () => {
  const result = { href: location.href };
  try {
    result.greet = await window.weft.invoke('greet', { name: 'e2e' });
  } catch (error) {
    result.greetError = `${error.kind}: ${error.message}`;
  }
  await window.weft.invoke('report', result);
})();
JS
  cat >"$work/session.sh" <<'SESSION'
set -u
weft=$1 work=$2 token=$3
src=$work/app/src/main.cpp
result=$work/result.json
mkdir -p "$work/home"
(cd "$work/app" && exec env WEFT_E2E_TREE="$token" WEFT_E2E_RESULT="$result" HOME="$work/home" NO_AT_BRIDGE=1 NO_COLOR=1 \
  "$weft" dev --debounce 100) >"$work/dev.out" 2>"$work/dev.err" &
pid=$!
trap 'kill -INT $pid 2>/dev/null; wait $pid' EXIT
wait_for() { # wait_for FILE-OR-PATTERN SECONDS
  for _ in $(seq $(($2 * 10))); do
    case $1 in
    /*) [ -f "$1" ] && return 0 ;;
    *) grep -q -- "$1" "$work/dev.err" && return 0 ;;
    esac
    kill -0 "$pid" 2>/dev/null || { echo "FAIL: weft dev ended"; cat "$work/dev.err"; exit 1; }
    sleep 0.1
  done
  echo "FAIL: waited $2 s for $1"; cat "$work/dev.err"; exit 1
}
expect() { # expect JQ DESCRIPTION
  jq -e "$1" "$result" >/dev/null || { echo "FAIL: $2: $(cat "$result")"; cat "$work/dev.err"; exit 1; }
}
wait_for "$result" 120
expect '.greet == "Hello, e2e! You'"'"'ve been greeted from C++." and (.href | startswith("http://127.0.0.1:"))' "first app"
first=$(jq .pid "$result")
rm "$result"
sed -i 's|greeted from C++|greeted from rebuilt C++|' "$src"
wait_for "$result" 300
expect '.greet == "Hello, e2e! You'"'"'ve been greeted from rebuilt C++."' "rebuilt app"
second=$(jq .pid "$result")
[ "$second" != "$first" ] || { echo "FAIL: the app was not restarted"; exit 1; }
rm "$result"
echo 'this is not C++;' >>"$src"
wait_for 'build failed; the running app is kept' 300
grep -q 'main.cpp:[0-9]*:[0-9]*: error:' "$work/dev.err" || { echo "FAIL: no located compiler error"; cat "$work/dev.err"; exit 1; }
kill -0 "$second" 2>/dev/null || { echo "FAIL: the running app was stopped by a failed build"; exit 1; }
[ ! -f "$result" ] || { echo "FAIL: an app restarted after a failed build"; exit 1; }
sed -i '/this is not C++;/d' "$src"
wait_for "$result" 300
expect '.greet == "Hello, e2e! You'"'"'ve been greeted from rebuilt C++."' "fixed app"
third=$(jq .pid "$result")
[ "$third" != "$second" ] || { echo "FAIL: the app was not restarted after the fix"; exit 1; }
kill -0 "$second" 2>/dev/null && { echo "FAIL: the old app still runs"; exit 1; }
# An unknown permission in a capability: reported, the app kept.
rm "$result"
cap=$work/app/capabilities/default.json
cp "$cap" "$work/cap.good"
jq '.permissions += ["no-such-permission"]' "$work/cap.good" >"$work/cap.bad" && mv "$work/cap.bad" "$cap"
for _ in $(seq 600); do
  [ "$(grep -c 'build failed; the running app is kept' "$work/dev.err")" -ge 2 ] && break
  sleep 0.1
done
[ "$(grep -c 'build failed; the running app is kept' "$work/dev.err")" -ge 2 ] || { echo "FAIL: the bad capability was not reported"; cat "$work/dev.err"; exit 1; }
grep -q 'capabilities/default.json:[0-9]*:[0-9]*: error: .*no-such-permission' "$work/dev.err" || { echo "FAIL: the ACL error is not located"; cat "$work/dev.err"; exit 1; }
kill -0 "$third" 2>/dev/null || { echo "FAIL: a bad capability stopped the app"; exit 1; }
cp "$work/cap.good" "$cap"
wait_for "$result" 300
echo done >"$work/session.ok"
SESSION
  unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME
  xvfb-run -a -s "-screen 0 1024x768x24" bash "$work/session.sh" "$weft" "$work" "$token" >"$work/out" 2>&1 ||
    fail "the watch session failed"
  [ -f "$work/session.ok" ] || fail "the session did not finish"
  sleep 1
  [ -z "$(tree_pids)" ] || fail "processes left: $(tree_pids)"
  echo "ok: backend edits restart the app, a broken build keeps it"
  ;;
*)
  echo "unknown case $case"
  exit 2
  ;;
esac
