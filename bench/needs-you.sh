#!/usr/bin/env bash
# "Needs you" latency (issue 10): a real daemon with six live Claude Code terminals, the Status page
# open in real headless Chromium, and the README's hook command (sh -c + curl, JSON on stdin) fired as
# Claude Code fires it. Each round times a Stop hook from just before its process starts until the card
# turns waiting in the page (MutationObserver, same wall clock), then UserPromptSubmit clears it.
# Usage: bench/needs-you.sh [ROUNDS=30]   (median, p95, max printed last; target <= 1 s)
# Needs Debian chromium + chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -q -B -o -Dmaven.test.skip=true install -pl tj-server -am >&2
mvn -q -B -o -pl tj-server test-compile >&2
CP_FILE="$ROOT/tj-server/target/bench-needs-you.classpath"
mvn -q -B -o -pl tj-server dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >&2
cd "$ROOT/tj-server"
exec java -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" dev.tj.server.ui.NeedsYouBench "$@"
