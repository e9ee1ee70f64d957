package dev.tj.core.storage;

import java.time.Instant;

/**
 * How far a transcript or rollout file has been read, so that a re-run skips unchanged files and
 * reads a grown file from where it left off.
 *
 * @param offset bytes consumed (always at a line boundary)
 */
public record SourceFile(String path, long size, Instant modified, long offset) {}
