package io.eventflow.ledger;

import static io.eventflow.ledger.LedgerFixture.deposit;
import static io.eventflow.ledger.LedgerFixture.newAccount;
import static io.eventflow.ledger.LedgerFixture.opened;
import static io.eventflow.ledger.LedgerFixture.withdrawal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventflow.aws.AwsClients;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.event.InvalidEventException;
import io.eventflow.idempotency.ClaimOutcome;
import io.eventflow.idempotency.IdempotencyStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ledger on a real (emulated) DynamoDB: exactly-once booking, folds as of any time, derived events. Concurrent
 * writers, and the laws over random histories, are checked against the rebuild ({@code local}: {@code LedgerRebuilderTest},
 * {@code LedgerPropertiesTest}).
 */
@ExtendWith(AwsEmulatorExtension.class)
class AccountLedgerTest {

    private static LedgerFixture fixture;
    private static AwsClients clients;
    private static String ledgerTable;
    private static IdempotencyStore store;
    private static AccountLedger ledger;
    private static LedgerReader reader;

    @BeforeAll
    static void createTables(AwsEmulator emulator) {
        fixture = LedgerFixture.create(emulator, 5);
        clients = fixture.clients;
        ledgerTable = fixture.ledgerTable;
        store = fixture.store;
        ledger = fixture.ledger;
        reader = fixture.reader;
    }

    @AfterAll
    static void closeClients() {
        fixture.close();
    }

    @Test
    void theSeedsAccountIsOneHundredFiftyAndEveryEarlierBalanceIsAFoldByTime() {
        String account = newAccount();
        Instant t1 = Instant.parse("2026-02-01T10:00:00Z");
        Instant t2 = Instant.parse("2026-02-02T10:00:00Z");
        Instant t3 = Instant.parse("2026-02-03T10:00:00Z");
        List<Event> events = List.of(opened(account, "100", t1), deposit(account, "75", t2), withdrawal(account, "25", t3));

        // Delivered in reverse, as a standard queue may: balances still add up.
        book(events.get(2));
        book(events.get(1));
        book(events.get(0));

        assertThat(reader.balance(account)).contains(new LedgerReader.Balance(new BigDecimal("150.00"), "USD", 3));
        assertThat(reader.balanceAt(account, t1.minusSeconds(1))).isEmpty();
        assertThat(reader.balanceAt(account, t1)).map(LedgerReader.Balance::balance).contains(new BigDecimal("100.00"));
        assertThat(reader.balanceAt(account, t2.plusSeconds(3600))).map(LedgerReader.Balance::balance).contains(new BigDecimal("175.00"));
        assertThat(reader.balanceAt(account, t3)).map(LedgerReader.Balance::balance).contains(new BigDecimal("150.00"));
        assertThat(reader.history(account)).extracting(AccountEntry::type)
                .containsExactly("account.opened", "deposit.made", "withdrawal.made");
    }

    /**
     * The second writer books the later half of the events: the first one's are late for the snapshots the second
     * takes (one every 5 events), so both race on the projection and on correcting the snapshots.
     */
    @Test
    void aBatchBooksEachAccountWithOneProjectionUpdate() {
        String a = newAccount();
        String b = newAccount();
        Instant t = Instant.parse("2026-05-01T00:00:00Z");
        List<Event> batch = List.of(opened(a, "10", t), opened(b, "20", t), deposit(a, "5", t.plusSeconds(1)),
                deposit(b, "1", t.plusSeconds(2)), withdrawal(a, "2", t.plusSeconds(3)));

        List<ClaimOutcome> outcomes = fixture.bookTogether(batch);

        assertThat(outcomes).containsOnly(ClaimOutcome.CLAIMED);
        assertThat(fixture.effects(List.of(deposit(a, "1", t)))).as("one append and one projection update").hasSize(2);
        assertThat(reader.balance(a)).contains(new LedgerReader.Balance(new BigDecimal("13.00"), "USD", 3));
        assertThat(reader.balance(b)).contains(new LedgerReader.Balance(new BigDecimal("21.00"), "USD", 2));
    }

    @Test
    void aWithdrawalBelowZeroDerivesOneOverdraftThroughTheOutbox() {
        String account = newAccount();
        Instant t = Instant.parse("2026-06-01T00:00:00Z");
        book(opened(account, "10", t, "owner@example.com"));
        Event withdrawal = withdrawal(account, "25", t.plusSeconds(60));
        book(withdrawal);
        book(withdrawal(account, "5", t.plusSeconds(120))); // already below zero: no second notice

        List<Event> derived = outbox(account);
        assertThat(derived).singleElement().satisfies(overdrawn -> {
            assertThat(overdrawn.type()).isEqualTo("account.overdrawn");
            assertThat(overdrawn.subject()).isEqualTo(account);
            assertThat(overdrawn.time()).isEqualTo(withdrawal.time());
            assertThat(overdrawn.data().path("balance").asText()).isEqualTo("-15");
            assertThat(overdrawn.data().path("withdrawal_id").asText()).isEqualTo(withdrawal.id());
            assertThat(overdrawn.data().path("owner_email").asText()).isEqualTo("owner@example.com");
        });
    }

