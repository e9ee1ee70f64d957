package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.config.TjConfig;
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
        TjConfig duckdb = TjConfig.defaults(dir);
        assertThat(ServiceCommand.serveCommand("/usr/bin/java", jar, duckdb))
                .startsWith("/usr/bin/java", "-XX:+UseParallelGC")
                .contains(ServeJvm.DUCKDB_HEAP)
                .endsWith("-jar", jar.toString(), "serve")
                .noneMatch(a -> a.contains("SharedArchiveFile"));

        Path archive = Files.createFile(dir.resolve(ServiceCommand.SERVE_ARCHIVE));
        assertThat(ServiceCommand.serveCommand("/usr/bin/java", jar, duckdb))
                .contains("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off")
                .endsWith("-jar", jar.toString(), "serve");
    }

    @Test
    void aServiceOnPostgresqlGetsThePostgresqlHeap() throws Exception {
        Path jar = Files.createFile(dir.resolve("tj.jar"));
        TjConfig postgres = TjConfig.defaults(dir)
                .withStorage(TjConfig.defaults(dir).storage().withUrl("postgresql://tj:pw@db:5432/tj"));
        assertThat(ServiceCommand.serveCommand("/usr/bin/java", jar, postgres))
                .contains(ServeJvm.POSTGRES_HEAP)
                .doesNotContain(ServeJvm.DUCKDB_HEAP);
    }
}
