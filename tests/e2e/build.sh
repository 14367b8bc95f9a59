#!/bin/bash
# End-to-end tests of `weft init` and `weft build` (issue 5) on apps made
# from the templates, built against the runtime of this build tree.
# Cases:
#   vanilla       init --ci, build, run under Xvfb: the embedded page answers
#                 `greet` through IPC, its inline script runs under the strict
#                 CSP (hash added) and an injected script is blocked; a no-op
#                 rebuild skips every step it can; plain `cmake --build` works
#   svelte        the same for the Vite + Svelte 5 template (skipped when
#                 `npm install --offline` cannot work: tests never download)
#   incremental   a regenerated context is byte-identical; a changed asset
#                 regenerates only the context; a changed weft.conf.json
#                 changes the embedded config; --debug builds target/debug
#   hook_fails    failing beforeBuildCommand: exit 3, located, its status and output
#   no_dist       missing frontendDist: exit 1, located
#   dist_target   frontendDist holding target/: exit 1, located
#   compile_error backend compile error: exit 3, located at the source line
#   bad_capability unknown permission in a capability: exit 1, located
#   init_checks   refusal to overwrite, --force, invalid name/identifier,
#                 flags into weft.conf.json, icons checked with `file`
#   init_prompts  on a terminal (a pty) weft init asks, re-asks after an
#                 invalid answer, and takes the answers and defaults
#   info          `weft info --json` agrees with the tools themselves
#   target        --target TRIPLE: the toolchain file from
#                 build.backend.toolchains, outputs in target/TRIPLE/release,
#                 WEFT_ENV_* for the hook; an unknown triple is a usage error
#   installed     `cmake --install` of this build tree into a prefix: the
#                 installed weft builds an app with the installed CMake package
#   example       examples/hello builds with `weft build` as it is
#   interrupt     SIGINT during beforeBuildCommand: exit 130, the hook's
#                 process group is gone, no binary
# usage: build.sh CASE WEFT [WEFT_BUILD_DIR [WEFT_SOURCE_DIR]]
# A missing tool skips (exit 125), except in CI (CI=true), where it fails.
set -eu
case=$1
weft=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/signing_common.sh"
need jq
need cmake

cd "$work"

# expect_located DESCRIPTION CODE FILE-PREFIX FRAGMENT: the last run failed with
# CODE, and stderr's first line is `FILE:LINE:COL: error: …FRAGMENT…`.
expect_located() {
  [ "$status" -eq "$2" ] || fail "$1: exit $status, expected $2"
  first=$(head -n 1 "$work/err")
  [[ "$first" =~ ^$3:[0-9]+:[0-9]+:\ error:\  ]] || fail "$1: first line is not located in $3: $first"
  case "$first" in *"$4"*) ;; *) fail "$1: first line lacks '$4': $first" ;; esac
  grep -q 'runtime error\|AddressSanitizer\|terminate called' "$work/err" && fail "$1: crash output"
  return 0
}

new_app() { # new_app DIR [init flags…]: a vanilla app in $work/DIR
  local dir=$1
  shift
  run_weft init --ci --name "E2E App" --identifier dev.weft.e2e --dir "$work/$dir" "$@"
  expect_ok "weft init"
}

build_in() { # build_in DIR [flags…]
  local dir=$1
  shift
  status=0
  (cd "$work/$dir" && NO_COLOR=1 "$weft" build "$@") >"$work/out" 2>"$work/err" || status=$?
}

. "$here/template_app.sh"

