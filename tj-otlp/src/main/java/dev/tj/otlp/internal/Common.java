package dev.tj.otlp.internal;

import dev.tj.core.ingest.IngestBatch;
import dev.tj.core.ingest.Rejection;
import dev.tj.core.span.MetricPoint;
import dev.tj.core.span.ResourceIdentity;
import dev.tj.core.span.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pieces shared by the three mappers. */
final class Common {
    private Common() {}

    static final String SERVICE_NAME = "service.name";

    /** Collects one request's outcome. */
    static final class Acc {
        final List<Span> spans = new ArrayList<>();
        final List<MetricPoint> points = new ArrayList<>();
        final List<Rejection> rejections = new ArrayList<>();
        int ignored;

        void reject(String recordId, String reason) {
            rejections.add(new Rejection(recordId, reason));
        }

        IngestBatch batch() {
            return new IngestBatch(
                    Collections.unmodifiableList(spans),
                    Collections.unmodifiableList(points),
                    Collections.unmodifiableList(rejections),
                    ignored);
        }
    }

    /** Resource attributes overlaid by record attributes (the record wins), read-only. */
    static Map<String, Object> merge(Map<String, Object> resource, Map<String, Object> record) {
        if (resource.isEmpty()) return Collections.unmodifiableMap(record);
        Map<String, Object> m = new LinkedHashMap<>(Math.max(16, (resource.size() + record.size()) * 4 / 3 + 1));
        m.putAll(resource);
        m.putAll(record);
        return Collections.unmodifiableMap(m);
    }

    /**
     * service.namespace, service.instance.id, tokenjam.run_id and tokenjam.parent_session_id, from the
     * resource and, when absent there, from the record (OTEL_RESOURCE_ATTRIBUTES may be copied onto
     * events instead); the machine from {@code host.name} and the user from Claude Code's and Codex's
     * {@code user.email}, else the account id (these are record attributes).
     */
    static ResourceIdentity identity(Map<String, Object> resource, Map<String, Object> record) {
        String ns = either(resource, record, "service.namespace");
        String inst = either(resource, record, "service.instance.id");
        String run = either(resource, record, "tokenjam.run_id");
        String parent = either(resource, record, "tokenjam.parent_session_id");
        String machine = either(resource, record, "host.name");
        String user = firstNonNull(
                either(resource, record, "user.email"),
                either(resource, record, "user.account_uuid"),
                either(resource, record, "user.account_id"));
        if (ns == null && inst == null && run == null && parent == null && machine == null && user == null)
            return ResourceIdentity.NONE;
        return new ResourceIdentity(ns, inst, run, parent, machine, user);
    }

    static String either(Map<String, Object> resource, Map<String, Object> record, String key) {
        String s = Values.str(resource, key);
        return s != null ? s : Values.str(record, key);
    }

    static String firstNonNull(String... xs) {
        for (String x : xs) if (x != null) return x;
        return null;
    }
}
