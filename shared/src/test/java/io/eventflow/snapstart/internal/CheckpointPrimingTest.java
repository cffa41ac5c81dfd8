package io.eventflow.snapstart.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.config.EventflowConfig;
import io.eventflow.consume.EventHandler;
import io.eventflow.consume.FunctionEnvironment;
import io.eventflow.consume.ReadVersions;
import io.eventflow.consume.SqsBatchProcessor;
import io.eventflow.idempotency.IdempotencySettings;
import io.eventflow.telemetry.Telemetry;
import io.eventflow.telemetry.TracingSettings;
import io.eventflow.testing.RecordingHttpServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Priming runs the function's own handler down its happy path on AWS answered in the process: nothing leaves the
 * process (the function's endpoint and its trace collector are servers that record every request), and what the
 * in-process AWS does not answer is reported rather than hidden.
 */
class CheckpointPrimingTest {

    private static final ReadVersions READS = ReadVersions.builder().reads("order.shipped", 2).reads("user.signed_up", 1).build();

    @Test
    void aTracedFunctionIsPrimedWithNoRequestToItsEndpointAndNoExport() throws Exception {
        List<String> handled = Collections.synchronizedList(new ArrayList<>());
        try (RecordingHttpServer aws = new RecordingHttpServer(); RecordingHttpServer collector = new RecordingHttpServer()) {
            FunctionEnvironment environment = environment(aws, collector);

            PrimingReport report = new CheckpointPriming(environment, handlerWith(delivery -> handled.add(delivery.event().type())),
                    READS, Clock.systemUTC()).prime();

            assertThat(report.clean()).as(report.toString()).isTrue();
            assertThat(report.runtimeDeserialization()).as("the Lambda runtime's serializer, on the test classpath, primed").isTrue();
            assertThat(handled).containsExactlyInAnyOrder("order.shipped", "order.shipped", "user.signed_up");
            // Claim and complete per record, each an UpdateItem answered in the process.
            assertThat(report.answered()).containsOnly("DynamoDB.UpdateItem").hasSize(6);
            assertThat(aws.requests()).as("requests to the function's endpoint").isEmpty();
            assertThat(collector.requests()).as("span exports").isEmpty();
        }
    }

    @Test
    void aCallTheProcessDoesNotAnswerIsReportedAndTheFailedRecordCounted() throws Exception {
        try (RecordingHttpServer aws = new RecordingHttpServer(); RecordingHttpServer collector = new RecordingHttpServer()) {
            FunctionEnvironment environment = environment(aws, collector);
            Function<FunctionEnvironment, RequestHandler<SQSEvent, SQSBatchResponse>> sending = twin -> handlerWith(delivery -> {
                if (delivery.event().type().equals("user.signed_up")) {
                    twin.clients().sqs().sendMessage(send -> send.queueUrl(aws.uri() + "/000000000000/elsewhere").messageBody("x"));
                }
            }).apply(twin);

            PrimingReport report = new CheckpointPriming(environment, sending, READS, Clock.systemUTC()).prime();

            assertThat(report.clean()).isFalse();
            assertThat(report.failures()).isEqualTo(1);
            assertThat(report.refused()).contains("AmazonSQS.SendMessage");
            assertThat(aws.requests()).isEmpty();
        }
    }

    @Test
    void aPrimingThatThrowsLeavesTheCheckpointToGoOnUnprimed() throws Exception {
        try (RecordingHttpServer aws = new RecordingHttpServer(); RecordingHttpServer collector = new RecordingHttpServer()) {
            CheckpointPriming priming = new CheckpointPriming(environment(aws, collector), twin -> {
                throw new IllegalStateException("cannot build the handler");
            }, READS, Clock.systemUTC());

            assertThatCode(() -> priming.beforeCheckpoint(null)).doesNotThrowAnyException();
        }
    }

    /** A function whose calls go to {@code aws} and whose spans go to {@code collector}, both recording servers. */
    private static FunctionEnvironment environment(RecordingHttpServer aws, RecordingHttpServer collector) {
        return FunctionEnvironment.builder().config(EventflowConfig.from(Map.of(
                EventflowConfig.CONSUMER, "priming-test",
                IdempotencySettings.TABLE, "idempotency",
                EventflowConfig.AWS_REGION, "eu-west-1",
                EventflowConfig.AWS_ENDPOINT_URL, aws.uri().toString(),
                TracingSettings.OTEL_EXPORTER_OTLP_ENDPOINT, collector.uri().toString()))).build();
    }

    /** A handler as the functions wire theirs: a processor with this logic, each invocation traced. */
    private static Function<FunctionEnvironment, RequestHandler<SQSEvent, SQSBatchResponse>> handlerWith(EventHandler logic) {
        return environment -> {
            SqsBatchProcessor processor = environment.batchProcessor().reads(READS).handler(logic).build();
            Telemetry telemetry = environment.telemetry();
            assertThat(telemetry.enabled()).as("the twin traces as the function does").isTrue();
            return (batch, context) -> telemetry.handle(batch, context, processor::process);
        };
    }
}
