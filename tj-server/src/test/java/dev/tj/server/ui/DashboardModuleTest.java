package dev.tj.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's HTTP surface: shell, assets, vendor files, the event stream and its auth. */
class DashboardModuleTest {
    @TempDir
    Path dir;

    UiServer server;
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    CompletableFuture<HttpResponse<Stream<String>>> stream;

    @AfterEach
    void stop() {
        if (stream != null) stream.thenAccept(r -> r.body().close());
        if (server != null) server.close();
    }

    @Test
    void theShellIsServedWithAStrictScriptPolicyAndNoKeyWhenAuthIsOff() {
        server = UiServer.start(dir);
        for (String path : new String[] {"/", "/ui/", "/ui/index.html"}) {
            HttpResponse<String> r = server.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
            String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp)
                    .contains("script-src 'self' 'sha256-")
                    .contains("object-src 'none'")
                    .doesNotContain("unsafe-inline' 'sha")
                    .doesNotContain("script-src 'self' 'unsafe-inline'");
            assertThat(r.body())
                    .contains("<script type=\"importmap\">")
                    .contains("/ui/js/main.js")
                    .doesNotContain("tj-api-key")
                    .doesNotContain("tj:api-key");
        }
    }

    @Test
    void withAuthOnTheShellCarriesTheKeyEscaped() {
        server = UiServer.start(dir, c -> UiServer.withApiKey(c, "a\"b<c>&d"));
        String body = server.get("/").body();
        assertThat(body).contains("<meta name=\"tj-api-key\" content=\"a&quot;b&lt;c&gt;&amp;d\">");
    }

    @Test
    void appFilesRevalidateAndVendorFilesAreImmutableWithTheRightTypes() {
        server = UiServer.start(dir);
        HttpResponse<String> js = server.get("/ui/js/main.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(js.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(js.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        String etag = js.headers().firstValue("ETag").orElseThrow();
        assertThat(server.get("/ui/js/main.js", "If-None-Match", etag).statusCode())
                .isEqualTo(304);

        HttpResponse<String> css = server.get("/ui/app.css");
        assertThat(css.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");

        HttpResponse<String> preact = server.get("/ui/vendor/preact/10.28.0/dist/preact.module.js");
        assertThat(preact.statusCode()).isEqualTo(200);
        assertThat(preact.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(preact.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(server.get("/ui/vendor/preact/10.28.0/hooks/dist/hooks.module.js")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> uplotCss = server.get("/ui/vendor/uplot/1.6.30/dist/uPlot.min.css");
        assertThat(uplotCss.statusCode()).isEqualTo(200);
        assertThat(uplotCss.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
        assertThat(server.get("/ui/vendor/uplot/1.6.30/dist/uPlot.iife.min.js").statusCode())
                .isEqualTo(200);
    }

    @Test
    void theEventStreamAnnouncesASessionThatStartsWaitingForItsUser() throws Exception {
        server = UiServer.start(dir);
        BlockingQueue<String> lines = open("/api/v1/events");
        awaitLine(lines, "event: hello");
        String s = UUID.randomUUID().toString();
        assertThat(server.post(
                                "/api/v1/hooks",
                                "{\"hook_event_name\":\"Stop\",\"session_id\":\"" + s + "\"}",
                                "Authorization",
                                "Bearer " + UiServer.SECRET)
                        .statusCode())
                .isEqualTo(202);
        awaitLine(lines, "event: sessions");
        assertThat(awaitLine(lines, "data: ")).contains("\"" + s + "\"");
    }

    @Test
    void onlyTheDashboardsOwnFilesAndItsTwoWebjarsAreReachable() {
        server = UiServer.start(dir);
        assertThat(server.get("/ui/nope.js").statusCode()).isEqualTo(404);
        assertThat(server.get("/ui/vendor/other/1.0/x.js").statusCode()).isEqualTo(404);
        assertThat(server.get("/ui/vendor/preact/10.28.0/package.json/..%2f..%2fx")
                        .statusCode())
                .isIn(400, 404);
        assertThat(raw("/ui/vendor/preact/../../logback-test.xml")).isIn(400, 404);
        assertThat(raw("/ui/js/../../META-INF/MANIFEST.MF")).isIn(400, 404);
        assertThat(server.get("/ui/.hidden").statusCode()).isEqualTo(404);
    }

    @Test
    void theEventStreamAnnouncesCommittedSessions() throws Exception {
        server = UiServer.start(dir);
        BlockingQueue<String> lines = open("/api/v1/events");
        awaitLine(lines, "event: hello");
        String s = UUID.randomUUID().toString();
        server.logs(
                new Otlp.Cc("claude-code", s).prompt().api(1, 1, 0, 0, 0.001).json());
        awaitLine(lines, "event: sessions");
        String data = awaitLine(lines, "data: ");
        assertThat(data).contains("\"" + s + "\"").contains("\"all\":false");
    }

    @Test
    void withAuthOnTheEventStreamTakesTheKeyAsAQueryParameter() throws Exception {
        server = UiServer.start(dir, c -> UiServer.withApiKey(c, "s3cret"));
        assertThat(status("/api/v1/events")).isEqualTo(401);
        assertThat(status("/api/v1/events?key=wrong")).isEqualTo(401);
        BlockingQueue<String> lines = open("/api/v1/events?key=s3cret");
        awaitLine(lines, "event: hello");
    }

    private int status(String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(server.base() + path))
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A path sent as-is (no client-side normalisation of dot segments). */
    private int raw(String path) {
        try (java.net.Socket sock = new java.net.Socket("127.0.0.1", server.daemon.httpPort())) {
            sock.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(sock.getInputStream())).readLine();
            return Integer.parseInt(first.split(" ")[1]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private BlockingQueue<String> open(String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(server.base() + path))
                .header("Accept", "text/event-stream")
                .build();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        stream = http.sendAsync(r, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> resp = stream.get(10, TimeUnit.SECONDS);
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        Thread t = new Thread(
                () -> {
                    try {
                        resp.body().forEach(lines::add);
                    } catch (RuntimeException ignored) {
                        // closed
                    }
                },
                "sse-reader");
        t.setDaemon(true);
        t.start();
        return lines;
    }

    /** The first line starting with prefix; fails if none shows up within a generous bound. */
    private static String awaitLine(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String l = lines.poll(200, TimeUnit.MILLISECONDS);
            if (l != null && l.startsWith(prefix)) return l;
        }
        throw new AssertionError("no line starting with '" + prefix + "'");
    }
}
