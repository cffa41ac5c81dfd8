package io.eventflow.archive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A window of the archive: the events of one or more types whose time is in {@code [from, to)}, optionally only those
 * of one subject. Times are compared at millisecond precision, as the archive stores them.
 *
 * @param types the event types, at least one, no repeats
 * @param from the window's start, inclusive
 * @param to the window's end, exclusive; after {@code from}
 * @param subject only events with this subject; null for all
 */
public record ArchiveQuery(List<String> types, Instant from, Instant to, String subject) {

    public ArchiveQuery {
        types = List.copyOf(Objects.requireNonNull(types, "types"));
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (types.isEmpty()) {
            throw new IllegalArgumentException("an archive query needs at least one event type");
        }
        if (types.stream().anyMatch(String::isBlank) || types.stream().distinct().count() != types.size()) {
            throw new IllegalArgumentException("event types must be non-blank and distinct, got " + types);
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the window's start (" + from + ") must be before its end (" + to + ")");
        }
        if (subject != null && subject.isBlank()) {
            subject = null;
        }
    }

    /** The subject filter, if any. */
    public Optional<String> subjectFilter() {
        return Optional.ofNullable(subject);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link ArchiveQuery}; {@link #build()} checks the window. */
    public static final class Builder {
        private final List<String> types = new ArrayList<>();
        private Instant from;
        private Instant to;
        private String subject;

        private Builder() {}

        /** Adds event types. */
        public Builder types(String... types) {
            return types(Arrays.asList(types));
        }

        /** Adds event types. */
        public Builder types(Collection<String> types) {
            this.types.addAll(types);
            return this;
        }

        /** The window's start, inclusive. */
        public Builder from(Instant from) {
            this.from = from;
            return this;
        }

        /** The window's end, exclusive. */
        public Builder to(Instant to) {
            this.to = to;
            return this;
        }

        /** Only events with this subject (null or blank: all). */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public ArchiveQuery build() {
            return new ArchiveQuery(types, from, to, subject);
        }
    }
}