case $case in
vanilla)
  new_app app
  sed -i 's|    <script type="module" src="main.js"></script>|    <script>window.inlineRan = true;</script>\n    <style>h1 { letter-spacing: 3px; }</style>\n    <script type="module" src="main.js"></script>|' "$work/app/ui/index.html"
  instrument app "$work/app/ui/main.js"
  build_in app --json
  expect_ok "weft build"
  binary=$(jq -r .binary "$work/out")
  [ "$binary" = "$work/app/target/release/e2e-app" ] || fail "binary at $binary"
  [ -x "$binary" ] || fail "no executable $binary"
  jq -e '[.steps[] | select(.outcome == "skipped")] | map(.step) == ["beforeBuildCommand"]' "$work/out" >/dev/null ||
    fail "first build skipped steps"
  # The template's bundle.active makes weft build package the app too.
  deb=$(jq -r '.artifacts[] | select(.format == "deb") | .path' "$work/out")
  [ -f "$deb" ] && jq -e '[.artifacts[].format] == ["binary", "deb", "rpm", "appimage"]' "$work/out" >/dev/null ||
    fail "weft build made no deb, rpm and AppImage: $(jq -c .artifacts "$work/out")"
  if command -v lintian >/dev/null; then
    lintian --allow-root --fail-on error,warning "$deb" >"$work/lintian" 2>&1 ||
      fail "lintian on the template app's deb: $(cat "$work/lintian")"
  fi
  if command -v rpmlint >/dev/null; then
    rpm=$(jq -r '.artifacts[] | select(.format == "rpm") | .path' "$work/out")
    rpmlint "$rpm" >"$work/rpmlint" 2>&1 || true
    grep -q 'packages and 0 specfiles checked' "$work/rpmlint" || fail "rpmlint did not run: $(cat "$work/rpmlint")"
    # rpmlint takes a name ending in a language code (here -app, ISO 639-3
    # "Apma") for a language pack that must require locales-app.
    if grep ': E: ' "$work/rpmlint" | grep -v -e ': E: no-signature$' -e ': E: no-dependency-on locales-app$'; then
      fail "rpmlint errors on the template's rpm"
    fi
  fi
  # The CSP carries the inline script's hash, computed here independently.
  hash=$(printf '%s' 'window.inlineRan = true;' | openssl dgst -sha256 -binary | base64)
  grep -qF "'sha256-$hash'" "$work/app/target/release/gen/context.cpp" || fail "the CSP lacks the inline script's hash"
  # The assets are in the binary's read-only data, not in a C++ array.
  grep -q 'incbin' "$work/app/target/release/gen/assets.S" || fail "no .incbin in assets.S"
  run_app "$binary"
  check_page
  check_result "inline script ran under the strict CSP" '.result.inline == true'
  check_result "inline style applied under the strict CSP" '.result.inlineStyle == "3px"'
  check_result "injected style blocked" '.result.injectedStyle != "7px"'
  check_result "the style block is a style-src violation" '.result.violations | any(startswith("style-src"))'
  # A no-op rebuild skips everything but the backend build (which is itself a no-op).
  build_in app --json --no-bundle
  expect_ok "no-op weft build"
  jq -e '[.steps[] | select(.outcome == "ok") | .step] == ["load manifest", "collect frontendDist", "build backend"]' \
    "$work/out" >/dev/null || fail "no-op build ran steps: $(jq -c .steps "$work/out")"
  # After one weft build, plain cmake rebuilds the app.
  rm "$binary"
  cmake --build "$work/app/target/release/backend" >"$work/out" 2>"$work/err" || fail "plain cmake --build failed"
  [ -x "$binary" ] || fail "plain cmake --build made no binary"
  echo "ok: vanilla app built, greets through IPC, CSP holds"
  ;;
svelte)
  need npm
  new_app app --template svelte
  # Tests download nothing: npm may only use its cache. Without vite and
  # svelte there, this case cannot run on this machine (not a missing tool,
  # so it skips in CI too).
  if ! (cd "$work/app/ui" && timeout 300 npm install --offline --no-audit --no-fund >"$work/npm.log" 2>&1); then
    echo "SKIP: npm install --offline cannot get vite and svelte from the npm cache: $(grep -m1 -i 'npm err' "$work/npm.log")"
    exit 125
  fi
  instrument app "$work/app/ui/src/main.js"
  build_in app --json
  expect_ok "weft build (svelte)"
  binary=$(jq -r .binary "$work/out")
  [ -f "$work/app/ui/dist/index.html" ] || fail "beforeBuildCommand did not build ui/dist"
  run_app "$binary"
  check_page
  echo "ok: svelte app built, greets through IPC"
  ;;
