package dev.tj.core.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * A shortcut for the commonest re-run, "nothing changed": the transcript listing (path, size, mtime
 * of every file) and the database file (size, mtime) as they were right after a backfill that read
 * every file to its end. When both still match, nothing can have changed, and the backfill answers
 * without opening the database (which alone costs more than the 0.5 s budget). Any other write to
 * the database (the daemon, another command) changes its size or mtime and sends the next run down
 * the normal path, which trusts only the read positions stored in the DB.
 *
 * <p>The listing is kept as it is, in the lister's order (the same for an unchanged tree), and
 * compared byte for byte: no sorting and no hashing on the path of an answer that should take a
 * blink. A tree whose order changed without its files changing (a directory rewritten) merely
 * takes the normal path once.
 */
public final class BackfillState {
    private final Path file;

    public BackfillState(Path file) {
        this.file = file;
    }

    static byte[] snapshot(List<Path> roots, List<HistoryFile> listing, Path db) throws IOException {
        StringBuilder text = new StringBuilder(64 + listing.size() * 128);
        for (Path r : roots) text.append("root|").append(r).append('\n');
        for (HistoryFile f : listing)
            text.append(f.path())
                    .append('|')
                    .append(f.size())
                    .append('|')
                    .append(f.mtimeMillis())
                    .append('\n');
        text.append("db|")
                .append(db.toAbsolutePath())
                .append('|')
                .append(Files.size(db))
                .append('|')
                .append(Files.getLastModifiedTime(db).toMillis())
                .append('\n');
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the listing and the database are exactly as the last complete run left them. */
    public boolean unchanged(List<Path> roots, List<HistoryFile> listing, Path db) {
        if (!Files.isRegularFile(file) || !Files.isRegularFile(db)) return false;
        try {
            return Arrays.equals(Files.readAllBytes(file), snapshot(roots, listing, db));
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
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, snapshot(roots, listing, db));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            forget(); // only a shortcut: without it the next run takes the normal path
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
