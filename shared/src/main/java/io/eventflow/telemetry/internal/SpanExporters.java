package io.eventflow.telemetry.internal;

import io.eventflow.aws.AwsClients;
import io.eventflow.config.ConfigurationException;
import io.eventflow.config.EventflowConfig;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The exporter the variables describe ({@code EVENTFLOW_TRACES_EXPORTER}):
 * <ul>
 *   <li>{@code otlp} (default): OTLP/HTTP protobuf to {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, or
 *       {@code OTEL_EXPORTER_OTLP_ENDPOINT} + {@code /v1/traces}, with {@code OTEL_EXPORTER_OTLP_HEADERS} and the
 *       headers of {@code EVENTFLOW_OTLP_HEADERS_SECRET_ARN}; none without an endpoint;</li>
 *   <li>{@code xray}: the same, signed with SigV4, to the region's X-Ray OTLP endpoint (or the traces endpoint when
 *       one is set);</li>
 *   <li>{@code none}.</li>
 * </ul>
 */
public final class SpanExporters {

    private SpanExporters() {}

    /**
     * The configured exporter, or empty when nothing is to be exported.
     *
     * @param clients the AWS clients, asked for only when a secret is to be read or exports signed
     */
    public static Optional<SpanExporter> fromConfig(EventflowConfig config, Supplier<AwsClients> clients) {
        String protocol = config.optional(EventflowConfig.OTEL_EXPORTER_OTLP_PROTOCOL).orElse("http/protobuf");
        if (!protocol.equals("http/protobuf")) {
            throw new ConfigurationException(EventflowConfig.OTEL_EXPORTER_OTLP_PROTOCOL + " must be http/protobuf, got '" + protocol + "'");
        }
        String kind = config.optional(EventflowConfig.TRACES_EXPORTER).orElse("otlp").toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "none" -> Optional.empty();
            case "otlp" -> tracesEndpoint(config).map(endpoint -> otlp(endpoint, config, clients));
            case "xray" -> Optional.of(xray(config, clients));
            default -> throw new ConfigurationException(EventflowConfig.TRACES_EXPORTER + " must be otlp, xray or none, got '" + kind + "'");
        };
    }

    private static SpanExporter otlp(String endpoint, EventflowConfig config, Supplier<AwsClients> clients) {
        URI uri;
        try {
            uri = URI.create(endpoint);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(endpoint);
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("the OTLP traces endpoint must be an http(s) URL, got '" + endpoint + "'");
        }
        Map<String, String> headers = new LinkedHashMap<>(KeyValueList.parse(EventflowConfig.OTEL_EXPORTER_OTLP_HEADERS,
                config.optional(EventflowConfig.OTEL_EXPORTER_OTLP_HEADERS).orElse(null)));
        headers.putAll(secretHeaders(config, clients));
        Map<String, String> fixed = Map.copyOf(headers);
        return new OtlpProtobufExporter(uri, body -> fixed, config.telemetryFlushTimeout());
    }

    private static SpanExporter xray(EventflowConfig config, Supplier<AwsClients> clients) {
        String region = config.region().orElseThrow(() -> new ConfigurationException(
                EventflowConfig.TRACES_EXPORTER + "=xray needs " + EventflowConfig.AWS_REGION + " (Lambda always sets it)"));
        URI endpoint;
        try {
            endpoint = tracesEndpoint(config).map(URI::create).orElseGet(() -> SigV4SpanExporter.xrayEndpoint(region));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("the OTLP traces endpoint must be an http(s) URL: " + e.getMessage());
        }
        return SigV4SpanExporter.create(endpoint, region, clients.get().credentials(), Clock.systemUTC(), config.telemetryFlushTimeout());
    }

    private static Map<String, String> secretHeaders(EventflowConfig config, Supplier<AwsClients> clients) {
        return config.optional(EventflowConfig.OTLP_HEADERS_SECRET_ARN)
                .map(arn -> HeaderSecret.read(arn, clients.get()))
                .orElse(Map.of());
    }

    private static Optional<String> tracesEndpoint(EventflowConfig config) {
        return config.optional(EventflowConfig.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
                .or(() -> config.optional(EventflowConfig.OTEL_EXPORTER_OTLP_ENDPOINT).map(base -> base.replaceAll("/+$", "") + "/v1/traces"));
    }
}
