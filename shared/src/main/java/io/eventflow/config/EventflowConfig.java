package io.eventflow.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting eventflow reads, named in one place and read from environment variables (in Lambda, the function's
 * {@code Environment}). Reading a required setting that is absent or malformed fails at once with the variable's name,
 * so a misconfigured function fails at init, not on its thousandth event.
 */
public final class EventflowConfig {

    /** Name of this consumer: prefixes its idempotency keys and labels its metrics. */
    public static final String CONSUMER = "EVENTFLOW_CONSUMER";
    /** DynamoDB table of idempotency records. */
    public static final String IDEMPOTENCY_TABLE = "EVENTFLOW_IDEMPOTENCY_TABLE";
    /** How long an idempotency record is kept, in days (default 7). */
    public static final String IDEMPOTENCY_TTL_DAYS = "EVENTFLOW_IDEMPOTENCY_TTL_DAYS";
    /** Base of the retry backoff, in seconds (default 2). */
    public static final String BACKOFF_BASE_SECONDS = "EVENTFLOW_BACKOFF_BASE_SECONDS";
    /** Longest retry backoff, in seconds (default 900; SQS allows at most 43200). */
    public static final String BACKOFF_CAP_SECONDS = "EVENTFLOW_BACKOFF_CAP_SECONDS";
    /** No record is started with less than this many milliseconds of the invocation left (default 3000). */
    public static final String TIME_MARGIN_MILLIS = "EVENTFLOW_TIME_MARGIN_MS";
    /** Whether transactional consumers commit a batch's records together (default true). */
    public static final String BATCH_TRANSACTIONS = "EVENTFLOW_BATCH_TRANSACTIONS";
    /** DynamoDB table of replay jobs. */
    public static final String REPLAY_JOBS_TABLE = "EVENTFLOW_REPLAY_JOBS_TABLE";
    /** SQS queue of replay work for the replayer function (where it sends its own continuations). */
    public static final String REPLAY_JOBS_QUEUE_URL = "EVENTFLOW_REPLAY_JOBS_QUEUE_URL";
    /** Whether the notifier emails again for events a reprocess replay delivers (default false). */
    public static final String EMAIL_ON_REPROCESS = "EVENTFLOW_EMAIL_ON_REPROCESS";
    /** SNS topic events are published to. */
    public static final String TOPIC_ARN = "EVENTFLOW_TOPIC_ARN";
    /** Analytics counters table (analytics function). */
    public static final String ANALYTICS_TABLE = "EVENTFLOW_ANALYTICS_TABLE";
    /** Event store and account projections (ledger function). */
    public static final String LEDGER_TABLE = "EVENTFLOW_LEDGER_TABLE";
    /** The ledger snapshots an account's balance every this many booked events (default 100). */
    public static final String LEDGER_SNAPSHOT_INTERVAL = "EVENTFLOW_LEDGER_SNAPSHOT_INTERVAL";
    /** Archive table: every event's whole envelope, by id and by type and day (archiver function, replay). */
    public static final String ARCHIVE_TABLE = "EVENTFLOW_ARCHIVE_TABLE";
    /** How long archived events are kept, in days after the event's time (default 365; 0 keeps them forever). */
    public static final String ARCHIVE_RETENTION_DAYS = "EVENTFLOW_ARCHIVE_RETENTION_DAYS";
    /** Verified SES sender address (notifier function). */
    public static final String SENDER_EMAIL = "EVENTFLOW_SENDER_EMAIL";
    /** Standard AWS SDK variable: one endpoint for every AWS service (an emulator, locally). */
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
    /** Standard AWS variable: the region (always set inside Lambda). */
    public static final String AWS_REGION = "AWS_REGION";
    /** Set by Lambda: the function's name (the default service name of its traces). */
    public static final String AWS_LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    /** Set by Lambda: the version being run ({@code $LATEST} or a number). */
    public static final String AWS_LAMBDA_FUNCTION_VERSION = "AWS_LAMBDA_FUNCTION_VERSION";
    /** Set by Lambda: the function's memory in MB. */
    public static final String AWS_LAMBDA_FUNCTION_MEMORY_SIZE = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
    /** Set by Lambda: the execution environment's log stream (its instance id in traces). */
    public static final String AWS_LAMBDA_LOG_STREAM_NAME = "AWS_LAMBDA_LOG_STREAM_NAME";

