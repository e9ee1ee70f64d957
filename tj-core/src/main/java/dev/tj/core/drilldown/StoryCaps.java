package dev.tj.core.drilldown;

/**
 * The limits a Story was built under and how often each one bit, always reported.
 *
 * @param maxSteps      steps per story before the head/tail cut ({@code head + omitted + tail})
 * @param maxDepth      subagent levels expanded below the session (root = 0)
 * @param stepBudget    steps shared by the whole tree of subagents
 * @param budgetUsed    steps charged to the budget
 * @param depthCapped   subagents not expanded because of the depth limit
 * @param budgetCapped  subagents not expanded because the budget was spent
 * @param cycles        subagents already shown elsewhere in the tree (or naming themselves)
 * @param truncatedStories stories whose steps were cut to head + tail
 */
public record StoryCaps(
        int maxSteps,
        int maxDepth,
        int stepBudget,
        int budgetUsed,
        int depthCapped,
        int budgetCapped,
        int cycles,
        int truncatedStories) {}
