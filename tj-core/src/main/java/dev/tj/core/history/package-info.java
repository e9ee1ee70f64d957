/** Reading on-disk agent history (Claude Code transcripts, Codex rollouts) into spans: backfill and quickstart. */
package dev.tj.core.history;
