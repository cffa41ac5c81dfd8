package io.eventflow.local.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spans exported by the OpenTelemetry SDK to the runner's receiver reach a real Zipkin server (one for the class:
 * it takes seconds to start) and come back from its API as one trace, parents, kinds and services intact.
 */
class ZipkinForwardingTest {

    private static LocalTracing tracing;

    @BeforeAll
    static void startZipkin() {
        tracing = LocalTracing.start(Path.of(System.getProperty("eventflow.root", "..")).toAbsolutePath().normalize());
    }

    @AfterAll
    static void stopZipkin() {
        tracing.close();
    }

    @Test
    void anExportedTraceIsInZipkinWithItsParentsKindsServicesLinksAndError() {
        EventflowShapedTrace.Exported exported = exportThroughTheReceiver("evt-" + UUID.randomUUID());

        List<JsonNode> spans = tracing.zipkin().trace(exported.traceId());

        assertThat(spans).hasSize(EventflowShapedTrace.SPANS);
        Map<String, JsonNode> byId = new HashMap<>();
        spans.forEach(span -> byId.put(span.path("id").asText(), span));
        JsonNode publish = byId.get(exported.publish().getSpanId());
        assertThat(publish.path("kind").asText()).isEqualTo("PRODUCER");
        assertThat(publish.path("name").asText()).isEqualTo("publish eventflow-events");
        assertThat(publish.path("localEndpoint").path("serviceName").asText()).isEqualTo("eventflow-publisher");
        assertThat(publish.has("parentId")).isFalse();
        assertThat(publish.path("tags").path("cloudevents.event_id").asText()).isEqualTo(exported.eventId());
        assertThat(publish.path("tags").path("telemetry.sdk.language").asText()).as("resource attributes as tags").isEqualTo("java");
        assertThat(publish.path("tags").path("otel.scope.name").asText()).isEqualTo("io.eventflow.test");
        assertThat(publish.path("duration").asLong()).isEqualTo(18_000);

        for (String consumer : EventflowShapedTrace.CONSUMERS) {
            String service = "eventflow-" + consumer;
            JsonNode invocation = single(spans, span -> span.path("localEndpoint").path("serviceName").asText().equals(service)
                    && span.path("kind").asText().equals("SERVER"));
            assertThat(invocation.path("parentId").asText()).as("%s: invoked in the publish span's trace", consumer)
                    .isEqualTo(exported.publish().getSpanId());
            JsonNode batch = single(spans, span -> span.path("parentId").asText().equals(invocation.path("id").asText()));
            JsonNode message = single(spans, span -> span.path("parentId").asText().equals(batch.path("id").asText()));
            for (JsonNode consumerSpan : List.of(batch, message)) {
                assertThat(consumerSpan.path("kind").asText()).isEqualTo("CONSUMER");
                assertThat(consumerSpan.path("name").asText()).isEqualTo("process " + service);
                assertThat(consumerSpan.path("localEndpoint").path("serviceName").asText()).isEqualTo(service);
                assertThat(consumerSpan.path("tags").path("otlp.link.0").asText()).as("the link to the producer, as the Collector writes it")
                        .startsWith(exported.traceId() + "|" + exported.publish().getSpanId() + "|");
            }
            assertThat(batch.path("tags").path("messaging.batch.message_count").asText()).isEqualTo("1");
            assertThat(message.path("tags").path("otlp.link.0").asText()).endsWith("|{\"messaging.operation.type\":\"send\"}|0");
            assertThat(message.path("tags").path("cloudevents.event_id").asText()).isEqualTo(exported.eventId());
            if (consumer.equals("notifier")) {
                assertThat(message.path("tags").path("error").asText()).isEqualTo("true");
                assertThat(message.path("tags").path("otel.status_code").asText()).isEqualTo("ERROR");
                assertThat(message.path("tags").path("otel.status_description").asText()).isEqualTo("Email address is not verified");
                assertThat(message.path("annotations").get(0).path("value").asText())
                        .startsWith("exception|{").contains("\"exception.message\":\"Email address is not verified\"").endsWith("}|0");
            } else {
                assertThat(message.path("tags").has("error")).isFalse();
                assertThat(message.has("annotations")).isFalse();
            }
        }
    }

    @Test
    void theTracesOfAnEventAreFoundByItsIdWithTheirSpansServicesAndZipkinLinks() {
        EventflowShapedTrace.Exported exported = exportThroughTheReceiver("evt-" + UUID.randomUUID());

        List<EventTrace> traces = tracing.eventTraces(List.of(exported.eventId(), "evt-never-published"));

        assertThat(traces).containsExactly(
                new EventTrace(exported.eventId(), exported.traceId(), EventflowShapedTrace.SPANS,
                        List.of("eventflow-analytics", "eventflow-archiver", "eventflow-notifier", "eventflow-publisher"),
                        tracing.zipkin().traceUrl(exported.traceId())),
                new EventTrace("evt-never-published", null, 0, List.of(), null));
        assertThat(tracing.zipkin().traceUrl(exported.traceId()).toString())
                .isEqualTo(tracing.zipkin().baseUrl() + "/zipkin/traces/" + exported.traceId());
    }

    private static EventflowShapedTrace.Exported exportThroughTheReceiver(String eventId) {
        try (OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(tracing.otlpEndpoint().resolve(OtlpReceiver.TRACES_PATH).toString()).build()) {
            return EventflowShapedTrace.export(exporter, eventId);
        }
    }

    private static JsonNode single(List<JsonNode> spans, java.util.function.Predicate<JsonNode> filter) {
        List<JsonNode> matching = spans.stream().filter(filter).toList();
        assertThat(matching).hasSize(1);
        return matching.getFirst();
    }
}
