package dev.tj.core.ingest;

/** One record we refused, and why, as reported back in the partial-success response. */
public record Rejection(String recordId, String reason) {}
