package dev.tj.core.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Finds and reads the TOML config: --config / TJ_CONFIG, then ./tokenjam.toml, ./.tj/config.toml,
 * ~/.config/tj/config.toml; defaults when none exists.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /**
     * @param explicit --config value or null
     * @param env      process environment (TJ_CONFIG, TJ_HOME, TJ_CLAUDE_PROJECTS_ROOT ...)
     * @param cwd      working directory
     * @param home     user home
     * @throws ConfigException with file, line and column on a syntax or type error
     */
    public static TjConfig load(Path explicit, Map<String, String> env, Path cwd, Path home) {
        throw new UnsupportedOperationException("TODO(pricing helper)");
    }
}
