# Shared by build.sh and appimage_app.sh (sourced after signing_common.sh,
# with $here set): instrumenting a template app so that its page reports
# what it saw through IPC, and running it under Xvfb.

# Adds a `report` command to the app and a page script that records what the
# page saw (greet's answer, inline and injected scripts, CSP violations) and
# sends it to `report`, which writes it to $WEFT_E2E_RESULT.
instrument() {
  local dir=$work/$1 page=$2
  sed -i 's|#include <string>|#include <cstdio>\n#include <cstdlib>\n#include <fstream>\n#include <string>|' "$dir/src/main.cpp"
  sed -i 's|  return app.run(argc, argv);|  app.command("report", [](const nlohmann::json\& args) -> nlohmann::json {\n    const std::string path = std::getenv("WEFT_E2E_RESULT");\n    std::ofstream(path + ".tmp") << args.dump();\n    std::rename((path + ".tmp").c_str(), path.c_str());\n    return true;\n  });\n\n  return app.run(argc, argv);|' "$dir/src/main.cpp"
  jq '.build.commands += ["report"]' "$dir/weft.conf.json" >"$dir/weft.conf.json.new" && mv "$dir/weft.conf.json.new" "$dir/weft.conf.json"
  (cd "$dir" && "$weft" permission add allow-report -C default >/dev/null) || fail "weft permission add allow-report"
  cat >>"$page" <<'JS'

// e2e probe (tests/e2e/build.sh)
(async () => {
  const result = { violations: [] };
  document.addEventListener('securitypolicyviolation', (e) => result.violations.push(e.violatedDirective));
  result.inline = window.inlineRan === true;
  const injected = document.createElement('script');
  injected.textContent = 'window.injectedRan = true;';
  document.head.appendChild(injected);
  await new Promise((resolve) => setTimeout(resolve, 300));
  result.injected = window.injectedRan === true;
  const heading = document.querySelector('h1');
  if (heading) {
    result.inlineStyle = getComputedStyle(heading).letterSpacing;
    const style = document.createElement('style');
    style.textContent = 'h1 { word-spacing: 7px !important; }';
    document.head.appendChild(style);
    await new Promise((resolve) => setTimeout(resolve, 100));
    result.injectedStyle = getComputedStyle(heading).wordSpacing;
  }
  try {
    result.greet = await window.weft.invoke('greet', { name: 'e2e' });
  } catch (error) {
    result.greetError = `${error.kind}: ${error.message}`;
  }
  result.href = location.href;
  await window.weft.invoke('report', { result });
})();
JS
}

# run_app PROGRAM [ARGS…]: starts the app under Xvfb, waits for its report,
# ends it with SIGTERM; the report is in $work/result.json.
run_app() {
  need xvfb-run
  need xauth
  mkdir -p "$work/home"
  cat >"$work/session.sh" <<'SESSION'
app=$1 work=$2
shift 2
HOME="$work/home" WEFT_E2E_RESULT="$work/result.json" NO_AT_BRIDGE=1 "$app" "$@" 2>"$work/app.err" &
pid=$!
for _ in $(seq 600); do
  [ -f "$work/result.json" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
kill -TERM "$pid" 2>/dev/null
status=0
wait "$pid" || status=$?
echo "$status" >"$work/app.status"
SESSION
  export LSAN_OPTIONS="suppressions=$here/runtime_app/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
  unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME
  local program=$1
  shift
  xvfb-run -a -s "-screen 0 1024x768x24" sh "$work/session.sh" "$program" "$work" "$@" || fail "xvfb-run failed"
  cp "$work/app.err" "$work/err"
  [ -f "$work/result.json" ] || fail "the app sent no report (exit status $(cat "$work/app.status"))"
  cp "$work/result.json" "$work/out"
  [ "$(cat "$work/app.status")" = 130 ] || fail "the app ended with $(cat "$work/app.status") after SIGTERM, expected 130"
}

check_result() { # check_result DESCRIPTION JQ-EXPRESSION
  jq -e "$2" "$work/result.json" >/dev/null || fail "$1 ($2)"
}

check_page() { # the checks every template's page must pass
  check_result "greet answered through IPC" '.result.greet == "Hello, e2e! You'"'"'ve been greeted from C++."'
  check_result "page served from the embedded assets" '.result.href | startswith("weft://localhost/")'
  check_result "injected script blocked" '.result.injected == false'
  check_result "the block is a script-src violation" '.result.violations | any(startswith("script-src"))'
}
