package dev.tj.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generator's HTTP client against a real HTTP server: bodies, headers, answer framings, reuse. */
class PlainHttpTest {
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> remotes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/logs", this::logs);
        server.createContext("/chunked", x -> answer(x, 200, "streamed answer".repeat(500), 0));
        server.createContext("/refuse", x -> answer(x, 503, "busy", -1));
        server.createContext("/empty", x -> answer(x, 200, "", -1));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void logs(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        seen.add(x.getRequestHeaders().getFirst("Authorization") + "|"
                + x.getRequestHeaders().getFirst("Content-Type") + "|"
                + new String(body, StandardCharsets.UTF_8));
        String remote = x.getRemoteAddress().toString();
        if (!remotes.contains(remote)) {
            remotes.add(remote);
            connections.incrementAndGet();
        }
        answer(x, 200, "{\"stored\":1}", -1);
    }

    /** length -1: Content-Length; 0: chunked. */
    private static void answer(HttpExchange x, int code, String text, int length) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(code, length == 0 ? 0 : (b.length == 0 ? -1 : b.length));
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void postsBodiesWithHeadersOverOneKeptAliveConnection() throws IOException {
        try (PlainHttp http = new PlainHttp(url("/v1/logs"), "s3cret", "application/x-protobuf")) {
            for (int i = 0; i < 5; i++) {
                assertThat(http.post(("body-" + i).getBytes(StandardCharsets.UTF_8)))
                        .isEqualTo(200);
            }
        }
        assertThat(seen)
                .containsExactly(
                        "Bearer s3cret|application/x-protobuf|body-0",
                        "Bearer s3cret|application/x-protobuf|body-1",
                        "Bearer s3cret|application/x-protobuf|body-2",
                        "Bearer s3cret|application/x-protobuf|body-3",
                        "Bearer s3cret|application/x-protobuf|body-4");
        assertThat(connections).hasValue(1);
    }

    @Test
    void noSecretSendsNoAuthorization() throws IOException {
        try (PlainHttp http = new PlainHttp(url("/v1/logs"), "", "application/json")) {
            assertThat(http.post(new byte[0])).isEqualTo(200);
        }
        assertThat(seen).containsExactly("null|application/json|");
    }

    @Test
    void readsChunkedEmptyAndRefusedAnswersWholeAndKeepsGoing() throws IOException {
        try (PlainHttp chunked = new PlainHttp(url("/chunked"), "", "text/plain");
                PlainHttp refused = new PlainHttp(url("/refuse"), "", "text/plain");
                PlainHttp empty = new PlainHttp(url("/empty"), "", "text/plain")) {
            for (int i = 0; i < 3; i++) {
                assertThat(chunked.post(new byte[] {1})).isEqualTo(200);
                assertThat(refused.post(new byte[] {1})).isEqualTo(503);
                assertThat(empty.post(new byte[] {1})).isEqualTo(200);
            }
        }
    }

    @Test
    void retriesOnceOnANewConnectionWhenTheServerClosedTheKeptOne() throws Exception {
        // a server that answers one request per connection and then closes it without saying so
        List<String> bodies = new CopyOnWriteArrayList<>();
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                for (int k = 0; k < 3; k++) {
                    try (Socket s = ss.accept()) {
                        BufferedReader in = new BufferedReader(
                                new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                        int length = 0;
                        for (String l; !(l = in.readLine()).isEmpty(); ) {
                            if (l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                                length = Integer.parseInt(l.substring(15).trim());
                        }
                        char[] body = new char[length];
                        for (int n = 0; n < length; ) n += in.read(body, n, length - n);
                        bodies.add(new String(body));
                        s.getOutputStream()
                                .write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                        .getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                        Thread.sleep(50); // the answer is read before the close
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            try (PlainHttp http =
                    new PlainHttp("http://127.0.0.1:" + ss.getLocalPort() + "/v1/logs", "", "text/plain")) {
                for (String b : List.of("one", "two", "three")) {
                    assertThat(http.post(b.getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
                    Thread.sleep(100); // the server has closed the connection by now
                }
            }
            t.join(5_000);
        }
        assertThat(bodies).containsExactly("one", "two", "three");
    }

    @Test
    void aServerThatIsNotThereIsAnError() {
        int port = server.getAddress().getPort();
        server.stop(0);
        try (PlainHttp http = new PlainHttp("http://127.0.0.1:" + port + "/v1/logs", "", "text/plain")) {
            assertThatThrownBy(() -> http.post(new byte[] {1})).isInstanceOf(IOException.class);
        }
    }
}
