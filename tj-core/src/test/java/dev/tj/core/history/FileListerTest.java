package dev.tj.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileListerTest {
    @TempDir
    Path dir;

    private Path file(String relative, String text) throws Exception {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static List<Path> paths(List<HistoryFile> files) {
        return files.stream().map(HistoryFile::path).toList();
    }

    @Test
    void findsEveryTranscriptUnderEveryProjectWithItsSizeAndNothingElse() throws Exception {
        Path root = dir.resolve("projects");
        Path a = file("projects/-home-a/s1.jsonl", "{}\n");
        Path sub = file("projects/-home-a/s1/subagents/agent-1.jsonl", "{}\n{}\n");
        Path b = file("projects/-home-b/s2.jsonl", "{\"x\":1}\n");
        Path top = file("projects/loose.jsonl", "");
        file("projects/-home-b/notes.txt", "not a transcript");
        for (int i = 0; i < 40; i++) file("projects/-p" + i + "/s.jsonl", "{}\n");

        List<HistoryFile> found = FileLister.claudeCode(List.of(root));
        assertThat(paths(found)).contains(a, sub, b, top).hasSize(44).doesNotHaveDuplicates();
        assertThat(found)
                .filteredOn(f -> f.path().equals(sub))
                .singleElement()
                .extracting(HistoryFile::size)
                .isEqualTo(6L);
        // the same root twice, or a root inside another, lists each file once
        assertThat(paths(FileLister.claudeCode(List.of(root, root, root.resolve("-home-a")))))
                .hasSize(44)
                .doesNotHaveDuplicates();
        // the same answer every time: the order is the walk's, whatever thread walked a project
        assertThat(paths(FileLister.claudeCode(List.of(root)))).isEqualTo(paths(found));
    }

    @Test
    void aRootThatIsALinkIsFollowedButLinksUnderItAreNot() throws Exception {
        Path real = dir.resolve("real");
        Path t = file("real/-home-a/s1.jsonl", "{}\n");
        Path elsewhere = file("elsewhere/-home-z/z.jsonl", "{}\n");
        Path link = Files.createSymbolicLink(dir.resolve("linked-root"), real);
        Files.createSymbolicLink(real.resolve("-home-a/loop"), real);
        Files.createSymbolicLink(real.resolve("-home-z"), elsewhere.getParent());

        assertThat(paths(FileLister.claudeCode(List.of(link)))).containsExactly(link.resolve("-home-a/s1.jsonl"));
        assertThat(paths(FileLister.claudeCode(List.of(real)))).containsExactly(t);
    }

    @Test
    void aMissingRootOrAFileGivenAsARootListsNothing() throws Exception {
        Path f = file("x.jsonl", "{}\n");
        assertThat(FileLister.claudeCode(List.of(dir.resolve("missing"), f))).isEmpty();
    }

    @Test
    void codexKeepsOnlyRolloutFiles() throws Exception {
        Path r = file("sessions/2026/01/01/rollout-2026-01-01T00-00-00-x.jsonl", "{}\n");
        file("sessions/2026/01/01/history.jsonl", "{}\n");
        assertThat(paths(FileLister.codex(List.of(dir.resolve("sessions"))))).containsExactly(r);
    }
}
