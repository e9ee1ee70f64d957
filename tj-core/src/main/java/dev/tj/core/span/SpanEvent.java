package dev.tj.core.span;

import java.time.Instant;
import java.util.Map;

/** An event inside a span, or an agent event we keep without making it a span of its own. */
public record SpanEvent(String name, Instant time, Map<String, Object> attributes) {}
