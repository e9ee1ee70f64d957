package dev.tj.server.upstream;

import dev.tj.core.ingest.ForwardedFrames;
import dev.tj.core.upstream.Upstream;
import dev.tj.server.ingest.IngestRoutes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code POST <url>/api/v1/forward} with the ingest token, its answer mapped for the {@link dev.tj.core.upstream.Forwarder}. */
public final class HttpUpstream implements Upstream {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI forward;
    private final String token;

    public HttpUpstream(String url, String token) {
        this.forward = URI.create(url.replaceAll("/+$", "") + IngestRoutes.FORWARD);
        this.token = token;
    }

    @Override
    public Answer send(byte[] body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(forward)
                .timeout(TIMEOUT)
                .header("Content-Type", ForwardedFrames.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!token.isEmpty()) req.header("Authorization", "Bearer " + token);
        HttpResponse<String> r;
        try {
            r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Answer.Later(
                    "unreachable: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer.Later("interrupted", Duration.ZERO);
        }
        int code = r.statusCode();
        if (code / 100 == 2) return new Answer.Stored(0, 0);
        String what = code + " " + brief(r.body());
        if (code == 401 || code == 403)
            return new Answer.Refused(what + " (the upstream does not take this token: revoked or wrong; "
                    + "set [upstream] token and restart)");
        if (code == 429 || code / 100 == 5) {
            long after = r.headers().firstValueAsLong("Retry-After").orElse(0);
            return new Answer.Later(what, Duration.ofSeconds(Math.max(0, after)));
        }
        // 4xx: the upstream cannot take what we send (another tj version, a body over its limit)
        return new Answer.Refused(what);
    }

    private static String brief(String body) {
        String b = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return b.length() > 200 ? b.substring(0, 200) + "…" : b;
    }
}
