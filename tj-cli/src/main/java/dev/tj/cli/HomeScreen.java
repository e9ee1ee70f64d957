package dev.tj.cli;

import dev.tj.core.config.ConfigLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bare {@code tj}: what tj sees now (a config file, a running daemon) and the next useful commands.
 * It reads two small files and nothing else: no database, no network, no config parsing (a broken
 * config must not hide the screen that tells you how to fix it).
 */
final class HomeScreen {
    private HomeScreen() {}

    static final String WORDMARK =
            String.join("\n", "   _   _ ", "  | |_(_)", "  | __| |", "  | |_| |", "   \\__/ |", "    |__/ ");

    record Next(String command, String why) {}

    /** What the screen says, as data (also its --json). */
    static Map<String, Object> state(Map<String, String> env, Path cwd, Path home, Path tjHome) {
        Path config;
        String configError = null;
        try {
            config = ConfigLoader.discover(null, env, cwd, home);
        } catch (RuntimeException e) {
            config = null;
            configError = e.getMessage();
        }
        Optional<ServerState> state = ServerState.read(tjHome);
        Optional<ProcessHandle> process = state.flatMap(ServerState::process);
        boolean running = process.isPresent();
        String url = running
                ? "http://" + host(state.get().host()) + ":" + state.get().port() + "/"
                : null;
        List<Next> next = new ArrayList<>();
        if (config == null && !running) {
            next.add(new Next(
                    "tj quickstart", "where your Claude Code tokens went, from history on disk (writes nothing)"));
            next.add(new Next("tj onboard", "capture Claude Code and Codex live: daemon, dashboard, MCP server"));
            next.add(new Next("tj context --since 7d", "what fills your context and what re-reading it costs"));
        } else {
            if (running) next.add(new Next("tj status", "what your agents are doing now, and what it cost"));
            else next.add(new Next("tj serve", "start the daemon: live capture and the dashboard"));
            next.add(new Next("tj context", "what fills the context and what re-reading it costs"));
            next.add(new Next("tj tokenmaxx", "your shareable quota/efficiency card"));
            next.add(new Next("tj quota-audit", "Opus sessions a Sonnet-class model might have handled"));
            next.add(new Next("tj quota", "the 5-hour and weekly windows: used, reset, projection"));
            next.add(new Next("tj cost --group-by model", "spend by model (or day, agent, session, project)"));
            if (running) next.add(new Next("open " + url, "the dashboard"));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", Version.current());
        m.put("set_up", config != null);
        m.put("config", config == null ? null : config.toString());
        m.put("config_error", configError);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("running", running);
        d.put("pid", running ? process.get().pid() : null);
        d.put("dashboard_url", url);
        m.put("daemon", d);
        List<Map<String, String>> n = new ArrayList<>();
        for (Next x : next) n.add(Map.of("command", x.command(), "why", x.why()));
        m.put("next", n);
        return m;
    }

    private static String host(String h) {
        return h.equals("0.0.0.0") || h.equals("::") ? "127.0.0.1" : h.contains(":") ? "[" + h + "]" : h;
    }

    /** Colour only on a terminal, and never with --no-color or NO_COLOR (https://no-color.org). */
    static boolean color(boolean noColor, Map<String, String> env) {
        String nc = env.get("NO_COLOR");
        return !noColor && (nc == null || nc.isEmpty()) && System.console() != null;
    }

    @SuppressWarnings("unchecked")
    static void print(PrintStream out, Map<String, Object> s, boolean color) {
        String bold = color ? "\u001b[1m" : "",
                cyan = color ? "\u001b[36m" : "",
                dim = color ? "\u001b[2m" : "",
                reset = color ? "\u001b[0m" : "";
        out.println(cyan + WORDMARK + reset);
        out.println(bold + "tj " + s.get("version") + reset);
        out.println(dim + "local-first observability for AI coding agents · nothing leaves your machine" + reset);
        out.println();
        Map<String, Object> d = (Map<String, Object>) s.get("daemon");
        boolean running = (Boolean) d.get("running");
        if (s.get("config_error") != null) out.println("Config:  " + s.get("config_error"));
        if (!(Boolean) s.get("set_up") && !running) {
            out.println("Not set up yet. Get started:");
        } else {
            out.println("Config:  " + (s.get("config") == null ? "none (defaults)" : s.get("config")));
            out.println("Daemon:  "
                    + (running
                            ? "running (pid " + d.get("pid") + ") · dashboard " + d.get("dashboard_url")
                            : "not running"));
            out.println();
            out.println("Next best actions:");
        }
        for (Map<String, String> n : (List<Map<String, String>>) s.get("next"))
            out.printf("  %s%-26s%s %s%n", bold, n.get("command"), reset, n.get("why"));
        out.println();
        out.println(dim + "Full command list: tj --help" + reset);
    }
}
