package dev.tj.cli;

import dev.tj.core.config.TjConfig;
import java.util.List;
import picocli.CommandLine;

/**
 * The daemon's JVM flags, sized by the storage it runs on: the one place bin/tj, {@code tj service
 * install} and onboarding's background start take them from.
 *
 * <p>The heap is bounded: without -Xmx the JVM may take a quarter of the machine's memory and keep
 * it. On PostgreSQL, G1's periodic collection gives what a burst took back to the system once ingest
 * goes quiet. A DuckDB daemon gets 256 MB: DuckDB's own memory shares the process's resident budget, and
 * 384 MB took the peak past 600 MB under maximum ingest. A PostgreSQL node keeps nothing of the
 * database in its process, and at 256 MB its collector took 19 % of its CPU at sustained load (the
 * journal's and writer's batches in flight nearly fill the old generation, so G1 marks over and
 * over); 512 MB brought that to 6 % and the node's CPU per record from 51 to 38 µs.
 *
 * <p>The DuckDB daemon collects with the parallel collector: no G1 write barriers on every reference
 * store of the decode and journal paths, and the heap is bounded anyway. Sustained realistic ingest,
 * 40 s runs, five interleaved pairs in a slow hour (2026-12-03): G1 26,462 / 23,972 / 22,470 / 24,492 /
 * 29,731 records/s (median 24,492), parallel 31,801 / 24,807 / 26,721 / 33,021 / 32,763 (median
 * 31,801), with 4 % less daemon CPU for more records; the worst-case shape, three pairs, 15,663 /
 * 28,838 / 29,877 against 36,720 / 28,189 / 24,711 (no loss beyond noise). The daemon's resident
 * memory stayed within its bounds (bench/ingest.sh: peak 470-530 MB, 30 s after 356-472 MB).
 */
public final class ServeJvm {
    private ServeJvm() {}

    static final String DUCKDB_HEAP = "-Xmx256m", POSTGRES_HEAP = "-Xmx512m";

    public static List<String> flags(TjConfig config) {
        return flags(config.storage().isPostgres());
    }

    static List<String> flags(boolean postgres) {
        if (postgres)
            return List.of("-XX:+UseG1GC", "-Xms32m", POSTGRES_HEAP, "-XX:G1PeriodicGCInterval=15000", "-Xss2m");
        return List.of("-XX:+UseParallelGC", "-Xms32m", DUCKDB_HEAP, "-Xss2m");
    }

    /** The flags for {@code tj serve ARGS} as {@code serve} would read its config (--config, --storage-url, TJ_STORAGE_URL). */
    static List<String> flags(String... serveArgs) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(serveArgs);
        TjConfig config = serve.configOption.load();
        if (serve.storageUrl != null)
            config = config.withStorage(config.storage().withUrl(serve.storageUrl));
        return flags(config);
    }

    /**
     * bin/tj asks before it starts the daemon's JVM: the flags, one per line. Arguments or a config
     * that {@code serve} would refuse get the DuckDB flags here; serve itself then says what is wrong.
     */
    public static void main(String[] serveArgs) {
        List<String> flags;
        try {
            flags = flags(serveArgs);
        } catch (RuntimeException e) {
            flags = flags(false);
        }
        System.out.println(String.join("\n", flags));
    }
}
