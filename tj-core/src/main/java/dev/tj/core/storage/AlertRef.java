package dev.tj.core.storage;

import java.time.Instant;

/** The part of a stored alert the status views need. */
public record AlertRef(String alertId, String agentId, String sessionId, Instant firedAt, String type,
                       String severity, String title) {}
