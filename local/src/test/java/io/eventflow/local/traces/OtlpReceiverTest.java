package io.eventflow.local.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OTLP receiver reads what the OpenTelemetry Java SDK sends, in both encodings, and refuses anything else. */
class OtlpReceiverTest {

    private final ReceivedSpans received = new ReceivedSpans();
    private final HttpClient http = HttpClient.newHttpClient();
    private OtlpReceiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = OtlpReceiver.builder().sink(received).start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
        http.close();
    }

    @Test
    void readsTheSdkExportersGzippedProtobufIntoSpansWithTheirIdsParentsKindsAttributesLinksAndStatus() {
        List<SpanData> sent = sdkSpans("evt-proto");
        try (OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(receiver.tracesEndpoint().toString())
                .setCompression("gzip")
                .build()) {
            assertThat(exporter.export(sent).join(10, TimeUnit.SECONDS).isSuccess()).as("the exporter's request succeeded").isTrue();
        }

        List<ReceivedSpan> spans = received.all();
        assertThat(spans).hasSize(EventflowShapedTrace.SPANS);
        for (SpanData expected : sent) {
            ReceivedSpan span = spans.stream().filter(candidate -> candidate.spanId().equals(expected.getSpanId())).findFirst().orElseThrow();
            assertThat(span.traceId()).isEqualTo(expected.getTraceId());
            assertThat(span.parentSpanId()).isEqualTo(SpanId.isValid(expected.getParentSpanId()) ? expected.getParentSpanId() : null);
            assertThat(span.name()).isEqualTo(expected.getName());
            assertThat(span.kind().name()).isEqualTo(expected.getKind().name());
            assertThat(span.startEpochNanos()).isEqualTo(expected.getStartEpochNanos());
            assertThat(span.endEpochNanos()).isEqualTo(expected.getEndEpochNanos());
            assertThat(span.service()).isEqualTo(expected.getResource().getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("service.name")));
            assertThat(span.resource()).containsEntry("telemetry.sdk.language", "java").doesNotContainKey("service.name");
            assertThat(span.scope()).isEqualTo(new ReceivedSpan.Scope("io.eventflow.test", ""));
            expected.getAttributes().forEach((key, value) -> assertThat(span.attributes()).containsEntry(key.getKey(), value));
            assertThat(span.attributes()).hasSize(expected.getAttributes().size());
            assertThat(span.links()).extracting(link -> link.traceId() + "/" + link.spanId())
                    .containsExactlyElementsOf(expected.getLinks().stream().map(LinkData::getSpanContext)
                            .map(context -> context.getTraceId() + "/" + context.getSpanId()).toList());
            assertThat(span.status().code().name()).isEqualTo(expected.getStatus().getStatusCode().name());
            assertThat(span.status().message()).isEqualTo(expected.getStatus().getDescription());
            assertThat(span.events()).extracting(ReceivedSpan.Event::name)
                    .containsExactlyElementsOf(expected.getEvents().stream().map(event -> event.getName()).toList());
        }
        ReceivedSpan failed = spans.stream().filter(span -> span.status().code() == ReceivedSpan.StatusCode.ERROR).findFirst().orElseThrow();
        assertThat(failed.service()).isEqualTo("eventflow-notifier");
        assertThat(failed.events().getFirst().attributes()).containsEntry("exception.message", "Email address is not verified");
        assertThat(failed.attributes()).containsEntry("eventflow.receive_count", 1L).containsEntry("cloudevents.event_id", "evt-proto");
        assertThat(failed.links().getFirst().attributes()).containsEntry("messaging.operation.type", "send");
    }

    @Test
    void readsTheSdksOtlpJsonEncodingOfTheSameSpansAsTheProtobufOneAndAnswersInJson() throws Exception {
        List<SpanData> sent = sdkSpans("evt-json");
        assertThat(post(TraceRequestMarshaler.create(sent), false).statusCode()).isEqualTo(200);
        List<ReceivedSpan> fromProtobuf = received.all();

        HttpResponse<String> answer = post(TraceRequestMarshaler.create(sent), true);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(answer.body()).isEqualTo("{}");
        List<ReceivedSpan> all = received.all();
        List<ReceivedSpan> fromJson = all.subList(fromProtobuf.size(), all.size());
        assertThat(fromJson).as("hex ids, enums and 64-bit numbers decoded as from protobuf").isEqualTo(fromProtobuf);
        assertThat(fromJson).hasSize(EventflowShapedTrace.SPANS);
    }

    @Test
    void answersAProtobufExportWithAnEmptyProtobufResponse() throws Exception {
        HttpResponse<String> answer = post(TraceRequestMarshaler.create(sdkSpans("evt-answer")), false);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/x-protobuf");
        assertThat(answer.body()).as("an ExportTraceServiceResponse without partial_success is zero bytes").isEmpty();
    }

    @Test
    void refusesOtherContentTypesUndecodableBodiesOtherMethodsAndOtherPaths() throws Exception {
        URI traces = receiver.tracesEndpoint();
        List<Integer> statuses = new ArrayList<>();
        statuses.add(send(HttpRequest.newBuilder(traces).header("Content-Type", "text/plain").POST(body("{}"))));
        statuses.add(send(HttpRequest.newBuilder(traces).header("Content-Type", "application/x-protobuf").POST(body("\u00ff\u00ff\u00ff"))));
        statuses.add(send(HttpRequest.newBuilder(traces).header("Content-Type", "application/json").POST(body("[1, 2"))));
        statuses.add(send(HttpRequest.newBuilder(traces).header("Content-Type", "application/json; charset=utf-8")
                .POST(body("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"not hex\",\"spanId\":\"00f067aa0ba902b7\"}]}]}]}"))));
        statuses.add(send(HttpRequest.newBuilder(traces).header("Content-Type", "application/json")
                .POST(body("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"no ids\"}]}]}]}"))));
        statuses.add(send(HttpRequest.newBuilder(traces).GET()));
        statuses.add(send(HttpRequest.newBuilder(receiver.endpoint().resolve("/v1/metrics")).header("Content-Type", "application/json").POST(body("{}"))));

        assertThat(statuses).containsExactly(415, 400, 400, 400, 400, 405, 404);
        assertThat(received.all()).isEmpty();
    }

    @Test
    void anEmptyExportIsAccepted() throws Exception {
        int status = send(HttpRequest.newBuilder(receiver.tracesEndpoint()).header("Content-Type", "application/json").POST(body("{}")));

        assertThat(status).isEqualTo(200);
        assertThat(received.all()).isEmpty();
    }

    private static List<SpanData> sdkSpans(String eventId) {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        EventflowShapedTrace.export(spans, eventId);
        return spans.getFinishedSpanItems();
    }

    private HttpResponse<String> post(TraceRequestMarshaler request, boolean json) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (json) {
            request.writeJsonTo(body);
        } else {
            request.writeBinaryTo(body);
        }
        return http.send(HttpRequest.newBuilder(receiver.tracesEndpoint())
                .header("Content-Type", json ? "application/json" : "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpRequest.BodyPublisher body(String text) {
        return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.ISO_8859_1);
    }
}
