package dev.tj.core.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tj.core.transcript.ClaudeFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Links a subagent (its {@code agentId}) to the parent's Task/Agent tool_use, from what the merge has
 * read so far: the parent's {@code toolUseResult.agentId}, then the sidecar
 * {@code agent-<id>.meta.json} {@code toolUseId}, then an id (7–17 hex) in the result text of a
 * Task/Agent call not linked otherwise. A link once made is kept (reference §1.6).
 */
final class SubagentLinks {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Subagent id to its parent Task/Agent tool_use id: made links. */
    private final Map<String, String> parent = new HashMap<>();

    private final Map<String, String> fromResults = new HashMap<>();
    /** Candidate agent id to the Task/Agent tool_use whose result text names it first. */
    private final Map<String, String> fromText = new HashMap<>();

    private final Set<String> linkedTools = new HashSet<>();
    private final Map<String, String> metaCache = new HashMap<>();

    /** Takes in one more file's links (files in merge order: the first file's link wins). */
    void add(ClaudeFile f) {
        for (var e : f.agentLinks().entrySet()) fromResults.putIfAbsent(e.getKey(), e.getValue());
        for (var e : f.agentTextCandidates().entrySet()) {
            for (String cand : e.getValue()) fromText.putIfAbsent(cand, e.getKey());
        }
    }

    /**
     * The parent tool_use of subagent {@code agentId}, whose records are in {@code file}, or null when
     * nothing read so far links it.
     */
    String parentOf(String agentId, Path file) {
        String p = parent.get(agentId);
        if (p != null) return p;
        p = fromResults.get(agentId);
        if (p == null) p = meta(file, agentId);
        if (p == null) {
            String tool = fromText.get(agentId);
            if (tool != null && !linkedTools.contains(tool)) p = tool;
        }
        if (p != null) {
            parent.put(agentId, p);
            linkedTools.add(p);
        }
        return p;
    }

    private String meta(Path jsonl, String agentId) {
        String v = metaCache.computeIfAbsent(agentId, id -> {
            String t = metaToolUseId(jsonl, id);
            return t == null ? "" : t;
        });
        return v.isEmpty() ? null : v;
    }

    private static String metaToolUseId(Path jsonl, String agentId) {
        Path meta = jsonl.resolveSibling("agent-" + agentId + ".meta.json");
        if (!Files.isRegularFile(meta)) return null;
        try {
            JsonNode n = JSON.readTree(meta.toFile());
            JsonNode v = n.get("toolUseId");
            return v != null && v.isTextual() ? v.asText() : null;
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }
}