incremental)
  new_app app
  # The build steps are what this case checks; bundling each of its seven
  # builds (a portable AppImage among them) would only cost minutes.
  jq '.bundle.active = false' "$work/app/weft.conf.json" >"$work/conf" && mv "$work/conf" "$work/app/weft.conf.json"
  build_in app
  expect_ok "first build"
  cp "$work/app/target/release/gen/context.cpp" "$work/context.before"
  # Regenerated from scratch, the context is byte for byte the same.
  cp "$work/app/target/release/gen/assets.S" "$work/assets.before"
  rm -rf "$work/app/target/release/gen"
  build_in app
  expect_ok "build after removing gen/"
  cmp -s "$work/context.before" "$work/app/target/release/gen/context.cpp" || fail "context.cpp differs when regenerated"
  cmp -s "$work/assets.before" "$work/app/target/release/gen/assets.S" || fail "assets.S differs when regenerated"
  echo 'body { margin: 0; }' >>"$work/app/ui/style.css"
  build_in app --json
  expect_ok "build after an asset change"
  jq -e '.steps[] | select(.step == "generate context") | .outcome == "ok"' "$work/out" >/dev/null ||
    fail "the context was not regenerated"
  jq -e '.steps[] | select(.step == "configure backend") | .outcome == "skipped"' "$work/out" >/dev/null ||
    fail "the backend was configured again"
  cmp -s "$work/context.before" "$work/app/target/release/gen/context.cpp" && fail "context.cpp did not change"
  [ "$(ls "$work/app/target/release/gen/assets" | wc -l)" -eq 3 ] || fail "the old style.css is still stored"
  jq '.app.windows[0].title = "Retitled"' "$work/app/weft.conf.json" >"$work/conf" && mv "$work/conf" "$work/app/weft.conf.json"
  build_in app
  expect_ok "build after a manifest change"
  grep -q 'Retitled' "$work/app/target/release/gen/context.cpp" || fail "the new title is not embedded"
  # A capability changed after a good build is resolved again.
  cp "$work/app/capabilities/default.json" "$work/cap.good"
  jq '.permissions += ["allow-nothing-like-this"]' "$work/cap.good" >"$work/app/capabilities/default.json"
  build_in app
  expect_located "capability broken after a good build" 1 "capabilities/default.json" "allow-nothing-like-this"
  cp "$work/cap.good" "$work/app/capabilities/default.json"
  build_in app
  expect_ok "build after the capability is fixed"
  build_in app --debug --json
  expect_ok "debug build"
  [ -x "$work/app/target/debug/e2e-app" ] || fail "no target/debug/e2e-app"
  grep -q 'weft::Profile::debug' "$work/app/target/debug/gen/context.cpp" || fail "debug context is not debug"
  echo "ok: incremental rebuilds"
  ;;
hook_fails)
  new_app app
  jq '.build.beforeBuildCommand = "echo building the frontend; echo WEFT_ENV=$WEFT_ENV_PLATFORM/$WEFT_ENV_ARCH/$WEFT_ENV_DEBUG >&2; exit 7"' \
    "$work/app/weft.conf.json" >"$work/conf" && mv "$work/conf" "$work/app/weft.conf.json"
  build_in app
  expect_located "failing beforeBuildCommand" 3 "weft.conf.json" "exited with status 7"
  grep -q "^WEFT_ENV=linux/$(uname -m)/false$" "$work/err" || fail "the hook's output tail (with WEFT_ENV_*) is not shown"
  grep -q '^building the frontend$' "$work/err" || fail "the hook's stdout tail is not shown"
  [ -e "$work/app/target/release/e2e-app" ] && fail "a binary was built after the hook failed"
  # --json: the error as JSON on stdout, located.
  build_in app --json
  [ "$status" -eq 3 ] || fail "--json: exit $status"
  jq -e '.ok == false and (.errors[0].file | endswith("weft.conf.json")) and .errors[0].line == 11' "$work/out" >/dev/null ||
    fail "--json error output"
  echo "ok: failing beforeBuildCommand"
  ;;
