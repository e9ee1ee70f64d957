/** {@code tj doctor}: each check ok, warn or error with a one-line fix. */
package dev.tj.cli.doctor;
