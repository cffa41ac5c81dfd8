package io.eventflow.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;

class JsonLoggerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final BasicMDCAdapter mdc = new BasicMDCAdapter();
    private final Logger logger = new JsonLoggerFactory(Level.INFO, new PrintStream(out, true, StandardCharsets.UTF_8), mdc)
            .getLogger("io.eventflow.consume.SqsBatchProcessor");

    @Test
    void aLineIsOneJsonObjectWithTheCurrentSpanAndTheRecordBeingProcessed() throws Exception {
        // With no processor the SDK hands out invalid spans; a real one, even exporting nowhere, makes them valid.
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SpanExporter.composite())).build()) {
            Span span = tracing.get("test").spanBuilder("process").startSpan();
            mdc.put("consumer", "notifier");
            mdc.put("event_id", "0194f7a0-1c00-7000-8000-000000000002");
            mdc.put("event_type", "order.shipped");
            try (Scope _ = span.makeCurrent()) {
                logger.warn("{}: {} failed on receive {}, will be retried: {}", "notifier", "order \"ord_456\"", 2, "line one\nline two");
            }
            span.end();

            JsonNode line = single();
            assertThat(line.get("level").asText()).isEqualTo("WARN");
            assertThat(line.get("logger").asText()).isEqualTo("io.eventflow.consume.SqsBatchProcessor");
            assertThat(line.get("message").asText()).isEqualTo("notifier: order \"ord_456\" failed on receive 2, will be retried: line one\nline two");
            assertThat(line.get("trace_id").asText()).isEqualTo(span.getSpanContext().getTraceId());
            assertThat(line.get("span_id").asText()).isEqualTo(span.getSpanContext().getSpanId());
            assertThat(line.get("consumer").asText()).isEqualTo("notifier");
            assertThat(line.get("event_id").asText()).isEqualTo("0194f7a0-1c00-7000-8000-000000000002");
            assertThat(line.get("event_type").asText()).isEqualTo("order.shipped");
            assertThat(java.time.Instant.parse(line.get("timestamp").asText())).isNotNull();
        }
    }

    @Test
    void outsideASpanThereAreNoTraceIdsAndAnExceptionComesWithItsStackTrace() throws Exception {
        logger.error("could not dead-letter", new IllegalStateException("queue gone"));

        JsonNode line = single();
        assertThat(line.has("trace_id")).isFalse();
        assertThat(line.get("error").asText()).isEqualTo("java.lang.IllegalStateException: queue gone");
        assertThat(line.get("stack_trace").asText()).contains("JsonLoggerTest");
    }

    @Test
    void eventsBelowTheThresholdAreNotWritten() {
        logger.debug("not this");
        logger.trace("nor this");

        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(logger.isDebugEnabled()).isFalse();
        assertThat(logger.isInfoEnabled()).isTrue();
        assertThat(LogThreshold.fromEnvironment("debug")).isEqualTo(Level.DEBUG);
        assertThat(LogThreshold.fromEnvironment("FATAL")).isEqualTo(Level.ERROR);
        assertThat(LogThreshold.fromEnvironment(null)).isEqualTo(Level.INFO);
    }

    @Test
    void slf4jFindsThisBindingOnTheClasspath() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(JsonLoggerFactory.class);
        MDC.put("consumer", "analytics");
        assertThat(MDC.get("consumer")).isEqualTo("analytics");
        MDC.clear();
    }

    private JsonNode single() throws Exception {
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        return JSON.readTree(lines.getFirst());
    }
}
