package io.eventflow.archiver;

import io.eventflow.config.EventflowConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The archiver's own settings.
 *
 * @param table the archive ({@code EVENTFLOW_ARCHIVE_TABLE}, required; replay reads it too)
 * @param retention how long an event is kept after its own time ({@value #RETENTION_DAYS}, in days; default 365;
 *     {@link Duration#ZERO}, set as 0, keeps it forever)
 */
public record ArchiverSettings(String table, Duration retention) {

    /** How long archived events are kept, in days after the event's time (default 365; 0 keeps them forever). */
    public static final String RETENTION_DAYS = "EVENTFLOW_ARCHIVE_RETENTION_DAYS";

    public ArchiverSettings {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(retention, "retention");
    }

    /** @throws io.eventflow.config.ConfigurationException naming the variable that is missing or malformed */
    public static ArchiverSettings from(EventflowConfig config) {
        return new ArchiverSettings(config.require(EventflowConfig.ARCHIVE_TABLE),
                Duration.ofDays(config.nonNegativeInt(RETENTION_DAYS, 365)));
    }
}
