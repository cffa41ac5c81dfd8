package io.eventflow.consume;

import io.eventflow.event.Event;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A consumer whose whole effect is DynamoDB writes. It returns the writes instead of making them; the batch processor
 * commits them together with the idempotency claims in one {@code TransactWriteItems}, so each event's effect happens
 * exactly once. A transaction holds at most 100 items and touches each item once.
 */
@FunctionalInterface
public interface TransactionalEventHandler {

    /** The writes one event calls for. */
    List<TransactWriteItem> effects(Event event) throws Exception;

    /**
     * The writes several events call for, committed together (the batch path). By default each event's own writes;
     * override to combine writes to the same item (summing counter increments, say), which lets a batch whose events
     * touch one item still commit in one transaction.
     */
    default List<TransactWriteItem> effects(List<Event> events) throws Exception {
        List<TransactWriteItem> all = new ArrayList<>();
        for (Event event : events) {
            all.addAll(effects(event));
        }
        return all;
    }
}
