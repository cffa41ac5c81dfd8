package io.eventflow.replay;

import io.eventflow.config.EventflowConfig;
import io.eventflow.idempotency.IdempotencySettings;
import java.util.Objects;

/**
 * The tables a replay reads and writes.
 *
 * @param archiveTable the archive it reads ({@code EVENTFLOW_ARCHIVE_TABLE}, required)
 * @param jobsTable the replay jobs ({@value #JOBS_TABLE}, required)
 * @param idempotencyTable the consumers' idempotency records, which recover mode reads
 *     ({@code EVENTFLOW_IDEMPOTENCY_TABLE}, required)
 */
public record ReplaySettings(String archiveTable, String jobsTable, String idempotencyTable) {

    /** DynamoDB table of replay jobs. */
    public static final String JOBS_TABLE = "EVENTFLOW_REPLAY_JOBS_TABLE";

    public ReplaySettings {
        Objects.requireNonNull(archiveTable, "archiveTable");
        Objects.requireNonNull(jobsTable, "jobsTable");
        Objects.requireNonNull(idempotencyTable, "idempotencyTable");
    }

    /** @throws io.eventflow.config.ConfigurationException naming the variable that is missing */
    public static ReplaySettings from(EventflowConfig config) {
        return new ReplaySettings(config.require(EventflowConfig.ARCHIVE_TABLE), config.require(JOBS_TABLE),
                config.require(IdempotencySettings.TABLE));
    }
}
