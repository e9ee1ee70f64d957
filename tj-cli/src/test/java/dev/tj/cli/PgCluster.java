package dev.tj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster of a test's own, which the test may stop and start: the binaries
 * of {@code TJ_TEST_PG_BIN} (bin/test sets it) or the newest under /usr/lib/postgresql; run as the
 * {@code postgres} user when the test runs as root (PostgreSQL refuses root), as bin/test does.
 */
final class PgCluster implements AutoCloseable {
    final int port;
    private final Path bin;
    private final Path dir;

    private PgCluster(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    static PgCluster create() throws Exception {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("tj-pg-own");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) shell(false, "chown -R postgres " + dir);
        PgCluster c = new PgCluster(bin, dir, TjProcess.freePort());
        c.asPostgres(c.bin.resolve("initdb") + " -D " + dir.resolve("data") + " -U tj --auth=trust");
        c.start();
        return c;
    }

    private static Path binaries() throws IOException {
        String env = System.getenv("TJ_TEST_PG_BIN");
        if (env != null && !env.isBlank()) return Path.of(env);
        Path base = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                var found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(p -> Integer.parseInt(
                                p.getParent().getFileName().toString().replaceAll("\\D", "0"))));
                if (found.isPresent()) return found.get();
            }
        }
        throw new IllegalStateException("no PostgreSQL binaries: set TJ_TEST_PG_BIN (bin/test does)");
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=tj";
    }

    void start() throws Exception {
        asPostgres(bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -o '-p " + port + " -k " + dir
                + " -c listen_addresses=127.0.0.1' -l " + dir.resolve("log") + " -w start");
    }

    /** Stops at once, as a crash would (no shutdown checkpoint; the next start recovers from its WAL). */
    void stopImmediately() throws Exception {
        asPostgres(bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -m immediate -w stop");
    }

    private void asPostgres(String command) throws Exception {
        shell("root".equals(System.getProperty("user.name")), command);
    }

    private static void shell(boolean asPostgres, String command) throws Exception {
        List<String> cmd = asPostgres
                ? List.of("su", "postgres", "-s", "/bin/sh", "-c", command)
                : List.of("/bin/sh", "-c", command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new IllegalStateException(command + " failed: " + new String(out));
    }

    @Override
    public void close() throws Exception {
        try {
            asPostgres(bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -m immediate -w stop");
        } catch (IllegalStateException alreadyStopped) {
            // stopped by the test, or never started
        }
        shell(false, "rm -rf " + dir);
    }
}
