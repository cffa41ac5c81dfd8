package io.eventflow.consume;

import io.eventflow.config.EventflowConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How a consumer's batch processor runs its batches.
 *
 * @param timeMargin no record is started with less than this much of the invocation left ({@value #TIME_MARGIN_MILLIS},
 *     in milliseconds; default 3000)
 * @param batchTransactions whether transactional consumers commit a batch's records together ({@value #BATCH_TRANSACTIONS};
 *     default true)
 * @param recordParallelism how many records of a batch may run at once, for consumers whose handler allows it
 *     ({@value #RECORD_PARALLELISM}; default {@value #DEFAULT_RECORD_PARALLELISM}, the default batch size, so a batch of
 *     ten waits about as long as its slowest record); 1 runs them one after another
 * @param eventTimeWindow how far from now an event's time may be to be admitted ({@value #EVENT_MAX_AGE_DAYS} in days,
 *     default 730; {@value #EVENT_MAX_AHEAD_MINUTES} in minutes, default 1440: {@link EventTimeWindow#defaults()})
 */
public record ConsumerSettings(Duration timeMargin, boolean batchTransactions, int recordParallelism,
                               EventTimeWindow eventTimeWindow) {

    /** No record is started with less than this many milliseconds of the invocation left (default 3000). */
    public static final String TIME_MARGIN_MILLIS = "EVENTFLOW_TIME_MARGIN_MS";
    /** Whether transactional consumers commit a batch's records together (default true). */
    public static final String BATCH_TRANSACTIONS = "EVENTFLOW_BATCH_TRANSACTIONS";

    /** How many records of a batch may run at once, for handlers that allow it (default 10). */
    public static final String RECORD_PARALLELISM = "EVENTFLOW_RECORD_PARALLELISM";
    /** The parallelism when {@value #RECORD_PARALLELISM} is not set. */
    public static final int DEFAULT_RECORD_PARALLELISM = 10;
    /** How many days before now an event may have happened, replays aside (default 730). */
    public static final String EVENT_MAX_AGE_DAYS = "EVENTFLOW_EVENT_MAX_AGE_DAYS";
    /** How many minutes after now an event may claim to happen: the producers' clock skew (default 1440). */
    public static final String EVENT_MAX_AHEAD_MINUTES = "EVENTFLOW_EVENT_MAX_AHEAD_MINUTES";

    public ConsumerSettings {
        Objects.requireNonNull(timeMargin, "timeMargin");
        Objects.requireNonNull(eventTimeWindow, "eventTimeWindow");
        if (recordParallelism < 1) {
            throw new IllegalArgumentException("recordParallelism must be at least 1: " + recordParallelism);
        }
    }

    /** @throws io.eventflow.config.ConfigurationException naming the variable that is malformed */
    public static ConsumerSettings from(EventflowConfig config) {
        EventTimeWindow defaults = EventTimeWindow.defaults();
        EventTimeWindow window = new EventTimeWindow(
                Duration.ofDays(config.positiveInt(EVENT_MAX_AGE_DAYS, (int) defaults.maxAge().toDays())),
                Duration.ofMinutes(config.nonNegativeInt(EVENT_MAX_AHEAD_MINUTES, (int) defaults.maxAhead().toMinutes())));
        return new ConsumerSettings(Duration.ofMillis(config.positiveInt(TIME_MARGIN_MILLIS, 3000)),
                config.bool(BATCH_TRANSACTIONS, true), config.positiveInt(RECORD_PARALLELISM, DEFAULT_RECORD_PARALLELISM),
                window);
    }
}
