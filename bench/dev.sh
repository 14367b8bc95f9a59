#!/bin/bash
# Benchmark of `weft dev` (issue 9), run by hand: from saving a backend file to
# the new app process answering IPC, minus the compiler's own time (what ninja
# records in .ninja_log for that rebuild: compile + link), over N edits.
# The app is the vanilla template with a devUrl served by python3, under Xvfb.
# usage: bench/dev.sh WEFT [N]   (needs xvfb-run, jq, python3, ninja)
set -eu
weft=$(realpath "$1")
n=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$weft" init --ci --name "Bench App" --identifier dev.weft.bench --dir "$work/app" >/dev/null
cd "$work/app"
jq ".build.devUrl = \"http://127.0.0.1:$port/\" | .build.beforeDevCommand = \"exec python3 -m http.server --bind 127.0.0.1 --directory ui $port\" | .build.commands += [\"report\"]" \
  weft.conf.json >c.json && mv c.json weft.conf.json
sed -i 's|#include <string>|#include <cstdlib>\n#include <fstream>\n#include <string>|' src/main.cpp
sed -i 's|  return app.run(argc, argv);|  app.command("report", [](const nlohmann::json\& args) -> nlohmann::json {\n    std::ofstream(std::getenv("WEFT_BENCH_RESULT")) << args.dump();\n    return true;\n  });\n\n  return app.run(argc, argv);|' src/main.cpp
"$weft" permission add allow-report -C default >/dev/null
cat >>ui/main.js <<'JS'
window.weft.invoke('greet', { name: 'b' }).then((greet) => window.weft.invoke('report', { greet }));
JS
cat >"$work/session.sh" <<'SESSION'
set -eu
weft=$1 work=$2 n=$3
cd "$work/app"
result=$work/result.json
WEFT_BENCH_RESULT=$result NO_AT_BRIDGE=1 HOME=$work "$weft" dev --debounce 200 >/dev/null 2>"$work/dev.err" &
pid=$!
trap 'kill -INT $pid; wait $pid || true' EXIT
until [ -s "$result" ]; do sleep 0.01; done
log=target/debug/backend/.ninja_log
for i in $(seq "$n"); do
  rm -f "$result"
  lines=$(wc -l <"$log")
  sleep 0.5
  start=$(date +%s%N)
  sed -i "s|greeted from C++[^\"]*|greeted from C++ $i|" src/main.cpp
  until [ -s "$result" ] && grep -q "C++ $i" "$result"; do sleep 0.002; done
  end=$(date +%s%N)
  # .ninja_log lines: start_ms end_ms mtime output hash; the rebuild's span.
  compile=$(tail -n +"$((lines + 1))" "$log" | awk 'BEGIN{lo=-1;hi=0} {if(lo<0||$1<lo)lo=$1; if($2>hi)hi=$2} END{print hi-lo}')
  total=$(((end - start) / 1000000))
  echo "$total $compile $((total - compile))"
done
SESSION
echo "total_ms compiler_ms overhead_ms"
xvfb-run -a -s "-screen 0 1024x768x24" bash "$work/session.sh" "$weft" "$work" "$n" | tee "$work/results"
echo "median overhead (total - compiler, includes the ${debounce:-200} ms debounce): $(cut -d' ' -f3 "$work/results" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}') ms"
echo "median total: $(cut -d' ' -f1 "$work/results" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}') ms"
