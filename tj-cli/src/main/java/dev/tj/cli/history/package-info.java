/** CLI rendering of history commands (quickstart, backfill). */
package dev.tj.cli.history;
