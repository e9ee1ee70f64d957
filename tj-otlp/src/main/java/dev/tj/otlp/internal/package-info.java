/** Internal: readers and mappers behind OtlpDecoder; anything here may change. */
package dev.tj.otlp.internal;
