package dev.tj.core.status;

import dev.tj.core.config.TjConfig;
import dev.tj.core.session.Lifecycle;
import dev.tj.core.storage.Storage;
import dev.tj.core.transcript.TranscriptLocator;
import java.time.Clock;

/** Builds /api/v1/status. */
public final class StatusService {
    public StatusService(Storage storage, TjConfig config, Lifecycle lifecycle, TranscriptLocator transcripts,
                         Clock clock) {
    }

    /** @param agentIdOrNull restrict to one agent */
    public StatusReport status(String agentIdOrNull) {
        throw new UnsupportedOperationException("TODO(lead)");
    }

    /** The label a person sees: config exact > config prefix > dashboard rename > terminal id > null. */
    public String label(String sessionId, String instanceId) {
        throw new UnsupportedOperationException("TODO(lead)");
    }
}
