/**
 * tj's MCP server: the read side of the daemon's REST API and the harness set-up as MCP tools over
 * stdio. Where the reads come from (the daemon, else the database) is the caller's business: it hands
 * in a {@link dev.tj.mcp.TjReads}.
 */
package dev.tj.mcp;
