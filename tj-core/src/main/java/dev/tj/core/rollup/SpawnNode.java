package dev.tj.core.rollup;

import java.util.List;

/** A session of a run and the member sessions it spawned ({@code parent_session_id}). */
public record SpawnNode(String sessionId, List<SpawnNode> children) {}
