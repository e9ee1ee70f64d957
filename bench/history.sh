#!/usr/bin/env bash
# History benchmark: tj quickstart / tj backfill claude-code vs ccusage 20 on a generated corpus.
#
#   bench/history.sh [SIZE_MIB=1800] [SEED=1] [RUNS=5]   (1800 MiB: the size of the corpus of the recorded results)
#   env BLOCKS=1 adds ccusage blocks --json --offline vs tj blocks --json (issue 12; 1100 MiB is its corpus)
#   env ONLY_BLOCKS=1 measures only those two
#
# Generates the corpus with the project's generator (dev.tj.testkit.ClaudeCodeCorpus, run from the
# tj-testkit jar) into $TJ_BENCH_DIR (default /tmp/tj-history-bench; never committed), installs ccusage@20.0.24 from npm into .bench-cache/,
# copies the current tj jar aside (bin/tj rebuilds when anyone edits sources) and runs it with bin/tj's
# JVM flags for each command and its own CDS archive (TJ_BIN=bin/tj to use the script instead), then interleaves, RUNS
# times: ccusage daily --json --offline; tj quickstart --json; tj backfill
# claude-code into a fresh DuckDB file; the same backfill again with nothing changed. Prints medians
# of wall time and peak RSS, ratios to ccusage, and the token totals of ccusage, tj quickstart,
# tj cost --json (after the backfill) and expected.json, with their differences (must be zero).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE="${1:-1800}"; SEED="${2:-1}"; RUNS="${3:-5}"
BENCH="${TJ_BENCH_DIR:-/tmp/tj-history-bench}"
CORPUS="$BENCH/cc-corpus-$SIZE-$SEED"
OUT="$ROOT/bench/out"; mkdir -p "$OUT" "$BENCH"
TJ_BIN="${TJ_BIN:-}"
CCU="$ROOT/.bench-cache/ccusage/node_modules/.bin/ccusage"

if [ ! -f "$CORPUS/expected.json" ]; then
  echo "generating corpus ($SIZE MiB, seed $SEED) into $CORPUS …" >&2
  rm -rf "$CORPUS"
  KIT="$(ls "$ROOT"/tj-testkit/target/tj-testkit-*.jar 2>/dev/null | grep -v -e sources -e tests | head -1 || true)"
  if [ -z "$KIT" ]; then
    (cd "$ROOT" && mvn -q -B -DskipTests install -pl tj-testkit >&2)
    KIT="$(ls "$ROOT"/tj-testkit/target/tj-testkit-*.jar | grep -v -e sources -e tests | head -1)"
  fi
  java -cp "$KIT" dev.tj.testkit.ClaudeCodeCorpus --out "$CORPUS/projects" --size-mib "$SIZE" --seed "$SEED" >&2
fi
if [ ! -x "$CCU" ]; then
  echo "installing ccusage@20.0.24 into .bench-cache/ …" >&2
  npm install --silent --prefix "$ROOT/.bench-cache/ccusage" ccusage@20.0.24 >&2
fi
BYTES=$(du -sb "$CORPUS/projects" | cut -f1)

