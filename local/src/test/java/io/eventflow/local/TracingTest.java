package io.eventflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.eventflow.archive.ArchiveQuery;
import io.eventflow.emulator.AwsEmulator;
import io.eventflow.emulator.AwsEmulatorExtension;
import io.eventflow.emulator.LocalLambdaContext;
import io.eventflow.emulator.Poll;
import io.eventflow.emulator.SqsEventTranslator;
import io.eventflow.event.Event;
import io.eventflow.event.EventTypeRegistry;
import io.eventflow.event.EventValidator;
import io.eventflow.local.traces.OtlpReceiver;
import io.eventflow.local.traces.ReceivedSpan;
import io.eventflow.local.traces.ReceivedSpans;
import io.eventflow.publish.EventPublisher;
import io.eventflow.replay.ArchiveReplayer;
import io.eventflow.replay.ReplayJob;
import io.eventflow.replay.ReplayListener;
import io.eventflow.replay.ReplayMode;
import io.eventflow.replay.ReplaySpec;
import io.eventflow.telemetry.AwsSdkTracing;
import io.eventflow.telemetry.Telemetry;
import io.eventflow.telemetry.TracingSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
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
 * OTLP/HTTP to the runner's own receiver ({@link OtlpReceiver}, as {@code --traces} runs it), configured only by the
 * standard OTEL_* variables.
 */
@ExtendWith(AwsEmulatorExtension.class)
class TracingTest {

    private static final Duration EXPORT_WAIT = Duration.ofSeconds(15);

    private ReceivedSpans spans;
    private OtlpReceiver receiver;
    private Telemetry producerTelemetry;

