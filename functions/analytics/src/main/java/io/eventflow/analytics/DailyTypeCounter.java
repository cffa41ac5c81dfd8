package io.eventflow.analytics;

import io.eventflow.consume.Delivery;
import io.eventflow.consume.ItemReads;
import io.eventflow.consume.TransactionalEventHandler;
import io.eventflow.event.Event;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Counts events per type per UTC day of the event's own {@code time} (not the arrival time, so late and replayed events
 * land on the right day). The count is one DynamoDB {@code ADD}, returned as an effect so it commits with the
 * idempotency claim: each event counts exactly once.
 */
public final class DailyTypeCounter implements TransactionalEventHandler {

    /** Partition key of the analytics table: {@code <type>#<yyyy-mm-dd>}. */
    public static final String KEY = "pk";
    /** The counter attribute. */
    public static final String COUNT = "count";

    private final String tableName;

    public DailyTypeCounter(String tableName) {
        this.tableName = tableName;
    }

    /** The counter key an event increments. */
    public static String keyOf(Event event) {
        return event.type() + "#" + LocalDate.ofInstant(event.time(), ZoneOffset.UTC);
    }

    @Override
    public List<TransactWriteItem> effects(Delivery delivery, ItemReads reads) {
        return List.of(increment(keyOf(delivery.event()), 1));
    }

    /** One increment per counter, by the number of the events that count on it: a batch's counts in few items. */
    @Override
    public List<TransactWriteItem> effects(List<Delivery> deliveries, ItemReads reads) {
        Map<String, Long> byCounter = new TreeMap<>();
        deliveries.forEach(delivery -> byCounter.merge(keyOf(delivery.event()), 1L, Long::sum));
        return byCounter.entrySet().stream().map(counter -> increment(counter.getKey(), counter.getValue())).toList();
    }

    private TransactWriteItem increment(String counter, long by) {
        return TransactWriteItem.builder()
                .update(update -> update
                        .tableName(tableName)
                        .key(Map.of(KEY, AttributeValue.fromS(counter)))
                        .updateExpression("ADD #count :by")
                        .expressionAttributeNames(Map.of("#count", COUNT))
                        .expressionAttributeValues(Map.of(":by", AttributeValue.fromN(Long.toString(by)))))
                .build();
    }
}
