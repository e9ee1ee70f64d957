package dev.tj.cli;

import dev.tj.core.config.TjConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Marks a terminal's sessions (or one session) closed. Runs from shell exit traps, so it never
 * fails the caller: it always exits 0 and waits at most 2 seconds.
 */
@Command(
        name = "session-end",
        description = "Close the live sessions of a terminal (--instance) or one session (--session). Always exits 0.")
public final class SessionEndCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--instance", description = "service.instance.id of the terminal whose sessions end")
    String instance;

    @Option(names = "--session", description = "session id to close")
    String session;

    @Option(
            names = {"-v", "--verbose"},
            description = "print the result")
    boolean verbose;

    @Override
    public Integer call() {
        if (instance == null && session == null) {
            System.err.println("tj session-end: give --instance and/or --session");
            return 0;
        }
        try {
            TjConfig config = configOption.load();
            String secret = IngestSecret.find(config, ConfigOption.tjHome()).orElse(null);
            DaemonClient client = DaemonClient.locate(config, ConfigOption.tjHome(), 2000);
            StringBuilder body = new StringBuilder("{");
            if (instance != null) body.append("\"instance_id\":").append(quote(instance));
            if (session != null)
                body.append(instance != null ? "," : "")
                        .append("\"session_id\":")
                        .append(quote(session));
            body.append('}');
            var response = client.post("/api/v1/sessions/close", body.toString(), secret);
            if (verbose) {
                System.out.println(response.map(r -> r.status() + " " + r.body().trim())
                        .orElse("no tj daemon at " + client.base()));
            }
        } catch (Exception e) {
            if (verbose) System.err.println("tj session-end: " + e.getMessage());
        }
        return 0;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20) b.append(String.format("\\u%04x", (int) ch));
                    else b.append(ch);
                }
            }
        }
        return b.append('"').toString();
    }
}
