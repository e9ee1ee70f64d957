/** What tj knows about each coding agent (ids, session keys, providers, usage mapping), shared by the OTLP and transcript paths. */
package dev.tj.core.agent;
