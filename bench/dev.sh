#!/bin/bash
# Benchmark of `weft dev` (issue 9), run by hand, on the vanilla template app
# served by weft dev's built-in server, under Xvfb:
# 1. backend: from saving src/main.cpp to the new app process answering IPC,
#    minus the compiler's own time (what ninja records in .ninja_log for that
#    rebuild: compile + link), over N edits;
# 2. frontend: from saving ui/main.js to the `reload` event arriving on the
#    dev server's event stream (/__weft/reload), over 3N edits.
# usage: bench/dev.sh WEFT [N]   (needs xvfb-run, jq, python3, ninja)
set -eu
weft=$(realpath "$1")
n=${2:-7}
debounce=${DEBOUNCE:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$weft" init --ci --name "Bench App" --identifier dev.weft.bench --dir "$work/app" >/dev/null
cd "$work/app"
jq '.build.commands += ["report"]' weft.conf.json >c.json && mv c.json weft.conf.json
sed -i 's|#include <string>|#include <cstdlib>\n#include <fstream>\n#include <string>|' src/main.cpp
sed -i 's|  return app.run(argc, argv);|  app.command("report", [](const nlohmann::json\& args) -> nlohmann::json {\n    std::ofstream(std::getenv("WEFT_BENCH_RESULT")) << args.dump();\n    return true;\n  });\n\n  return app.run(argc, argv);|' src/main.cpp
"$weft" permission add allow-report -C default >/dev/null
cat >>ui/main.js <<'JS'
window.weft.invoke('greet', { name: 'b' }).then((greet) => window.weft.invoke('report', { greet }));
JS
cat >"$work/reload.py" <<'PY'
# Connects to the event stream, then times N saves of ui/main.js until each
# `reload` event arrives.
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
s = socket.create_connection(("127.0.0.1", port))
s.sendall(b"GET /__weft/reload HTTP/1.1\r\nHost: x\r\n\r\n")
buffer = b""
while b"retry:" not in buffer:
    buffer += s.recv(4096)
for i in range(n):
    time.sleep(0.3)
    buffer = b""
    start = time.perf_counter()
    with open("ui/main.js", "a") as f:
        f.write(f"// save {i}\n")
    while b"event: reload" not in buffer:
        buffer += s.recv(4096)
    print(round((time.perf_counter() - start) * 1000, 1), flush=True)
PY
cat >"$work/session.sh" <<'SESSION'
set -eu
weft=$1 work=$2 n=$3 debounce=$4
cd "$work/app"
result=$work/result.json
WEFT_BENCH_RESULT=$result NO_AT_BRIDGE=1 HOME=$work "$weft" dev --debounce "$debounce" >/dev/null 2>"$work/dev.err" &
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
  echo "backend $total $compile $((total - compile))"
done
port=$(sed -n 's|^weft dev: serving .* on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/dev.err")
python3 "$work/reload.py" "$port" "$((n * 3))" | sed 's/^/frontend /'
SESSION
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
echo "backend total_ms compiler_ms overhead_ms / frontend save_to_reload_event_ms"
xvfb-run -a -s "-screen 0 1024x768x24" bash "$work/session.sh" "$weft" "$work" "$n" "$debounce" | tee "$work/results"
echo "median backend overhead (total - compiler, --debounce $debounce): $(awk '$1=="backend"{print $4}' "$work/results" | median) ms"
echo "median backend total: $(awk '$1=="backend"{print $2}' "$work/results" | median) ms"
echo "median frontend save -> reload event: $(awk '$1=="frontend"{print $2}' "$work/results" | median) ms"
