/** The daemon: HTTP and gRPC servers wired to the core services. */
package dev.tj.server;
