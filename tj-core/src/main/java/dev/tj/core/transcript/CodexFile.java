package dev.tj.core.transcript;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What one read of a Codex rollout file found. Filled in by {@link CodexParser}, read-only afterwards. */
public final class CodexFile {
    final Path path;
    final long size;
    final long mtimeMillis;
    long nextOffset;
    String sessionId;
    String cwd;
    String originator;
    long earliestTs = Timestamps.NONE;
    final List<CodexCall> calls = new ArrayList<>();
    final List<Tool> tools = new ArrayList<>();
    long reemittedEvents;
    long nullInfoEvents;
    long unknownRecords;
    final ParseStats stats = new ParseStats();

    CodexFile(Path path, long size, long mtimeMillis) {
        this.path = path;
        this.size = size;
        this.mtimeMillis = mtimeMillis;
    }

    public Path path() {
        return path;
    }

    public long size() {
        return size;
    }

    public long mtimeMillis() {
        return mtimeMillis;
    }

    public long nextOffset() {
        return nextOffset;
    }

    public String sessionId() {
        return sessionId;
    }

    public String cwd() {
        return cwd;
    }

    /** {@code session_meta.originator}: the name Codex also exports as OTLP {@code service.name}. */
    public String originator() {
        return originator;
    }

    public long earliestTs() {
        return earliestTs;
    }

    public List<CodexCall> calls() {
        return Collections.unmodifiableList(calls);
    }

    /** Tool calls: call_id, name, ts, output ts (or NONE). */
    public List<Tool> tools() {
        return Collections.unmodifiableList(tools);
    }

    /** token_count events skipped because their cumulative totals had not moved (re-emits). */
    public long reemittedEvents() {
        return reemittedEvents;
    }

    /** token_count events without info (rate-limit-only updates). */
    public long nullInfoEvents() {
        return nullInfoEvents;
    }

    /** Lines of a type (or response item / event type) tj does not read: skipped, counted. */
    public long unknownRecords() {
        return unknownRecords;
    }

    public ParseReport stats() {
        return stats.report();
    }

    /** One tool call of a rollout; its output time is set when the output is read. */
    public static final class Tool {
        final String callId;
        final String name;
        final long ts;
        final long lineOffset;
        long outputTs = Timestamps.NONE;
        Integer exitCode;

        Tool(String callId, String name, long ts, long lineOffset) {
            this.callId = callId;
            this.name = name;
            this.ts = ts;
            this.lineOffset = lineOffset;
        }

        public String callId() {
            return callId;
        }

        public String name() {
            return name;
        }

        public long ts() {
            return ts;
        }

        public long lineOffset() {
            return lineOffset;
        }

        public long outputTs() {
            return outputTs;
        }

        /** The exit code its output reported, or null (not a command, or no output read). */
        public Integer exitCode() {
            return exitCode;
        }
    }
}
