/** TOML configuration: discovery, defaults, validation. */
package dev.tj.core.config;
