package dev.tj.core.history;

import java.nio.file.Path;

/** A transcript file as listed: its path, size and modification time. */
public record HistoryFile(Path path, long size, long mtimeMillis) {}
