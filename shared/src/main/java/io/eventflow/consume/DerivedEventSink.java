package io.eventflow.consume;

import io.eventflow.event.Event;
import java.util.List;

/**
 * Where a batch processor passes the events its handler {@linkplain Delivery#emit emitted} for records it committed,
 * once per batch that emitted any, after the batch's commits and before the invocation returns.
 */
@FunctionalInterface
public interface DerivedEventSink {

    /** The events emitted in one batch, in batch order. A failure here is logged; the records stay committed. */
    void accept(List<Event> events);
}
