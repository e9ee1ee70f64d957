package dev.tj.testkit;

import java.util.List;
import java.util.Map;

/**
 * What {@link DrilldownCorpus#write} wrote, as the drill-in must read it back.
 *
 * @param projectDir     the project folder, deliberately not derivable from the cwd
 * @param mainSteps      steps of the main session (assistant records with text or tools, copies excluded)
 * @param retrySteps     step numbers that retry a failed step with the same tools
 * @param errorSteps     step numbers with a failed tool
 * @param agents         every subagent by id
 * @param categories     main-thread tool events per session-map category (errors counted as {@code error})
 * @param toolEventTimes main-thread tool-call times (epoch millis), in order
 * @param gapsSeconds    real lengths of the idle gaps (> 300 s) between consecutive tool events
 * @param wallSeconds    first to last tool event
 * @param malformedLines lines written cut short or as non-objects across the session's files
 */
public record DrilldownTruth(
        String sessionId,
        String projectDir,
        String task,
        String outcome,
        int mainSteps,
        List<Integer> retrySteps,
        List<Integer> errorSteps,
        Map<String, Agent> agents,
        Map<String, Integer> categories,
        List<Long> toolEventTimes,
        List<Double> gapsSeconds,
        double wallSeconds,
        int malformedLines,
        String resumedSessionId,
        int resumedCopies,
        int resumedSteps,
        String codexSessionId,
        int codexSteps,
        List<Integer> codexErrorSteps,
        List<Integer> codexRetrySteps,
        String codexTask) {

    /**
     * One subagent.
     *
     * @param parent    the session or agent whose step spawned it
     * @param depth     1 for a child of the session
     * @param spawnStep the parent's step number that spawned it
     * @param steps     its own steps (replayed parent records excluded)
     * @param expansion {@code expanded}, {@code cycle}, {@code depth}, or {@code missing}
     * @param status    {@code completed}, or what its notification said
     * @param replayed  records a fork replayed from its parent
     */
    public record Agent(
            String agentId,
            String parent,
            int depth,
            int spawnStep,
            String name,
            int steps,
            String expansion,
            String status,
            boolean background,
            boolean fork,
            String task,
            int replayed) {}
}
