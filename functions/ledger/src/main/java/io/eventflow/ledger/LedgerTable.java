package io.eventflow.ledger;

import java.math.BigDecimal;
import java.util.HashMap;
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

    static Map<String, AttributeValue> key(String account, String sortKey) {
        return Map.of(PARTITION_KEY, AttributeValue.fromS(account), SORT_KEY, AttributeValue.fromS(sortKey));
    }
}
