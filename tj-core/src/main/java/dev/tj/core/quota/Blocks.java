package dev.tj.core.quota;

import dev.tj.core.span.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Claude's 5-hour billing blocks, reconstructed from calls alone (as ccusage's {@code blocks} does,
 * so the two agree): a block starts at its first call's time floored to the UTC hour and lasts 5 hours;
 * a call after the block's end, or more than 5 hours after the previous call, starts the next one,
 * and a silence longer than a block shows as a gap between them (from 5 hours after the last call to
 * where the next block starts). The real window is the provider's
 * and may start elsewhere: statusline snapshots, where present, say where it truly resets.
 */
public final class Blocks {
    public static final Duration LENGTH = Duration.ofHours(5);
    private static final long LENGTH_MS = LENGTH.toMillis();
    private static final long HOUR_MS = 3_600_000L;

    /** A block with the time of its first call, for its burn rate. */
    public record Found(Block block, Instant firstCall) {}

    private Blocks() {}

    /** @param calls in time order */
    public static List<Found> of(List<BlockCall> calls, Instant now) {
        List<Found> out = new ArrayList<>();
        int from = 0;
        long start = 0;
        for (int i = 0; i < calls.size(); i++) {
            long t = calls.get(i).timeMillis();
            if (i == from) {
                start = Math.floorDiv(t, HOUR_MS) * HOUR_MS;
                continue;
            }
            long previous = calls.get(i - 1).timeMillis();
            if (t - start > LENGTH_MS || t - previous > LENGTH_MS) {
                out.add(block(calls, from, i, start, now));
                long gapStart = previous + LENGTH_MS, next = Math.floorDiv(t, HOUR_MS) * HOUR_MS;
                // the silence after the last block's calls ran out, up to where the next block starts
                if (t - previous > LENGTH_MS && next > gapStart)
                    out.add(new Found(
                            new Block(
                                    Instant.ofEpochMilli(gapStart),
                                    Instant.ofEpochMilli(next),
                                    null,
                                    false,
                                    true,
                                    0,
                                    Usage.ZERO,
                                    0,
                                    List.of()),
                            null));
                from = i;
                start = next;
            }
        }
        if (from < calls.size()) out.add(block(calls, from, calls.size(), start, now));
        return out;
    }

    private static Found block(List<BlockCall> calls, int from, int to, long start, Instant now) {
        Usage u = Usage.ZERO;
        double cost = 0;
        TreeSet<String> models = new TreeSet<>();
        for (int i = from; i < to; i++) {
            BlockCall c = calls.get(i);
            u = u.plus(c.usage());
            cost += c.costUsd();
            if (c.model() != null) models.add(c.model());
        }
        long last = calls.get(to - 1).timeMillis();
        long end = start + LENGTH_MS;
        long nowMs = now.toEpochMilli();
        boolean active = nowMs - last < LENGTH_MS && nowMs < end;
        Block b = new Block(
                Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(end),
                Instant.ofEpochMilli(last),
                active,
                false,
                to - from,
                u,
                cost,
                List.copyOf(models));
        return new Found(b, Instant.ofEpochMilli(calls.get(from).timeMillis()));
    }
}
