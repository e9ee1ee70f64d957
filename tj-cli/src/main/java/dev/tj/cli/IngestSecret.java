package dev.tj.cli;

import dev.tj.core.config.TjConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The bearer secret ingest POSTs must carry: {@code [security] ingest_secret} when configured, else
 * a random one kept in {@code TJ_HOME/ingest-secret} (mode 0600), made on the first {@code tj serve}.
 */
public final class IngestSecret {
    static final String FILE = "ingest-secret";

    private IngestSecret() {}

    public static Optional<String> find(TjConfig config, Path tjHome) {
        if (!config.security().ingestSecret().isBlank())
            return Optional.of(config.security().ingestSecret());
        Path f = tjHome.resolve(FILE);
        try {
            return Files.isRegularFile(f)
                    ? Optional.of(Files.readString(f, StandardCharsets.UTF_8).trim())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /** @return the secret, and whether it was just created */
    public static Result findOrCreate(TjConfig config, Path tjHome) {
        Optional<String> existing = find(config, tjHome);
        if (existing.isPresent() && !existing.get().isBlank())
            return new Result(existing.get(), false, tjHome.resolve(FILE));
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String secret = HexFormat.of().formatHex(raw);
        Path f = tjHome.resolve(FILE);
        try {
            Files.createDirectories(tjHome);
            try {
                Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                // an empty file left behind: overwrite it below, keeping its mode tight
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(f, secret + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
        return new Result(secret, true, f);
    }

    public record Result(String secret, boolean created, Path file) {}
}
