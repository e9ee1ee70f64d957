package dev.tj.core.span;

/**
 * Who sent a span, beyond the agent id: the project (service.namespace), the terminal
 * (service.instance.id), the multi-session run it belongs to, and the machine and user it came from
 * (a team server's spans come from many of both).
 */
public record ResourceIdentity(
        String namespace, String instanceId, String runId, String parentSessionId, String machine, String user) {
    public static final ResourceIdentity NONE = new ResourceIdentity(null, null, null, null, null, null);

    /** Without a machine or user (yet): the pipeline stamps them. */
    public ResourceIdentity(String namespace, String instanceId, String runId, String parentSessionId) {
        this(namespace, instanceId, runId, parentSessionId, null, null);
    }

    /** Each field this one lacks taken from {@code other}. */
    public ResourceIdentity orElse(ResourceIdentity other) {
        if (other == NONE || other == this || !fills(other)) return this;
        return new ResourceIdentity(
                namespace != null ? namespace : other.namespace,
                instanceId != null ? instanceId : other.instanceId,
                runId != null ? runId : other.runId,
                parentSessionId != null ? parentSessionId : other.parentSessionId,
                machine != null ? machine : other.machine,
                user != null ? user : other.user);
    }

    /** Whether {@code other} has a field this one lacks. */
    private boolean fills(ResourceIdentity other) {
        return namespace == null && other.namespace != null
                || instanceId == null && other.instanceId != null
                || runId == null && other.runId != null
                || parentSessionId == null && other.parentSessionId != null
                || machine == null && other.machine != null
                || user == null && other.user != null;
    }

    /** This identity with the machine and user the record itself did not say filled in from {@code m}. */
    public ResourceIdentity on(Machine m) {
        if (m == null || (machine != null || m.name() == null) && (user != null || m.user() == null)) return this;
        return new ResourceIdentity(
                namespace,
                instanceId,
                runId,
                parentSessionId,
                machine != null ? machine : m.name(),
                user != null ? user : m.user());
    }
}
