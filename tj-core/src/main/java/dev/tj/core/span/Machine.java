package dev.tj.core.span;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where records came from when they do not say it themselves: this tj's {@code [machine]} (its
 * hostname and OS user by default) for what reaches it locally, or an ingest token's machine for what
 * another machine sends a team server.
 *
 * @param name the machine, like OpenTelemetry's {@code host.name}
 * @param user who works there, like Claude Code's {@code user.email}; null when not known
 */
public record Machine(String name, String user) {
    public static final Machine UNKNOWN = new Machine(null, null);
    private static final Machine LOCAL = new Machine(hostname(), blankToNull(System.getProperty("user.name")));

    public Machine {
        name = blankToNull(name);
        user = blankToNull(user);
    }

    /** Each span with the machine and user it does not say itself taken from this one. */
    public List<Span> stamp(List<Span> spans) {
        if (name == null && user == null) return spans;
        List<Span> out = new ArrayList<>(spans.size());
        for (Span s : spans) out.add(s.on(this));
        return out;
    }

    /** This host's name and the OS user running tj: {@code [machine]}'s defaults. */
    public static Machine local() {
        return LOCAL;
    }

    /** Without a name lookup through DNS, which can hang for seconds on a laptop offline. */
    private static String hostname() {
        String env = blankToNull(System.getenv("HOSTNAME"));
        if (env != null) return env;
        try {
            String etc = blankToNull(Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8));
            if (etc != null) return etc;
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or not readable: ask the JDK
        }
        try {
            return blankToNull(java.net.InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
