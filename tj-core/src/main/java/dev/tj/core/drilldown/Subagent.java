package dev.tj.core.drilldown;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A subagent spawned by a step (a Task or Agent tool call): its id and name, how it ran
 * ({@code background}, {@code status} from its result or later task notification) and, when it was
 * expanded, its own story ({@code task, outcome, step_count, truncated, steps}). When it was not
 * expanded exactly one reason is set: {@code cycle}, {@code depth_capped}, {@code budget_capped}
 * or {@code missing} (no transcript file): a cap is never a silent drop.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Subagent(
        String agentId,
        String name,
        String agentType,
        String toolUseId,
        Boolean background,
        String status,
        Boolean fork,
        String task,
        String outcome,
        Integer stepCount,
        Boolean truncated,
        List<Step> steps,
        Boolean cycle,
        Boolean depthCapped,
        Boolean budgetCapped,
        Boolean missing,
        Integer replayedRecords) {

    /** Why it was not expanded: {@code cycle}, {@code depth}, {@code budget}, {@code missing}, or null. */
    public String cappedBy() {
        if (Boolean.TRUE.equals(cycle)) return "cycle";
        if (Boolean.TRUE.equals(depthCapped)) return "depth";
        if (Boolean.TRUE.equals(budgetCapped)) return "budget";
        if (Boolean.TRUE.equals(missing)) return "missing";
        return null;
    }

    public List<Step> stepsOrEmpty() {
        return steps == null ? List.of() : steps;
    }
}
