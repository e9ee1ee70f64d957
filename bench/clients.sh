#!/usr/bin/env bash
# Real-client compatibility suite (issue 8): the real Claude Code and Codex CLIs from npm, offline against
# the project's scripted model API (dev.tj.bench.clients.ScriptedModelApi), with telemetry pointed at a real
# tj daemon and transcripts/rollouts written to a temporary HOME. For each client, three ways the same work
# reaches tj must equal the usage the scripted API returned (dev.tj.bench.clients.CompatCheck), and each tj's
# drill-in Timeline must show the work (Claude Code: the Agent subagent nested with its own Bash step; Codex:
# the failing command as an error step):
#   live            OTLP from the running client, read back through tj's REST API
#   backfill        `tj backfill <client> --root <temp HOME path>` into a separate fresh tj (direct DuckDB write)
#   live+backfill   the same backfill into the tj that has the live data (through its daemon): counted once
#   catch-up        a fresh tj that only follows the transcript root (tj serve's catch-up, no live, no backfill)
# Claude Code is connected by `tj onboard` in its temporary HOME and must show "needs you" after its turn.
# claude-code-interactive runs Claude Code in a terminal (tmux) as a subscription (OAuth) session with the
# statusline `tj onboard` installed: the scripted API sends rising rate-limit headers, Claude Code hands
# them to `tj statusline`, and tj must hold the last 5-hour and weekly readings and attribute the whole
# rise to that session (part of it to its subagent), with its usage exact like the other stages.
# Not part of bin/test: the first run downloads ~800 MB from npm (cached under target/clients/npm).
# Network: the npm registry (install only) and loopback.
#
# Usage: bench/clients.sh            (env: CLIENTS="claude-code codex", SKIP_BUILD=1, KEEP=1 keeps the run dir)
# Bump the versions below when a client ships; a mismatch is format drift to look at.
set -euo pipefail
CLAUDE_CODE_VERSION="${CLAUDE_CODE_VERSION:-2.1.328}"   # @anthropic-ai/claude-code
CODEX_VERSION="${CODEX_VERSION:-0.169.0}"               # @openai/codex
CLIENTS="${CLIENTS:-claude-code claude-code-interactive codex}"
CODEX_MODEL="${CODEX_MODEL:-gpt-5-codex}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/target/clients"
RUN="$(mktemp -d /tmp/tj-clients.XXXXXX)"
RESULTS="$RUN/results.jsonl"
SECRET="compat-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
cd "$ROOT"

if [ "${SKIP_BUILD:-0}" != 1 ]; then mvn -q -B -DskipTests install -pl tj-cli,tj-bench -am >&2; fi
JAR="$ROOT/tj-cli/target/tj.jar"; BENCH="$ROOT/tj-bench/target/tj-bench.jar"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

PIDS=(); TMUX_SOCKETS=()
cleanup() {
  for s in "${TMUX_SOCKETS[@]}"; do tmux -L "$s" kill-server 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "run directory kept: $RUN" >&2; else rm -rf "$RUN"; fi
}
trap cleanup EXIT

npm_install() { # $1 package, $2 version, $3 bin name → path of the bin on stdout
  local dir="$CACHE/npm/${1//[@\/]/_}-$2"
  if [ ! -x "$dir/node_modules/.bin/$3" ]; then
    echo "installing $1@$2 into $dir" >&2
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$1@$2" >&2
  fi
  echo "$dir/node_modules/.bin/$3"
}

wait_for() { # $1 what, $2 command that succeeds when ready
  for _ in $(seq 1 600); do eval "$2" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "$1 did not come up" >&2; exit 1
}

# A tj knows the client's transcript root (TRANSCRIPTS, set per client) so its Timeline can be read.
tj_home() {
  mkdir -p "$1"
  # catch-up waits an hour in the live and backfill tjs (so their stages measure what they say) and a
  # second in the catch-up stage's own tj
  [ -f "$1/config.toml" ] || printf '[security]\ningest_secret = "%s"\n[sessions]\n%s\n[catchup]\nsettle_seconds = %s\n' \
    "$SECRET" "${TRANSCRIPTS:-}" "${CATCHUP_SETTLE:-3600}" > "$1/config.toml"
}