    @Test
    void anOpeningThatArrivesAfterItsWithdrawalStillRevealsTheOverdraft() {
        String account = newAccount();
        Instant t = Instant.parse("2026-06-02T00:00:00Z");
        Event withdrawal = withdrawal(account, "25", t.plusSeconds(60));
        book(withdrawal);
        assertThat(outbox(account)).as("not opened yet: nothing to judge").isEmpty();

        book(opened(account, "10", t, "late@example.com"));

        assertThat(outbox(account)).singleElement().satisfies(overdrawn ->
                assertThat(overdrawn.data().path("withdrawal_id").asText()).isEqualTo(withdrawal.id()));
    }

    @Test
    void theRelayPublishesDerivedEventsOnceEvenWhenARebuildDerivesThemAgain() {
        String account = newAccount();
        Instant t = Instant.parse("2026-06-03T00:00:00Z");
        book(opened(account, "1", t, "relay@example.com"));
        book(withdrawal(account, "2", t.plusSeconds(1)));
        String topic = clients.sns().createTopic(request -> request.name("events-" + UUID.randomUUID())).topicArn();
        String queue = clients.sqs().createQueue(request -> request.queueName("overdrafts-" + UUID.randomUUID())).queueUrl();
        String queueArn = clients.sqs().getQueueAttributes(request -> request.queueUrl(queue)
                .attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        clients.sns().subscribe(request -> request.topicArn(topic).protocol("sqs").endpoint(queueArn)
                .attributes(java.util.Map.of("RawMessageDelivery", "true")));
        DerivedEventRelay relay = new DerivedEventRelay(clients.dynamoDb(), ledgerTable, io.eventflow.publish.EventPublisher.builder()
                .snsClient(clients.sns()).topicArn(topic)
                .validator(new io.eventflow.event.EventValidator(io.eventflow.event.EventTypeRegistry.fromClasspath())).build());

        List<Event> derived = outbox(account);
        int published = relay.flush();

        assertThat(published).isGreaterThanOrEqualTo(1);
        assertThat(outbox(account)).isEmpty();
        assertThat(relay.flush()).isZero();
        // A rebuild books the withdrawal again and derives the same notice: it stays published.
        io.eventflow.event.EventCodec codec = new io.eventflow.event.EventCodec();
        clients.dynamoDb().transactWriteItems(request -> request.transactItems(
                LedgerTable.outboxPut(ledgerTable, derived.getFirst().id(), codec.encode(derived.getFirst()))));
        assertThat(outbox(account)).isEmpty();
        assertThat(relay.flush()).isZero();
        List<String> types = new ArrayList<>();
        for (int attempt = 0; attempt < 5 && types.size() < published; attempt++) {
            clients.sqs().receiveMessage(request -> request.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages().forEach(message -> types.add(new io.eventflow.event.EventCodec().decode(message.body()).type()));
        }
        assertThat(types).hasSize(published).containsOnly("account.overdrawn");
    }

    private static List<Event> outbox(String account) {
        io.eventflow.event.EventCodec codec = new io.eventflow.event.EventCodec();
        return LedgerTable.pendingOutbox(clients.dynamoDb(), ledgerTable).values().stream()
                .map(codec::decode).filter(event -> account.equals(event.subject())).toList();
    }

    /**
     * The schemas bound an amount to 12 integer and 4 fraction digits, and the ledger keeps balances as BigDecimal and
     * stores them as DynamoDB strings, not numbers (38 digits): past 38 digits, which would take some 10^26 maximal
     * deposits, a balance still books and reads back to the last digit. The projection is set there directly, as
     * such a history cannot be booked in a test.
     */
    @Test
    void aBalancePastDynamoDbsThirtyEightDigitsBooksAndReadsBackExactly() {
        String account = newAccount();
        String maximum = "999999999999.9999";
        EventValidator validator = new EventValidator(EventTypeRegistry.fromClasspath());
        validator.validate(deposit(account, maximum, Instant.parse("2026-02-02T10:00:00Z")));
        assertThatThrownBy(() -> validator.validate(deposit(account, "1000000000000", Instant.parse("2026-02-02T10:00:00Z"))))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> validator.validate(withdrawal(account, "0.00001", Instant.parse("2026-02-02T10:00:00Z"))))
                .isInstanceOf(InvalidEventException.class);

        book(opened(account, maximum, Instant.parse("2026-02-01T10:00:00Z")));
        String past38Digits = "9".repeat(40) + ".9999";
        clients.dynamoDb().updateItem(update -> update.tableName(ledgerTable).key(LedgerTable.key(account, LedgerTable.PROJECTION))
                .updateExpression("SET balance = :balance")
                .expressionAttributeValues(Map.of(":balance", AttributeValue.fromS(past38Digits))));

        book(deposit(account, maximum, Instant.parse("2026-02-02T10:00:00Z")));
        book(withdrawal(account, "0.0001", Instant.parse("2026-02-03T10:00:00Z")));

        BigDecimal expected = new BigDecimal(past38Digits).add(new BigDecimal(maximum)).subtract(new BigDecimal("0.0001"));
        assertThat(reader.balance(account)).map(LedgerReader.Balance::balance).contains(expected);
        assertThat(expected.precision()).isGreaterThan(38);
    }

    private static ClaimOutcome book(Event event) {
        return fixture.book(event);
    }
}
