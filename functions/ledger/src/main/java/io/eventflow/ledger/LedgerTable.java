package io.eventflow.ledger;

import io.eventflow.consume.ItemReads;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The ledger table's layout, in one place. Partition key {@code account_id}; sort key {@code sk}:
 * {@code event#0000000001}, ... for the account's events in booking order, {@code projection} for its current
 * state (balance, currency, version = events booked, last event time, last snapshot time), and
 * {@code snapshot#<time>} for its snapshots ({@link Snapshot}), the time fixed-width so keys sort by time. The local
 * secondary index {@code by_time} sorts the events (only they carry {@code time_ms}) by their own time, with
 * consistent reads: an as-of read folds only the events between a snapshot and the asked time.
 */
final class LedgerTable {

    static final String PARTITION_KEY = "account_id";
    static final String SORT_KEY = "sk";
    static final String PROJECTION = "projection";
    static final String EVENT_PREFIX = "event#";
    static final String SNAPSHOT_PREFIX = "snapshot#";
    /** The index of events by their own time (epoch milliseconds). */
    static final String BY_TIME = "by_time";
    static final String TIME_MS = "time_ms";
    /** The partition of derived events waiting to be published (no account id starts with '#'). */
    static final String OUTBOX = "#outbox";

    /** Times in snapshot keys: nanoseconds, always the same width, so that key order is time order (years 0-9999). */
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Instant FIRST_SORTABLE = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant LAST_SORTABLE = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private LedgerTable() {}

    /**
     * An account's current state as stored; an empty one (version 0) for an account with no events yet.
     *
     * @param lastEventTime the latest own time of its events, null before the first
     * @param lastSnapshotTime the time of its latest snapshot, null while it has none: an event after it touches none
     * @param openedAt the time of its (earliest) opening, null until an opening is booked
     * @param ownerEmail the address that opening gives, if any
     */
    record Projection(BigDecimal balance, String currency, long version, Instant lastEventTime, Instant lastSnapshotTime,
                      Instant openedAt, String ownerEmail) {

        static final Projection EMPTY = new Projection(BigDecimal.ZERO, null, 0, null, null, null, null);

        /** The state after booking one more event (its snapshot time is the caller's to set). */
        Projection plus(AccountEntry entry) {
            Instant latest = lastEventTime == null || entry.time().isAfter(lastEventTime) ? entry.time() : lastEventTime;
            boolean earliestOpening = entry.isOpening() && (openedAt == null || entry.time().isBefore(openedAt));
            return new Projection(balance.add(entry.change()), entry.currency(), version + 1, latest, lastSnapshotTime,
                    earliestOpening ? entry.time() : openedAt, earliestOpening ? entry.ownerEmail() : ownerEmail);
        }

        Projection withLastSnapshotTime(Instant time) {
            return new Projection(balance, currency, version, lastEventTime, time, openedAt, ownerEmail);
        }
    }

    static Projection projection(DynamoDbClient dynamoDb, String table, String account) {
        return projection(ItemReads.direct(dynamoDb), table, account);
    }

    /** The account's projection, read through what the batch processor hands in (once per account and batch). */
    static Projection projection(ItemReads reads, String table, String account) {
        Map<String, AttributeValue> item = reads.item(table, key(account, PROJECTION)).orElse(null);
        if (item == null) {
            return Projection.EMPTY;
        }
        return new Projection(new BigDecimal(item.get("balance").s()), item.get("currency").s(),
                Long.parseLong(item.get("version").n()), instant(item, "last_event_time"), instant(item, "last_snapshot_time"),
                instant(item, "opened_at"), item.containsKey("owner_email") ? item.get("owner_email").s() : null);
    }

    private static Instant instant(Map<String, AttributeValue> item, String attribute) {
        return item.containsKey(attribute) ? Instant.parse(item.get(attribute).s()) : null;
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
        item.put(TIME_MS, AttributeValue.fromN(Long.toString(entry.time().toEpochMilli())));
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

    /** Sets the projection to {@code next}, on the condition that nobody moved it past {@code expectedVersion} meanwhile. */
    static TransactWriteItem projectionUpdate(String table, String account, long expectedVersion, Projection next) {
        Map<String, AttributeValue> values = new HashMap<>(versionValue(expectedVersion));
        values.put(":balance", AttributeValue.fromS(next.balance().toPlainString()));
        values.put(":currency", AttributeValue.fromS(next.currency()));
        values.put(":version", AttributeValue.fromN(Long.toString(next.version())));
        values.put(":last", AttributeValue.fromS(next.lastEventTime().toString()));
        StringBuilder set = new StringBuilder("SET balance = :balance, currency = :currency, #version = :version, last_event_time = :last");
        List<String> remove = new ArrayList<>();
        optional(next.lastSnapshotTime(), "last_snapshot_time", ":snapshot", set, remove, values);
        optional(next.openedAt(), "opened_at", ":opened", set, remove, values);
        optional(next.ownerEmail(), "owner_email", ":email", set, remove, values);
        String expression = set + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        return TransactWriteItem.builder().update(u -> u
                .tableName(table)
                .key(key(account, PROJECTION))
                .updateExpression(expression)
                .conditionExpression(versionCondition(expectedVersion))
                .expressionAttributeNames(Map.of("#version", "version"))
                .expressionAttributeValues(values)).build();
    }

    /** Sets an attribute that may be absent: removes it when the value is null. */
    private static void optional(Object value, String attribute, String placeholder, StringBuilder set, List<String> remove,
                                 Map<String, AttributeValue> values) {
        if (value == null) {
            remove.add(attribute);
        } else {
            set.append(", ").append(attribute).append(" = ").append(placeholder);
            values.put(placeholder, AttributeValue.fromS(value.toString()));
        }
    }

    /** Holds a transaction to the projection still being at {@code expectedVersion} (for writes that do not change it). */
    static TransactWriteItem projectionCheck(String table, String account, long expectedVersion) {
        return TransactWriteItem.builder().conditionCheck(check -> check
                .tableName(table)
                .key(key(account, PROJECTION))
                .conditionExpression(versionCondition(expectedVersion))
                .expressionAttributeNames(Map.of("#version", "version"))
                .expressionAttributeValues(versionValue(expectedVersion))).build();
    }

    private static String versionCondition(long expectedVersion) {
        return expectedVersion == 0 ? "attribute_not_exists(#version)" : "#version = :expected";
    }

    private static Map<String, AttributeValue> versionValue(long expectedVersion) {
        return expectedVersion == 0 ? Map.of() : Map.of(":expected", AttributeValue.fromN(Long.toString(expectedVersion)));
    }

    static String snapshotKey(Instant time) {
        return SNAPSHOT_PREFIX + SORTABLE.format(sortable(time));
    }

    private static Instant sortable(Instant time) {
        return time.isBefore(FIRST_SORTABLE) ? FIRST_SORTABLE : time.isAfter(LAST_SORTABLE) ? LAST_SORTABLE : time;
    }

    /** Writes a snapshot whole (taken, or corrected by a late event); only ever with the projection's version check. */
    static TransactWriteItem snapshotPut(String table, String account, Snapshot snapshot) {
        Map<String, AttributeValue> item = new HashMap<>(key(account, snapshotKey(snapshot.time())));
        item.put("time", AttributeValue.fromS(snapshot.time().toString()));
        item.put("balance", AttributeValue.fromS(snapshot.balance().toPlainString()));
        item.put("currency", AttributeValue.fromS(snapshot.currency()));
        item.put("events", AttributeValue.fromN(Long.toString(snapshot.events())));
        return TransactWriteItem.builder().put(put -> put.tableName(table).item(item)).build();
    }

    static TransactWriteItem snapshotDelete(String table, String account, Instant time) {
        return TransactWriteItem.builder().delete(delete -> delete.tableName(table).key(key(account, snapshotKey(time)))).build();
    }

    /** The account's snapshots at or after a time ({@code null}: all of them), oldest first (a consistent read). */
    static List<Snapshot> snapshotsFrom(DynamoDbClient dynamoDb, String table, String account, Instant from) {
        List<Snapshot> snapshots = new ArrayList<>();
        dynamoDb.queryPaginator(request -> request.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :account AND #sk BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#pk", PARTITION_KEY, "#sk", SORT_KEY))
                        .expressionAttributeValues(Map.of(":account", AttributeValue.fromS(account),
                                ":from", AttributeValue.fromS(from == null ? SNAPSHOT_PREFIX : snapshotKey(from)),
                                ":to", AttributeValue.fromS(snapshotKey(LAST_SORTABLE)))))
                .items()
                .forEach(item -> snapshots.add(snapshot(item)));
        return snapshots;
    }

    /** The latest snapshot at or before a time: one query, one item. */
    static Optional<Snapshot> latestSnapshotAt(DynamoDbClient dynamoDb, String table, String account, Instant at) {
        return dynamoDb.query(request -> request.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :account AND #sk BETWEEN :first AND :at")
                        .expressionAttributeNames(Map.of("#pk", PARTITION_KEY, "#sk", SORT_KEY))
                        .expressionAttributeValues(Map.of(":account", AttributeValue.fromS(account),
                                ":first", AttributeValue.fromS(SNAPSHOT_PREFIX),
                                ":at", AttributeValue.fromS(snapshotKey(at))))
                        .scanIndexForward(false)
                        .limit(1))
                .items().stream().findFirst().map(LedgerTable::snapshot);
    }

    private static Snapshot snapshot(Map<String, AttributeValue> item) {
        return new Snapshot(Instant.parse(item.get("time").s()), new BigDecimal(item.get("balance").s()),
                item.get("currency").s(), Long.parseLong(item.get("events").n()));
    }

    /**
     * The account's events whose own time is after {@code after} ({@code null}: from the first) and at or before
     * {@code upTo}, from the {@code by_time} index (a consistent read). The index is in milliseconds; the exact
     * bounds are applied to the few events that share a bound's millisecond.
     */
    static List<AccountEntry> eventsBetween(DynamoDbClient dynamoDb, String table, String account, Instant after, Instant upTo) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":account", AttributeValue.fromS(account));
        values.put(":to", AttributeValue.fromN(Long.toString(sortable(upTo).toEpochMilli())));
        String condition = "#pk = :account AND #time <= :to";
        if (after != null) {
            condition = "#pk = :account AND #time BETWEEN :from AND :to";
            values.put(":from", AttributeValue.fromN(Long.toString(sortable(after).toEpochMilli())));
        }
        QueryRequest request = QueryRequest.builder().tableName(table).indexName(BY_TIME).consistentRead(true)
                .keyConditionExpression(condition)
                .expressionAttributeNames(Map.of("#pk", PARTITION_KEY, "#time", TIME_MS))
                .expressionAttributeValues(values)
                .build();
        List<AccountEntry> entries = new ArrayList<>();
        dynamoDb.queryPaginator(request).items().forEach(item -> {
            AccountEntry entry = entry(account, item);
            if ((after == null || entry.time().isAfter(after)) && !entry.time().isAfter(upTo)) {
                entries.add(entry);
            }
        });
        return entries;
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
                .forEach(item -> entries.add(entry(account, item)));
        return entries;
    }

    private static AccountEntry entry(String account, Map<String, AttributeValue> item) {
        return new AccountEntry(account, item.get("event_id").s(), item.get("type").s(), Instant.parse(item.get("time").s()),
                new BigDecimal(item.get("change").s()), item.get("currency").s(),
                item.containsKey("owner_email") ? item.get("owner_email").s() : null);
    }

    /**
     * Stores a derived event for publishing, in the transaction that books its cause. An event derived again (a
     * rebuild re-books its cause) keeps its first envelope and its published mark, so it is not published twice.
     */
    static TransactWriteItem outboxPut(String table, String eventId, String envelope) {
        return TransactWriteItem.builder().update(update -> update.tableName(table).key(key(OUTBOX, eventId))
                .updateExpression("SET #envelope = if_not_exists(#envelope, :envelope), #published = if_not_exists(#published, :no)")
                .expressionAttributeNames(Map.of("#envelope", "envelope", "#published", "published"))
                .expressionAttributeValues(Map.of(":envelope", AttributeValue.fromS(envelope), ":no", AttributeValue.fromBool(false))))
                .build();
    }

    /** Derived events waiting to be published: envelope by event id. */
    static Map<String, String> pendingOutbox(DynamoDbClient dynamoDb, String table) {
        Map<String, String> pending = new LinkedHashMap<>();
        dynamoDb.queryPaginator(request -> request.tableName(table).consistentRead(true)
                        .keyConditionExpression("#pk = :outbox")
                        .filterExpression("#published = :no")
                        .expressionAttributeNames(Map.of("#pk", PARTITION_KEY, "#published", "published"))
                        .expressionAttributeValues(Map.of(":outbox", AttributeValue.fromS(OUTBOX), ":no", AttributeValue.fromBool(false))))
                .items()
                .forEach(item -> pending.put(item.get(SORT_KEY).s(), item.get("envelope").s()));
        return pending;
    }

    /** Marks a derived event published; the mark stays (and survives a rebuild, which keeps this partition). */
    static void markPublished(DynamoDbClient dynamoDb, String table, String eventId) {
        dynamoDb.updateItem(request -> request.tableName(table).key(key(OUTBOX, eventId))
                .updateExpression("SET #published = :yes")
                .expressionAttributeNames(Map.of("#published", "published"))
                .expressionAttributeValues(Map.of(":yes", AttributeValue.fromBool(true))));
    }

    static Map<String, AttributeValue> key(String account, String sortKey) {
        return Map.of(PARTITION_KEY, AttributeValue.fromS(account), SORT_KEY, AttributeValue.fromS(sortKey));
    }
}
