package io.eventflow.consume;

import io.eventflow.event.Event;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A consumer whose whole effect is DynamoDB writes. It returns the writes instead of making them; the batch processor
 * commits them together with the idempotency claim in one {@code TransactWriteItems}, so each event's effect happens
 * exactly once. At most 99 writes per event (the transaction holds 100 items, one is the claim).
 */
@FunctionalInterface
public interface TransactionalEventHandler {
    List<TransactWriteItem> effects(Event event) throws Exception;
}
