/** Local-first forwarding: everything this tj stores also goes, in order and exactly once, to a team server. */
package dev.tj.core.upstream;
