package dev.tj.core.history;

import java.util.concurrent.atomic.AtomicLong;

/** Counters a progress bar polls while history is read (updated from reader threads). */
public final class Progress {
    public final AtomicLong filesTotal = new AtomicLong();
    public final AtomicLong bytesTotal = new AtomicLong();
    public final AtomicLong filesDone = new AtomicLong();
    public final AtomicLong bytesDone = new AtomicLong();
    public volatile String phase = "reading";
    public final long startedNanos = System.nanoTime();
}