# never talk to a daemon the developer runs: an isolated config on an unused port
CFG="$BENCH/isolated.toml"; printf '[api]\nport = 59173\n' > "$CFG"
export TJ_CONFIG="$CFG"
# A private copy of the jar (others may rebuild target/tj.jar mid-run), run with bin/tj's JVM flags
# and its own class-data archive, made by bin/tj-archive as bin/tj makes it. TJ_BIN=path/to/tj overrides this.
if [ -z "$TJ_BIN" ]; then
  [ -f "$ROOT/tj-cli/target/tj.jar" ] || (cd "$ROOT" && mvn -q -B -DskipTests install -pl tj-cli -am >&2)
  cp "$ROOT"/tj-cli/target/tj.jar "$ROOT"/tj-cli/target/libduckdb_java.so_* "$BENCH/"
  rm -f "$BENCH/tj.jsa"
  NOVERIFY=(-XX:+UnlockDiagnosticVMOptions -XX:-BytecodeVerificationRemote)   # as bin/tj
  THP=(); thp=$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || true)   # as bin/tj
  [[ "$thp" == *"[always]"* || "$thp" == *"[madvise]"* ]] && THP=(-XX:+UseTransparentHugePages)
  JVM=(java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss2m "${NOVERIFY[@]}" ${TJ_JAVA_OPTS:-})
  "$ROOT/bin/tj-archive" "$BENCH/tj.jar" "$BENCH/tj.jsa"   # as bin/tj makes it
  TJ=("${JVM[@]}" -XX:SharedArchiveFile="$BENCH/tj.jsa" -Xshare:auto -XX:ArchiveRelocationMode=0 -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$BENCH/tj.jar")
  # quickstart's and blocks' own flags in bin/tj (C2 with less inlining)
  TJQ=(java "${THP[@]}" -XX:+UseSerialGC -Xmn48m -XX:FreqInlineSize=100 -XX:InlineSmallCode=1000
       -XX:Tier4InvocationThreshold=20000 -XX:Tier4CompileThreshold=40000 -XX:Tier4BackEdgeThreshold=160000 -Xss2m "${NOVERIFY[@]}" ${TJ_JAVA_OPTS:-}
       -XX:SharedArchiveFile="$BENCH/tj.jsa" -Xshare:auto -XX:ArchiveRelocationMode=0 -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$BENCH/tj.jar")
  # backfill's own flags in bin/tj (C1 only, parallel GC, big young generation)
  TJB=(java "${THP[@]}" -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -Xms1g -Xmn600m -XX:MaxTenuringThreshold=1 -Xss2m
       "${NOVERIFY[@]}" ${TJ_JAVA_OPTS:-} -XX:SharedArchiveFile="$BENCH/tj.jsa" -Xshare:auto -XX:ArchiveRelocationMode=0 -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$BENCH/tj.jar")
else
  TJ=("$TJ_BIN")
  TJB=("$TJ_BIN")
  TJQ=("$TJ_BIN")
fi
"${TJ[@]}" quickstart --root "$CORPUS/projects" --since all --json >/dev/null   # warm the page cache

measure() { # label, command...: appends "label wall_s rss_kb" to $RES
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$BENCH/time.txt" "$@" > "$BENCH/$label.out" 2> "$BENCH/$label.err" || { cat "$BENCH/$label.err" >&2; exit 1; }
  echo "$label $(cat "$BENCH/time.txt")" >> "$RES"
}

RES="$BENCH/results.txt"; : > "$RES"
for i in $(seq 1 "$RUNS"); do
  echo "run $i/$RUNS …" >&2
  if [ -z "${ONLY_BLOCKS:-}" ]; then
    measure ccusage env CLAUDE_CONFIG_DIR="$CORPUS" "$CCU" daily --json --offline
    measure quickstart "${TJQ[@]}" quickstart --root "$CORPUS/projects" --since all --json
    rm -rf "$BENCH/home"; mkdir -p "$BENCH/home"
    measure backfill env TJ_HOME="$BENCH/home" "${TJB[@]}" backfill claude-code --root "$CORPUS/projects" --json
    measure rebackfill env TJ_HOME="$BENCH/home" "${TJB[@]}" backfill claude-code --root "$CORPUS/projects" --json
  fi
  if [ -n "${BLOCKS:-}${ONLY_BLOCKS:-}" ]; then
    measure ccblocks env CLAUDE_CONFIG_DIR="$CORPUS" "$CCU" blocks --json --offline
    measure tjblocks "${TJQ[@]}" blocks --root "$CORPUS/projects" --json
  fi
done
if [ -n "${BLOCKS:-}${ONLY_BLOCKS:-}" ]; then
  python3 - "$RES" "$BENCH" "$CORPUS/expected.json" "$BYTES" "$RUNS" <<'PY' | tee "$OUT/blocks-$(date -u +%Y%m%dT%H%M%SZ).txt"
import json, statistics, sys
res, bench, expected, nbytes, runs = sys.argv[1:6]
rows = [l.split() for l in open(res) if l.strip()]
def med(label, col): return statistics.median(float(r[col]) for r in rows if r[0] == label)
def load(path):
    t = open(path).read()
    return json.loads(t[t.index("{"):])
print(f"corpus {int(nbytes)/1e9:.2f} GB; medians of {runs} interleaved runs")
cc, tj = med("ccblocks", 1), med("tjblocks", 1)
print(f"ccusage blocks --json --offline {cc:.2f} s, peak RSS {med('ccblocks', 2)/1024:.0f} MB")
print(f"tj blocks --json                {tj:.2f} s, peak RSS {med('tjblocks', 2)/1024:.0f} MB = {tj/cc:.2f}x ccusage (target <= 1.0x: {'met' if tj <= cc else 'MISSED'})")
print("per run:", "; ".join(" ".join(r) for r in rows if r[0] in ('ccblocks', 'tjblocks')))
e = json.load(open(expected))["total"]
exp = [e["input_tokens"], e["output_tokens"], e["cache_read_input_tokens"], e["cache_creation_input_tokens"]]
ccb = load(f"{bench}/ccblocks.out")["blocks"]
ccv = [sum(b["tokenCounts"][k] for b in ccb if not b.get("isGap")) for k in ("inputTokens", "outputTokens", "cacheReadInputTokens", "cacheCreationInputTokens")]
tjb = load(f"{bench}/tjblocks.out")["blocks"]
tjv = [sum(b[k] for b in tjb if not b["is_gap"]) for k in ("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens")]
print("token totals (input, output, cache read, cache write):")
for n, v in (("expected.json", exp), ("ccusage blocks", ccv), ("tj blocks", tjv)):
    print(f"  {n:16}", v, "diff vs expected", [a - b for a, b in zip(v, exp)])
print(f"blocks: ccusage {sum(1 for b in ccb if not b.get('isGap'))} (+{sum(1 for b in ccb if b.get('isGap'))} gaps), tj {sum(1 for b in tjb if not b['is_gap'])} (+{sum(1 for b in tjb if b['is_gap'])} gaps)")
ccs = {b["startTime"][:16] for b in ccb if not b.get("isGap")}; tjs = {b["start_time"][:16] for b in tjb if not b["is_gap"]}
print(f"block starts: same {len(ccs & tjs)}, only ccusage {len(ccs - tjs)}, only tj {len(tjs - ccs)}")
PY
  [ -n "${ONLY_BLOCKS:-}" ] && exit 0
fi
TJ_HOME="$BENCH/home" "${TJ[@]}" cost --since all --json > "$BENCH/cost.out"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
python3 - "$RES" "$BENCH" "$CORPUS/expected.json" "$BYTES" "$SIZE" "$SEED" "$RUNS" <<'PY' | tee "$OUT/history-$STAMP.txt"
import json, statistics, sys
res, bench, expected, nbytes, size, seed, runs = sys.argv[1:8]
rows = [l.split() for l in open(res) if l.strip()]
def med(label, col): return statistics.median(float(r[col]) for r in rows if r[0] == label)
def load(path):
    t = open(path).read()
    return json.loads(t[t.index("{"):])  # tolerate JVM warnings before the JSON
print(f"corpus: generator --size-mib {size} --seed {seed}: {int(nbytes)/1e9:.2f} GB; medians of {runs} interleaved runs")
cc_t, cc_m = med("ccusage", 1), med("ccusage", 2)
print(f"{'':32}{'wall s':>9}{'peak RSS MB':>13}{'x ccusage':>11}")
print(f"{'ccusage daily --json --offline':32}{cc_t:9.2f}{cc_m/1024:13.0f}{'1.00':>11}")
targets = {"quickstart": ("tj quickstart --json", 1.0), "backfill": ("tj backfill (fresh DuckDB)", 1.5), "rebackfill": ("tj backfill, nothing changed", None)}
for k, (name, target) in targets.items():
    t, m = med(k, 1), med(k, 2)
    ratio = t / cc_t
    goal = f"  (target <= {target}x: {'met' if ratio <= target else 'MISSED'})" if target else f"  (target <= 0.5 s: {'met' if t <= 0.5 else 'MISSED'})"
    print(f"{name:32}{t:9.2f}{m/1024:13.0f}{ratio:11.2f}{goal}")
print(f"quickstart peak RSS / ccusage: {med('quickstart', 2) / cc_m:.2f}x (target <= 1.5x)")
print("per run:", "; ".join(" ".join(r) for r in rows))
e = json.load(open(expected))["total"]
exp = [e["input_tokens"], e["output_tokens"], e["cache_read_input_tokens"], e["cache_creation_input_tokens"]]
cc = load(f"{bench}/ccusage.out")["totals"]
ccv = [cc["inputTokens"], cc["outputTokens"], cc["cacheReadTokens"], cc["cacheCreationTokens"]]
qs = load(f"{bench}/quickstart.out")["daily"]["totals"]
qsv = [qs["input_tokens"], qs["output_tokens"], qs["cache_read_tokens"], qs["cache_write_tokens"]]
co = load(f"{bench}/cost.out")["totals"]
cov = [co["input_tokens"], co["output_tokens"], co["cache_read_tokens"], co["cache_write_tokens"]]
print(f"{'token totals':16}{'input':>14}{'output':>14}{'cache read':>16}{'cache write':>14}")
for name, v in (("expected.json", exp), ("ccusage", ccv), ("tj quickstart", qsv), ("tj cost (stored)", cov)):
    print(f"{name:16}" + "".join(f"{x:>14,}" if i != 2 else f"{x:>16,}" for i, x in enumerate(v)))
diff = {n: [a - b for a, b in zip(v, exp)] for n, v in (("ccusage", ccv), ("tj quickstart", qsv), ("tj cost", cov))}
print("diff vs expected.json:", diff, "->", "ZERO" if all(x == 0 for v in diff.values() for x in v) else "NONZERO")
print(f"cost: ccusage ${cc['totalCost']:,.2f}, tj quickstart ${qs['cost_usd']:,.2f}, tj cost ${co['cost_usd']:,.2f}")
PY
