package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.archive.ArchiveQuery;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.emulator.LocalLambdaContext;
import io.eventflow.emulator.SqsEventTranslator;
import io.eventflow.event.Event;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.local.OtlpReceiver.ReceivedSpan;
import io.eventflow.publish.EventPublisher;
import io.eventflow.replay.ArchiveReplayer;
import io.eventflow.replay.ReplayJob;
import io.eventflow.replay.ReplayListener;
import io.eventflow.replay.ReplayMode;
import io.eventflow.replay.ReplaySpec;
import io.eventflow.telemetry.AwsSdkTracing;
import io.eventflow.telemetry.Telemetry;
import io.eventflow.telemetry.TracingSettings;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Traces end to end: the real publisher and the real functions, in the local runner on the emulator, exporting
 * OTLP/HTTP to a receiver in the test, configured only by the standard OTEL_* variables.
 */
@ExtendWith(AwsEmulatorExtension.class)
class TracingTest {

    private static final Duration EXPORT_WAIT = Duration.ofSeconds(15);

    private OtlpReceiver receiver;
    private Telemetry producerTelemetry;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new OtlpReceiver();
        producerTelemetry = Telemetry.builder().settings(TracingSettings.fromVariables(Map.of(
                TracingSettings.OTEL_EXPORTER_OTLP_ENDPOINT, receiver.endpoint().toString(),
                TracingSettings.OTEL_SERVICE_NAME, "test-producer"))).build();
    }

    @AfterEach
    void stopReceiver() {
        producerTelemetry.close();
        receiver.close();
    }

    @Test
    void anOrderShippedIsTracedFromItsPublishToEveryConsumerThatGetsIt(AwsEmulator emulator) throws Exception {
        Event shipped = TestStacks.example("order.shipped").toBuilder().id(null).build();
        try (LocalRunner runner = tracedRunner(emulator).build()) {
            ReceivedSpan publish = publishTracedAndDrain(runner, shipped);
            assertThat(publish.service()).isEqualTo("test-producer");
            assertThat(publish.name()).isEqualTo("publish " + runner.stack().ref("EventsTopic").replaceAll(".*:", ""));
            assertThat(publish.string("messaging.system")).isEqualTo("aws_sns");
            assertThat(publish.string("messaging.operation.type")).isEqualTo("send");
            assertThat(publish.string("cloudevents.event_id")).isEqualTo(shipped.id());
            assertThat(publish.string("cloudevents.event_type")).isEqualTo("order.shipped");
            assertThat(publish.string("messaging.message.id")).isNotBlank();
            ReceivedSpan snsCall = single(receiver.spans(span -> span.parentSpanId().equals(publish.spanId())
                    && span.kind() == SpanKind.SPAN_KIND_CLIENT));
            assertThat(snsCall.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
            assertThat(snsCall.string("rpc.system")).isEqualTo("aws-api");
            assertThat(snsCall.string("rpc.service")).isEqualTo("Sns");
            assertThat(snsCall.string("rpc.method")).isEqualTo("Publish");
            assertThat(snsCall.string("aws.request_id")).isNotBlank();

            // order.shipped reaches the notifier, analytics and the archiver; the ledger's filter keeps it out.
            for (String consumer : List.of("notifier", "analytics", "archiver")) {
                String function = runner.stack().stackName() + "-" + consumer;
                ReceivedSpan message = single(receiver.await(span -> span.service().equals(function)
                        && shipped.id().equals(span.string("cloudevents.event_id")), 1, EXPORT_WAIT));
                assertThat(message.kind()).as(consumer).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
                assertThat(message.name()).isEqualTo("process " + function);
                assertThat(message.string("messaging.system")).isEqualTo("aws_sqs");
                assertThat(message.string("messaging.operation.type")).isEqualTo("process");
                assertThat(message.string("messaging.destination.name")).isEqualTo(function);
                assertThat(message.string("messaging.message.id")).isNotBlank();
                assertThat(message.string("cloudevents.event_type")).isEqualTo("order.shipped");
                assertThat(message.string("eventflow.consumer")).isEqualTo(consumer);
                assertThat(message.string("eventflow.outcome")).isEqualTo("processed");
                assertThat(message.number("eventflow.receive_count")).isEqualTo(1L);
                assertThat(message.traceId()).as("%s: the event's trace", consumer).isEqualTo(publish.traceId());
                assertThat(message.parentSpanId()).as("%s: a child of the publish", consumer).isEqualTo(publish.spanId());

                ReceivedSpan batch = linkedFrom(message);
                assertThat(batch.kind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
                assertThat(batch.name()).isEqualTo("process " + function);
                assertThat(batch.number("messaging.batch.message_count")).isEqualTo(1L);
                assertThat(batch.links()).containsExactly(publish.id());

                ReceivedSpan invocation = parentOf(batch);
                assertThat(invocation.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
                assertThat(invocation.parentSpanId()).isEmpty();
                assertThat(invocation.string("faas.trigger")).isEqualTo("pubsub");
                assertThat(invocation.string("faas.invocation_id")).isNotBlank();
                assertThat(invocation.bool("faas.coldstart")).isTrue();
                assertThat(invocation.string("cloud.resource_id")).endsWith(":function:" + function);
                assertThat(invocation.resource().get("cloud.provider").getStringValue()).isEqualTo("aws");
                assertThat(invocation.resource().get("cloud.platform").getStringValue()).isEqualTo("aws_lambda");
                assertThat(invocation.resource().get("cloud.region").getStringValue()).isEqualTo(emulator.region());
                assertThat(invocation.resource().get("faas.name").getStringValue()).isEqualTo(function);

                assertThat(receiver.spans(span -> span.parentSpanId().equals(message.spanId())))
                        .as("%s: its AWS calls are children of the message span", consumer)
                        .isNotEmpty()
                        .allSatisfy(call -> {
                            assertThat(call.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
                            assertThat(call.string("rpc.system")).isEqualTo("aws-api");
                        })
                        .anySatisfy(call -> {
                            assertThat(call.string("rpc.service")).isEqualTo("DynamoDb");
                            assertThat(call.attribute("aws.dynamodb.table_names").orElseThrow().getArrayValue().getValuesList())
                                    .extracting(value -> value.getStringValue())
                                    .contains(runner.stack().ref("IdempotencyTable"));
                        });
            }
            assertThat(receiver.spans(span -> span.service().equals(runner.stack().stackName() + "-ledger"))).isEmpty();
            assertThat(receiver.spans(span -> span.service().startsWith(runner.stack().stackName() + "-notifier")
                    && "SesV2".equals(span.string("rpc.service")))).singleElement()
                    .satisfies(send -> assertThat(send.string("rpc.method")).isEqualTo("SendEmail"));
        }
    }

    @Test
    void aReplayedEventIsProcessedInItsOriginalTrace(AwsEmulator emulator) throws Exception {
        Event shipped = TestStacks.example("order.shipped").toBuilder().id(null).build();
        try (LocalRunner runner = tracedRunner(emulator).build()) {
            ReceivedSpan publish = publishTracedAndDrain(runner, shipped);

            ProvisionedStack stack = runner.stack();
            ArchiveReplayer replayer = runner.replayer();
            ReplayJob job = replayer.start(ReplaySpec.builder()
                    .target("analytics", stack.ref("AnalyticsQueue"))
                    .mode(ReplayMode.REPROCESS)
                    .window(ArchiveQuery.builder().types("order.shipped").from(shipped.time().minusSeconds(1))
                            .to(shipped.time().plusSeconds(1)).build())
                    .build());
            assertThat(replayer.run(job.id(), () -> false, ReplayListener.NONE).sent()).isEqualTo(1);
            assertThat(runner.awaitDrained(Duration.ofSeconds(30))).isTrue();

            String analytics = runner.stack().stackName() + "-analytics";
            List<ReceivedSpan> processed = receiver.await(span -> span.service().equals(analytics)
                    && shipped.id().equals(span.string("cloudevents.event_id")), 2, EXPORT_WAIT);
            assertThat(processed).as("the first delivery and the replayed one, both under the publish")
                    .hasSize(2)
                    .allSatisfy(span -> {
                        assertThat(span.traceId()).isEqualTo(publish.traceId());
                        assertThat(span.parentSpanId()).isEqualTo(publish.spanId());
                        assertThat(span.string("eventflow.outcome")).isEqualTo("processed");
                    });
        }
    }

    @Test
    void aRetriedMessageShowsEachAttemptLinkedToItsProducer(AwsEmulator emulator) throws Exception {
        Event signedUp = TestStacks.example("user.signed_up").toBuilder().id(null).build();
        try (LocalRunner runner = tracedRunner(emulator).parameter("SenderEmail", "traced-" + System.nanoTime() + "@example.com").build();
             SesV2Client ses = runner.clients().configure(SesV2Client.builder())) {
            String sender = runner.stack().parameters().get("SenderEmail");
            String queueUrl = runner.stack().ref("NotifierQueue");
            ses.deleteEmailIdentity(request -> request.emailIdentity(sender));   // SES refuses: a retryable failure
            runner.clients().sqs().setQueueAttributes(request -> request.queueUrl(queueUrl)
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1")));
            runner.start();
            publisher(runner).publish(signedUp);
            producerTelemetry.flush();

            String function = runner.stack().stackName() + "-notifier";
            receiver.await(span -> span.service().equals(function) && signedUp.id().equals(span.string("cloudevents.event_id")), 2, Duration.ofSeconds(30));
            ses.createEmailIdentity(request -> request.emailIdentity(sender));
            assertThat(runner.awaitDrained(Duration.ofSeconds(30))).isTrue();

            ReceivedSpan publish = single(receiver.await(span -> span.kind() == SpanKind.SPAN_KIND_PRODUCER, 1, EXPORT_WAIT));
            List<ReceivedSpan> attempts = new ArrayList<>(receiver.spans(span -> span.service().equals(function)
                    && signedUp.id().equals(span.string("cloudevents.event_id"))));
            attempts.sort(java.util.Comparator.comparing(span -> span.number("eventflow.receive_count")));
            assertThat(attempts).hasSizeGreaterThanOrEqualTo(3);
            assertThat(attempts).extracting(span -> span.number("eventflow.receive_count"))
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, attempts.size()).mapToObj(Long::valueOf).toList());
            assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.parentSpanId()).isEqualTo(publish.spanId()));
            assertThat(attempts).extracting(span -> span.string("eventflow.outcome"))
                    .containsExactlyElementsOf(IntStream.range(0, attempts.size())
                            .mapToObj(i -> i < attempts.size() - 1 ? "retried" : "processed").toList());
            assertThat(attempts.subList(0, attempts.size() - 1)).allSatisfy(failed -> {
                assertThat(failed.span().getStatus().getCode().getNumber()).as("status ERROR").isEqualTo(2);
                assertThat(failed.span().getEventsList()).anySatisfy(event -> {
                    assertThat(event.getName()).isEqualTo("exception");
                    assertThat(event.getAttributesList()).anySatisfy(kv -> {
                        assertThat(kv.getKey()).isEqualTo("exception.message");
                        assertThat(kv.getValue().getStringValue()).contains("not verified");
                    });
                });
            });
            assertThat(attempts).extracting(attempt -> linkedFrom(attempt).traceId()).as("each attempt is its own invocation")
                    .doesNotHaveDuplicates().doesNotContain(publish.traceId());
        }
    }

    @Test
    void everyInvocationHasExportedAllItsSpansWhenItReturnsAcross100Invocations(AwsEmulator emulator) throws Exception {
        int invocations = 100;
        try (LocalRunner runner = tracedRunner(emulator).build()) {   // not started: the test is the event source
            FunctionDefinition analytics = runner.stack().functions().stream()
                    .filter(function -> function.consumerName().equals("analytics")).findFirst().orElseThrow();
            FunctionDefinition.QueueSource queue = analytics.queueSources().getFirst();
            EventPublisher publisher = publisher(runner);
            Event example = TestStacks.example("order.shipped");
            publisher.publishAll(IntStream.range(0, invocations).mapToObj(i -> example.toBuilder().id(null).build()).toList());

            RequestHandler<SQSEvent, SQSBatchResponse> handler = runner.handler("analytics");
            SqsEventTranslator translator = new SqsEventTranslator();
            String function = analytics.functionName();
            List<String> invocationIds = new ArrayList<>();
            for (int i = 0; i < invocations; i++) {
                List<Message> messages = receiveOne(runner, queue.queueUrl());
                LocalLambdaContext context = analytics.newInvocationContext();
                SQSBatchResponse response = handler.handleRequest(translator.fromLambdaJson(translator.toLambdaJson(messages, queue.queueArn())), context);
                // No waiting: what the handler exported before returning is all there is.
                List<ReceivedSpan> invocation = receiver.spans(span -> span.service().equals(function)
                        && context.getAwsRequestId().equals(span.string("faas.invocation_id")));
                assertThat(invocation).as("invocation %d exported before it returned", i).hasSize(1);
                assertThat(response.getBatchItemFailures()).isEmpty();
                runner.clients().sqs().deleteMessage(request -> request.queueUrl(queue.queueUrl()).receiptHandle(messages.getFirst().receiptHandle()));
                invocationIds.add(context.getAwsRequestId());
            }

            List<ReceivedSpan> servers = receiver.spans(span -> span.service().equals(function) && span.kind() == SpanKind.SPAN_KIND_SERVER);
            assertThat(servers).extracting(span -> span.string("faas.invocation_id")).containsExactlyInAnyOrderElementsOf(invocationIds);
            assertThat(servers).filteredOn(span -> span.bool("faas.coldstart")).hasSize(1);
            List<ReceivedSpan> batches = receiver.spans(span -> span.service().equals(function)
                    && span.kind() == SpanKind.SPAN_KIND_CONSUMER && span.attribute("messaging.batch.message_count").isPresent());
            List<ReceivedSpan> messages = receiver.spans(span -> span.service().equals(function)
                    && span.kind() == SpanKind.SPAN_KIND_CONSUMER && span.attribute("cloudevents.event_id").isPresent());
            assertThat(batches).hasSize(invocations);
            assertThat(messages).hasSize(invocations);
            assertThat(messages).extracting(span -> span.string("cloudevents.event_id")).doesNotHaveDuplicates();
            assertThat(messages).allSatisfy(message -> assertThat(message.links()).hasSize(1));
            List<String> batchIds = batches.stream().map(ReceivedSpan::id).toList();
            assertThat(messages).extracting(message -> message.links().getFirst()).containsExactlyInAnyOrderElementsOf(batchIds);
            List<String> serverIds = servers.stream().map(ReceivedSpan::spanId).toList();
            assertThat(batches).extracting(ReceivedSpan::parentSpanId).containsExactlyInAnyOrderElementsOf(serverIds);
        }
    }

    private static List<Message> receiveOne(LocalRunner runner, String queueUrl) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            List<Message> messages = runner.clients().sqs().receiveMessage(request -> request.queueUrl(queueUrl)
                    .maxNumberOfMessages(1).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
            if (!messages.isEmpty()) {
                return messages;
            }
        }
        throw new AssertionError("no message in " + queueUrl);
    }

    private LocalRunner.Builder tracedRunner(AwsEmulator emulator) {
        return TestStacks.runner(emulator)
                .functionEnvironment(TracingSettings.OTEL_EXPORTER_OTLP_ENDPOINT, receiver.endpoint().toString());
    }

    private EventPublisher publisher(LocalRunner runner) {
        return EventPublisher.builder()
                .snsClient(runner.clients().withInterceptor(new AwsSdkTracing(producerTelemetry.openTelemetry())).sns())
                .topicArn(runner.stack().ref("EventsTopic"))
                .validator(new EventValidator(EventTypeRegistry.fromClasspath()))
                .openTelemetry(producerTelemetry.openTelemetry())
                .build();
    }

    /** Starts the runner, publishes one event traced, waits until every consumer is done; returns its publish span. */
    private ReceivedSpan publishTracedAndDrain(LocalRunner runner, Event event) throws InterruptedException {
        runner.start();
        publisher(runner).publish(event);
        producerTelemetry.flush();
        assertThat(runner.awaitDrained(Duration.ofSeconds(30))).isTrue();
        return single(receiver.await(span -> span.kind() == SpanKind.SPAN_KIND_PRODUCER, 1, EXPORT_WAIT));
    }

    /** The span a message span links to: its batch. */
    private ReceivedSpan linkedFrom(ReceivedSpan message) {
        assertThat(message.links()).hasSize(1);
        return single(receiver.spans(span -> span.id().equals(message.links().getFirst())));
    }

    private ReceivedSpan parentOf(ReceivedSpan child) {
        return single(receiver.spans(span -> span.traceId().equals(child.traceId()) && span.spanId().equals(child.parentSpanId())));
    }

    private static ReceivedSpan single(List<ReceivedSpan> spans) {
        assertThat(spans).hasSize(1);
        return spans.getFirst();
    }
}
