package dev.tj.core.ingest;

import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import dev.tj.core.span.SpanEvent;
import dev.tj.core.span.SpanKind;
import dev.tj.core.span.SpanStatus;
import dev.tj.core.span.Usage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of spans and metric points in the ingest journal. Exact: every field of both
 * records, nanosecond timestamps, and attribute values with their types (integers come back as
 * Long, floating point as Double), so a replayed record is the record that was acknowledged.
 */
final class JournalCodec {
    private static final byte NULL = 0,
            STRING = 1,
            LONG = 2,
            DOUBLE = 3,
            TRUE = 4,
            FALSE = 5,
            LIST = 6,
            MAP = 7,
            BYTES = 8;

    private JournalCodec() {}

    /** A growable byte sink: {@link #array()} up to {@link #length()} is what was written. */
    static final class Out {
        private byte[] buf = new byte[4096];
        private int len;

        void reset() {
            len = 0;
        }

        int length() {
            return len;
        }

        byte[] array() {
            return buf;
        }

        private void ensure(int more) {
            if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }

        void u8(int v) {
            ensure(1);
            buf[len++] = (byte) v;
        }

        void i32(int v) {
            ensure(4);
            buf[len++] = (byte) (v >>> 24);
            buf[len++] = (byte) (v >>> 16);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        }

        void i64(long v) {
            i32((int) (v >>> 32));
            i32((int) v);
        }

