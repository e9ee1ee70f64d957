package dev.tj.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's own fixture files (class-path resources under {@code dev/tj/testkit/fixtures/}).
 *
 * <ul>
 *   <li>{@code transcripts/claude-code/*.jsonl}: hand-made Claude Code transcripts — streaming
 *       snapshots with 5m and 1h cache writes, tool results ok and failing, a {@code <synthetic>}
 *       error, bookkeeping records ({@link #CLAUDE_CODE_TRANSCRIPTS}); edge cases (JSON lines that
 *       are not objects, records without usage, model, id or timestamp, a CRLF line, blank lines,
 *       unicode, newer record types such as {@code api-request-blob}); a resumed session starting
 *       with copies of the first file's responses; an older build's inline sidechain records.</li>
 *   <li>{@code otlp/claude-code-and-codex-logs.json}: OTLP/JSON log exports as Claude Code 2.x
 *       sends them (three sessions over six requests, resource identities, an {@code api_error}, a
 *       failing tool) and one older-shape Codex conversation, with {@code *_expected} totals.</li>
 *   <li>{@code otlp/sdk-traces-sample.json}: GenAI SDK traces (two agents, an LLM call with a
 *       tool call under it).</li>
 * </ul>
 */
public final class Fixtures {
    private static final String ROOT = "/dev/tj/testkit/fixtures/";

    public static final List<String> CLAUDE_CODE_TRANSCRIPTS = List.of(
            "transcripts/claude-code/edge-cases.jsonl",
            "transcripts/claude-code/inline-sidechain-older-build.jsonl",
            "transcripts/claude-code/resumed-session.jsonl",
            "transcripts/claude-code/snapshots-and-cache-writes.jsonl");
    public static final String OTLP_LOGS = "otlp/claude-code-and-codex-logs.json";
    public static final String OTLP_SDK_TRACES = "otlp/sdk-traces-sample.json";

    private Fixtures() {}

    /** The bytes of a fixture, by its path under {@code fixtures/}. */
    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(ROOT + name)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** Copies a fixture to {@code dir/<its file name>} (readers that take a path need a real file). */
    public static Path copy(String name, Path dir) {
        try {
            Files.createDirectories(dir);
            Path p = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
            Files.write(p, bytes(name));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies every Claude Code transcript fixture into {@code dir}. */
    public static List<Path> claudeCodeTranscripts(Path dir) {
        List<Path> out = new ArrayList<>();
        for (String n : CLAUDE_CODE_TRANSCRIPTS) out.add(copy(n, dir));
        return out;
    }
}
