package dev.tj.server;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the read-only {@code shared/} directory by walking up from the module directory. */
final class SharedFixtures {
    private SharedFixtures() {}

    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared");
            if (Files.isDirectory(candidate.resolve("fixtures"))) return candidate;
        }
        throw new IllegalStateException("shared/fixtures not found above " + Path.of("").toAbsolutePath());
    }

    static Path otlp(String name) { return root().resolve("fixtures/otlp").resolve(name); }
}
