package io.eventflow.event.compatibility;

/**
 * How the versions of one event type must relate, with the meanings Confluent Schema Registry documents. A
 * <em>reader</em> is a consumer built on one version; a <em>writer</em> a producer on another.
 */
public enum CompatibilityMode {
    /** A consumer on the new version reads events written with the previous one. */
    BACKWARD(true, false, false),
    /** A consumer on the new version reads events written with every earlier one. */
    BACKWARD_TRANSITIVE(true, false, true),
    /** A consumer on the previous version reads events written with the new one. */
    FORWARD(false, true, false),
    /** A consumer on every earlier version reads events written with the new one. */
    FORWARD_TRANSITIVE(false, true, true),
    /** Both {@link #BACKWARD} and {@link #FORWARD}, against the previous version. */
    FULL(true, true, false),
    /** Both, against every earlier version. */
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityMode(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Whether the newer version must read what the older one wrote. */
    public boolean backward() {
        return backward;
    }

    /** Whether the older version must read what the newer one writes. */
    public boolean forward() {
        return forward;
    }

    /** Whether a version is checked against all its predecessors, not only the one before it. */
    public boolean transitive() {
        return transitive;
    }
}
