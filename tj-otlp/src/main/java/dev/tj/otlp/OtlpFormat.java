package dev.tj.otlp;

/** Wire encoding of an OTLP/HTTP request body. */
public enum OtlpFormat {
    JSON,
    PROTOBUF
}
