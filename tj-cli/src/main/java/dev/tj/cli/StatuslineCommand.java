package dev.tj.cli;

import dev.tj.core.config.TjConfig;
import dev.tj.core.quota.StatusLine;
import dev.tj.core.quota.StatusLineInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/**
 * Claude Code's {@code statusLine} command for those who run the jar itself: sends the JSON on stdin
 * to the daemon's {@code POST /api/v1/statusline} and prints the line it answers, else renders the
 * line here. {@code bin/tj statusline} never gets here: it runs {@code bin/tj-statusline} (sh, curl,
 * awk), since a JVM start alone takes longer than a statusline refresh should. Prints one line and
 * exits 0 whatever the input, arguments or daemon; nothing on stderr, which Claude Code would show.
 */
@Command(
        name = "statusline",
        description = "Claude Code statusLine command: prints model, cost, context and the 5-hour and weekly windows"
                + " from the JSON on stdin, and records them in the daemon. Always exits 0.")
public final class StatuslineCommand implements Callable<Integer> {
    static final int TIMEOUT_MS = 250;
    /** Claude Code's statusline payloads are a few KB; the daemon takes at most this much. */
    static final int MAX_BYTES = 256 * 1024;

    @Mixin
    ConfigOption configOption = new ConfigOption();

    /** Whatever else a settings file passes: still a line and exit 0. */
    @Unmatched
    List<String> unmatched = new ArrayList<>();

    @Override
    public Integer call() {
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        String line;
        try {
            String input = System.console() != null ? "" : read(System.in);
            line = input.isBlank() ? null : fromDaemon(input).orElse(null);
            if (line == null) line = StatusLine.render(StatusLineInput.lenient(input), now(), null);
        } catch (Exception | Error e) {
            line = "tj";
        }
        // bytes, not println: stdout's charset follows the locale, which may not be UTF-8
        byte[] out = (line + "\n").getBytes(StandardCharsets.UTF_8);
        System.out.write(out, 0, out.length);
        System.out.flush();
        return 0;
    }

    private Optional<String> fromDaemon(String input) {
        try {
            TjConfig config = configOption.load();
            String secret = System.getenv("TJ_INGEST_SECRET");
            if (secret == null || secret.isBlank())
                secret = IngestSecret.find(config, ConfigOption.tjHome()).orElse(null);
            DaemonClient client = DaemonClient.locate(config, ConfigOption.tjHome(), timeoutMs());
            return client.post("/api/v1/statusline", input, secret)
                    .filter(r -> r.status() == 200 && !r.body().isBlank())
                    .map(r -> r.body().strip().lines().findFirst().orElse(""));
        } catch (Exception | Error e) {
            return Optional.empty(); // down, slow, refused or unconfigurable: the line is made here
        }
    }

    /** TJ_STATUSLINE_TIMEOUT (seconds, as bin/tj-statusline takes it), else {@link #TIMEOUT_MS}. */
    static int timeoutMs() {
        String t = System.getenv("TJ_STATUSLINE_TIMEOUT");
        if (t != null && t.matches("[0-9]{1,3}(\\.[0-9]{1,3})?"))
            return (int) Math.max(1, Double.parseDouble(t) * 1000);
        return TIMEOUT_MS;
    }

    /** TJ_STATUSLINE_NOW (epoch seconds, for tests, as bin/tj-statusline takes it), else the clock. */
    static long now() {
        String fixed = System.getenv("TJ_STATUSLINE_NOW");
        if (fixed != null && fixed.matches("[0-9]{1,12}")) return Long.parseLong(fixed);
        return System.currentTimeMillis() / 1000;
    }

    /** Stdin up to {@link #MAX_BYTES}; a longer one is cut (and read leniently). */
    static String read(InputStream in) throws IOException {
        return new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
    }

    /** For arguments picocli cannot parse: the same line, the same exit 0. */
    static int fallback() {
        return new StatuslineCommand().call();
    }
}
