/** Cost routes. */
package dev.tj.server.cost;