        void str(String s) {
            if (s == null) {
                i32(-1);
                return;
            }
            // ids, names and most values are ASCII: write them in place instead of through a new array
            int n = s.length();
            ensure(4 + n);
            int start = len;
            len += 4;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    len = start;
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    i32(b.length);
                    raw(b);
                    return;
                }
                buf[len++] = (byte) c;
            }
            int end = len;
            len = start;
            i32(n);
            len = end;
        }

        void raw(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        void instant(Instant t) {
            if (t == null) {
                u8(0);
                return;
            }
            u8(1);
            i64(t.getEpochSecond());
            i32(t.getNano());
        }

        void dbl(Double d) {
            if (d == null) {
                u8(0);
                return;
            }
            u8(1);
            i64(Double.doubleToRawLongBits(d));
        }
    }

    /**
     * Opens a frame whose spans carry their machine and user. A frame without it (written by a tj
     * before machine identity) starts straight with its span count, never negative, and still reads.
     */
    private static final int WITH_MACHINE = -2;

    static void writeRecords(Out o, List<Span> spans, List<MetricPoint> points) {
        o.i32(WITH_MACHINE);
        o.i32(spans.size());
        for (Span s : spans) span(o, s);
        o.i32(points.size());
        for (MetricPoint p : points) point(o, p);
    }

    record Records(List<Span> spans, List<MetricPoint> points) {}

    static Records readRecords(ByteBuffer in) {
        boolean withMachine = in.getInt(in.position()) == WITH_MACHINE;
        if (withMachine) in.getInt();
        int n = count(in);
        List<Span> spans = new ArrayList<>(n);
        for (int i = 0; i < n; i++) spans.add(span(in, withMachine));
        int m = count(in);
        List<MetricPoint> points = new ArrayList<>(m);
        for (int i = 0; i < m; i++) points.add(point(in));
        return new Records(spans, points);
    }

    private static void span(Out o, Span s) {
        o.str(s.spanId());
        o.str(s.traceId());
        o.str(s.parentSpanId());
        o.str(s.sessionId());
        o.str(s.agentId());
        o.str(s.subAgentId());
        o.str(s.name());
        o.u8(s.kind().ordinal());
        o.u8(s.status().ordinal());
        o.str(s.statusMessage());
        o.instant(s.startTime());
        o.instant(s.endTime());
        o.dbl(s.durationMs());
        value(o, s.attributes());
        o.i32(s.events().size());
        for (SpanEvent e : s.events()) {
            o.str(e.name());
            o.instant(e.time());
            value(o, e.attributes());
        }
        o.str(s.provider());
        o.str(s.model());
        o.str(s.toolName());
        Usage u = s.usage();
        o.i64(u.input());
        o.i64(u.output());
        o.i64(u.cacheRead());
        o.i64(u.cacheWrite5m());
        o.i64(u.cacheWrite1h());
        o.dbl(s.costUsd());
        o.dbl(s.reportedCostUsd());
        o.u8(s.pricedByFallback() ? 1 : 0);
        o.str(s.requestType());
        o.str(s.conversationId());
        o.str(s.billingAccount());
        ResourceIdentity r = s.resource();
        o.str(r.namespace());
        o.str(r.instanceId());
        o.str(r.runId());
        o.str(r.parentSessionId());
        o.str(r.machine());
        o.str(r.user());
    }

    @SuppressWarnings("unchecked")
    private static Span span(ByteBuffer in, boolean withMachine) {
        Span.Builder b = Span.builder()
                .spanId(str(in))
                .traceId(str(in))
                .parentSpanId(str(in))
                .sessionId(str(in))
                .agentId(str(in))
                .subAgentId(str(in))
                .name(str(in))
                .kind(SpanKind.values()[in.get()])
                .status(SpanStatus.values()[in.get()])
                .statusMessage(str(in));
        Instant start = instant(in), end = instant(in);
        b.startTime(start).endTime(end).durationMs(dbl(in));
        b.attributes((Map<String, Object>) value(in));
        int events = count(in);
        List<SpanEvent> evs = new ArrayList<>(events);
        for (int i = 0; i < events; i++) evs.add(new SpanEvent(str(in), instant(in), (Map<String, Object>) value(in)));
        b.events(evs).provider(str(in)).model(str(in)).toolName(str(in));
        b.usage(new Usage(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong()));
        b.costUsd(dbl(in)).reportedCostUsd(dbl(in)).pricedByFallback(in.get() != 0);
        b.requestType(str(in)).conversationId(str(in)).billingAccount(str(in));
        String ns = str(in), inst = str(in), run = str(in), parent = str(in);
        b.resource(
                withMachine
                        ? new ResourceIdentity(ns, inst, run, parent, str(in), str(in))
                        : new ResourceIdentity(ns, inst, run, parent));
        return b.build();
    }

    private static void point(Out o, MetricPoint p) {
        o.str(p.pointId());
        o.str(p.sessionId());
        o.str(p.agentId());
        o.str(p.name());
        o.str(p.unit());
        o.instant(p.time());
        o.i64(Double.doubleToRawLongBits(p.value()));
        value(o, p.attributes());
    }

    @SuppressWarnings("unchecked")
    private static MetricPoint point(ByteBuffer in) {
        return new MetricPoint(
                str(in), str(in), str(in), str(in), str(in), instant(in), Double.longBitsToDouble(in.getLong()), (Map<
                                String, Object>)
                        value(in));
    }

    private static void value(Out o, Object v) {
        if (v == null) {
            o.u8(NULL);
        } else if (v instanceof String s) {
            o.u8(STRING);
            o.str(s);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            o.u8(LONG);
            o.i64(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            o.u8(DOUBLE);
            o.i64(Double.doubleToRawLongBits(((Number) v).doubleValue()));
        } else if (v instanceof Boolean bool) {
            o.u8(bool ? TRUE : FALSE);
        } else if (v instanceof Map<?, ?> m) {
            o.u8(MAP);
            o.i32(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                o.str(String.valueOf(e.getKey()));
                value(o, e.getValue());
            }
        } else if (v instanceof Collection<?> c) {
            o.u8(LIST);
            o.i32(c.size());
            for (Object x : c) value(o, x);
        } else if (v instanceof byte[] bytes) {
            o.u8(BYTES);
            o.i32(bytes.length);
            o.raw(bytes);
        } else {
            // BigDecimal and the like: kept as their text, which is how storage shows them too
            o.u8(STRING);
            o.str(v.toString());
        }
    }

    private static Object value(ByteBuffer in) {
        byte tag = in.get();
        return switch (tag) {
            case NULL -> null;
            case STRING -> str(in);
            case LONG -> in.getLong();
            case DOUBLE -> Double.longBitsToDouble(in.getLong());
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case MAP -> {
                int n = count(in);
                Map<String, Object> m = new LinkedHashMap<>(Math.max(4, n * 2));
                for (int i = 0; i < n; i++) m.put(str(in), value(in));
                yield Collections.unmodifiableMap(m);
            }
            case LIST -> {
                int n = count(in);
                List<Object> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) l.add(value(in));
                yield Collections.unmodifiableList(l);
            }
            case BYTES -> {
                byte[] b = new byte[count(in)];
                in.get(b);
                yield b;
            }
            default -> throw new IllegalArgumentException("unknown value tag " + tag);
        };
    }

    private static int count(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) throw new IllegalArgumentException("bad count " + n);
        return n;
    }

    private static String str(ByteBuffer in) {
        int n = in.getInt();
        if (n == -1) return null;
        if (n < 0 || n > in.remaining()) throw new IllegalArgumentException("bad string length " + n);
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    private static Instant instant(ByteBuffer in) {
        if (in.get() == 0) return null;
        long sec = in.getLong();
        return Instant.ofEpochSecond(sec, in.getInt());
    }

    private static Double dbl(ByteBuffer in) {
        return in.get() == 0 ? null : Double.longBitsToDouble(in.getLong());
    }
}
