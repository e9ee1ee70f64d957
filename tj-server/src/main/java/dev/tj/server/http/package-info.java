/** HTTP guards: host and origin checks, CORS, ingest secret and API key. */
package dev.tj.server.http;
