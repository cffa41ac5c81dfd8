package io.eventflow.local.traces;

import io.eventflow.telemetry.Telemetry;
import io.eventflow.telemetry.TracingSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Trace browsing for a local run ({@code --traces}): a Zipkin server, and an OTLP receiver that keeps every span it
 * is sent and forwards it to Zipkin. The functions export to the receiver through the standard OpenTelemetry
 * variables of {@link #exporterEnvironment()}.
 */
public final class LocalTracing implements AutoCloseable {

    /** Standard OpenTelemetry SDK variable: where OTLP exporters send (the signal path is appended). */
    public static final String OTLP_ENDPOINT_VARIABLE = "OTEL_EXPORTER_OTLP_ENDPOINT";
    /** Standard OpenTelemetry SDK variable: the OTLP transport. */
    public static final String OTLP_PROTOCOL_VARIABLE = "OTEL_EXPORTER_OTLP_PROTOCOL";
    /** The service name of the local commands' own publishes in traces. */
    public static final String PUBLISHER_SERVICE = "eventflow-publisher";

    private final HttpClient http;
    private final ZipkinServer zipkin;
    private final ReceivedSpans spans = new ReceivedSpans();
    private final OtlpReceiver receiver;

    private LocalTracing(Path zipkinJar) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.zipkin = ZipkinServer.builder().jar(zipkinJar).httpClient(http).start();
        try {
            this.receiver = OtlpReceiver.builder().sink(spans).sink(new ZipkinForwarder(zipkin.baseUrl(), http)).start();
        } catch (RuntimeException e) {
            zipkin.close();
            throw e;
        }
    }

    /** Starts Zipkin from the project's build ({@value ZipkinServer#JAR}) and the receiver in front of it. */
    public static LocalTracing start(Path projectRoot) {
        return new LocalTracing(projectRoot.resolve(ZipkinServer.JAR));
    }

    /** The OTLP/HTTP endpoint exporters are to send to. */
    public URI otlpEndpoint() {
        return receiver.endpoint();
    }

    /** What an OpenTelemetry SDK needs in its environment to export here: the endpoint, and OTLP/HTTP protobuf. */
    public Map<String, String> exporterEnvironment() {
        return Map.of(OTLP_ENDPOINT_VARIABLE, otlpEndpoint().toString(), OTLP_PROTOCOL_VARIABLE, "http/protobuf");
    }

    /**
     * The tracing of the local commands' own publishes (the demo's, {@code publish}'s), as service
     * {@value #PUBLISHER_SERVICE}, exporting to an OTLP endpoint (this receiver's, or the one a session recorded).
     */
    public static Telemetry publisherTelemetry(URI otlpEndpoint) {
        return Telemetry.builder().settings(TracingSettings.fromVariables(Map.of(
                TracingSettings.OTEL_EXPORTER_OTLP_ENDPOINT, otlpEndpoint.toString(),
                TracingSettings.OTEL_SERVICE_NAME, PUBLISHER_SERVICE))).build();
    }

    public ZipkinServer zipkin() {
        return zipkin;
    }

    /** The traces of these events, checked against Zipkin (see {@link EventTraces#of}). */
    public List<EventTrace> eventTraces(List<String> eventIds) {
        return EventTraces.of(eventIds, spans, zipkin);
    }

    /** What {@code up --traces} prints. */
    public String summary() {
        return String.format("  %-11s %s%n  %-11s %s (%s=%s)%n", "zipkin", zipkin.uiUrl(), "otlp", receiver.tracesEndpoint(),
                OTLP_ENDPOINT_VARIABLE, otlpEndpoint());
    }

    @Override
    public void close() {
        try {
            receiver.close();
        } finally {
            zipkin.close();
            http.close();
        }
    }
}
