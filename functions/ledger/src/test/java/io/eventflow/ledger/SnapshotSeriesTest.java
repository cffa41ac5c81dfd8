package io.eventflow.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The snapshot rule alone, event by event, without a table. */
class SnapshotSeriesTest {

    private static final Instant T = Instant.parse("2026-10-01T00:00:00Z");

    @Test
    void takesOneEveryIntervalAsOfTheLatestTimeBookedWithTheRunningBalance() {
        SnapshotSeries series = new SnapshotSeries(2, List.of());

        LedgerTable.Projection state = book(series, LedgerTable.Projection.EMPTY, entry("10", T.plusSeconds(5)), entry("1", T));

        assertThat(series.changed()).containsExactly(new Snapshot(T.plusSeconds(5), new BigDecimal("11"), "USD", 2));
        assertThat(state.lastEventTime()).isEqualTo(T.plusSeconds(5));
    }

    @Test
    void anEventAtOrBeforeASnapshotsTimeIsAddedToItAndToEveryLaterOne() {
        Snapshot first = new Snapshot(T, new BigDecimal("5"), "USD", 2);
        Snapshot second = new Snapshot(T.plusSeconds(10), new BigDecimal("9"), "USD", 4);
        SnapshotSeries series = new SnapshotSeries(100, List.of(first, second));

        book(series, new LedgerTable.Projection(new BigDecimal("9"), "USD", 4, T.plusSeconds(10), T.plusSeconds(10), null, null),
                entry("-1", T));

        assertThat(series.changed()).containsExactly(
                new Snapshot(T, new BigDecimal("4"), "USD", 3), new Snapshot(T.plusSeconds(10), new BigDecimal("8"), "USD", 5));
    }

    @Test
    void aSnapshotDueAtTheTimeOfAnExistingOneReplacesItWithTheSameFold() {
        Snapshot existing = new Snapshot(T, new BigDecimal("5"), "USD", 1);
        SnapshotSeries series = new SnapshotSeries(2, List.of(existing));

        // The second event is older than the snapshot: corrected to 7, then the one due at T (the latest time) is 7 too.
        book(series, new LedgerTable.Projection(new BigDecimal("5"), "USD", 1, T, T, null, null), entry("2", T.minusSeconds(1)));

        assertThat(series.all()).containsExactly(new Snapshot(T, new BigDecimal("7"), "USD", 2));
        assertThat(series.latest()).contains(T);
    }

    @Test
    void anIntervalBelowOneIsRefused() {
        assertThatThrownBy(() -> new SnapshotSeries(0, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static LedgerTable.Projection book(SnapshotSeries series, LedgerTable.Projection state, AccountEntry... entries) {
        for (AccountEntry entry : entries) {
            state = state.plus(entry);
            series.book(entry, state);
        }
        return state;
    }

    private static AccountEntry entry(String change, Instant time) {
        String type = change.startsWith("-") ? "withdrawal.made" : "deposit.made";
        return new AccountEntry("acc_1", "evt-" + change + "-" + time, type, time, new BigDecimal(change), "USD", null);
    }
}
