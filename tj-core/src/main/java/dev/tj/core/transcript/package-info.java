/** Line-level readers of Claude Code transcripts and Codex rollouts. */
package dev.tj.core.transcript;
