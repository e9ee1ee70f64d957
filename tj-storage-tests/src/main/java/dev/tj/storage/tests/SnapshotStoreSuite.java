package dev.tj.storage.tests;

import static dev.tj.storage.tests.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.storage.MethodSnapshot;
import dev.tj.core.storage.SnapshotReads;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Method snapshots: written through {@link dev.tj.core.storage.IngestStore#saveSnapshot}, read on
 * {@link SnapshotReads}. One per session and kind (a later save replaces it), the payload kept as
 * the exact text it was given (storage never parses it), source size and modification time nullable,
 * and {@code savedAt} the newest per session. Durable: a reopened store still has them.
 *
 * <p>A backend runs it as one of its own {@code @Nested} subclasses, and may opt out of one
 * inherited test by overriding it with {@code @Override @Test @Disabled("why") protected void name() {}}.
 */
public abstract class SnapshotStoreSuite extends StorageSuiteBase {
    static final String PAYLOAD = "{\"steps\":[{\"n\":1,\"text\":\"<script>alert(1)</script> ✓ \\\"quoted\\\"\"}],"
            + "\"truncated\":false, \"spaced\" :  1.50}";

    protected SnapshotReads snapshots() {
        return storage.snapshots();
    }

    @Test
    protected void nothingSavedNothingRead() {
        assertThat(snapshots().snapshot("s", MethodSnapshot.STORY)).isEmpty();
        assertThat(snapshots().snapshot(null, MethodSnapshot.STORY)).isEmpty();
        assertThat(snapshots().snapshots("s")).isEmpty();
        assertThat(snapshots().savedAt(List.of("s"))).isEmpty();
        assertThat(snapshots().savedAt(List.of())).isEmpty();
    }

    @Test
    protected void aSnapshotComesBackExactlyAndALaterOneReplacesIt() {
        MethodSnapshot story =
                new MethodSnapshot("s1", MethodSnapshot.STORY, T0, 12_345L, T0.minusSeconds(60), PAYLOAD);
        MethodSnapshot asks = new MethodSnapshot("s1", MethodSnapshot.APPROACH, T0.plusSeconds(1), null, null, "[]");
        writer().saveSnapshot(story);
        writer().saveSnapshot(asks);
        writer().saveSnapshot(new MethodSnapshot("s2", MethodSnapshot.STORY, T0.plusSeconds(5), 1L, T0, "{}"));

        assertThat(snapshots().snapshot("s1", MethodSnapshot.STORY)).contains(story);
        assertThat(snapshots().snapshot("s1", MethodSnapshot.APPROACH)).contains(asks);
        assertThat(snapshots().snapshots("s1")).containsExactly(asks, story); // by kind
        assertThat(snapshots().savedAt(List.of("s1", "s2", "none")))
                .isEqualTo(Map.of("s1", T0.plusSeconds(1), "s2", T0.plusSeconds(5)));

        MethodSnapshot newer =
                new MethodSnapshot("s1", MethodSnapshot.STORY, T0.plusSeconds(60), 20_000L, T0, "{\"v\":2}");
        writer().saveSnapshot(newer);
        writer().saveSnapshot(newer); // a retried write repeats harmlessly
        assertThat(snapshots().snapshot("s1", MethodSnapshot.STORY)).contains(newer);
        assertThat(snapshots().snapshots("s1")).hasSize(2);
        assertThat(snapshots().savedAt(List.of("s1"))).isEqualTo(Map.of("s1", T0.plusSeconds(60)));
    }

    @Test
    protected void snapshotsSurviveAReopen() {
        MethodSnapshot story = new MethodSnapshot("s1", MethodSnapshot.STORY, T0, 7L, T0, PAYLOAD);
        writer().saveSnapshot(story);
        storage = reopen(storage, dir);
        assertThat(snapshots().snapshot("s1", MethodSnapshot.STORY)).contains(story);
    }
}
