package io.eventflow.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.consume.Delivery;
import io.eventflow.consume.ItemReads;
import io.eventflow.consume.NonRetryableException;
import io.eventflow.consume.TransactionalEventHandler;
import io.eventflow.event.Event;
import io.eventflow.event.EventCodec;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The event store and its projection, written together. Each booked event is appended to its account's stream
 * ({@code sk = event#<seq>}, put only if absent) and the account's projection ({@code sk = projection}: balance,
 * version, last event time) is updated on the condition that its version is still the one read. All of it commits
 * with the idempotency claim in one transaction: an event is booked exactly once, and a writer that loses a race to
 * the same account fails its condition and is retried, never double-counting.
 *
 * <p>Balances add up whatever order events arrive in (an opening books its initial balance as a change like any
 * other), so the projection is right under SQS's reordering; balances as of a time are folds by event time
 * ({@link LedgerReader}). Every N-th event also writes a snapshot (the balance as of the latest event time), and an
 * event older than existing snapshots corrects them, in the same transaction ({@link SnapshotSeries}); in order, that
 * costs no extra request. (An event older than more snapshots than a transaction can correct first deletes some.)
 *
 * <p>A withdrawal that takes an opened account's balance, as of the withdrawal's own time, from zero or more to below
 * zero derives an {@code account.overdrawn} event. It is written to the ledger's outbox in the same transaction, so
 * it exists exactly when the withdrawal is booked, and {@link DerivedEventRelay} publishes it afterwards. Its id is
 * derived from the withdrawal's, so a repeated publish is a duplicate its consumers skip.
 */
public final class AccountLedger implements TransactionalEventHandler {

    private static final URI SOURCE = URI.create("eventflow:ledger");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Snapshot writes one booking may carry: a transaction holds 100 items, and the claims, the appends, the projection
     * and any overdraft notices need the rest. Events older than more snapshots than fit thin them out first.
     */
    static final int MAX_SNAPSHOT_WRITES = 80;
    private static final int DELETES_PER_TRANSACTION = 100;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final int snapshotInterval;
    private final LedgerReader reader;
    private final EventCodec codec = new EventCodec();

    /**
     * @param snapshotInterval a snapshot every this many booked events of an account
     *                         ({@link LedgerSettings#SNAPSHOT_INTERVAL})
     */
    public AccountLedger(DynamoDbClient dynamoDb, String tableName, int snapshotInterval) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.snapshotInterval = snapshotInterval;
        this.reader = new LedgerReader(dynamoDb, tableName);
    }

    @Override
    public List<TransactWriteItem> effects(Delivery delivery, ItemReads reads) {
        return effects(List.of(delivery), reads);
    }

    /**
     * A batch's events per account: one projection update for each account, after its events' appends. Each
     * account's projection is read once, through {@code reads}; an overdraft notice goes in the outbox and is emitted
     * on its withdrawal's delivery (or, for a withdrawal booked before and judged again, on the delivery that caused
     * it), so the handler relays it once the batch is committed.
     */
    @Override
    public List<TransactWriteItem> effects(List<Delivery> deliveries, ItemReads reads) {
        Map<String, List<AccountEntry>> byAccount = new LinkedHashMap<>();
        Map<String, Delivery> byEvent = new LinkedHashMap<>();
        deliveries.forEach(delivery -> {
            AccountEntry entry = AccountEntry.of(delivery.event());
            byAccount.computeIfAbsent(entry.accountId(), id -> new ArrayList<>()).add(entry);
            byEvent.put(entry.eventId(), delivery);
        });
        List<TransactWriteItem> writes = new ArrayList<>();
        byAccount.forEach((account, entries) -> writes.addAll(book(account, entries, byEvent, reads)));
        return writes;
    }

    private List<TransactWriteItem> book(String account, List<AccountEntry> entries, Map<String, Delivery> deliveries, ItemReads reads) {
        LedgerTable.Projection current = LedgerTable.projection(reads, tableName, account);
        SnapshotSeries snapshots = new SnapshotSeries(snapshotInterval, touchedSnapshots(account, current, entries));
        List<TransactWriteItem> writes = new ArrayList<>();
        LedgerTable.Projection state = current;
        for (AccountEntry entry : entries) {
            if (state.currency() != null && !state.currency().equals(entry.currency())) {
                throw new NonRetryableException("account " + account + " is kept in " + state.currency() + "; "
                        + entry.eventId() + " is in " + entry.currency());
            }
            state = state.plus(entry);
            writes.add(LedgerTable.append(tableName, entry, state.version()));
            snapshots.book(entry, state);
        }
        snapshots.changed().forEach(snapshot -> writes.add(LedgerTable.snapshotPut(tableName, account, snapshot)));
        writes.add(LedgerTable.projectionUpdate(tableName, account, current.version(),
                state.withLastSnapshotTime(snapshots.latest().orElse(current.lastSnapshotTime()))));
        // Only a withdrawal, or an opening that arrives after its withdrawals, can reveal an overdraft.
        if (entries.stream().anyMatch(entry -> entry.isWithdrawal() || entry.isOpening())) {
            writes.addAll(overdrafts(account, current, state, entries, deliveries));
        }
        return writes;
    }

    /**
     * The stored snapshots the entries can change: those at or after the earliest entry's time. In order (every entry
     * after the latest snapshot) that is none, known from the projection without a read; only a late event queries.
     */
    private List<Snapshot> touchedSnapshots(String account, LedgerTable.Projection current, List<AccountEntry> entries) {
        Instant earliest = entries.stream().map(AccountEntry::time).min(Comparator.naturalOrder()).orElseThrow();
        if (current.lastSnapshotTime() == null || earliest.isAfter(current.lastSnapshotTime())) {
            return List.of();
        }
        List<Snapshot> touched = LedgerTable.snapshotsFrom(dynamoDb, tableName, account, earliest);
        int room = Math.max(1, MAX_SNAPSHOT_WRITES - entries.size() / snapshotInterval - 1); // the entries may take some too
        return touched.size() <= room ? touched : thin(account, touched, room);
    }

    /**
     * Deletes snapshots, evenly spread, until at most {@code room} of them are left to correct in one transaction. A
     * snapshot is a shortcut, never the record: without it an as-of read folds from an earlier one, just as right. So
     * the deletes go first, on their own, and a booking that then fails (a duplicate, a race) leaves nothing wrong.
     * A rebuild puts them back.
     */
    private List<Snapshot> thin(String account, List<Snapshot> touched, int room) {
        int step = (touched.size() + room - 1) / room;
        List<Snapshot> kept = new ArrayList<>();
        List<TransactWriteItem> deletes = new ArrayList<>();
        for (int i = 0; i < touched.size(); i++) {
            if (i % step == step - 1) {
                kept.add(touched.get(i));
            } else {
                deletes.add(LedgerTable.snapshotDelete(tableName, account, touched.get(i).time()));
            }
        }
        for (int from = 0; from < deletes.size(); from += DELETES_PER_TRANSACTION) {
            List<TransactWriteItem> chunk = deletes.subList(from, Math.min(deletes.size(), from + DELETES_PER_TRANSACTION));
            dynamoDb.transactWriteItems(request -> request.transactItems(chunk));
        }
        return kept;
    }

    /**
     * The outbox puts for withdrawals that overdraw the account, judged by event time over every event known so far.
     * Events may arrive late, so every withdrawal from the earliest new event's time on is judged again; one judged
     * before gets the same derived id, which its consumers skip as a duplicate. In order (the new events after every
     * stored one) the projection is the balance before them and nothing is read; a late event folds the balance up
     * to its time from the nearest snapshot and reads the events after it.
     */
    private List<TransactWriteItem> overdrafts(String account, LedgerTable.Projection stored, LedgerTable.Projection booked,
                                               List<AccountEntry> entries, Map<String, Delivery> deliveries) {
        if (booked.openedAt() == null) {
            return List.of(); // not opened yet: nothing to judge
        }
        Instant earliestNew = entries.stream().map(AccountEntry::time).min(Comparator.naturalOrder()).orElseThrow();
        Map<String, AccountEntry> byId = new LinkedHashMap<>();
        BigDecimal balance = stored.balance();
        if (stored.lastEventTime() != null && !earliestNew.isAfter(stored.lastEventTime())) {
            Instant justBefore = earliestNew.minusNanos(1);
            balance = reader.foldAt(account, justBefore).map(Snapshot::balance).orElse(BigDecimal.ZERO);
            LedgerTable.eventsBetween(dynamoDb, tableName, account, justBefore, LedgerTable.LAST_SORTABLE)
                    .forEach(e -> byId.put(e.eventId(), e));
        }
        entries.forEach(e -> byId.putIfAbsent(e.eventId(), e));
        List<AccountEntry> judged = byId.values().stream()
                .sorted(Comparator.comparing(AccountEntry::time).thenComparing(AccountEntry::eventId)).toList();
        List<TransactWriteItem> puts = new ArrayList<>();
        for (AccountEntry entry : judged) {
            BigDecimal before = balance;
            balance = balance.add(entry.change());
            if (entry.isWithdrawal() && !booked.openedAt().isAfter(entry.time()) && before.signum() >= 0 && balance.signum() < 0) {
                Event overdrawn = overdrawn(account, entry, balance, booked.ownerEmail());
                puts.add(LedgerTable.outboxPut(tableName, overdrawn.id(), codec.encode(overdrawn)));
                deliveries.getOrDefault(entry.eventId(), deliveries.get(entries.getFirst().eventId())).emit(overdrawn);
            }
        }
        return puts;
    }

    /** The notice of a withdrawal that took the account to {@code balance}, below zero (package-private for its fuzz test). */
    static Event overdrawn(String account, AccountEntry withdrawal, BigDecimal balance, String ownerEmail) {
        ObjectNode data = JSON.createObjectNode()
                .put("account_id", account)
                .put("balance", balance.toPlainString())
                .put("currency", withdrawal.currency())
                .put("withdrawal_id", withdrawal.eventId());
        if (ownerEmail != null) {
            data.put("owner_email", ownerEmail);
        }
        return Event.builder()
                .id(UUID.nameUUIDFromBytes(("account.overdrawn/" + withdrawal.eventId()).getBytes(StandardCharsets.UTF_8)).toString())
                .source(SOURCE)
                .type("account.overdrawn")
                .time(withdrawal.time())
                .subject(account)
                .data(data)
                .build();
    }
}
