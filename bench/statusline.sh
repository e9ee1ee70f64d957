#!/usr/bin/env bash
# tj statusline as Claude Code runs it: `sh -c '<bin/tj> statusline'` with a Max user's payload on
# stdin (about 1.6 KB: rate_limits with the weekly per-model windows, prompt_cache, context_window),
# timed from process start to exit, N runs each with the daemon up (a real `bin/tj serve` on random
# ports in a temp TJ_HOME, over DuckDB) and with it down (the awk fallback). Prints median and p99 in
# ms. With the daemon up the awk is `false`: a run counts only if the daemon's line came back.
# N=300 by default; BUILD=0 takes the jar as it is.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/bench/lib.sh"
N="${N:-300}"
build_jars
WORK="$(mktemp -d)"; trap 'stop_daemon; rm -rf "$WORK"' EXIT
now=$(date +%s)
cat > "$WORK/payload.json" <<JSON
{"session_id":"5f0c9a8e-1d2b-4c3a-9e8f-7a6b5c4d3e2f","transcript_path":"/home/u/.claude/projects/-work-x/5f0c9a8e.jsonl","cwd":"/work/x","prompt_id":"p-0042","model":{"id":"claude-opus-4-1-20250805","display_name":"Opus 4.1"},"workspace":{"current_dir":"/work/x","project_dir":"/work/x","added_dirs":[]},"version":"2.1.328","output_style":{"name":"default"},"cost":{"total_cost_usd":3.2049,"total_duration_ms":812345,"total_api_duration_ms":301234,"total_lines_added":120,"total_lines_removed":14},"context_window":{"total_input_tokens":84211,"total_output_tokens":9120,"context_window_size":200000,"current_usage":{"input_tokens":12,"output_tokens":410,"cache_creation_input_tokens":2048,"cache_read_input_tokens":81000},"used_percentage":41.6,"remaining_percentage":58.4},"exceeds_200k_tokens":false,"prompt_cache":{"warm":true,"ttl":300,"expires_at":$((now + 300)),"requests":31,"misses":2,"hit_ratio":0.94,"cache_write_tokens":2048,"miss_recache_tokens":0,"last_miss_cause":"ttl"},"fast_mode":false,"thinking":{"enabled":true},"rate_limits":{"five_hour":{"used_percentage":80,"resets_at":$((now + 10800))},"seven_day":{"used_percentage":13.6,"resets_at":$((now + 352800))},"seven_day_opus":{"used_percentage":20,"resets_at":$((now + 86400))},"seven_day_sonnet":{"used_percentage":5,"resets_at":$((now + 86400))}}}
JSON

# $1 label, then env assignments for the runs
measure() {
  local label="$1"; shift
  env "$@" python3 - "$ROOT/bin/tj" "$WORK/payload.json" "$N" "$label" <<'PY'
import subprocess, sys, time, statistics
tj, payload, n, label = sys.argv[1], open(sys.argv[2], 'rb').read(), int(sys.argv[3]), sys.argv[4]
cmd = ["sh", "-c", f"'{tj}' statusline"]
for _ in range(50): subprocess.run(cmd, input=payload, capture_output=True)  # page cache; a daemon runs for days: its JIT is warm
ms, bad, line = [], 0, ""
for _ in range(n):
    t = time.perf_counter()
    r = subprocess.run(cmd, input=payload, capture_output=True)
    ms.append((time.perf_counter() - t) * 1000)
    if r.returncode != 0 or r.stderr or not r.stdout.strip(): bad += 1
    line = r.stdout.decode().strip()
ms.sort()
print(f"{label}: median {statistics.median(ms):.1f} ms, p99 {ms[int(0.99 * len(ms)) - 1]:.1f} ms, max {ms[-1]:.1f} ms"
      f" ({n} runs, {bad} without a line)\n  {line}")
PY
}

# what any process costs on this machine right now (it is shared and noisy): the floor under both
python3 - "$N" <<'PY'
import subprocess, sys, time, statistics
ms = []
for _ in range(int(sys.argv[1])):
    t = time.perf_counter(); subprocess.run(["sh", "-c", "true"], capture_output=True); ms.append((time.perf_counter() - t) * 1000)
ms.sort()
print(f"baseline sh -c true: median {statistics.median(ms):.1f} ms, p99 {ms[int(0.99 * len(ms)) - 1]:.1f} ms")
PY

start_daemon "$WORK/home"
# the secret of the bench's config file goes with the command, as tj onboard writes it
measure "daemon up  " TJ_HOME="$WORK/home" TJ_INGEST_SECRET="$SECRET" TJ_AWK=false TJ_STATUSLINE_TIMEOUT=1
kept=$(curl -fs -H "Authorization: Bearer $SECRET" "http://127.0.0.1:$PORT/api/v1/quota" | head -c 300 || true)
stop_daemon; DAEMON_PID=""
measure "daemon down" TJ_HOME="$WORK/home"
echo "GET /api/v1/quota after the runs (first 300 bytes): ${kept:-unavailable}"
