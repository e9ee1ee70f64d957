package dev.tj.core.status;

/** Builds /api/v1/status. */
public final class StatusService {
    // TODO(lead): implementation in progress
}
