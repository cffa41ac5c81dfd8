package io.eventflow.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The ledger table's layout, in one place. Partition key {@code account_id}; sort key {@code sk}:
 * {@code event#0000000001}, ... for the account's events in booking order, and {@code projection} for its current
 * state (balance, currency, version = events booked, last event time).
 */
final class LedgerTable {

    static final String PARTITION_KEY = "account_id";
    static final String SORT_KEY = "sk";
    static final String PROJECTION = "projection";
    static final String EVENT_PREFIX = "event#";
    /** The partition of derived events waiting to be published (no account id starts with '#'). */
    static final String OUTBOX = "#outbox";

    private LedgerTable() {}

    /** An account's current state as stored; an empty one (version 0) for an account with no events yet. */
    record Projection(BigDecimal balance, String currency, long version, String lastEventTime) {}

    static Projection projection(DynamoDbClient dynamoDb, String table, String account) {
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(table)
                .key(key(account, PROJECTION)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return new Projection(BigDecimal.ZERO, null, 0, null);
        }
        return new Projection(new BigDecimal(item.get("balance").s()), item.get("currency").s(),
                Long.parseLong(item.get("version").n()), item.containsKey("last_event_time") ? item.get("last_event_time").s() : null);
    }

    static String eventKey(long sequence) {
        return EVENT_PREFIX + String.format("%010d", sequence);
    }

    /** Appends one event at its sequence number; fails if another writer took that number first. */
    static TransactWriteItem append(String table, AccountEntry entry, long sequence) {
        Map<String, AttributeValue> item = new HashMap<>(key(entry.accountId(), eventKey(sequence)));
        item.put("event_id", AttributeValue.fromS(entry.eventId()));
        item.put("type", AttributeValue.fromS(entry.type()));
        item.put("time", AttributeValue.fromS(entry.time().toString()));
        item.put("time_ms", AttributeValue.fromN(Long.toString(entry.time().toEpochMilli())));
        item.put("change", AttributeValue.fromS(entry.change().toPlainString()));
        item.put("currency", AttributeValue.fromS(entry.currency()));
        if (entry.ownerEmail() != null) {
            item.put("owner_email", AttributeValue.fromS(entry.ownerEmail()));
        }
        return TransactWriteItem.builder().put(put -> put
                .tableName(table)
                .item(item)
                .conditionExpression("attribute_not_exists(#sk)")
                .expressionAttributeNames(Map.of("#sk", SORT_KEY))).build();
    }

    /** Sets the projection, on the condition that nobody moved it past {@code expectedVersion} meanwhile. */
    static TransactWriteItem projectionUpdate(String table, String account, long expectedVersion, long newVersion,
                                              BigDecimal balance, String currency, String lastEventTime) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":balance", AttributeValue.fromS(balance.toPlainString()));
        values.put(":currency", AttributeValue.fromS(currency));
        values.put(":version", AttributeValue.fromN(Long.toString(newVersion)));
        values.put(":last", AttributeValue.fromS(lastEventTime));
        String condition;
        if (expectedVersion == 0) {
            condition = "attribute_not_exists(#version)";
        } else {
            condition = "#version = :expected";
            values.put(":expected", AttributeValue.fromN(Long.toString(expectedVersion)));
        }
        return TransactWriteItem.builder().update(update -> update
                .tableName(table)
                .key(key(account, PROJECTION))
                .updateExpression("SET balance = :balance, currency = :currency, #version = :version, last_event_time = :last")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#version", "version"))
                .expressionAttributeValues(values)).build();
    }

    /** An account's booked events, in booking order (a consistent read). */
    static List<AccountEntry> history(DynamoDbClient dynamoDb, String table, String account) {
        List<AccountEntry> entries = new ArrayList<>();
        dynamoDb.queryPaginator(request -> request.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :account AND begins_with(#sk, :events)")
                        .expressionAttributeNames(Map.of("#pk", PARTITION_KEY, "#sk", SORT_KEY))
                        .expressionAttributeValues(Map.of(":account", AttributeValue.fromS(account),
                                ":events", AttributeValue.fromS(EVENT_PREFIX))))
                .items()
                .forEach(item -> entries.add(new AccountEntry(account, item.get("event_id").s(), item.get("type").s(),
                        Instant.parse(item.get("time").s()), new BigDecimal(item.get("change").s()), item.get("currency").s(),
                        item.containsKey("owner_email") ? item.get("owner_email").s() : null)));
        return entries;
    }

    /** Stores a derived event for publishing, in the transaction that books its cause. */
    static TransactWriteItem outboxPut(String table, String eventId, String envelope) {
        Map<String, AttributeValue> item = new HashMap<>(key(OUTBOX, eventId));
        item.put("envelope", AttributeValue.fromS(envelope));
        return TransactWriteItem.builder().put(put -> put.tableName(table).item(item)).build();
    }

    /** Derived events waiting to be published: envelope by event id. */
    static Map<String, String> pendingOutbox(DynamoDbClient dynamoDb, String table) {
        Map<String, String> pending = new LinkedHashMap<>();
        dynamoDb.queryPaginator(request -> request.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :outbox")
                        .expressionAttributeNames(Map.of("#pk", PARTITION_KEY))
                        .expressionAttributeValues(Map.of(":outbox", AttributeValue.fromS(OUTBOX))))
                .items()
                .forEach(item -> pending.put(item.get(SORT_KEY).s(), item.get("envelope").s()));
        return pending;
    }

    static void deleteFromOutbox(DynamoDbClient dynamoDb, String table, String eventId) {
        dynamoDb.deleteItem(request -> request.tableName(table).key(key(OUTBOX, eventId)));
    }

    static Map<String, AttributeValue> key(String account, String sortKey) {
        return Map.of(PARTITION_KEY, AttributeValue.fromS(account), SORT_KEY, AttributeValue.fromS(sortKey));
    }
}
