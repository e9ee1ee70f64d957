package dev.tj.storage.tests;

import static dev.tj.storage.tests.Fixtures.session;
import static dev.tj.storage.tests.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.CostGroup;
import dev.tj.core.storage.CostQuery;
import dev.tj.core.storage.CostRow;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link dev.tj.core.storage.CostReads}: calendar keys in the query zone, PROJECT from the span's
 * session namespace ({@code unknown} otherwise), TOOL groups tool-call spans by tool name whatever
 * their model and skips {@code tool_decision}; {@code until} is exclusive; rows ordered by group.
 * <p>Conventions: timestamps keep at least microsecond precision (the tests use microsecond
 * instants); JSON-held values may come back as Long/Double, so compare after
 * {@link Fixtures#normalize(Object)}. Fixed timestamps only, no sleeps, no timed assertions.
 *
 * <p>A backend runs it as one of its own {@code @Nested} subclasses, and may opt out of one
 * inherited test by overriding it with {@code @Override @Test @Disabled("why") protected void name() {}}.
 */
public abstract class CostReadsSuite extends StorageSuiteBase {
    // c1..c4 have models; the rest don't. Costs are binary-exact so sums compare with equals.
    @BeforeEach
    void seed() {
        Span c1 = span("c1", "sA", "a1", Instant.parse("2025-03-10T03:00:00Z"))
                .model("m1")
                .usage(new Usage(10, 1, 100, 5, 1))
                .costUsd(0.5)
                .resource(new ResourceIdentity(null, null, null, null, "laptop-a", "ana@x"))
                .build(); // NY: Sun 03-09 23:00
        Span c2 = span("c2", "sA", "a1", Instant.parse("2025-03-10T05:00:00Z"))
                .model("m2")
                .usage(new Usage(20, 2, 200, 0, 2))
                .costUsd(0.25)
                .resource(new ResourceIdentity(null, null, null, null, "laptop-a", "ana@x"))
                .build(); // NY: Mon 03-10 01:00
        Span c3 = span("c3", "sB", "a2", Instant.parse("2025-03-17T04:30:00Z"))
                .model("m1")
                .usage(new Usage(30, 3, 0, 0, 0))
                .costUsd(1.0)
                .resource(new ResourceIdentity(null, null, null, null, "ci-runner", null))
                .build(); // NY: Mon 03-17 00:30
        Span c4 = span("c4", "sC", "a2", Instant.parse("2025-04-01T02:00:00Z"))
                .model("m1")
                .usage(new Usage(40, 4, 0, 0, 0))
                .costUsd(2.0)
                .build(); // NY: Mon 03-31 22:00
        Span noModel = span("n1", "sA", "a1", Instant.parse("2025-03-10T06:00:00Z"))
                .usage(new Usage(1000, 1000, 0, 0, 0))
                .costUsd(8.0)
                .build();
        Span t1 = span("t1", "sA", "a1", Instant.parse("2025-03-10T06:00:00Z"))
                .name("gen_ai.tool.call")
                .toolName("Bash")
                .build();
        Span t2 = span("t2", "sA", "a1", Instant.parse("2025-03-10T06:01:00Z"))
                .name("gen_ai.tool.call")
                .toolName("Bash")
                .costUsd(0.125)
                .build();
        Span t3 = span("t3", "sB", "a2", Instant.parse("2025-03-17T06:00:00Z"))
                .name("gen_ai.tool.call")
                .toolName("Read")
                .build();
        Span decision = span("t4", "sA", "a1", Instant.parse("2025-03-10T06:00:00Z"))
                .name("tool_decision")
                .toolName("Bash")
                .costUsd(64.0)
                .build();
        commit(
                List.of(c1, c2, c3, c4, noModel, t1, t2, t3, decision),
                List.of(),
                List.of(
                        session("sA").agent("a1").namespace("projX").build(),
                        session("sB").agent("a2").build()));
    }

    private List<CostRow> cost(CostGroup g, ZoneId zone) {
        return costs().cost(new CostQuery(null, null, g, null, zone));
    }

    private static final CostRow C1 = new CostRow("", 10, 1, 100, 6, 0.5);
    private static final CostRow C2 = new CostRow("", 20, 2, 200, 2, 0.25);
    private static final CostRow C3 = new CostRow("", 30, 3, 0, 0, 1.0);
    private static final CostRow C4 = new CostRow("", 40, 4, 0, 0, 2.0);

    private static CostRow row(String group, CostRow... parts) {
        long in = 0, out = 0, cr = 0, cw = 0;
        double usd = 0;
        for (CostRow p : parts) {
            in += p.inputTokens();
            out += p.outputTokens();
            cr += p.cacheReadTokens();
            cw += p.cacheWriteTokens();
            usd += p.costUsd();
        }
        return new CostRow(group, in, out, cr, cw, usd);
    }

    @Test
    protected void byDayInUtcAndInAZone() {
        assertThat(cost(CostGroup.DAY, ZoneOffset.UTC))
                .containsExactly(row("2025-03-10", C1, C2), row("2025-03-17", C3), row("2025-04-01", C4));
        assertThat(cost(CostGroup.DAY, ZoneId.of("America/New_York")))
                .containsExactly(
                        row("2025-03-09", C1), row("2025-03-10", C2), row("2025-03-17", C3), row("2025-03-31", C4));
        // a fixed offset: c2 lands exactly on local midnight
        assertThat(cost(CostGroup.DAY, ZoneOffset.ofHours(-5)))
                .containsExactly(
                        row("2025-03-09", C1), row("2025-03-10", C2), row("2025-03-16", C3), row("2025-03-31", C4));
        assertThat(costs().cost(new CostQuery(null, null, CostGroup.DAY, null, null)))
                .isEqualTo(cost(CostGroup.DAY, ZoneOffset.UTC));
    }

    @Test
    protected void byMachineAndByUserUnknownWhenNotSaid() {
        assertThat(cost(CostGroup.MACHINE, ZoneOffset.UTC))
                .containsExactly(row("ci-runner", C3), row("laptop-a", C1, C2), row("unknown", C4));
        assertThat(cost(CostGroup.USER, ZoneOffset.UTC)).containsExactly(row("ana@x", C1, C2), row("unknown", C3, C4));
    }

    @Test
    protected void filteredToOneMachineOrUser() {
        assertThat(costs().cost(new CostQuery(null, null, CostGroup.DAY, null, ZoneOffset.UTC, "laptop-a", null)))
                .containsExactly(row("2025-03-10", C1, C2));
        assertThat(costs().cost(new CostQuery(null, null, CostGroup.MODEL, null, ZoneOffset.UTC, null, "ana@x")))
                .containsExactly(row("m1", C1), row("m2", C2));
        assertThat(costs().cost(new CostQuery(
                        null, null, CostGroup.MACHINE, null, ZoneOffset.UTC, "ci-runner", "ana@x")))
                .isEmpty();
        assertThat(costs().cost(new CostQuery(null, null, CostGroup.DAY, null, ZoneOffset.UTC, "x' OR '1'='1", null)))
                .isEmpty();
    }

    @Test
    protected void byIsoWeekMonday() {
        assertThat(cost(CostGroup.WEEK, ZoneOffset.UTC))
                .containsExactly(row("2025-03-10", C1, C2), row("2025-03-17", C3), row("2025-03-31", C4));
        assertThat(cost(CostGroup.WEEK, ZoneId.of("America/New_York")))
                .containsExactly(
                        row("2025-03-03", C1), row("2025-03-10", C2), row("2025-03-17", C3), row("2025-03-31", C4));
    }

    @Test
    protected void byMonth() {
        assertThat(cost(CostGroup.MONTH, ZoneOffset.UTC))
                .containsExactly(row("2025-03", C1, C2, C3), row("2025-04", C4));
        assertThat(cost(CostGroup.MONTH, ZoneId.of("America/New_York")))
                .containsExactly(row("2025-03", C1, C2, C3, C4));
    }

    @Test
    protected void byModelAgentProjectSession() {
        assertThat(cost(CostGroup.MODEL, ZoneOffset.UTC)).containsExactly(row("m1", C1, C3, C4), row("m2", C2));
        assertThat(cost(CostGroup.AGENT, ZoneOffset.UTC)).containsExactly(row("a1", C1, C2), row("a2", C3, C4));
        // sB has no namespace and sC has no session row: both are unknown
        assertThat(cost(CostGroup.PROJECT, ZoneOffset.UTC))
                .containsExactly(row("projX", C1, C2), row("unknown", C3, C4));
        assertThat(cost(CostGroup.SESSION, ZoneOffset.UTC))
                .containsExactly(row("sA", C1, C2), row("sB", C3), row("sC", C4));
    }

    @Test
    protected void byToolCountsToolCallsWhateverTheirModel() {
        assertThat(cost(CostGroup.TOOL, ZoneOffset.UTC))
                .containsExactly(new CostRow("Bash", 0, 0, 0, 0, 0.125), new CostRow("Read", 0, 0, 0, 0, 0.0));
    }

    @Test
    protected void sinceIsInclusiveUntilExclusiveAndAgentFilters() {
        CostQuery window = new CostQuery(
                Instant.parse("2025-03-10T05:00:00Z"),
                Instant.parse("2025-04-01T02:00:00Z"),
                CostGroup.DAY,
                null,
                ZoneOffset.UTC);
        assertThat(costs().cost(window)).containsExactly(row("2025-03-10", C2), row("2025-03-17", C3));
        assertThat(costs().cost(new CostQuery(null, null, CostGroup.MODEL, "a2", ZoneOffset.UTC)))
                .containsExactly(row("m1", C3, C4));
        assertThat(costs().cost(new CostQuery(
                        Instant.parse("2025-03-10T06:00:30Z"), null, CostGroup.TOOL, "a1", ZoneOffset.UTC)))
                .containsExactly(new CostRow("Bash", 0, 0, 0, 0, 0.125));
        assertThat(costs().cost(new CostQuery(null, null, CostGroup.AGENT, "nobody", ZoneOffset.UTC)))
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(CostGroup.class)
    protected void everyGroupIsOrderedAndExcludesTheDecision(CostGroup g) {
        List<CostRow> rows = cost(g, ZoneId.of("Asia/Kolkata"));
        assertThat(rows).isNotEmpty();
        assertThat(rows).extracting(CostRow::group).isSorted().doesNotHaveDuplicates();
        double total = rows.stream().mapToDouble(CostRow::costUsd).sum();
        assertThat(total).isEqualTo(g == CostGroup.TOOL ? 0.125 : 3.75);
    }
}
