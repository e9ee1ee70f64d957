package dev.tj.core.ingest;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** How far the apply stage is behind the journal stage, for readers and for backpressure. */
final class WriterProgress {
    private long handedOff;
    private long applied;
    private long unappliedRecords;
    private int waiting;

    synchronized void handedOff(int jobs, int records) {
        handedOff += jobs;
        unappliedRecords += records;
    }

    /** Records out of the writer's hands (in storage, maybe in an open group): for backpressure. */
    synchronized void taken(int records) {
        unappliedRecords -= records;
        notifyAll();
    }

    /** Jobs committed (or given up): readers waiting for them may go on. */
    synchronized void applied(int jobs) {
        applied += jobs;
        notifyAll();
    }

    /** True while a reader waits in {@link #awaitApplied}: an open group should be committed now. */
    synchronized boolean awaited() {
        return waiting > 0;
    }

    synchronized boolean caughtUp() {
        return applied == handedOff;
    }

    /** @return true when everything handed off before the call is applied within {@code max} */
    synchronized boolean awaitApplied(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        long target = handedOff;
        waiting++;
        try {
            while (applied < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        } finally {
            waiting--;
        }
    }

    /** Waits while at least {@code records} are handed off and not applied, as long as the applier runs. */
    synchronized void awaitBelow(int records, BooleanSupplier applierAlive) throws InterruptedException {
        while (unappliedRecords >= records && applierAlive.getAsBoolean()) wait(100);
    }
}
