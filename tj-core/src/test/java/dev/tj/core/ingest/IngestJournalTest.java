package dev.tj.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanEvent;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest journal on real files: exact round trip, torn and corrupt tails, replay position, cleanup. */
class IngestJournalTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00.123456789Z");

    @TempDir
    Path dir;

    static Span full(String id) {
        Map<String, Object> attrs = new HashMap<>();
        attrs.put("text", "hello \"world\" ✓ \uD83D\uDE00");
        attrs.put("int", 42L);
        attrs.put("frac", 0.5);
        attrs.put("flag", true);
        attrs.put("off", false);
        attrs.put("none", null);
        attrs.put("list", List.of(1L, "two", 3.5, false));
        attrs.put("nested", Map.of("k", List.of(), "deep", Map.of("x", -7L)));
        return Span.builder()
                .spanId(id)
                .traceId("trace-full")
                .parentSpanId("parent-1")
                .sessionId("s-1")
                .agentId("claude-code")
                .subAgentId("sub-7")
                .name("gen_ai.llm.call")
                .kind(SpanKind.CLIENT)
                .status(SpanStatus.ERROR)
                .statusMessage("overloaded")
                .startTime(T0)
                .endTime(T0.plusMillis(1_500))
                .durationMs(1_376.333)
                .attributes(attrs)
                .events(List.of(
                        new SpanEvent("retry", T0.plusNanos(5), Map.of("attempt", 2L)),
                        new SpanEvent("done", null, Map.of())))
                .provider("anthropic")
                .model("claude-sonnet-4-5")
                .toolName("Bash")
                .usage(new Usage(1_000, 200, 30_000, 400, 50))
                .costUsd(0.123456789)
                .reportedCostUsd(0.2)
                .pricedByFallback(true)
                .requestType("chat")
                .conversationId("conv-1")
                .billingAccount("anthropic")
                .resource(new ResourceIdentity(
                        "proj", "terminal-1", "run-1", "parent-session", "laptop-7", "dev@example.com"))
                .build();
    }

    static Span minimal(String id) {
        return Span.builder().spanId(id).traceId("t").name("x").startTime(T0).build();
    }

    static MetricPoint point(String id) {
        return new MetricPoint(
                id, "s-1", "claude-code", "claude_code.cost.usage", "USD", T0, 0.75, Map.of("model", "m", "n", 3L));
    }

    @Test
    void everyFieldComesBackExactly() throws IOException {
        Span a = full("a"), b = minimal("b");
        MetricPoint p = point("p"), q = new MetricPoint("q", null, null, "m", null, T0, Double.NaN, Map.of());
        try (IngestJournal j = IngestJournal.open(dir, 0)) {
            assertThat(j.recovered()).isEmpty();
            assertThat(j.append(List.of(a, b), List.of(p, q))).isEqualTo(1);
            assertThat(j.append(List.of(), List.of(point("r")))).isEqualTo(2);
            j.sync();
        }
        IngestJournal back = IngestJournal.open(dir, 0);
        assertThat(back.recovered()).hasSize(2);
        IngestJournal.Entry first = back.recovered().get(0);
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.spans()).containsExactly(a, b);
        assertThat(first.points().get(0)).isEqualTo(p);
        assertThat(first.points().get(1).value()).isNaN();
        assertThat(back.recovered().get(1).points()).containsExactly(point("r"));
        assertThat(back.nextSeq()).isEqualTo(3);
        back.close();
    }

    @Test
    void aFrameWrittenBeforeMachineIdentityStillReads() {
        // the frame an older tj wrote: no marker, no machine or user after each span's parent session
        Span old = full("old").toBuilder()
                .resource(new ResourceIdentity("proj", "terminal-1", "run-1", "parent-session"))
                .build();
        JournalCodec.Out o = new JournalCodec.Out();
        JournalCodec.writeRecords(o, List.of(old), List.of());
        byte[] now = java.util.Arrays.copyOf(o.array(), o.length());
        // now = marker(4) | count(4) | span ... machine(-1: 4) user(-1: 4) | points(4)
        byte[] before = new byte[now.length - 4 - 8];
        System.arraycopy(now, 4, before, 0, now.length - 4 - 4 - 8);
        System.arraycopy(now, now.length - 4, before, before.length - 4, 4);
        JournalCodec.Records r = JournalCodec.readRecords(java.nio.ByteBuffer.wrap(before));
        assertThat(r.spans()).containsExactly(old);
        assertThat(r.points()).isEmpty();
        // and the new form keeps machine and user
        Span stamped = full("new");
        o.reset();
        JournalCodec.writeRecords(o, List.of(stamped, minimal("m")), List.of(point("p")));
        JournalCodec.Records back = JournalCodec.readRecords(java.nio.ByteBuffer.wrap(o.array(), 0, o.length()));
        assertThat(back.spans()).containsExactly(stamped, minimal("m"));
        assertThat(back.spans().get(0).resource().machine()).isEqualTo("laptop-7");
        assertThat(back.spans().get(0).resource().user()).isEqualTo("dev@example.com");
    }

    @Test
    void textOfEveryShapeComesBackExactly() throws IOException {
        String ascii = "a".repeat(10_000); // past the encoder's first buffer
        List<String> texts = List.of(
                "",
                ascii,
                ascii + "\u00e9",
                "\u00e9" + ascii,
                ascii + "\uD83D\uDE00" + ascii,
                "tab\tand\u0000nul",
                "\u007f\u0080");
        List<Span> spans = new java.util.ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            spans.add(Span.builder()
                    .spanId("id-" + texts.get(i).length() + "-" + i)
                    .traceId("t")
                    .name(texts.get(i))
                    .statusMessage(texts.get((i + 1) % texts.size()))
                    .attributes(Map.of("v", texts.get(i)))
                    .startTime(T0)
                    .build());
        }
        try (IngestJournal j = IngestJournal.open(dir, 0)) {
            j.append(spans, List.of());
            j.sync();
        }
        try (IngestJournal back = IngestJournal.open(dir, 0)) {
            assertThat(back.recovered().get(0).spans()).containsExactlyElementsOf(spans);
        }
    }

    @Test
    void bytesAndIntegersKeepTheirValues() throws IOException {
        Span s = minimal("x").toBuilder()
                .attributes(Map.of("blob", new byte[] {1, 2, 3}, "small", 7))
                .build();
        try (IngestJournal j = IngestJournal.open(dir, 0)) {
            j.append(List.of(s), List.of());
            j.sync();
        }
        Map<String, Object> attrs =
                IngestJournal.open(dir, 0).recovered().get(0).spans().get(0).attributes();
        assertThat((byte[]) attrs.get("blob")).containsExactly(1, 2, 3);
        assertThat(attrs.get("small")).isEqualTo(7L);
    }

    @Test
    void onlyFramesAfterTheAppliedPositionAreReplayedAndNumberingContinues() throws IOException {
        try (IngestJournal j = IngestJournal.open(dir, 0)) {
            for (int i = 0; i < 3; i++) j.append(List.of(minimal("s" + i)), List.of());
            j.sync();
        }
        IngestJournal back = IngestJournal.open(dir, 2);
        assertThat(back.recovered()).extracting(IngestJournal.Entry::seq).containsExactly(3L);
        assertThat(back.recovered().get(0).spans()).extracting(Span::spanId).containsExactly("s2");
        assertThat(back.nextSeq()).isEqualTo(4);
        back.close();
        // everything applied and the files gone: numbering still continues from storage's position
        try (IngestJournal empty = IngestJournal.open(dir.resolve("other"), 41)) {
            assertThat(empty.nextSeq()).isEqualTo(42);
        }
    }

    @Test
    void aTornLastFrameIsCutOffAndTheJournalKeepsWorking() throws IOException {
        try (IngestJournal j = IngestJournal.open(dir, 0)) {
            j.append(List.of(minimal("ok")), List.of());
            j.append(List.of(full("torn")), List.of());
            j.sync();
        }
        Path seg = onlySegment();
        long size = Files.size(seg);
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(size - 10); // the crash hit mid-frame
        }
        try (IngestJournal back = IngestJournal.open(dir, 0)) {
            assertThat(back.recovered())
                    .extracting(e -> e.spans().get(0).spanId())
                    .containsExactly("ok");
            assertThat(back.nextSeq()).isEqualTo(2);
            back.append(List.of(minimal("after")), List.of());
            back.sync();
        }
        assertThat(IngestJournal.open(dir, 0).recovered())
                .extracting(e -> e.spans().get(0).spanId())
                .containsExactly("ok", "after");
    }

    @Test
    void aCorruptFrameEndsTheReadThere() throws IOException {
        try (IngestJournal j = IngestJournal.open(dir, 0)) {
            j.append(List.of(minimal("first")), List.of());
            j.append(List.of(minimal("second")), List.of());
            j.append(List.of(minimal("third")), List.of());
            j.sync();
        }
        Path seg = onlySegment();
        byte[] all = Files.readAllBytes(seg);
        int second = indexOf(all, "second".getBytes());
        all[second] ^= 0x20; // a flipped bit inside the second frame
        Files.write(seg, all);
        assertThat(IngestJournal.open(dir, 0).recovered())
                .extracting(e -> e.spans().get(0).spanId())
                .containsExactly("first");
    }

    @Test
    void appliedSegmentsAreDeletedAndAFullyAppliedJournalRecyclesItsFile() throws IOException {
        IngestJournal j = IngestJournal.open(dir, 0, 2_000);
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 12; i++) seqs.add(j.append(List.of(full("f" + i)), List.of()));
        j.sync();
        assertThat(j.segments().size()).as("small segments roll over").isGreaterThan(2);
        int before = j.segments().size();
        j.release(seqs.get(5));
        assertThat(j.segments().size()).isLessThan(before);
        // what is not applied yet is still on disk
        try (IngestJournal peek = IngestJournal.open(dir, seqs.get(5))) {
            assertThat(peek.recovered())
                    .extracting(IngestJournal.Entry::seq)
                    .containsExactlyElementsOf(seqs.subList(6, 12));
        }
        j.release(seqs.get(11));
        assertThat(j.segments()).isEmpty();
        assertThat(segmentFiles()).isEmpty();
        assertThat(j.append(List.of(minimal("later")), List.of())).isEqualTo(13);
        j.sync();
        j.close();
        assertThat(IngestJournal.open(dir, 12).recovered())
                .extracting(IngestJournal.Entry::seq)
                .containsExactly(13L);
    }

    @Test
    void aQuarantinedFrameIsKeptApartAndNotReplayed() throws IOException {
        try (IngestJournal j = IngestJournal.open(dir, 0)) {
            long seq = j.append(List.of(minimal("poison")), List.of());
            j.sync();
            j.quarantine(seq, List.of(minimal("poison")), List.of());
            j.release(seq);
        }
        assertThat(dir.resolve("00000000000000000001.failed")).exists();
        assertThat(IngestJournal.open(dir, 1).recovered()).isEmpty();
    }

    @Test
    void noJournalKeepsNothing() throws IOException {
        try (IngestJournal j = IngestJournal.none()) {
            assertThat(j.append(List.of(minimal("a")), List.of())).isEqualTo(1);
            j.sync();
            assertThat(j.recovered()).isEmpty();
        }
    }

    private Path onlySegment() throws IOException {
        List<Path> segs = segmentFiles();
        assertThat(segs).hasSize(1);
        return segs.get(0);
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).toList();
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) if (hay[i + k] != needle[k]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
