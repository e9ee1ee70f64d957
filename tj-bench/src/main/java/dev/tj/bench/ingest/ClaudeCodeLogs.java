package dev.tj.bench.ingest;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Claude-Code-shaped OTLP log export requests for load tests: one prompt, then api_request /
 * tool_decision / tool_result records with the attributes Claude Code really sends.
 */
public final class ClaudeCodeLogs {
    private final Random random;
    private final String runTag;

    public ClaudeCodeLogs(long seed, String runTag) {
        this.random = new Random(seed);
        this.runTag = runTag;
    }

    /** A request of {@code records} log records from one session, all with distinct sequences. */
    public ExportLogsServiceRequest request(int sessionNo, int records, long startNanos) {
        return request(sessionNo, 0, records, startNanos, 0);
    }

    /**
     * Records {@code first .. first+records-1} of one session: the session's first request starts
     * with its prompt, later ones continue its sequence. With {@code stepNanos} > 0, record i is at
     * {@code startNanos + i * stepNanos} (plus a jitter under half a step), so the requests of one
     * session can be built in any order and still agree on its timeline; with 0, each record follows
     * the previous one by 0.2 to 1 s.
     */
    public ExportLogsServiceRequest request(int sessionNo, int first, int records, long startNanos, long stepNanos) {
        String session = runTag + "-" + sessionNo;
        String prompt = session + "-p";
        ScopeLogs.Builder scope = ScopeLogs.newBuilder()
                .setScope(InstrumentationScope.newBuilder()
                        .setName("com.anthropic.claude_code.events")
                        .setVersion("2.1.37"));
        long t = startNanos;
        for (int i = first; i < first + records; i++) {
            t = stepNanos > 0
                    ? startNanos + i * stepNanos + (long) (random.nextDouble() * stepNanos / 2)
                    : t + TimeUnit.MILLISECONDS.toNanos(200 + random.nextInt(800));
            String event = i == 0
                    ? "user_prompt"
                    : switch (i % 3) {
                        case 1 -> "api_request";
                        case 2 -> "tool_decision";
                        default -> "tool_result";
                    };
            LogRecord.Builder r = LogRecord.newBuilder()
                    .setTimeUnixNano(t)
                    .setObservedTimeUnixNano(t)
                    .setBody(str("claude_code." + event))
                    .addAttributes(kv("session.id", session))
                    .addAttributes(kv("event.name", event))
                    .addAttributes(kv(
                            "event.timestamp",
                            java.time.Instant.ofEpochSecond(0, t).toString()))
                    .addAttributes(kvInt("event.sequence", i + 1))
                    .addAttributes(kv("organization.id", "org-bench"))
                    .addAttributes(kv("user.account_uuid", "acct-bench"))
                    .addAttributes(kv("terminal.type", "xterm-256color"))
                    .addAttributes(kv("prompt.id", prompt));
            switch (event) {
                case "user_prompt" ->
                    r.addAttributes(kv("prompt_length", "117")).addAttributes(kv("prompt", "<REDACTED>"));
                case "api_request" ->
                    r.addAttributes(kv("model", "claude-sonnet-4-5-20250929"))
                            .addAttributes(kv("input_tokens", Integer.toString(1 + random.nextInt(50))))
                            .addAttributes(kv("output_tokens", Integer.toString(100 + random.nextInt(2000))))
                            .addAttributes(kv("cache_read_tokens", Integer.toString(10_000 + random.nextInt(120_000))))
                            .addAttributes(kv("cache_creation_tokens", Integer.toString(random.nextInt(5000))))
                            .addAttributes(kvDouble("cost_usd", random.nextDouble() / 10))
                            .addAttributes(kv("duration_ms", Integer.toString(1000 + random.nextInt(25_000))))
                            .addAttributes(kv("speed", "normal"))
                            .addAttributes(kv("request_id", "req_" + Long.toHexString(random.nextLong())));
                case "tool_decision" ->
                    r.addAttributes(kv("tool_name", "Edit"))
                            .addAttributes(kv("decision", "accept"))
                            .addAttributes(kv("source", "config"))
                            .addAttributes(kv("tool_use_id", "toolu_" + i));
                default ->
                    r.addAttributes(kv("tool_name", "Edit"))
                            .addAttributes(kv("success", random.nextInt(20) == 0 ? "false" : "true"))
                            .addAttributes(kv("duration_ms", Integer.toString(50 + random.nextInt(4000))))
                            .addAttributes(kv("decision_type", "accept"))
                            .addAttributes(kv("tool_use_id", "toolu_" + (i - 1)))
                            .addAttributes(kv("tool_result_size_bytes", Integer.toString(random.nextInt(20000))));
            }
            scope.addLogRecords(r);
        }
        Resource resource = Resource.newBuilder()
                .addAttributes(kv("service.name", "claude-code-bench"))
                .addAttributes(kv("service.version", "2.1.37"))
                .addAttributes(kv("service.namespace", "bench"))
                .addAttributes(kv("service.instance.id", "tty" + (sessionNo % 50)))
                .build();
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().setResource(resource).addScopeLogs(scope))
                .build();
    }

    static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(str(v)).build();
    }

    static KeyValue kvInt(String k, long v) {
        return KeyValue.newBuilder()
                .setKey(k)
                .setValue(AnyValue.newBuilder().setIntValue(v))
                .build();
    }

    static KeyValue kvDouble(String k, double v) {
        return KeyValue.newBuilder()
                .setKey(k)
                .setValue(AnyValue.newBuilder().setDoubleValue(v))
                .build();
    }
}
