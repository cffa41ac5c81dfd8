package io.eventflow.consume;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventflow.consume.internal.EmbeddedMetrics;
import io.eventflow.event.Event;
import io.eventflow.telemetry.Telemetry;
import io.eventflow.testing.ExampleEvents;
import io.eventflow.testing.TestAws;
import io.eventflow.testing.TestQueue;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** What a batch leaves for operators besides its effects: one metrics line per invocation, logs naming the record, a span per record. */
class SqsBatchProcessorObservabilityTest extends ProcessorTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-02-11T15:30:00Z");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final EmbeddedMetrics metrics = EmbeddedMetrics.to(new PrintStream(out, true, StandardCharsets.UTF_8), "eventflow-test",
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void eachInvocationWritesOneEmbeddedMetricLineWithItsCountsPerConsumer() throws Exception {
        TestQueue queue = TestQueue.create(sqs, 5);
        List<Event> events = List.of(fresh("order.shipped"), fresh("user.signed_up"), fresh("order.shipped"));
        events.forEach(queue::send);
        Event failing = events.get(2);
        SqsBatchProcessor processor = builder().backoff(IMMEDIATE).listener(metrics).handler(delivery -> {
            if (delivery.event().id().equals(failing.id())) {
                throw new IllegalStateException("downstream unavailable");
            }
        }).build();

        SQSEvent first = queue.receive(3);
        processor.process(first, context);
        queue.makeVisible(first);
        processor.process(queue.receive(3), context);

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode metricsLine = lines.getFirst();
        JsonNode directive = metricsLine.get("_aws");
        assertThat(directive.get("Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        JsonNode definition = directive.get("CloudWatchMetrics").get(0);
        assertThat(definition.get("Namespace").asText()).isEqualTo("eventflow-test");
        assertThat(definition.get("Dimensions").toString()).isEqualTo("[[\"consumer\"]]");
        assertThat(definition.get("Metrics").findValuesAsText("Name"))
                .containsExactlyInAnyOrder("processed", "duplicates", "retried", "dead_lettered", "not_started");
        assertThat(definition.get("Metrics").findValuesAsText("Unit")).containsOnly("Count");
        assertThat(counts(lines.get(0))).isEqualTo(Map.of("processed", 2, "duplicates", 0, "retried", 1, "dead_lettered", 0, "not_started", 0));
        assertThat(counts(lines.get(1))).isEqualTo(Map.of("processed", 0, "duplicates", 2, "retried", 1, "dead_lettered", 0, "not_started", 0));
        assertThat(lines).allSatisfy(line -> assertThat(line.get("consumer").asText()).isEqualTo(consumer));
    }

    @Test
    void whileARecordIsHandledTheLoggingContextNamesItsConsumerMessageAndEvent() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event event = fresh("order.shipped");
        queue.send(event);
        List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
        SqsBatchProcessor processor = processor(handled -> seen.add(MDC.getCopyOfContextMap()));

        SQSEvent batch = queue.receive(1);
        processor.process(batch, context);

        assertThat(seen).singleElement().isEqualTo(Map.of(
                "consumer", consumer,
                "message_id", batch.getRecords().getFirst().getMessageId(),
                "event_id", event.id(),
                "event_type", "order.shipped"));
        assertThat(MDC.getCopyOfContextMap()).as("cleared after the record").isNullOrEmpty();
    }

    @Test
    void inABatchTransactionEachRecordHasItsOwnSpanWithItsOwnFailure() {
        TestQueue queue = TestQueue.create(sqs, 5);
        Event good = fresh("order.shipped");
        Event bad = fresh("order.shipped");
        queue.send(good, bad);
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (Telemetry telemetry = Telemetry.builder().spanExporter(exporter).build()) {
            SqsBatchProcessor processor = builder().backoff(IMMEDIATE).openTelemetry(telemetry.openTelemetry())
                    .transactionalHandler((delivery, reads) -> {
                        if (delivery.event().id().equals(bad.id())) {
                            throw new IllegalStateException("no counter for " + delivery.event().id());
                        }
                        return List.of(TestAws.increment(counters, "traced-" + consumer));
                    })
                    .build();
            SQSEvent batch = queue.receive(2);
            Span parent = telemetry.openTelemetry().getTracer("test").spanBuilder("batch").startSpan();
            try (Scope _ = parent.makeCurrent()) {
                processor.process(batch, context);
            }
            parent.end();
            telemetry.flush();

            List<SpanData> messages = exporter.getFinishedSpanItems().stream()
                    .filter(span -> span.getAttributes().get(AttributeKey.stringKey("eventflow.outcome")) != null).toList();
            assertThat(messages).hasSize(2).allSatisfy(span -> assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId()));
            SpanData failed = messages.stream().filter(span -> bad.id().equals(span.getAttributes().get(AttributeKey.stringKey("cloudevents.event_id"))))
                    .findFirst().orElseThrow();
            assertThat(failed.getAttributes().get(AttributeKey.stringKey("eventflow.outcome"))).isEqualTo("retried");
            assertThat(failed.getEvents()).singleElement().satisfies(event -> assertThat(event.getName()).isEqualTo("exception"));
            SpanData processed = messages.stream().filter(span -> span != failed).findFirst().orElseThrow();
            assertThat(processed.getAttributes().get(AttributeKey.stringKey("eventflow.outcome"))).isEqualTo("processed");
            assertThat(processed.getEvents()).isEmpty();
        }
    }

    private static Event fresh(String type) {
        return ExampleEvents.example(type).toBuilder().id(null).build();
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> parsed = new java.util.ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
            parsed.add(JSON.readTree(line));
        }
        return parsed;
    }

    private static Map<String, Integer> counts(JsonNode line) {
        return Map.of("processed", line.get("processed").asInt(), "duplicates", line.get("duplicates").asInt(),
                "retried", line.get("retried").asInt(), "dead_lettered", line.get("dead_lettered").asInt(),
                "not_started", line.get("not_started").asInt());
    }
}
