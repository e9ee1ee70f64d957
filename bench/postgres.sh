#!/usr/bin/env bash
# The team server's figures (issue 11) on a PostgreSQL of its own: a throwaway cluster in a temp dir
# on this machine (started as bin/test does, stopped and removed at the end), nodes started by bin/tj
# with TJ_STORAGE_URL. Each figure is the median of RUNS runs.
#   one node     sustained ingest, the realistic shape of bench/ingest.sh (IngestLoad: 1,000 sessions
#                at once, requests of 5-50 records, 16 connections); the clock stops when the last
#                answered record is in PostgreSQL. CPU seconds of the node, of PostgreSQL (postmaster
#                and its backends) and of the load generator over the run.
#   p99 ack      open loop at 5,000 records/s on the one-node run's daemon once it has drained (2 s
#                not counted), as bench/ingest.sh measures it on DuckDB
#   two nodes    two daemons on one database, a load generator each, run at once; records/s added
#                up; what PostgreSQL's active backends waited on (sampled every 0.2 s); and exact
#                totals: the sessions' span counts add up to the spans stored, one per span id
#   reads        /api/v1/status and session drill-in p95 over SEED_SPANS spans / SEED_SESSIONS
#                sessions seeded through the storage SPI (tj-bench StatusSeed), as bench/ingest.sh
# Usage: bench/postgres.sh [RUNS]
#   env: INGEST (1; 0 skips the ingest runs), MAX_SECONDS (60, as bench/ingest.sh), SECONDS_PER_RUN (20, the fixed-rate run), READS (1; 0 skips the seed and
#        reads), SEED_SPANS (5000000), SEED_SESSIONS (20000), PG_CONF (settings for the cluster),
#        BUILD (1; 0 uses the jars as built)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-3}"
DUR="${SECONDS_PER_RUN:-20}"
MAX_DUR="${MAX_SECONDS:-60}"
PG_CONF="${PG_CONF:-}"   # empty: bench/lib.sh's settings for a write-heavy team database
OUT="$ROOT/bench/out/postgres"; mkdir -p "$OUT"
cd "$ROOT"
. "$ROOT/bench/lib.sh"
build_jars

