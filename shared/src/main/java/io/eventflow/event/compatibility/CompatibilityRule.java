package io.eventflow.event.compatibility;

/**
 * A JSON Schema rule by which a reader's schema refuses an event a writer's schema allows, or a reason the gate
 * refuses to judge. Each has a short stable id, the one printed in gate messages.
 */
public enum CompatibilityRule {
    /** The reader accepts fewer JSON types (integer is within number, not the other way round). */
    TYPE_NARROWED("type-narrowed", false),
    /** The reader requires a property the writer does not. */
    REQUIRED_ADDED("required-added", false),
    /** The writer may send a property the reader's {@code additionalProperties: false} refuses. */
    PROPERTY_REFUSED("property-refused", false),
    /** The reader constrains a property the writer leaves open (its {@code additionalProperties} allow anything). */
    OPEN_PROPERTY_CONSTRAINED("open-property-constrained", false),
    /** The reader closes {@code additionalProperties} where the writer's are open. */
    ADDITIONAL_PROPERTIES_CLOSED("additional-properties-closed", false),
    /** The reader's {@code enum} lacks a value the writer may send, or the writer has no enum at all. */
    ENUM_NARROWED("enum-narrowed", false),
    /** The reader's {@code const} differs from the writer's, or the writer has none. */
    CONST_CHANGED("const-changed", false),
    /** A higher {@code minLength}. */
    MIN_LENGTH_RAISED("min-length-raised", false),
    /** A lower {@code maxLength}, or one where the writer had none. */
    MAX_LENGTH_LOWERED("max-length-lowered", false),
    /** A {@code pattern} the writer's does not equal: regular-expression inclusion is not decided, so any change counts. */
    PATTERN_CHANGED("pattern-changed", false),
    /** A {@code format} the writer's does not equal. */
    FORMAT_CHANGED("format-changed", false),
    /** A higher lower bound ({@code minimum}, {@code exclusiveMinimum}). */
    MINIMUM_RAISED("minimum-raised", false),
    /** A lower upper bound ({@code maximum}, {@code exclusiveMaximum}). */
    MAXIMUM_LOWERED("maximum-lowered", false),
    /** A {@code multipleOf} the writer's is not a multiple of. */
    MULTIPLE_OF_CHANGED("multiple-of-changed", false),
    /** A higher {@code minItems}. */
    MIN_ITEMS_RAISED("min-items-raised", false),
    /** A lower {@code maxItems}. */
    MAX_ITEMS_LOWERED("max-items-lowered", false),
    /** {@code uniqueItems} where the writer had none. */
    UNIQUE_ITEMS_ADDED("unique-items-added", false),
    /** A higher {@code minProperties}. */
    MIN_PROPERTIES_RAISED("min-properties-raised", false),
    /** A lower {@code maxProperties}. */
    MAX_PROPERTIES_LOWERED("max-properties-lowered", false),
    /** The reader's schema is {@code false}: it accepts nothing. */
    NOTHING_ACCEPTED("nothing-accepted", false),
    /** Refusal to judge: the reader's {@code not} differs from the writer's. */
    NOT_CHANGED("not-changed", true),
    /** Refusal to judge: a keyword the gate does not understand, where it could change the verdict. */
    UNSUPPORTED_KEYWORD("unsupported-keyword", true),
    /** Refusal to judge: a {@code $ref} that is not a JSON pointer into the same document, or points nowhere. */
    UNRESOLVED_REF("unresolved-ref", true);

    private final String id;
    private final boolean refusal;

    CompatibilityRule(String id, boolean refusal) {
        this.id = id;
        this.refusal = refusal;
    }

    /** The id printed in gate messages, e.g. {@code required-added}. */
    public String id() {
        return id;
    }

    /** Whether the gate refuses to judge rather than proving a break: either way the change does not pass. */
    public boolean refusal() {
        return refusal;
    }
}
