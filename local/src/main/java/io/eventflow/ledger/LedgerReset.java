package io.eventflow.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Empties the ledger's accounts (events, snapshots, projections) before it is rebuilt from the archive. The outbox
 * partition stays: its published marks keep a notice the rebuild derives again from going out a second time.
 * An operator tool beside {@link LedgerRebuilder}, out of the ledger's Lambda zip for the same reason.
 */
public final class LedgerReset {

    /** DynamoDB's limit of writes per {@code BatchWriteItem}. */
    private static final int MAX_BATCH_WRITE = 25;

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public LedgerReset(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /** The earliest event time booked in any account; empty when the ledger has no events. */
    public Optional<Instant> earliestEventTime() {
        return dynamoDb.scanPaginator(request -> request.tableName(tableName).consistentRead(true)
                        .filterExpression("begins_with(#sk, :event)")
                        .projectionExpression("#time")
                        .expressionAttributeNames(Map.of("#sk", LedgerTable.SORT_KEY, "#time", "time"))
                        .expressionAttributeValues(Map.of(":event", AttributeValue.fromS(LedgerTable.EVENT_PREFIX))))
                .items().stream()
                .map(item -> Instant.parse(item.get("time").s()))
                .min(Instant::compareTo);
    }

    /** Deletes every item of every account; returns how many. */
    public long clear() {
        List<WriteRequest> deletes = new ArrayList<>();
        dynamoDb.scanPaginator(request -> request.tableName(tableName).consistentRead(true)
                        .projectionExpression("#pk, #sk")
                        .expressionAttributeNames(Map.of("#pk", LedgerTable.PARTITION_KEY, "#sk", LedgerTable.SORT_KEY)))
                .items().stream()
                .filter(item -> !LedgerTable.OUTBOX.equals(item.get(LedgerTable.PARTITION_KEY).s()))
                .forEach(key -> deletes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build()));
        for (int from = 0; from < deletes.size(); from += MAX_BATCH_WRITE) {
            Map<String, List<WriteRequest>> batch = Map.of(tableName, deletes.subList(from, Math.min(deletes.size(), from + MAX_BATCH_WRITE)));
            while (!batch.isEmpty()) {
                BatchWriteItemResponse response = dynamoDb.batchWriteItem(BatchWriteItemRequest.builder().requestItems(batch).build());
                batch = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
        return deletes.size();
    }
}
