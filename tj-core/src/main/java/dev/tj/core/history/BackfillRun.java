package dev.tj.core.history;

import java.util.List;

/**
 * One backfill run: what it did, the files it listed and whether every one of them was read to its
 * end (only then may the listing be saved as "nothing to do" for the next run).
 */
public record BackfillRun(BackfillResult result, List<HistoryFile> listing, boolean complete) {}
