/**
 * The drill-in rollup of one session (models, context, tools, traces, subagents with their
 * right-sizing candidates) and of a run (totals, members, spawn tree), folded from what the
 * reader contracts return.
 */
package dev.tj.core.rollup;
