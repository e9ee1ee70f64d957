package dev.tj.core.ingest;

import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.Span;
import java.util.List;

/**
 * What a decoder made of one request: spans and metric points to store, records it refused, and
 * records it deliberately did not keep (e.g. Codex streaming deltas) — counted, never silent.
 */
public record IngestBatch(List<Span> spans, List<MetricPoint> points, List<Rejection> rejections, int ignored) {}
