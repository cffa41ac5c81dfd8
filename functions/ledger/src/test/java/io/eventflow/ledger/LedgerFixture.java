package io.eventflow.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventflow.aws.AwsClients;
import io.eventflow.consume.Delivery;
import io.eventflow.consume.ItemReads;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.event.Event;
import io.eventflow.idempotency.ClaimOutcome;
import io.eventflow.idempotency.IdempotencyStore;
import io.eventflow.idempotency.PayloadHash;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A ledger on the emulator for tests: fresh tables laid out as template.yaml declares them, the idempotency store, the
 * ledger with a given snapshot interval, its reader, and the account events the tests book.
 */
final class LedgerFixture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final AwsClients clients;
    final String ledgerTable;
    final IdempotencyStore store;
    final AccountLedger ledger;
    final LedgerReader reader;
    final int snapshotInterval;

    private LedgerFixture(AwsClients clients, int snapshotInterval) {
        this.clients = clients;
        this.snapshotInterval = snapshotInterval;
        this.ledgerTable = "ledger-" + UUID.randomUUID();
        String idempotencyTable = "idempotency-" + UUID.randomUUID();
        DynamoDbClient dynamoDb = clients.dynamoDb();
        dynamoDb.createTable(request -> request.tableName(ledgerTable).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("account_id").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("time_ms").attributeType(ScalarAttributeType.N))
                .keySchema(k -> k.attributeName("account_id").keyType(KeyType.HASH), k -> k.attributeName("sk").keyType(KeyType.RANGE))
                .localSecondaryIndexes(index -> index.indexName(LedgerTable.BY_TIME)
                        .keySchema(k -> k.attributeName("account_id").keyType(KeyType.HASH),
                                k -> k.attributeName("time_ms").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
        dynamoDb.createTable(request -> request.tableName(idempotencyTable).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
        this.store = IdempotencyStore.builder().dynamoDbClient(dynamoDb).tableName(idempotencyTable).build();
        this.ledger = new AccountLedger(dynamoDb, ledgerTable, snapshotInterval);
        this.reader = new LedgerReader(dynamoDb, ledgerTable);
    }

    /** A ledger on the emulator; each interceptor sees every request its clients send. */
    static LedgerFixture create(AwsEmulator emulator, int snapshotInterval, ExecutionInterceptor... interceptors) {
        AwsClients.Builder builder = AwsClients.builder().endpoint(emulator.endpoint()).region(Region.of(emulator.region()))
                .credentials(emulator.administrator());
        for (ExecutionInterceptor interceptor : interceptors) {
            builder.addInterceptor(interceptor);
        }
        return new LedgerFixture(builder.build(), snapshotInterval);
    }

    /** Books one event as the consumer does: claim and effects in one transaction. */
    ClaimOutcome book(Event event) {
        return store.claimAndApply("ledger#" + event.id(), PayloadHash.of(event), effects(event));
    }

    /** Books events together, as a batch transaction does. */
    List<ClaimOutcome> bookTogether(List<Event> events) {
        return store.claimAndApplyAll(events.stream()
                .map(event -> new IdempotencyStore.Claim("ledger#" + event.id(), PayloadHash.of(event))).toList(), effects(events));
    }

    /** The ledger's writes for one event, computed as the batch processor has it compute them. */
    List<TransactWriteItem> effects(Event event) {
        return effects(List.of(event));
    }

    /** The ledger's writes for events booked together. */
    List<TransactWriteItem> effects(List<Event> events) {
        return ledger.effects(events.stream().map(Delivery::of).toList(), ItemReads.direct(clients.dynamoDb()));
    }

    /** The account's stored snapshots, oldest first. */
    List<Snapshot> snapshots(String account) {
        return LedgerTable.snapshotsFrom(clients.dynamoDb(), ledgerTable, account, null);
    }

    @Override
    public void close() {
        clients.close();
    }

    /** The naive answer: the sum of the changes of the events whose own time is at or before {@code at}. */
    static BigDecimal fold(List<Event> events, Instant at) {
        return events.stream().filter(event -> !event.time().isAfter(at)).map(event -> AccountEntry.of(event).change())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static String newAccount() {
        return "acc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static Event opened(String account, String initial, Instant time) {
        return event("account.opened", time, data(account).put("owner_id", "usr_1").put("initial_balance", initial));
    }

    static Event opened(String account, String initial, Instant time, String ownerEmail) {
        return event("account.opened", time, data(account).put("owner_id", "usr_1").put("initial_balance", initial)
                .put("owner_email", ownerEmail));
    }

    static Event deposit(String account, String amount, Instant time) {
        return event("deposit.made", time, data(account).put("amount", amount));
    }

    static Event withdrawal(String account, String amount, Instant time) {
        return event("withdrawal.made", time, data(account).put("amount", amount));
    }

    private static ObjectNode data(String account) {
        return JSON.createObjectNode().put("account_id", account).put("currency", "USD");
    }

    private static Event event(String type, Instant time, ObjectNode data) {
        return Event.builder().type(type).source("test:/ledger").subject(data.path("account_id").asText()).time(time).data(data).build();
    }
}
