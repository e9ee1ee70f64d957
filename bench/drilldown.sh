#!/usr/bin/env bash
# Drill-in benchmark: /story and /sessionmap of one big session (issue 9: <= 0.5 s on first request,
# <= 50 ms while the files are unchanged; medians).
#
#   bench/drilldown.sh [SIZE_MIB=50] [SUBAGENTS=40] [RUNS=7]
#
# Generates one Claude Code session of about SIZE_MIB MiB with SUBAGENTS subagents (half of them one
# level below the others) with the project's generator (dev.tj.testkit.DrilldownCorpus) into
# $TJ_BENCH_DIR (default /tmp/tj-drilldown-bench; never committed), backfills it into a fresh TJ_HOME,
# starts the real daemon (shaded jar) on private ports, then RUNS times: touches the transcript (a new
# mtime: the cached story no longer applies) and times the first request, then the same request with
# nothing changed; for /story?subagents=true and for /sessionmap. Prints the medians.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE="${1:-50}"; SUBS="${2:-40}"; RUNS="${3:-7}"
BENCH="${TJ_BENCH_DIR:-/tmp/tj-drilldown-bench}"
CORPUS="$BENCH/corpus-$SIZE-$SUBS"
OUT="$ROOT/bench/out"; mkdir -p "$OUT" "$BENCH"
PORT=59181

KIT="$(ls "$ROOT"/tj-testkit/target/tj-testkit-*.jar 2>/dev/null | grep -v -e sources -e tests | head -1 || true)"
[ -n "$KIT" ] || { (cd "$ROOT" && mvn -q -B -o -DskipTests install -pl tj-testkit >&2); KIT="$(ls "$ROOT"/tj-testkit/target/tj-testkit-*.jar | grep -v -e sources -e tests | head -1)"; }
[ -f "$ROOT/tj-cli/target/tj.jar" ] || (cd "$ROOT" && mvn -q -B -o -DskipTests install -pl tj-cli -am >&2)
cp "$ROOT"/tj-cli/target/tj.jar "$ROOT"/tj-cli/target/libduckdb_java.so_* "$BENCH/"   # a private copy: others may rebuild target/ mid-run

if [ ! -f "$CORPUS/session-id" ]; then
  rm -rf "$CORPUS"; mkdir -p "$CORPUS"
  echo "generating one session of ~$SIZE MiB with $SUBS subagents into $CORPUS …" >&2
  java -cp "$KIT" dev.tj.testkit.DrilldownCorpus --out "$CORPUS/projects" --size-mib "$SIZE" --subagents "$SUBS" > "$CORPUS/session-id"
fi
SID="$(cat "$CORPUS/session-id")"
MAIN="$(find "$CORPUS/projects" -maxdepth 2 -name "$SID.jsonl")"
BYTES=$(du -sb "$CORPUS/projects" | cut -f1)
NSUB=$(find "$CORPUS/projects" -name 'agent-*.jsonl' | wc -l)

CFG="$BENCH/isolated.toml"
printf '[api]\nport = %d\ngrpc_port = %d\n[sessions]\nclaude_projects_root = "%s"\ncodex_sessions_root = "%s"\n' \
  "$PORT" "$((PORT + 1))" "$CORPUS/projects" "$BENCH/no-codex" > "$CFG"
export TJ_CONFIG="$CFG" TJ_HOME="$BENCH/home"
rm -rf "$TJ_HOME"; mkdir -p "$TJ_HOME"
TJ=(java -Xss2m ${TJ_JAVA_OPTS:-} -jar "$BENCH/tj.jar")
"${TJ[@]}" backfill claude-code --root "$CORPUS/projects" --quiet --json > "$BENCH/backfill.out"

"${TJ[@]}" serve > "$BENCH/serve.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$PORT/health" >/dev/null || { cat "$BENCH/serve.log" >&2; exit 1; }

req() { # path -> seconds (fails on a non-200)
  curl -s -o "$BENCH/last.json" -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$PORT$1" \
    | awk '{ if ($1 != 200) { print "HTTP " $1 > "/dev/stderr"; exit 1 } print $2 }'
}
RES="$BENCH/results.txt"; : > "$RES"
for i in $(seq 1 "$RUNS"); do
  for view in "story?subagents=true" "sessionmap"; do
    touch "$MAIN"
    echo "${view%%\?*}-first $(req "/api/v1/sessions/$SID/$view")" >> "$RES"
    echo "${view%%\?*}-unchanged $(req "/api/v1/sessions/$SID/$view")" >> "$RES"
  done
done
req "/api/v1/sessions/$SID/story?subagents=true" > /dev/null

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
python3 - "$RES" "$BENCH/last.json" "$BYTES" "$NSUB" "$RUNS" <<'PY' | tee "$OUT/drilldown-$STAMP.txt"
import json, statistics, sys
res, last, nbytes, nsub, runs = sys.argv[1:6]
rows = [l.split() for l in open(res) if l.strip()]
def med(k): return statistics.median(float(r[1]) for r in rows if r[0] == k)
s = json.load(open(last))
print(f"one session: {int(nbytes)/1e6:.1f} MB on disk, {nsub} subagent files; story: {s['step_count']} main steps, "
      f"caps {s['caps']}; medians of {runs} runs")
for view in ("story", "sessionmap"):
    f, u = med(f"{view}-first"), med(f"{view}-unchanged")
    print(f"/{view:11} first {f*1000:8.1f} ms ({'met' if f <= 0.5 else 'MISSED'} <= 500 ms)   "
          f"unchanged {u*1000:7.1f} ms ({'met' if u <= 0.05 else 'MISSED'} <= 50 ms)")
print("per request:", "; ".join(" ".join(r) for r in rows))
PY
