/**
 * The cost diagnostics ({@code tj context}, {@code tj tokenmaxx}, {@code tj quota-audit}): pure
 * arithmetic over LLM calls, whether they come from stored spans (through the daemon or the
 * database) or straight from transcripts on disk, so both give the same numbers.
 */
package dev.tj.core.diagnostic;
