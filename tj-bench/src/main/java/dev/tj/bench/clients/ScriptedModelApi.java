package dev.tj.bench.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A small model API that real Claude Code and Codex CLIs run whole sessions against, offline: Anthropic
 * Messages ({@code POST /v1/messages}, streamed) and OpenAI Responses ({@code POST /v1/responses}, SSE).
 * Each conversation follows a fixed script ({@link ClaudeScript}, {@link CodexScript}) with real tool calls.
 * Every usage it returns is appended to the truth file as it is sent; every request is appended to the
 * request log. A subscription (OAuth) client also gets rising rate-limit headers ({@link UnifiedRateLimits}),
 * each set logged to the rate-limit file. Anything else a client asks for gets a harmless empty answer.
 *
 * <pre>java -cp tj-bench.jar dev.tj.bench.clients.ScriptedModelApi --port-file F --truth T.jsonl --requests R.jsonl
 *     [--rate-limits L.jsonl]</pre>
 * Listens on a random loopback port (written to the port file) until killed.
 */
public final class ScriptedModelApi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int LOGGED_BODY_CHARS = 200_000;

    private final HttpServer server;
    private final Path truth;
    private final Path requests;
    private final ClaudeScript claude = new ClaudeScript();
    private final CodexScript codex = new CodexScript();
    private final UnifiedRateLimits rateLimits = new UnifiedRateLimits(Instant.now());
    private final Path rateLimitLog;

    ScriptedModelApi(Path truth, Path requests, Path rateLimitLog) throws IOException {
        this.truth = truth;
        this.requests = requests;
        this.rateLimitLog = rateLimitLog;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        Path truth = Path.of(a.getOrDefault("truth", "truth.jsonl"));
        Path requests = Path.of(a.getOrDefault("requests", "requests.jsonl"));
        ScriptedModelApi api =
                new ScriptedModelApi(truth, requests, Path.of(a.getOrDefault("rate-limits", "rate-limits.jsonl")));
        if (a.containsKey("port-file")) Files.writeString(Path.of(a.get("port-file")), Integer.toString(api.port()));
        System.out.println("scripted model API on 127.0.0.1:" + api.port());
        Thread.currentThread().join();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            JsonNode request = parse(body);
            logRequest(ex, path, body);
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            if (method.equals("POST") && path.endsWith("/messages/count_tokens")) {
                json(ex, 200, JSON.createObjectNode().put("input_tokens", 1000));
            } else if (method.equals("POST") && path.endsWith("/messages") && request != null) {
                ClaudeScript.Reply reply =
                        claude.next(request, ex.getRequestHeaders().getFirst("x-claude-code-session-id"));
                record(truth, reply.call().toJson(JSON));
                if (UnifiedRateLimits.subscription(ex.getRequestHeaders()))
                    record(rateLimitLog, rateLimits.next(ex.getResponseHeaders(), JSON));
                if (request.path("stream").asBoolean(false)) sse(ex, reply.events());
                else json(ex, 200, reply.message());
            } else if (method.equals("POST") && path.endsWith("/responses") && request != null) {
                CodexScript.Reply reply = codex.next(
                        request, firstHeader(ex, "session_id", "session-id", "conversation_id", "x-codex-session-id"));
                record(truth, reply.call().toJson(JSON));
                sse(ex, reply.events());
            } else if (method.equals("GET") && path.endsWith("/models")) {
                json(ex, 200, JSON.createObjectNode().set("data", JSON.createArrayNode()));
            } else {
                json(ex, 200, JSON.createObjectNode()); // telemetry, feature flags, anything else: harmless
            }
        } catch (RuntimeException e) {
            System.err.println("scripted API: " + e);
            e.printStackTrace();
            throw e;
        }
    }

    private static String firstHeader(HttpExchange ex, String... names) {
        for (String n : names) {
            String v = ex.getRequestHeaders().getFirst(n);
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) return null;
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private synchronized void record(Path file, JsonNode line) throws IOException {
        append(file, JSON.writeValueAsString(line));
    }

    private synchronized void logRequest(HttpExchange ex, String path, byte[] body) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("time", Instant.now().toString())
                .put("method", ex.getRequestMethod())
                .put("path", path)
                .put("query", ex.getRequestURI().getRawQuery());
        ObjectNode headers = n.putObject("headers");
        ex.getRequestHeaders().forEach((k, v) -> {
            String key = k.toLowerCase(Locale.ROOT);
            boolean secret = key.contains("authorization") || key.contains("api-key");
            headers.put(key, secret ? "<redacted>" : String.join(", ", v));
        });
        String text = new String(body, StandardCharsets.UTF_8);
        n.put("body", text.length() > LOGGED_BODY_CHARS ? text.substring(0, LOGGED_BODY_CHARS) : text);
        append(requests, JSON.writeValueAsString(n));
    }

    private static void append(Path file, String line) throws IOException {
        try (Writer w = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(line);
            w.write('\n');
        }
    }

    private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("request-id", "req_compat_" + System.nanoTime());
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Server-sent events, {@code event:} named by each payload's {@code type}. */
    private static void sse(HttpExchange ex, List<ObjectNode> events) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.getResponseHeaders().set("request-id", "req_compat_" + System.nanoTime());
        ex.getResponseHeaders().set("x-request-id", "req_compat_" + System.nanoTime());
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            for (ObjectNode e : events) {
                String frame = "event: " + e.path("type").asText() + "\ndata: " + JSON.writeValueAsString(e) + "\n\n";
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }
}
