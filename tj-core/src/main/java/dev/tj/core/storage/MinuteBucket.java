package dev.tj.core.storage;

import java.time.Instant;

/** Span activity of one agent in one UTC minute. */
public record MinuteBucket(String agentId, Instant minute, double costUsd, long calls, long errors) {}
