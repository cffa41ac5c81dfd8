package io.eventflow.consume;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trace context each message in flight carried, by event id: its W3C {@code traceparent} and {@code tracestate}
 * message attributes, as the publisher set them. For logic that stores an event and must keep its trace with it: the
 * archiver archives it, so that a replay continues the event's original trace. One instance per function, shared by
 * its batch processor (which records it while a message is processed) and its logic (which reads it). Recorded
 * whether or not the function itself traces. Thread-safe.
 */
public final class CarriedTraceContext {

    /** The message attributes kept, in this order. */
    public static final List<String> ATTRIBUTES = List.of("traceparent", "tracestate");

    private final Map<String, Map<String, String>> byEvent = new ConcurrentHashMap<>();

    /** What the message carrying this event carried; empty when it carried none or is not being processed. */
    public Map<String, String> of(String eventId) {
        return byEvent.getOrDefault(eventId, Map.of());
    }

    /** Records what a message carries, for as long as its event is processed; returns it, for {@link #forget}. */
    Map<String, String> record(String eventId, SQSEvent.SQSMessage message) {
        Map<String, String> carried = new LinkedHashMap<>();
        Map<String, SQSEvent.MessageAttribute> attributes = message.getMessageAttributes();
        if (attributes != null) {
            for (String name : ATTRIBUTES) {
                SQSEvent.MessageAttribute attribute = attributes.get(name);
                if (attribute != null && attribute.getStringValue() != null) {
                    carried.put(name, attribute.getStringValue());
                }
            }
        }
        Map<String, String> recorded = Map.copyOf(carried);
        if (!recorded.isEmpty()) {
            byEvent.put(eventId, recorded);
        }
        return recorded;
    }

    /** Forgets an event once its message is settled (only if nothing newer was recorded for it meanwhile). */
    void forget(String eventId, Map<String, String> recorded) {
        byEvent.remove(eventId, recorded);
    }
}
