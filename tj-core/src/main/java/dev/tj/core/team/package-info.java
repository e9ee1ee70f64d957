/** The team view: spend and tokens by user, machine and project, and live sessions across machines. */
package dev.tj.core.team;
