/** Load generators that drive a running daemon over OTLP/HTTP from a separate process. */
package dev.tj.bench.ingest;