    // The tracing variables (OTEL_*, EVENTFLOW_TRACES_EXPORTER, ...) are named in io.eventflow.telemetry.TracingSettings.
    /** CloudWatch namespace of the per-invocation Embedded Metric Format lines (default eventflow). */
    public static final String METRICS_NAMESPACE = "EVENTFLOW_METRICS_NAMESPACE";

    private final Map<String, String> variables;

    private EventflowConfig(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** Settings from the given variables (copied). */
    public static EventflowConfig from(Map<String, String> variables) {
        return new EventflowConfig(variables);
    }

    /** Settings from this process's environment. */
    public static EventflowConfig fromEnvironment() {
        return from(System.getenv());
    }

    /** The value of a required variable. */
    public String require(String name) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException("Environment variable " + name + " is required but not set. "
                    + "Set it in the function's Environment in template.yaml (or in the local runner's environment).");
        }
        return value.strip();
    }

    /** Every variable, for settings read elsewhere (tracing: {@code TracingSettings.fromVariables}). */
    public Map<String, String> variables() {
        return variables;
    }

    /** The value of an optional variable. */
    public Optional<String> optional(String name) {
        return Optional.ofNullable(variables.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    public String consumer() {
        return require(CONSUMER);
    }

    public String idempotencyTable() {
        return require(IDEMPOTENCY_TABLE);
    }

    public Duration idempotencyTtl() {
        return Duration.ofDays(positiveInt(IDEMPOTENCY_TTL_DAYS, 7));
    }

    /** Booked events of an account between two ledger snapshots. */
    public int ledgerSnapshotInterval() {
        return positiveInt(LEDGER_SNAPSHOT_INTERVAL, 100);
    }

    /** How long archived events are kept; {@link Duration#ZERO} means forever. */
    public Duration archiveRetention() {
        return Duration.ofDays(optional(ARCHIVE_RETENTION_DAYS).map(value -> {
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= 0) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new ConfigurationException(ARCHIVE_RETENTION_DAYS + " must be a whole number of days, 0 for forever, got '" + value + "'");
        }).orElse(365));
    }

    public Duration backoffBase() {
        return Duration.ofSeconds(positiveInt(BACKOFF_BASE_SECONDS, 2));
    }

    public Duration backoffCap() {
        return Duration.ofSeconds(positiveInt(BACKOFF_CAP_SECONDS, 900));
    }

    public Duration timeMargin() {
        return Duration.ofMillis(positiveInt(TIME_MARGIN_MILLIS, 3000));
    }

    public boolean batchTransactions() {
        return bool(BATCH_TRANSACTIONS, true);
    }

    public boolean emailOnReprocess() {
        return bool(EMAIL_ON_REPROCESS, false);
    }

    private boolean bool(String name, boolean fallback) {
        return optional(name).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException(name + " must be true or false, got '" + value + "'");
        }).orElse(fallback);
    }

    public Optional<URI> endpointOverride() {
        return optional(AWS_ENDPOINT_URL).map(value -> {
            try {
                URI uri = URI.create(value);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw new ConfigurationException(AWS_ENDPOINT_URL + " must be an http(s) URL with a host, e.g. "
                    + "http://127.0.0.1:4566; got '" + value + "'");
        });
    }

    public Optional<String> region() {
        return optional(AWS_REGION);
    }

    public String metricsNamespace() {
        return optional(METRICS_NAMESPACE).orElse("eventflow");
    }

    private int positiveInt(String name, int fallback) {
        return optional(name).map(value -> {
            try {
                int parsed = Integer.parseInt(value);
                if (parsed > 0) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new ConfigurationException(name + " must be a positive whole number, got '" + value + "'");
        }).orElse(fallback);
    }
}
