/** OTLP/HTTP receivers. */
package dev.tj.server.ingest;
