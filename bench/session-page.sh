#!/usr/bin/env bash
# Session page benchmark (issue 9): one generated session of SIZE MiB with SUBAGENTS subagents
# (DrilldownCorpus.writeLarge), backfilled into a real DuckDB file, a real daemon, real headless Chromium.
#   interactive   performance.mark('tj-session-timeline') after the Timeline's first render with data,
#                 relative to navigation start; loads alternate cold (browser cache cleared) and warm;
#                 the first load is also the daemon's first read of the transcript
# Usage: bench/session-page.sh [LOADS=3] [SIZE_MIB=50] [SUBAGENTS=40]   (medians are printed last)
# Needs Debian chromium + chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -q -B -o -Dmaven.test.skip=true install -pl tj-server -am >&2
mvn -q -B -o -pl tj-server test-compile >&2
CP_FILE="$ROOT/tj-server/target/bench-session-page.classpath"
mvn -q -B -o -pl tj-server dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >&2
cd "$ROOT/tj-server"
exec java -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" dev.tj.server.ui.SessionPageBench "$@"
