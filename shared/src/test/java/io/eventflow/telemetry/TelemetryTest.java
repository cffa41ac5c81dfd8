package io.eventflow.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.config.ConfigurationException;
import io.eventflow.emulator.SqsEventTranslator;
import io.eventflow.testing.RecordingHttpServer;
import io.eventflow.testing.TestLambdaContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TelemetryTest {

    private static final String XRAY_TRACE_ID = "5759e988bd862e3fe1be46a994272793";
    private static final String XRAY_PARENT = "53995c3f42cd8ad8";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

    @Test
    void withoutAnEndpointTracingIsOffAndTheHandlerStillRuns() {
        Telemetry telemetry = Telemetry.builder().settings(TracingSettings.fromVariables(Map.of())).build();
        SQSBatchResponse response = SQSBatchResponse.builder().build();

        assertThat(telemetry.enabled()).isFalse();
        assertThat(telemetry.handle(batch(null), new TestLambdaContext(10_000), (batch, context) -> response)).isSameAs(response);
        assertThat(telemetry.flush()).isTrue();
    }

    @Test
    void sdkDisabledTurnsTracingOffWhateverTheEndpoint() {
        Telemetry telemetry = Telemetry.builder().settings(TracingSettings.fromVariables(Map.of(
                TracingSettings.OTEL_EXPORTER_OTLP_ENDPOINT, "http://127.0.0.1:4318",
                TracingSettings.OTEL_SDK_DISABLED, "TRUE"))).build();

        assertThat(telemetry.enabled()).isFalse();
    }

    @Test
    void malformedSettingsFailAtInitNamingTheVariable() {
        assertThatThrownBy(() -> traced(Map.of(TracingSettings.OTEL_TRACES_SAMPLER, "sometimes")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("OTEL_TRACES_SAMPLER");
        assertThatThrownBy(() -> traced(Map.of(TracingSettings.OTEL_TRACES_SAMPLER, "traceidratio", TracingSettings.OTEL_TRACES_SAMPLER_ARG, "2")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("OTEL_TRACES_SAMPLER_ARG");
        assertThatThrownBy(() -> traced(Map.of(TracingSettings.OTEL_PROPAGATORS, "tracecontext,ottrace")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("ottrace");
        assertThatThrownBy(() -> Telemetry.builder().settings(TracingSettings.fromVariables(Map.of(
                TracingSettings.OTEL_EXPORTER_OTLP_ENDPOINT, "http://127.0.0.1:4317", TracingSettings.OTEL_EXPORTER_OTLP_PROTOCOL, "grpc"))).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("http/protobuf");
        assertThatThrownBy(() -> Telemetry.builder().settings(TracingSettings.fromVariables(Map.of(
                TracingSettings.OTEL_EXPORTER_OTLP_ENDPOINT, "http://127.0.0.1:4318", TracingSettings.OTEL_EXPORTER_OTLP_HEADERS, "secret-api-key"))).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("OTEL_EXPORTER_OTLP_HEADERS")
                .hasMessageNotContaining("secret-api-key");
    }

    @Test
    void aThrowingHandlerIsRecordedAndItsSpansExportedBeforeTheExceptionLeaves() {
        Telemetry telemetry = traced(Map.of());
        IllegalStateException crash = new IllegalStateException("the handler crashed");

        assertThatThrownBy(() -> telemetry.handle(batch(null), new TestLambdaContext(10_000), (batch, context) -> {
            throw crash;
        })).isSameAs(crash);

        // No wait: only the flush in handle can have put them here by now.
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).extracting(SpanData::getKind).containsExactlyInAnyOrder(SpanKind.CONSUMER, SpanKind.SERVER);
        assertThat(spans).allSatisfy(span -> {
            assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(span.getEvents()).singleElement().satisfies(event -> {
                assertThat(event.getName()).isEqualTo("exception");
                assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message"))).isEqualTo("the handler crashed");
            });
        });
    }

    @Test
    void onlyTheFirstInvocationOfAnEnvironmentIsAColdStart() {
        Telemetry telemetry = traced(Map.of());
        for (int i = 0; i < 3; i++) {
            telemetry.handle(batch(null), new TestLambdaContext(10_000), (batch, context) -> SQSBatchResponse.builder().build());
        }

        assertThat(exporter.getFinishedSpanItems()).filteredOn(span -> span.getKind() == SpanKind.SERVER)
                .extracting(span -> span.getAttributes().get(AttributeKey.booleanKey("faas.coldstart")))
                .containsExactly(true, false, false);
    }

    @Test
    void aMessageCarryingOnlyTheXrayHeaderJoinsTheTraceItNamesAndTheBatchLinksToIt() {
        Telemetry telemetry = traced(Map.of());   // propagators tracecontext,baggage: X-Ray is read all the same
        String header = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

        telemetry.handle(batch(header), new TestLambdaContext(10_000), (batch, context) -> {
            new MessagingSpans(telemetry.openTelemetry()).startMessage(batch.getRecords().getFirst()).end();
            return SQSBatchResponse.builder().build();
        });

        List<SpanData> consumers = exporter.getFinishedSpanItems().stream().filter(span -> span.getKind() == SpanKind.CONSUMER).toList();
        assertThat(consumers).hasSize(2);
        SpanData message = consumers.getFirst();
        SpanData batch = consumers.getLast();
        assertThat(batch.getLinks()).singleElement().satisfies(link -> {
            assertThat(link.getSpanContext().getTraceId()).isEqualTo(XRAY_TRACE_ID);
            assertThat(link.getSpanContext().getSpanId()).isEqualTo(XRAY_PARENT);
        });
        // The message's span continues the producer's trace, and links back to its batch.
        assertThat(message.getTraceId()).isEqualTo(XRAY_TRACE_ID);
        assertThat(message.getParentSpanId()).isEqualTo(XRAY_PARENT);
        assertThat(message.getLinks()).singleElement().satisfies(link -> assertThat(link.getSpanContext().getSpanId()).isEqualTo(batch.getSpanId()));
    }

    @Test
    void theOtlpExporterPostsProtobufToTheConfiguredEndpointWithTheConfiguredHeaders() throws Exception {
        try (RecordingHttpServer collector = new RecordingHttpServer();
             Telemetry telemetry = Telemetry.builder().settings(TracingSettings.fromVariables(Map.of(
                     TracingSettings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, collector.uri() + "/custom/traces",
                     TracingSettings.OTEL_EXPORTER_OTLP_HEADERS, "x-honeycomb-team=key%3Dwith%2Cescapes"))).build()) {
            telemetry.handle(batch(null), new TestLambdaContext(10_000), (batch, context) -> SQSBatchResponse.builder().build());

            assertThat(collector.requests()).singleElement().satisfies(request -> {
                assertThat(request.method() + " " + request.path()).isEqualTo("POST /custom/traces");
                assertThat(request.headers()).containsEntry("content-type", "application/x-protobuf")
                        .containsEntry("x-honeycomb-team", "key=with,escapes");
            });
        }
    }

    @Test
    void backToBackInvocationsEachExportTheirOwnSpansBeforeReturning() throws Exception {
        try (RecordingHttpServer collector = new RecordingHttpServer();
             Telemetry telemetry = Telemetry.builder().settings(TracingSettings.fromVariables(Map.of(
                     TracingSettings.OTEL_EXPORTER_OTLP_ENDPOINT, collector.uri().toString()))).build()) {
            for (int i = 1; i <= 50; i++) {
                TestLambdaContext context = new TestLambdaContext(10_000);
                telemetry.handle(batch(null), context, (batch, invocation) -> SQSBatchResponse.builder().build());

                // One export per invocation, received before handle returned, holding that invocation's spans.
                assertThat(collector.requests()).as("invocation %d", i).hasSize(i);
                assertThat(ExportTraceServiceRequest.parseFrom(collector.requests().getLast().body()).toString())
                        .contains(context.getAwsRequestId());
            }
        }
    }

    private Telemetry traced(Map<String, String> variables) {
        return Telemetry.builder().settings(TracingSettings.fromVariables(variables)).spanExporter(exporter).build();
    }

    /** A one-message SQS event as Lambda delivers it, with the X-Ray system attribute when a header is given. */
    private static SQSEvent batch(String xrayHeader) {
        String traceHeader = xrayHeader == null ? "" : ",\"AWSTraceHeader\":\"" + xrayHeader + "\"";
        return new SqsEventTranslator().fromLambdaJson("""
                {"Records":[{"messageId":"m-1","receiptHandle":"r-1","body":"{}",
                  "attributes":{"ApproximateReceiveCount":"1"%s},
                  "messageAttributes":{},"md5OfBody":"","eventSource":"aws:sqs",
                  "eventSourceARN":"arn:aws:sqs:us-east-1:123456789012:orders","awsRegion":"us-east-1"}]}
                """.formatted(traceHeader));
    }
}
