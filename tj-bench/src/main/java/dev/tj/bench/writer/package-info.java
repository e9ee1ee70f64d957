/** In-process ceiling of the ingest writer, without HTTP. */
package dev.tj.bench.writer;
