/** The ingest pipeline: sanitize, price, journal, apply in batches to storage. */
package dev.tj.core.ingest;
