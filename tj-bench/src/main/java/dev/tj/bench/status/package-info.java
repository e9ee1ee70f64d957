/** Seeds a store and measures status-page query latency. */
package dev.tj.bench.status;
