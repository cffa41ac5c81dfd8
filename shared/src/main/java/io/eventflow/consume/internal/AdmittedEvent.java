package io.eventflow.consume.internal;

import io.eventflow.consume.Delivery;
import io.eventflow.event.Event;
import io.eventflow.replay.ReplayMarker;

/**
 * An event that passed admission, with what its claim needs.
 *
 * @param replay its replay marker, or null
 * @param key its idempotency key
 * @param hash its payload hash
 * @param canEmit whether its deliveries may emit derived events
 */
public record AdmittedEvent(SqsRecord record, Event event, ReplayMarker replay, String key, String hash, boolean canEmit) {

    /** A fresh delivery of the event, with nothing emitted yet: one per computation of its effects. */
    public Delivery delivery() {
        return new Delivery(event, replay, record.traceHeaders(), record.receiveCount(), canEmit);
    }
}
