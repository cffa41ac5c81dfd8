package io.eventflow.archive;

import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The archive table's item layout, in one place for the writer (the archiver) and the reader ({@link ArchiveReader}).
 * One item per event: key {@code event_id}; the index {@code by_type_day} is keyed {@code type#yyyy-mm-dd} (the UTC
 * day of the event's own time: one bucket per type per day, so no type becomes a hot partition and a window is a few
 * queries) and sorted by {@code <time>#<event id>}, the time in RFC 3339 with milliseconds in UTC (fixed width, so the
 * strings sort as the times do; events of the same millisecond sort by id). The whole envelope is kept as the
 * CloudEvents JSON {@link EventCodec} writes.
 */
public final class ArchiveItem {

    /** Partition key of the table. */
    public static final String EVENT_ID = "event_id";
    /** The event's type. */
    public static final String TYPE = "type";
    /** Partition key of {@link #BY_TYPE_DAY}: {@code <type>#<yyyy-mm-dd>}. */
    public static final String TYPE_DAY = "type_day";
    /** Sort key of {@link #BY_TYPE_DAY}: {@code <yyyy-mm-ddThh:mm:ss.SSSZ>#<event id>}. */
    public static final String TIME_ID = "time_id";
    /** The event's subject, when it has one. */
    public static final String SUBJECT = "subject";
    /** The event's source. */
    public static final String SOURCE = "source";
    /** The whole event as CloudEvents JSON. */
    public static final String ENVELOPE = "envelope";
    /** When the archiver wrote the item (RFC 3339, UTC). */
    public static final String ARCHIVED_AT = "archived_at";
    /**
     * The trace context the event was delivered with ({@code traceparent}, {@code tracestate}), a map; absent when it
     * carried none. A replay sends it along, so the replayed processing continues the event's original trace.
     */
    public static final String TRACE_CONTEXT = "trace_context";
    /** DynamoDB TTL attribute (epoch seconds): the event's time plus the retention; absent when kept forever. */
    public static final String EXPIRES_AT = "expires_at";
    /** The global secondary index by type and day. */
    public static final String BY_TYPE_DAY = "by_type_day";

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ArchiveItem() {}

    /** The index partition an event belongs to: its type and the UTC day of its time. */
    public static String typeDay(String type, LocalDate day) {
        return type + "#" + day;
    }

    /** The index sort key of an event. */
    public static String timeId(Instant time, String eventId) {
        return timestamp(time) + "#" + eventId;
    }

    /** The UTC day of a {@link #TIME_ID} value: its index partition's day. */
    static LocalDate dayOf(String timeId) {
        return LocalDate.parse(timeId.substring(0, 10));
    }

    /** An instant as it appears in {@link #TIME_ID}: RFC 3339, milliseconds, UTC (sub-millisecond digits dropped). */
    static String timestamp(Instant time) {
        return MILLIS.format(time.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * The item that archives an event.
     *
     * @param retention how long after the event's time the item expires; {@link Duration#ZERO} keeps it forever
     */
    public static Map<String, AttributeValue> of(Event event, EventCodec codec, Instant archivedAt, Duration retention) {
        return of(event, codec, archivedAt, retention, Map.of());
    }

    /**
     * The item that archives an event delivered with a trace context.
     *
     * @param retention how long after the event's time the item expires; {@link Duration#ZERO} keeps it forever
     * @param traceContext the W3C trace headers its message carried, by name; may be empty
     */
    public static Map<String, AttributeValue> of(Event event, EventCodec codec, Instant archivedAt, Duration retention,
                                                 Map<String, String> traceContext) {
        Objects.requireNonNull(retention, "retention");
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(EVENT_ID, AttributeValue.fromS(event.id()));
        item.put(TYPE, AttributeValue.fromS(event.type()));
        item.put(TYPE_DAY, AttributeValue.fromS(typeDay(event.type(), LocalDate.ofInstant(event.time(), ZoneOffset.UTC))));
        item.put(TIME_ID, AttributeValue.fromS(timeId(event.time(), event.id())));
        if (event.subject() != null) {
            item.put(SUBJECT, AttributeValue.fromS(event.subject()));
        }
        item.put(SOURCE, AttributeValue.fromS(event.source().toString()));
        item.put(ENVELOPE, AttributeValue.fromS(codec.encode(event)));
        item.put(ARCHIVED_AT, AttributeValue.fromS(timestamp(archivedAt)));
        if (!traceContext.isEmpty()) {
            Map<String, AttributeValue> headers = new LinkedHashMap<>();
            traceContext.forEach((name, value) -> headers.put(name, AttributeValue.fromS(value)));
            item.put(TRACE_CONTEXT, AttributeValue.fromM(headers));
        }
        if (!retention.isZero()) {
            item.put(EXPIRES_AT, AttributeValue.fromN(Long.toString(event.time().plus(retention).getEpochSecond())));
        }
        return item;
    }
}
