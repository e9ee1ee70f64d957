#!/usr/bin/env bash
# Quota benchmark (issue 12): a DuckDB store holding 30 days of statusline snapshots taken every 5 s
# (518,400) and an LLM call every 20 s (129,600), then a real daemon on it:
#   GET /api/v1/quota                    the current 5-hour window, its outlook and attribution
#   GET /api/v1/quota?window=seven_day   the whole current week attributed
#   GET /api/v1/sessions/{id}            session detail, which carries the 5-hour share
#   store one snapshot                   what each statusline refresh costs the store
# Usage: bench/quota.sh [REQUESTS]   (default 200; p50/p95 printed per figure)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -q -B -o -Dmaven.test.skip=true install -pl tj-server -am >&2
mvn -q -B -o -pl tj-server test-compile >&2
CP_FILE="$ROOT/tj-server/target/bench-quota.classpath"
mvn -q -B -o -pl tj-server dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >&2
cd "$ROOT/tj-server"
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" dev.tj.server.ui.QuotaBench "$@"
