package dev.tj.cli;

import dev.tj.core.config.TjConfig;
import dev.tj.server.tls.PemKeyStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Talks to a running daemon. HttpURLConnection keeps CLI start-up short (no client framework to
 * load), which matters for a command people run many times a day.
 */
public final class DaemonClient {

    private final String base;
    private final String apiKey;
    private final int timeoutMs;
    private final SSLContext tls;

    DaemonClient(String base, String apiKey, int timeoutMs) {
        this(base, apiKey, timeoutMs, null);
    }

    private DaemonClient(String base, String apiKey, int timeoutMs, SSLContext tls) {
        this.base = base;
        this.apiKey = apiKey;
        this.timeoutMs = timeoutMs;
        this.tls = tls;
    }

    /**
     * For a daemon of this machine that serves HTTPS ({@code [api] tls_cert}): trusts exactly the
     * leaf certificate of that file, nothing else, so the name the CLI dials (127.0.0.1) need not be
     * the one the certificate names.
     */
    static SSLContext pinned(Path certFile) {
        try {
            X509Certificate leaf = PemKeyStore.certificates(certFile).get(0);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("tj", leaf);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(
                    "cannot trust " + certFile + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** The daemon's address: TJ_HOME/server.json when a daemon wrote one, else the config's [api]. */
    public static DaemonClient locate(TjConfig config, Path tjHome, int timeoutMs) {
        String host = config.api().host();
        int port = config.api().port();
        Optional<ServerState> state = ServerState.read(tjHome);
        if (state.isPresent()) {
            host = state.get().host();
            port = state.get().port();
        }
        if (host.equals("0.0.0.0") || host.equals("::")) host = "127.0.0.1";
        String apiKey = config.api().authEnabled() ? config.api().apiKey() : null;
        String address = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        if (config.api().tls()) {
            return new DaemonClient(
                    "https://" + address, apiKey, timeoutMs, pinned(config.api().tlsCert()));
        }
        return new DaemonClient("http://" + address, apiKey, timeoutMs);
    }

    public String base() {
        return base;
    }

    /** @return the body of a 200 answer, or empty when no daemon listens there */
    public Optional<Response> get(String path) throws IOException {
        return send("GET", path, null, apiKey);
    }

    /** A GET with another credential than the API key (the admin routes take the ingest secret too). */
    public Optional<Response> get(String path, String bearer) throws IOException {
        return send("GET", path, null, bearer);
    }

    public Optional<Response> post(String path, String json, String bearer) throws IOException {
        return send("POST", path, json, bearer);
    }

    private Optional<Response> send(String method, String path, String body, String bearer) throws IOException {
        HttpURLConnection c =
                (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        c.setConnectTimeout(timeoutMs);
        c.setReadTimeout(timeoutMs);
        c.setRequestMethod(method);
        if (tls != null && c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls.getSocketFactory());
            // the one certificate trusted is the daemon's own, whatever name it carries
            https.setHostnameVerifier((name, session) -> true);
        }
        if (bearer != null && !bearer.isBlank()) c.setRequestProperty("Authorization", "Bearer " + bearer);
        try {
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int code = c.getResponseCode();
            InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Optional.of(new Response(code, text));
        } catch (ConnectException e) {
            return Optional.empty();
        } finally {
            c.disconnect();
        }
    }

    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }
}
