package dev.tj.core.cost;

import dev.tj.core.config.TjConfig;
import dev.tj.core.framing.Framing;
import dev.tj.core.framing.FramingCalculator;
import dev.tj.core.session.PlanTier;
import dev.tj.core.storage.CostQuery;
import dev.tj.core.storage.CostRow;
import dev.tj.core.storage.Storage;
import java.util.List;
import java.util.Map;

/** {@code tj cost} and {@code GET /api/v1/cost}: one report over everything stored, live and backfilled. */
public final class CostService {
    private final Storage storage;
    private final TjConfig config;

    public CostService(Storage storage, TjConfig config) {
        this.storage = storage;
        this.config = config;
    }

    public CostReport report(CostQuery q) {
        List<CostRow> rows = new java.util.ArrayList<>(storage.costs().cost(q));
        rows.sort(CostAggregator.order(q.groupBy()));
        CostRow totals = CostAggregator.sum(rows);
        Framing framing = framing(config, storage.status().planTierMix(q.agentId()), totals);
        return new CostReport(q.since(), q.until(), q.groupBy(), q.agentId(), q.zone(), rows, totals, framing);
    }

    /** Plan framing over the window-independent plan mix (TokenJam's plan_determination_mix). */
    public static Framing framing(TjConfig config, Map<PlanTier, Long> mix, CostRow totals) {
        long tokens =
                totals.inputTokens() + totals.outputTokens() + totals.cacheReadTokens() + totals.cacheWriteTokens();
        return FramingCalculator.compute(config, mix, tokens, totals.costUsd());
    }
}
