package dev.tj.core.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tj.core.ingest.ForwardedFrames;
import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.ingest.IngestJournal;
import dev.tj.core.ingest.MalformedRequest;
import dev.tj.core.span.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder against a real journal on disk and an upstream that records what it takes (the team
 * server's network is the external part here; ForwardingIT runs two real daemons).
 */
class ForwarderTest {
    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @TempDir
    Path dir;

    /** Takes forwards like a team server: span-id dedup; answers what {@link #next} says. */
    static final class TeamServer implements Upstream {
        final List<String> stored = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger calls = new AtomicInteger();
        volatile Answer next = new Answer.Stored(0, 0);

        @Override
        public Answer send(byte[] body) {
            calls.incrementAndGet();
            Answer a = next;
            if (a instanceof Answer.Stored) {
                IngestBatch b = ForwardedFrames.decode(body);
                for (Span s : b.spans()) if (!stored.contains(s.spanId())) stored.add(s.spanId());
            }
            return a;
        }
    }

    static Span span(String id) {
        return Span.builder()
                .spanId(id)
                .traceId("t")
                .sessionId("s")
                .name("x")
                .startTime(T0)
                .build();
    }

    static void append(IngestJournal j, int from, int to) throws Exception {
        List<Span> spans = new ArrayList<>();
        for (int i = from; i < to; i++) spans.add(span("span-" + i));
        j.append(spans, List.of());
        j.sync();
    }

    static void await(BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < end) Thread.sleep(20);
        assertThat(done.getAsBoolean()).as("condition within 30 s").isTrue();
    }

    @Test
    void sendsEveryDurableFrameInOrderOnceAndHoldsWhatIsNotSentYet() throws Exception {
        TeamServer team = new TeamServer();
        team.next = new Upstream.Answer.Later("unreachable: connection refused", Duration.ZERO);
        IngestJournal j = IngestJournal.open(dir, 0);
        append(j, 0, 10);
        try (Forwarder f = new Forwarder(j, team, "http://team", Clock.systemUTC())) {
            // a first start forwards from the journal's end: the 10 records before it are not the outbox's
            append(j, 10, 30);
            append(j, 30, 60);
            j.release(j.syncedSeq()); // storage applied everything: the unsent frames must stay
            f.start();
            await(() -> f.status().state().equals("retrying"));
            Forwarder.Status down = f.status();
            assertThat(down.pendingRecords()).isEqualTo(50);
            assertThat(down.lastError()).contains("unreachable");
            assertThat(down.nextAttempt()).isNotNull();
            assertThat(Files.list(dir)
                            .filter(p -> p.toString().endsWith(".seg"))
                            .count())
                    .isPositive();

            team.next = new Upstream.Answer.Stored(0, 0);
            await(() -> f.status().pendingRecords() == 0 && f.status().state().equals("idle"));
            List<String> want = new ArrayList<>();
            for (int i = 10; i < 60; i++) want.add("span-" + i);
            assertThat(team.stored).containsExactlyElementsOf(want);
            assertThat(f.status().sentRecords()).isEqualTo(50);
            assertThat(f.status().lastSuccess()).isNotNull();

            append(j, 60, 65); // what arrives while idle goes at once
            // stored on the team server, then counted as sent once its answer is back
            await(() -> team.stored.size() == 55 && f.status().pendingRecords() == 0);
        }
        j.close();
    }

    @Test
    void framesAppendedButNotYetDurableWhenCountingStartsAreCountedOnce() throws Exception {
        TeamServer team = new TeamServer();
        team.next = new Upstream.Answer.Later("unreachable: connection refused", Duration.ZERO);
        IngestJournal j = IngestJournal.open(dir, 0);
        try (Forwarder f = new Forwarder(j, team, "http://team", Clock.systemUTC())) {
            // as when a daemon answers its first requests while the forwarder starts: appended, fsync pending
            List<Span> spans = new ArrayList<>();
            for (int i = 0; i < 40; i++) spans.add(span("span-" + i));
            j.append(spans, List.of());
            f.start();
            Thread.sleep(100); // the count is waiting for the frame, not finished without it
            j.sync();
            append(j, 40, 50); // and one appended after the count's mark
            await(() -> f.status().state().equals("retrying"));
            assertThat(f.status().pendingRecords()).isEqualTo(50);
            team.next = new Upstream.Answer.Stored(0, 0);
            await(() -> f.status().pendingRecords() == 0 && team.stored.size() == 50);
            assertThat(f.status().sentRecords()).isEqualTo(50);
        }
        j.close();
    }

    @Test
    void aRestartResumesFromTheSavedPositionAndARefusalStopsKeepingTheOutbox() throws Exception {
        TeamServer team = new TeamServer();
        IngestJournal j = IngestJournal.open(dir, 0);
        try (Forwarder f = new Forwarder(j, team, "http://team", Clock.systemUTC())) {
            append(j, 0, 20);
            f.start();
            await(() -> team.stored.size() == 20 && f.status().pendingRecords() == 0);
        }
        append(j, 20, 40); // written while no forwarder ran
        j.close();

        IngestJournal again = IngestJournal.open(dir, again(dir));
        team.next = new Upstream.Answer.Refused("401 unauthorized (revoked token)");
        try (Forwarder f = new Forwarder(again, team, "http://team", Clock.systemUTC())) {
            f.start();
            await(() -> f.status().state().equals("refused"));
            assertThat(f.status().pendingRecords()).isEqualTo(20);
            assertThat(f.status().lastError()).contains("401");
            int calls = team.calls.get();
            Thread.sleep(300);
            assertThat(team.calls.get()).as("no more attempts after a refusal").isEqualTo(calls);
        }
        team.next = new Upstream.Answer.Stored(0, 0);
        try (Forwarder f = new Forwarder(again, team, "http://team", Clock.systemUTC())) {
            f.start(); // a restart (a new token) sends what was kept, and nothing twice
            await(() -> team.stored.size() == 40);
            await(() -> f.status().pendingRecords() == 0);
        }
        List<String> want = new ArrayList<>();
        for (int i = 0; i < 40; i++) want.add("span-" + i);
        assertThat(team.stored).containsExactlyElementsOf(want);
        again.close();
    }

    /** Storage applied everything (the journal replays nothing); the forwarder's own position holds its frames. */
    private static long again(Path dir) throws Exception {
        IngestJournal probe = IngestJournal.open(dir, 0);
        long end = probe.nextSeq() - 1;
        probe.close();
        return end;
    }

    @Test
    void aBodyThatIsNotFramesIsMalformedNotACrash() {
        assertThatThrownBy(() -> ForwardedFrames.decode("{\"spans\":[]}".getBytes()))
                .isInstanceOf(MalformedRequest.class);
        byte[] lies = {'T', 'J', 'F', '1', 0, 0, 0, 1, 0x7f, 0, 0, 0};
        assertThatThrownBy(() -> ForwardedFrames.decode(lies)).isInstanceOf(MalformedRequest.class);
        byte[] garbage = {'T', 'J', 'F', '1', 0, 0, 0, 1, 0, 0, 0, 4, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff
        };
        assertThatThrownBy(() -> ForwardedFrames.decode(garbage)).isInstanceOf(MalformedRequest.class);
    }
}
