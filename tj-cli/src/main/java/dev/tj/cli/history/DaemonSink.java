package dev.tj.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.cli.DaemonClient;
import dev.tj.core.history.BackfillSink;
import dev.tj.core.history.SpanWire;
import dev.tj.core.span.Span;
import dev.tj.core.storage.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sends backfilled spans to the running daemon, which owns the database file. */
public final class DaemonSink implements BackfillSink {
    private static final int CHUNK = 5_000;
    private final DaemonClient client;
    private final String ingestSecret;

    /** @param ingestSecret the bearer secret ingest POSTs carry (backfill writes, so it is an ingest) */
    public DaemonSink(DaemonClient client, String ingestSecret) {
        this.client = client;
        this.ingestSecret = ingestSecret;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, SourceFile> sourceFiles() {
        try {
            var r = client.get("/api/v1/backfill/source-files");
            if (r.isEmpty() || !r.get().ok())
                throw new IllegalStateException("daemon at " + client.base() + " did not answer");
            JsonNode files = HistoryCli.json().readTree(r.get().body()).path("files");
            Map<String, SourceFile> out = new LinkedHashMap<>();
            for (JsonNode f : files) {
                SourceFile sf = SpanWire.file(HistoryCli.json().convertValue(f, Map.class));
                out.put(sf.path(), sf);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The daemon's ingest pipeline prices what it stores. */
    @Override
    public boolean pricesOnArrival() {
        return true;
    }

    @Override
    public Written write(List<Span> spans, List<SourceFile> files) {
        return BackfillSink.inChunks(spans, files, CHUNK, this::post);
    }

    private Written post(List<Span> spans, List<SourceFile> files) {
        try {
            String body = HistoryCli.json().writeValueAsString(SpanWire.batch(new ArrayList<>(spans), files));
            for (int attempt = 0; ; attempt++) {
                var r = client.post("/api/v1/backfill/spans", body, ingestSecret);
                if (r.isEmpty())
                    throw new IllegalStateException(
                            "the daemon at " + client.base() + " went away during the backfill");
                if (r.get().status() == 503 && attempt < 30) {
                    Thread.sleep(1000);
                    continue;
                }
                if (!r.get().ok())
                    throw new IllegalStateException("daemon answered " + r.get().status() + ": "
                            + r.get().body());
                JsonNode n = HistoryCli.json().readTree(r.get().body());
                return new Written(
                        n.path("stored").asInt(),
                        n.path("existing").asInt(),
                        n.path("live_skipped").asInt(),
                        n.path("new_sessions").asInt(),
                        0.0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
