package dev.tj.core.transcript;

import java.nio.charset.StandardCharsets;

/**
 * A strict pull reader over one JSON text in a byte range (one transcript line). It accepts what
 * {@code JSON.parse} accepts (RFC 8259: no trailing commas, no leading zeros, no raw control
 * characters in strings, only the standard escapes, well-formed UTF-8 in strings), lets the caller
 * descend into the members it wants and skips the rest, and decodes a string only when asked.
 *
 * <p>Why not Jackson here: three fifths of a transcript's bytes are tool output that the cost path
 * only steps over, and a Jackson parser steps over a string one byte at a time (and is built anew
 * for every line). This one looks at eight bytes at a time for the end of a string, an escape, a
 * control character or a non-ASCII byte, and allocates nothing for what it skips.
 *
 * <p>Malformed input throws {@link Malformed}, which carries no stack trace: a bad line is an
 * expected event that the caller counts. Not thread-safe; one instance is reused line after line.
 */
final class JsonCursor {
    /** The text is not one well-formed JSON value (or nests deeper than {@value #MAX_DEPTH}). */
    static final class Malformed extends RuntimeException {
        static final Malformed INSTANCE = new Malformed();

        private Malformed() {
            super("malformed JSON", null, false, false);
        }
    }

    /** Kinds of value {@link #peek} reports; {@link #END} when nothing but whitespace is left. */
    static final int END = 0, OBJECT = 1, ARRAY = 2, STRING = 3, NUMBER = 4, TRUE = 5, FALSE = 6, NULL = 7;

    /** As Jackson's default nesting limit, so a hostile line cannot cost more than a long one. */
    static final int MAX_DEPTH = 1000;

    private static final long QUOTES = Swar.ONES * '"', BACKSLASHES = Swar.ONES * '\\', SPACES = Swar.ONES * 0x20;

    private byte[] b;
    private int i, end;
    /** The container just opened has no member yet (no comma expected). */
    private boolean first;

    private int depth;
    /** One bit per open container, set for an object. */
    private final long[] objects = new long[MAX_DEPTH / 64 + 1];

    private int keyStart, keyEnd;
    private boolean keyEscaped;
    private int strStart, strEnd;
    private boolean strEscaped, strAscii;
    private int numStart, numEnd;
    private boolean numFraction;
    private final char[] chars = new char[64];

    void reset(byte[] b, int off, int len) {
        this.b = b;
        this.i = off;
        this.end = off + len;
        this.first = false;
        this.depth = 0;
        // Jackson (and so tj before this reader) took a UTF-8 byte-order mark before a line's value
        if (len >= 3 && b[off] == (byte) 0xEF && b[off + 1] == (byte) 0xBB && b[off + 2] == (byte) 0xBF) i += 3;
    }

    /** The kind of the next value, after whitespace; {@link #END} at the end of the text. */
    int peek() {
        skipWhitespace();
        if (i >= end) return END;
        return switch (b[i]) {
            case '{' -> OBJECT;
            case '[' -> ARRAY;
            case '"' -> STRING;
            case 't' -> TRUE;
            case 'f' -> FALSE;
            case 'n' -> NULL;
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> NUMBER;
            default -> throw Malformed.INSTANCE;
        };
    }

    /** Only whitespace is left. */
    boolean atEnd() {
        skipWhitespace();
        return i >= end;
    }

    /** Enters the object that {@link #peek} reported. */
    void beginObject() {
        expect('{');
        open(true);
    }

    /** Enters the array that {@link #peek} reported. */
    void beginArray() {
        expect('[');
        open(false);
    }

    /**
     * Moves to the next member of the current object and reads its key ({@link #keyIs}); the caller
     * then consumes its value. False, past the closing brace, when there is none.
     */
    boolean nextField() {
        skipWhitespace();
        if (i < end && b[i] == '}') {
            i++;
            close();
            return false;
        }
        if (!first) {
            expect(',');
            skipWhitespace();
        }
        first = false;
        if (i >= end || b[i] != '"') throw Malformed.INSTANCE;
        scanString();
        keyStart = strStart;
        keyEnd = strEnd;
        keyEscaped = strEscaped;
        skipWhitespace();
        expect(':');
        return true;
    }

    /** Moves to the next element of the current array; false, past the closing bracket, when there is none. */
    boolean nextElement() {
        skipWhitespace();
        if (i < end && b[i] == ']') {
            i++;
            close();
            return false;
        }
        if (!first) expect(',');
        first = false;
        return true;
    }

