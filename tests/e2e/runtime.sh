#!/bin/bash
# End-to-end test of the app runtime (issue 4): `weft check` resolves the
# fixture app's capabilities into acl.json, then the fixture app
# (tests/e2e/runtime_app) runs on a real WebKitGTK under Xvfb. Its page calls
# allowed, denied, unknown and malformed commands, events go both ways and
# between windows, a sidecar runs; the app writes what happened as JSON,
# which this script checks with jq. A screenshot must not be blank, SIGTERM
# must end the app with 130, and the app's sidecar must die with it.
# Cases: `assets` serves the page from the embedded assets (weft://localhost/)
# and ends the app with SIGTERM (exit 130); `dev_url` serves it from a dev
# server named by WEFT_DEV_URL, as `weft dev` does, and has the app close its
# windows, which must end it (exit 0).
# usage: runtime.sh CASE WEFT FIXTURE_APP FIXTURE_PROJECT
# A missing tool skips (exit 125), except in CI (CI=true), where it fails.
set -eu
case=$1
weft=$2
app=$3
project=$4
# work, fail (prints $work/out and $work/err, keeps $work), need, cleanup hooks.
. "$(cd "$(dirname "$0")" && pwd)/signing_common.sh"
server=""
stop_server() { [ -z "$server" ] || kill "$server" 2>/dev/null; }
cleanup_hooks="stop_server"

need xvfb-run
need xauth
need import
need convert
need jq

cp -R "$project" "$work/project"
NO_COLOR=1 "$weft" check -p "$work/project" --debug >"$work/out" 2>"$work/err" || fail "weft check failed"
acl=$work/project/target/debug/gen/acl.json
[ -f "$acl" ] || fail "weft check wrote no acl.json"

# A home of its own: WebKit's storage goes to the app's XDG folders there.
mkdir -p "$work/home"
export HOME="$work/home"
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME
export NO_AT_BRIDGE=1
# In an ASan build (CI's second pass) only the app is instrumented, and two
# system libraries keep memory until exit: see the suppressions file.
export LSAN_OPTIONS="suppressions=$(cd "$(dirname "$0")" && pwd)/runtime_app/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

origin=weft://localhost/
then=wait
expected_status=130
if [ "$case" = dev_url ]; then
  need python3
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  python3 -m http.server --bind 127.0.0.1 --directory "$work/project/ui" "$port" >/dev/null 2>&1 &
  server=$!
  python3 -c 'import sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen(sys.argv[1], timeout=1); sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)' "http://127.0.0.1:$port/" || fail "the dev server did not start"
  origin=http://127.0.0.1:$port/
  export WEFT_DEV_URL=$origin
  then=close
  expected_status=0
fi

# Inside Xvfb: start the app, wait for its result (the app's own watchdog
# ends it after 60 s), screenshot the screen, SIGTERM the app.
cat >"$work/session.sh" <<'SESSION'
app=$1 project=$2 acl=$3 work=$4 then=$5
"$app" --project "$project" --acl "$acl" --result "$work/result.json" --timeout 60 --then "$then" 2>"$work/err" &
pid=$!
while [ ! -f "$work/result.json" ] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
if [ -f "$work/result.json" ] && [ "$then" = wait ]; then
  sleep 0.5 # let the last frame paint
  import -window root "$work/shot.png" 2>>"$work/err" || true
  kill -TERM "$pid" 2>/dev/null
fi
status=0
wait "$pid" || status=$?
echo "$status" >"$work/status"
SESSION
xvfb-run -a -s "-screen 0 1024x768x24" sh "$work/session.sh" "$app" "$work/project" "$acl" "$work" "$then" ||
  fail "xvfb-run failed"

cp "$work/result.json" "$work/out" 2>/dev/null || : >"$work/out" # shown by fail
[ -f "$work/result.json" ] || fail "the app wrote no result (exit status $(cat "$work/status" 2>/dev/null))"
[ "$(cat "$work/status")" = "$expected_status" ] ||
  fail "the app ended with $(cat "$work/status"), expected $expected_status ($then)"

