package io.eventflow.ledger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An account's balance as of a time: the fold of every event whose own time is at or before {@code time}. An as-of
 * read starts from the latest snapshot at or before the asked time and folds only the events after it.
 *
 * @param time the time it is a balance as of
 * @param balance the fold of the events up to then
 * @param currency ISO 4217 code
 * @param events how many events it folds
 */
record Snapshot(Instant time, BigDecimal balance, String currency, long events) {

    /** This snapshot with one more event folded in (a late event at or before its time). */
    Snapshot plus(AccountEntry entry) {
        return new Snapshot(time, balance.add(entry.change()), currency, events + 1);
    }
}
