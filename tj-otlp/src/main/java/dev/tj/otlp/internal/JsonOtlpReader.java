package dev.tj.otlp.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tj.otlp.MalformedPayload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Streaming OTLP/JSON reader (Jackson core, one pass, no tree) into {@link Otlp}.
 *
 * <p>Follows the OTLP/JSON encoding: lowerCamelCase keys (snake_case keys are accepted too),
 * trace/span ids as hex strings, 64-bit integers as strings or numbers, enums as integers or
 * their proto names. Structural type errors throw {@link MalformedPayload}; problems confined to one
 * record (an unparseable timestamp, attributes nested deeper than {@link #MAX_DEPTH}) are noted on
 * that record. Unknown fields are skipped.
 *
 * <p>One instance per request; not thread-safe.
 */
public final class JsonOtlpReader {
    /** Deepest AnyValue nesting we decode; deeper values make their record a rejection. */
    public static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = new JsonFactory();

    private static final Map<String, Integer> SPAN_KINDS = Map.of(
            "SPAN_KIND_UNSPECIFIED",
            0,
            "SPAN_KIND_INTERNAL",
            1,
            "SPAN_KIND_SERVER",
            2,
            "SPAN_KIND_CLIENT",
            3,
            "SPAN_KIND_PRODUCER",
            4,
            "SPAN_KIND_CONSUMER",
            5);
    private static final Map<String, Integer> STATUS_CODES =
            Map.of("STATUS_CODE_UNSET", 0, "STATUS_CODE_OK", 1, "STATUS_CODE_ERROR", 2);

    private final JsonFields in;
    private final JsonAnyValues values;
    private final JsonParser p;

    private JsonOtlpReader(JsonParser p) {
        this.in = new JsonFields(p);
        this.values = new JsonAnyValues(in);
        this.p = p;
    }

    public static List<Otlp.ResourceLogs> logs(byte[] body) {
        return run(body, "resourceLogs", r -> r.resourceLogs());
    }

    public static List<Otlp.ResourceSpans> traces(byte[] body) {
        return run(body, "resourceSpans", r -> r.resourceSpans());
    }

    public static List<Otlp.ResourceMetrics> metrics(byte[] body) {
        return run(body, "resourceMetrics", r -> r.resourceMetrics());
    }

    private interface Root<T> {
        T read(JsonOtlpReader r) throws IOException;
    }

    private static <T> List<T> run(byte[] body, String rootField, Root<T> item) {
        if (body == null || body.length == 0) throw new MalformedPayload("empty OTLP/JSON body");
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonOtlpReader r = new JsonOtlpReader(parser);
            JsonToken t = parser.nextToken();
            if (t == null) throw new MalformedPayload("empty OTLP/JSON body");
            if (t != JsonToken.START_OBJECT) {
                throw new MalformedPayload("OTLP/JSON body must be a JSON object, not " + JsonFields.describe(t));
            }
            List<T> out = new ArrayList<>();
            for (String f; (f = r.in.nextField()) != null; ) {
                if (f.equals(rootField)) {
                    out.addAll(r.in.list(rootField, () -> item.read(r)));
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) throw new MalformedPayload("trailing content after the OTLP/JSON object");
            return out;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new MalformedPayload("invalid JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedPayload("could not read OTLP/JSON body: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ logs

    private Otlp.ResourceLogs resourceLogs() throws IOException {
        in.object("resourceLogs[]");
        Otlp.Resource resource = Otlp.Resource.EMPTY;
        List<Otlp.ScopeLogs> scopes = new ArrayList<>();
        for (String f; (f = in.nextField()) != null; ) {
            switch (f) {
                case "resource" -> resource = resource();
                case "scopeLogs", "instrumentationLibraryLogs" -> scopes.addAll(in.list("scopeLogs", this::scopeLogs));
                default -> p.skipChildren();
            }
        }
        return new Otlp.ResourceLogs(resource, scopes);
    }

    private Otlp.ScopeLogs scopeLogs() throws IOException {
        in.object("scopeLogs[]");
        String scope = null;
        List<Otlp.LogRecord> records = new ArrayList<>();
        for (String f; (f = in.nextField()) != null; ) {
            switch (f) {
                case "scope", "instrumentationLibrary" -> scope = scopeName();
                case "logRecords" -> records.addAll(in.list("logRecords", this::logRecord));
                default -> p.skipChildren();
            }
        }
        return new Otlp.ScopeLogs(scope, records);
    }

    private Otlp.LogRecord logRecord() throws IOException {
        in.object("logRecords[]");
        in.resetProblem();
        long time = 0, observed = 0;
        String body = null, eventName = null;
        Map<String, Object> attrs = Map.of();
        for (String f; (f = in.nextField()) != null; ) {
            switch (f) {
                case "timeUnixNano" -> time = in.unsigned("timeUnixNano");
                case "observedTimeUnixNano" -> {
                    String before = in.problem();
                    observed = in.unsigned("observedTimeUnixNano");
                    if (observed < 0 || in.problem() != before) {
                        observed = 0; // a fallback only: an unusable one is as good as none
                        in.restoreProblem(before);
                    }
                }
                case "body" -> body = body();
                case "eventName" -> eventName = in.text("eventName");
                case "attributes" -> attrs = values.attributes("logRecords[].attributes");
                default -> p.skipChildren();
            }
        }
        return new Otlp.LogRecord(time, observed, body, eventName, attrs, in.problem());
    }

    /** The body if it is a string; other body types are skipped (we never store log bodies). */
    private String body() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) return p.getText(); // lenient: bare string body
        if (t == JsonToken.VALUE_NULL) return null;
        if (t != JsonToken.START_OBJECT)
            throw in.malformed("logRecords[].body must be an AnyValue object, not " + JsonFields.describe(t));
        String s = null;
        for (String f; (f = in.nextField()) != null; ) {
            if (f.equals("stringValue")) s = in.string("body.stringValue");
            else p.skipChildren();
        }
        return s;
    }

    // ------------------------------------------------------------------ traces

    private Otlp.ResourceSpans resourceSpans() throws IOException {
        in.object("resourceSpans[]");
        Otlp.Resource resource = Otlp.Resource.EMPTY;
        List<Otlp.ScopeSpans> scopes = new ArrayList<>();
        for (String f; (f = in.nextField()) != null; ) {
            switch (f) {
                case "resource" -> resource = resource();
                case "scopeSpans", "instrumentationLibrarySpans" ->
                    scopes.addAll(in.list("scopeSpans", this::scopeSpans));
                default -> p.skipChildren();
            }
        }
        return new Otlp.ResourceSpans(resource, scopes);
    }

    private Otlp.ScopeSpans scopeSpans() throws IOException {
        in.object("scopeSpans[]");
        String scope = null;
        List<Otlp.Span> spans = new ArrayList<>();
        for (String f; (f = in.nextField()) != null; ) {
            switch (f) {
                case "scope", "instrumentationLibrary" -> scope = scopeName();
                case "spans" -> spans.addAll(in.list("spans", this::span));
                default -> p.skipChildren();
            }
        }
        return new Otlp.ScopeSpans(scope, spans);
    }

    private Otlp.Span span() throws IOException {
        in.object("spans[]");
        in.resetProblem();
        String traceId = null, spanId = null, parent = null, name = null, statusMessage = null;
        int kind = 0, statusCode = 0;
        long start = 0, end = 0;
        Map<String, Object> attrs = Map.of();
        List<Otlp.Event> events = List.of();
        for (String f; (f = in.nextField()) != null; ) {
            switch (f) {
                case "traceId" -> traceId = in.text("spans[].traceId");
                case "spanId" -> spanId = in.text("spans[].spanId");
                case "parentSpanId" -> parent = in.text("spans[].parentSpanId");
                case "name" -> name = in.text("spans[].name");
                case "kind" -> kind = in.enumValue("spans[].kind", SPAN_KINDS);
                case "startTimeUnixNano" -> start = in.unsigned("startTimeUnixNano");
                case "endTimeUnixNano" -> end = in.unsigned("endTimeUnixNano");
                case "attributes" -> attrs = values.attributes("spans[].attributes");
                case "events" -> events = in.list("spans[].events", this::event);
                case "status" -> {
                    if (p.currentToken() == JsonToken.VALUE_NULL) break;
                    in.object("spans[].status");
                    for (String g; (g = in.nextField()) != null; ) {
                        switch (g) {
                            case "code" -> statusCode = in.enumValue("spans[].status.code", STATUS_CODES);
                            case "message" -> statusMessage = in.text("spans[].status.message");
                            default -> p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new Otlp.Span(
                traceId,
                spanId,
                parent,
                name,
                kind,
                start,
                end,
                attrs,
                events,
                statusCode,
                statusMessage,
                in.problem());
    }

    private Otlp.Event event() throws IOException {
        in.object("spans[].events[]");
        String name = null;
        long time = 0;
        Map<String, Object> attrs = Map.of();
        for (String f; (f = in.nextField()) != null; ) {
            switch (f) {
                case "name" -> name = in.text("events[].name");
                case "timeUnixNano" -> time = in.unsigned("events[].timeUnixNano");
                case "attributes" -> attrs = values.attributes("events[].attributes");
                default -> p.skipChildren();
            }
        }
        return new Otlp.Event(name, time, attrs);
    }

    // ------------------------------------------------------------------ metrics

    private Otlp.ResourceMetrics resourceMetrics() throws IOException {
        in.object("resourceMetrics[]");
        Otlp.Resource resource = Otlp.Resource.EMPTY;
        List<Otlp.ScopeMetrics> scopes = new ArrayList<>();
        for (String f; (f = in.nextField()) != null; ) {
            switch (f) {
                case "resource" -> resource = resource();
                case "scopeMetrics", "instrumentationLibraryMetrics" ->
                    scopes.addAll(in.list("scopeMetrics", this::scopeMetrics));
                default -> p.skipChildren();
            }
        }
        return new Otlp.ResourceMetrics(resource, scopes);
    }

    private Otlp.ScopeMetrics scopeMetrics() throws IOException {
        in.object("scopeMetrics[]");
        String scope = null;
        List<Otlp.Metric> metrics = new ArrayList<>();
        for (String f; (f = in.nextField()) != null; ) {
            switch (f) {
                case "scope", "instrumentationLibrary" -> scope = scopeName();
                case "metrics" -> metrics.addAll(in.list("metrics", this::metric));
                default -> p.skipChildren();
            }
        }
        return new Otlp.ScopeMetrics(scope, metrics);
    }

    private Otlp.Metric metric() throws IOException {
        in.object("metrics[]");
        String name = null, unit = null;
        Otlp.MetricType type = Otlp.MetricType.NONE;
        List<Otlp.Point> points = List.of();
        for (String f; (f = in.nextField()) != null; ) {
            switch (f) {
                case "name" -> name = in.text("metrics[].name");
                case "unit" -> unit = in.text("metrics[].unit");
                case "gauge" -> {
                    type = Otlp.MetricType.GAUGE;
                    points = dataPoints("gauge");
                }
                case "sum" -> {
                    type = Otlp.MetricType.SUM;
                    points = dataPoints("sum");
                }
                case "histogram" -> {
                    type = Otlp.MetricType.HISTOGRAM;
                    points = dataPoints("histogram");
                }
                case "exponentialHistogram" -> {
                    type = Otlp.MetricType.EXPONENTIAL_HISTOGRAM;
                    points = dataPoints("exponentialHistogram");
                }
                case "summary" -> {
                    type = Otlp.MetricType.SUMMARY;
                    points = dataPoints("summary");
                }
                default -> p.skipChildren();
            }
        }
        return new Otlp.Metric(name, unit, type, points);
    }

    private List<Otlp.Point> dataPoints(String what) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return List.of();
        in.object("metrics[]." + what);
        List<Otlp.Point> points = List.of();
        for (String f; (f = in.nextField()) != null; ) {
            if (f.equals("dataPoints")) points = in.list(what + ".dataPoints", this::point);
            else p.skipChildren();
        }
        return points;
    }

    private Otlp.Point point() throws IOException {
        in.object("dataPoints[]");
        in.resetProblem();
        Map<String, Object> attrs = Map.of();
        long start = 0, time = 0;
        Double value = null, sum = null;
        Long count = null;
        int flags = 0;
        for (String f; (f = in.nextField()) != null; ) {
            switch (f) {
                case "attributes" -> attrs = values.attributes("dataPoints[].attributes");
                case "startTimeUnixNano" -> start = in.unsigned("startTimeUnixNano");
                case "timeUnixNano" -> time = in.unsigned("timeUnixNano");
                case "asDouble", "asInt" -> value = in.number("dataPoints[]." + f);
                case "count" -> {
                    long c = in.unsigned("dataPoints[].count");
                    count = c < 0 ? null : c;
                }
                case "sum" -> sum = in.number("dataPoints[].sum");
                case "flags" -> flags = (int) Math.max(0, in.unsigned("dataPoints[].flags"));
                default -> p.skipChildren();
            }
        }
        return new Otlp.Point(attrs, start, time, value, count, sum, flags, in.problem());
    }

    // ------------------------------------------------------------------ common

    private Otlp.Resource resource() throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return Otlp.Resource.EMPTY;
        in.object("resource");
        in.resetProblem();
        Map<String, Object> attrs = Map.of();
        for (String f; (f = in.nextField()) != null; ) {
            if (f.equals("attributes")) attrs = values.attributes("resource.attributes");
            else p.skipChildren();
        }
        Otlp.Resource r = new Otlp.Resource(attrs, in.problem());
        in.resetProblem();
        return r;
    }

    private String scopeName() throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return null;
        in.object("scope");
        String name = null;
        for (String f; (f = in.nextField()) != null; ) {
            if (f.equals("name")) name = in.text("scope.name");
            else p.skipChildren();
        }
        return name;
    }
}
