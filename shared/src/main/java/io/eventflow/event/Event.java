package io.eventflow.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One immutable fact, as a CloudEvents 1.0 envelope: who said it ({@link #source()}), what it is ({@link #type()}),
 * about which aggregate ({@link #subject()}), when ({@link #time()}, UTC) and the whole fact ({@link #data()}).
 *
 * <p>Build new events with {@link #builder()}: the id (a UUIDv7, so ids sort by creation time) and the time are filled
 * in when not given. Serialize and parse with {@link EventCodec}.
 */
public final class Event {

    /** Content type of every eventflow event's data. */
    public static final String JSON_CONTENT_TYPE = "application/json";

    private final String id;
    private final URI source;
    private final String type;
    private final Instant time;
    private final String subject;
    private final URI dataSchema;
    private final JsonNode data;

    private Event(Builder builder) {
        this.id = builder.id != null ? builder.id : EventIds.next();
        this.source = Objects.requireNonNull(builder.source, "source");
        this.type = requireText(builder.type, "type");
        this.time = builder.time != null ? builder.time : Instant.now();
        this.subject = builder.subject;
        this.dataSchema = builder.dataSchema != null ? builder.dataSchema : EventTypeRegistry.defaultSchemaUri(type);
        this.data = Objects.requireNonNull(builder.data, "data").deepCopy();
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this event's values, for tests and tools that derive variants. */
    public Builder toBuilder() {
        return new Builder().id(id).source(source).type(type).time(time).subject(subject).dataSchema(dataSchema).data(data);
    }

    /** Unique, time-sortable id (UUIDv7 text). */
    public String id() {
        return id;
    }

    public URI source() {
        return source;
    }

    /** Dotted event type, e.g. {@code order.shipped}. */
    public String type() {
        return type;
    }

    /** When the fact happened (UTC). */
    public Instant time() {
        return time;
    }

    /** Aggregate the fact is about (order id, account id), or null. */
    public String subject() {
        return subject;
    }

    /** The JSON Schema the data follows; its last path segment names the version ({@code v1.json}). */
    public URI dataSchema() {
        return dataSchema;
    }

    /** The fact itself; a copy, so the event stays immutable. */
    public JsonNode data() {
        return data.deepCopy();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Event that
                && id.equals(that.id) && source.equals(that.source) && type.equals(that.type) && time.equals(that.time)
                && Objects.equals(subject, that.subject) && dataSchema.equals(that.dataSchema) && data.equals(that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, time);
    }

    @Override
    public String toString() {
        return "Event[" + type + " " + id + (subject != null ? " subject=" + subject : "") + "]";
    }

    /** Fluent builder for {@link Event}. */
    public static final class Builder {
        private String id;
        private URI source;
        private String type;
        private Instant time;
        private String subject;
        private URI dataSchema;
        private JsonNode data;

        private Builder() {}

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder source(URI source) {
            this.source = source;
            return this;
        }

        public Builder source(String source) {
            return source(URI.create(source));
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder time(Instant time) {
            this.time = time;
            return this;
        }

        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder dataSchema(URI dataSchema) {
            this.dataSchema = dataSchema;
            return this;
        }

        public Builder data(JsonNode data) {
            this.data = data;
            return this;
        }

        public Event build() {
            return new Event(this);
        }
    }
}
