package dev.tj.server.ingest;

import dev.tj.core.ingest.IngestResult;
import dev.tj.core.ingest.Rejection;

/** Wording shared by the HTTP and gRPC receivers. */
public final class IngestOutcomes {
    private IngestOutcomes() {}

    /** The partial-success error message, or "" when nothing was rejected. */
    public static String summary(IngestResult r) {
        if (r.rejected() == 0) return "";
        Rejection first = r.rejections().get(0);
        String what = r.rejected() == 1 ? "1 record rejected" : r.rejected() + " records rejected";
        return what + "; first: " + first.reason() + (first.recordId() == null ? "" : " (" + first.recordId() + ")");
    }
}
