package dev.tj.core.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The transcript reader's JSON cursor accepts and refuses what a conforming parser does: Jackson (the
 * parser it replaced, strict by default) is the oracle for generated values and for thousands of
 * damaged copies of them, and the values it decodes equal Jackson's.
 */
class JsonCursorTest {
    /** The verdict: numbers as doubles, so an exponent beyond an int is a number (as JSON.parse has it). */
    private static final ObjectMapper VERDICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    /** The values: numbers exactly as written. */
    private static final ObjectMapper JACKSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    @Test
    void acceptsAndRefusesAsTheGrammarSays() {
        for (String ok : List.of(
                "{}",
                " { } ",
                "[]",
                "0",
                "-0",
                "-12.5e+3",
                "1E9",
                "\"a\\u00e9\\n\\\"\\\\\\/\"",
                "{\"a\":[1,2,{\"b\":null}],\"c\":true,\"d\":false}",
                "{\"é\":\"日本\",\"emoji\":\"😀\"}",
                "\t{\"a\" : 1 }\r",
                "99999999999999999999999999")) {
            assertThat(valid(ok)).as(ok).isTrue();
        }
        for (String bad : List.of(
                "",
                "   ",
                "{",
                "{\"a\":1,}",
                "[1,]",
                "[,1]",
                "{,}",
                "{\"a\" 1}",
                "{a:1}",
                "{'a':1}",
                "01",
                "1.",
                ".5",
                "+1",
                "-",
                "1e",
                "tru",
                "nul",
                "True",
                "NaN",
                "\"a\tb\"",
                "\"\\x\"",
                "\"\\u12g4\"",
                "\"abc",
                "{} {}",
                "{}x",
                "[1 2]",
                "{\"a\":1 \"b\":2}",
                "// c\n{}",
                "[".repeat(JsonCursor.MAX_DEPTH + 1) + "]".repeat(JsonCursor.MAX_DEPTH + 1))) {
            assertThat(valid(bad)).as(bad).isFalse();
        }
        assertThat(valid("[".repeat(JsonCursor.MAX_DEPTH) + "]".repeat(JsonCursor.MAX_DEPTH)))
                .isTrue();
    }

