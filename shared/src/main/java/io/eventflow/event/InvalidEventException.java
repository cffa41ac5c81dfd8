package io.eventflow.event;

import java.util.List;

/** The event is well-formed but breaks its type's contract (unknown type, or data against the schema). */
public final class InvalidEventException extends RuntimeException {

    private final transient List<SchemaViolation> violations;

    public InvalidEventException(String eventType, String eventId, List<SchemaViolation> violations) {
        super(eventType + " event " + eventId + " is invalid: "
                + String.join("; ", violations.stream().map(SchemaViolation::toString).toList()));
        this.violations = List.copyOf(violations);
    }

    /** Whether the event's type itself is unknown (rather than its data breaking a known type's schema). */
    public boolean unknownType() {
        return violations.stream().anyMatch(violation -> SchemaViolation.UNKNOWN_TYPE_RULE.equals(violation.rule()));
    }

    /** Every violation found, not only the first. */
    public List<SchemaViolation> violations() {
        return violations;
    }
}
