/** The embedded DuckDB backend (the default). */
package dev.tj.storage.duckdb;
