/** The OTLP/gRPC receiver. */
package dev.tj.server.grpc;
