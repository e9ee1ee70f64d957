/** Forwarding to a team server (the sending side) and taking forwards (the receiving side). */
package dev.tj.server.upstream;
