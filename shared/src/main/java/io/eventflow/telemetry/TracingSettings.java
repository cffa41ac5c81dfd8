package io.eventflow.telemetry;

import io.eventflow.config.ConfigurationException;
import io.eventflow.config.EventflowConfig;
import io.eventflow.telemetry.internal.KeyValueList;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a function traces: one immutable value, read once at init from the standard OpenTelemetry variables and
 * eventflow's own ({@link #fromVariables}), or built ({@link #builder()}). Every setting has a default, so
 * {@code fromVariables(Map.of())} is valid: tracing on, but with no endpoint, so nothing is exported and
 * {@link Telemetry} is a no-op. A malformed value fails with a {@link ConfigurationException} naming the variable
 * (never echoing a header value, which may be an API key).
 *
 * <table>
 *   <caption>Variables and defaults</caption>
 *   <tr><th>variable</th><th>default</th><th>setting</th></tr>
 *   <tr><td>{@value #OTEL_SDK_DISABLED}</td><td>false</td><td>{@code true}: no tracing at all</td></tr>
 *   <tr><td>{@value #TRACES_EXPORTER}</td><td>{@code otlp}</td><td>{@code otlp}, {@code xray} (SigV4-signed OTLP to
 *       AWS X-Ray) or {@code none}</td></tr>
 *   <tr><td>{@value #OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, else {@value #OTEL_EXPORTER_OTLP_ENDPOINT} +
 *       {@code /v1/traces}</td><td>none: nothing exported (X-Ray: the region's endpoint)</td><td>the traces URL</td></tr>
 *   <tr><td>{@value #OTEL_EXPORTER_OTLP_HEADERS}</td><td>none</td><td>export headers, {@code k=v,k2=v2}, values
 *       percent-decoded</td></tr>
 *   <tr><td>{@value #OTLP_HEADERS_SECRET_ARN}</td><td>none</td><td>SSM SecureString or Secrets Manager secret with
 *       more export headers, read once at init</td></tr>
 *   <tr><td>{@value #OTEL_EXPORTER_OTLP_PROTOCOL}</td><td>{@code http/protobuf}</td><td>the only one supported</td></tr>
 *   <tr><td>{@value #OTEL_SERVICE_NAME}</td><td>{@code service.name} of the resource attributes, else the function's
 *       name, else the consumer's, else {@code eventflow}</td><td>the service name</td></tr>
 *   <tr><td>{@value #OTEL_RESOURCE_ATTRIBUTES}</td><td>none</td><td>more resource attributes</td></tr>
 *   <tr><td>{@value #OTEL_TRACES_SAMPLER}, {@value #OTEL_TRACES_SAMPLER_ARG}</td><td>{@code parentbased_always_on},
 *       1.0</td><td>the sampler and its ratio</td></tr>
 *   <tr><td>{@value #OTEL_PROPAGATORS}</td><td>{@code tracecontext,baggage}</td><td>from {@code tracecontext},
 *       {@code baggage}, {@code xray}, {@code none}</td></tr>
 *   <tr><td>{@value #FLUSH_TIMEOUT_MILLIS}</td><td>2000</td><td>the deadline of the export before a handler returns,
 *       in milliseconds</td></tr>
 * </table>
 * The resource also takes {@code AWS_REGION} and the {@code AWS_LAMBDA_*} variables Lambda sets.
 */
public final class TracingSettings {

    // The variables' names; what each one sets, and its default, is in the table above.
    public static final String OTEL_SDK_DISABLED = "OTEL_SDK_DISABLED";
    public static final String OTEL_EXPORTER_OTLP_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public static final String OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    public static final String OTEL_EXPORTER_OTLP_HEADERS = "OTEL_EXPORTER_OTLP_HEADERS";
    public static final String OTEL_EXPORTER_OTLP_PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public static final String OTEL_SERVICE_NAME = "OTEL_SERVICE_NAME";
    public static final String OTEL_RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES";
    public static final String OTEL_TRACES_SAMPLER = "OTEL_TRACES_SAMPLER";
    public static final String OTEL_TRACES_SAMPLER_ARG = "OTEL_TRACES_SAMPLER_ARG";
    public static final String OTEL_PROPAGATORS = "OTEL_PROPAGATORS";
    public static final String TRACES_EXPORTER = "EVENTFLOW_TRACES_EXPORTER";
    public static final String OTLP_HEADERS_SECRET_ARN = "EVENTFLOW_OTLP_HEADERS_SECRET_ARN";
    public static final String FLUSH_TIMEOUT_MILLIS = "EVENTFLOW_TELEMETRY_FLUSH_TIMEOUT_MS";

    private static final Set<String> SAMPLERS = Set.of("always_on", "always_off", "traceidratio", "parentbased_always_on",
            "parentbased_always_off", "parentbased_traceidratio");
    private static final Set<String> PROPAGATORS = Set.of("tracecontext", "baggage", "xray", "none");

    /** Where spans go. */
    public enum Exporter { OTLP, XRAY, NONE }

    private final boolean enabled;
    private final Exporter exporter;
    private final URI tracesEndpoint;
    private final Map<String, String> headers;
    private final String headersSecretArn;
    private final String serviceName;
    private final Map<String, String> resourceAttributes;
    private final String sampler;
    private final double samplerRatio;
    private final List<String> propagators;
    private final Duration flushTimeout;
    private final Map<String, String> lambdaVariables;

    private TracingSettings(Builder builder) {
        this.enabled = builder.enabled;
        this.exporter = builder.exporter;
        this.tracesEndpoint = builder.tracesEndpoint;
        this.headers = Map.copyOf(builder.headers);
        this.headersSecretArn = builder.headersSecretArn;
        this.resourceAttributes = Map.copyOf(builder.resourceAttributes);
        this.serviceName = builder.serviceName != null ? builder.serviceName
                : resourceAttributes.getOrDefault("service.name", "eventflow");
        this.sampler = builder.sampler;
        this.samplerRatio = builder.samplerRatio;
        this.propagators = List.copyOf(builder.propagators);
        this.flushTimeout = builder.flushTimeout;
        this.lambdaVariables = Map.copyOf(builder.lambdaVariables);
    }

    /** The settings these variables describe (a process's environment, or a test's). */
    public static TracingSettings fromVariables(Map<String, String> variables) {
        Variables config = new Variables(Map.copyOf(variables));
        String protocol = config.optional(OTEL_EXPORTER_OTLP_PROTOCOL).orElse("http/protobuf");
        if (!protocol.equals("http/protobuf")) {
            throw new ConfigurationException(OTEL_EXPORTER_OTLP_PROTOCOL + " must be http/protobuf, got '" + protocol + "'");
        }
        Builder builder = builder()
                .enabled(!config.optional(OTEL_SDK_DISABLED).map(value -> value.equalsIgnoreCase("true")).orElse(false))
                .exporter(config.optional(TRACES_EXPORTER).map(TracingSettings::exporter).orElse(Exporter.OTLP))
                .headers(KeyValueList.parse(OTEL_EXPORTER_OTLP_HEADERS, config.optional(OTEL_EXPORTER_OTLP_HEADERS).orElse(null)))
                .resourceAttributes(KeyValueList.parse(OTEL_RESOURCE_ATTRIBUTES, config.optional(OTEL_RESOURCE_ATTRIBUTES).orElse(null)))
                .sampler(config.optional(OTEL_TRACES_SAMPLER).orElse("parentbased_always_on"),
                        config.optional(OTEL_TRACES_SAMPLER_ARG).map(TracingSettings::ratio).orElse(1.0))
                .propagators(config.optional(OTEL_PROPAGATORS).map(names -> Arrays.stream(names.split(","))
                        .map(String::strip).filter(name -> !name.isEmpty()).toList()).orElse(List.of("tracecontext", "baggage")))
                .flushTimeout(Duration.ofMillis(config.optional(FLUSH_TIMEOUT_MILLIS).map(TracingSettings::millis).orElse(2000L)));
        config.optional(OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
                .or(() -> config.optional(OTEL_EXPORTER_OTLP_ENDPOINT).map(base -> base.replaceAll("/+$", "") + "/v1/traces"))
                .map(TracingSettings::endpoint)
                .ifPresent(builder::tracesEndpoint);
        config.optional(OTLP_HEADERS_SECRET_ARN).ifPresent(builder::headersSecretArn);
        config.optional(OTEL_SERVICE_NAME)
                .or(() -> Optional.ofNullable(builder.resourceAttributes.get("service.name")))
                .or(() -> config.optional(EventflowConfig.AWS_LAMBDA_FUNCTION_NAME))
                .or(() -> config.optional(EventflowConfig.CONSUMER))
                .ifPresent(builder::serviceName);
        for (String name : List.of(EventflowConfig.AWS_REGION, EventflowConfig.AWS_LAMBDA_FUNCTION_NAME,
                EventflowConfig.AWS_LAMBDA_FUNCTION_VERSION, EventflowConfig.AWS_LAMBDA_LOG_STREAM_NAME,
                EventflowConfig.AWS_LAMBDA_FUNCTION_MEMORY_SIZE)) {
            config.optional(name).ifPresent(value -> builder.lambdaVariables(Map.of(name, value)));
        }
        return builder.build();
    }

    /** The settings of this process's environment. */
    public static TracingSettings fromEnvironment() {
        return fromVariables(System.getenv());
    }

    /** Settings built in code, every one at its default until set. */
    public static Builder builder() {
        return new Builder();
    }

    /** False with {@code OTEL_SDK_DISABLED=true}: no spans, no export, no propagation. */
    public boolean enabled() {
        return enabled;
    }

    /** Where spans go (default {@code OTLP}). */
    public Exporter exporter() {
        return exporter;
    }

    /** The full OTLP traces URL; empty: none configured. */
    public Optional<URI> tracesEndpoint() {
        return Optional.ofNullable(tracesEndpoint);
    }

    /** The export headers given directly (the secret's are read when the SDK is built). */
    public Map<String, String> headers() {
        return headers;
    }

    /** The ARN of the SSM parameter or Secrets Manager secret holding more export headers; empty: none. */
    public Optional<String> headersSecretArn() {
        return Optional.ofNullable(headersSecretArn);
    }

    /** The resource's {@code service.name}. */
    public String serviceName() {
        return serviceName;
    }

    /** The resource attributes given ({@code OTEL_RESOURCE_ATTRIBUTES}), over those derived from Lambda's variables. */
    public Map<String, String> resourceAttributes() {
        return resourceAttributes;
    }

    /** The sampler's name, lower case (one of OpenTelemetry's: {@code always_on}, {@code parentbased_traceidratio}, ...). */
    public String sampler() {
        return sampler;
    }

    /** The ratio of the {@code traceidratio} samplers. */
    public double samplerRatio() {
        return samplerRatio;
    }

    /** The propagators' names, in order, lower case. */
    public List<String> propagators() {
        return propagators;
    }

    /** The one deadline of the export a handler waits for before it returns. */
    public Duration flushTimeout() {
        return flushTimeout;
    }

    /** {@code AWS_REGION}, where Lambda runs the function. */
    public Optional<String> region() {
        return lambdaVariable(EventflowConfig.AWS_REGION);
    }

    /** One of the variables Lambda sets ({@code AWS_REGION}, {@code AWS_LAMBDA_*}), for the resource. */
    public Optional<String> lambdaVariable(String name) {
        return Optional.ofNullable(lambdaVariables.get(name));
    }

    private static Exporter exporter(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "otlp" -> Exporter.OTLP;
            case "xray" -> Exporter.XRAY;
            case "none" -> Exporter.NONE;
            default -> throw new ConfigurationException(TRACES_EXPORTER + " must be otlp, xray or none, got '" + value + "'");
        };
    }

    private static URI endpoint(String value) {
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ConfigurationException("the OTLP traces endpoint must be an http(s) URL, got '" + value + "'");
    }

    private static double ratio(String value) {
        try {
            double ratio = Double.parseDouble(value);
            if (ratio >= 0 && ratio <= 1) {
                return ratio;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(OTEL_TRACES_SAMPLER_ARG + " must be a ratio from 0 to 1, got '" + value + "'");
    }

    private static long millis(String value) {
        try {
            long millis = Long.parseLong(value);
            if (millis > 0) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(FLUSH_TIMEOUT_MILLIS + " must be a positive whole number, got '" + value + "'");
    }

    /** The variables' values, blank ones as unset. */
    private record Variables(Map<String, String> values) {
        Optional<String> optional(String name) {
            return Optional.ofNullable(values.get(name)).map(String::strip).filter(value -> !value.isEmpty());
        }
    }

    /** Builder for {@link TracingSettings}; every setting starts at its default. */
    public static final class Builder {
        private boolean enabled = true;
        private Exporter exporter = Exporter.OTLP;
        private URI tracesEndpoint;
        private Map<String, String> headers = Map.of();
        private String headersSecretArn;
        private String serviceName;
        private Map<String, String> resourceAttributes = Map.of();
        private String sampler = "parentbased_always_on";
        private double samplerRatio = 1.0;
        private List<String> propagators = List.of("tracecontext", "baggage");
        private Duration flushTimeout = Duration.ofSeconds(2);
        private final Map<String, String> lambdaVariables = new HashMap<>();

        private Builder() {}

        /** False: no tracing at all (default true). */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** Where spans go (default {@code OTLP}). */
        public Builder exporter(Exporter exporter) {
            this.exporter = Objects.requireNonNull(exporter);
            return this;
        }

        /** The full OTLP traces URL ({@code .../v1/traces}). */
        public Builder tracesEndpoint(URI tracesEndpoint) {
            this.tracesEndpoint = tracesEndpoint;
            return this;
        }

        /** Headers of every export (default none). */
        public Builder headers(Map<String, String> headers) {
            this.headers = Objects.requireNonNull(headers);
            return this;
        }

        /** A secret holding more export headers, read when the SDK is built (default none). */
        public Builder headersSecretArn(String headersSecretArn) {
            this.headersSecretArn = headersSecretArn;
            return this;
        }

        /** The service name (default: {@code service.name} of the resource attributes, else {@code eventflow}). */
        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /** More resource attributes (default none). */
        public Builder resourceAttributes(Map<String, String> resourceAttributes) {
            this.resourceAttributes = Objects.requireNonNull(resourceAttributes);
            return this;
        }

        /** One of OpenTelemetry's samplers by name, and the ratio the {@code traceidratio} ones use. */
        public Builder sampler(String sampler, double ratio) {
            String name = sampler.toLowerCase(Locale.ROOT);
            if (!SAMPLERS.contains(name)) {
                throw new ConfigurationException(OTEL_TRACES_SAMPLER + " names an unknown sampler '" + sampler
                        + "'; use always_on, always_off, traceidratio or their parentbased_ forms");
            }
            this.sampler = name;
            this.samplerRatio = ratio;
            return this;
        }

        /** The propagators by name, in order: {@code tracecontext}, {@code baggage}, {@code xray}, {@code none}. */
        public Builder propagators(List<String> propagators) {
            List<String> names = propagators.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
            names.stream().filter(name -> !PROPAGATORS.contains(name)).findFirst().ifPresent(unknown -> {
                throw new ConfigurationException(OTEL_PROPAGATORS + " names an unknown propagator '" + unknown
                        + "'; use tracecontext, baggage, xray or none");
            });
            this.propagators = names;
            return this;
        }

        /** Variables Lambda sets ({@code AWS_REGION}, {@code AWS_LAMBDA_FUNCTION_NAME}, ...), for the resource and X-Ray's region. */
        public Builder lambdaVariables(Map<String, String> variables) {
            lambdaVariables.putAll(variables);
            return this;
        }

        /** The one deadline of the export before a handler returns (default 2 s). */
        public Builder flushTimeout(Duration flushTimeout) {
            if (flushTimeout.isNegative() || flushTimeout.isZero()) {
                throw new ConfigurationException(FLUSH_TIMEOUT_MILLIS + " must be positive, got " + flushTimeout);
            }
            this.flushTimeout = flushTimeout;
            return this;
        }

        public TracingSettings build() {
            return new TracingSettings(this);
        }
    }
}
