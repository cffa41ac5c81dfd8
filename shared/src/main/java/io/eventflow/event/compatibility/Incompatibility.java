package io.eventflow.event.compatibility;

/**
 * One way a version of an event type breaks its mode against an earlier version.
 *
 * @param type the event type, e.g. {@code order.shipped}
 * @param earlier the earlier version
 * @param later the later version
 * @param readerVersion the version whose consumer would refuse the event ({@code later} when checking backward)
 * @param pointer JSON pointer to the keyword in the reader's schema, through {@code $ref}s as the instance sees it
 * @param rule the rule broken
 * @param detail what the reader refuses that the writer allows, in a sentence
 */
public record Incompatibility(String type, int earlier, int later, int readerVersion, String pointer,
        CompatibilityRule rule, String detail) {

    /** The writer's version: the other one of the pair. */
    public int writerVersion() {
        return readerVersion == later ? earlier : later;
    }

    @Override
    public String toString() {
        return type + " v" + earlier + " -> v" + later + ": " + pointer + ": " + rule.id() + ": a v" + readerVersion
                + " consumer cannot read every v" + writerVersion() + " event: " + detail;
    }
}
