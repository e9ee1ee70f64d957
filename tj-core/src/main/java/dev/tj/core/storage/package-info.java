/** The storage contracts every backend implements, handed out by one component. */
package dev.tj.core.storage;
