package io.eventflow.consume;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB reads a {@link TransactionalEventHandler} computes its effects from. The batch processor hands in one
 * per batch that remembers what it read: the batch's effects, and any later computation for part of the same batch,
 * read each item once. A fresh one is handed in for each record on the per-record fallback, which must see what the
 * records before it committed.
 */
@FunctionalInterface
public interface ItemReads {

    /** The item with this key, read with strong consistency; empty when there is none. */
    Optional<Map<String, AttributeValue>> item(String table, Map<String, AttributeValue> key);

    /** Reads straight from DynamoDB, every call (tools and tests; the processor hands in remembering ones). */
    static ItemReads direct(DynamoDbClient dynamoDb) {
        return (table, key) -> {
            Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(table).key(key).consistentRead(true)).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Map.copyOf(item));
        };
    }
}
