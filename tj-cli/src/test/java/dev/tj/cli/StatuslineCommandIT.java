package dev.tj.cli;

import static dev.tj.testkit.StatuslinePayloads.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.testkit.StatuslinePayloads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tj statusline} as Claude Code runs it, both ways: the jar's command and {@code bin/tj
 * statusline} (which runs bin/tj-statusline without a JVM). One line on stdout, nothing on stderr,
 * exit 0 whatever the input, arguments or daemon.
 */
class StatuslineCommandIT {
    static final Path BIN_TJ = Path.of("").toAbsolutePath().getParent().resolve("bin/tj");
    static final Map<String, String> FIXED = Map.of("TJ_STATUSLINE_NOW", Long.toString(NOW));

    @TempDir
    Path home;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void assertLine(TjProcess.Result r, String line) {
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(line + "\n");
    }

    /** bin/tj with this test's TJ_HOME and HOME. */
    TjProcess.Result binTj(byte[] stdin, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(BIN_TJ.toString(), "statusline");
        pb.environment().put("TJ_HOME", home.toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        Path in = java.nio.file.Files.createTempFile(home, "in", ".json");
        java.nio.file.Files.write(in, stdin);
        Path out = home.resolve("bin.out"), err = home.resolve("bin.err");
        Process p = pb.redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return new TjProcess.Result(
                p.exitValue(), java.nio.file.Files.readString(out), java.nio.file.Files.readString(err));
    }

    @Test
    void daemonDownTheJarAndBinTjPrintTheSameLineForEachVariant() throws Exception {
        for (Map.Entry<String, String> e : StatuslinePayloads.expectedLines().entrySet()) {
            assertLine(TjProcess.run(home, FIXED, bytes(e.getKey()), "statusline"), e.getValue());
            assertLine(binTj(bytes(e.getKey()), FIXED), e.getValue());
        }
    }

    @Test
    void badInputAndOddArgumentsStillGiveALineAndExitZero() throws Exception {
        assertLine(TjProcess.run(home, FIXED, new byte[0], "statusline"), "tj");
        assertLine(
                TjProcess.run(home, FIXED, bytes("{\"model\":{\"display_name\":\"Opus 4.1\"},\"cost"), "statusline"),
                "Opus 4.1");
        assertLine(TjProcess.run(home, FIXED, bytes("\u0000\u00ff garbage"), "statusline"), "tj");
        for (List<String> args : List.of(
                List.of("statusline", "--weird", "x"),
                List.of("statusline", "--config"),
                List.of("statusline", "a", "b")))
            assertLine(
                    TjProcess.run(home, FIXED, bytes(StatuslinePayloads.GATEWAY), args.toArray(new String[0])),
                    StatuslinePayloads.expectedLines().get(StatuslinePayloads.GATEWAY));
        assertLine(binTj(new byte[0], FIXED), "tj");
        assertLine(binTj(bytes("{\"model\":\"Opus\",\"cost\":{\"total_cost_usd\":1.5"), FIXED), "Opus");
    }

    @Test
    void daemonUpBothPrintTheDaemonsLineAtItsClock() throws Exception {
        try (TjProcess.Daemon d = TjProcess.Daemon.start(home, Map.of())) {
            long reset = System.currentTimeMillis() / 1000 + 3 * 3600 + 1800;
            String payload =
                    "{\"session_id\":\"s1\",\"model\":{\"id\":\"claude-opus-4-1\",\"display_name\":\"Opus 4.1\"},"
                            + "\"cost\":{\"total_cost_usd\":2},\"rate_limits\":{\"five_hour\":{\"used_percentage\":10,"
                            + "\"resets_at\":" + reset + "}}}";
            // a local line would be for this fixed clock, 7 hours before the reset: the daemon's is not
            Map<String, String> env =
                    Map.of("TJ_STATUSLINE_NOW", Long.toString(reset - 7 * 3600), "TJ_STATUSLINE_TIMEOUT", "10");
            for (TjProcess.Result r :
                    List.of(TjProcess.run(home, env, bytes(payload), "statusline"), binTj(bytes(payload), env))) {
                assertThat(r.exit()).isZero();
                assertThat(r.err()).isEmpty();
                assertThat(r.out()).matches("Opus 4\\.1 · ~\\$2\\.00 API · 5h 10% ↻3h(29|30)m\n");
            }
        }
    }
}
