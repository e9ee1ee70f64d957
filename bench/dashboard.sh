#!/usr/bin/env bash
# Dashboard benchmark (issue 3): a real daemon seeded with 200 live coding sessions (40 agents x 5),
# 50 archived (25 closed, 25 stale) and 5 SDK services, driven by real headless Chromium.
#   first meaningful paint   performance.mark('tj-status-rendered') after the first render with data,
#                            relative to navigation start; cold (browser cache cleared) and warm
#   SSE update               a new session POSTed to /v1/logs; time from the ingest ack until its card
#                            is in the DOM (MutationObserver) and until the next animation frame
#   page weight              decoded bytes of every JS and CSS file the Status page loads
# Usage: bench/dashboard.sh [LOADS] [UPDATES]   (defaults 9 and 15; medians are printed last)
# Needs Debian chromium + chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -q -B -o -Dmaven.test.skip=true install -pl tj-server -am >&2
mvn -q -B -o -pl tj-server test-compile >&2
CP_FILE="$ROOT/tj-server/target/bench-dashboard.classpath"
mvn -q -B -o -pl tj-server dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >&2
cd "$ROOT/tj-server"
exec java -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" dev.tj.server.ui.DashboardBench "$@"
