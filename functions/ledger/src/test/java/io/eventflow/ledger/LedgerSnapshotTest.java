package io.eventflow.ledger;

import static io.eventflow.ledger.AccountHistories.assertEveryAsOfIsTheFold;
import static io.eventflow.ledger.AccountHistories.inOrder;
import static io.eventflow.ledger.LedgerFixture.deposit;
import static io.eventflow.ledger.LedgerFixture.fold;
import static io.eventflow.ledger.LedgerFixture.newAccount;
import static io.eventflow.ledger.LedgerFixture.withdrawal;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.event.Event;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Snapshots on the emulator, every 3 events: taken in order, corrected by late events. Their rebuild, and their
 * thinning when a late event is older than more of them than one transaction holds, are tested with the rebuilder
 * ({@code local}: {@code LedgerRebuilderTest}).
 */
@ExtendWith(AwsEmulatorExtension.class)
class LedgerSnapshotTest {

    private static final int INTERVAL = 3;

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
        assertEveryAsOfIsTheFold(fixture, account, history, history);
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
        assertEveryAsOfIsTheFold(fixture, account, history, history);
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
        assertEveryAsOfIsTheFold(fixture, account, history, history);
    }


}
