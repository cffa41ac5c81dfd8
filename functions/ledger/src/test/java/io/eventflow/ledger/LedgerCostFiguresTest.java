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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ledger's cost in DynamoDB requests and items read, counted on the wire with an SDK interceptor, for an account
 * of 1,000 events: an as-of query with snapshots (every 100 events) and without, and the requests per booked event
 * with snapshots on. The figures are printed (for the closing note) and held to their design.
 */
@ExtendWith(AwsEmulatorExtension.class)
class LedgerCostFiguresTest {

    private static final int EVENTS = 1000;
    private static final int INTERVAL = 100;
    private static final Instant START = Instant.parse("2026-09-01T00:00:00Z");

    private static final DynamoDbReads reads = new DynamoDbReads();
    private static LedgerFixture withSnapshots;
    private static LedgerFixture withoutSnapshots;
    private static String account;
    private static List<Event> history;

    @BeforeAll
    static void bookAThousandEvents(AwsEmulator emulator) {
        withSnapshots = LedgerFixture.create(emulator, INTERVAL, reads);
        withoutSnapshots = LedgerFixture.create(emulator, Integer.MAX_VALUE, reads); // an interval never reached
        account = newAccount();
        history = new ArrayList<>(List.of(opened(account, "1000", START)));
        for (int i = 1; i < EVENTS; i++) {
            history.add(deposit(account, "1.25", START.plusSeconds(60L * i)));
        }
        for (LedgerFixture ledger : List.of(withSnapshots, withoutSnapshots)) {
            for (int from = 0; from < EVENTS; from += 40) { // quick to set up: 40 events to a transaction
                ledger.bookTogether(history.subList(from, Math.min(EVENTS, from + 40)));
            }
        }
    }

    @AfterAll
    static void closeClients() {
        withSnapshots.close();
        withoutSnapshots.close();
    }

    @Test
    void anAsOfQueryReadsOneSnapshotAndOnlyTheEventsAfterIt() {
        assertThat(withSnapshots.snapshots(account)).hasSize(EVENTS / INTERVAL);
        DynamoDbReads.Count fullHistory = reads.during(() -> withSnapshots.reader.history(account));
        for (int index : List.of(EVENTS - 1, 549, 99)) {
            Instant at = history.get(index).time();
            List<LedgerReader.Balance> answers = new ArrayList<>();
            DynamoDbReads.Count with = reads.during(() -> answers.add(withSnapshots.reader.balanceAt(account, at).orElseThrow()));
            DynamoDbReads.Count without = reads.during(() -> answers.add(withoutSnapshots.reader.balanceAt(account, at).orElseThrow()));

            System.out.printf("LEDGER FIGURES as-of query, account of %d events, as of event %d: with snapshots %d requests, "
                            + "%d items read; without snapshots %d requests, %d items read; whole-history fold %d requests, %d items read%n",
                    EVENTS, index + 1, with.requests(), with.items(), without.requests(), without.items(),
                    fullHistory.requests(), fullHistory.items());
            assertThat(answers).extracting(LedgerReader.Balance::balance).containsOnly(fold(history, at).setScale(2));
            assertThat(with.requests()).as("latest snapshot, then the events after it").isEqualTo(2);
            // The index is by millisecond: the event that set the snapshot's time shares its millisecond and is read too.
            assertThat(with.items()).as("one snapshot, the events since it").isEqualTo(2 + (index + 1) % INTERVAL);
            assertThat(without.items()).isEqualTo(index + 1);
        }
        assertThat(fullHistory.items()).isEqualTo(EVENTS);
    }

    @Test
    void bookingCostsAProjectionReadAndOneTransactionUnlessLate() {
        Instant latest = history.getLast().time();

        DynamoDbReads.Count inOrder = book(100, i -> deposit(account, "2", latest.plusSeconds(60L * (i + 1))));
        Instant lateTime = START.plusSeconds(60L * (EVENTS - 250));
        long touched = withSnapshots.snapshots(account).stream().filter(snapshot -> !snapshot.time().isBefore(lateTime)).count();
        DynamoDbReads.Count late = book(10, i -> deposit(account, "3", lateTime.plusSeconds(i)));
        DynamoDbReads.Count withdrawals = book(10, i -> withdrawal(account, "1", latest.plusSeconds(86_400L + i)));
        DynamoDbReads.Count lateWithdrawal = book(1, i -> withdrawal(account, "1", lateTime.plusMillis(500)));

        System.out.printf("LEDGER FIGURES DynamoDB requests per booked event, snapshots every %d, one event per transaction, "
                        + "account of %d+ events: in order %.2f (%.1f items read), older than %d snapshots %.2f (%.1f items read), "
                        + "withdrawals in order %.2f (%.1f items read), a withdrawal older than %d snapshots %d (%d items read: "
                        + "it folds up to its time and reads every event after it to judge overdrafts)%n",
                INTERVAL, EVENTS, perEvent(inOrder.requests(), 100), perEvent(inOrder.items(), 100),
                touched, perEvent(late.requests(), 10), perEvent(late.items(), 10),
                perEvent(withdrawals.requests(), 10), perEvent(withdrawals.items(), 10), touched,
                lateWithdrawal.requests(), lateWithdrawal.items());
        assertThat(perEvent(inOrder.requests(), 100)).as("the projection read and the transaction, snapshots riding in it").isEqualTo(2.0);
        assertThat(perEvent(late.requests(), 10)).as("plus the query of the snapshots to correct").isEqualTo(3.0);
        assertThat(touched).isEqualTo(4);
        assertThat(perEvent(late.items(), 10)).as("the projection and the snapshots after the event").isEqualTo(1.0 + touched);
        assertThat(perEvent(withdrawals.requests(), 10)).as("in order, the projection is the balance before").isEqualTo(2.0);
        assertThat(lateWithdrawal.requests()).as("projection, snapshots to correct, the fold up to it, the events after it, "
                + "the transaction").isEqualTo(6);
    }

    /** The cost of booking {@code count} events, one per transaction. */
    private static DynamoDbReads.Count book(int count, IntFunction<Event> event) {
        return reads.during(() -> {
            for (int i = 0; i < count; i++) {
                withSnapshots.book(event.apply(i));
            }
        });
    }

    private static double perEvent(long total, int events) {
        return (double) total / events;
    }
}
