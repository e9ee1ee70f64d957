package dev.tj.otlp.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tj.otlp.MalformedPayload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    private interface Item<T> {
        T read() throws IOException;
    }

    private final JsonParser p;
    /** Problem of the record being read; reset at the start of each record. */
    private String problem;

    private JsonOtlpReader(JsonParser p) {
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
                throw new MalformedPayload("OTLP/JSON body must be a JSON object, not " + describe(t));
            }
            List<T> out = new ArrayList<>();
            for (String f; (f = r.nextField()) != null; ) {
                if (f.equals(rootField)) {
                    out.addAll(r.list(rootField, () -> item.read(r)));
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
        object("resourceLogs[]");
        Otlp.Resource resource = Otlp.Resource.EMPTY;
        List<Otlp.ScopeLogs> scopes = new ArrayList<>();
        for (String f; (f = nextField()) != null; ) {
            switch (f) {
                case "resource" -> resource = resource();
                case "scopeLogs", "instrumentationLibraryLogs" -> scopes.addAll(list("scopeLogs", this::scopeLogs));
                default -> p.skipChildren();
            }
        }
        return new Otlp.ResourceLogs(resource, scopes);
    }

    private Otlp.ScopeLogs scopeLogs() throws IOException {
        object("scopeLogs[]");
        String scope = null;
        List<Otlp.LogRecord> records = new ArrayList<>();
        for (String f; (f = nextField()) != null; ) {
            switch (f) {
                case "scope", "instrumentationLibrary" -> scope = scopeName();
                case "logRecords" -> records.addAll(list("logRecords", this::logRecord));
                default -> p.skipChildren();
            }
        }
        return new Otlp.ScopeLogs(scope, records);
    }

    private Otlp.LogRecord logRecord() throws IOException {
        object("logRecords[]");
        problem = null;
        long time = 0, observed = 0;
        String body = null, eventName = null;
        Map<String, Object> attrs = Map.of();
        for (String f; (f = nextField()) != null; ) {
            switch (f) {
                case "timeUnixNano" -> time = unsigned("timeUnixNano");
                case "observedTimeUnixNano" -> {
                    String before = problem;
                    observed = unsigned("observedTimeUnixNano");
                    if (observed < 0 || problem != before) {
                        observed = 0; // a fallback only: an unusable one is as good as none
                        problem = before;
                    }
                }
                case "body" -> body = body();
                case "eventName" -> eventName = text("eventName");
                case "attributes" -> attrs = attributes("logRecords[].attributes");
                default -> p.skipChildren();
            }
        }
        return new Otlp.LogRecord(time, observed, body, eventName, attrs, problem);
    }

    /** The body if it is a string; other body types are skipped (we never store log bodies). */
    private String body() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) return p.getText(); // lenient: bare string body
        if (t == JsonToken.VALUE_NULL) return null;
        if (t != JsonToken.START_OBJECT)
            throw malformed("logRecords[].body must be an AnyValue object, not " + describe(t));
        String s = null;
        for (String f; (f = nextField()) != null; ) {
            if (f.equals("stringValue")) s = string("body.stringValue");
            else p.skipChildren();
        }
        return s;
    }

    // ------------------------------------------------------------------ traces

    private Otlp.ResourceSpans resourceSpans() throws IOException {
        object("resourceSpans[]");
        Otlp.Resource resource = Otlp.Resource.EMPTY;
        List<Otlp.ScopeSpans> scopes = new ArrayList<>();
        for (String f; (f = nextField()) != null; ) {
            switch (f) {
                case "resource" -> resource = resource();
                case "scopeSpans", "instrumentationLibrarySpans" -> scopes.addAll(list("scopeSpans", this::scopeSpans));
                default -> p.skipChildren();
            }
        }
        return new Otlp.ResourceSpans(resource, scopes);
    }

    private Otlp.ScopeSpans scopeSpans() throws IOException {
        object("scopeSpans[]");
        String scope = null;
        List<Otlp.Span> spans = new ArrayList<>();
        for (String f; (f = nextField()) != null; ) {
            switch (f) {
                case "scope", "instrumentationLibrary" -> scope = scopeName();
                case "spans" -> spans.addAll(list("spans", this::span));
                default -> p.skipChildren();
            }
        }
        return new Otlp.ScopeSpans(scope, spans);
    }

    private Otlp.Span span() throws IOException {
        object("spans[]");
        problem = null;
        String traceId = null, spanId = null, parent = null, name = null, statusMessage = null;
        int kind = 0, statusCode = 0;
        long start = 0, end = 0;
        Map<String, Object> attrs = Map.of();
        List<Otlp.Event> events = List.of();
        for (String f; (f = nextField()) != null; ) {
            switch (f) {
                case "traceId" -> traceId = text("spans[].traceId");
                case "spanId" -> spanId = text("spans[].spanId");
                case "parentSpanId" -> parent = text("spans[].parentSpanId");
                case "name" -> name = text("spans[].name");
                case "kind" -> kind = enumValue("spans[].kind", SPAN_KINDS);
                case "startTimeUnixNano" -> start = unsigned("startTimeUnixNano");
                case "endTimeUnixNano" -> end = unsigned("endTimeUnixNano");
                case "attributes" -> attrs = attributes("spans[].attributes");
                case "events" -> events = list("spans[].events", this::event);
                case "status" -> {
                    if (p.currentToken() == JsonToken.VALUE_NULL) break;
                    object("spans[].status");
                    for (String g; (g = nextField()) != null; ) {
                        switch (g) {
                            case "code" -> statusCode = enumValue("spans[].status.code", STATUS_CODES);
                            case "message" -> statusMessage = text("spans[].status.message");
                            default -> p.skipChildren();
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new Otlp.Span(
                traceId, spanId, parent, name, kind, start, end, attrs, events, statusCode, statusMessage, problem);
    }

    private Otlp.Event event() throws IOException {
        object("spans[].events[]");
        String name = null;
        long time = 0;
        Map<String, Object> attrs = Map.of();
        for (String f; (f = nextField()) != null; ) {
            switch (f) {
                case "name" -> name = text("events[].name");
                case "timeUnixNano" -> time = unsigned("events[].timeUnixNano");
                case "attributes" -> attrs = attributes("events[].attributes");
                default -> p.skipChildren();
            }
        }
        return new Otlp.Event(name, time, attrs);
    }

    // ------------------------------------------------------------------ metrics

    private Otlp.ResourceMetrics resourceMetrics() throws IOException {
        object("resourceMetrics[]");
        Otlp.Resource resource = Otlp.Resource.EMPTY;
        List<Otlp.ScopeMetrics> scopes = new ArrayList<>();
        for (String f; (f = nextField()) != null; ) {
            switch (f) {
                case "resource" -> resource = resource();
                case "scopeMetrics", "instrumentationLibraryMetrics" ->
                    scopes.addAll(list("scopeMetrics", this::scopeMetrics));
                default -> p.skipChildren();
            }
        }
        return new Otlp.ResourceMetrics(resource, scopes);
    }

    private Otlp.ScopeMetrics scopeMetrics() throws IOException {
        object("scopeMetrics[]");
        String scope = null;
        List<Otlp.Metric> metrics = new ArrayList<>();
        for (String f; (f = nextField()) != null; ) {
            switch (f) {
                case "scope", "instrumentationLibrary" -> scope = scopeName();
                case "metrics" -> metrics.addAll(list("metrics", this::metric));
                default -> p.skipChildren();
            }
        }
        return new Otlp.ScopeMetrics(scope, metrics);
    }

    private Otlp.Metric metric() throws IOException {
        object("metrics[]");
        String name = null, unit = null;
        Otlp.MetricType type = Otlp.MetricType.NONE;
        List<Otlp.Point> points = List.of();
        for (String f; (f = nextField()) != null; ) {
            switch (f) {
                case "name" -> name = text("metrics[].name");
                case "unit" -> unit = text("metrics[].unit");
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
        object("metrics[]." + what);
        List<Otlp.Point> points = List.of();
        for (String f; (f = nextField()) != null; ) {
            if (f.equals("dataPoints")) points = list(what + ".dataPoints", this::point);
            else p.skipChildren();
        }
        return points;
    }

    private Otlp.Point point() throws IOException {
        object("dataPoints[]");
        problem = null;
        Map<String, Object> attrs = Map.of();
        long start = 0, time = 0;
        Double value = null, sum = null;
        Long count = null;
        int flags = 0;
        for (String f; (f = nextField()) != null; ) {
            switch (f) {
                case "attributes" -> attrs = attributes("dataPoints[].attributes");
                case "startTimeUnixNano" -> start = unsigned("startTimeUnixNano");
                case "timeUnixNano" -> time = unsigned("timeUnixNano");
                case "asDouble", "asInt" -> value = number("dataPoints[]." + f);
                case "count" -> {
                    long c = unsigned("dataPoints[].count");
                    count = c < 0 ? null : c;
                }
                case "sum" -> sum = number("dataPoints[].sum");
                case "flags" -> flags = (int) Math.max(0, unsigned("dataPoints[].flags"));
                default -> p.skipChildren();
            }
        }
        return new Otlp.Point(attrs, start, time, value, count, sum, flags, problem);
    }

    // ------------------------------------------------------------------ common

    private Otlp.Resource resource() throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return Otlp.Resource.EMPTY;
        object("resource");
        problem = null;
        Map<String, Object> attrs = Map.of();
        for (String f; (f = nextField()) != null; ) {
            if (f.equals("attributes")) attrs = attributes("resource.attributes");
            else p.skipChildren();
        }
        Otlp.Resource r = new Otlp.Resource(attrs, problem);
        problem = null;
        return r;
    }

    private String scopeName() throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return null;
        object("scope");
        String name = null;
        for (String f; (f = nextField()) != null; ) {
            if (f.equals("name")) name = text("scope.name");
            else p.skipChildren();
        }
        return name;
    }

    /** A KeyValue list. Empty keys and absent values are dropped; a repeated key keeps the last value. */
    private Map<String, Object> attributes(String what) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) return Map.of();
        if (t != JsonToken.START_ARRAY) throw malformed(what + " must be an array, not " + describe(t));
        Map<String, Object> m = new LinkedHashMap<>();
        keyValues(what, m, 1);
        return m;
    }

    /** Reads KeyValue objects until the end of the current array into {@code into}. */
    private void keyValues(String what, Map<String, Object> into, int depth) throws IOException {
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_NULL) continue;
            object(what + "[]");
            String key = null;
            Object value = null;
            for (String f; (f = nextField()) != null; ) {
                switch (f) {
                    case "key" -> key = string(what + "[].key");
                    case "value" -> value = anyValue(depth);
                    default -> p.skipChildren();
                }
            }
            if (key != null && !key.isEmpty() && value != null) into.put(key, value);
        }
    }

    /**
     * An AnyValue as String, Long, Double, Boolean, List or Map; bytes stay as their base64 text.
     * Leniently accepts a bare JSON scalar in place of the AnyValue object.
     */
    private Object anyValue(int depth) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                return p.getText();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NUMBER_INT:
                return integer();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case START_OBJECT:
                break;
            default:
                throw malformed("an AnyValue must be an object, not " + describe(t));
        }
        if (depth > MAX_DEPTH) {
            tooDeep();
            p.skipChildren();
            return null;
        }
        Object v = null;
        for (String f; (f = nextField()) != null; ) {
            switch (f) {
                case "stringValue" -> v = string("stringValue");
                case "boolValue" -> v = boolValue();
                case "intValue" -> v = intValue();
                case "doubleValue" -> v = doubleValue();
                case "bytesValue" -> v = string("bytesValue");
                case "arrayValue" -> v = arrayValue(depth);
                case "kvlistValue" -> v = kvlistValue(depth);
                default -> p.skipChildren();
            }
        }
        return v;
    }

    private List<Object> arrayValue(int depth) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return null;
        object("arrayValue");
        List<Object> out = new ArrayList<>();
        for (String f; (f = nextField()) != null; ) {
            if (!f.equals("values")) {
                p.skipChildren();
                continue;
            }
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) continue;
            if (t != JsonToken.START_ARRAY) throw malformed("arrayValue.values must be an array, not " + describe(t));
            while (p.nextToken() != JsonToken.END_ARRAY) out.add(anyValue(depth + 1));
        }
        return out;
    }

    private Map<String, Object> kvlistValue(int depth) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return null;
        object("kvlistValue");
        Map<String, Object> out = new LinkedHashMap<>();
        for (String f; (f = nextField()) != null; ) {
            if (!f.equals("values")) {
                p.skipChildren();
                continue;
            }
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) continue;
            if (t != JsonToken.START_ARRAY) throw malformed("kvlistValue.values must be an array, not " + describe(t));
            keyValues("kvlistValue.values", out, depth + 1);
        }
        return out;
    }

    private void tooDeep() {
        if (problem == null) problem = "attribute value nests deeper than " + MAX_DEPTH + " levels";
    }

    private Object integer() throws IOException {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) return p.getText();
        return p.getLongValue();
    }

    /** intValue: a number or a decimal string; an unparseable string is kept as text. */
    private Object intValue() throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_NULL:
                return null;
            case VALUE_NUMBER_INT:
                return integer();
            case VALUE_NUMBER_FLOAT: {
                double d = p.getDoubleValue();
                return d == Math.rint(d) && Math.abs(d) < 9.0e18 ? (Object) (long) d : (Object) d;
            }
            case VALUE_STRING: {
                String s = p.getText();
                try {
                    return Long.parseLong(s.trim());
                } catch (NumberFormatException e) {
                    return s;
                }
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                throw malformed("intValue must be a number or a string, not " + describe(t));
        }
    }

    /** doubleValue: a number, or a string ("NaN", "Infinity", "1.5"); an unparseable string is kept as text. */
    private Object doubleValue() throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_NULL:
                return null;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_STRING: {
                String s = p.getText();
                Double d = Values.parseDouble(s);
                return d == null ? s : d;
            }
            default:
                throw malformed("doubleValue must be a number or a string, not " + describe(t));
        }
    }

    private Object boolValue() throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_NULL:
                return null;
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_STRING: {
                String s = p.getText();
                if (s.equalsIgnoreCase("true")) return Boolean.TRUE;
                if (s.equalsIgnoreCase("false")) return Boolean.FALSE;
                return s;
            }
            case VALUE_NUMBER_INT:
                return p.getLongValue() != 0;
            default:
                throw malformed("boolValue must be a boolean, not " + describe(t));
        }
    }

    /** A double-typed field (asDouble, asInt, sum); unparseable text marks the record. */
    private Double number(String field) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_NULL:
                return null;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_STRING: {
                Double d = Values.parseDouble(p.getText());
                if (d == null) note("invalid " + field + " '" + Values.clip(p.getText()) + "'");
                return d;
            }
            default:
                throw malformed(field + " must be a number or a string, not " + describe(t));
        }
    }

    /**
     * A uint64/fixed64 field (timestamps, counts) as a string or number. 0 when absent; -1 (and a
     * record problem) when it is not a non-negative integer that fits in a signed long.
     */
    private long unsigned(String field) throws IOException {
        JsonToken t = p.currentToken();
        String bad;
        switch (t) {
            case VALUE_NULL:
                return 0;
            case VALUE_NUMBER_INT: {
                if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER && p.getLongValue() >= 0) {
                    return p.getLongValue();
                }
                bad = p.getText();
                break;
            }
            case VALUE_NUMBER_FLOAT: {
                double d = p.getDoubleValue();
                if (d >= 0 && d < 9.2e18 && d == Math.rint(d)) return (long) d;
                bad = p.getText();
                break;
            }
            case VALUE_STRING: {
                String s = p.getText().trim();
                if (s.isEmpty()) return 0;
                try {
                    long v = Long.parseLong(s);
                    if (v >= 0) return v;
                } catch (NumberFormatException e) {
                    // fall through to the problem
                }
                bad = s;
                break;
            }
            default:
                throw malformed(field + " must be an integer or a string, not " + describe(t));
        }
        note("invalid " + field + " '" + Values.clip(bad) + "'");
        return -1;
    }

    private int enumValue(String field, Map<String, Integer> names) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_NULL:
                return 0;
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() : 0;
            case VALUE_STRING: {
                String s = p.getText().trim();
                Integer n = names.get(s.toUpperCase(Locale.ROOT));
                if (n != null) return n;
                try {
                    return Integer.parseInt(s);
                } catch (NumberFormatException e) {
                    return 0; // unknown enum value: the spec's default
                }
            }
            default:
                throw malformed(field + " must be an integer or an enum name, not " + describe(t));
        }
    }

    /** A string field; numbers and booleans are taken as their text. */
    private String string(String field) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_NULL:
                return null;
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE:
                return p.getText();
            default:
                throw malformed(field + " must be a string, not " + describe(t));
        }
    }

    /** A string field where empty means absent, as in protobuf (names, ids, units, messages). */
    private String text(String field) throws IOException {
        String s = string(field);
        return s == null || s.isEmpty() ? null : s;
    }

    private void note(String why) {
        if (problem == null) problem = why;
    }

    private <T> List<T> list(String what, Item<T> item) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) return List.of();
        if (t != JsonToken.START_ARRAY) throw malformed(what + " must be an array, not " + describe(t));
        List<T> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_NULL) continue;
            out.add(item.read());
        }
        return out;
    }

    private void object(String what) {
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_OBJECT) throw malformed(what + " must be an object, not " + describe(t));
    }

    /** Advances to the next field's value and returns its (camelCased) name, or null at the object's end. */
    private String nextField() throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_OBJECT) return null;
        if (t != JsonToken.FIELD_NAME) throw malformed("unexpected " + describe(t) + " in an object");
        String name = camel(p.currentName());
        p.nextToken();
        return name;
    }

    /** snake_case → lowerCamelCase, so that proto field names are accepted as the spec allows. */
    static String camel(String name) {
        if (name.indexOf('_') < 0) return name;
        StringBuilder b = new StringBuilder(name.length());
        boolean up = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_') {
                up = b.length() > 0;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    private MalformedPayload malformed(String why) {
        JsonLocation at = p.currentLocation();
        return new MalformedPayload("malformed OTLP/JSON: " + why
                + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }

    private static String describe(JsonToken t) {
        if (t == null) return "end of input";
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case END_OBJECT -> "end of object";
            case END_ARRAY -> "end of array";
            default -> t.toString();
        };
    }
}
