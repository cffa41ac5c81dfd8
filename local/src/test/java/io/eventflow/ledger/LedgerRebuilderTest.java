package io.eventflow.ledger;

import static io.eventflow.ledger.AccountHistories.T;
import static io.eventflow.ledger.AccountHistories.assertEveryAsOfIsTheFold;
import static io.eventflow.ledger.AccountHistories.inOrder;
import static io.eventflow.ledger.LedgerFixture.deposit;
import static io.eventflow.ledger.LedgerFixture.fold;
import static io.eventflow.ledger.LedgerFixture.newAccount;
import static io.eventflow.ledger.LedgerFixture.opened;
import static io.eventflow.ledger.LedgerFixture.withdrawal;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.consume.Delivery;
import io.eventflow.consume.ItemReads;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.idempotency.ClaimOutcome;
import io.eventflow.idempotency.PayloadHash;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The ledger's rebuild from its events (an operator tool, run by {@code eventflow ledger rebuild}) on ledgers booked as
 * the consumer books them ({@link LedgerFixture}, from the ledger module's tests): projections and snapshots
 * reproduced, drift repaired, snapshots thinned by a late event put back, nothing to repair after two writers raced.
 */
@ExtendWith(AwsEmulatorExtension.class)
class LedgerRebuilderTest {

    @Test
    void aRebuildReproducesTheProjectionsAndRepairsOneThatDrifted(AwsEmulator emulator) {
        try (LedgerFixture fixture = LedgerFixture.create(emulator, 5)) {
            String kept = newAccount();
            String drifted = newAccount();
            Instant t = Instant.parse("2026-07-01T00:00:00Z");
            for (String account : List.of(kept, drifted)) {
                fixture.book(opened(account, "100", t));
                fixture.book(deposit(account, "75", t.plusSeconds(1)));
                fixture.book(withdrawal(account, "25", t.plusSeconds(2)));
            }
            // A projection that no longer matches its events (a bug, a manual edit).
            fixture.clients.dynamoDb().updateItem(request -> request.tableName(fixture.ledgerTable).key(LedgerTable.key(drifted, LedgerTable.PROJECTION))
                    .updateExpression("SET balance = :wrong").expressionAttributeValues(Map.of(":wrong",
                            AttributeValue.fromS("999"))));
            LedgerReader.Balance before = fixture.reader.balance(kept).orElseThrow();

            LedgerRebuilder.Report report = rebuilder(fixture).rebuild();

            assertThat(report.differences()).singleElement().satisfies(difference -> {
                assertThat(difference.account()).isEqualTo(drifted);
                assertThat(difference.stored()).isEqualTo("999 USD (3 events)");
                assertThat(difference.rebuilt()).isEqualTo("150 USD (3 events)");
                assertThat(difference.written()).isTrue();
            });
            assertThat(fixture.reader.balance(drifted)).contains(new LedgerReader.Balance(new BigDecimal("150.00"), "USD", 3));
            assertThat(fixture.reader.balance(kept)).contains(before);
            assertThat(rebuilder(fixture).rebuild().differences()).as("a second rebuild finds nothing").isEmpty();
        }
    }

    @Test
    void twoWritersOnOneAccountEndConsistent(AwsEmulator emulator) throws Exception {
        try (LedgerFixture fixture = LedgerFixture.create(emulator, 5)) {
            String account = newAccount();
            Instant start = Instant.parse("2026-04-01T00:00:00Z");
            fixture.book(opened(account, "1000", start));
            List<Event> deposits = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                deposits.add(i % 2 == 0 ? deposit(account, "10", start.plusSeconds(i + 1)) : withdrawal(account, "3", start.plusSeconds(i + 1)));
            }
            AccountLedger other = new AccountLedger(fixture.clients.dynamoDb(), fixture.ledgerTable, fixture.snapshotInterval);
            ExecutorService workers = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> races = new ArrayList<>();
                for (int worker = 0; worker < 2; worker++) {
                    AccountLedger writer = worker == 0 ? fixture.ledger : other;
                    List<Event> share = deposits.subList(worker * 10, worker * 10 + 10);
                    races.add(workers.submit(() -> {
                        int lost = 0;
                        for (Event event : share) {
                            while (true) {
                                try {
                                    fixture.store.claimAndApply("ledger#" + event.id(), PayloadHash.of(event),
                                            writer.effects(Delivery.of(event), ItemReads.direct(fixture.clients.dynamoDb())));
                                    break;
                                } catch (TransactionCanceledException raceLost) {
                                    lost++; // the other writer moved the projection first: read again and retry
                                }
                            }
                        }
                        return lost;
                    }));
                }
                for (Future<Integer> race : races) {
                    race.get();
                }
            } finally {
                workers.shutdown();
            }
            List<Event> all = new ArrayList<>(deposits);
            all.add(opened(account, "1000", start));
            assertThat(fixture.reader.balance(account)).contains(new LedgerReader.Balance(fold(all, Instant.MAX).setScale(2), "USD", 21));
            assertThat(fixture.reader.history(account)).hasSize(21);
            for (int second = 0; second <= 21; second++) {
                Instant at = start.plusSeconds(second);
                assertThat(fixture.reader.balanceAt(account, at)).map(LedgerReader.Balance::balance).as("as of %s", at)
                        .contains(fold(all, at).setScale(2));
            }
            // Four due (21 events, one every 5), fewer when the race gives two the same latest time (then they are one).
            assertThat(fixture.snapshots(account)).hasSizeBetween(1, 4);
            assertThat(rebuilder(fixture).rebuild().differences()).as("snapshots as a rebuild takes them")
                    .noneMatch(difference -> difference.account().equals(account));
        }
    }


    @Test
    void aRebuildReproducesTheSnapshotsExactlyAndRepairsThemWhenTheyDrift(AwsEmulator emulator) {
        try (LedgerFixture fixture = LedgerFixture.create(emulator, 3)) {
            String account = newAccount();
            List<Event> history = inOrder(account, 10);
            List<Event> deliveries = new ArrayList<>(history);
            deliveries.addAll(history.subList(2, 5));
            Collections.shuffle(deliveries, new Random(20261127));
            deliveries.forEach(fixture::book);
            List<Snapshot> live = fixture.snapshots(account);
            LedgerReader.Balance balance = fixture.reader.balance(account).orElseThrow();
            assertThat(rebuilder(fixture).rebuild().differences()).as("the live snapshots are the rebuilt ones").isEmpty();

            // Drift: one snapshot lost, one wrong, one that no event gives.
            String table = fixture.ledgerTable;
            fixture.clients.dynamoDb().deleteItem(r -> r.tableName(table).key(LedgerTable.key(account, LedgerTable.snapshotKey(live.get(0).time()))));
            fixture.clients.dynamoDb().updateItem(r -> r.tableName(table).key(LedgerTable.key(account, LedgerTable.snapshotKey(live.get(1).time())))
                    .updateExpression("SET balance = :wrong").expressionAttributeValues(Map.of(":wrong", AttributeValue.fromS("-1"))));
            fixture.clients.dynamoDb().transactWriteItems(r -> r.transactItems(LedgerTable.snapshotPut(table, account,
                    new Snapshot(T.minusSeconds(60), BigDecimal.TEN, "USD", 1))));

            LedgerRebuilder.Report report = rebuilder(fixture).rebuild();

            assertThat(report.differences()).singleElement().satisfies(difference -> {
                assertThat(difference.account()).isEqualTo(account);
                assertThat(difference.stored()).as("the projection was right").isEqualTo(difference.rebuilt());
                assertThat(difference.snapshotsRewritten()).isEqualTo(3);
                assertThat(difference.written()).isTrue();
            });
            assertThat(fixture.snapshots(account)).isEqualTo(live);
            assertThat(fixture.reader.balance(account)).contains(balance);
            assertThat(rebuilder(fixture).rebuild().differences()).as("a second rebuild finds nothing").isEmpty();
        }
    }

    @Test
    void anEventOlderThanMoreSnapshotsThanATransactionHoldsThinsThemAndIsBooked(AwsEmulator emulator) {
        try (LedgerFixture everyEvent = LedgerFixture.create(emulator, 1)) {
            String account = newAccount();
            List<Event> history = new ArrayList<>(inOrder(account, 2 * AccountLedger.MAX_SNAPSHOT_WRITES));
            for (int from = 0; from < history.size(); from += 20) {
                everyEvent.bookTogether(history.subList(from, Math.min(history.size(), from + 20)));
            }
            assertThat(everyEvent.snapshots(account)).hasSize(history.size());
            Event late = deposit(account, "1", T.minusSeconds(1));

            assertThat(everyEvent.book(late)).isEqualTo(ClaimOutcome.CLAIMED);
            history.add(late);

            assertThat(everyEvent.snapshots(account)).as("thinned to what one transaction corrects, plus the new one")
                    .hasSizeLessThanOrEqualTo(AccountLedger.MAX_SNAPSHOT_WRITES + 1)
                    .allSatisfy(snapshot -> assertThat(snapshot.balance()).isEqualByComparingTo(fold(history, snapshot.time())));
            assertEveryAsOfIsTheFold(everyEvent, account, IntStream.range(0, history.size()).filter(i -> i % 16 == 0).mapToObj(history::get).toList(), history);
            LedgerRebuilder.Report report = rebuilder(everyEvent).rebuild();
            assertThat(report.differences()).singleElement().satisfies(difference -> assertThat(difference.written()).isTrue());
            // One per event again, but the late one's: it fell on the latest time, which already had one.
            assertThat(everyEvent.snapshots(account)).as("a rebuild puts them back").hasSize(history.size() - 1);
        }
    }

    private static LedgerRebuilder rebuilder(LedgerFixture fixture) {
        return new LedgerRebuilder(fixture.clients.dynamoDb(), fixture.ledgerTable, fixture.snapshotInterval);
    }
}
