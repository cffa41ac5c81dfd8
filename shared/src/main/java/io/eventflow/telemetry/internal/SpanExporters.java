package io.eventflow.telemetry.internal;

import io.eventflow.aws.AwsClients;
import io.eventflow.config.ConfigurationException;
import io.eventflow.config.EventflowConfig;
import io.eventflow.telemetry.TracingSettings;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The exporter the settings describe:
 * <ul>
 *   <li>{@code otlp}: OTLP/HTTP protobuf to the traces endpoint with the configured headers and those of the headers
 *       secret; none without an endpoint;</li>
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
    public static Optional<SpanExporter> of(TracingSettings settings, Supplier<AwsClients> clients) {
        return switch (settings.exporter()) {
            case NONE -> Optional.empty();
            case OTLP -> settings.tracesEndpoint().map(endpoint -> otlp(endpoint, settings, clients));
            case XRAY -> Optional.of(xray(settings, clients));
        };
    }

    private static SpanExporter otlp(URI endpoint, TracingSettings settings, Supplier<AwsClients> clients) {
        Map<String, String> headers = new LinkedHashMap<>(settings.headers());
        settings.headersSecretArn().ifPresent(arn -> headers.putAll(HeaderSecret.read(arn, clients.get())));
        Map<String, String> fixed = Map.copyOf(headers);
        return new OtlpProtobufExporter(endpoint, body -> fixed, settings.flushTimeout());
    }

    private static SpanExporter xray(TracingSettings settings, Supplier<AwsClients> clients) {
        String region = settings.region().orElseThrow(() -> new ConfigurationException(
                TracingSettings.TRACES_EXPORTER + "=xray needs " + EventflowConfig.AWS_REGION + " (Lambda always sets it)"));
        URI endpoint = settings.tracesEndpoint().orElseGet(() -> SigV4SpanExporter.xrayEndpoint(region));
        return SigV4SpanExporter.create(endpoint, region, clients.get().credentials(), Clock.systemUTC(), settings.flushTimeout());
    }
}
