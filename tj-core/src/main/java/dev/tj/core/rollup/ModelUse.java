package dev.tj.core.rollup;

import dev.tj.core.span.Usage;

/** The LLM calls of one model within a session. */
public record ModelUse(String model, long calls, Usage usage, double costUsd) {}
