/** The span: one agent event (LLM call, tool call, prompt) with usage, identity and cost. */
package dev.tj.core.span;
