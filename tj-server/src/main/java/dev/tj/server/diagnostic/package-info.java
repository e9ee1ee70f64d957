/** The cost diagnostics' read API ({@code /api/v1/diagnostics/*}). */
package dev.tj.server.diagnostic;
