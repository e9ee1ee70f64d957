package dev.tj.core.drilldown;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One step of a Story: one assistant record (narration and/or tool calls), in file order. A step
 * with only {@link #omitted} set is the marker {@code {"omitted": N}} where the head/tail cap cut N
 * steps. {@code isRetry}: the previous tool-bearing step had the same tool signature and failed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Step(
        Integer n,
        String ts,
        String text,
        Boolean textTruncated,
        List<ToolCall> tools,
        Boolean isError,
        Boolean isRetry,
        String model,
        String ask,
        Subagent subagent,
        List<Subagent> subagents,
        Integer omitted) {

    public static Step omittedMarker(int n) {
        return new Step(null, null, null, null, null, null, null, null, null, null, null, n);
    }

    public boolean isMarker() {
        return omitted != null;
    }

    /** The subagents this step spawned (one or several), never null. */
    public List<Subagent> children() {
        if (subagent != null) return List.of(subagent);
        return subagents == null ? List.of() : subagents;
    }

    Step withSubagents(List<Subagent> subs) {
        return new Step(
                n,
                ts,
                text,
                textTruncated,
                tools,
                isError,
                isRetry,
                model,
                ask,
                subs.size() == 1 ? subs.get(0) : null,
                subs.size() > 1 ? List.copyOf(subs) : null,
                omitted);
    }
}
