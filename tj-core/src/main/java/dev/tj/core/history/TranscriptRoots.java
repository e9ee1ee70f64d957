package dev.tj.core.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where Claude Code and Codex keep their history on this machine. */
public final class TranscriptRoots {
    private TranscriptRoots() {}

    /**
     * Claude Code projects directories: {@code --root} alone when given; else every existing one of
     * {@code ~/.claude/projects}, {@code ~/.config/claude/projects} and {@code <entry>/projects} for each
     * comma-separated {@code CLAUDE_CONFIG_DIR} entry (ccusage's rules), plus TJ_CLAUDE_PROJECTS_ROOT.
     */
    public static List<Path> claudeCode(Path explicitRoot, Map<String, String> env, Path home) {
        if (explicitRoot != null) return List.of(expand(explicitRoot.toString(), home));
        Set<Path> out = new LinkedHashSet<>();
        String cfg = env.get("CLAUDE_CONFIG_DIR");
        if (cfg != null && !cfg.isBlank()) {
            for (String e : cfg.split(",")) {
                if (e.isBlank()) continue;
                Path p = expand(e.trim(), home);
                addIfDir(
                        out,
                        p.getFileName() != null
                                        && p.getFileName().toString().equals("projects")
                                        && !Files.isDirectory(p.resolve("projects"))
                                ? p
                                : p.resolve("projects"));
            }
        }
        String tjRoot = env.get("TJ_CLAUDE_PROJECTS_ROOT");
        if (tjRoot != null && !tjRoot.isBlank()) addIfDir(out, expand(tjRoot.trim(), home));
        addIfDir(out, home.resolve(".claude").resolve("projects"));
        addIfDir(out, home.resolve(".config").resolve("claude").resolve("projects"));
        return new ArrayList<>(out);
    }

    /** The places the message for "nothing found" names. */
    public static String describeClaudeDefaults(Map<String, String> env) {
        String cfg = env.get("CLAUDE_CONFIG_DIR");
        return "~/.claude/projects, ~/.config/claude/projects"
                + (cfg == null || cfg.isBlank() ? "" : ", $CLAUDE_CONFIG_DIR/projects");
    }

    /** Codex sessions directory: {@code --root}, else {@code $CODEX_HOME/sessions}, else {@code ~/.codex/sessions}. */
    public static List<Path> codex(Path explicitRoot, Map<String, String> env, Path home) {
        if (explicitRoot != null) return List.of(expand(explicitRoot.toString(), home));
        Set<Path> out = new LinkedHashSet<>();
        String ch = env.get("CODEX_HOME");
        if (ch != null && !ch.isBlank()) addIfDir(out, expand(ch.trim(), home).resolve("sessions"));
        addIfDir(out, home.resolve(".codex").resolve("sessions"));
        return new ArrayList<>(out);
    }

    /**
     * Every place Claude Code history may appear, existing or not (the same rules as
     * {@link #claudeCode}, plus {@code extra}): what {@code tj serve}'s catch-up follows, so a root
     * created after the daemon started is picked up.
     */
    public static List<Path> claudeCodeCandidates(Map<String, String> env, Path home, Path extra) {
        Set<Path> out = new LinkedHashSet<>();
        String cfg = env.get("CLAUDE_CONFIG_DIR");
        if (cfg != null && !cfg.isBlank()) {
            for (String e : cfg.split(",")) {
                if (e.isBlank()) continue;
                Path p = expand(e.trim(), home);
                boolean isProjects = p.getFileName() != null
                        && p.getFileName().toString().equals("projects")
                        && Files.isDirectory(p)
                        && !Files.isDirectory(p.resolve("projects"));
                out.add(canonical(isProjects ? p : p.resolve("projects")));
            }
        }
        String tjRoot = env.get("TJ_CLAUDE_PROJECTS_ROOT");
        if (tjRoot != null && !tjRoot.isBlank()) out.add(canonical(expand(tjRoot.trim(), home)));
        if (extra != null) out.add(canonical(extra));
        out.add(canonical(home.resolve(".claude").resolve("projects")));
        out.add(canonical(home.resolve(".config").resolve("claude").resolve("projects")));
        return new ArrayList<>(out);
    }

    /** Every place Codex rollouts may appear, existing or not: {@code extra}, {@code $CODEX_HOME/sessions}, {@code ~/.codex/sessions}. */
    public static List<Path> codexCandidates(Map<String, String> env, Path home, Path extra) {
        Set<Path> out = new LinkedHashSet<>();
        if (extra != null) out.add(canonical(extra));
        String ch = env.get("CODEX_HOME");
        if (ch != null && !ch.isBlank())
            out.add(canonical(expand(ch.trim(), home).resolve("sessions")));
        out.add(canonical(home.resolve(".codex").resolve("sessions")));
        return new ArrayList<>(out);
    }

    private static Path canonical(Path p) {
        try {
            return Files.exists(p) ? p.toRealPath() : p.toAbsolutePath().normalize();
        } catch (java.io.IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    static Path expand(String s, Path home) {
        if (s.equals("~")) return home;
        if (s.startsWith("~/")) return home.resolve(s.substring(2));
        return Path.of(s).toAbsolutePath().normalize();
    }

    private static void addIfDir(Set<Path> out, Path p) {
        if (!Files.isDirectory(p)) return;
        try {
            out.add(p.toRealPath());
        } catch (java.io.IOException e) {
            out.add(p.toAbsolutePath().normalize());
        }
    }
}
