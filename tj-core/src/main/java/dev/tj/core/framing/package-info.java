/** Plan framing: how dollars read on API keys, subscriptions and local models. */
package dev.tj.core.framing;
