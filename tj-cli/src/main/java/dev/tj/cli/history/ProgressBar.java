package dev.tj.cli.history;

import dev.tj.core.history.Progress;
import java.io.PrintStream;

/** A small stderr progress bar (files, MB, ETA), drawn only on a terminal. */
public final class ProgressBar implements AutoCloseable {
    private final Progress p;
    private final PrintStream err;
    private final Thread thread;
    private volatile boolean running = true;

    private ProgressBar(Progress p, PrintStream err) {
        this.p = p;
        this.err = err;
        this.thread = new Thread(this::loop, "tj-progress");
        this.thread.setDaemon(true);
    }

    /** Starts a bar when stderr is a terminal and output is for people; otherwise does nothing. */
    public static ProgressBar start(Progress p, boolean enabled) {
        ProgressBar b = new ProgressBar(p, System.err);
        if (enabled && System.console() != null && !"dumb".equals(System.getenv("TERM"))) b.thread.start();
        else b.running = false;
        return b;
    }

    private void loop() {
        try {
            Thread.sleep(300);
            while (running) {
                draw();
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void draw() {
        long ft = p.filesTotal.get(), fd = p.filesDone.get(), bt = p.bytesTotal.get(), bd = p.bytesDone.get();
        double frac = bt == 0 ? (ft == 0 ? 0 : (double) fd / ft) : (double) bd / bt;
        int w = 24, fill = (int) Math.round(frac * w);
        double secs = (System.nanoTime() - p.startedNanos) / 1e9;
        String eta = frac > 0.02 && frac < 1 ? String.format(" ETA %.0fs", secs / frac - secs) : "";
        String line = String.format(
                "\r%-8s [%s%s] %d/%d files  %.0f/%.0f MB%s   ",
                p.phase, "#".repeat(fill), "-".repeat(w - fill), fd, ft, bd / 1e6, bt / 1e6, eta);
        err.print(line);
        err.flush();
    }

    @Override
    public void close() {
        if (!running) return;
        running = false;
        thread.interrupt();
        try {
            thread.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.print("\r" + " ".repeat(90) + "\r");
        err.flush();
    }
}
