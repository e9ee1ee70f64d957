package dev.tj.core.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.session.PlanTier;
import dev.tj.core.session.Session;
import dev.tj.core.session.SessionStatus;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Usage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunRollupTest {
    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    static Session s(String id, String parent, int startSec, int endSec, PlanTier tier, double cost) {
        return new Session(
                id,
                "claude-code",
                null,
                T0.plusSeconds(startSec),
                T0.plusSeconds(endSec),
                SessionStatus.ACTIVE,
                null,
                new Usage(10, 1, 100, 2, 3),
                cost,
                null,
                0,
                7,
                2,
                3,
                1,
                0.0,
                tier,
                new ResourceIdentity(null, null, "run-1", parent));
    }

    @Test
    void sumsMembersAndHangsChildrenUnderMemberParents() {
        List<Session> members = List.of(
                s("grandchild", "child", 30, 400, PlanTier.API, 0.5),
                s("child", "root", 20, 300, PlanTier.API, 0.25),
                s("orphan", "not-a-member", 10, 200, PlanTier.API, 0.125),
                s("root", null, 0, 100, PlanTier.API, 1.0),
                s("self", "self", 5, 50, PlanTier.API, 0.0));
        RunRollup r = RunRollup.of("run-1", members);

        assertThat(r.costUsd()).isEqualTo(1.875);
        assertThat(r.usage()).isEqualTo(new Usage(50, 5, 500, 10, 15));
        assertThat(r.toolCallCount()).isEqualTo(15);
        assertThat(r.errorCount()).isEqualTo(5);
        assertThat(r.spanCount()).isEqualTo(35);
        assertThat(r.startedAt()).isEqualTo(T0);
        assertThat(r.lastActivity()).isEqualTo(T0.plusSeconds(400));
        assertThat(r.timeSpanSeconds()).isEqualTo(400.0);
        assertThat(r.pricingMode()).isEqualTo("api");
        assertThat(r.tree())
                .containsExactly(
                        new SpawnNode("orphan", List.of()),
                        new SpawnNode(
                                "root",
                                List.of(new SpawnNode("child", List.of(new SpawnNode("grandchild", List.of()))))),
                        new SpawnNode("self", List.of()));
    }

    @Test
    void aParentLoopStillShowsEveryMemberOnce() {
        RunRollup r = RunRollup.of(
                "run-1",
                List.of(
                        s("a", "b", 0, 10, PlanTier.API, 0),
                        s("b", "a", 0, 9, PlanTier.API, 0),
                        s("c", "a", 0, 8, PlanTier.API, 0)));
        assertThat(r.tree())
                .containsExactly(
                        new SpawnNode("a", List.of(new SpawnNode("c", List.of()))), new SpawnNode("b", List.of()));
    }

    @Test
    void pricingModeIsCommonMixedOrUnknown() {
        assertThat(RunRollup.pricingMode(List.of())).isEqualTo("unknown");
        assertThat(RunRollup.pricingMode(List.of(PlanTier.PRO, PlanTier.MAX_5X)))
                .isEqualTo("subscription");
        assertThat(RunRollup.pricingMode(List.of(PlanTier.PRO, PlanTier.API))).isEqualTo("mixed");
        assertThat(RunRollup.of("x", List.of()).pricingMode()).isEqualTo("unknown");
    }
}
