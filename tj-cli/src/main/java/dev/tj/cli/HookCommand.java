package dev.tj.cli;

import dev.tj.core.config.TjConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * A Claude Code command hook for machines without curl: passes the JSON Claude Code writes on stdin
 * to the daemon's {@code POST /api/v1/hooks}. A hook must never disturb Claude Code, so it prints
 * nothing, waits at most {@link #TIMEOUT_MS} on the daemon and exits 0 whatever happens (garbage or
 * nothing on stdin, no daemon, a refusal). curl is preferred where present: a JVM start costs more
 * than the whole curl hook.
 */
@Command(
        name = "hook",
        description = "Claude Code hook command: sends the hook JSON on stdin to the daemon. Silent; always exits 0.")
public final class HookCommand implements Callable<Integer> {
    static final int TIMEOUT_MS = 300;
    /** Claude Code's hook payloads are a few KB; a larger stdin is not one. */
    static final int MAX_BYTES = 1 << 20;

    @Mixin
    ConfigOption configOption;

    @Parameters(
            arity = "0..*",
            description = "hook event name (Stop, Notification, …), used when the JSON lacks hook_event_name")
    List<String> words = new ArrayList<>();

    /** Whatever else a settings file passes: a hook with odd arguments still exits 0 (2 would block Claude Code). */
    @Unmatched
    List<String> unmatched = new ArrayList<>();

    @Override
    public Integer call() {
        try {
            if (System.console() != null) return 0; // a terminal, not Claude Code: nothing to send
            byte[] body = readBounded(System.in);
            if (body == null || body.length == 0) return 0;
            TjConfig config = configOption.load();
            String secret = IngestSecret.find(config, ConfigOption.tjHome()).orElse(null);
            DaemonClient client = DaemonClient.locate(config, ConfigOption.tjHome(), TIMEOUT_MS);
            String event = words.isEmpty() ? "" : words.get(0);
            String path = "/api/v1/hooks"
                    + (event.isBlank() ? "" : "?event=" + URLEncoder.encode(event, StandardCharsets.UTF_8));
            client.post(path, new String(body, StandardCharsets.UTF_8), secret);
        } catch (Exception | Error e) {
            // silent by contract: a hook's stderr shows up in Claude Code
        }
        return 0;
    }

    /** The whole of stdin, or null when it is larger than any hook payload. */
    static byte[] readBounded(InputStream in) throws IOException {
        byte[] data = in.readNBytes(MAX_BYTES + 1);
        return data.length > MAX_BYTES ? null : data;
    }
}
