package io.eventflow.event;

/**
 * One way an event breaks its type's schema.
 *
 * @param field JSON path of the offending field, e.g. {@code $.data.customer.email}
 * @param rule the schema keyword that failed, e.g. {@code required}, {@code format}
 * @param message a readable sentence
 */
public record SchemaViolation(String field, String rule, String message) {

    /** The rule an event of a type missing from the catalog breaks. */
    public static final String UNKNOWN_TYPE_RULE = "registered";

    @Override
    public String toString() {
        return field + ": " + message + " [rule: " + rule + "]";
    }
}
