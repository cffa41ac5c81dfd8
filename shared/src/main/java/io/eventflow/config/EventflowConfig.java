package io.eventflow.config;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The environment variables eventflow reads (in Lambda, the function's {@code Environment}), and the variables every
 * function shares: its consumer name, the AWS and Lambda ones, the topic, the archive table, tracing and metrics.
 * Each feature reads its own variables into a small immutable value, once at init ({@code IdempotencySettings},
 * {@code Backoff.fromConfig}, {@code ConsumerSettings}, {@code ReplaySettings}; a function's own in its module).
 * Reading a required setting that is absent or malformed fails at once with the variable's name, so a misconfigured
 * function fails at init, not on its thousandth event.
 */
public final class EventflowConfig {

    /** Name of this consumer: prefixes its idempotency keys and labels its metrics. */
    public static final String CONSUMER = "EVENTFLOW_CONSUMER";
    /** SNS topic events are published to. */
    public static final String TOPIC_ARN = "EVENTFLOW_TOPIC_ARN";
    /** Archive table: every event's whole envelope, by id and by type and day (archiver function, replay). */
    public static final String ARCHIVE_TABLE = "EVENTFLOW_ARCHIVE_TABLE";
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

    /**
     * An optional {@code true} or {@code false}.
     *
     * @throws ConfigurationException naming the variable and the value when it is neither
     */
    public boolean bool(String name, boolean fallback) {
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

    /**
     * An optional whole number above zero.
     *
     * @throws ConfigurationException naming the variable and the value when it is not one
     */
    public int positiveInt(String name, int fallback) {
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

    /**
     * An optional whole number of zero or more.
     *
     * @throws ConfigurationException naming the variable and the value when it is not one
     */
    public int nonNegativeInt(String name, int fallback) {
        return optional(name).map(value -> {
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= 0) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new ConfigurationException(name + " must be a whole number of zero or more, got '" + value + "'");
        }).orElse(fallback);
    }
}
