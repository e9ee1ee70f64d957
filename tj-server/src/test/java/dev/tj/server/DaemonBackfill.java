package dev.tj.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.history.BackfillService;
import dev.tj.core.history.BackfillSink;
import dev.tj.core.history.Progress;
import dev.tj.core.history.SpanWire;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.span.Span;
import dev.tj.core.storage.SourceFile;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code tj backfill claude-code} through a running test daemon: the real reader, the real HTTP route. */
final class DaemonBackfill implements BackfillSink {
    private final TestServer server;

    private DaemonBackfill(TestServer server) {
        this.server = server;
    }

    static void claudeCode(TestServer server, Path projectsRoot) {
        // an hour ahead, so that the transcripts count as finished and are read whole
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
        new BackfillService(new DaemonBackfill(server), Pricing.packaged(), later)
                .claudeCode(new BackfillService.Options(List.of(projectsRoot), null, false, 1), new Progress());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, SourceFile> sourceFiles() {
        Map<String, SourceFile> out = new LinkedHashMap<>();
        for (JsonNode f :
                TestServer.json(server.get("/api/v1/backfill/source-files")).path("files")) {
            SourceFile sf = SpanWire.file(TestServer.JSON.convertValue(f, Map.class));
            out.put(sf.path(), sf);
        }
        return out;
    }

    @Override
    public boolean pricesOnArrival() {
        return true;
    }

    @Override
    public Written write(List<Span> spans, List<SourceFile> files) {
        HttpResponse<String> r =
                server.postJson("/api/v1/backfill/spans", OtlpJson.write(SpanWire.batch(spans, files)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode n = TestServer.json(r);
        return new Written(
                n.path("stored").asInt(),
                n.path("existing").asInt(),
                n.path("live_skipped").asInt(),
                n.path("new_sessions").asInt(),
                0.0);
    }
}
