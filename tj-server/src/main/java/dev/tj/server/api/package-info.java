/** REST API routes and their JSON views. */
package dev.tj.server.api;