no_dist)
  new_app app
  jq '.build.frontendDist = "dist"' "$work/app/weft.conf.json" >"$work/conf" && mv "$work/conf" "$work/app/weft.conf.json"
  build_in app
  expect_located "missing frontendDist" 1 "weft.conf.json" "frontendDist \`dist\` does not exist"
  echo "ok: missing frontendDist"
  ;;
dist_target)
  new_app app
  jq '.build.frontendDist = "."' "$work/app/weft.conf.json" >"$work/conf" && mv "$work/conf" "$work/app/weft.conf.json"
  build_in app
  expect_located "frontendDist holding target/" 1 "weft.conf.json" "contains the project's target/ folder"
  echo "ok: frontendDist with target/ refused"
  ;;
compile_error)
  new_app app
  sed -i 's|    if (name.empty()) name = "stranger";|    if (name.empty()) name = undeclared_name;|' "$work/app/src/main.cpp"
  line=$(grep -n 'undeclared_name' "$work/app/src/main.cpp" | cut -d: -f1)
  build_in app
  expect_located "backend compile error" 3 "src/main.cpp" "undeclared_name"
  head -n 1 "$work/err" | grep -q "main.cpp:$line:" || fail "the error is not at line $line"
  echo "ok: compile error located"
  ;;
bad_capability)
  new_app app
  jq '.permissions += ["allow-nothing-like-this"]' "$work/app/capabilities/default.json" >"$work/cap" &&
    mv "$work/cap" "$work/app/capabilities/default.json"
  build_in app
  expect_located "invalid capability" 1 "capabilities/default.json" "allow-nothing-like-this"
  [ -e "$work/app/target/release/backend" ] && fail "the backend was configured despite the error"
  echo "ok: invalid capability stops the build"
  ;;
init_checks)
  need file
  new_app app --dev-url http://localhost:8080 --before-build-command "echo hi"
  jq -e '.build.devUrl == "http://localhost:8080" and .build.beforeBuildCommand == "echo hi"' "$work/app/weft.conf.json" \
    >/dev/null || fail "flags not applied to weft.conf.json"
  (cd "$work/app" && "$weft" check >"$work/out" 2>"$work/err") || fail "weft check on the new app"
  for icon in 32x32:32 128x128:128 128x128@2x:256 icon:512; do
    file "$work/app/icons/${icon%%:*}.png" | grep -q "PNG image data, ${icon##*:} x ${icon##*:}, 8-bit/color RGBA" ||
      fail "icons/${icon%%:*}.png is not a ${icon##*:}px RGBA PNG: $(file "$work/app/icons/${icon%%:*}.png")"
  done
  [ -f "$work/app/.gitignore" ] || fail "no .gitignore"
  cp "$work/app/src/main.cpp" "$work/main.before"
  echo '// mine' >>"$work/app/src/main.cpp"
  run_weft init --ci --name "E2E App" --dir "$work/app"
  expect_error "init over an existing app" "already exists"
  grep -q '// mine' "$work/app/src/main.cpp" || fail "init changed a file it refused to overwrite"
  run_weft init --ci --name "E2E App" --dir "$work/app" --force
  expect_ok "init --force"
  cmp -s "$work/main.before" "$work/app/src/main.cpp" || fail "--force did not rewrite src/main.cpp"
  run_weft init --ci --name "E2E App" --identifier "com..bad" --dir "$work/bad-id"
  expect_error "invalid identifier" "--identifier"
  [ -e "$work/bad-id" ] && fail "init wrote something for an invalid identifier"
  run_weft init --ci --name "a/b" --dir "$work/bad-name"
  expect_error "invalid name" "--name"
  [ -e "$work/bad-name" ] && fail "init wrote something for an invalid name"
  run_weft init --ci --template nope --dir "$work/bad-template"
  expect_error "unknown template" "no template \`nope\`"
  # Not a terminal: no prompt, defaults (as with --ci).
  status=0
  (cd "$work" && CI= NO_COLOR=1 "$weft" init --name "Piped App" </dev/null >"$work/out" 2>"$work/err") || status=$?
  expect_ok "init without a terminal"
  jq -e '.identifier == "com.example.piped-app"' "$work/piped-app/weft.conf.json" >/dev/null ||
    fail "default identifier not used"
  echo "ok: init checks"
  ;;
