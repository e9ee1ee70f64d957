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

    public TjConfig load() {
        return ConfigLoader.load(config, System.getenv(), Path.of("").toAbsolutePath(), home());
    }

    public static Path home() {
        return Path.of(System.getProperty("user.home"));
    }

    /** TJ_HOME, default ~/.tj: the DB and server state live here. */
    public static Path tjHome() {
        String h = System.getenv("TJ_HOME");
        return h == null || h.isBlank() ? home().resolve(".tj") : Path.of(h);
    }
}
