package io.eventflow.archive;

import java.util.Map;
import java.util.Objects;

/**
 * One event as the archive holds it, without decoding: for tools that forward it (replay sends the envelope byte for
 * byte, so its payload hash is unchanged) or resume after it ({@link #position()}).
 *
 * @param eventId the event's id
 * @param type the event's type
 * @param subject the event's subject; null when it has none
 * @param position where it sorts in a window: its {@code time_id}, {@code <time>#<event id>}; unique, and ordered as
 *     {@link ArchiveReader} returns events
 * @param envelope the whole event as CloudEvents JSON
 * @param traceContext the W3C trace headers it was delivered with, by name ({@code traceparent}, {@code tracestate});
 *     empty when none
 */
public record ArchivedEvent(String eventId, String type, String subject, String position, String envelope,
                            Map<String, String> traceContext) {

    public ArchivedEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(envelope, "envelope");
        traceContext = traceContext == null ? Map.of() : Map.copyOf(traceContext);
    }
}
