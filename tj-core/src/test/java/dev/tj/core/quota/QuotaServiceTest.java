package dev.tj.core.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tj.core.config.TjConfig;
import dev.tj.core.json.ApiJson;
import dev.tj.core.span.Span;
import dev.tj.core.span.Usage;
import dev.tj.core.storage.InMemoryStorage;
import dev.tj.core.storage.WriteBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report over a store: per-model windows count their own model's calls, and an empty store says so. */
class QuotaServiceTest {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    static Span call(String id, String session, String model, Instant end, double cost) {
        return Span.builder()
                .spanId(id)
                .traceId("t-" + session)
                .sessionId(session)
                .agentId("claude-code")
                .name("gen_ai.llm.call")
                .startTime(end.minusSeconds(1))
                .endTime(end)
                .model(model)
                .usage(new Usage(0, 100, 0, 0, 0))
                .costUsd(cost)
                .build();
    }

    static QuotaSnapshot snap(Instant at, double opus, double all) {
        Instant reset = NOW.plus(Duration.ofDays(2));
        return new QuotaSnapshot(
                at,
                "s-opus",
                null,
                null,
                null,
                null,
                List.of(
                        new QuotaWindow(QuotaWindow.SEVEN_DAY, all, reset),
                        new QuotaWindow("seven_day_opus", opus, reset)),
                null,
                "laptop",
                "ann");
    }

    @Test
    void aPerModelWindowCountsOnlyItsModelsCalls() {
        InMemoryStorage store = new InMemoryStorage();
        Instant t = NOW.minus(Duration.ofHours(1));
        store.ingestStore()
                .commit(new WriteBatch(
                        List.of(
                                call("a", "s-opus", "claude-opus-4-7", t.plusSeconds(10), 1.0),
                                call("b", "s-sonnet", "claude-sonnet-4-5", t.plusSeconds(20), 1.0)),
                        List.of(),
                        List.of()));
        store.quota().add(snap(t, 10, 20));
        store.quota().add(snap(t.plusSeconds(60), 14, 24));
        QuotaService q = new QuotaService(store, TjConfig.defaults(Path.of("/tmp/unused")));
        JsonNode opus = ApiJson.mapper().valueToTree(q.report("seven_day_opus", t.minusSeconds(1), null, NOW));
        JsonNode sessions = opus.get("attribution").get("sessions");
        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0).get("session_id").asText()).isEqualTo("s-opus");
        assertThat(sessions.get(0).get("points").asDouble()).isEqualTo(4);
        JsonNode week = ApiJson.mapper().valueToTree(q.report("seven_day", t.minusSeconds(1), null, NOW));
        assertThat(week.get("attribution").get("sessions")).hasSize(2);
        assertThat(QuotaService.modelFamily("seven_day")).isNull();
        assertThat(QuotaService.modelFamily("five_hour")).isNull();
        assertThat(QuotaService.modelFamily("seven_day_sonnet")).isEqualTo("sonnet");
    }

    @Test
    void anEmptyStoreHasNoWindows() {
        JsonNode r = ApiJson.mapper()
                .valueToTree(new QuotaService(new InMemoryStorage(), TjConfig.defaults(Path.of("/tmp/unused")))
                        .report(null, null, null, NOW));
        assertThat(r.get("windows")).isEmpty();
        assertThat(r.get("attribution").isNull()).isTrue();
    }
}