    /** The current member's key is {@code name} (ASCII, as every key tj reads). */
    boolean keyIs(byte[] name) {
        if (keyEscaped) return key().equals(new String(name, StandardCharsets.ISO_8859_1));
        int n = keyEnd - keyStart;
        if (n != name.length) return false;
        for (int k = 0; k < n; k++) if (b[keyStart + k] != name[k]) return false;
        return true;
    }

    /** The current member's key, decoded. */
    String key() {
        return decode(keyStart, keyEnd, keyEscaped, false);
    }

    /** The string value that {@link #peek} reported, decoded. */
    String string() {
        scanStringValue();
        return decode(strStart, strEnd, strEscaped, strAscii);
    }

    /** The next value decoded when it is a string; skipped (and null) when it is anything else. */
    String stringOrSkip() {
        if (peek() == STRING) return string();
        skipValue();
        return null;
    }

    /**
     * Epoch millis of the string value that {@link #peek} reported (see {@link Timestamps#parse}),
     * without building a String for the usual ASCII form.
     */
    long timestamp() {
        scanStringValue();
        int n = strEnd - strStart;
        if (strEscaped || !strAscii || n > chars.length)
            return Timestamps.parse(decode(strStart, strEnd, strEscaped, strAscii));
        for (int k = 0; k < n; k++) chars[k] = (char) b[strStart + k];
        return Timestamps.parse(chars, 0, n);
    }

    /**
     * The number that {@link #peek} reported, as a long: a fraction or exponent is cut toward zero
     * (saturating); an integer beyond a long is malformed, as Jackson had it (no count is that large).
     */
    long longValue() {
        scanNumber();
        if (numFraction) {
            return (long) Double.parseDouble(new String(b, numStart, numEnd - numStart, StandardCharsets.ISO_8859_1));
        }
        boolean negative = b[numStart] == '-';
        long v = 0; // accumulated negative: Long.MIN_VALUE has no positive twin
        for (int k = negative ? numStart + 1 : numStart; k < numEnd; k++) {
            int d = b[k] - '0';
            if (v < MIN_TENTH || v == MIN_TENTH && d > 8) throw Malformed.INSTANCE;
            v = v * 10 - d;
        }
        if (negative) return v;
        if (v == Long.MIN_VALUE) throw Malformed.INSTANCE;
        return -v;
    }

    /** The text of the number, true, false or null that {@link #peek} reported, as written. */
    String scalarText(int kind) {
        int s = i;
        if (kind == NUMBER) scanNumber();
        else skipValue();
        return new String(b, s, i - s, StandardCharsets.ISO_8859_1);
    }

    /** Skips the next value, whole, checking it as it goes. */
    void skipValue() {
        int base = depth;
        do {
            switch (peek()) {
                case OBJECT -> {
                    i++;
                    open(true);
                }
                case ARRAY -> {
                    i++;
                    open(false);
                }
                case STRING -> scanString();
                case NUMBER -> scanNumber();
                case TRUE -> literal('t', 'r', 'u', 'e');
                case FALSE -> {
                    literal('f', 'a', 'l', 's');
                    expect('e');
                }
                case NULL -> literal('n', 'u', 'l', 'l');
                default -> throw Malformed.INSTANCE;
            }
            // to where the next value starts, closing the containers that end here
            while (depth > base) {
                if (inObject() ? nextField() : nextElement()) break;
            }
        } while (depth > base);
    }

    private void open(boolean object) {
        if (depth >= MAX_DEPTH) throw Malformed.INSTANCE;
        if (object) objects[depth >>> 6] |= 1L << depth;
        else objects[depth >>> 6] &= ~(1L << depth);
        depth++;
        first = true;
    }

    private void close() {
        depth--;
        first = false;
    }

    private boolean inObject() {
        int d = depth - 1;
        return (objects[d >>> 6] & (1L << d)) != 0;
    }

    private void expect(char c) {
        if (i >= end || b[i] != c) throw Malformed.INSTANCE;
        i++;
    }

    private void literal(char a, char b2, char c, char d) {
        if (i + 4 > end || b[i] != a || b[i + 1] != b2 || b[i + 2] != c || b[i + 3] != d) throw Malformed.INSTANCE;
        i += 4;
    }

