/** Real-client compatibility suite: a scripted model API for Claude Code and Codex, and the check of tj against its truth. */
package dev.tj.bench.clients;
