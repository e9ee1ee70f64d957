package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceCommandTest {
    @TempDir
    Path dir;

    @Test
    void theUnitsCommandUsesTheDaemonsClassDataArchiveOnlyWhenOneIsNextToTheJar() throws Exception {
        Path jar = Files.createFile(dir.resolve("tj.jar"));
        assertThat(ServiceCommand.serveCommand("/usr/bin/java", jar))
                .startsWith("/usr/bin/java", "-XX:+UseG1GC")
                .endsWith("-jar", jar.toString(), "serve")
                .noneMatch(a -> a.contains("SharedArchiveFile"));

        Path archive = Files.createFile(dir.resolve(ServiceCommand.SERVE_ARCHIVE));
        assertThat(ServiceCommand.serveCommand("/usr/bin/java", jar))
                .contains("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off")
                .endsWith("-jar", jar.toString(), "serve");
    }
}
