package io.eventflow.consume;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A consumer whose whole effect is DynamoDB writes. It returns the writes instead of making them; the batch processor
 * commits them together with the idempotency claims in one {@code TransactWriteItems}, so each event's effect happens
 * exactly once. A transaction holds at most 100 items and touches each item once.
 *
 * <p>The contract of {@code effects}:
 * <ul>
 *   <li>effects are computed from the deliveries and from reads made through the {@link ItemReads} handed in (other
 *       reads the handler makes are its own cost, paid on every call);</li>
 *   <li>they never write: everything the handler changes goes in the returned list;</li>
 *   <li>the processor calls {@link #effects(List, ItemReads)} once for a batch; it calls it again, with the same
 *       reads, only for part of the batch: when the batch's writes do not fit one transaction or cannot be computed
 *       together, or for the records left after a transaction was cancelled by some records' claims; and it calls
 *       {@link #effects(Delivery, ItemReads)} with fresh reads on the per-record fallback;</li>
 *   <li>derived events are {@linkplain Delivery#emit emitted} on the deliveries of the call whose writes commit.</li>
 * </ul>
 */
@FunctionalInterface
public interface TransactionalEventHandler {

    /** The writes one event calls for. */
    List<TransactWriteItem> effects(Delivery delivery, ItemReads reads) throws Exception;

    /**
     * The writes several events call for, committed together (the batch path). By default each event's own writes;
     * override to combine writes to the same item (summing counter increments, say), which lets a batch whose events
     * touch one item still commit in one transaction.
     */
    default List<TransactWriteItem> effects(List<Delivery> deliveries, ItemReads reads) throws Exception {
        List<TransactWriteItem> all = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            all.addAll(effects(delivery, reads));
        }
        return all;
    }
}
