package dev.tj.otlp.internal;

import static dev.tj.otlp.internal.ProtoOtlpReader.emptyToNull;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.tj.otlp.internal.ProtoOtlpReader.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OTLP/HTTP protobuf logs body read straight from the wire into {@link Otlp}, the hottest path
 * of the daemon. Going through the generated {@code ExportLogsServiceRequest} built a message, a
 * builder and a field builder for every attribute and value only to copy them into maps again:
 * about a quarter of what ingest allocated. The result equals {@link ProtoOtlpReader#logs} of the
 * parsed request (pinned by a test over varied requests); unknown fields are skipped as the
 * generated parser skips them, and text must be valid UTF-8 as proto3 requires.
 *
 * <p>Attribute values nested deeper than {@link JsonOtlpReader#MAX_DEPTH} are dropped and the
 * record carries the problem; past {@link #RECURSION_LIMIT} messages the request is refused.
 */
public final class ProtoLogsWire {
    private ProtoLogsWire() {}

    // field numbers of opentelemetry/proto/{collector/,}logs/v1, common/v1 and resource/v1
    private static final int REQUEST_RESOURCE_LOGS = 1;
    private static final int RESOURCE_LOGS_RESOURCE = 1, RESOURCE_LOGS_SCOPE_LOGS = 2;
    private static final int RESOURCE_ATTRIBUTES = 1;
    private static final int SCOPE_LOGS_SCOPE = 1, SCOPE_LOGS_RECORDS = 2;
    private static final int SCOPE_NAME = 1;
    private static final int RECORD_TIME = 1, RECORD_BODY = 5, RECORD_ATTRIBUTES = 6, RECORD_OBSERVED = 11;
    private static final int RECORD_EVENT_NAME = 12;
    private static final int KV_KEY = 1, KV_VALUE = 2;
    private static final int ANY_STRING = 1, ANY_BOOL = 2, ANY_INT = 3, ANY_DOUBLE = 4, ANY_ARRAY = 5;
    private static final int ANY_KVLIST = 6, ANY_BYTES = 7;
    private static final int LIST_VALUES = 1;

    /**
     * Protobuf message nesting allowed, as for the generated parsers: an AnyValue kvlist level costs
     * three messages, so this admits the 64 attribute levels the mappers decode (deeper records are
     * rejected one by one, not the whole request) while keeping the recursion well inside a stack.
     */
    public static final int RECURSION_LIMIT = 320;

    /** A value that was present but held nothing usable (an unset oneof). */
    private static final Object NONE = new Object();
    /** A tag that is not one of AnyValue's values. */
    private static final Object SKIPPED = new Object();

    public static List<Otlp.ResourceLogs> logs(CodedInputStream in) throws IOException {
        List<Otlp.ResourceLogs> out = new ArrayList<>(1);
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == lengthDelimited(REQUEST_RESOURCE_LOGS)) {
                int limit = enter(in, 1);
                out.add(resourceLogs(in));
                in.popLimit(limit);
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        return out;
    }

    private static Otlp.ResourceLogs resourceLogs(CodedInputStream in) throws IOException {
        Otlp.Resource resource = Otlp.Resource.EMPTY;
        List<Otlp.ScopeLogs> scopes = new ArrayList<>(1);
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == lengthDelimited(RESOURCE_LOGS_RESOURCE)) {
                int limit = enter(in, 2);
                resource = resource(in);
                in.popLimit(limit);
            } else if (tag == lengthDelimited(RESOURCE_LOGS_SCOPE_LOGS)) {
                int limit = enter(in, 2);
                scopes.add(scopeLogs(in));
                in.popLimit(limit);
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        return new Otlp.ResourceLogs(resource, scopes);
    }

    private static Otlp.Resource resource(CodedInputStream in) throws IOException {
        Attributes attrs = new Attributes();
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == lengthDelimited(RESOURCE_ATTRIBUTES)) attrs.read(in, 3);
            else if (!in.skipField(tag)) break;
        }
        return attrs.count == 0 ? Otlp.Resource.EMPTY : new Otlp.Resource(attrs.map(), attrs.problem.why);
    }

    private static Otlp.ScopeLogs scopeLogs(CodedInputStream in) throws IOException {
        String scopeName = null;
        List<Otlp.LogRecord> records = new ArrayList<>();
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == lengthDelimited(SCOPE_LOGS_RECORDS)) {
                int limit = enter(in, 3);
                records.add(record(in));
                in.popLimit(limit);
            } else if (tag == lengthDelimited(SCOPE_LOGS_SCOPE)) {
                int limit = enter(in, 3);
                scopeName = emptyToNull(scopeName(in));
                in.popLimit(limit);
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        return new Otlp.ScopeLogs(scopeName, records);
    }

    private static String scopeName(CodedInputStream in) throws IOException {
        String name = "";
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == lengthDelimited(SCOPE_NAME)) name = in.readStringRequireUtf8();
            else if (!in.skipField(tag)) break;
        }
        return name;
    }

    private static Otlp.LogRecord record(CodedInputStream in) throws IOException {
        long time = 0, observed = 0;
        String body = null, eventName = "";
        Attributes attrs = new Attributes();
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                case (RECORD_TIME << 3) | WireFormat.WIRETYPE_FIXED64 -> time = in.readFixed64();
                case (RECORD_OBSERVED << 3) | WireFormat.WIRETYPE_FIXED64 -> observed = in.readFixed64();
                case (RECORD_ATTRIBUTES << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> attrs.read(in, 4);
                case (RECORD_EVENT_NAME << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED ->
                    eventName = in.readStringRequireUtf8();
                case (RECORD_BODY << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
                    int limit = enter(in, 4);
                    body = body(in, 4); // a later body replaces an earlier one
                    in.popLimit(limit);
                }
                default -> {
                    if (!in.skipField(tag)) return done(time, observed, body, eventName, attrs);
                }
            }
        }
        return done(time, observed, body, eventName, attrs);
    }

    private static Otlp.LogRecord done(long time, long observed, String body, String eventName, Attributes attrs) {
        String why = attrs.problem.why;
        if (time < 0 && why == null) why = "invalid timeUnixNano " + Long.toUnsignedString(time);
        // unsigned overflow: unusable, so absent
        return new Otlp.LogRecord(time, Math.max(0, observed), body, emptyToNull(eventName), attrs.map(), why);
    }

    /** The attributes of one message, in arrival order; a repeated key keeps its first place. */
    private static final class Attributes {
        final Problem problem = new Problem();
        Map<String, Object> map;
        int count;

        /** Reads one length-delimited KeyValue at {@code nesting} messages below the request. */
        void read(CodedInputStream in, int nesting) throws IOException {
            count++;
            if (map == null) map = new LinkedHashMap<>(16);
            int limit = enter(in, nesting);
            keyValue(in, map, 1, nesting, problem);
            in.popLimit(limit);
        }

        Map<String, Object> map() {
            return count == 0 ? Map.of() : map;
        }
    }

    private static void keyValue(CodedInputStream in, Map<String, Object> into, int depth, int nesting, Problem pr)
            throws IOException {
        String key = "";
        Object value = null; // null: no value field at all
        String problemBefore = pr.why;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == lengthDelimited(KV_KEY)) {
                key = in.readStringRequireUtf8();
            } else if (tag == lengthDelimited(KV_VALUE)) {
                int limit = enter(in, nesting + 1);
                Object v = value(in, depth, nesting + 1, pr);
                if (value == null || v != NONE) value = v;
                in.popLimit(limit);
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        if (key.isEmpty()) {
            pr.why = problemBefore; // a pair without a key is dropped unread, problems and all
        } else if (value != null && value != NONE) {
            into.put(key, value);
        }
    }

    /**
     * One AnyValue, within its pushed limit: String/Boolean/Long/Double/List/Map, bytes as base64
     * text, {@link #NONE} when unset (a later field of the oneof replaces an earlier one). Past
     * {@link JsonOtlpReader#MAX_DEPTH} the value is still read, so that it is checked as the
     * generated parser checks it, but dropped and the problem noted.
     */
    private static Object value(CodedInputStream in, int depth, int nesting, Problem pr) throws IOException {
        Object v = NONE;
        int tag;
        while ((tag = in.readTag()) != 0) {
            Object f = field(in, tag, depth, nesting, pr);
            if (f == SKIPPED) {
                if (!in.skipField(tag)) break;
            } else {
                v = f;
            }
        }
        if (depth > JsonOtlpReader.MAX_DEPTH) {
            pr.tooDeep();
            return NONE;
        }
        return v;
    }

    /** A body counts only when its value is a string. */
    private static String body(CodedInputStream in, int nesting) throws IOException {
        String body = null;
        Problem ignored = new Problem();
        int tag;
        while ((tag = in.readTag()) != 0) {
            Object f = field(in, tag, 1, nesting, ignored);
            if (f == SKIPPED) {
                if (!in.skipField(tag)) break;
            } else {
                body = tag == ((ANY_STRING << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED) ? (String) f : null;
            }
        }
        return body;
    }

    /** One field of an AnyValue, or {@link #SKIPPED} when the tag is not one of its values. */
    private static Object field(CodedInputStream in, int tag, int depth, int nesting, Problem pr) throws IOException {
        switch (tag) {
            case (ANY_STRING << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
                return in.readStringRequireUtf8();
            case (ANY_BOOL << 3) | WireFormat.WIRETYPE_VARINT:
                return in.readBool();
            case (ANY_INT << 3) | WireFormat.WIRETYPE_VARINT:
                return in.readInt64();
            case (ANY_DOUBLE << 3) | WireFormat.WIRETYPE_FIXED64:
                return in.readDouble();
            case (ANY_BYTES << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
                return Base64.getEncoder().encodeToString(in.readByteArray());
            case (ANY_ARRAY << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED: {
                int limit = enter(in, nesting + 1);
                List<Object> v = array(in, depth + 1, nesting + 1, pr);
                in.popLimit(limit);
                return v;
            }
            case (ANY_KVLIST << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED: {
                int limit = enter(in, nesting + 1);
                Map<String, Object> v = kvList(in, depth + 1, nesting + 1, pr);
                in.popLimit(limit);
                return v;
            }
            default:
                return SKIPPED;
        }
    }

    /**
     * Pushes the limit of an embedded message at {@code nesting} messages below the request. Past
     * the generated parser's recursion limit the whole request is refused, as that parser refuses it.
     */
    private static int enter(CodedInputStream in, int nesting) throws IOException {
        if (nesting > RECURSION_LIMIT) {
            throw new InvalidProtocolBufferException("Protocol message had too many levels of nesting.");
        }
        return in.pushLimit(in.readRawVarint32());
    }

    private static List<Object> array(CodedInputStream in, int depth, int nesting, Problem pr) throws IOException {
        List<Object> out = new ArrayList<>();
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == lengthDelimited(LIST_VALUES)) {
                int limit = enter(in, nesting + 1);
                Object v = value(in, depth, nesting + 1, pr);
                out.add(v == NONE ? null : v);
                in.popLimit(limit);
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        return out;
    }

    private static Map<String, Object> kvList(CodedInputStream in, int depth, int nesting, Problem pr)
            throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == lengthDelimited(LIST_VALUES)) {
                int limit = enter(in, nesting + 1);
                keyValue(in, out, depth, nesting + 1, pr);
                in.popLimit(limit);
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        return out;
    }

    private static int lengthDelimited(int field) {
        return (field << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }
}
