package io.eventflow.idempotency;

import io.eventflow.config.EventflowConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a consumer keeps its idempotency records and for how long.
 *
 * @param table the DynamoDB table ({@value #TABLE}, required)
 * @param recordTtl how long a record is kept before the table's TTL deletes it ({@value #TTL_DAYS}, in days;
 *     default 7)
 */
public record IdempotencySettings(String table, Duration recordTtl) {

    /** DynamoDB table of idempotency records. */
    public static final String TABLE = "EVENTFLOW_IDEMPOTENCY_TABLE";
    /** How long an idempotency record is kept, in days (default 7). */
    public static final String TTL_DAYS = "EVENTFLOW_IDEMPOTENCY_TTL_DAYS";

    public IdempotencySettings {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(recordTtl, "recordTtl");
    }

    /** @throws io.eventflow.config.ConfigurationException naming the variable that is missing or malformed */
    public static IdempotencySettings from(EventflowConfig config) {
        return new IdempotencySettings(config.require(TABLE), Duration.ofDays(config.positiveInt(TTL_DAYS, 7)));
    }
}
