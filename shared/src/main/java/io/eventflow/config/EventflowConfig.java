package io.eventflow.config;

import java.net.URI;
import java.time.Duration;
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

    /** OpenTelemetry: {@code true} turns tracing off entirely. */
    public static final String OTEL_SDK_DISABLED = "OTEL_SDK_DISABLED";
    /** OpenTelemetry: base OTLP/HTTP endpoint; traces go to {@code <it>/v1/traces}. Unset: no tracing. */
    public static final String OTEL_EXPORTER_OTLP_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    /** OpenTelemetry: the full OTLP/HTTP traces URL, over {@link #OTEL_EXPORTER_OTLP_ENDPOINT}. */
    public static final String OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    /** OpenTelemetry: headers of every export, {@code key=value,key2=value2} (values URL-encoded). */
    public static final String OTEL_EXPORTER_OTLP_HEADERS = "OTEL_EXPORTER_OTLP_HEADERS";
    /** OpenTelemetry: only {@code http/protobuf} is supported. */
    public static final String OTEL_EXPORTER_OTLP_PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
    /** OpenTelemetry: the {@code service.name} resource attribute (default: the function's name). */
    public static final String OTEL_SERVICE_NAME = "OTEL_SERVICE_NAME";
    /** OpenTelemetry: extra resource attributes, {@code key=value,key2=value2}. */
    public static final String OTEL_RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES";
    /** OpenTelemetry: the sampler (default {@code parentbased_always_on}). */
    public static final String OTEL_TRACES_SAMPLER = "OTEL_TRACES_SAMPLER";
    /** OpenTelemetry: the sampler's argument (the ratio of the {@code traceidratio} samplers). */
    public static final String OTEL_TRACES_SAMPLER_ARG = "OTEL_TRACES_SAMPLER_ARG";
    /** OpenTelemetry: propagators, from {@code tracecontext}, {@code baggage}, {@code xray}, {@code none} (default {@code tracecontext,baggage}). */
    public static final String OTEL_PROPAGATORS = "OTEL_PROPAGATORS";
    /**
     * Where spans go: {@code otlp} (default: to the OTLP endpoint, if one is set), {@code xray} (SigV4-signed OTLP to
     * AWS X-Ray, the region's endpoint unless an OTLP traces endpoint is set) or {@code none}.
     */
    public static final String TRACES_EXPORTER = "EVENTFLOW_TRACES_EXPORTER";
    /** ARN of an SSM SecureString parameter or Secrets Manager secret holding the OTLP headers, read once at init. */
    public static final String OTLP_HEADERS_SECRET_ARN = "EVENTFLOW_OTLP_HEADERS_SECRET_ARN";
    /** CloudWatch namespace of the per-invocation Embedded Metric Format lines (default eventflow). */
    public static final String METRICS_NAMESPACE = "EVENTFLOW_METRICS_NAMESPACE";
    /** Longest wait for the spans' export before a handler returns, in milliseconds (default 2000). */
    public static final String TELEMETRY_FLUSH_TIMEOUT_MILLIS = "EVENTFLOW_TELEMETRY_FLUSH_TIMEOUT_MS";

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

    /** How long a handler waits at most for its spans' export before it returns. */
    public Duration telemetryFlushTimeout() {
        return Duration.ofMillis(positiveInt(TELEMETRY_FLUSH_TIMEOUT_MILLIS, 2000));
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
