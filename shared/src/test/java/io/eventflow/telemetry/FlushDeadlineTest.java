package io.eventflow.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.emulator.SqsEventTranslator;
import io.eventflow.testing.TestLambdaContext;
import io.eventflow.testing.UnresponsiveBackend;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The flush before a handler returns has one deadline, {@code EVENTFLOW_TELEMETRY_FLUSH_TIMEOUT_MS}, for the whole
 * export including its retry, whatever the backend does. Each test bounds the invocation by the deadline plus a
 * margin for a loaded machine; the preemptive timeout only keeps a regression from hanging the build.
 */
class FlushDeadlineTest {

    private static final Duration DEADLINE = Duration.ofMillis(1000);
    private static final Duration MARGIN = Duration.ofMillis(600);

    @Test
    void aBackendThatAcceptsTheConnectionAndNeverReadsNorAnswersCostsTheInvocationAtMostTheDeadline() throws Exception {
        try (UnresponsiveBackend backend = new UnresponsiveBackend();
             Telemetry telemetry = telemetryExportingTo(backend)) {
            // Some 8 MB of spans: more than the socket buffers hold, so the request's write blocks (it has no timeout).
            Duration took = invoke(telemetry, 1500, 5000);

            assertThat(backend.connections()).isEqualTo(1);
            assertThat(took).isLessThan(DEADLINE.plus(MARGIN));
        }
    }

    @Test
    void aLateRetryableAnswerLeavesTheRetryOnlyWhatRemainsOfTheDeadline() throws Exception {
        try (UnresponsiveBackend backend = new UnresponsiveBackend(DEADLINE.multipliedBy(9).dividedBy(10));
             Telemetry telemetry = telemetryExportingTo(backend)) {
            Duration took = invoke(telemetry, 1, 10);

            assertThat(backend.connections()).as("the 503 is retried").isEqualTo(2);
            assertThat(took).isLessThan(DEADLINE.plus(MARGIN));
        }
    }

    private static Telemetry telemetryExportingTo(UnresponsiveBackend backend) {
        return Telemetry.builder().settings(TracingSettings.fromVariables(Map.of(
                TracingSettings.OTEL_EXPORTER_OTLP_ENDPOINT, backend.uri().toString(),
                TracingSettings.FLUSH_TIMEOUT_MILLIS, Long.toString(DEADLINE.toMillis())))).build();
    }

    /**
     * One invocation whose handler ends {@code spans} spans of {@code attributeBytes} each; how long it took from the
     * end of the handler's own work to its return: the flush.
     */
    private static Duration invoke(Telemetry telemetry, int spans, int attributeBytes) {
        SQSBatchResponse response = SQSBatchResponse.builder().build();
        String filler = "x".repeat(attributeBytes);
        AtomicLong workDone = new AtomicLong();
        return assertTimeoutPreemptively(DEADLINE.multipliedBy(10), () -> {
            SQSBatchResponse returned = telemetry.handle(batch(), new TestLambdaContext(60_000), (batch, context) -> {
                Tracer tracer = telemetry.openTelemetry().getTracer("test");
                for (int i = 0; i < spans; i++) {
                    tracer.spanBuilder("work " + i).setAttribute("filler", filler).startSpan().end();
                }
                workDone.set(System.nanoTime());
                return response;
            });
            Duration took = Duration.ofNanos(System.nanoTime() - workDone.get());
            assertThat(returned).isSameAs(response);
            return took;
        });
    }

    private static SQSEvent batch() {
        return new SqsEventTranslator().fromLambdaJson("""
                {"Records":[{"messageId":"m-1","receiptHandle":"r-1","body":"{}","attributes":{"ApproximateReceiveCount":"1"},
                  "messageAttributes":{},"md5OfBody":"","eventSource":"aws:sqs",
                  "eventSourceARN":"arn:aws:sqs:us-east-1:123456789012:orders","awsRegion":"us-east-1"}]}
                """);
    }
}
