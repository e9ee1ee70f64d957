/** The tj command line: picocli commands and the runnable jar's entry point. */
package dev.tj.cli;