init_prompts)
  need python3
  # Answers: name, an invalid identifier then a valid one, default title, template.
  python3 - "$weft" "$work" >"$work/out" 2>"$work/err" <<'PY' || fail "weft init on a pty"
import os, pty, sys, time
weft, work = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.chdir(work)
    os.environ.pop("CI", None)
    os.environ["NO_COLOR"] = "1"
    os.execv(weft, [weft, "init"])
answers = [b"Prompted App\n", b"bad..id\n", b"dev.weft.prompted\n", b"\n", b"vanilla\n"]
seen = b""
deadline = time.time() + 30
while time.time() < deadline:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
    # One answer per prompt, each prompt ending with "): ".
    while answers and seen.count(b"): ") > 5 - len(answers):
        os.write(fd, answers.pop(0))
_, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status))
PY
  grep -q 'App name (weft-app): ' "$work/out" || fail "no name prompt"
  grep -q 'Identifier (com.example.prompted-app): ' "$work/out" || fail "no identifier prompt with the default"
  grep -q 'empty segment' "$work/out" || fail "the invalid identifier was not explained"
  grep -q 'Window title (Prompted App): ' "$work/out" || fail "no title prompt"
  jq -e '.productName == "Prompted App" and .identifier == "dev.weft.prompted" and .app.windows[0].title == "Prompted App"' \
    "$work/prompted-app/weft.conf.json" >/dev/null || fail "the answers are not in weft.conf.json"
  echo "ok: init prompts"
  ;;
info)
  run_weft info --json
  expect_ok "weft info --json"
  cmake_version=$(cmake --version | head -n 1 | awk '{print $3}')
  jq -e --arg v "$cmake_version" '.tools[] | select(.name == "CMake") | .found and .version == $v' "$work/out" >/dev/null ||
    fail "CMake version differs from cmake --version ($cmake_version)"
  webkit=$(pkg-config --modversion webkit2gtk-4.1)
  jq -e --arg v "$webkit" '.tools[] | select(.name == "WebKitGTK") | .version == $v' "$work/out" >/dev/null ||
    fail "WebKitGTK version differs from pkg-config ($webkit)"
  jq -e '.tools[] | select(.name == "MSI: wixl") | .package == "wixl"' "$work/out" >/dev/null || fail "wixl entry"
  if ! command -v wixl >/dev/null; then
    run_weft info
    grep -q 'MSI: wixl *missing — install wixl' "$work/out" || fail "missing tool line"
  fi
  new_app app
  status=0
  (cd "$work/app" && "$weft" info --json >"$work/out" 2>"$work/err") || status=$?
  expect_ok "weft info in a project"
  jq -e '.project.identifier == "dev.weft.e2e" and .project.mainBinaryName == "e2e-app"' "$work/out" >/dev/null ||
    fail "project settings"
  echo "ok: weft info"
  ;;
target)
  new_app app
  triple=x86_64-weft-linux-gnu
  mkdir -p "$work/app/cmake"
  printf 'set(CMAKE_SYSTEM_NAME Linux)\nset(CMAKE_CXX_COMPILER c++)\nset(WEFT_E2E_TOOLCHAIN_USED ON)\n' >"$work/app/cmake/host.cmake"
  jq --arg t "$triple" '.build.backend.toolchains[$t] = "cmake/host.cmake" |
    .build.beforeBuildCommand = "env | grep ^WEFT_ENV_ | sort >hook-env.txt"' \
    "$work/app/weft.conf.json" >"$work/conf" && mv "$work/conf" "$work/app/weft.conf.json"
  build_in app --target nope-nope-linux
  [ "$status" -eq 2 ] || fail "unknown --target: exit $status, expected 2"
  grep -q 'no CMake toolchain file for --target nope-nope-linux' "$work/err" || fail "unknown --target message"
  build_in app --target "$triple" --json
  expect_ok "weft build --target"
  [ -x "$work/app/target/$triple/release/e2e-app" ] || fail "no target/$triple/release/e2e-app"
  grep -q "^CMAKE_TOOLCHAIN_FILE:.*=$work/app/cmake/host.cmake$" "$work/app/target/$triple/release/backend/CMakeCache.txt" ||
    fail "the toolchain file was not passed to CMake"
  printf 'WEFT_ENV_ARCH=x86_64\nWEFT_ENV_DEBUG=false\nWEFT_ENV_PLATFORM=linux\nWEFT_ENV_TARGET_TRIPLE=%s\n' "$triple" >"$work/env.expected"
  cmp -s "$work/env.expected" "$work/app/hook-env.txt" || { cp "$work/app/hook-env.txt" "$work/out"; fail "hook environment"; }
  echo "ok: --target with a toolchain file"
  ;;
