package io.eventflow.consume.internal;

import io.eventflow.consume.ReadVersions;
import io.eventflow.event.Event;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.Upcasters;
import io.eventflow.event.compatibility.CompatibilityMode;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Admission's version step: whether a consumer can read an event's version, and the event as the consumer reads it
 * (upcast to the newest version it reads). Events it cannot judge (unknown type, no version in the
 * {@code dataschema}) are left to the validator. Pure: no I/O.
 */
public final class VersionReading {

    private final String consumer;
    private final ReadVersions reads;
    private final EventTypeRegistry registry;
    private final Upcasters upcasters;

    /**
     * @throws IllegalArgumentException when the consumer declares a type or version its schemas do not publish, or a
     *     version no chain of upcasters reaches from v1: a deployment mistake, caught at init rather than per event
     */
    public VersionReading(String consumer, ReadVersions reads, EventTypeRegistry registry, Upcasters upcasters) {
        this.consumer = consumer;
        this.reads = reads;
        this.registry = registry;
        this.upcasters = upcasters;
        reads.declared().forEach((type, newest) -> {
            if (!registry.knows(type) || newest > registry.latestVersion(type)) {
                throw new IllegalArgumentException(consumer + " declares it reads " + type + " v" + newest
                        + ", which its schemas do not publish");
            }
            if (!upcasters.covers(type, 1, newest)) {
                throw new IllegalArgumentException(consumer + " reads " + type + " up to v" + newest
                        + ", but some step from v1 has no upcaster");
            }
        });
    }

    /** Why this consumer cannot read the event's version (reason {@code unsupported-version}); empty when it can. */
    public Optional<String> unsupported(Event event) {
        String type = event.type();
        OptionalInt written = registry.versionOf(type, event.dataSchema());
        if (!registry.knows(type) || written.isEmpty()) {
            return Optional.empty();
        }
        int version = written.getAsInt();
        if (reads.readsAsWritten()) {
            return registry.versions(type).containsKey(version) ? Optional.empty()
                    : Optional.of(type + " v" + version + " is not published in the schemas " + consumer + " was deployed with");
        }
        OptionalInt newest = reads.newest(type);
        if (newest.isEmpty()) {
            return Optional.of(consumer + " reads no version of " + type + " (it reads " + reads + ")");
        }
        if (version <= newest.getAsInt() || forwardReadable(type, version, newest.getAsInt())) {
            return Optional.empty();
        }
        return Optional.of(type + " v" + version + " is newer than " + consumer + " reads (up to v" + newest.getAsInt()
                + ") and its mode " + mode(type) + " does not promise that older readers read it");
    }

    /**
     * The event whose {@code dataschema} admission validates against: the event itself, or, for a forward read of a
     * version these schemas do not publish, the event named as the newest version the consumer reads (the mode
     * promises that schema accepts it).
     */
    public Event validatedAs(Event event) {
        OptionalInt written = registry.versionOf(event.type(), event.dataSchema());
        OptionalInt newest = reads.newest(event.type());
        if (written.isEmpty() || newest.isEmpty() || registry.versions(event.type()).containsKey(written.getAsInt())) {
            return event;
        }
        return event.toBuilder().dataSchema(EventTypeRegistry.schemaUri(event.type(), newest.getAsInt())).build();
    }

    /** The event as the consumer's handler sees it: upcast to the newest version it reads, or as written. */
    public Event asRead(Event event) {
        OptionalInt written = registry.versionOf(event.type(), event.dataSchema());
        OptionalInt newest = reads.newest(event.type());
        if (written.isEmpty() || newest.isEmpty() || written.getAsInt() >= newest.getAsInt()) {
            return event;
        }
        return upcasters.upcast(event, written.getAsInt(), newest.getAsInt()).orElseThrow(() ->
                new IllegalStateException("no upcaster chain for " + event.type() + " v" + written.getAsInt()));
    }

    /** Forward compatibility covers the next version, or every newer one when the mode is transitive. */
    private boolean forwardReadable(String type, int version, int newest) {
        CompatibilityMode mode = mode(type);
        return mode.forward() && (mode.transitive() || version == newest + 1);
    }

    private CompatibilityMode mode(String type) {
        return registry.catalog().type(type).orElseThrow().compatibility();
    }
}
