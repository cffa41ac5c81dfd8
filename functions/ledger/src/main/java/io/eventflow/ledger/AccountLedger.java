package io.eventflow.ledger;

import io.eventflow.consume.NonRetryableException;
import io.eventflow.consume.TransactionalEventHandler;
import io.eventflow.event.Event;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * ({@link LedgerReader}).
 */
public final class AccountLedger implements TransactionalEventHandler {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public AccountLedger(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public List<TransactWriteItem> effects(Event event) {
        return effects(List.of(event));
    }

    /** A batch's events per account: one projection update for each account, after its events' appends. */
    @Override
    public List<TransactWriteItem> effects(List<Event> events) {
        Map<String, List<AccountEntry>> byAccount = new LinkedHashMap<>();
        events.forEach(event -> {
            AccountEntry entry = AccountEntry.of(event);
            byAccount.computeIfAbsent(entry.accountId(), id -> new ArrayList<>()).add(entry);
        });
        List<TransactWriteItem> writes = new ArrayList<>();
        byAccount.forEach((account, entries) -> writes.addAll(book(account, entries)));
        return writes;
    }

    private List<TransactWriteItem> book(String account, List<AccountEntry> entries) {
        LedgerTable.Projection current = LedgerTable.projection(dynamoDb, tableName, account);
        List<TransactWriteItem> writes = new ArrayList<>();
        BigDecimal balance = current.balance();
        String currency = current.currency();
        String lastTime = current.lastEventTime();
        long version = current.version();
        for (AccountEntry entry : entries) {
            if (currency != null && !currency.equals(entry.currency())) {
                throw new NonRetryableException("account " + account + " is kept in " + currency + "; "
                        + entry.eventId() + " is in " + entry.currency());
            }
            currency = entry.currency();
            version++;
            balance = balance.add(entry.change());
            String time = entry.time().toString();
            lastTime = lastTime == null || time.compareTo(lastTime) > 0 ? time : lastTime;
            writes.add(LedgerTable.append(tableName, entry, version));
        }
        writes.add(LedgerTable.projectionUpdate(tableName, account, current.version(), version, balance, currency, lastTime));
        return writes;
    }
}
