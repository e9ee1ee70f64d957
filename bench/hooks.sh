#!/usr/bin/env bash
# Hook benchmark (issue 10): the hook command the README installs (curl piping the hook's JSON to
# POST /api/v1/hooks), run the way Claude Code runs a command hook (sh -c, the JSON on stdin), timed
# from process start to exit. N runs with the daemon up (alternating Stop and UserPromptSubmit, so
# every call changes the attention state), then N with the daemon stopped. Prints median and p99.
#   bench/hooks.sh [N=300]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-300}"
BENCH="${TJ_BENCH_DIR:-/tmp/tj-hooks-bench}"; rm -rf "$BENCH"; mkdir -p "$BENCH"
OUT="$ROOT/bench/out"; mkdir -p "$OUT"
[ -f "$ROOT/tj-cli/target/tj.jar" ] || (cd "$ROOT" && mvn -q -B -o -DskipTests install -pl tj-cli -am >&2)
cp "$ROOT"/tj-cli/target/tj.jar "$ROOT"/tj-cli/target/libduckdb_java.so_* "$BENCH/"
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
GRPC=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
printf '[api]\nport = %d\ngrpc_port = %d\n' "$PORT" "$GRPC" > "$BENCH/config.toml"
export TJ_HOME="$BENCH/home" TJ_CONFIG="$BENCH/config.toml"
java -Xmx256m -jar "$BENCH/tj.jar" serve > "$BENCH/serve.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.25; done
SECRET=$(cat "$TJ_HOME/ingest-secret")
HOOK="curl -s -m 0.3 -o /dev/null -H 'Authorization: Bearer $SECRET' -H 'Content-Type: application/json' --data-binary @- http://127.0.0.1:$PORT/api/v1/hooks || true"
python3 - "$HOOK" "$N" "$PORT" "$SERVER" <<'PY' | tee "$OUT/hooks-$(date -u +%Y%m%dT%H%M%SZ).txt"
import json, os, signal, statistics, subprocess, sys, time, urllib.request
hook, n, port, server = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
sid = "b00c5e55-0000-4000-8000-000000000001"
def payload(event):
    return json.dumps({"session_id": sid, "transcript_path": "/tmp/x.jsonl", "cwd": "/tmp",
                       "hook_event_name": event, "stop_hook_active": False}).encode()
def run(event):
    t = time.perf_counter()
    subprocess.run(["sh", "-c", hook], input=payload(event), check=True)
    return (time.perf_counter() - t) * 1000
def summary(ms):
    ms = sorted(ms)
    return f"median {statistics.median(ms):.1f} ms, p99 {ms[int(len(ms) * 0.99) - 1]:.1f} ms, max {ms[-1]:.1f} ms"
for _ in range(20): run("Stop")  # warm the daemon's route and the page cache
up = [run("Stop" if i % 2 == 0 else "UserPromptSubmit") for i in range(n)]
# the last call set a wait or cleared it: the daemon really applied them
os.kill(server, signal.SIGTERM)
for _ in range(200):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=0.2); time.sleep(0.1)
    except Exception:
        break
down = [run("Stop") for _ in range(n)]
print(f"hook command, {n} runs each (sh -c + curl, JSON on stdin)")
print(f"daemon up:   {summary(up)}   (target: median <= 50, p99 <= 100)")
print(f"daemon down: {summary(down)}   (target: <= 100)")
PY
