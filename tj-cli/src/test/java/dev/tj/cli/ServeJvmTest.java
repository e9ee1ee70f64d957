package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeJvmTest {
    @TempDir
    Path dir;

    @Test
    void theDaemonOnItsOwnDuckdbFileKeepsTheSmallHeap() throws Exception {
        Path config = Files.writeString(dir.resolve("config.toml"), "[api]\nport = 7400\n");
        assertThat(ServeJvm.flags("--config", config.toString(), "--port", "0"))
                .contains(ServeJvm.DUCKDB_HEAP, "-XX:+UseParallelGC")
                .doesNotContain(ServeJvm.POSTGRES_HEAP);
    }

    @Test
    void aPostgresqlNodeGetsTheLargerHeapWhetherTheConfigOrTheCommandLineChoosesIt() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.toml"), "");
        Path shared = Files.writeString(
                dir.resolve("shared.toml"), "[storage]\nurl = \"postgresql://tj:secret@db.example:5432/tj\"\n");
        assertThat(ServeJvm.flags("--config", shared.toString())).contains(ServeJvm.POSTGRES_HEAP);
        assertThat(ServeJvm.flags("--config=" + plain, "--storage-url", "postgresql://tj@127.0.0.1:5432/tj"))
                .contains(ServeJvm.POSTGRES_HEAP);
        assertThat(ServeJvm.flags("--config", plain.toString(), "--storage-url=postgresql://tj@127.0.0.1:5432/tj"))
                .contains(ServeJvm.POSTGRES_HEAP);
    }

    @Test
    void argumentsOrAConfigServeWouldRefuseStillGiveFlagsAndServeThenSaysWhatIsWrong() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.toml"), "[storage\nurl = ");
        for (String[] args : new String[][] {
            {"--no-such-option"}, {"--config", broken.toString()}, {"--storage-url", "mysql://x"}, {"--port", "x"}
        }) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream was = System.out;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                ServeJvm.main(args);
            } finally {
                System.setOut(was);
            }
            assertThat(out.toString(StandardCharsets.UTF_8).lines())
                    .as(String.join(" ", args))
                    .containsExactlyElementsOf(ServeJvm.flags(false));
        }
    }
}
