package dev.tj.core.span;

/**
 * Who sent a span, beyond the agent id: the project (service.namespace), the terminal
 * (service.instance.id) and the multi-session run it belongs to.
 */
public record ResourceIdentity(String namespace, String instanceId, String runId, String parentSessionId) {
    public static final ResourceIdentity NONE = new ResourceIdentity(null, null, null, null);
}
