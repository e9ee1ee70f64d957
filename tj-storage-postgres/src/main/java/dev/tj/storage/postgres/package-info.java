/** The PostgreSQL backend: one database shared by several tj nodes. */
package dev.tj.storage.postgres;