pg_start "$PG_CONF"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do stop_pid "$p"; done
  pg_stop
}
trap cleanup EXIT
pg_pids() { echo "$POSTMASTER"; pgrep -P "$POSTMASTER" || true; }
load() { # $1 port, $2 tag, rest: IngestLoad options
  local port="$1" tag="$2"; shift 2
  java -Xmx4g -cp "$BENCH" dev.tj.bench.ingest.IngestLoad --url "http://127.0.0.1:$port" --secret bench-secret --tag "$tag" "$@"
}
rate_of() { python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
# exact totals: every stored span counted once in its session
totals_ok() {
  psql_q -d "$1" -c "SELECT (SELECT count(*) FROM spans) = (SELECT COALESCE(sum(span_count), 0) FROM sessions)
      AND (SELECT count(*) FROM spans WHERE session_id IS NOT NULL) = (SELECT count(*) FROM spans)"
}

: > "$OUT/one.txt"; : > "$OUT/cpu.txt"; : > "$OUT/p99.txt"; : > "$OUT/two.txt"; : > "$OUT/waits.txt"
[ "${INGEST:-1}" = 1 ] || RUNS=0
for run in $(seq 1 "$RUNS"); do
  # one node, sustained
  url=$(new_db "one$run"); home=$(mktemp -d /tmp/tj-bench.XXXXXX)
  TJ_STORAGE_URL="$url" start_daemon "$home"; PIDS=("$DAEMON_PID")
  read -r -a pgp <<< "$(pg_pids | tr '\n' ' ')"
  n0=$(cpu_s "$DAEMON_PID"); g0=$(cpu_s "${pgp[@]}")
  load "$PORT" "one$run" --seconds "$MAX_DUR" --concurrency 16 --shape realistic > "$OUT/one-$run.json" &
  lp=$!; sleep 5; l0=$(cpu_s "$lp"); wait "$lp"
  read -r -a pgp <<< "$(pg_pids | tr '\n' ' ')"
  node_cpu=$(python3 -c "print(f'{$(cpu_s "$DAEMON_PID") - $n0:.1f}')"); pg_cpu=$(python3 -c "print(f'{$(cpu_s "${pgp[@]}") - $g0:.1f}')")
  cat "$OUT/one-$run.json" >&2
  rate_of "$OUT/one-$run.json" records_per_s >> "$OUT/one.txt"
  secs=$(rate_of "$OUT/one-$run.json" seconds)
  echo "$node_cpu $pg_cpu $secs" >> "$OUT/cpu.txt"
  echo "run $run one node: CPU s node $node_cpu, PostgreSQL $pg_cpu over $secs s; totals exact: $(totals_ok "one$run")" >&2

  # p99 ack at 5,000 records/s on the same daemon, as bench/ingest.sh does on DuckDB
  load "$PORT" "rate$run" --seconds "$DUR" --rate 5000 > "$OUT/rate-$run.json"
  cat "$OUT/rate-$run.json" >&2
  rate_of "$OUT/rate-$run.json" p99_ms >> "$OUT/p99.txt"
  stop_daemon; PIDS=(); rm -rf "$home"

  # two nodes on one database, a generator each, at once
  url=$(new_db "two$run"); ha=$(mktemp -d /tmp/tj-bench.XXXXXX); hb=$(mktemp -d /tmp/tj-bench.XXXXXX)
  TJ_STORAGE_URL="$url" start_daemon "$ha"; pa=$DAEMON_PID; porta=$PORT
  TJ_STORAGE_URL="$url" start_daemon "$hb"; pb=$DAEMON_PID; portb=$PORT; PIDS=("$pa" "$pb")
  load "$porta" "two$run-a" --seconds "$MAX_DUR" --concurrency 16 --shape realistic > "$OUT/two-$run-a.json" &
  la=$!
  load "$portb" "two$run-b" --seconds "$MAX_DUR" --concurrency 16 --shape realistic > "$OUT/two-$run-b.json" &
  lb=$!
  while kill -0 "$la" 2>/dev/null || kill -0 "$lb" 2>/dev/null; do
    psql_q -d "two$run" -c "SELECT COALESCE(wait_event_type, 'CPU') || ':' || COALESCE(wait_event, '-') FROM pg_stat_activity
        WHERE state = 'active' AND datname = 'two$run' AND pid <> pg_backend_pid()" >> "$OUT/waits.txt" || true
    sleep 0.2
  done
  wait "$la"; wait "$lb"
  python3 -c 'import json,sys;print(sum(json.load(open(f))["records_ok"] for f in sys.argv[1:])/max(json.load(open(f))["seconds"] for f in sys.argv[1:]))' \
    "$OUT/two-$run-a.json" "$OUT/two-$run-b.json" >> "$OUT/two.txt"
  echo "run $run two nodes: $(tail -1 "$OUT/two.txt") records/s; totals exact: $(totals_ok "two$run")" >&2
  stop_pid "$pa"; stop_pid "$pb"; PIDS=(); rm -rf "$ha" "$hb"
done

col_median() { awk -v c="$1" '{print $c}' "$2" | median; }
if [ "$RUNS" -gt 0 ]; then
one=$(median < "$OUT/one.txt"); two=$(median < "$OUT/two.txt")
echo "PostgreSQL ingest (medians of $RUNS; targets: one node >= 20000 rec/s, p99 <= 25 ms, two nodes >= 1.3x one)"
echo "one node, realistic:      $one records/s  (CPU s over the run: node $(col_median 1 "$OUT/cpu.txt"), PostgreSQL $(col_median 2 "$OUT/cpu.txt"), run $(col_median 3 "$OUT/cpu.txt") s)"
echo "p99 ack at 5,000 rec/s:   $(median < "$OUT/p99.txt") ms"
echo "two nodes, realistic:     $two records/s  ($(python3 -c "print(f'{$two / $one:.2f}')")x one node)"
echo "what active PostgreSQL backends did during the two-node runs (share of samples):"
sort "$OUT/waits.txt" | uniq -c | sort -rn | head -8 | awk -v n="$(wc -l < "$OUT/waits.txt")" '{printf "  %5.1f%%  %s\n", 100*$1/n, $2}'
fi
[ "${READS:-1}" = 0 ] && exit 0

url=$(new_db seeded)
java -Xmx8g -cp "$BENCH" dev.tj.bench.status.StatusSeed "$url" "${SEED_SESSIONS:-20000}" "${SEED_SPANS:-5000000}" 2> "$OUT/seed.err" | tail -1 >&2
psql_q -d seeded -c "VACUUM ANALYZE"
home=$(mktemp -d /tmp/tj-bench.XXXXXX)
TJ_STORAGE_URL="$url" start_daemon "$home"; PIDS=("$DAEMON_PID")
read_p95s "${SEED_SESSIONS:-20000}" "$OUT"
stop_daemon; PIDS=(); rm -rf "$home"
echo "/api/v1/status p95 (ms, 200 requests):          $STATUS_P95   target <= 100"
echo "/api/v1/sessions/{id} p95 (ms, 200 sessions):    $SESSION_P95   target <= 150"
