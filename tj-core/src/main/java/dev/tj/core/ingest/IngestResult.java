package dev.tj.core.ingest;

import java.util.List;

/**
 * The outcome of one request after its records are durable.
 *
 * @param stored     records newly stored
 * @param duplicates records already stored (a re-sent export), acknowledged but not counted again
 * @param ignored    records deliberately not kept
 */
public record IngestResult(int stored, int duplicates, int ignored, List<Rejection> rejections) {
    public int rejected() {
        return rejections.size();
    }
}
