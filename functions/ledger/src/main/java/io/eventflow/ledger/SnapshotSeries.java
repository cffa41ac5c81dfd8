package io.eventflow.ledger;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The snapshot rule, applied event by event in booking order, the same way by the live ledger and by a rebuild (so a
 * rebuild reproduces the snapshots exactly). Every {@code interval}-th booked event takes a snapshot as of the latest
 * event time booked so far, with the running balance: every booked event is at or before that time, so the snapshot
 * is the fold up to it whatever order the events came in. An event booked later whose own time is at or before a
 * snapshot's is added to that snapshot and to every later one, which keeps each snapshot the fold up to its time.
 *
 * <p>The series holds only the snapshots an account's new events can touch (those at or after the earliest new event's
 * time), and says which of them changed.
 */
final class SnapshotSeries {

    private final int interval;
    private final NavigableMap<Instant, Snapshot> snapshots = new TreeMap<>();
    private final Set<Instant> changed = new LinkedHashSet<>();

    /**
     * @param interval a snapshot every this many booked events
     * @param known the stored snapshots at or after the earliest time to be booked (all of them for a rebuild: none)
     */
    SnapshotSeries(int interval, Collection<Snapshot> known) {
        if (interval < 1) {
            throw new IllegalArgumentException("snapshot interval must be positive, got " + interval);
        }
        this.interval = interval;
        known.forEach(snapshot -> snapshots.put(snapshot.time(), snapshot));
    }

    /**
     * Books one event, {@code after} being the account's state with it: corrects the snapshots at or after the
     * event's time, then takes one if the event count is due.
     */
    void book(AccountEntry entry, LedgerTable.Projection after) {
        for (Map.Entry<Instant, Snapshot> later : snapshots.tailMap(entry.time(), true).entrySet()) {
            later.setValue(later.getValue().plus(entry));
            changed.add(later.getKey());
        }
        if (after.version() % interval == 0) {
            Instant time = after.lastEventTime();
            snapshots.put(time, new Snapshot(time, after.balance(), after.currency(), after.version()));
            changed.add(time);
        }
    }

    /** The snapshots that were corrected or taken, oldest first. */
    List<Snapshot> changed() {
        return changed.stream().sorted().map(snapshots::get).toList();
    }

    /** Every snapshot held, oldest first. */
    List<Snapshot> all() {
        return List.copyOf(snapshots.values());
    }

    /** The time of the latest snapshot held, if any. */
    Optional<Instant> latest() {
        return snapshots.isEmpty() ? Optional.empty() : Optional.of(snapshots.lastKey());
    }
}
