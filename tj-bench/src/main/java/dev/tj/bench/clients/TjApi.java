package dev.tj.bench.clients;

import static dev.tj.bench.clients.ScriptedModelApi.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a running tj reports, read through its public REST API only. */
final class TjApi {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    TjApi(String base) {
        this.base = base.replaceAll("/+$", "");
    }

    /** Every stored session with its detail, the cost endpoint's totals and the names of stored spans. */
    Snapshot snapshot() throws IOException, InterruptedException {
        List<JsonNode> sessions = new ArrayList<>();
        Map<String, Integer> spanNames = new TreeMap<>();
        for (JsonNode row : get("/api/v1/sessions").path("sessions")) {
            JsonNode detail = get("/api/v1/sessions/"
                    + URLEncoder.encode(row.path("session_id").asText(), StandardCharsets.UTF_8));
            sessions.add(detail.path("session"));
            for (JsonNode span : detail.path("spans"))
                spanNames.merge(span.path("name").asText(), 1, Integer::sum);
        }
        return new Snapshot(sessions, get("/api/v1/cost?since=all").path("totals"), spanNames);
    }

    /**
     * The ingest counters of {@code /metrics} ("requests" and each record outcome), summed over any other
     * labels: shows whether a client's telemetry arrived at all when nothing of it was stored.
     */
    Map<String, Long> ingestCounters() throws IOException, InterruptedException {
        Map<String, Long> out = new TreeMap<>();
        for (String line : new String(fetch("/metrics"), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("#") || line.isBlank()) continue;
            int space = line.lastIndexOf(' ');
            if (space < 0) continue;
            String series = line.substring(0, space);
            long value = (long) Double.parseDouble(line.substring(space + 1));
            if (series.startsWith("tj_ingest_requests_total")) {
                out.merge("requests", value, Long::sum);
            } else if (series.startsWith("tj_ingest_records_total")) {
                var m = java.util.regex.Pattern.compile("outcome=\"([^\"]*)\"").matcher(series);
                out.merge("records " + (m.find() ? m.group(1) : "?"), value, Long::sum);
            }
        }
        return out;
    }

    /** The session's Timeline with its subagents nested ({@code /story?subagents=true}). */
    JsonNode story(String sessionId) throws IOException, InterruptedException {
        return get(
                "/api/v1/sessions/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8) + "/story?subagents=true");
    }

    /** Any GET of the REST API as JSON; a non-200 answer is an IOException. */
    JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(fetch(path));
    }

    private byte[] fetch(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IOException("GET " + path + " answered " + r.statusCode());
        return r.body();
    }

    record Snapshot(List<JsonNode> sessions, JsonNode costTotals, Map<String, Integer> spanNames) {
        long sum(String field) {
            long n = 0;
            for (JsonNode s : sessions) n += s.path(field).asLong();
            return n;
        }

        double cost() {
            double c = 0;
            for (JsonNode s : sessions) c += s.path("total_cost_usd").asDouble();
            return c;
        }

        String distinct(String field) {
            Map<String, Boolean> seen = new LinkedHashMap<>();
            for (JsonNode s : sessions) seen.put(s.path(field).asText("null"), true);
            return String.join(",", seen.keySet());
        }
    }
}
