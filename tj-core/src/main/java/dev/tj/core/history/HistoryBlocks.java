package dev.tj.core.history;

import dev.tj.core.cost.CostReport;
import dev.tj.core.diagnostic.LlmCall;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.quota.Block;
import dev.tj.core.quota.BlockCall;
import dev.tj.core.quota.Blocks;
import dev.tj.core.transcript.ReadDepth;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code tj blocks}: Claude Code's 5-hour billing blocks from its history on disk, read once with the
 * same reader, de-duplication and prices as {@code tj quickstart} and {@code tj backfill} (so the
 * tokens of all blocks add up to what {@code tj cost} says), then cut into blocks by {@link Blocks}.
 */
public final class HistoryBlocks {
    private HistoryBlocks() {}

    /**
     * @param since only calls at or after it (null: all); a block the window cuts starts at its first call in it
     * @param activeOnly only the block that is running now
     * @param pricing the rates, loaded while the history is being read (null: no prices)
     */
    public static Map<String, Object> report(
            List<Path> roots, Instant since, boolean activeOnly, Supplier<Pricing> pricing, Instant now, int threads) {
        // usage is all a block needs: lines that cannot carry it are not parsed
        HistoryCalls.Read read = HistoryCalls.read(roots, since, null, pricing, threads, ReadDepth.CALLS);
        List<BlockCall> calls = new ArrayList<>(read.window().calls().size());
        for (LlmCall c : read.window().calls())
            calls.add(new BlockCall(c.time().toEpochMilli(), c.usage(), c.costUsd(), c.model()));
        calls.sort(Comparator.comparingLong(BlockCall::timeMillis));
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (Blocks.Found f : Blocks.of(calls, now)) {
            if (activeOnly && !f.block().active()) continue;
            blocks.add(json(f, now));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("since", since == null ? null : since.toString());
        out.put("blocks", blocks);
        out.put("calls", calls.size());
        out.put("files_read", read.filesRead());
        out.put("errors", read.errors());
        return out;
    }

    static Map<String, Object> json(Blocks.Found f, Instant now) {
        Block b = f.block();
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", b.start().toString());
        j.put("start_time", b.start().toString());
        j.put("end_time", b.end().toString());
        j.put(
                "actual_end_time",
                b.lastActivity() == null ? null : b.lastActivity().toString());
        j.put("is_active", b.active());
        j.put("is_gap", b.gap());
        j.put("entries", b.calls());
        j.put("input_tokens", b.usage().input());
        j.put("output_tokens", b.usage().output());
        j.put("cache_read_tokens", b.usage().cacheRead());
        j.put("cache_write_tokens", b.usage().cacheWrite());
        j.put("total_tokens", b.tokens());
        j.put("cost_usd", CostReport.round(b.costUsd()));
        j.put("models", b.models());
        Block.BurnRate rate = b.burnRate(f.firstCall());
        Map<String, Object> r = null;
        if (rate != null) {
            r = new LinkedHashMap<>();
            r.put("tokens_per_minute", Math.round(rate.tokensPerMinute() * 10) / 10.0);
            r.put("cost_per_hour", CostReport.round(rate.costPerHour()));
        }
        j.put("burn_rate", r);
        Block.Projection p = b.projection(rate, now);
        Map<String, Object> pj = null;
        if (p != null) {
            pj = new LinkedHashMap<>();
            pj.put("total_tokens", p.totalTokens());
            pj.put("total_cost_usd", CostReport.round(p.totalCostUsd()));
            pj.put("remaining_minutes", p.remainingMinutes());
        }
        j.put("projection", pj);
        return j;
    }
}
