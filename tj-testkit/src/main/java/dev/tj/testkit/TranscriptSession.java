package dev.tj.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** A Claude Code session (or subagent) being written: where its records go, its clock, its parent-uuid chain. */
final class TranscriptSession {
    /** A response's last snapshot as written, for a resumed session to copy. */
    record Final(String message, long ts, String requestId) {}

    String sessionId, rootSessionId, cwd, version, model, agentId;
    boolean sidechain, oneHourCache, newer;
    Path projectDir;
    String parentUuid;
    long t;
    /** Final snapshots of main-chain responses, for a resumed session to copy. */
    List<Final> finals;

    /** The fields every session record starts with; leaves the object open. */
    void envelope(StringBuilder sb, SplittableRandom r, String type, long ts) {
        String uuid = Text.uuid(r);
        sb.append("{\"parentUuid\":");
        if (parentUuid == null) sb.append("null");
        else sb.append('"').append(parentUuid).append('"');
        sb.append(",\"isSidechain\":").append(sidechain).append(",\"userType\":\"external\",\"cwd\":");
        Text.quote(sb, cwd)
                .append(",\"sessionId\":\"")
                .append(sessionId)
                .append("\",\"version\":\"")
                .append(version)
                .append("\",\"gitBranch\":\"main\"");
        if (sidechain) sb.append(",\"agentId\":\"").append(agentId).append('"');
        sb.append(",\"type\":\"")
                .append(type)
                .append("\",\"uuid\":\"")
                .append(uuid)
                .append("\",\"timestamp\":\"");
        Text.iso(sb, ts);
        sb.append('"');
        parentUuid = uuid;
    }
}
