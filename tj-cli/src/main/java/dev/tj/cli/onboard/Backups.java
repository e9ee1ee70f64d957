package dev.tj.cli.onboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every file onboarding writes is first copied to {@code TJ_HOME/onboard/<stamp>/}, and listed in
 * that run's {@code manifest.json} with whether it existed and the hash of what tj wrote, so that
 * {@code tj onboard --undo} puts back the exact bytes (or deletes a file tj created) and never
 * overwrites a change the user made since.
 */
final class Backups {
    static final String DIR = "onboard", MANIFEST = "manifest.json", UNDONE = "undone.json";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** One file to write: where the user knows it, where its bytes live, before (null: absent) and after. */
    record Change(String label, Path shown, Path real, byte[] before, byte[] after) {}

    private Backups() {}

    /** Backs up, records, then writes each change; returns the run's directory. */
    static Path apply(Path tjHome, List<Change> changes) throws IOException {
        Path root = tjHome.resolve(DIR);
        Path dir = root.resolve(STAMP.format(Instant.now()));
        while (Files.exists(dir)) dir = root.resolve(STAMP.format(Instant.now()) + "-" + System.nanoTime() % 1000);
        Files.createDirectories(dir);
        ObjectNode manifest = ClaudeSettings.JSON.createObjectNode();
        manifest.put("created_at", Instant.now().toString());
        ArrayNode files = manifest.putArray("files");
        int n = 0;
        for (Change c : changes) {
            ObjectNode f = files.addObject();
            f.put("label", c.label());
            f.put("path", c.real().toString());
            f.put("shown", c.shown().toString());
            f.put("existed", c.before() != null);
            if (c.before() != null) {
                String name = (n++) + "-" + c.real().getFileName();
                Files.write(dir.resolve(name), c.before());
                f.put("backup", name);
            }
            f.put("written_sha256", sha256(c.after()));
        }
        Files.writeString(dir.resolve(MANIFEST), ClaudeSettings.render(manifest, null));
        for (Change c : changes) write(c.real(), c.after());
        return dir;
    }

    /** What one undo did to one file. */
    record Undone(Path path, String what, boolean done) {}

    /**
     * Reverts every recorded run, newest first, so each file gets the bytes it had before tj
     * first touched it. A file changed since tj wrote it is left alone unless {@code force}.
     */
    static List<Undone> undo(Path tjHome, boolean force) throws IOException {
        Path root = tjHome.resolve(DIR);
        List<Undone> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        List<Path> runs;
        try (Stream<Path> s = Files.list(root)) {
            runs = s.filter(p -> Files.isRegularFile(p.resolve(MANIFEST)))
                    .sorted((a, b) ->
                            b.getFileName().toString().compareTo(a.getFileName().toString()))
                    .toList();
        }
        for (Path run : runs) {
            JsonNode m = ClaudeSettings.JSON.readTree(Files.readString(run.resolve(MANIFEST)));
            ArrayNode kept = ClaudeSettings.JSON.createArrayNode();
            for (JsonNode f : m.path("files")) {
                Path p = Path.of(f.path("path").asText());
                byte[] now = Files.exists(p) ? Files.readAllBytes(p) : null;
                String written = f.path("written_sha256").asText();
                if (now != null && !sha256(now).equals(written) && !force) {
                    out.add(new Undone(
                            p,
                            "changed since tj onboard wrote it; left as it is (--undo --yes restores it anyway;"
                                    + " the backup is "
                                    + run.resolve(f.path("backup").asText("(none: tj created it)"))
                                    + ")",
                            false));
                    kept.add(f);
                    continue;
                }
                if (f.path("existed").asBoolean()) {
                    write(p, Files.readAllBytes(run.resolve(f.path("backup").asText())));
                    out.add(new Undone(p, "restored", true));
                } else {
                    Files.deleteIfExists(p);
                    out.add(new Undone(p, "removed (tj created it)", true));
                }
            }
            if (kept.isEmpty()) {
                Files.move(run.resolve(MANIFEST), run.resolve(UNDONE));
            } else {
                ((ObjectNode) m).set("files", kept);
                Files.writeString(run.resolve(MANIFEST), ClaudeSettings.render((ObjectNode) m, null));
            }
        }
        return out;
    }

    /** Replaces a file's bytes atomically, keeping its permissions (a new file gets the directory's default). */
    static void write(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tj-tmp");
        try {
            Files.write(tmp, bytes);
            Set<PosixFilePermission> perms = Files.exists(file)
                    ? Files.getPosixFilePermissions(file)
                    : PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(tmp, perms);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