start_tj() { # $1 TJ_HOME → sets TJ_PORT
  local home="$1"; TJ_PORT=$(free_port); local grpc; grpc=$(free_port)
  tj_home "$home"
  TJ_HOME="$home" TJ_CONFIG="$home/config.toml" java -jar "$JAR" serve --port "$TJ_PORT" --grpc-port "$grpc" \
    >> "$home/serve.out" 2>> "$home/serve.err" &
  PIDS+=($!)
  wait_for "tj on $TJ_PORT" "curl -fs http://127.0.0.1:$TJ_PORT/health"
}

tj_cli() { # $1 TJ_HOME, rest: arguments
  local home="$1"; shift
  tj_home "$home"
  TJ_HOME="$home" TJ_CONFIG="$home/config.toml" java -jar "$JAR" "$@"
}

start_api() { # $1 dir → sets API_PORT
  java -cp "$BENCH" dev.tj.bench.clients.ScriptedModelApi --port-file "$1/api.port" --truth "$1/truth.jsonl" \
    --requests "$1/requests.jsonl" --rate-limits "$1/rate-limits.jsonl" > "$1/api.out" 2>&1 &
  PIDS+=($!)
  wait_for "scripted API" "test -s $1/api.port"
  API_PORT=$(cat "$1/api.port")
}

check() { # $1 client, $2 stage, $3 tj port, $4 run dir, [$5 output of tj backfill --json], [more CompatCheck options]
  java -cp "$BENCH" dev.tj.bench.clients.CompatCheck check --client "$1" --stage "$2" --truth "$4/truth.jsonl" \
    --tj "http://127.0.0.1:$3" --results "$RESULTS" --timeline yes ${5:+--backfill-json "$5"} "${@:6}"
}

# Only what the client needs: none of the caller's keys, config dirs or proxies leak in.
clean_env() { env -i PATH="$PATH" LANG=C.UTF-8 TERM=dumb HOME="$1" "${@:2}"; }

