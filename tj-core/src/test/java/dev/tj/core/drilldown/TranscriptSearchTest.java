package dev.tj.core.drilldown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.testkit.DrilldownCorpus;
import dev.tj.testkit.DrilldownTruth;
import dev.tj.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TranscriptSearchTest {
    @TempDir
    Path tmp;

    Path projects, codex;
    DrilldownTruth truth;
    TranscriptSearch search;

    @BeforeEach
    void setUp() throws Exception {
        projects = tmp.resolve("claude/projects");
        codex = tmp.resolve("codex/sessions");
        truth = DrilldownCorpus.write(projects, codex);
        // a secret beside the roots that no id may reach
        Files.writeString(tmp.resolve("secret.jsonl"), "{\"type\":\"user\"}\n");
        Files.writeString(projects.resolve("outside.jsonl"), "{\"type\":\"user\"}\n");
        search = new TranscriptSearch(List.of(tmp.resolve("empty-root"), projects), List.of(codex));
    }

    @Test
    void findsASessionInAFolderNotDerivableFromItsCwd() {
        Transcript t = search.find(truth.sessionId()).orElseThrow();
        assertThat(t.kind()).isEqualTo(Transcript.Kind.CLAUDE_CODE);
        assertThat(t.file().getParent().getFileName().toString()).isEqualTo(truth.projectDir());
        assertThat(t.subagentsDir()).isDirectory();
    }

    @Test
    void findsACodexRolloutByItsId() {
        Transcript t = search.find(truth.codexSessionId()).orElseThrow();
        assertThat(t.kind()).isEqualTo(Transcript.Kind.CODEX);
        assertThat(t.file().getFileName().toString()).endsWith(truth.codexSessionId() + ".jsonl");
    }

    @Test
    void lastModifiedComesFromAnIndexOfBothRootsRefreshedAfterItsTtl() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
        TranscriptSearch s = new TranscriptSearch(List.of(projects), List.of(codex), clock);
        Path main = s.find(truth.sessionId()).orElseThrow().file();
        Files.setLastModifiedTime(main, FileTime.from(Instant.parse("2026-11-29T08:00:00Z")));
        assertThat(s.lastModified(truth.sessionId())).contains(Instant.parse("2026-11-29T08:00:00Z"));
        assertThat(s.lastModified(truth.codexSessionId())).isPresent();
        assertThat(s.lastModified("0000aaaa-0000-4000-8000-000000000000")).isEmpty();
        assertThat(s.lastModified("../secret")).isEmpty();

        // a transcript written after the index was built is seen once the index is older than its TTL
        Path late = projects.resolve(truth.projectDir()).resolve("0000bbbb-0000-4000-8000-000000000000.jsonl");
        Files.writeString(late, "{\"type\":\"user\"}\n");
        assertThat(s.lastModified("0000bbbb-0000-4000-8000-000000000000")).isEmpty();
        assertThat(s.find("0000bbbb-0000-4000-8000-000000000000")).isPresent(); // the drill-in looks on disk now
        clock.advance(TranscriptSearch.INDEX_TTL.plusSeconds(1));
        assertThat(s.lastModified("0000bbbb-0000-4000-8000-000000000000")).isPresent();
        // and one deleted since is gone at once
        Files.delete(main);
        assertThat(s.lastModified(truth.sessionId())).isEmpty();
    }

    @Test
    void anUnknownIdFindsNothing() {
        assertThat(search.find("0000aaaa-0000-4000-8000-000000000000")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../secret",
                "../../secret",
                "..",
                "../claude/projects/outside",
                "/etc/passwd",
                "/tmp/secret",
                "outside/../outside",
                "-srv-checkouts-renamed/5e55a1d0-0000-4000-8000-00000000d711",
                "*",
                "5e55a1d0-*",
                "5e55a1d0-0000-4000-8000-00000000d71?",
                "[5]e55a1d0-0000-4000-8000-00000000d711",
                "{5e55a1d0-0000-4000-8000-00000000d711}",
                "5e55a1d0-0000-4000-8000-00000000d711\u0000",
                "5e55a1d0-0000-4000-8000-00000000d711\u0000.txt",
                "%2e%2e%2fsecret",
                "%2E%2E%2Fsecret",
                "..%2fsecret",
                "%2e%2e/secret",
                "..%252fsecret",
                "5e55a1d0-0000-4000-8000-00000000d711%00",
                "..\\secret",
                "~/secret",
                "",
                " ",
                "outside"
            })
    void anIdNeverEscapesTheRoots(String id) {
        // "outside" is a file directly in the root, not in a project folder: not a session either
        assertThat(search.find(id)).as(id).isEmpty();
    }

    @Test
    void aLinkOutOfTheRootIsNotFollowed() throws Exception {
        Path project = projects.resolve("-linked");
        Files.createDirectories(project);
        Files.createSymbolicLink(
                project.resolve("aaaaaaaa-0000-4000-8000-000000000001.jsonl"), tmp.resolve("secret.jsonl"));
        assertThat(search.find("aaaaaaaa-0000-4000-8000-000000000001")).isEmpty();
    }

    @Test
    void aNullIdAndEmptyRootsFindNothing() {
        assertThat(search.find(null)).isEmpty();
        assertThat(new TranscriptSearch(List.of(), List.of()).find(truth.sessionId()))
                .isEmpty();
        assertThat(new TranscriptSearch(null, null).find(truth.sessionId())).isEmpty();
    }
}
