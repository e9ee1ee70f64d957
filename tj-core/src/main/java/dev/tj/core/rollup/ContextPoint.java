package dev.tj.core.rollup;

import dev.tj.core.span.Usage;
import java.time.Instant;

/** The context one LLM call carried: its input, cached input, cache writes and output. */
public record ContextPoint(Instant t, Usage usage) {}
