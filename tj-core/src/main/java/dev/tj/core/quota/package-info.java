/** Quota: 5-hour billing blocks computed from history. */
package dev.tj.core.quota;
