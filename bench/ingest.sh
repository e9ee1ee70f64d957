#!/usr/bin/env bash
# Spine benchmarks (issues 2 and 8). Each figure is the median of RUNS runs on this machine.
#   sustained ingest   separate load-generator process, OTLP/HTTP protobuf, durable acks; the clock stops
#                      only when the last answered record is also applied to DuckDB. Two shapes, each on a
#                      fresh daemon started by bin/tj (its default, bounded heap; TJ_JAVA_OPTS applies):
#                        realistic  1,000 concurrent sessions, each sending requests of 5-50 records over time
#                        worst      every 100-record request a new session
#   daemon RSS         VmRSS from /proc/<pid>/status: idle (after start-up and one status call), peak
#                      while the load runs (sampled every 0.5 s, and VmHWM), and AFTER_SECONDS after it
#   p99 ack latency    open loop at 5,000 records/s, after 2 s at that rate that are not counted (the
#                      generator's connections and JIT warming up), on the daemon of the worst-case run;
#                      each request's records start when it is due, as live agents' events do
#   status p95         GET /api/v1/status with 20,000 sessions / 5M spans seeded through the SPI
#   session p95        GET /api/v1/sessions/{id} (the drill-in rollup) over the same seed, 200 sessions
#   tj status wall     the CLI against a running daemon
# Usage: bench/ingest.sh [RUNS]
#   env: MAX_SECONDS (60), AFTER_SECONDS (30), SECONDS_PER_RUN (20, the fixed-rate run), SHAPES
#        ("realistic worst"), STATUS (1; 0 skips the status and CLI part), SEED_SPANS, SEED_SESSIONS
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-3}"
DUR="${SECONDS_PER_RUN:-20}"        # the fixed-rate run
MAX_DUR="${MAX_SECONDS:-60}"        # the max-throughput run: long enough that start-up JIT work is a small part
AFTER="${AFTER_SECONDS:-30}"
SHAPES="${SHAPES:-realistic worst}"
OUT="$ROOT/bench/out"; mkdir -p "$OUT"
cd "$ROOT"
. "$ROOT/bench/lib.sh"
build_jars
trap 'stop_daemon' EXIT

: > "$OUT/p99.txt"
for shape in $SHAPES; do : > "$OUT/$shape-throughput.txt"; : > "$OUT/$shape-rss.txt"; done
for run in $(seq 1 "$RUNS"); do
  for shape in $SHAPES; do
    home=$(mktemp -d /tmp/tj-bench.XXXXXX)
    start_daemon "$home"
    curl -fs "http://127.0.0.1:$PORT/api/v1/status" >/dev/null
    sleep 2
    idle=$(rss_mb "$DAEMON_PID" VmRSS)
    java -Xmx4g -cp "$BENCH" dev.tj.bench.ingest.IngestLoad --url "http://127.0.0.1:$PORT" --secret "$SECRET" \
      --seconds "$MAX_DUR" --concurrency 16 --shape "$shape" --tag "$shape$run" > "$OUT/$shape-$run.json" &
    load=$!
    peak=$idle
    while kill -0 "$load" 2>/dev/null; do
      now=$(rss_mb "$DAEMON_PID" VmRSS); [ "$now" -gt "$peak" ] && peak=$now
      sleep 0.5
    done
    wait "$load"
    cat "$OUT/$shape-$run.json" >&2
    hwm=$(rss_mb "$DAEMON_PID" VmHWM)
    sleep "$AFTER"
    after=$(rss_mb "$DAEMON_PID" VmRSS)
    python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["records_per_s"])' "$OUT/$shape-$run.json" >> "$OUT/$shape-throughput.txt"
    echo "$idle $peak $hwm $after" >> "$OUT/$shape-rss.txt"
    echo "run $run $shape: RSS MB idle $idle, peak $peak (VmHWM $hwm), ${AFTER}s after $after" >&2
    if [ "$shape" = worst ]; then
      java -Xmx2g -cp "$BENCH" dev.tj.bench.ingest.IngestLoad --url "http://127.0.0.1:$PORT" --secret "$SECRET" \
        --seconds "$DUR" --rate 5000 --tag "rate$run" | tee "$OUT/rate-$run.json" >&2
      python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["p99_ms"])' "$OUT/rate-$run.json" >> "$OUT/p99.txt"
    fi
    stop_daemon; rm -rf "$home"
  done
done

col_median() { awk -v c="$1" '{print $c}' "$2" | median; }   # median of column $1 of file $2
echo "sustained ingest, records/s and daemon RSS in MB (medians of $RUNS; targets: >= 40000 rec/s, idle <= 250, peak and after <= 600)"
printf '%-10s %10s %8s %8s %8s %8s\n' shape "rec/s" idle peak VmHWM after
for shape in $SHAPES; do
  printf '%-10s %10s %8s %8s %8s %8s\n' "$shape" "$(median < "$OUT/$shape-throughput.txt")" \
    "$(col_median 1 "$OUT/$shape-rss.txt")" "$(col_median 2 "$OUT/$shape-rss.txt")" "$(col_median 3 "$OUT/$shape-rss.txt")" \
    "$(col_median 4 "$OUT/$shape-rss.txt")"
done
[ -s "$OUT/p99.txt" ] && [ "${STATUS:-1}" = 0 ] && exit 0

# /api/v1/status with a large history
SEEDED="/tmp/tj-bench-status-2"   # -2: seeds with subagents and runs since the drill-in benchmark
if [ ! -f "$SEEDED/telemetry.duckdb" ]; then
  mkdir -p "$SEEDED"
  java -Xmx8g -cp "$BENCH" dev.tj.bench.status.StatusSeed "$SEEDED/telemetry.duckdb" "${SEED_SESSIONS:-20000}" "${SEED_SPANS:-5000000}" >&2
fi
start_daemon "$SEEDED"
read_p95s "${SEED_SESSIONS:-20000}" "$OUT"
: > "$OUT/cli.txt"
TJ_HOME="$SEEDED" TJ_CONFIG="$SEEDED/config.toml" "$ROOT/bin/tj" status >/dev/null 2>&1 || true  # makes the class-data archive
for _ in $(seq 1 10); do
  s=$(date +%s.%N); TJ_HOME="$SEEDED" TJ_CONFIG="$SEEDED/config.toml" "$ROOT/bin/tj" status >/dev/null 2>&1 || true; e=$(date +%s.%N)
  python3 -c "print(($e-$s))" >> "$OUT/cli.txt"
done
stop_daemon

echo "/api/v1/status p95 (ms, 200 requests):          $STATUS_P95   target <= 50"
echo "/api/v1/sessions/{id} p95 (ms, 200 sessions):    $SESSION_P95   target <= 100"
echo "tj status wall (s, median of 10):               $(median < "$OUT/cli.txt")   target <= 0.5"
