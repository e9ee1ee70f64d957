#!/usr/bin/env bash
# Forwarding benchmark (issue 11): RECORDS records stored by a laptop tj while its team server is
# down (the outbox), then the drain once the team server is up.
#   1. a laptop tj (bin/tj serve, DuckDB) with [upstream] url = a port nothing listens on yet;
#   2. the load generator (tj-bench IngestLoad, realistic shape) sends RECORDS records to the laptop;
#   3. a team tj (bin/tj serve) starts on that port, on PostgreSQL (a throwaway cluster, as
#      bench/postgres.sh starts it) or, with TEAM=duckdb, on its own DuckDB; the clock runs from its
#      /health answering until the laptop reports pending_records 0;
#   4. both stores must then hold the same totals (input/output/cache tokens, sessions): nothing
#      lost, nothing doubled.
# Target: >= 10,000 records/s drained.
#   bench/forward.sh [RECORDS=1000000] [RUNS=1]      env TEAM=postgres|duckdb, BUILD=0 (jars as built)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RECORDS="${1:-1000000}" RUNS="${2:-1}" TEAM="${TEAM:-postgres}"
OUT="$ROOT/bench/out"; mkdir -p "$OUT"
cd "$ROOT"
. "$ROOT/bench/lib.sh"
build_jars
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pg_stop' EXIT
[ "$TEAM" = postgres ] && pg_start

serve() { # $1 home, $2 port, env: TJ_STORAGE_URL; starts bin/tj serve, prints its pid
  TJ_HOME="$1" TJ_CONFIG="$1/config.toml" "$ROOT/bin/tj" serve --port "$2" --grpc-port "$(free_port)" \
    > "$1/serve.out" 2> "$1/serve.err" &
  local pid=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$2/health" >/dev/null 2>&1 && { echo "$pid"; return 0; }; sleep 0.1; done
  echo "tj did not start: $(cat "$1/serve.err")" >&2; exit 1
}
upstream() { curl -fs "http://127.0.0.1:$1/api/v1/upstream"; }
totals() { curl -fs "http://127.0.0.1:$1/api/v1/cost?since=all&group_by=session" | python3 -c '
import json,sys; c=json.load(sys.stdin); t=c["totals"]
print(t["input_tokens"], t["output_tokens"], t["cache_read_tokens"], t["cache_write_tokens"], len(c["rows"]))'; }

for run in $(seq 1 "$RUNS"); do
  laptop=$(mktemp -d /tmp/tj-fwd-laptop.XXXXXX); team=$(mktemp -d /tmp/tj-fwd-team.XXXXXX)
  LP=$(free_port); TP=$(free_port)
  printf '[security]\ningest_secret = "laptop-secret"\n[catchup]\nenabled = false\n[upstream]\nurl = "http://127.0.0.1:%s"\ntoken = "team-secret"\n' "$TP" > "$laptop/config.toml"
  printf '[security]\ningest_secret = "team-secret"\n[catchup]\nenabled = false\n' > "$team/config.toml"
  lpid=$(TJ_STORAGE_URL="" serve "$laptop" "$LP"); PIDS+=("$lpid")
  java -Xmx4g -cp "$BENCH" dev.tj.bench.ingest.IngestLoad --url "http://127.0.0.1:$LP" --secret laptop-secret \
    --shape realistic --bodies $((RECORDS / 100)) --seconds 900 --concurrency 16 --tag "fwd$run" > "$OUT/forward-load-$run.json"
  stored=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["records_ok"])' "$OUT/forward-load-$run.json")
  # every answered record is journaled; wait until the forwarder has counted them
  for _ in $(seq 1 600); do
    p=$(upstream "$LP" | python3 -c 'import json,sys;print(json.load(sys.stdin)["pending_records"])')
    [ "$p" -ge "$stored" ] && break; sleep 0.5
  done
  echo "run $run: $stored records answered by the laptop; outbox holds $p; team server down: $(upstream "$LP" | python3 -c 'import json,sys;u=json.load(sys.stdin);print(u["state"], "-", u["last_error"])')" >&2
  t0=$(date +%s.%N)
  team_url=""; [ "$TEAM" = postgres ] && team_url=$(new_db "team$run")
  tpid=$(TJ_STORAGE_URL="$team_url" serve "$team" "$TP"); PIDS+=("$tpid")
  t1=$(date +%s.%N)
  tfirst=""
  while true; do
    u=$(upstream "$LP"); p=$(echo "$u" | python3 -c 'import json,sys;print(json.load(sys.stdin)["pending_records"])')
    if [ -z "$tfirst" ] && [ "$(echo "$u" | python3 -c 'import json,sys;print(json.load(sys.stdin)["last_success"] is not None)')" = True ]; then
      tfirst=$(date +%s.%N)
    fi
    [ "$p" -eq 0 ] && break; sleep 0.2
  done
  t2=$(date +%s.%N); [ -n "$tfirst" ] || tfirst=$t2
  lt=$(totals "$LP"); tt=$(totals "$TP")
  python3 - "$stored" "$t0" "$t1" "$t2" "$lt" "$tt" "$tfirst" "$TEAM" <<'PY' | tee -a "$OUT/forward.txt"
import sys
n, t0, t1, t2, tf = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[7])
print(f"team server on {sys.argv[8]}: drained {n} records in {t2 - t1:.2f} s after the team server answered ({t1 - t0:.2f} s to start): "
      f"{n / (t2 - t1):,.0f} records/s (target >= 10,000); the first forward landed {tf - t1:.2f} s after it "
      f"answered (the retry backoff), then {n / max(t2 - tf, 1e-3):,.0f} records/s")
print(f"laptop totals in/out/cache read/cache write/sessions: {sys.argv[5]}")
print(f"team   totals in/out/cache read/cache write/sessions: {sys.argv[6]}   "
      f"{'EQUAL' if sys.argv[5] == sys.argv[6] else 'DIFFERENT'}")
PY
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; PIDS=()
  rm -rf "$laptop" "$team"
done
