package dev.tj.otlp.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tj.otlp.MalformedPayload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The field layer of the OTLP/JSON reader: a cursor over one body's tokens with a reader per wire
 * type and the encoding's leniencies (64-bit integers as strings or numbers, enums as integers or
 * names, snake_case keys), the problem noted on the record being read, and the refusal wording with
 * the line and column. One per body; not thread-safe.
 */
final class JsonFields {
    interface Item<T> {
        T read() throws IOException;
    }

    private final JsonParser p;
    /** Problem of the record being read; reset at the start of each record. */
    private String problem;

    JsonFields(JsonParser p) {
        this.p = p;
    }

    JsonParser parser() {
        return p;
    }

    /** The first problem noted since the last {@link #resetProblem()}, or null. */
    String problem() {
        return problem;
    }

    void resetProblem() {
        problem = null;
    }

    /** Takes back what was noted since {@code before} was read (a fallback field's own problem). */
    void restoreProblem(String before) {
        problem = before;
    }

    void note(String why) {
        if (problem == null) problem = why;
    }

    Object integer() throws IOException {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) return p.getText();
        return p.getLongValue();
    }

    /** intValue: a number or a decimal string; an unparseable string is kept as text. */
    Object intValue() throws IOException {
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
    Object doubleValue() throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            String s = p.getText();
            Double d = Values.parseDouble(s);
            return d == null ? s : d;
        }
        return number("doubleValue");
    }

    Object boolValue() throws IOException {
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
    Double number(String field) throws IOException {
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
    long unsigned(String field) throws IOException {
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

    int enumValue(String field, Map<String, Integer> names) throws IOException {
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
    String string(String field) throws IOException {
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
    String text(String field) throws IOException {
        String s = string(field);
        return s == null || s.isEmpty() ? null : s;
    }

    <T> List<T> list(String what, Item<T> item) throws IOException {
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

    void object(String what) {
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_OBJECT) throw malformed(what + " must be an object, not " + describe(t));
    }

    /** Advances to the next field's value and returns its (camelCased) name, or null at the object's end. */
    String nextField() throws IOException {
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

    MalformedPayload malformed(String why) {
        JsonLocation at = p.currentLocation();
        return new MalformedPayload("malformed OTLP/JSON: " + why
                + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }

    static String describe(JsonToken t) {
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
