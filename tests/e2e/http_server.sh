# Sourced by e2e scripts: serves $work/www on 127.0.0.1 with python3's
# http.server (a free port). Needs the script's $work, fail and need.
server_pid=""
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# Starts the server; sets $port. The caller stops it (stop_server) on exit.
start_server() {
  need python3
  mkdir -p "$work/www"
  python3 -u -m http.server --bind 127.0.0.1 --directory "$work/www" 0 >"$work/server.log" 2>&1 &
  server_pid=$!
  port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' "$work/server.log" | head -n 1)
    [ -n "$port" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || fail "python3 -m http.server exited: $(cat "$work/server.log")"
    sleep 0.1
  done
  fail "python3 -m http.server printed no port"
}
