/** OTLP decoding (protobuf and JSON) into spans and metric points. */
package dev.tj.otlp;
