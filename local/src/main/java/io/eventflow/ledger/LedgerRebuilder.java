package io.eventflow.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Rebuilds every account's projection and snapshots from its event store, replaying the events in booking order with
 * the live ledger's own rules, and reports where the stored state differed. Every write is conditioned on the
 * projection's version as read before the events: an account that a live consumer moves while it is being rebuilt is
 * left alone and reported, so a rebuild never overwrites newer bookings.
 *
 * <p>An operator tool, run by {@code eventflow ledger rebuild}: it lives with the CLI, out of the ledger's Lambda zip,
 * in the ledger's package so that it shares the table layout ({@code LedgerTable}) and snapshot rule
 * ({@code SnapshotSeries}) without their becoming the function's public API.
 */
public final class LedgerRebuilder {

    /** Items per transaction, one of them the projection's version check. */
    private static final int TRANSACTION_ITEMS = 100;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final int snapshotInterval;

    /**
     * @param snapshotInterval the ledger's snapshot interval; with another one than the live ledger's, every snapshot is
     *                         reported and rewritten (they stay right: any interval gives true balances)
     */
    public LedgerRebuilder(DynamoDbClient dynamoDb, String tableName, int snapshotInterval) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.snapshotInterval = snapshotInterval;
    }

    /**
     * One account whose stored state did not match its events.
     *
     * @param account the account
     * @param stored what the projection said (balance currency, events), or "none"
     * @param rebuilt what the events add up to
     * @param snapshotsRewritten snapshots put or deleted because they were missing, wrong or not due
     * @param written whether the rebuilt state replaced the stored one
     */
    public record Difference(String account, String stored, String rebuilt, int snapshotsRewritten, boolean written) {}

    /**
     * What a rebuild found.
     *
     * @param accounts accounts rebuilt
     * @param differences those whose stored state did not match
     */
    public record Report(int accounts, List<Difference> differences) {}

    public Report rebuild() {
        List<Difference> differences = new ArrayList<>();
        Set<String> accounts = accounts();
        accounts.forEach(account -> rebuild(account).ifPresent(differences::add));
        return new Report(accounts.size(), differences);
    }

    private Optional<Difference> rebuild(String account) {
        // The projection first: any booking after this read moves its version and fails the writes' condition.
        LedgerTable.Projection stored = LedgerTable.projection(dynamoDb, tableName, account);
        List<AccountEntry> history = LedgerTable.history(dynamoDb, tableName, account);
        List<Snapshot> storedSnapshots = LedgerTable.snapshotsFrom(dynamoDb, tableName, account, null);

        SnapshotSeries snapshots = new SnapshotSeries(snapshotInterval, List.of());
        LedgerTable.Projection rebuilt = LedgerTable.Projection.EMPTY;
        for (AccountEntry entry : history) {
            rebuilt = rebuilt.plus(entry);
            snapshots.book(entry, rebuilt);
        }
        rebuilt = rebuilt.withLastSnapshotTime(snapshots.latest().orElse(null));

        List<TransactWriteItem> snapshotWrites = snapshotWrites(account, storedSnapshots, snapshots.all());
        if (snapshotWrites.isEmpty() && same(stored, rebuilt)) {
            return Optional.empty();
        }
        boolean written = write(account, stored.version(), rebuilt, snapshotWrites);
        return Optional.of(new Difference(account, describe(stored), describe(rebuilt), snapshotWrites.size(), written));
    }

    /** Puts for the snapshots missing or wrong, deletes for those the events do not give. */
    private List<TransactWriteItem> snapshotWrites(String account, List<Snapshot> stored, List<Snapshot> rebuilt) {
        Map<Instant, Snapshot> storedByTime = stored.stream().collect(Collectors.toMap(Snapshot::time, Function.identity()));
        Set<Instant> rebuiltTimes = rebuilt.stream().map(Snapshot::time).collect(Collectors.toSet());
        List<TransactWriteItem> writes = new ArrayList<>();
        rebuilt.stream().filter(snapshot -> !same(storedByTime.get(snapshot.time()), snapshot))
                .forEach(snapshot -> writes.add(LedgerTable.snapshotPut(tableName, account, snapshot)));
        stored.stream().filter(snapshot -> !rebuiltTimes.contains(snapshot.time()))
                .forEach(snapshot -> writes.add(LedgerTable.snapshotDelete(tableName, account, snapshot.time())));
        return writes;
    }

    /**
     * The snapshot writes in transactions that each check the projection's version, the projection itself last. A
     * rebuild that loses to a live booking midway leaves the account for the next rebuild, reported as not written.
     */
    private boolean write(String account, long storedVersion, LedgerTable.Projection rebuilt, List<TransactWriteItem> snapshotWrites) {
        int perTransaction = TRANSACTION_ITEMS - 1;
        try {
            int from = 0;
            for (; snapshotWrites.size() - from > perTransaction; from += perTransaction) {
                commit(snapshotWrites.subList(from, from + perTransaction), LedgerTable.projectionCheck(tableName, account, storedVersion));
            }
            commit(snapshotWrites.subList(from, snapshotWrites.size()),
                    LedgerTable.projectionUpdate(tableName, account, storedVersion, rebuilt));
            return true;
        } catch (TransactionCanceledException | ConditionalCheckFailedException movedMeanwhile) {
            return false;
        }
    }

    private void commit(List<TransactWriteItem> writes, TransactWriteItem guard) {
        List<TransactWriteItem> items = new ArrayList<>(writes);
        items.add(guard);
        dynamoDb.transactWriteItems(request -> request.transactItems(items));
    }

    private static boolean same(LedgerTable.Projection stored, LedgerTable.Projection rebuilt) {
        return stored.version() == rebuilt.version() && stored.balance().compareTo(rebuilt.balance()) == 0
                && Objects.equals(stored.currency(), rebuilt.currency())
                && Objects.equals(stored.lastEventTime(), rebuilt.lastEventTime())
                && Objects.equals(stored.lastSnapshotTime(), rebuilt.lastSnapshotTime())
                && Objects.equals(stored.openedAt(), rebuilt.openedAt()) && Objects.equals(stored.ownerEmail(), rebuilt.ownerEmail());
    }

    private static boolean same(Snapshot stored, Snapshot rebuilt) {
        return stored != null && stored.balance().compareTo(rebuilt.balance()) == 0 && stored.events() == rebuilt.events()
                && stored.currency().equals(rebuilt.currency());
    }

    private static String describe(LedgerTable.Projection projection) {
        return projection.version() == 0 && projection.currency() == null ? "none"
                : projection.balance().toPlainString() + " " + projection.currency() + " (" + projection.version() + " events)";
    }

    /** Every account with booked events. A scan: rebuilding is an operation, not a hot path. */
    private Set<String> accounts() {
        Set<String> accounts = new TreeSet<>();
        dynamoDb.scanPaginator(request -> request.tableName(tableName).consistentRead(true)
                        .projectionExpression("#pk, #sk")
                        .expressionAttributeNames(Map.of("#pk", LedgerTable.PARTITION_KEY, "#sk", LedgerTable.SORT_KEY)))
                .items()
                .forEach(item -> {
                    AttributeValue sk = item.get(LedgerTable.SORT_KEY);
                    if (sk != null && sk.s().startsWith(LedgerTable.EVENT_PREFIX)) {
                        accounts.add(item.get(LedgerTable.PARTITION_KEY).s());
                    }
                });
        return accounts;
    }
}
