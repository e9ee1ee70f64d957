package dev.tj.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillStateTest {
    @TempDir
    Path dir;

    private Path root;
    private Path db;
    private BackfillState state;

    @BeforeEach
    void setUp() throws Exception {
        root = dir.resolve("projects");
        write("-home-a/s1.jsonl", "{}\n");
        write("-home-a/s1/subagents/agent-1.jsonl", "{}\n{}\n");
        write("-home-b/s2.jsonl", "{\"x\":1}\n");
        db = Files.writeString(dir.resolve("telemetry.duckdb"), "db");
        state = new BackfillState(dir.resolve("telemetry.duckdb.backfill-claude-code"));
    }

    private Path write(String relative, String text) throws Exception {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private List<HistoryFile> listing() {
        return FileLister.claudeCode(List.of(root));
    }

    private boolean unchanged() {
        return state.unchanged(List.of(root), listing(), db);
    }

    @Test
    void aCompleteRunThenNothingChangedIsUpToDate() {
        assertThat(unchanged()).as("no state saved yet").isFalse();
        state.save(List.of(root), listing(), db, true);
        assertThat(unchanged()).isTrue();
    }

    @Test
    void anIncompleteRunForgetsTheShortcut() {
        state.save(List.of(root), listing(), db, true);
        state.save(List.of(root), listing(), db, false);
        assertThat(unchanged()).isFalse();
    }

    @Test
    void aGrownFileANewFileOrATouchedFileIsAChange() throws Exception {
        state.save(List.of(root), listing(), db, true);
        Files.writeString(root.resolve("-home-b/s2.jsonl"), "{\"x\":1}\n{\"y\":2}\n");
        assertThat(unchanged()).as("grown").isFalse();

        state.save(List.of(root), listing(), db, true);
        write("-home-c/s3.jsonl", "{}\n");
        assertThat(unchanged()).as("new file").isFalse();

        state.save(List.of(root), listing(), db, true);
        Path s1 = root.resolve("-home-a/s1.jsonl");
        Files.setLastModifiedTime(
                s1, FileTime.fromMillis(Files.getLastModifiedTime(s1).toMillis() + 5_000));
        assertThat(unchanged()).as("same size, new mtime").isFalse();

        state.save(List.of(root), listing(), db, true);
        Files.delete(root.resolve("-home-a/s1/subagents/agent-1.jsonl"));
        assertThat(unchanged()).as("deleted").isFalse();
    }

    @Test
    void anyOtherWriteToTheDatabaseOrAnotherRootIsAChange() throws Exception {
        state.save(List.of(root), listing(), db, true);
        Files.writeString(db, "db, written by the daemon");
        assertThat(unchanged()).as("database written").isFalse();

        state.save(List.of(root), listing(), db, true);
        Path other = Files.createDirectories(dir.resolve("other"));
        assertThat(state.unchanged(List.of(root, other), listing(), db))
                .as("another root")
                .isFalse();
    }

    @Test
    void aDamagedOrMissingStateFileOrDatabaseIsNeverUpToDate() throws Exception {
        state.save(List.of(root), listing(), db, true);
        Path file = dir.resolve("telemetry.duckdb.backfill-claude-code");
        byte[] saved = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(saved, saved.length / 2));
        assertThat(unchanged()).as("truncated state").isFalse();

        state.save(List.of(root), listing(), db, true);
        Files.delete(db);
        assertThat(unchanged()).as("database gone").isFalse();
    }
}
