package dev.tj.storage.tests;

import static dev.tj.storage.tests.Fixtures.T0;
import static dev.tj.storage.tests.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.RunReads;
import dev.tj.core.storage.RunTotals;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link RunReads}: runs are the sessions sharing a run id, summed (cost, input, output), first start,
 * latest activity (last activity, else start) and the distinct plan tiers; listed latest activity
 * first and limited; members latest activity first. Sessions without a run id belong to no run.
 *
 * <p>A backend runs it as one of its own {@code @Nested} subclasses, and may opt out of one
 * inherited test by overriding it with {@code @Override @Test @Disabled("why") protected void name() {}}.
 */
public abstract class RunReadsSuite extends StorageSuiteBase {
    protected RunReads runs() {
        return storage.runs();
    }

    @Test
    protected void noRunsWithoutRunIds() {
        commitSessions(session("solo").build());
        assertThat(runs().runs(10)).isEmpty();
        assertThat(runs().members("nope")).isEmpty();
        assertThat(runs().members(null)).isEmpty();
    }

    @Test
    protected void runsSumTheirSessionsAndSortByLatestActivity() {
        commitSessions(
                session("r1-a")
                        .run("r1")
                        .started(T0)
                        .ended(T0.plusSeconds(60))
                        .usage(new Usage(100, 10, 1000, 5, 0))
                        .cost(0.5)
                        .plan(PlanTier.API)
                        .build(),
                session("r1-b")
                        .run("r1")
                        .started(T0.minusSeconds(30))
                        .usage(new Usage(1, 2, 0, 0, 0))
                        .cost(0.25)
                        .plan(PlanTier.MAX_5X)
                        .build(),
                session("r2-a").run("r2").started(T0.plusSeconds(600)).build(),
                session("none").started(T0.plusSeconds(9999)).build());

        var all = runs().runs(10);
        assertThat(all).extracting(RunTotals::runId).containsExactly("r2", "r1");
        RunTotals r1 = all.get(1);
        assertThat(r1.sessionCount()).isEqualTo(2);
        assertThat(r1.costUsd()).isEqualTo(0.75);
        assertThat(r1.inputTokens()).isEqualTo(101);
        assertThat(r1.outputTokens()).isEqualTo(12);
        assertThat(r1.startedAt()).isEqualTo(T0.minusSeconds(30));
        assertThat(r1.lastActivity()).isEqualTo(T0.plusSeconds(60));
        assertThat(r1.planTiers()).isEqualTo(Set.of(PlanTier.API, PlanTier.MAX_5X));
        assertThat(all.get(0).planTiers()).isEqualTo(Set.of(PlanTier.UNKNOWN));

        assertThat(runs().runs(1)).extracting(RunTotals::runId).containsExactly("r2");
        assertThat(runs().members("r1")).extracting(Session::sessionId).containsExactly("r1-a", "r1-b");
    }
}
