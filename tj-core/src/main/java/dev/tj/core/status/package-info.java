/** The status read model: live sessions, SDK services and the archive. */
package dev.tj.core.status;
