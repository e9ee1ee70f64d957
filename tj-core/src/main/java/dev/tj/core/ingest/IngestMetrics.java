package dev.tj.core.ingest;

import java.util.concurrent.atomic.AtomicLong;

/** Counters about ourselves, shown on /metrics: every transport reports through these. */
public final class IngestMetrics {
    public final AtomicLong requests = new AtomicLong();
    public final AtomicLong requestsRefused = new AtomicLong();
    public final AtomicLong bytes = new AtomicLong();
    public final AtomicLong recordsStored = new AtomicLong();
    public final AtomicLong recordsDuplicate = new AtomicLong();
    public final AtomicLong recordsRejected = new AtomicLong();
    public final AtomicLong recordsIgnored = new AtomicLong();
    public final AtomicLong overloaded = new AtomicLong();
    public final AtomicLong commits = new AtomicLong();
    public final AtomicLong commitFailures = new AtomicLong();
    public final AtomicLong commitNanos = new AtomicLong();
    public final AtomicLong queuedRecords = new AtomicLong();
    /** Journaled records that storage refused again and again, set aside in the journal directory. */
    public final AtomicLong recordsQuarantined = new AtomicLong();
}
