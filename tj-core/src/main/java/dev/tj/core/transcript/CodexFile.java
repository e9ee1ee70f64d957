package dev.tj.core.transcript;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What one read of a Codex rollout file found. */
public final class CodexFile {
    public final Path path;
    public final long size;
    public final long mtimeMillis;
    public long nextOffset;
    public String sessionId;
    public String cwd;
    /** {@code session_meta.originator}: the name Codex also exports as OTLP {@code service.name}. */
    public String originator;
    public long earliestTs = Timestamps.NONE;
    public final List<CodexCall> calls = new ArrayList<>();
    /** Tool calls: call_id, name, ts, output ts (or NONE). */
    public final List<Tool> tools = new ArrayList<>();
    /** token_count events skipped because their cumulative totals had not moved (re-emits). */
    public long reemittedEvents;
    /** token_count events without info (rate-limit-only updates). */
    public long nullInfoEvents;
    /** Lines of a type (or response item / event type) tj does not read: skipped, counted. */
    public long unknownRecords;
    public final ParseStats stats = new ParseStats();

    public CodexFile(Path path, long size, long mtimeMillis) {
        this.path = path;
        this.size = size;
        this.mtimeMillis = mtimeMillis;
    }

    public static final class Tool {
        public final String callId;
        public final String name;
        public final long ts;
        public final long lineOffset;
        public long outputTs = Timestamps.NONE;
        /** The exit code its output reported, or null (not a command, or no output read). */
        public Integer exitCode;

        Tool(String callId, String name, long ts, long lineOffset) {
            this.callId = callId;
            this.name = name;
            this.ts = ts;
            this.lineOffset = lineOffset;
        }
    }
}
