package dev.tj.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.InMemoryStorage;
import dev.tj.core.storage.IngestStore;
import dev.tj.core.storage.MethodSnapshot;
import dev.tj.core.storage.WriteBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnapshotKeeperTest {
    static final Instant NOW = Instant.parse("2026-11-30T20:00:00Z");
    static final Duration IDLE = Duration.ofHours(4);

    InMemoryStorage storage;
    IngestStore store;
    SnapshotKeeper keeper;
    final List<String> asked = new CopyOnWriteArrayList<>();

    /** The test producer: a story naming the session, nothing for "empty", a failure for "broken". */
    List<SnapshotProducer.Payload> produce(String sessionId) {
        asked.add(sessionId);
        if (sessionId.equals("empty")) return List.of();
        if (sessionId.equals("broken")) throw new IllegalStateException("transcript unreadable");
        return List.of(
                new SnapshotProducer.Payload(
                        MethodSnapshot.STORY, "{\"session\":\"" + sessionId + "\"}", 42L, NOW.minusSeconds(5)),
                new SnapshotProducer.Payload(MethodSnapshot.APPROACH, "{\"asks\":[]}", null, null));
    }

    @BeforeEach
    void start() {
        storage = new InMemoryStorage();
        store = storage.ingestStore();
        keeper = new SnapshotKeeper(
                storage,
                this::produce,
                list -> list.forEach(store::saveSnapshot),
                Clock.fixed(NOW, ZoneOffset.UTC),
                IDLE);
    }

    @AfterEach
    void stop() {
        keeper.close();
    }

    static Session session(String id, SessionStatus status, Instant last) {
        return new Session(
                id,
                "claude-code",
                null,
                last.minusSeconds(600),
                last,
                status,
                null,
                new Usage(1, 1, 0, 0, 0),
                0.01,
                null,
                0,
                2,
                1,
                0,
                0,
                0.0,
                PlanTier.UNKNOWN,
                ResourceIdentity.NONE);
    }

    void settle() throws InterruptedException {
        assertThat(keeper.awaitIdle(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void aClosedOrCompletedSessionIsKeptAnActiveOneIsNot() throws InterruptedException {
        keeper.committed(List.of(
                session("closed", SessionStatus.CLOSED, NOW),
                session("done", SessionStatus.COMPLETED, NOW),
                session("live", SessionStatus.ACTIVE, NOW)));
        settle();
        assertThat(asked).containsExactlyInAnyOrder("closed", "done");
        MethodSnapshot story =
                storage.snapshots().snapshot("closed", MethodSnapshot.STORY).orElseThrow();
        assertThat(story.payload()).isEqualTo("{\"session\":\"closed\"}");
        assertThat(story.createdAt()).isEqualTo(NOW);
        assertThat(story.sourceSize()).isEqualTo(42L);
        assertThat(story.sourceModified()).isEqualTo(NOW.minusSeconds(5));
        assertThat(storage.snapshots().snapshots("done")).hasSize(2);
        assertThat(storage.snapshots().snapshots("live")).isEmpty();
    }

    @Test
    void backfilledSessionsAreKeptOnceEvenWhenNamedTwice() throws InterruptedException {
        keeper.backfilled(List.of("b1", "b2"));
        keeper.backfilled(List.of("b1"));
        settle();
        assertThat(storage.snapshots().savedAt(List.of("b1", "b2")).keySet()).containsExactlyInAnyOrder("b1", "b2");
        assertThat(asked).contains("b1", "b2");
        assertThat(asked.size()).isBetween(2, 3); // b1 again only if it was handled before the second call
    }

    @Test
    void nothingToKeepAndAFailingProducerStoreNothingAndStopNothing() throws InterruptedException {
        keeper.backfilled(List.of("empty", "broken", "fine"));
        settle();
        assertThat(storage.snapshots().snapshots("empty")).isEmpty();
        assertThat(storage.snapshots().snapshots("broken")).isEmpty();
        assertThat(storage.snapshots().snapshots("fine")).hasSize(2);
        assertThat(keeper.handled()).isEqualTo(3);
    }

    @Test
    void theSweepKeepsSessionsThatWentStaleSinceTheirLastSnapshot() throws InterruptedException {
        store.commit(new WriteBatch(
                List.of(),
                List.of(),
                List.of(
                        session(
                                "stale-new",
                                SessionStatus.ACTIVE,
                                NOW.minus(IDLE).minusSeconds(60)),
                        session(
                                "stale-kept",
                                SessionStatus.ACTIVE,
                                NOW.minus(IDLE).minusSeconds(120)),
                        session("idle", SessionStatus.ACTIVE, NOW.minus(IDLE).plusSeconds(60)),
                        session("ancient", SessionStatus.ACTIVE, NOW.minus(IDLE).minus(Duration.ofDays(3))),
                        session(
                                "closed-stale",
                                SessionStatus.CLOSED,
                                NOW.minus(IDLE).minusSeconds(60)))));
        store.saveSnapshot(new MethodSnapshot("stale-kept", MethodSnapshot.STORY, NOW.minus(IDLE), null, null, "{}"));

        assertThat(keeper.sweepStale()).isEqualTo(1);
        settle();
        assertThat(asked).containsExactly("stale-new");
        assertThat(storage.snapshots().snapshot("stale-new", MethodSnapshot.STORY))
                .isPresent();

        // kept now: a second sweep finds nothing to do
        assertThat(keeper.sweepStale()).isZero();
    }
}
