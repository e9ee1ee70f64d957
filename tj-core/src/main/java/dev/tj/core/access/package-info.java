/**
 * Team access: ingest tokens per machine (made, checked, revoked) and the hash they are kept by.
 * Pure logic over the {@link dev.tj.core.storage.IngestTokens} contract; transports call it.
 */
package dev.tj.core.access;
