package dev.tj.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real shaded jar as a child process, the way users run it. */
final class TjProcess {
    static final Path JAR = locateJar();
    static final int ISOLATED_PORT = isolatedPort();

    private static int isolatedPort() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path locateJar() {
        Path p = Path.of("target", "tj.jar").toAbsolutePath();
        if (!Files.isRegularFile(p)) throw new IllegalStateException("shaded jar missing: " + p + " (run mvn package)");
        return p;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static ProcessBuilder builder(Path home, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(
                List.of(javaBin(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TJ_HOME", home.toString());
        pb.environment().put("HOME", home.resolve("user-home").toString());
        // whatever the caller's shell points tj at (another agent home, another store) stays out
        for (String v : List.of("TJ_CONFIG", "CLAUDE_CONFIG_DIR", "CODEX_HOME", "TJ_STORAGE_URL"))
            pb.environment().remove(v);
        if (!env.containsKey("TJ_CONFIG")) {
            // never talk to a daemon the developer may run on the default port
            Path cfg = home.resolve("isolated.toml");
            try {
                // and never catch up the developer's own transcripts, whatever decides where ~ is
                Path userHome = home.resolve("user-home");
                if (!Files.exists(cfg))
                    Files.writeString(
                            cfg,
                            "[api]\nport = " + ISOLATED_PORT + "\n\n[catchup]\nclaude_roots = [\""
                                    + userHome.resolve(".claude/projects") + "\"]\ncodex_roots = [\""
                                    + userHome.resolve(".codex/sessions") + "\"]\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            pb.environment().put("TJ_CONFIG", cfg.toString());
        }
        pb.environment().putAll(env);
        pb.directory(home.toFile());
        return pb;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs a command to completion. */
    static Result run(Path home, Map<String, String> env, String... args) throws Exception {
        return run(home, env, null, args);
    }

    /** Runs a command to completion with these bytes on its stdin (null: none). */
    static Result run(Path home, Map<String, String> env, byte[] stdin, String... args) throws Exception {
        ProcessBuilder pb = builder(home, env, args);
        if (stdin != null) {
            Path in = Files.createTempFile(home, "in", ".txt");
            Files.write(in, stdin);
            pb.redirectInput(in.toFile());
        }
        Path out = Files.createTempFile(home, "out", ".txt"), err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("tj " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    record Result(int exit, String out, String err) {}

    /** A running `tj serve`. */
    static final class Daemon implements AutoCloseable {
        final Process process;
        final int port;
        final int grpcPort;
        final Path home;
        private static final HttpClient HTTP =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        private Daemon(Process process, int port, int grpcPort, Path home) {
            this.process = process;
            this.port = port;
            this.grpcPort = grpcPort;
            this.home = home;
        }

        static Daemon start(Path home, Map<String, String> env, String... extraArgs) throws Exception {
            return startOn(home, env, freePort(), extraArgs);
        }

        /** On this HTTP port (one another daemon's config already names). */
        static Daemon startOn(Path home, Map<String, String> env, int port, String... extraArgs) throws Exception {
            int grpc = freePort();
            List<String> args = new ArrayList<>(
                    List.of("serve", "--port", Integer.toString(port), "--grpc-port", Integer.toString(grpc)));
            args.addAll(List.of(extraArgs));
            ProcessBuilder pb = builder(home, env, args.toArray(new String[0]));
            pb.redirectOutput(home.resolve("serve.out").toFile())
                    .redirectError(home.resolve("serve.err").toFile());
            Process p = pb.start();
            Daemon d = new Daemon(p, port, grpc, home);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive())
                    throw new IllegalStateException("tj serve exited: " + Files.readString(home.resolve("serve.err")));
                try {
                    if (d.get("/health").statusCode() == 200) return d;
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            p.destroyForcibly();
            throw new IllegalStateException("tj serve did not come up: " + Files.readString(home.resolve("serve.err")));
        }

        String base() {
            return "http://127.0.0.1:" + port;
        }

        /** The banner is printed just after the port opens; wait for it rather than race it. */
        String awaitStdout(String needle) throws Exception {
            Path out = home.resolve("serve.out");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String text = "";
            while (System.nanoTime() < deadline) {
                text = Files.readString(out);
                if (text.contains(needle)) return text;
                Thread.sleep(50);
            }
            return text;
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(base() + path))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String secret, String json) throws IOException, InterruptedException {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(base() + path))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + secret)
                            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** A Claude Code hook event for the session, as its hook command posts it; the status code. */
        int hook(String event, String sessionId) throws IOException, InterruptedException {
            return post(
                            "/api/v1/hooks",
                            secret(),
                            "{\"hook_event_name\":\"" + event + "\",\"session_id\":\"" + sessionId + "\"}")
                    .statusCode();
        }

        String secret() throws IOException {
            return Files.readString(home.resolve("ingest-secret")).trim();
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no checkpoint
            process.waitFor(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.destroy(); // SIGTERM: graceful
                if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
            }
        }
    }
}