check() { # check DESCRIPTION JQ-EXPRESSION: the expression must be true on result.json
  jq -e "$2" "$work/result.json" >/dev/null || fail "$1 ($2)"
}
check "no fatal error in the page" '.page.fatal == null'
check "allowed command" '.page.greet == {"ok": true, "value": "Hello, e2e!"}'
check "label of the calling window" '.page.label == "main"'
check "page served from $origin" ".page.href | startswith(\"$origin\")"
check "denied command" '.page.denied.ok == false and .page.denied.kind == "denied" and .page.denied.message == "`secret` is not allowed: capability `main` denies it to window `main` (\(.page.href))"'
check "unknown command" '.page.unknown == {"ok": false, "kind": "unknown", "message": "unknown command `nope`"}'
check "command not granted" '.page.notGranted.kind == "denied" and (.page.notGranted.message | test("no capability grants it"))'
check "args of the wrong type" '.page.badArgs.kind == "invalid" and (.page.badArgs.message | test("`args` must be an object"))'
check "message over the limit" '.page.huge.kind == "invalid" and (.page.huge.message | test("more than the limit of 65536 bytes"))'
check "malformed message" '.page.malformed.value | fromjson | .error.kind == "invalid" and (.error.message | test("not JSON"))'
check "message without the bridge key" '.page.forgedKey.value | fromjson | .error.message | test("does not come from the weft bridge")'
check "async command answered from another thread, run off the main thread" '.page.async.value == {"value": 42, "offMainThread": true, "window": "main"}'
check "core:app|name" '.page.appName.value == "Runtime Fixture"'
check "core:app|version" '.page.appVersion.value == "1.2.3"'
check "core:window|set_title then title" '.page.setTitle.ok and .page.title.value == "Fixture running"'
check "core:window|inner_size" '.page.innerSize.value.width > 0 and .page.innerSize.value.height > 0'
check "core:path|resolve_directory" ".page.appData.value == \"$work/home/.local/share/dev.weft.runtime-fixture\""
check "backend event to the page" '.page.ping.value == "pong" and .page.fromBackend.value == {"payload": {"value": "p", "to": "main"}, "source": ""}'
check "page event to the backend" '.backendEvents == [{"name": "from-page", "payload": {"n": 1}, "source": "main"}]'
check "window created from the page" '.page.createPeer.ok and .page.peerReady.value == {"payload": {"label": "peer"}, "source": "peer"}'
check "event between windows" '.page.peerAck.value == {"payload": {"echo": {"hello": "peer"}, "label": "peer"}, "source": "peer"}'
check "sidecar output as events" '.page.sidecar.ok and .page.sidecarLines == ["hello", "world"]'
check "sidecar exit event" '.page.sidecarExit.value.payload.code == 0 and .page.sidecarExit.value.payload.name == "binaries/echo-helper"'
check "sidecar arguments outside the scope" '.page.sidecarBadArgs.ok == false and (.page.sidecarBadArgs.message | test("argument 2 does not match"))'
check "sidecar not declared" '.page.sidecarUndeclared.ok == false and (.page.sidecarUndeclared.message | test("is not a sidecar of this app"))'
check "uncovered window denied and logged at debug level" ".log | index(\"denied \`greet\` from window \`second\`: no capability grants it to window \`second\` (${origin}second.html)\") != null"

# The sidecar left running died with the app (its own process group, killed).
linger=$(jq -r '.page.sidecarLinger.value.pid' "$work/result.json")
[ "$linger" -gt 0 ] 2>/dev/null || fail "no pid for the lingering sidecar"
if kill -0 "$linger" 2>/dev/null; then fail "sidecar $linger outlived the app"; fi

[ "$then" = close ] && { echo "ok: runtime fixture app, $case"; exit 0; }

# The screenshot shows the windows: many colours, and the main window's
# heading colour (#2f5aa8) among them.
[ -s "$work/shot.png" ] || fail "no screenshot"
colours=$(convert "$work/shot.png" -format '%k' info:)
[ "$colours" -gt 16 ] || fail "the screenshot looks blank ($colours colours)"
convert "$work/shot.png" -fill black +opaque '#2f5aa8' -fill white -opaque '#2f5aa8' -format '%[fx:mean]' info: >"$work/blue"
awk '{ exit !($1 > 0.01) }' "$work/blue" || fail "the main window's heading is not on screen (share $(cat "$work/blue"))"
echo "ok: runtime fixture app, $case ($colours colours on screen)"
