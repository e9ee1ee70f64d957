package dev.tj.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnPointsTest {
    @TempDir
    Path root;

    @Test
    void shellCallsAndProcessApisAreSpawnPoints() {
        assertThat(SpawnPoints.isSpawn("claude -p \"$task\" &", true)).isTrue();
        assertThat(SpawnPoints.isSpawn("out=$(codex exec \"fix it\")", true)).isTrue();
        assertThat(SpawnPoints.isSpawn("nohup claude --print x > log &", true)).isTrue();
        assertThat(SpawnPoints.isSpawn("subprocess.Popen([\"claude\", \"-p\", t])", false))
                .isTrue();
        assertThat(SpawnPoints.isSpawn("cmd = [\"codex\", \"exec\", task]", false))
                .isTrue();
        assertThat(SpawnPoints.isSpawn("spawn('claude', ['-p', task])", false)).isTrue();
        assertThat(SpawnPoints.isSpawn("new ProcessBuilder(\"claude\", \"-p\", task)", false))
                .isTrue();

        assertThat(SpawnPoints.isSpawn("echo \"ask claude later\"", true)).isFalse();
        assertThat(SpawnPoints.isSpawn("print('claude is nice')", false)).isFalse();
        assertThat(SpawnPoints.isSpawn("subprocess.run([\"make\", \"test\"])", false))
                .isFalse();
    }

    @Test
    void scanSkipsVendorFoldersAndCommentsAndIsBounded() throws Exception {
        Files.createDirectories(root.resolve("node_modules/x"));
        Files.writeString(root.resolve("node_modules/x/run.sh"), "claude -p hi\n");
        Files.writeString(root.resolve("a.sh"), "# claude -p in a comment\nclaude -p real\n");
        Files.writeString(root.resolve("README.md"), "claude -p docs\n");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 100; i++) many.append("claude -p ").append(i).append('\n');
        Files.writeString(root.resolve("worker.sh"), many);

        List<SpawnPoints.Hit> hits = SpawnPoints.scan(root);
        assertThat(hits).hasSize(SpawnPoints.MAX_HITS);
        assertThat(hits.get(0).file()).isEqualTo("worker.sh"); // harness-like path first
        assertThat(hits)
                .noneMatch(h -> h.file().contains("node_modules") || h.file().equals("README.md"));

        Files.delete(root.resolve("worker.sh"));
        assertThat(SpawnPoints.scan(root)).containsExactly(new SpawnPoints.Hit("a.sh", 2, "claude -p real"));
    }
}
