package io.eventflow.ledger;

import static io.eventflow.ledger.LedgerFixture.deposit;
import static io.eventflow.ledger.LedgerFixture.fold;
import static io.eventflow.ledger.LedgerFixture.newAccount;
import static io.eventflow.ledger.LedgerFixture.opened;
import static io.eventflow.ledger.LedgerFixture.withdrawal;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import io.eventflow.idempotency.ClaimOutcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Snapshots on the emulator, every 3 events: taken in order, corrected by late events, reproduced by a rebuild, thinned
 * when a late event is older than more of them than one transaction holds.
 */
@ExtendWith(AwsEmulatorExtension.class)
class LedgerSnapshotTest {

    private static final int INTERVAL = 3;
    private static final Instant T = Instant.parse("2026-08-01T00:00:00Z");

    private static LedgerFixture fixture;

    @BeforeAll
    static void createTables(AwsEmulator emulator) {
        fixture = LedgerFixture.create(emulator, INTERVAL);
    }

    @AfterAll
    static void closeClients() {
        fixture.close();
    }

    @Test
    void everyThirdEventInOrderTakesASnapshotAsOfItsTime() {
        String account = newAccount();
        List<Event> history = inOrder(account, 7);

        history.forEach(fixture::book);

        assertThat(fixture.snapshots(account)).containsExactly(
                new Snapshot(history.get(2).time(), fold(history, history.get(2).time()), "USD", 3),
                new Snapshot(history.get(5).time(), fold(history, history.get(5).time()), "USD", 6));
        assertEveryAsOfIsTheFold(account, history);
    }

    @Test
    void aLateEventCorrectsEverySnapshotAfterItInItsOwnTransaction() {
        String account = newAccount();
        List<Event> history = new ArrayList<>(inOrder(account, 9));
        history.forEach(fixture::book);
        List<Snapshot> before = fixture.snapshots(account);
        assertThat(before).hasSize(3);
        Event late = deposit(account, "0.50", history.get(1).time().plusMillis(1));

        assertThat(fixture.effects(late)).as("append, three snapshots, projection").hasSize(5);
        fixture.book(late);
        history.add(late);

        assertThat(fixture.snapshots(account)).containsExactly(before.stream()
                .map(s -> new Snapshot(s.time(), s.balance().add(new BigDecimal("0.50")), s.currency(), s.events() + 1))
                .toArray(Snapshot[]::new));
        assertEveryAsOfIsTheFold(account, history);
    }

    @Test
    void anEventBetweenSnapshotsCorrectsOnlyTheLaterOnes() {
        String account = newAccount();
        List<Event> history = new ArrayList<>(inOrder(account, 6));
        history.forEach(fixture::book);
        Event late = withdrawal(account, "1", history.get(3).time()); // after the first snapshot, at the time of an event

        fixture.book(late);
        history.add(late);

        List<Snapshot> snapshots = fixture.snapshots(account);
        assertThat(snapshots).extracting(Snapshot::events).containsExactly(3L, 7L);
        assertEveryAsOfIsTheFold(account, history);
    }

    @Test
    void aRebuildReproducesTheSnapshotsExactlyAndRepairsThemWhenTheyDrift() {
        String account = newAccount();
        List<Event> history = inOrder(account, 10);
        List<Event> deliveries = new ArrayList<>(history);
        deliveries.addAll(history.subList(2, 5));
        Collections.shuffle(deliveries, new Random(20261127));
        deliveries.forEach(fixture::book);
        List<Snapshot> live = fixture.snapshots(account);
        LedgerReader.Balance balance = fixture.reader.balance(account).orElseThrow();
        assertThat(fixture.rebuilder().rebuild().differences()).as("the live snapshots are the rebuilt ones").isEmpty();

        // Drift: one snapshot lost, one wrong, one that no event gives.
        String table = fixture.ledgerTable;
        fixture.clients.dynamoDb().deleteItem(r -> r.tableName(table).key(LedgerTable.key(account, LedgerTable.snapshotKey(live.get(0).time()))));
        fixture.clients.dynamoDb().updateItem(r -> r.tableName(table).key(LedgerTable.key(account, LedgerTable.snapshotKey(live.get(1).time())))
                .updateExpression("SET balance = :wrong").expressionAttributeValues(Map.of(":wrong", AttributeValue.fromS("-1"))));
        fixture.clients.dynamoDb().transactWriteItems(r -> r.transactItems(LedgerTable.snapshotPut(table, account,
                new Snapshot(T.minusSeconds(60), BigDecimal.TEN, "USD", 1))));

        LedgerRebuilder.Report report = fixture.rebuilder().rebuild();

        assertThat(report.differences()).singleElement().satisfies(difference -> {
            assertThat(difference.account()).isEqualTo(account);
            assertThat(difference.stored()).as("the projection was right").isEqualTo(difference.rebuilt());
            assertThat(difference.snapshotsRewritten()).isEqualTo(3);
            assertThat(difference.written()).isTrue();
        });
        assertThat(fixture.snapshots(account)).isEqualTo(live);
        assertThat(fixture.reader.balance(account)).contains(balance);
        assertThat(fixture.rebuilder().rebuild().differences()).as("a second rebuild finds nothing").isEmpty();
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
            LedgerRebuilder.Report report = everyEvent.rebuilder().rebuild();
            assertThat(report.differences()).singleElement().satisfies(difference -> assertThat(difference.written()).isTrue());
            // One per event again, but the late one's: it fell on the latest time, which already had one.
            assertThat(everyEvent.snapshots(account)).as("a rebuild puts them back").hasSize(history.size() - 1);
        }
    }

    /** An opening at {@link #T}, then deposits and withdrawals an hour apart. */
    private static List<Event> inOrder(String account, int count) {
        List<Event> history = new ArrayList<>();
        history.add(opened(account, "100", T));
        for (int i = 1; i < count; i++) {
            Instant time = T.plusSeconds(3600L * i);
            history.add(i % 3 == 0 ? withdrawal(account, "7.25", time) : deposit(account, String.format("10.%02d", i % 100), time));
        }
        return history;
    }

    /** Before, at and between every event, and long after: what {@link LedgerReader#balanceAt} says is the naive fold. */
    private static void assertEveryAsOfIsTheFold(String account, List<Event> history) {
        assertEveryAsOfIsTheFold(fixture, account, history, history);
    }

    /** The same, probing around the events of {@code around} only. */
    private static void assertEveryAsOfIsTheFold(LedgerFixture ledger, String account, List<Event> around, List<Event> history) {
        List<Instant> probes = new ArrayList<>(List.of(T.minusSeconds(1), T.plusSeconds(3600L * 1000)));
        around.forEach(event -> probes.addAll(List.of(event.time(), event.time().minusMillis(1), event.time().plusSeconds(1800))));
        for (Instant at : probes) {
            long upToThen = history.stream().filter(event -> !event.time().isAfter(at)).count();
            assertThat(ledger.reader.balanceAt(account, at))
                    .as("as of %s", at)
                    .isEqualTo(upToThen == 0 ? Optional.empty()
                            : Optional.of(new LedgerReader.Balance(fold(history, at).setScale(2), "USD", upToThen)));
        }
    }
}
