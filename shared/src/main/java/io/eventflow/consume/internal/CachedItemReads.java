package io.eventflow.consume.internal;

import io.eventflow.consume.ItemReads;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Consistent GetItem reads, each item read once for as long as this instance lives (one batch, or one record). */
public final class CachedItemReads implements ItemReads {

    private final ItemReads reads;
    private final Map<String, Optional<Map<String, AttributeValue>>> read = new HashMap<>();

    /** @param dynamoDb what to read with; null when the processor was given none (then a read fails, saying so) */
    public CachedItemReads(DynamoDbClient dynamoDb) {
        this.reads = dynamoDb != null ? ItemReads.direct(dynamoDb) : (table, key) -> {
            throw new IllegalStateException("the batch processor has no DynamoDB client to read " + table + " with "
                    + "(SqsBatchProcessor.Builder.dynamoDbClient)");
        };
    }

    @Override
    public Optional<Map<String, AttributeValue>> item(String table, Map<String, AttributeValue> key) {
        return read.computeIfAbsent(table + "|" + key, ignored -> reads.item(table, key));
    }
}
