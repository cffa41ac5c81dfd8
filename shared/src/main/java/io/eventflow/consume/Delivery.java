package io.eventflow.consume;

import io.eventflow.event.Event;
import io.eventflow.replay.ReplayMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One event as it was delivered to a consumer: the event, what the delivery says about it (the replay that sent it,
 * the trace context of its publish, how often SQS has delivered it), and the means to emit the events the consumer
 * derives from it. The batch processor hands one to the handler for every record it admits.
 *
 * <p>{@link #emit} records a derived event; the processor hands the events of the records it committed to its
 * {@link DerivedEventSink} after the batch, so an event derived from a record whose processing failed is never
 * passed on. Not thread-safe: one delivery belongs to one record being processed.
 */
public final class Delivery {

    private final Event event;
    private final ReplayMarker replay;
    private final Map<String, String> traceHeaders;
    private final int receiveCount;
    private final boolean canEmit;
    private final List<Event> emitted = new ArrayList<>();

    /**
     * @param replay the replay marker, or null for an ordinary delivery
     * @param traceHeaders the message's {@code traceparent} and {@code tracestate}, as published
     * @param canEmit whether the processor has somewhere to send derived events
     */
    public Delivery(Event event, ReplayMarker replay, Map<String, String> traceHeaders, int receiveCount, boolean canEmit) {
        this.event = Objects.requireNonNull(event, "event");
        this.replay = replay;
        this.traceHeaders = Map.copyOf(traceHeaders);
        this.receiveCount = receiveCount;
        this.canEmit = canEmit;
    }

    /** A first delivery of an event, with no replay marker and no trace context (tests, tools). */
    public static Delivery of(Event event) {
        return new Delivery(event, null, Map.of(), 1, true);
    }

    public Event event() {
        return event;
    }

    /** The replay that sent this delivery, if a replay did. */
    public Optional<ReplayMarker> replay() {
        return Optional.ofNullable(replay);
    }

    /** The W3C trace context the message carried ({@code traceparent}, {@code tracestate}); empty when none. */
    public Map<String, String> traceHeaders() {
        return traceHeaders;
    }

    /** How often SQS has delivered this message, this delivery included. */
    public int receiveCount() {
        return receiveCount;
    }

    /**
     * Records an event derived from this one, to be passed on once this record is committed.
     *
     * @throws IllegalStateException when the processor was built without a {@link DerivedEventSink}
     */
    public void emit(Event derived) {
        if (!canEmit) {
            throw new IllegalStateException("this consumer's processor has no derived-event sink "
                    + "(SqsBatchProcessor.Builder.derivedEvents): nowhere to emit " + derived.id());
        }
        emitted.add(Objects.requireNonNull(derived, "derived"));
    }

    /** The events emitted so far, in order. */
    public List<Event> emitted() {
        return List.copyOf(emitted);
    }
}
