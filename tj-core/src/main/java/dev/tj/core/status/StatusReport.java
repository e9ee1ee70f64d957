package dev.tj.core.status;

import dev.tj.core.framing.Framing;
import java.util.List;

/** GET /api/v1/status: live tiles, the archive, SDK services. Field names follow TokenJam. */
public record StatusReport(
        List<Tile> agents,
        List<ArchivedSession> archived,
        List<SdkService> sdkServices,
        boolean hasActiveAlerts,
        Framing framing) {}
