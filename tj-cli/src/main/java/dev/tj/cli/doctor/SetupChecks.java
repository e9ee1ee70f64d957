package dev.tj.cli.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** The checks of tj's own setup: config, database, daemon, transcript roots. */
public final class SetupChecks {
    private SetupChecks() {}

    /** @param error the loader's message when the file does not parse, else null */
    public static Finding config(Path file, String error) {
        if (error != null)
            return Finding.error(
                    "config", error, "fix the file at the line named, or move it away to use the defaults");
        return Finding.ok("config", file == null ? "no config file: defaults" : file.toString());
    }

    /**
     * @param heldBy names the running daemon that holds the database, else null
     * @param open   opens and closes the database, answering null or why it could not
     */
    public static Finding database(Path db, String heldBy, Supplier<String> open) {
        if (heldBy != null) return Finding.ok("database", db + " (held by " + heldBy + ")");
        if (!Files.exists(db)) {
            Path dir = db.toAbsolutePath().getParent();
            Path existing = dir;
            while (existing != null && !Files.exists(existing)) existing = existing.getParent();
            if (existing != null && !Files.isWritable(existing))
                return Finding.error(
                        "database",
                        "cannot create " + db + ": " + existing + " is not writable",
                        "chmod u+w " + existing + ", or set [storage] path to a writable place");
            return Finding.ok("database", db + " (not created yet: the first tj serve or tj backfill creates it)");
        }
        if (!Files.isWritable(db)) return Finding.error("database", db + " is not writable", "chmod u+w " + db);
        String failure = open.get();
        if (failure != null)
            return Finding.error(
                    "database",
                    "cannot open " + db + ": " + failure,
                    "if another program holds it, stop that program; otherwise move the file away and run tj backfill");
        return Finding.ok("database", db + " (opens read-write)");
    }

    /**
     * @param recordedPid    the pid server.json names, or null
     * @param recordedAlive  whether that process still runs
     * @param daemonVersion  what the daemon at {@code base} reports, or null when nothing answers
     */
    public static Finding daemon(
            String cliVersion, Long recordedPid, boolean recordedAlive, String daemonVersion, String base) {
        if (daemonVersion == null) {
            if (recordedPid != null && recordedAlive)
                return Finding.error(
                        "daemon",
                        "pid " + recordedPid + " is recorded as the daemon but " + base + " does not answer",
                        "tj stop, then tj serve (or tj service install)");
            return Finding.warn(
                    "daemon",
                    "not running at " + base
                            + (recordedPid != null ? " (a stale server.json names pid " + recordedPid + ")" : ""),
                    "tj serve, or tj service install to keep it running");
        }
        if (!daemonVersion.equals(cliVersion))
            return Finding.warn(
                    "daemon",
                    "running at " + base + " but version " + daemonVersion + ", this tj is " + cliVersion,
                    "restart it: tj stop && tj serve (or tj service install)");
        return Finding.ok(
                "daemon",
                "running at " + base + ", version " + daemonVersion
                        + (recordedPid != null ? ", pid " + recordedPid : ""));
    }

    /** At least one transcript root to back-fill and catch up from. */
    public static Finding transcripts(Path claudeProjects, Path codexSessions) {
        boolean claude = Files.isDirectory(claudeProjects), codex = Files.isDirectory(codexSessions);
        if (!claude && !codex)
            return Finding.warn(
                    "transcripts",
                    "neither " + claudeProjects + " nor " + codexSessions + " exists",
                    "set [sessions] claude_projects_root / codex_sessions_root (or CLAUDE_CONFIG_DIR, CODEX_HOME) if they live elsewhere");
        return Finding.ok(
                "transcripts",
                (claude ? claudeProjects.toString() : "")
                        + (claude && codex ? ", " : "")
                        + (codex ? codexSessions.toString() : ""));
    }
}
