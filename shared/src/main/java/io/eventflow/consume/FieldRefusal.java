package io.eventflow.consume;

import java.util.Objects;

/**
 * Why an {@link AdmissionRule} refuses an event: the field at fault and what is wrong with it.
 *
 * @param field where the value is, as a JSON path from the event's root ({@code $.data.customer.email})
 * @param problem what the consumer's service would refuse or corrupt, and the limit with its source
 */
public record FieldRefusal(String field, String problem) {

    public FieldRefusal {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
    }

    /** The text written into {@value DeadLetterReason#ERROR_ATTRIBUTE}. */
    public String message() {
        return field + ": " + problem;
    }
}