    @BeforeEach
    void startReceiver() {
        spans = new ReceivedSpans();
        receiver = OtlpReceiver.builder().sink(spans).start();
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
            assertThat(string(publish, "messaging.system")).isEqualTo("aws_sns");
            assertThat(string(publish, "messaging.operation.type")).isEqualTo("send");
            assertThat(string(publish, "cloudevents.event_id")).isEqualTo(shipped.id());
            assertThat(string(publish, "cloudevents.event_type")).isEqualTo("order.shipped");
            assertThat(string(publish, "messaging.message.id")).isNotBlank();
            ReceivedSpan snsCall = single(spans.matching(span -> Objects.equals(span.parentSpanId(), publish.spanId())
                    && span.kind() == ReceivedSpan.Kind.CLIENT));
            assertThat(snsCall.kind()).isEqualTo(ReceivedSpan.Kind.CLIENT);
            assertThat(string(snsCall, "rpc.system")).isEqualTo("aws-api");
            assertThat(string(snsCall, "rpc.service")).isEqualTo("Sns");
            assertThat(string(snsCall, "rpc.method")).isEqualTo("Publish");
            assertThat(string(snsCall, "aws.request_id")).isNotBlank();

            // order.shipped reaches the notifier, analytics and the archiver; the ledger's filter keeps it out.
            for (String consumer : List.of("notifier", "analytics", "archiver")) {
                String function = runner.stack().stackName() + "-" + consumer;
                ReceivedSpan message = single(await(span -> span.service().equals(function)
                        && shipped.id().equals(string(span, "cloudevents.event_id")), 1, EXPORT_WAIT));
                assertThat(message.kind()).as(consumer).isEqualTo(ReceivedSpan.Kind.CONSUMER);
                assertThat(message.name()).isEqualTo("process " + function);
                assertThat(string(message, "messaging.system")).isEqualTo("aws_sqs");
                assertThat(string(message, "messaging.operation.type")).isEqualTo("process");
                assertThat(string(message, "messaging.destination.name")).isEqualTo(function);
                assertThat(string(message, "messaging.message.id")).isNotBlank();
                assertThat(string(message, "cloudevents.event_type")).isEqualTo("order.shipped");
                assertThat(string(message, "eventflow.consumer")).isEqualTo(consumer);
                assertThat(string(message, "eventflow.outcome")).isEqualTo("processed");
                assertThat(number(message, "eventflow.receive_count")).isEqualTo(1L);
                assertThat(message.traceId()).as("%s: the event's trace", consumer).isEqualTo(publish.traceId());
                assertThat(message.parentSpanId()).as("%s: a child of the publish", consumer).isEqualTo(publish.spanId());

                ReceivedSpan batch = linkedFrom(message);
                assertThat(batch.kind()).isEqualTo(ReceivedSpan.Kind.CONSUMER);
                assertThat(batch.name()).isEqualTo("process " + function);
                assertThat(number(batch, "messaging.batch.message_count")).isEqualTo(1L);
                assertThat(links(batch)).containsExactly(id(publish));

                ReceivedSpan invocation = parentOf(batch);
                assertThat(invocation.kind()).isEqualTo(ReceivedSpan.Kind.SERVER);
                assertThat(invocation.parentSpanId()).as("a root span").isNull();
                assertThat(string(invocation, "faas.trigger")).isEqualTo("pubsub");
                assertThat(string(invocation, "faas.invocation_id")).isNotBlank();
                assertThat(bool(invocation, "faas.coldstart")).isTrue();
                assertThat(string(invocation, "cloud.resource_id")).endsWith(":function:" + function);
                assertThat(invocation.resource().get("cloud.provider")).isEqualTo("aws");
                assertThat(invocation.resource().get("cloud.platform")).isEqualTo("aws_lambda");
                assertThat(invocation.resource().get("cloud.region")).isEqualTo(emulator.region());
                assertThat(invocation.resource().get("faas.name")).isEqualTo(function);

                assertThat(spans.matching(span -> Objects.equals(span.parentSpanId(), message.spanId())))
                        .as("%s: its AWS calls are children of the message span", consumer)
                        .isNotEmpty()
                        .allSatisfy(call -> {
                            assertThat(call.kind()).isEqualTo(ReceivedSpan.Kind.CLIENT);
                            assertThat(string(call, "rpc.system")).isEqualTo("aws-api");
                        })
                        .anySatisfy(call -> {
                            assertThat(string(call, "rpc.service")).isEqualTo("DynamoDb");
                            assertThat((List<Object>) call.attribute("aws.dynamodb.table_names").orElseThrow())
                                    .contains(runner.stack().ref("IdempotencyTable"));
                        });
            }
            assertThat(spans.matching(span -> span.service().equals(runner.stack().stackName() + "-ledger"))).isEmpty();
            assertThat(spans.matching(span -> span.service().startsWith(runner.stack().stackName() + "-notifier")
                    && "SesV2".equals(string(span, "rpc.service")))).singleElement()
                    .satisfies(send -> assertThat(string(send, "rpc.method")).isEqualTo("SendEmail"));
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
            List<ReceivedSpan> processed = await(span -> span.service().equals(analytics)
                    && shipped.id().equals(string(span, "cloudevents.event_id")), 2, EXPORT_WAIT);
            assertThat(processed).as("the first delivery and the replayed one, both under the publish")
                    .hasSize(2)
                    .allSatisfy(span -> {
                        assertThat(span.traceId()).isEqualTo(publish.traceId());
                        assertThat(span.parentSpanId()).isEqualTo(publish.spanId());
                        assertThat(string(span, "eventflow.outcome")).isEqualTo("processed");
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
            await(span -> span.service().equals(function) && signedUp.id().equals(string(span, "cloudevents.event_id")), 2, Duration.ofSeconds(30));
            ses.createEmailIdentity(request -> request.emailIdentity(sender));
            assertThat(runner.awaitDrained(Duration.ofSeconds(30))).isTrue();

            ReceivedSpan publish = single(await(span -> span.kind() == ReceivedSpan.Kind.PRODUCER, 1, EXPORT_WAIT));
            List<ReceivedSpan> attempts = new ArrayList<>(spans.matching(span -> span.service().equals(function)
                    && signedUp.id().equals(string(span, "cloudevents.event_id"))));
            attempts.sort(java.util.Comparator.comparing(span -> number(span, "eventflow.receive_count")));
            assertThat(attempts).hasSizeGreaterThanOrEqualTo(3);
            assertThat(attempts).extracting(span -> number(span, "eventflow.receive_count"))
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, attempts.size()).mapToObj(Long::valueOf).toList());
            assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.parentSpanId()).isEqualTo(publish.spanId()));
            assertThat(attempts).extracting(span -> string(span, "eventflow.outcome"))
                    .containsExactlyElementsOf(IntStream.range(0, attempts.size())
                            .mapToObj(i -> i < attempts.size() - 1 ? "retried" : "processed").toList());
            assertThat(attempts.subList(0, attempts.size() - 1)).allSatisfy(failed -> {
                assertThat(failed.status().code()).as("status ERROR").isEqualTo(ReceivedSpan.StatusCode.ERROR);
                assertThat(failed.events()).anySatisfy(event -> {
                    assertThat(event.name()).isEqualTo("exception");
                    assertThat(event.attributes()).hasEntrySatisfying("exception.message",
                            message -> assertThat((String) message).contains("not verified"));
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
                List<ReceivedSpan> invocation = spans.matching(span -> span.service().equals(function)
                        && context.getAwsRequestId().equals(string(span, "faas.invocation_id")));
                assertThat(invocation).as("invocation %d exported before it returned", i).hasSize(1);
                assertThat(response.getBatchItemFailures()).isEmpty();
                runner.clients().sqs().deleteMessage(request -> request.queueUrl(queue.queueUrl()).receiptHandle(messages.getFirst().receiptHandle()));
                invocationIds.add(context.getAwsRequestId());
            }

            List<ReceivedSpan> servers = spans.matching(span -> span.service().equals(function) && span.kind() == ReceivedSpan.Kind.SERVER);
            assertThat(servers).extracting(span -> string(span, "faas.invocation_id")).containsExactlyInAnyOrderElementsOf(invocationIds);
            assertThat(servers).filteredOn(span -> bool(span, "faas.coldstart")).hasSize(1);
            List<ReceivedSpan> batches = spans.matching(span -> span.service().equals(function)
                    && span.kind() == ReceivedSpan.Kind.CONSUMER && span.attribute("messaging.batch.message_count").isPresent());
            List<ReceivedSpan> messages = spans.matching(span -> span.service().equals(function)
                    && span.kind() == ReceivedSpan.Kind.CONSUMER && span.attribute("cloudevents.event_id").isPresent());
            assertThat(batches).hasSize(invocations);
            assertThat(messages).hasSize(invocations);
            assertThat(messages).extracting(span -> string(span, "cloudevents.event_id")).doesNotHaveDuplicates();
            assertThat(messages).allSatisfy(message -> assertThat(links(message)).hasSize(1));
            List<String> batchIds = batches.stream().map(TracingTest::id).toList();
            assertThat(messages).extracting(message -> links(message).getFirst()).containsExactlyInAnyOrderElementsOf(batchIds);
            List<String> serverIds = servers.stream().map(ReceivedSpan::spanId).toList();
            assertThat(batches).extracting(ReceivedSpan::parentSpanId).containsExactlyInAnyOrderElementsOf(serverIds);
        }
    }

    private static List<Message> receiveOne(LocalRunner runner, String queueUrl) {
        List<Message> messages = new ArrayList<>();
        // Each check is a one-second long poll: no pause between them.
        Poll.every(Duration.ZERO).forAtMost(Duration.ofSeconds(10)).until(() -> messages.addAll(runner.clients().sqs()
                .receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages()));
        if (messages.isEmpty()) {
            throw new AssertionError("no message in " + queueUrl);
        }
        return messages;
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
        return single(await(span -> span.kind() == ReceivedSpan.Kind.PRODUCER, 1, EXPORT_WAIT));
    }

    /** The span a message span links to: its batch. */
    private ReceivedSpan linkedFrom(ReceivedSpan message) {
        assertThat(links(message)).hasSize(1);
        return single(spans.matching(span -> id(span).equals(links(message).getFirst())));
    }

    private ReceivedSpan parentOf(ReceivedSpan child) {
        return single(spans.matching(span -> span.traceId().equals(child.traceId()) && span.spanId().equals(child.parentSpanId())));
    }

    private static ReceivedSpan single(List<ReceivedSpan> spans) {
        assertThat(spans).hasSize(1);
        return spans.getFirst();
    }

    /** Waits until the spans matching the filter are at least this many (exports are asynchronous outside handlers). */
    private List<ReceivedSpan> await(Predicate<ReceivedSpan> filter, int count, Duration timeout) {
        Poll.every(Duration.ofMillis(50)).forAtMost(timeout).until(() -> spans.matching(filter).size() >= count);
        return spans.matching(filter);
    }

    /** "traceId/spanId": how links name a span. */
    private static String id(ReceivedSpan span) {
        return span.traceId() + "/" + span.spanId();
    }

    private static List<String> links(ReceivedSpan span) {
        return span.links().stream().map(link -> link.traceId() + "/" + link.spanId()).toList();
    }

    private static String string(ReceivedSpan span, String key) {
        return (String) span.attribute(key).orElse(null);
    }

    private static Long number(ReceivedSpan span, String key) {
        return (Long) span.attribute(key).orElse(null);
    }

    private static Boolean bool(ReceivedSpan span, String key) {
        return (Boolean) span.attribute(key).orElse(null);
    }
}
