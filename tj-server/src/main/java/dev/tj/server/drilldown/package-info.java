/** The transcript-backed drill-in routes: a session's Story, Approach and SessionMap. */
package dev.tj.server.drilldown;
