package dev.tj.server;

import static dev.tj.testkit.StatuslinePayloads.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.quota.StatusLine;
import dev.tj.core.quota.StatusLineInput;
import dev.tj.server.tls.PemKeyStore;
import dev.tj.testkit.MutableClock;
import dev.tj.testkit.StatuslinePayloads;
import dev.tj.testkit.TestCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/tj-statusline} run with {@code sh} as Claude Code runs it: with the daemon up
 * it prints the daemon's line (an awk that cannot run proves it did not compute its own); with the
 * daemon down each awk on this machine (mawk, gawk, …) prints exactly the line
 * {@link StatusLine} renders for the same payload and clock, for the documented variants and for
 * odd, cut-short and broken input. Always exit 0, never a byte on stderr.
 */
class StatuslineScriptTest {
    static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("bin/tj-statusline");

    @TempDir
    Path home;

    record Run(int exit, String out, String err) {}

    Run run(String stdin, Map<String, String> extraEnv) throws Exception {
        return run("sh", stdin, extraEnv);
    }

    /** @param shell sh takes the curl path; bash (as bin/tj runs it) talks HTTP on /dev/tcp itself */
    Run run(String shell, String stdin, Map<String, String> extraEnv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(shell, SCRIPT.toString());
        Map<String, String> env = pb.environment();
        env.put("TJ_HOME", home.toString());
        env.put("HOME", home.toString());
        env.put("TJ_STATUSLINE_NOW", Long.toString(NOW));
        env.remove("TJ_INGEST_SECRET");
        env.putAll(extraEnv);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the script may stop reading early; what it printed is still judged
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.exitValue(), out, err);
    }

    /** Every distinct awk this machine has (nawk is often another's link); at least the default {@code awk}. */
    static List<String> awks() throws IOException {
        List<String> out = new ArrayList<>();
        List<Path> seen = new ArrayList<>();
        for (String a : new String[] {"mawk", "gawk", "nawk", "original-awk", "awk"})
            for (String dir : System.getenv("PATH").split(":")) {
                Path p = Path.of(dir, a);
                if (!Files.isExecutable(p) || seen.contains(p.toRealPath())) continue;
                seen.add(p.toRealPath());
                out.add(a);
            }
        return out;
    }

    void daemonAt(int port, String secret) throws IOException {
        Files.writeString(
                home.resolve("server.json"),
                "{\"pid\":1,\"host\":\"127.0.0.1\",\"port\":" + port + ",\"grpc_port\":0,\"started_at\":null}\n");
        Files.writeString(home.resolve("ingest-secret"), secret + "\n");
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String java(String payload) {
        return StatusLine.render(StatusLineInput.lenient(payload), NOW, null) + "\n";
    }

    /** The documented variants, odd values, and broken input. */
    static List<String> payloads() {
        List<String> p = new ArrayList<>(StatuslinePayloads.expectedLines().keySet());
        String five = "{\"model\":\"Haiku\",\"rate_limits\":{\"five_hour\":";
        p.addAll(List.of(
                "",
                "garbage",
                "{}",
                "[]",
                "null",
                "{\"model\":{\"id\":\"claude-x\",\"display_name\":\"\"},\"cost\":{\"total_cost_usd\":\"0.125\"}}",
                "{\"model\":{\"display_name\":\"Op\\u00e9\\t\\u0000 \\ud83d\\ude00 \\ud800x \\\"q\\\" \\\\ \\/\"}}",
                "{\"model\":{\"display_name\":\"Ünï ✓\"},\"cost\":{\"total_cost_usd\":-0.0}}",
                "{\"cost\":{\"total_cost_usd\":1e999},\"context_window\":{\"used_percentage\":-0.0}}",
                "{\"cost\":{\"total_cost_usd\":0.375},\"context_window\":{\"used_percentage\":99.5}}",
                "{\"cost\":{\"total_cost_usd\":9999999.994}}",
                five + "{\"used_percentage\":30,\"resets_at\":" + (NOW + 14400) + "}}}",
                five + "{\"used_percentage\":\"30\",\"resets_at\":\"" + (NOW + 14400) + "\"}}}",
                five + "{\"used_percentage\":30,\"resets_at\":" + (NOW + 14400) + ".9}}}",
                five + "{\"used_percentage\":100,\"resets_at\":" + (NOW + 30) + "}}}",
                five + "{\"used_percentage\":0,\"resets_at\":" + (NOW + 30) + "}}}",
                five + "{\"used_percentage\":99.99,\"resets_at\":" + (NOW + 17999) + "}}}",
                five + "{\"used_percentage\":1e-3,\"resets_at\":" + (NOW + 1) + "}}}",
                five + "{\"used_percentage\":50,\"resets_at\":" + (NOW + 20000) + "}}}",
                five + "{\"used_percentage\":50,\"resets_at\":" + (NOW - 1) + "}}}",
                five + "{\"used_percentage\":50,\"resets_at\":" + (NOW + 7200) * 1000 + "}}}",
                five + "{\"used_percentage\":50,\"resets_at\":\"2026-11-30T19:33:20.5+00:00\"}}}",
                five + "{\"used_percentage\":50,\"resets_at\":\"2026-11-30 21:03:20+0330\"}}}",
                five + "{\"used_percentage\":50,\"resets_at\":\"2026-11-30T19:33:20\"}}}",
                five + "{\"used_percentage\":50,\"resets_at\":\"2026-11-30T19:33Z\"}}}",
                five + "{\"used_percentage\":50,\"resets_at\":\"2026-02-30T19:33:20Z\"}}}",
                five + "{\"used_percentage\":50,\"resets_at\":\"2026-11-30T19:33:20+24:00\"}}}",
                five + "{\"used_percentage\":50,\"resets_at\":\"2026-11-30T19:33:20 \"}}}",
                five + "{\"used_percentage\":50,\"resets_at\":\"0x6B0B2E00\"}}}",
                five + "{\"used_percentage\":50,\"resets_at\":null}}}",
                five + "{\"used_percentage\":150,\"resets_at\":" + (NOW + 60) + "},\"seven_day\":{\"used_percentage\":"
                        + "33.3,\"resets_at\":" + (NOW + 86400 * 6) + "}}}",
                "{\"rate_limits\":{\"seven_day\":{\"used_percentage\":70,\"resets_at\":" + (NOW + 86400 * 3)
                        + "},\"seven_day_sonnet\":{\"used_percentage\":90,\"resets_at\":" + (NOW + 86400 * 6) + "}}}",
                "{\"rate_limits\":{\"spend_limit\":{\"used_usd\":\"49.999\",\"limit_usd\":49.5,\"period\":\"Weekly\"}}}",
                "{\"rate_limits\":{\"spend_limit\":{\"used_usd\":1,\"limit_usd\":2,\"period\":\"quarter\"}}}",
                "{\"rate_limits\":{\"spend_limit\":{\"used_usd\":1,\"limit_usd\":2,\"period\":\"a long period\"}}}",
                "{\"rate_limits\":{\"spend_limit\":{\"used_usd\":1,\"limit_usd\":0}}}",
                "{\"model\":{\"display_name\":\"A\"},\"model\":{\"display_name\":\"B\"},\"x\":[[{\"model\":1}]]}",
                "{\"a\":{\"b\":[1,2,{\"c\":\"}\"}]},\"model\":\"After [nested]\"}"));
        // cut short anywhere: what came before the cut, as both read it
        String max = StatuslinePayloads.MAX;
        for (int i = 1; i < max.length(); i += 37) p.add(max.substring(0, i));
        return p;
    }

    @Test
    void daemonDownEveryAwkPrintsTheJavaLineExitsZeroAndWritesNoStderr() throws Exception {
        daemonAt(closedPort(), "s");
        List<String> awks = awks();
        for (String awk : awks) {
            for (String payload : payloads()) {
                Run r = run(payload, Map.of("TJ_AWK", awk));
                assertThat(r.exit()).as("%s: %s", awk, payload).isZero();
                assertThat(r.err()).as("%s: %s", awk, payload).isEmpty();
                assertThat(r.out()).as("%s: %s", awk, payload).isEqualTo(java(payload));
            }
        }
        // bash reads stdin with its read builtin, in a UTF-8 locale: the same bytes reach awk
        for (String payload : payloads()) {
            Run r = run("bash", payload, Map.of("LANG", "C.UTF-8"));
            assertThat(r.exit()).as("bash: %s", payload).isZero();
            assertThat(r.err()).as("bash: %s", payload).isEmpty();
            assertThat(r.out()).as("bash: %s", payload).isEqualTo(java(payload));
        }
        System.out.println("statusline script checked under sh with " + awks + " and under bash");
    }

    @Test
    void noStateAtAllStillPrintsTheLine() throws Exception {
        // no server.json, no secret: the default port, where nothing listens in this test's home
        Run r = run(StatuslinePayloads.PRO, Map.of("TJ_STATUSLINE_TIMEOUT", "0.05"));
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(java(StatuslinePayloads.PRO));
    }

    @Test
    void daemonUpPrintsTheDaemonsLineAndARefusalFallsBackToAwk(@TempDir Path data) throws Exception {
        try (TestServer server = TestServer.start(data, c -> c, new MutableClock(Instant.ofEpochSecond(NOW)))) {
            daemonAt(server.daemon.httpPort(), TestServer.SECRET);
            // "false" as the awk: a line can only have come from the daemon; sh posts with curl,
            // bash on /dev/tcp (a UTF-8 locale, where Content-Length must still count bytes)
            Map<String, String> expected = new java.util.LinkedHashMap<>(StatuslinePayloads.expectedLines());
            String accents = "{\"model\":{\"display_name\":\"Ünï ✓ Opus\"},\"rate_limits\":{\"five_hour\":"
                    + "{\"used_percentage\":10,\"resets_at\":" + (NOW + 3600) + "}}}";
            expected.put(accents, "Ünï ✓ Opus · 5h 10% ↻1h0m");
            for (String shell : List.of("sh", "bash"))
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    Run r = run(
                            shell,
                            e.getKey(),
                            Map.of("TJ_AWK", "false", "TJ_STATUSLINE_TIMEOUT", "5", "LANG", "C.UTF-8"));
                    assertThat(r.exit()).isZero();
                    assertThat(r.err()).isEmpty();
                    assertThat(r.out()).as("%s: %s", shell, e.getKey()).isEqualTo(e.getValue() + "\n");
                }
            Map<String, String> env = new HashMap<>(Map.of("TJ_AWK", "false", "TJ_STATUSLINE_TIMEOUT", "5"));
            // JSON the daemon refuses (400) and a wrong secret (401): the awk line, here none at all
            assertThat(run("{\"model\":", env).out()).isEmpty();
            assertThat(run("bash", "{\"model\":", env).out()).isEmpty();
            env.put("TJ_INGEST_SECRET", "wrong");
            assertThat(run(StatuslinePayloads.MAX, env).out()).isEmpty();
            assertThat(run("bash", StatuslinePayloads.MAX, env).out()).isEmpty();
            env.remove("TJ_AWK");
            for (String shell : List.of("sh", "bash")) {
                Run r = run(shell, StatuslinePayloads.MAX, env);
                assertThat(r.exit()).isZero();
                assertThat(r.err()).isEmpty();
                assertThat(r.out()).isEqualTo(java(StatuslinePayloads.MAX));
            }
        }
    }

    @Test
    void aDaemonOnHttpsIsReachedThroughItsPinnedKeyAndAnyOtherKeyIsRefused(@TempDir Path data) throws Exception {
        TestCertificate cert = TestCertificate.make(data.resolve("tls"), "EC");
        TestCertificate other = TestCertificate.make(data.resolve("other"), "EC");
        try (TestServer server = TestServer.start(
                data.resolve("db"),
                c -> c.withApi(c.api().withTls(cert.cert(), cert.key())),
                new MutableClock(Instant.ofEpochSecond(NOW)))) {
            String payload = StatuslinePayloads.MAX;
            String expected = StatuslinePayloads.expectedLines().get(payload);
            Map<String, String> env = Map.of("TJ_AWK", "false", "TJ_STATUSLINE_TIMEOUT", "5");
            // as tj serve records it: the key of its certificate, which names localhost, dialled as 127.0.0.1
            tlsDaemonAt(server.daemon.httpPort(), PemKeyStore.publicKeyPin(cert.cert()));
            for (String shell : List.of("sh", "bash")) {
                Run r = run(shell, payload, env);
                assertThat(r.exit()).isZero();
                assertThat(r.err()).isEmpty();
                assertThat(r.out()).as(shell).isEqualTo(expected + "\n");
            }
            // another key pinned: nothing is sent, and the line falls back to awk (here none)
            tlsDaemonAt(server.daemon.httpPort(), PemKeyStore.publicKeyPin(other.cert()));
            for (String shell : List.of("sh", "bash")) {
                Run r = run(shell, payload, env);
                assertThat(r.exit()).isZero();
                assertThat(r.out()).as(shell).isEmpty();
            }
            // the snapshots are kept after the answer: wait until the first one is
            var quota = server.daemon.context().storage().quota();
            for (int i = 0; i < 200 && quota.latest(null).isEmpty(); i++) Thread.sleep(50);
            assertThat(quota.latest(null)).isPresent();
        }
    }

    void tlsDaemonAt(int port, String pin) throws IOException {
        Files.writeString(
                home.resolve("server.json"),
                "{\"pid\":1,\"host\":\"0.0.0.0\",\"port\":" + port
                        + ",\"grpc_port\":0,\"started_at\":null,\"tls_pin\":\"" + pin + "\"}\n");
        Files.writeString(home.resolve("ingest-secret"), TestServer.SECRET + "\n");
    }
}
