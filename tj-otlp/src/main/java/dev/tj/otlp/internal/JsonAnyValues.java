package dev.tj.otlp.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attributes of OTLP/JSON: KeyValue lists and AnyValues (nested arrays and key-value lists down to
 * {@link JsonOtlpReader#MAX_DEPTH}; deeper ones are noted on their record).
 */
final class JsonAnyValues {
    private final JsonFields in;
    private final JsonParser p;

    JsonAnyValues(JsonFields in) {
        this.in = in;
        this.p = in.parser();
    }

    /** A KeyValue list. Empty keys and absent values are dropped; a repeated key keeps the last value. */
    Map<String, Object> attributes(String what) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) return Map.of();
        if (t != JsonToken.START_ARRAY) throw in.malformed(what + " must be an array, not " + JsonFields.describe(t));
        Map<String, Object> m = new LinkedHashMap<>();
        keyValues(what, m, 1);
        return m;
    }

    /** Reads KeyValue objects until the end of the current array into {@code into}. */
    private void keyValues(String what, Map<String, Object> into, int depth) throws IOException {
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_NULL) continue;
            in.object(what + "[]");
            String key = null;
            Object value = null;
            for (String f; (f = in.nextField()) != null; ) {
                switch (f) {
                    case "key" -> key = in.string(what + "[].key");
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
                return in.integer();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case START_OBJECT:
                break;
            default:
                throw in.malformed("an AnyValue must be an object, not " + JsonFields.describe(t));
        }
        if (depth > JsonOtlpReader.MAX_DEPTH) {
            in.note("attribute value nests deeper than " + JsonOtlpReader.MAX_DEPTH + " levels");
            p.skipChildren();
            return null;
        }
        Object v = null;
        for (String f; (f = in.nextField()) != null; ) {
            switch (f) {
                case "stringValue" -> v = in.string("stringValue");
                case "boolValue" -> v = in.boolValue();
                case "intValue" -> v = in.intValue();
                case "doubleValue" -> v = in.doubleValue();
                case "bytesValue" -> v = in.string("bytesValue");
                case "arrayValue" -> v = arrayValue(depth);
                case "kvlistValue" -> v = kvlistValue(depth);
                default -> p.skipChildren();
            }
        }
        return v;
    }

    private List<Object> arrayValue(int depth) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return null;
        List<Object> out = new ArrayList<>();
        values("arrayValue", () -> {
            while (p.nextToken() != JsonToken.END_ARRAY) out.add(anyValue(depth + 1));
        });
        return out;
    }

    private Map<String, Object> kvlistValue(int depth) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return null;
        Map<String, Object> out = new LinkedHashMap<>();
        values("kvlistValue", () -> keyValues("kvlistValue.values", out, depth + 1));
        return out;
    }

    private interface ArrayReader {
        void read() throws IOException;
    }

    /** Walks an arrayValue or kvlistValue object and has {@code reader} read its {@code values} array. */
    private void values(String what, ArrayReader reader) throws IOException {
        in.object(what);
        for (String f; (f = in.nextField()) != null; ) {
            if (!f.equals("values")) {
                p.skipChildren();
                continue;
            }
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) continue;
            if (t != JsonToken.START_ARRAY)
                throw in.malformed(what + ".values must be an array, not " + JsonFields.describe(t));
            reader.read();
        }
    }
}
