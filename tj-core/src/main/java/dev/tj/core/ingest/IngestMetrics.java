package dev.tj.core.ingest;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters about ourselves, shown on /metrics. What a request brings (requests, bytes, records by
 * outcome, refusals) is counted per transport through {@link #forTransport} (Zipkin's
 * {@code CollectorMetrics.forTransport}); what the single writer does (queue, commits) is counted once.
 */
public final class IngestMetrics {
    public static final String HTTP = "http";
    public static final String GRPC = "grpc";
    public static final String BACKFILL = "backfill";
    public static final String FORWARD = "forward";

    private final ConcurrentSkipListMap<String, Transport> transports = new ConcurrentSkipListMap<>();
    private final AtomicLong queuedRecords = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong commitFailures = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private final AtomicLong recordsQuarantined = new AtomicLong();

    /** The daemon's transports exist from the start, so their series are on /metrics before any traffic. */
    public IngestMetrics() {
        for (String t : List.of(HTTP, GRPC, BACKFILL, FORWARD)) forTransport(t);
    }

    /** The counters of one transport, created on first use. */
    public Transport forTransport(String name) {
        return transports.computeIfAbsent(name, Transport::new);
    }

    /** Every transport's counters, by name. */
    public Collection<Transport> transports() {
        return transports.values();
    }

    /** @return the records now waiting for the writer, after adding {@code delta} (negative when they leave) */
    public long queued(long delta) {
        return queuedRecords.addAndGet(delta);
    }

    public void committed(long nanos) {
        commits.incrementAndGet();
        commitNanos.addAndGet(nanos);
    }

    public void commitFailed() {
        commitFailures.incrementAndGet();
    }

    /** Journaled records that storage refused again and again, set aside in the journal directory. */
    public void quarantined(long records) {
        recordsQuarantined.addAndGet(records);
    }

    public long queuedRecords() {
        return queuedRecords.get();
    }

    public long commits() {
        return commits.get();
    }

    public long commitFailures() {
        return commitFailures.get();
    }

    public long commitNanos() {
        return commitNanos.get();
    }

    public long recordsQuarantined() {
        return recordsQuarantined.get();
    }

    /** What one transport (HTTP, gRPC, backfill) received and how it was answered. */
    public static final class Transport {
        private final String name;
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong requestsRefused = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicLong overloaded = new AtomicLong();
        private final AtomicLong recordsStored = new AtomicLong();
        private final AtomicLong recordsDuplicate = new AtomicLong();
        private final AtomicLong recordsRejected = new AtomicLong();
        private final AtomicLong recordsIgnored = new AtomicLong();

        private Transport(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public void incrementRequests() {
            requests.incrementAndGet();
        }

        public void incrementRequestsRefused() {
            requestsRefused.incrementAndGet();
        }

        /** Request bytes as they came over the wire (before decompression). */
        public void incrementBytes(long n) {
            bytes.addAndGet(n);
        }

        /** A submission refused because the write queue was full. */
        public void incrementOverloaded() {
            overloaded.incrementAndGet();
        }

        public void incrementRecordsStored(long n) {
            recordsStored.addAndGet(n);
        }

        public void incrementRecordsDuplicate(long n) {
            recordsDuplicate.addAndGet(n);
        }

        public void incrementRecordsRejected(long n) {
            recordsRejected.addAndGet(n);
        }

        public void incrementRecordsIgnored(long n) {
            recordsIgnored.addAndGet(n);
        }

        public long requests() {
            return requests.get();
        }

        public long requestsRefused() {
            return requestsRefused.get();
        }

        public long bytes() {
            return bytes.get();
        }

        public long overloaded() {
            return overloaded.get();
        }

        public long recordsStored() {
            return recordsStored.get();
        }

        public long recordsDuplicate() {
            return recordsDuplicate.get();
        }

        public long recordsRejected() {
            return recordsRejected.get();
        }

        public long recordsIgnored() {
            return recordsIgnored.get();
        }
    }
}
