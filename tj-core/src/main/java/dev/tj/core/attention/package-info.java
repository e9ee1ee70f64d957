/** Which sessions wait for their user, from the agents' hooks. */
package dev.tj.core.attention;
