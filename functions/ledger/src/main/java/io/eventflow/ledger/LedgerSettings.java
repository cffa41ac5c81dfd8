package io.eventflow.ledger;

import io.eventflow.config.EventflowConfig;
import java.util.Objects;

/**
 * The ledger's own settings.
 *
 * @param table the event store and projections ({@value #TABLE}, required)
 * @param snapshotInterval a snapshot every this many booked events of an account ({@value #SNAPSHOT_INTERVAL};
 *     default 100)
 */
public record LedgerSettings(String table, int snapshotInterval) {

    /** Event store and account projections. */
    public static final String TABLE = "EVENTFLOW_LEDGER_TABLE";
    /** The ledger snapshots an account's balance every this many booked events (default 100). */
    public static final String SNAPSHOT_INTERVAL = "EVENTFLOW_LEDGER_SNAPSHOT_INTERVAL";

    public LedgerSettings {
        Objects.requireNonNull(table, "table");
    }

    /** @throws io.eventflow.config.ConfigurationException naming the variable that is missing or malformed */
    public static LedgerSettings from(EventflowConfig config) {
        return new LedgerSettings(config.require(TABLE), snapshotIntervalOf(config));
    }

    /** The snapshot interval alone (the operator tools, which need no table variable). */
    public static int snapshotIntervalOf(EventflowConfig config) {
        return config.positiveInt(SNAPSHOT_INTERVAL, 100);
    }
}
