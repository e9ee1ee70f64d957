package dev.tj.core.span;

/** OpenTelemetry span kinds, stored as lower-case words. */
public enum SpanKind {
    INTERNAL,
    SERVER,
    CLIENT,
    PRODUCER,
    CONSUMER;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** OTLP enum number (1..5); 0 and anything unknown fall back to INTERNAL as the spec allows. */
    public static SpanKind fromOtlp(int n) {
        return switch (n) {
            case 2 -> SERVER;
            case 3 -> CLIENT;
            case 4 -> PRODUCER;
            case 5 -> CONSUMER;
            default -> INTERNAL;
        };
    }

    public static SpanKind fromWire(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
