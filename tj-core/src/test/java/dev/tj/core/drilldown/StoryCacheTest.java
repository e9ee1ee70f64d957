package dev.tj.core.drilldown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.testkit.DrilldownCorpus;
import dev.tj.testkit.DrilldownTruth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoryCacheTest {
    @TempDir
    Path tmp;

    @Test
    void anUnchangedTranscriptIsNotReadAgainAndAChangedOneIs() throws Exception {
        DrilldownTruth truth = DrilldownCorpus.write(tmp.resolve("projects"), tmp.resolve("codex"));
        Transcript t = new TranscriptSearch(List.of(tmp.resolve("projects")), List.of())
                .find(truth.sessionId())
                .orElseThrow();
        StoryCache cache = new StoryCache(8);
        AtomicInteger builds = new AtomicInteger();
        StoryBuilder b = new StoryBuilder();
        Story first = cache.get(t, true, () -> {
            builds.incrementAndGet();
            return b.build(t, true);
        });
        Story again = cache.get(t, true, () -> {
            builds.incrementAndGet();
            return b.build(t, true);
        });
        assertThat(builds).hasValue(1);
        assertThat(again).isSameAs(first);
        // without subagents is another entry
        cache.get(t, false, () -> {
            builds.incrementAndGet();
            return b.build(t, false);
        });
        assertThat(builds).hasValue(2);

        // a subagent file changes: the story is rebuilt
        Path sub = t.subagentsDir().resolve("agent-a2000000000000002.jsonl");
        Files.writeString(sub, "{\"type\":\"summary\"}\n", StandardOpenOption.APPEND);
        Story third = cache.get(t, true, () -> {
            builds.incrementAndGet();
            return b.build(t, true);
        });
        assertThat(builds).hasValue(3);
        assertThat(third).isNotSameAs(first).isEqualTo(b.build(t, true));

        // same size, new mtime: rebuilt
        Files.setLastModifiedTime(
                t.file(),
                FileTime.fromMillis(Files.getLastModifiedTime(t.file()).toMillis() + 5000));
        cache.get(t, true, () -> {
            builds.incrementAndGet();
            return b.build(t, true);
        });
        assertThat(builds).hasValue(4);
        assertThat(cache.size()).isEqualTo(2);
    }
}