    @Test
    void refusesMalformedUtf8InStrings() {
        byte[][] bad = {
            {'"', (byte) 0xC3, '"'}, // a lead byte without its continuation
            {'"', (byte) 0x80, '"'}, // a continuation without a lead
            {'"', (byte) 0xC0, (byte) 0x80, '"'}, // overlong NUL
            {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // a UTF-16 surrogate
            {'"', (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'}, // beyond U+10FFFF
            {'"', (byte) 0xE2, (byte) 0x82, '"'}, // cut short
        };
        for (byte[] b : bad)
            assertThat(valid(b)).as(new String(b, StandardCharsets.ISO_8859_1)).isFalse();
        assertThat(valid("\"\u00e9\u20ac\uD83D\uDE00\"".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
    }

    @Test
    void agreesWithJacksonOnGeneratedAndDamagedValues() throws Exception {
        Random rnd = new Random(42);
        String damage = "{}[],:\"\\ \t0123456789-+.eEtrufalsn\u0001x";
        int checked = 0, refused = 0;
        for (int n = 0; n < 3000; n++) {
            String json = JACKSON.writeValueAsString(value(rnd, 0));
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertThat(valid(bytes)).as(json).isTrue();
            assertThat(tree(bytes)).as(json).isEqualTo(plain(JACKSON.readTree(bytes)));
            for (int m = 0; m < 8; m++) {
                byte[] d = damaged(rnd, bytes, damage);
                boolean jackson = jacksonAccepts(d);
                assertThat(valid(d))
                        .as("%s damaged to %s", json, new String(d, StandardCharsets.UTF_8))
                        .isEqualTo(jackson);
                if (!jackson) refused++;
                else if (exact(d) != null) assertThat(tree(d)).isEqualTo(exact(d));
                checked++;
            }
        }
        assertThat(refused).as("damage that breaks the text").isGreaterThan(checked / 4);
    }

    @Test
    void readsTokenCountsAsTheReaderDid() {
        assertThat(longOf("12345")).isEqualTo(12345);
        assertThat(longOf("-7")).isEqualTo(-7);
        assertThat(longOf("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(longOf("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(longOf("12.9")).isEqualTo(12);
        assertThat(longOf("1e3")).isEqualTo(1000);
        assertThat(longOf("1e300")).isEqualTo(Long.MAX_VALUE);
        for (String tooBig : List.of("9223372036854775808", "-9223372036854775809", "99999999999999999999")) {
            JsonCursor c = cursor(tooBig.getBytes(StandardCharsets.US_ASCII));
            c.peek();
            try {
                c.longValue();
                throw new AssertionError(tooBig + " read as a long");
            } catch (JsonCursor.Malformed expected) {
                // a count beyond a long makes the line unreadable, as it was with Jackson
            }
        }
    }

    @Test
    void findsTheLowestFlaggedByte() {
        for (int k = 0; k < 8; k++) {
            long lowest = 0x80L << (8 * k);
            long above = k == 7 ? 0 : 0x8080808080808080L << (8 * (k + 1));
            assertThat(Swar.firstFlagged(lowest | above)).as("byte " + k).isEqualTo(k);
        }
    }

    @Test
    void aByteOrderMarkBeforeTheValueIsTakenAsJacksonDid() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
        assertThat(valid(bom)).isTrue();
    }

    private static long longOf(String s) {
        JsonCursor c = cursor(s.getBytes(StandardCharsets.US_ASCII));
        assertThat(c.peek()).isEqualTo(JsonCursor.NUMBER);
        return c.longValue();
    }

    private static JsonCursor cursor(byte[] b) {
        JsonCursor c = new JsonCursor();
        // inside a larger buffer, so nothing depends on the text starting at 0 or ending at the array's end
        byte[] padded = new byte[b.length + 20];
        java.util.Arrays.fill(padded, (byte) '"');
        System.arraycopy(b, 0, padded, 7, b.length);
        c.reset(padded, 7, b.length);
        return c;
    }

    private static boolean valid(String s) {
        return valid(s.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean valid(byte[] b) {
        JsonCursor c = cursor(b);
        try {
            if (c.peek() == JsonCursor.END) return false;
            c.skipValue();
            return c.atEnd();
        } catch (JsonCursor.Malformed e) {
            return false;
        }
    }

    /** The value as plain Java, or null when a number is beyond BigDecimal (the verdict still holds). */
    private static Object exact(byte[] b) {
        try {
            return plain(JACKSON.readTree(b));
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean jacksonAccepts(byte[] b) {
        try {
            JsonNode n = VERDICT.readTree(b);
            return n != null && !n.isMissingNode();
        } catch (Exception e) {
            return false;
        }
    }

    /** The value as plain Java (maps, lists, strings; numbers and literals as written) read through the cursor. */
    private static Object tree(byte[] b) {
        JsonCursor c = cursor(b);
        Object v = read(c);
        assertThat(c.atEnd()).isTrue();
        return v;
    }

    private static Object read(JsonCursor c) {
        int k = c.peek();
        switch (k) {
            case JsonCursor.OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                c.beginObject();
                while (c.nextField()) m.put(c.key(), read(c));
                return m;
            }
            case JsonCursor.ARRAY -> {
                List<Object> l = new ArrayList<>();
                c.beginArray();
                while (c.nextElement()) l.add(read(c));
                return l;
            }
            case JsonCursor.STRING -> {
                return c.string();
            }
            case JsonCursor.NULL -> {
                c.skipValue();
                return "null";
            }
            default -> {
                String text = c.scalarText(k);
                return k == JsonCursor.NUMBER ? new java.math.BigDecimal(text).stripTrailingZeros() : text;
            }
        }
    }

    private static Object plain(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(plain(x)));
            return l;
        }
        if (n.isTextual()) return n.textValue();
        if (n.isNumber()) return n.decimalValue().stripTrailingZeros();
        return n.toString(); // true, false, null
    }

    private static Object value(Random rnd, int depth) {
        int kind = rnd.nextInt(depth > 4 ? 5 : 7);
        switch (kind) {
            case 0 -> {
                return text(rnd);
            }
            case 1 -> {
                return switch (rnd.nextInt(4)) {
                    case 0 -> rnd.nextInt(100_000);
                    case 1 -> -rnd.nextLong();
                    case 2 -> rnd.nextDouble() * 1e6;
                    default -> new java.math.BigInteger(90, rnd);
                };
            }
            case 2 -> {
                return rnd.nextBoolean();
            }
            case 3 -> {
                return null;
            }
            case 4 -> {
                return text(rnd).repeat(1 + rnd.nextInt(30));
            }
            case 5 -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = rnd.nextInt(5); i > 0; i--) m.put(text(rnd), value(rnd, depth + 1));
                return m;
            }
            default -> {
                List<Object> l = new ArrayList<>();
                for (int i = rnd.nextInt(5); i > 0; i--) l.add(value(rnd, depth + 1));
                return l;
            }
        }
    }

    /** Short strings with what needs care: escapes, control characters, non-ASCII, surrogate pairs. */
    private static String text(Random rnd) {
        String[] parts = {"a", "tool", "\"", "\\", "/", "\n", "\t", "\u0001", "é", "日本", "😀", " ", "usage", "\u2028"};
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(8); i > 0; i--) sb.append(parts[rnd.nextInt(parts.length)]);
        return sb.toString();
    }

    private static byte[] damaged(Random rnd, byte[] b, String damage) {
        byte c = (byte) damage.charAt(rnd.nextInt(damage.length()));
        int at = b.length == 0 ? 0 : rnd.nextInt(b.length);
        return switch (rnd.nextInt(4)) {
            case 0 -> java.util.Arrays.copyOf(b, at); // truncated
            case 1 -> { // one byte replaced
                byte[] d = b.clone();
                if (d.length > 0) d[at] = c;
                yield d;
            }
            case 2 -> { // one byte inserted
                byte[] d = new byte[b.length + 1];
                System.arraycopy(b, 0, d, 0, at);
                d[at] = c;
                System.arraycopy(b, at, d, at + 1, b.length - at);
                yield d;
            }
            default -> { // one byte removed
                if (b.length == 0) yield b;
                byte[] d = new byte[b.length - 1];
                System.arraycopy(b, 0, d, 0, at);
                System.arraycopy(b, at + 1, d, at, b.length - at - 1);
                yield d;
            }
        };
    }
}
