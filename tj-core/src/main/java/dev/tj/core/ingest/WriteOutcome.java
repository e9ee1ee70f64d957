package dev.tj.core.ingest;

/** What the writer did with one submission: newly stored records and already-stored duplicates. */
public record WriteOutcome(int stored, int duplicates) {}