run_claude_code() {
  local dir="$RUN/claude-code" bin; bin=$(npm_install @anthropic-ai/claude-code "$CLAUDE_CODE_VERSION" claude)
  mkdir -p "$dir/home/.claude" "$dir/work"
  TRANSCRIPTS="claude_projects_root = \"$dir/home/.claude/projects\""
  start_api "$dir"; start_tj "$dir/tj-live"; local live=$TJ_PORT
  # Connected by `tj onboard`, not by hand: it writes the user settings (project settings cannot turn
  # telemetry on since 2.1.282) with the env block and the hooks for this tj's configured port.
  printf '[api]\nport = %d\n' "$live" >> "$dir/tj-live/config.toml"
  clean_env "$dir/home" TJ_HOME="$dir/tj-live" TJ_CONFIG="$dir/tj-live/config.toml" \
    java -jar "$JAR" onboard --claude-code --yes --no-daemon --no-shell > "$dir/onboard.out" 2>&1 \
    || { echo "tj onboard failed:" >&2; cat "$dir/onboard.out" >&2; exit 1; }
  echo "claude-code $("$bin" --version): running against the scripted API on $API_PORT, telemetry to tj on $live" >&2
  # stream-json input keeps the session open after its turn, as a terminal does: the Stop hook must
  # then show it waiting for its user; closing stdin ends it (SessionEnd closes it in tj).
  mkfifo "$dir/stdin"
  (cd "$dir/work" && clean_env "$dir/home" ANTHROPIC_BASE_URL="http://127.0.0.1:$API_PORT" \
      ANTHROPIC_API_KEY="sk-ant-compat-$SECRET" CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 \
      timeout 300 "$bin" -p --input-format stream-json --output-format stream-json --verbose \
      --allowedTools Bash Agent < "$dir/stdin" > "$dir/client.out" 2> "$dir/client.err") &
  local claude=$!
  exec 7> "$dir/stdin"
  printf '%s\n' '{"type":"user","message":{"role":"user","content":"TJ-COMPAT-MAIN: run a command, then a subagent."}}' >&7
  wait_for "claude's turn to end" "grep -q '\"type\":\"result\"' '$dir/client.out'"
  local sid; sid=$(grep -o '"session_id":"[^"]*"' "$dir/client.out" | head -1 | cut -d'"' -f4)
  local waits=FAIL closed=FAIL
  wait_for_ok() { for _ in $(seq 1 300); do eval "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
  wait_for_ok "curl -fs http://127.0.0.1:$live/api/v1/sessions/$sid | grep -q '\"state\":\"needs_input\"'" && waits=PASS
  exec 7>&-
  wait "$claude" || { echo "claude failed:" >&2; cat "$dir/client.out" "$dir/client.err" >&2; }
  wait_for_ok "curl -fs http://127.0.0.1:$live/api/v1/sessions/$sid | grep -q '\"status\":\"closed\"'" && closed=PASS
  echo "claude-code onboarded by tj onboard (no hand-written env): session $sid needs_input after its turn: $waits; closed by its SessionEnd hook: $closed" | tee -a "$RUN/hooks.txt" >&2
  verify claude-code "$dir" "$live" "$dir/home/.claude/projects"
}

run_claude_code_interactive() {
  command -v tmux > /dev/null || { echo "claude-code-interactive needs tmux (apt-get install tmux)" >&2; exit 1; }
  local dir="$RUN/claude-code-interactive" bin; bin=$(npm_install @anthropic-ai/claude-code "$CLAUDE_CODE_VERSION" claude)
  mkdir -p "$dir/home/.claude" "$dir/work"
  TRANSCRIPTS="claude_projects_root = \"$dir/home/.claude/projects\""
  start_api "$dir"; start_tj "$dir/tj-live"; local live=$TJ_PORT
  printf '[api]\nport = %d\n' "$live" >> "$dir/tj-live/config.toml"
  # onboarded as bin/tj would run it, so the statusline is bin/tj-statusline (no JVM per refresh)
  clean_env "$dir/home" TJ_HOME="$dir/tj-live" TJ_CONFIG="$dir/tj-live/config.toml" TJ_LAUNCHER="$ROOT/bin/tj" \
    java -jar "$JAR" onboard --claude-code --yes --no-daemon --no-shell > "$dir/onboard.out" 2>&1 \
    || { echo "tj onboard failed:" >&2; cat "$dir/onboard.out" >&2; exit 1; }
  grep -q 'tj-statusline\|tj statusline' "$dir/home/.claude/settings.json" \
    || { echo "tj onboard installed no statusline" >&2; exit 1; }
  # a terminal session that has been through onboarding and trusts its folder, as a user's would
  printf '{"hasCompletedOnboarding": true, "projects": {"%s": {"hasTrustDialogAccepted": true}}}\n' "$dir/work" \
    > "$dir/home/.claude.json"
  local sock="tj-compat-$$" pane="$dir/pane.txt"
  TMUX_SOCKETS+=("$sock")
  echo "claude-code $("$bin" --version) interactive under tmux as a subscription session, API on $API_PORT, tj on $live" >&2
  # CLAUDE_CODE_OAUTH_TOKEN instead of an API key: a Pro/Max session, whose statusline gets rate_limits
  tmux -L "$sock" new-session -d -s cc -x 160 -y 45 \
    "cd '$dir/work' && env -i PATH='$PATH' LANG=C.UTF-8 TERM=xterm-256color HOME='$dir/home' \
       ANTHROPIC_BASE_URL=http://127.0.0.1:$API_PORT CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-compat-$SECRET \
       CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 timeout --foreground 300 '$bin' --permission-mode default \
       --allowedTools Bash Agent 2> '$dir/client.err'; sleep 600"
  capture() { tmux -L "$sock" capture-pane -t cc -p > "$pane" 2>/dev/null; }
  wait_for "claude's prompt" "capture && grep -q '❯' '$pane'"
  tmux -L "$sock" send-keys -t cc "TJ-COMPAT-MAIN: run a command, then a subagent."; sleep 0.5
  tmux -L "$sock" send-keys -t cc Enter
  # the turn ends with the main conversation's answer without tools; the statusline refreshes after it
  wait_for "claude's turn to end" "grep -q '\"thread\":\"main\".*\"tool_calls\":0' '$dir/truth.jsonl'"
  local last; last=$(tail -1 "$dir/rate-limits.jsonl" | grep -o '"five_hour_percent":[0-9]*' | cut -d: -f2)
  for _ in $(seq 1 300); do capture; grep -q "5h $last%" "$pane" && break; sleep 0.1; done
  check claude-code live "$live" "$dir" "" --table "claude-code interactive (subscription, tmux)" \
    --rate-limits "$dir/rate-limits.jsonl" --statusline "$pane"
  tmux -L "$sock" send-keys -t cc "/exit" Enter; sleep 1
  tmux -L "$sock" kill-server 2>/dev/null || true
}

run_codex() {
  local dir="$RUN/codex" bin; bin=$(npm_install @openai/codex "$CODEX_VERSION" codex)
  mkdir -p "$dir/home/.codex" "$dir/work"
  TRANSCRIPTS="codex_sessions_root = \"$dir/home/.codex/sessions\""
  start_api "$dir"; start_tj "$dir/tj-live"; local live=$TJ_PORT
  cat > "$dir/home/.codex/config.toml" <<EOF
model = "$CODEX_MODEL"
model_provider = "compat"
approval_policy = "never"
sandbox_mode = "danger-full-access"

[model_providers.compat]
name = "compat"
base_url = "http://127.0.0.1:$API_PORT/v1"
wire_api = "responses"
env_key = "COMPAT_API_KEY"

[otel]
exporter = { otlp-http = { endpoint = "http://127.0.0.1:$live/v1/logs", protocol = "binary", headers = { Authorization = "Bearer $SECRET" } } }
EOF
  echo "codex $("$bin" --version): running against the scripted API on $API_PORT, telemetry to tj on $live" >&2
  (cd "$dir/work" && clean_env "$dir/home" COMPAT_API_KEY="sk-compat-$SECRET" \
      timeout 300 "$bin" exec --skip-git-repo-check "TJ-COMPAT-MAIN: run a command, then one that fails." \
      > "$dir/client.out" 2> "$dir/client.err") || { echo "codex failed:" >&2; tail -40 "$dir/client.out" "$dir/client.err" >&2; }
  verify codex "$dir" "$live" "$dir/home/.codex/sessions"
}

verify() { # $1 client, $2 run dir, $3 live tj port, $4 transcript root
  check "$1" live "$3" "$2"
  # A separate fresh tj: backfill writes its DuckDB file directly, then a daemon on it answers the API.
  tj_cli "$2/tj-fresh" backfill "$1" --root "$4" --json > "$2/backfill-fresh.json" || echo "backfill into a fresh tj failed" >&2
  start_tj "$2/tj-fresh"; check "$1" backfill "$TJ_PORT" "$2" "$2/backfill-fresh.json"
  # The same transcripts into the tj that holds the live data: through its daemon, counted once.
  tj_cli "$2/tj-live" backfill "$1" --root "$4" --json > "$2/backfill-live.json" || echo "backfill into the live tj failed" >&2
  check "$1" live+backfill "$3" "$2" "$2/backfill-live.json"
  # A fresh tj whose only source is its catch-up of the transcript root.
  CATCHUP_SETTLE=1 start_tj "$2/tj-catchup"; check "$1" catch-up "$TJ_PORT" "$2"
}

for c in $CLIENTS; do
  case "$c" in
    claude-code) run_claude_code ;;
    claude-code-interactive) run_claude_code_interactive ;;
    codex) run_codex ;;
    *) echo "unknown client $c" >&2; exit 2 ;;
  esac
done
echo "versions: @anthropic-ai/claude-code $CLAUDE_CODE_VERSION, @openai/codex $CODEX_VERSION; run directory $RUN"
[ -f "$RUN/hooks.txt" ] && cat "$RUN/hooks.txt"
java -cp "$BENCH" dev.tj.bench.clients.CompatCheck report --results "$RESULTS"
! grep -q FAIL "$RUN/hooks.txt" 2>/dev/null
