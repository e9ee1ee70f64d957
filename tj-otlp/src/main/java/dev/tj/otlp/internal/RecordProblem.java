package dev.tj.otlp.internal;

/** One record cannot be mapped; becomes a {@code Rejection}, the rest of the batch continues. */
final class RecordProblem extends RuntimeException {
    RecordProblem(String message) {
        super(message, null, false, false);
    }
}
