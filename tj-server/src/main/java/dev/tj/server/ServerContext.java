package dev.tj.server;

import dev.tj.core.attention.AttentionBoard;
import dev.tj.core.config.TjConfig;
import dev.tj.core.drilldown.TranscriptSearch;
import dev.tj.core.ingest.BatchWriter;
import dev.tj.core.ingest.IngestMetrics;
import dev.tj.core.ingest.IngestPipeline;
import dev.tj.core.pricing.Pricing;
import dev.tj.core.session.Lifecycle;
import dev.tj.core.snapshot.SnapshotKeeper;
import dev.tj.core.status.StatusService;
import dev.tj.core.storage.Storage;
import java.time.Clock;

/** Everything a route needs; routes stay thin and call into these core services. */
public record ServerContext(
        TjConfig config,
        Storage storage,
        IngestPipeline pipeline,
        BatchWriter writer,
        StatusService status,
        AttentionBoard attention,
        Lifecycle lifecycle,
        TranscriptSearch transcripts,
        Pricing pricing,
        IngestMetrics metrics,
        Clock clock,
        SnapshotKeeper snapshots) {}
