package dev.tj.cli;

import dev.tj.core.config.ConfigLoader;
import dev.tj.core.config.TjConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --config, shared by every command (also TJ_CONFIG). */
public final class ConfigOption {
    @Option(
            names = "--config",
            description =
                    "Config file (default: TJ_CONFIG, ./tokenjam.toml, ./.tj/config.toml, ~/.config/tj/config.toml)")
    Path config;

    /** The --config value, or null. */
    public Path file() {
        return config;
    }

    public TjConfig load() {
        return ConfigLoader.load(config, System.getenv(), Path.of("").toAbsolutePath(), home());
    }

    /** $HOME when set (what the shell and every agent use), else Java's user.home (from the passwd entry). */
    public static Path home() {
        String h = System.getenv("HOME");
        return h == null || h.isBlank() ? Path.of(System.getProperty("user.home")) : Path.of(h);
    }

    /** TJ_HOME, default ~/.tj: the DB and server state live here. */
    public static Path tjHome() {
        String h = System.getenv("TJ_HOME");
        return h == null || h.isBlank() ? home().resolve(".tj") : Path.of(h);
    }
}
