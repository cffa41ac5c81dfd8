package io.eventflow.ledger;

import static io.eventflow.ledger.LedgerFixture.deposit;
import static io.eventflow.ledger.LedgerFixture.fold;
import static io.eventflow.ledger.LedgerFixture.opened;
import static io.eventflow.ledger.LedgerFixture.withdrawal;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test fixture: an account's history of events in time order, and the check that every as-of read is its fold. */
final class AccountHistories {

    /** When every history opens. */
    static final Instant T = Instant.parse("2026-08-01T00:00:00Z");

    private AccountHistories() {}

    /** An opening at {@link #T}, then deposits and withdrawals an hour apart. */
    static List<Event> inOrder(String account, int count) {
        List<Event> history = new ArrayList<>();
        history.add(opened(account, "100", T));
        for (int i = 1; i < count; i++) {
            Instant time = T.plusSeconds(3600L * i);
            history.add(i % 3 == 0 ? withdrawal(account, "7.25", time) : deposit(account, String.format("10.%02d", i % 100), time));
        }
        return history;
    }

    /**
     * Before, at and between the events of {@code around}, and long after: what {@link LedgerReader#balanceAt} says is
     * the naive fold of {@code history}.
     */
    static void assertEveryAsOfIsTheFold(LedgerFixture ledger, String account, List<Event> around, List<Event> history) {
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
