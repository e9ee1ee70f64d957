package dev.tj.core.span;

public enum SpanStatus {
    UNSET,
    OK,
    ERROR;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static SpanStatus fromOtlp(int code) {
        return switch (code) {
            case 1 -> OK;
            case 2 -> ERROR;
            default -> UNSET;
        };
    }

    public static SpanStatus fromWire(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
