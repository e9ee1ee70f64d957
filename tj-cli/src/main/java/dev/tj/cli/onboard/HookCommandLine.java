package dev.tj.cli.onboard;

import dev.tj.cli.ServiceCommand;
import dev.tj.core.agent.Connection;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The command Claude Code runs for each tj hook: the README's curl one-liner (a few milliseconds,
 * never fails the hook) when curl is on PATH, else {@code <this tj> hook <event>}.
 */
public final class HookCommandLine {
    private HookCommandLine() {}

    /** The hook command per event for this machine. */
    public static Function<String, String> choose(Connection c, Map<String, String> env) {
        if (onPath("curl", env.get("PATH")).isPresent()) {
            String curl = c.curlHookCommand();
            return event -> curl;
        }
        String tj = launcher(env);
        return event -> tj + " hook " + event;
    }

    /**
     * Claude Code's statusLine command: {@code <this tj> statusline}, which bin/tj hands to its
     * JVM-free script. TJ_HOME and a secret set in the config go with it, since Claude Code runs it
     * in its own environment, where neither may be.
     */
    public static String statusLine(Map<String, String> env, dev.tj.core.config.TjConfig config) {
        StringBuilder b = new StringBuilder();
        String home = env.get("TJ_HOME");
        if (home != null && !home.isBlank())
            b.append("TJ_HOME=").append(shellQuote(home)).append(' ');
        String secret = config.security().ingestSecret();
        if (!secret.isBlank())
            b.append("TJ_INGEST_SECRET=").append(shellQuote(secret)).append(' ');
        return b.append(launcher(env)).append(" statusline").toString();
    }

    /** How to run this tj from a shell: bin/tj's path (TJ_LAUNCHER), else java -jar on this jar. */
    public static String launcher(Map<String, String> env) {
        String l = env.get("TJ_LAUNCHER");
        if (l != null && !l.isBlank()) return shellQuote(l);
        String java = ProcessHandle.current().info().command().orElse("java");
        return ServiceCommand.ownJar()
                .map(jar -> shellQuote(java) + " -jar " + shellQuote(jar.toString()))
                .orElse("tj");
    }

    static Optional<Path> onPath(String name, String path) {
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    static String shellQuote(String s) {
        if (s.matches("[A-Za-z0-9_./:=@%+-]+")) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
