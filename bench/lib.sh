# Shared by the bench scripts (sourced; ROOT set by the caller): ports, medians, a daemon started
# the way users start it (bin/tj), its memory, and read latencies.
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
median() { python3 -c 'import sys,statistics;v=[float(x) for x in sys.stdin.read().split()];print(f"{statistics.median(v):.2f}")'; }
p95_ms() { python3 -c 'import sys;v=sorted(float(x)*1000 for x in open(sys.argv[1]));print(f"{v[int(0.95*len(v))-1]:.1f}")' "$1"; }

build_jars() { # BUILD=0 takes the jars as they are
  [ "${BUILD:-1}" = 0 ] || (cd "$ROOT" && mvn -q -B -DskipTests -DskipITs install -pl tj-cli,tj-bench -am) >&2
  JAR="$ROOT/tj-cli/target/tj.jar"; BENCH="$ROOT/tj-bench/target/tj-bench.jar"
}

DAEMON_PID=""
start_daemon() { # $1 = TJ_HOME; the environment (TJ_STORAGE_URL, TJ_JAVA_OPTS) goes to the daemon
  local home="$1"; PORT=$(free_port); GRPC=$(free_port); SECRET=bench-secret
  # BENCH_TOML: more config for a daemon the bench makes a home for (e.g. '[ingest]\nbatch_records = 5000')
  mkdir -p "$home"; [ -f "$home/config.toml" ] || printf '[security]\ningest_secret = "%s"\n%b\n' "$SECRET" "${BENCH_TOML:-}" > "$home/config.toml"
  # bin/tj execs java: the daemon runs with the flags users get, and $! is its pid
  TJ_HOME="$home" TJ_CONFIG="$home/config.toml" "$ROOT/bin/tj" serve --port "$PORT" --grpc-port "$GRPC" \
    > "$home/serve.out" 2> "$home/serve.err" &
  DAEMON_PID=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "daemon did not start" >&2; cat "$home/serve.err" >&2; exit 1
}
stop_pid() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
stop_daemon() { [ -z "$DAEMON_PID" ] || stop_pid "$DAEMON_PID"; }

rss_mb() { awk -v k="$2:" '$1==k {printf "%d\n", $2/1024}' "/proc/$1/status"; }   # $1 pid, $2 VmRSS|VmHWM
cpu_s() { # CPU seconds (user + system) of the pids given
  local t=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  python3 -c "print(f'{$t / $(getconf CLK_TCK):.2f}')"
}

# p95 of GET /api/v1/status and of the session drill-in over a seed of $1 sessions named seed-%08d,
# on the daemon at $PORT; sets STATUS_P95 and SESSION_P95 (ms). $2 = where the samples go
read_p95s() {
  local seedn="$1" out="$2" k
  for _ in $(seq 1 20); do curl -fs "http://127.0.0.1:$PORT/api/v1/status" >/dev/null; done   # warm-up
  : > "$out/status.txt"
  for _ in $(seq 1 200); do curl -fs -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT/api/v1/status" >> "$out/status.txt"; done
  STATUS_P95=$(p95_ms "$out/status.txt")
  # 200 different sessions spread over the seed
  for k in $(seq 1 20); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/api/v1/sessions/$(printf 'seed-%08d' $(( (k * 7919) % seedn )))"; done
  : > "$out/session.txt"
  for k in $(seq 1 200); do
    curl -fs -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT/api/v1/sessions/$(printf 'seed-%08d' $(( (k * 9973) % seedn )))" >> "$out/session.txt"
  done
  SESSION_P95=$(p95_ms "$out/session.txt")
}

# A throwaway PostgreSQL cluster in a temp dir (as bin/test starts one), for the team-server benches.
# pg_start [SETTINGS] sets PGBIN, PGDIR, PGPORT, POSTMASTER; pg_stop stops and removes it; new_db NAME
# creates a database and prints its tj storage URL. SETTINGS default: a server set up for a
# write-heavy team database (buffers and WAL room instead of the 128 MB / 1 GB defaults that
# checkpoint every few seconds under ingest load). synchronous_commit stays on: a node releases its
# journal once a commit returns, so a commit must be durable by then.
PG_SETTINGS_DEFAULT="-c shared_buffers=512MB -c max_wal_size=4GB -c checkpoint_timeout=15min -c wal_compression=on"
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
pg_start() {
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  PGDIR="$(mktemp -d /tmp/tj-bench-pg.XXXXXX)"; PGPORT=$(free_port)
  chown -R postgres "$PGDIR" 2>/dev/null || true
  as_pg "$PGBIN/initdb -D $PGDIR/data -U tj --auth=trust >/dev/null"
  as_pg "$PGBIN/pg_ctl -D $PGDIR/data -o '-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 ${1:-$PG_SETTINGS_DEFAULT}' -l $PGDIR/log -w start >/dev/null"
  POSTMASTER=$(head -1 "$PGDIR/data/postmaster.pid")
}
pg_stop() { [ -z "${PGDIR:-}" ] || { as_pg "$PGBIN/pg_ctl -D $PGDIR/data -m fast -w stop >/dev/null" || true; rm -rf "$PGDIR"; PGDIR=""; }; }
psql_q() { "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U tj -qAt "$@"; }
new_db() { psql_q -d postgres -c "CREATE DATABASE $1"; echo "postgresql://tj@127.0.0.1:$PGPORT/$1"; }
