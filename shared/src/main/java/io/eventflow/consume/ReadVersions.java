package io.eventflow.consume;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Which versions of which event types a consumer reads, declared in its code and listed in the event catalog.
 * Either {@linkplain #asWritten() every version as written} (consumers that keep or count events without reading
 * their data: the archiver, analytics), or, per type, the newest version the consumer reads: it reads every version
 * up to that one, each older event upcast to it on admission, so its handler sees only that version. An event in a
 * newer version is read only where the type's compatibility mode promises forward compatibility; otherwise it is
 * dead-lettered as {@link DeadLetterReason#UNSUPPORTED_VERSION}. Immutable.
 */
public final class ReadVersions {

    private static final ReadVersions AS_WRITTEN = new ReadVersions(null);

    private final Map<String, Integer> newest;

    private ReadVersions(Map<String, Integer> newest) {
        this.newest = newest == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(newest));
    }

    /** Every type, every version, as written: nothing is upcast. */
    public static ReadVersions asWritten() {
        return AS_WRITTEN;
    }

    /** A declaration type by type; at least one. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether this consumer reads every version as written. */
    public boolean readsAsWritten() {
        return newest == null;
    }

    /** The newest version of a type this consumer reads; empty when it reads the type as written or not at all. */
    public OptionalInt newest(String type) {
        Integer version = newest == null ? null : newest.get(type);
        return version == null ? OptionalInt.empty() : OptionalInt.of(version);
    }

    /** Each type declared and the newest version read of it, in declaration order; empty when read as written. */
    public Map<String, Integer> declared() {
        return newest == null ? Map.of() : newest;
    }

    @Override
    public String toString() {
        return newest == null ? "every version as written" : newest.toString();
    }

    /** Builder for {@link ReadVersions}. */
    public static final class Builder {
        private final Map<String, Integer> newest = new LinkedHashMap<>();

        private Builder() {}

        /** Reads {@code type} in versions 1 to {@code newestVersion}, each seen as {@code newestVersion}. */
        public Builder reads(String type, int newestVersion) {
            Objects.requireNonNull(type, "type");
            if (newestVersion < 1) {
                throw new IllegalArgumentException(type + ": the newest version read must be at least 1, got " + newestVersion);
            }
            newest.put(type, newestVersion);
            return this;
        }

        /** @throws IllegalStateException when no type was declared: use {@link #asWritten()} for that */
        public ReadVersions build() {
            if (newest.isEmpty()) {
                throw new IllegalStateException("declare at least one type, or use ReadVersions.asWritten()");
            }
            return new ReadVersions(newest);
        }
    }
}
