/** The dashboard: static assets, live events over SSE. */
package dev.tj.server.ui;