installed)
  build_dir=${3:?the weft build folder}
  cmake --install "$build_dir" --prefix "$work/prefix" >"$work/out" 2>"$work/err" || fail "cmake --install"
  [ -f "$work/prefix/lib/cmake/weft/weftConfig.cmake" ] || fail "no installed weftConfig.cmake"
  weft=$work/prefix/bin/weft
  new_app app
  build_in app
  expect_ok "build with the installed weft"
  grep -q "^weft_DIR:[A-Z]*=$work/prefix/lib/cmake/weft$" "$work/app/target/release/backend/CMakeCache.txt" ||
    fail "the installed package was not used: $(grep weft_DIR "$work/app/target/release/backend/CMakeCache.txt")"
  grep -q "$work/prefix/include" "$work/app/target/release/backend/build.ninja" ||
    fail "the app was not compiled against the installed headers"
  [ -x "$work/app/target/release/e2e-app" ] || fail "no binary"
  echo "ok: installed weft and CMake package"
  ;;
interrupt)
  new_app app
  jq '.build.beforeBuildCommand = "echo $$ >hook.pid; sleep 60 & echo $! >sleep.pid; wait"' "$work/app/weft.conf.json" \
    >"$work/conf" && mv "$work/conf" "$work/app/weft.conf.json"
  (cd "$work/app" && exec "$weft" build) >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 100); do [ -s "$work/app/sleep.pid" ] && break; sleep 0.1; done
  [ -s "$work/app/sleep.pid" ] || fail "the hook did not start"
  kill -INT "$pid"
  status=0
  wait "$pid" || status=$?
  [ "$status" -eq 130 ] || fail "interrupted build: exit $status, expected 130"
  # Gone, or a zombie waiting for init to reap it (weft's own children are
  # reaped by weft; the background `sleep` is the shell's).
  alive() { case "$(ps -o stat= -p "$1" 2>/dev/null)" in "" | Z*) return 1 ;; *) return 0 ;; esac; }
  for p in "$(cat "$work/app/hook.pid")" "$(cat "$work/app/sleep.pid")"; do
    for _ in $(seq 50); do alive "$p" || break; sleep 0.1; done
    alive "$p" && fail "hook process $p outlived the interrupted build"
  done
  [ -e "$work/app/target/release/e2e-app" ] && fail "a binary after the interrupt"
  echo "ok: interrupt stops the hook"
  ;;
example)
  source_dir=${4:?the weft source folder}
  cp -R "$source_dir/examples/hello" "$work/hello"
  rm -rf "$work/hello/target"
  # Its $schema points into the source tree; the copy is elsewhere.
  jq 'del(."$schema")' "$work/hello/weft.conf.json" >"$work/conf" && mv "$work/conf" "$work/hello/weft.conf.json"
  build_in hello --json
  expect_ok "weft build of examples/hello"
  [ -x "$work/hello/target/release/hello" ] || fail "no target/release/hello"
  grep -q 'Hello Weft on Linux' "$work/hello/target/release/gen/context.cpp" || fail "the linux overlay is not embedded"
  echo "ok: examples/hello builds"
  ;;
*)
  fail "unknown case $case"
  ;;
esac