    private void skipWhitespace() {
        while (i < end) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return;
            i++;
        }
    }

    private void scanStringValue() {
        skipWhitespace();
        if (i >= end || b[i] != '"') throw Malformed.INSTANCE;
        scanString();
    }

    /** From the opening quote at {@code i} to past the closing one; sets the str* fields. */
    private void scanString() {
        int p = i + 1;
        strStart = p;
        boolean escaped = false, ascii = true;
        for (; ; ) {
            // eight bytes at a time until a quote, a backslash, a control character or a non-ASCII byte
            while (p + 8 <= end) {
                long x = Swar.word(b, p);
                long special = Swar.zeroBytes(x ^ QUOTES)
                        | Swar.zeroBytes(x ^ BACKSLASHES)
                        | (((x - SPACES) & ~x) | x) & Swar.HIGHS; // below 0x20, or 0x80 and up
                if (special != 0) {
                    // the lowest flagged byte is always a real one (a borrow only carries upward)
                    p += Swar.firstFlagged(special);
                    break;
                }
                p += 8;
            }
            if (p >= end) throw Malformed.INSTANCE;
            int c = b[p] & 0xFF;
            if (c == '"') {
                strEnd = p;
                strEscaped = escaped;
                strAscii = ascii;
                i = p + 1;
                return;
            }
            if (c == '\\') {
                escaped = true;
                p = escape(p);
            } else if (c >= 0x80) {
                ascii = false;
                p = utf8(p, c);
            } else if (c < 0x20) {
                throw Malformed.INSTANCE;
            } else p++;
        }
    }

    private static final long MIN_TENTH = Long.MIN_VALUE / 10;

    /** Past the escape at {@code p} (a backslash), which must be one JSON allows. */
    private int escape(int p) {
        if (p + 1 >= end) throw Malformed.INSTANCE;
        switch (b[p + 1]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return p + 2;
            }
            case 'u' -> {
                if (p + 6 > end) throw Malformed.INSTANCE;
                for (int k = p + 2; k < p + 6; k++) if (hex(b[k]) < 0) throw Malformed.INSTANCE;
                return p + 6;
            }
            default -> throw Malformed.INSTANCE;
        }
    }

    /** Past the well-formed UTF-8 sequence that starts with {@code c} at {@code p} (RFC 3629: no overlong forms, no surrogates). */
    private int utf8(int p, int c) {
        int n, lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) n = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0) lo = 0xA0;
            else if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0) lo = 0x90;
            else if (c == 0xF4) hi = 0x8F;
        } else throw Malformed.INSTANCE;
        if (p + n >= end) throw Malformed.INSTANCE;
        int c1 = b[p + 1] & 0xFF;
        if (c1 < lo || c1 > hi) throw Malformed.INSTANCE;
        for (int k = 2; k <= n; k++) if ((b[p + k] & 0xC0) != 0x80) throw Malformed.INSTANCE;
        return p + n + 1;
    }

    private void scanNumber() {
        skipWhitespace();
        int p = i;
        numStart = p;
        if (p < end && b[p] == '-') p++;
        if (p >= end) throw Malformed.INSTANCE;
        if (b[p] == '0') p++;
        else if (b[p] >= '1' && b[p] <= '9') p = digits(p);
        else throw Malformed.INSTANCE;
        boolean fraction = false;
        if (p < end && b[p] == '.') {
            p = requiredDigits(p + 1);
            fraction = true;
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < end && (b[p] == '+' || b[p] == '-')) p++;
            p = requiredDigits(p);
            fraction = true;
        }
        numEnd = p;
        numFraction = fraction;
        i = p;
    }

    private int requiredDigits(int p) {
        if (p >= end || b[p] < '0' || b[p] > '9') throw Malformed.INSTANCE;
        return digits(p);
    }

    private int digits(int p) {
        while (p < end && b[p] >= '0' && b[p] <= '9') p++;
        return p;
    }

    private String decode(int s, int e, boolean escaped, boolean ascii) {
        if (!escaped) return new String(b, s, e - s, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(e - s);
        int run = s;
        for (int p = s; p < e; ) {
            if (b[p] != '\\') {
                p++;
                continue;
            }
            if (p > run) sb.append(new String(b, run, p - run, StandardCharsets.UTF_8));
            byte c = b[p + 1];
            switch (c) {
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' ->
                    sb.append((char) (hex(b[p + 2]) << 12 | hex(b[p + 3]) << 8 | hex(b[p + 4]) << 4 | hex(b[p + 5])));
                default -> sb.append((char) c); // " \ /
            }
            p += c == 'u' ? 6 : 2;
            run = p;
        }
        if (e > run) sb.append(new String(b, run, e - run, StandardCharsets.UTF_8));
        return sb.toString();
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
