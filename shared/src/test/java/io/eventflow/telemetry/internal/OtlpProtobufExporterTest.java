package io.eventflow.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventflow.testing.RecordingHttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The functions' OTLP/HTTP exporter against a local receiver: what it sends, and when it retries. */
class OtlpProtobufExporterTest {

    private static final SpanData SPAN = TestSpanData.builder()
            .setName("process q")
            .setKind(SpanKind.CONSUMER)
            .setStartEpochNanos(1_000)
            .setEndEpochNanos(2_000)
            .setHasEnded(true)
            .setStatus(StatusData.unset())
            .build();

    private static OtlpProtobufExporter exporter(RecordingHttpServer server) {
        return new OtlpProtobufExporter(URI.create(server.uri() + "/v1/traces"), body -> Map.of("x-team", "k=" + body.length),
                Duration.ofSeconds(2));
    }

    @Test
    void postsTheSpansAsOtlpProtobufWithTheHeadersOfItsBody() throws Exception {
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            assertThat(exporter(server).export(List.of(SPAN)).join(5, TimeUnit.SECONDS).isSuccess()).isTrue();

            RecordingHttpServer.Request request = server.requests().getFirst();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1/traces");
            assertThat(request.headers()).containsEntry("content-type", "application/x-protobuf")
                    .containsEntry("x-team", "k=" + request.body().length);
            assertThat(ExportTraceServiceRequest.parseFrom(request.body()).getResourceSpans(0).getScopeSpans(0).getSpans(0).getName())
                    .isEqualTo("process q");
        }
    }

    @Test
    void retriesOnceWhatOtlpCallsRetryableAndNeverWhatItDoesNot() throws Exception {
        try (RecordingHttpServer unavailableOnce = new RecordingHttpServer(503)) {
            assertThat(exporter(unavailableOnce).export(List.of(SPAN)).join(5, TimeUnit.SECONDS).isSuccess()).isTrue();
            assertThat(unavailableOnce.requests()).hasSize(2);
        }
        try (RecordingHttpServer unavailable = new RecordingHttpServer(503, 503, 503)) {
            assertThat(exporter(unavailable).export(List.of(SPAN)).join(5, TimeUnit.SECONDS).isSuccess()).isFalse();
            assertThat(unavailable.requests()).as("one retry only: the invocation waits for it").hasSize(2);
        }
        try (RecordingHttpServer refusing = new RecordingHttpServer(400)) {
            assertThat(exporter(refusing).export(List.of(SPAN)).join(5, TimeUnit.SECONDS).isSuccess()).isFalse();
            assertThat(refusing.requests()).hasSize(1);
        }
    }

    @Test
    void anUnreachableEndpointFailsTheExportWithoutThrowing() {
        OtlpProtobufExporter unreachable = new OtlpProtobufExporter(URI.create("http://127.0.0.1:9/v1/traces"), body -> Map.of(),
                Duration.ofSeconds(1));
        assertThat(unreachable.export(List.of(SPAN)).join(5, TimeUnit.SECONDS).isSuccess()).isFalse();
    }
}
