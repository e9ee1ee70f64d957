/** Conformance suites every storage backend runs. */
package dev.tj.storage.tests;
