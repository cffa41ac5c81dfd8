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
 */
public record ConsumerSettings(Duration timeMargin, boolean batchTransactions) {

    /** No record is started with less than this many milliseconds of the invocation left (default 3000). */
    public static final String TIME_MARGIN_MILLIS = "EVENTFLOW_TIME_MARGIN_MS";
    /** Whether transactional consumers commit a batch's records together (default true). */
    public static final String BATCH_TRANSACTIONS = "EVENTFLOW_BATCH_TRANSACTIONS";

    public ConsumerSettings {
        Objects.requireNonNull(timeMargin, "timeMargin");
    }

    /** @throws io.eventflow.config.ConfigurationException naming the variable that is malformed */
    public static ConsumerSettings from(EventflowConfig config) {
        return new ConsumerSettings(Duration.ofMillis(config.positiveInt(TIME_MARGIN_MILLIS, 3000)),
                config.bool(BATCH_TRANSACTIONS, true));
    }
}
