package io.eventflow.ledger;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Rebuilds every account's projection from its event store, reporting where the stored projection differed. A
 * projection that a live consumer moves while it is being rebuilt is left alone and reported (its version check
 * fails), so a rebuild never overwrites newer bookings.
 */
public final class LedgerRebuilder {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public LedgerRebuilder(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    /**
     * One account's projection that did not match its events.
     *
     * @param account the account
     * @param stored what the projection said (balance currency, events), or "none"
     * @param rebuilt what the events add up to
     * @param written whether the rebuilt projection replaced the stored one
     */
    public record Difference(String account, String stored, String rebuilt, boolean written) {}

    /**
     * What a rebuild found.
     *
     * @param accounts accounts whose projection was rebuilt
     * @param differences those whose stored projection did not match
     */
    public record Report(int accounts, List<Difference> differences) {}

    public Report rebuild() {
        List<Difference> differences = new ArrayList<>();
        Set<String> accounts = accounts();
        for (String account : accounts) {
            List<AccountEntry> history = LedgerTable.history(dynamoDb, tableName, account);
            BigDecimal balance = history.stream().map(AccountEntry::change).reduce(BigDecimal.ZERO, BigDecimal::add);
            String currency = history.getFirst().currency();
            String last = history.stream().map(entry -> entry.time().toString()).max(String::compareTo).orElseThrow();
            LedgerTable.Projection stored = LedgerTable.projection(dynamoDb, tableName, account);
            boolean same = stored.version() == history.size() && stored.balance().compareTo(balance) == 0
                    && Objects.equals(stored.currency(), currency) && Objects.equals(stored.lastEventTime(), last);
            if (same) {
                continue;
            }
            boolean written = write(account, stored.version(), history.size(), balance, currency, last);
            differences.add(new Difference(account, describe(stored), balance.toPlainString() + " " + currency + " (" + history.size() + " events)", written));
        }
        return new Report(accounts.size(), differences);
    }

    private boolean write(String account, long storedVersion, long version, BigDecimal balance, String currency, String last) {
        try {
            dynamoDb.transactWriteItems(request -> request.transactItems(
                    LedgerTable.projectionUpdate(tableName, account, storedVersion, version, balance, currency, last)));
            return true;
        } catch (TransactionCanceledException | ConditionalCheckFailedException movedMeanwhile) {
            return false;
        }
    }

    private static String describe(LedgerTable.Projection stored) {
        return stored.version() == 0 && stored.currency() == null ? "none"
                : stored.balance().toPlainString() + " " + stored.currency() + " (" + stored.version() + " events)";
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
