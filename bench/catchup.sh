#!/usr/bin/env bash
# Catch-up benchmark (issue 10, "nothing lost"): a day of work the daemon missed is on disk when
# `tj serve` starts. Generates the project's generators' 1-day slice (Claude Code: SIZE_MIB over one
# day, into a temporary CLAUDE_CONFIG_DIR; Codex: CODEX_SESSIONS rollouts over the same day, into a
# temporary CODEX_HOME), dates the files an hour back (written during the day, quiet since), starts
# the real jar `tj serve` on random ports with catch-up on (its default) and measures:
#   1. process start -> every generated token stored (polls /api/v1/cost against both expected.json)
#   2. the daemon's idle CPU over IDLE_S seconds with the watcher armed (utime+stime from
#      /proc/<pid>/stat), then the same with [catchup] enabled = false, for comparison.
# Targets: (1) <= 5 s, (2) <= 1% of a core.
#   bench/catchup.sh [SIZE_MIB=30] [SEED=1] [CODEX_SESSIONS=20] [IDLE_S=60]
# (30 MiB is a day of the 1.8 GB / 60-day history corpus bench/history.sh uses.)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE="${1:-30}" SEED="${2:-1}" CODEX_N="${3:-20}" IDLE_S="${4:-60}"
BENCH="${TJ_BENCH_DIR:-/tmp/tj-catchup-bench}"; rm -rf "$BENCH"; mkdir -p "$BENCH"
OUT="$ROOT/bench/out"; mkdir -p "$OUT"
export MAVEN_OPTS="${MAVEN_OPTS:-}"
[ -f "$ROOT/tj-cli/target/tj.jar" ] || (cd "$ROOT" && mvn -q -B -o -DskipTests install -pl tj-cli -am >&2)
KIT=$(ls "$ROOT"/tj-testkit/target/tj-testkit-*.jar 2>/dev/null | grep -v sources | head -1 || true)
[ -n "$KIT" ] || { (cd "$ROOT" && mvn -q -B -o -DskipTests install -pl tj-testkit >&2); KIT=$(ls "$ROOT"/tj-testkit/target/tj-testkit-*.jar | head -1); }
cp "$ROOT/tj-cli/target/tj.jar" "$BENCH/tj.jar"

# Three days back: the generator's sessions of one day run on for up to ~2.5 days, and the daemon
# rejects records stamped more than [security] max_future_skew_hours (24) ahead.
DAY_START=$(date -u -d '3 days ago 00:00' +%Y-%m-%dT%H:%M:%SZ)
export CLAUDE_CONFIG_DIR="$BENCH/claude" CODEX_HOME="$BENCH/codex"
echo "generating the 1-day slice ($DAY_START, ${SIZE} MiB Claude Code, $CODEX_N Codex rollouts)" >&2
java -cp "$KIT" dev.tj.testkit.ClaudeCodeCorpus --out "$CLAUDE_CONFIG_DIR/projects" --size-mib "$SIZE" \
  --seed "$SEED" --start "$DAY_START" --days 1 >&2
java -cp "$KIT" dev.tj.testkit.CodexCorpus --out "$CODEX_HOME" --sessions "$CODEX_N" --seed "$SEED" \
  --start "$DAY_START" --days 1 >&2
# written during the day, quiet since (the catch-up reads at once what has been quiet for settle_seconds)
find "$CLAUDE_CONFIG_DIR" "$CODEX_HOME" -type f -exec touch -d '-1 hour' {} +

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
PORT=$(free_port); GRPC=$(free_port)
export TJ_HOME="$BENCH/tj-home"
# away from the real ~/.claude and ~/.codex (tj takes ~ from $HOME, else the JVM's user.home)
mkdir -p "$BENCH/user-home"; export HOME="$BENCH/user-home"
JVM=(java -XX:+UseG1GC -Xms32m -Xmx256m -XX:G1PeriodicGCInterval=15000 -Xss2m "-Duser.home=$BENCH/user-home")
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true' EXIT

export TJ_CONFIG="$BENCH/config.toml" GRPC_PORT="$GRPC"

python3 - "$BENCH" "$PORT" "$IDLE_S" "${JVM[@]}" -jar "$BENCH/tj.jar" serve <<'PY' | tee "$OUT/catchup-$(date -u +%Y%m%dT%H%M%SZ).txt"
import json, os, subprocess, sys, time, urllib.request
bench, port, idle_s, cmd = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
base = f"http://127.0.0.1:{port}"
cc = json.load(open(f"{bench}/claude/expected.json"))["total"]
cx = json.load(open(f"{bench}/codex/expected.json"))["total"]
want = (cc["input_tokens"] + cx["input_tokens"], cc["output_tokens"] + cx["output_tokens"],
        cc["cache_read_input_tokens"] + cx["cache_read_tokens"],
        cc["cache_creation_input_tokens"] + cx["cache_write_tokens"])
sessions = len(json.load(open(f"{bench}/claude/expected.json"))["by_session"]) + \
    len(json.load(open(f"{bench}/codex/expected.json"))["by_session"])
tick = os.sysconf("SC_CLK_TCK")

def get(path):
    with urllib.request.urlopen(base + path, timeout=5) as r:
        return json.loads(r.read())

def write_config(enabled):
    with open(f"{bench}/config.toml", "w") as f:
        f.write(f"[api]\nport = {port}\ngrpc_port = {os.environ.get('GRPC_PORT', 0)}\n\n[catchup]\nenabled = {enabled}\n")

def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick  # utime, stime

def idle_cpu(pid):
    time.sleep(5)  # let the start settle (JIT, first GC)
    c0, t0 = cpu_seconds(pid), time.monotonic()
    time.sleep(idle_s)
    return 100.0 * (cpu_seconds(pid) - c0) / (time.monotonic() - t0)

def start():
    log = open(f"{bench}/serve.log", "a")
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)

def stop(p):
    p.terminate()
    p.wait(timeout=60)

write_config("true")
t0 = time.monotonic()
p = start()
got, stored_at = None, None
while time.monotonic() - t0 < 180:
    try:
        c = get("/api/v1/cost?since=all&group_by=session")
        t = c["totals"]
        got = (t["input_tokens"], t["output_tokens"], t["cache_read_tokens"], t["cache_write_tokens"])
        if got == want and len(c["rows"]) == sessions:
            stored_at = time.monotonic() - t0
            break
    except Exception:
        pass
    time.sleep(0.05)
status = get("/api/v1/catchup")
print(f"1-day slice: {sessions} sessions, tokens in/out/cache read/cache write {want}")
if stored_at is None:
    print(f"NOT all stored after 180 s: got {got}; catch-up {json.dumps(status)}")
else:
    print(f"process start -> every session and token stored: {stored_at:.2f} s   (target <= 5 s)")
print(f"catch-up: files_read {status['files_read']}, spans_stored {status['spans_stored']}, "
      f"dirs_watched {status['dirs_watched']}, last_pass_ms {status['last_pass_ms']}")
armed = idle_cpu(p.pid)
print(f"idle CPU over {idle_s} s, watcher armed:    {armed:.3f} % of a core   (target <= 1 %)")
stop(p)
write_config("false")
p = start()
for _ in range(400):
    try:
        get("/api/v1/catchup"); break
    except Exception:
        time.sleep(0.05)
off = idle_cpu(p.pid)
print(f"idle CPU over {idle_s} s, catch-up disabled: {off:.3f} % of a core")
stop(p)
PY
