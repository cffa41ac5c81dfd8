package io.eventflow.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads accounts back: the current balance from the projection, the history, and balances as of a time by folding
 * events from the nearest snapshot.
 */
public final class LedgerReader {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public LedgerReader(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /**
     * An account's balance.
     *
     * @param balance the amount
     * @param currency ISO 4217 code
     * @param events how many events it folds
     */
    public record Balance(BigDecimal balance, String currency, long events) {}

    /** The current balance, from the projection (one read); empty for an unknown account. */
    public Optional<Balance> balance(String account) {
        LedgerTable.Projection projection = LedgerTable.projection(dynamoDb, tableName, account);
        return projection.version() == 0 ? Optional.empty()
                : Optional.of(new Balance(inMinorUnits(projection.balance(), projection.currency()), projection.currency(),
                        projection.version()));
    }

    /** Every account's current balance, by account id. A scan of the whole table: for tools, not for hot paths. */
    public Map<String, Balance> balances() {
        Map<String, Balance> balances = new TreeMap<>();
        dynamoDb.scanPaginator(request -> request.tableName(tableName).consistentRead(true)
                        .filterExpression("#sk = :projection")
                        .expressionAttributeNames(Map.of("#sk", LedgerTable.SORT_KEY))
                        .expressionAttributeValues(Map.of(":projection", AttributeValue.fromS(LedgerTable.PROJECTION))))
                .items()
                .forEach(item -> {
                    String currency = item.get("currency").s();
                    balances.put(item.get(LedgerTable.PARTITION_KEY).s(), new Balance(
                            inMinorUnits(new BigDecimal(item.get("balance").s()), currency), currency,
                            Long.parseLong(item.get("version").n())));
                });
        return balances;
    }

    /**
     * The balance as of a time: the fold of the events whose own time is at or before it, whatever their arrival.
     * It starts from the latest snapshot at or before that time (one query, one item) and folds only the events
     * after the snapshot, up to the time (one query of the {@code by_time} index).
     */
    public Optional<Balance> balanceAt(String account, Instant at) {
        return foldAt(account, at).map(fold -> new Balance(inMinorUnits(fold.balance(), fold.currency()), fold.currency(), fold.events()));
    }

    /** The fold as of a time, as a snapshot would hold it (amounts as booked); empty before the first event. */
    Optional<Snapshot> foldAt(String account, Instant at) {
        Optional<Snapshot> snapshot = LedgerTable.latestSnapshotAt(dynamoDb, tableName, account, at);
        List<AccountEntry> after = LedgerTable.eventsBetween(dynamoDb, tableName, account,
                snapshot.map(Snapshot::time).orElse(null), at);
        BigDecimal balance = after.stream().map(AccountEntry::change)
                .reduce(snapshot.map(Snapshot::balance).orElse(BigDecimal.ZERO), BigDecimal::add);
        long events = snapshot.map(Snapshot::events).orElse(0L) + after.size();
        if (events == 0) {
            return Optional.empty();
        }
        String currency = snapshot.map(Snapshot::currency).orElseGet(() -> after.getFirst().currency());
        return Optional.of(new Snapshot(at, balance, currency, events));
    }

    /** At least the currency's minor units (150 USD reads 150.00), never fewer digits than were booked. */
    private static BigDecimal inMinorUnits(BigDecimal amount, String currency) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException unknown) {
            digits = 0;
        }
        return amount.scale() >= digits ? amount : amount.setScale(digits);
    }

    /** Every event of the account, in the order of the events' own times. */
    public List<AccountEntry> history(String account) {
        List<AccountEntry> entries = new ArrayList<>(LedgerTable.history(dynamoDb, tableName, account));
        entries.sort(Comparator.comparing(AccountEntry::time).thenComparing(AccountEntry::eventId));
        return entries;
    }
}
