package dev.tj.core.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A shortcut for the commonest re-run, "nothing changed": a digest of the transcript listing
 * (path, size, mtime of every file) and of the database file (size, mtime) as they were right after a
 * backfill that read every file to its end. When both still match, nothing can have changed, and
 * the backfill answers without opening the database (which alone costs more than the 0.5 s budget).
 * Any other write to the database (the daemon, another command) changes its size or mtime and
 * sends the next run down the normal path, which trusts only the read positions stored in the DB.
 */
public final class BackfillState {
    private final Path file;

    public BackfillState(Path file) {
        this.file = file;
    }

    public static String digest(List<Path> roots, List<HistoryFile> listing, Path db) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<String> lines = new ArrayList<>();
            for (Path r : roots) lines.add("root|" + r);
            for (HistoryFile f : listing) lines.add(f.path() + "|" + f.size() + "|" + f.mtimeMillis());
            lines.sort(null);
            for (String l : lines) md.update((l + "\n").getBytes(StandardCharsets.UTF_8));
            md.update(("db|" + db.toAbsolutePath() + "|" + Files.size(db) + "|"
                            + Files.getLastModifiedTime(db).toMillis())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            return null;
        }
    }

    /** Whether the listing and the database are exactly as the last complete run left them. */
    public boolean unchanged(List<Path> roots, List<HistoryFile> listing, Path db) {
        if (!Files.isRegularFile(file) || !Files.isRegularFile(db)) return false;
        try {
            String saved = Files.readString(file, StandardCharsets.UTF_8).trim();
            String now = digest(roots, listing, db);
            return now != null && now.equals(saved);
        } catch (IOException e) {
            return false;
        }
    }

    /** Saves the state after a complete run (the database closed), or forgets it. */
    public void save(List<Path> roots, List<HistoryFile> listing, Path db, boolean complete) {
        try {
            if (!complete) {
                Files.deleteIfExists(file);
                return;
            }
            String d = digest(roots, listing, db);
            if (d == null) return;
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, d + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // only a shortcut: without it the next run takes the normal path
        }
    }

    public void forget() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // harmless
        }
    }
}
