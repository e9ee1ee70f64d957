package dev.tj.core.quota;

import dev.tj.core.span.Usage;

/** One API response as a block counts it: when (epoch millis), its tokens, its price and model. */
public record BlockCall(long timeMillis, Usage usage, double costUsd, String model) {}
