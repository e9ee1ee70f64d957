package dev.tj.core.upstream;

import dev.tj.core.ingest.ForwardedFrames;
import dev.tj.core.ingest.IngestJournal;
import dev.tj.core.ingest.JournalReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards everything this tj stores to its upstream, local-first: the ingest journal is the outbox.
 * Every record the writer made durable (live, backfilled, caught up) is in a journal frame; the
 * journal keeps frames past this forwarder's position on disk ({@link IngestJournal#holdAfter}), so
 * the outbox survives restarts and days offline at no extra write. Frames go in order, one request
 * at a time; the position moves (and is saved) only on the upstream's yes, and the upstream's span-id
 * de-duplication makes a resend after a crash harmless: exactly once into the team server.
 *
 * <p>A down upstream is retried with exponential backoff (1 s to 15 s: a team server back up is used within seconds; or the Retry-After it gave);
 * a refusal for good (a revoked token) stops forwarding, keeps the outbox and says why in the status.
 */
public final class Forwarder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);
    static final int BATCH_RECORDS = 10_000;
    static final int BATCH_BYTES = 8 << 20;
    static final Duration IDLE_POLL = Duration.ofMillis(250);
    /** How long the backlog count waits for frames appended before it to become durable. */
    static final Duration COUNT_WAIT = Duration.ofSeconds(5);

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1), MAX_BACKOFF = Duration.ofSeconds(15);
    static final String POSITION_FILE = "upstream.position";

    /** What {@code GET /api/v1/upstream}, {@code /metrics} and {@code tj doctor} show. */
    public record Status(
            String state,
            String url,
            long pendingRecords,
            long sentRecords,
            long position,
            Instant lastSuccess,
            String lastError,
            Instant nextAttempt) {}

    private final IngestJournal journal;
    private final Upstream upstream;
    private final String url;
    private final Clock clock;
    private final Path positionFile;
    private final Thread thread;
    private volatile long position;
    private volatile boolean closed;

    private final Object lock = new Object();
    // under lock
    private String state = "starting";
    private long backlogRecords, appendedAtCount, sentRecords;
    private Instant lastSuccess, nextAttempt;
    private String lastError;

    /**
     * @param journal a durable ingest journal ({@link IngestJournal#directory()} not null)
     * @param url     where {@code upstream} sends, for the status only
     */
    public Forwarder(IngestJournal journal, Upstream upstream, String url, Clock clock) {
        if (journal.directory() == null)
            throw new IllegalArgumentException("forwarding needs a durable ingest journal");
        this.journal = journal;
        this.upstream = upstream;
        this.url = url;
        this.clock = clock;
        this.positionFile = journal.directory().resolve(POSITION_FILE);
        // a first start forwards from now on: what was stored before is on the team server by tj backfill
        this.position = readPosition().orElse(journal.syncedSeq());
        savePosition();
        journal.holdAfter(() -> position);
        this.thread = new Thread(this::run, "tj-upstream");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The last journal frame the upstream has. */
    public long position() {
        return position;
    }

    public Status status() {
        synchronized (lock) {
            long pending = Math.max(0, backlogRecords + (journal.appendedRecords() - appendedAtCount) - sentRecords);
            return new Status(state, url, pending, sentRecords, position, lastSuccess, lastError, nextAttempt);
        }
    }

    private void run() {
        try (JournalReader reader = new JournalReader(journal, position)) {
            countBacklog();
            setState("sending", null);
            Duration backoff = FIRST_BACKOFF;
            while (!closed) {
                List<JournalReader.Frame> frames = reader.next(BATCH_RECORDS, BATCH_BYTES);
                if (frames.isEmpty()) {
                    setState("idle", null);
                    sleep(IDLE_POLL);
                    continue;
                }
                int records = 0;
                for (JournalReader.Frame f : frames) records += f.records();
                long last = frames.get(frames.size() - 1).seq();
                while (!closed) {
                    Upstream.Answer a = upstream.send(ForwardedFrames.encode(frames));
                    if (a instanceof Upstream.Answer.Stored) {
                        position = last;
                        savePosition();
                        journal.releaseHeld();
                        synchronized (lock) {
                            sentRecords += records;
                            lastSuccess = clock.instant();
                            nextAttempt = null;
                            state = "sending";
                        }
                        backoff = FIRST_BACKOFF;
                        break;
                    }
                    if (a instanceof Upstream.Answer.Refused r) {
                        log.error(
                                "upstream {} refused the forward for good: {}; stopped (the outbox is kept)",
                                url,
                                r.why());
                        setState("refused", r.why());
                        return;
                    }
                    Upstream.Answer.Later later = (Upstream.Answer.Later) a;
                    Duration wait = later.after().compareTo(backoff) > 0 ? later.after() : backoff;
                    synchronized (lock) {
                        state = "retrying";
                        lastError = later.why();
                        nextAttempt = clock.instant().plus(wait);
                    }
                    log.debug("upstream {}: {}; next attempt in {}", url, later.why(), wait);
                    sleep(wait);
                    backoff =
                            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            // closing
        } catch (IOException | RuntimeException e) {
            log.error("forwarding to {} stopped", url, e);
            setState("failed", String.valueOf(e.getMessage()));
        } finally {
            synchronized (lock) {
                if (closed && !state.equals("refused") && !state.equals("failed")) state = "stopped";
            }
        }
    }

    /** Records already in the outbox when forwarding starts (read once, frame by frame). */
    /**
     * Counts the records of the frames before a {@link IngestJournal#mark()}; what is appended after it
     * counts through {@link IngestJournal#appendedRecords()}. A frame appended just before the mark may
     * not be durable yet, so the count waits (briefly) until the reader has seen every frame before it.
     */
    private void countBacklog() throws IOException, InterruptedException {
        IngestJournal.Mark mark = journal.mark();
        long records = 0;
        long deadline = System.nanoTime() + COUNT_WAIT.toNanos();
        try (JournalReader counter = new JournalReader(journal, position)) {
            while (!closed && counter.position() < mark.nextSeq() - 1) {
                List<JournalReader.Frame> fs = counter.next(BATCH_RECORDS, BATCH_BYTES);
                if (fs.isEmpty()) {
                    if (System.nanoTime() > deadline) break; // a frame that never became durable
                    Thread.sleep(20);
                    continue;
                }
                for (JournalReader.Frame f : fs) if (f.seq() < mark.nextSeq()) records += f.records();
            }
        }
        synchronized (lock) {
            backlogRecords = records;
            appendedAtCount = mark.appendedRecords();
        }
    }

    private void setState(String s, String error) {
        synchronized (lock) {
            state = s;
            if (error != null) lastError = error;
        }
    }

    private void sleep(Duration d) throws InterruptedException {
        Thread.sleep(Math.max(1, d.toMillis()));
    }

    private java.util.Optional<Long> readPosition() {
        try {
            return java.util.Optional.of(Long.parseLong(
                    Files.readString(positionFile, StandardCharsets.US_ASCII).strip()));
        } catch (NoSuchFileException e) {
            return java.util.Optional.empty();
        } catch (IOException | NumberFormatException e) {
            log.warn("cannot read {} ({}); forwarding from the journal's end", positionFile, e.getMessage());
            return java.util.Optional.empty();
        }
    }

    /** A lost write only means a resend the upstream de-duplicates: no fsync. */
    private void savePosition() {
        Path tmp = positionFile.resolveSibling(POSITION_FILE + ".tmp");
        try {
            Files.writeString(tmp, Long.toString(position), StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, positionFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, positionFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("cannot save the forwarding position to {}", positionFile, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
